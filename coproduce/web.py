"""Wires the blueprints, templates, error pages and the per-request commit."""

import secrets

from flask import Flask, abort, g, render_template, request
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from coproduce import i18n, pagecache, permissions
from coproduce.documents.language import pick
from coproduce.extensions import db

UPLOAD_ENDPOINTS = {"signoff.verify"}


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.i18n")
    i18n.install(app.jinja_env)
    WTFormsHelpers(app)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.globals.update(
        current_locale=i18n.language,
        permissions=permissions,
        password_params=password_params,
        pagination=pagination,
        csrf_field=csrf_field,
        pick=pick,
        category_label=category_label,
        channel_label=channel_label,
        character_count_params=character_count_params,
    )

    app.url_map.converters["int"] = DatabaseIntegerConverter
    pagecache.init_app(app)
    from coproduce.accounts.organisation_views import bp as organisations_bp
    from coproduce.accounts.views import bp as accounts_bp
    from coproduce.admin.views import bp as admin_bp
    from coproduce.amendments.report_views import bp as reports_bp
    from coproduce.amendments.views import bp as amendments_bp
    from coproduce.comments.views import bp as comments_bp
    from coproduce.documents.draft_views import bp as drafts_bp
    from coproduce.documents.views import bp as documents_bp
    from coproduce.moderation.views import bp as moderation_bp
    from coproduce.notifications.views import bp as notifications_bp
    from coproduce.pages.views import bp as pages_bp
    from coproduce.signoff.views import bp as signoff_bp

    for blueprint in (pages_bp, accounts_bp, organisations_bp, admin_bp, documents_bp, drafts_bp, comments_bp,
                      notifications_bp, amendments_bp, reports_bp, signoff_bp, moderation_bp):
        app.register_blueprint(blueprint)

    @app.before_request
    def make_csp_nonce():
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.before_request
    def refuse_malformed_input():
        # Only /verify takes a file: one sent under a text field's name elsewhere would reach a form as an object.
        if request.method == "POST" and request.files and request.endpoint not in UPLOAD_ENDPOINTS:
            abort(400)
        # Nobody types a NUL, and PostgreSQL cannot store or even compare text holding one.
        values = [*(request.view_args or {}).values()]
        values += [v for _key, vs in request.args.lists() for v in vs]
        if request.method == "POST":
            values += [v for _key, vs in request.form.lists() for v in vs]
        if any(isinstance(v, str) and "\x00" in v for v in values):
            abort(400)

    @app.context_processor
    def layout_context():
        return {"csp_nonce": g.get("csp_nonce", ""), "current_user": current_user,
                "unread_notifications": unread_notifications}

    @app.after_request
    def finish_request(response):
        # The request commits once, at the end; anything short of success rolls back. A request
        # that wrote nothing does neither: the session is simply closed at teardown, which spares
        # expiring every object a long page loaded.
        if response.status_code >= 400:
            db.session.rollback()
        elif db.session.info.pop("wrote", False) or db.session.new or db.session.dirty or db.session.deleted:
            db.session.commit()
        nonce = g.get("csp_nonce", "")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return (
            render_template(
                "errors/error.html",
                code=400,
                title=_("Your form has expired"),
                message=_(
                    "For your security, the form could not be sent. "
                    "Go back, reload the page and send it again."
                ),
            ),
            400,
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        db.session.rollback()
        return render_template("errors/error.html", **error_text(error.code)), error.code

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_template("errors/error.html", **error_text(500)), 500


class DatabaseIntegerConverter(IntegerConverter):
    """<int:…> in a URL: a number too big for a database integer is simply not found, not a server error."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def error_text(code: int) -> dict:
    texts = {
        403: (_("You cannot see this page"), _("Your account does not give you access to this page. If you think it should, ask an admin of your organisation.")),
        404: (_("Page not found"), _("If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.")),
        405: (_("That action is not available here"), _("Go back to the page you came from and try again.")),
        413: (_("That is too large to send"), _("Make what you are sending smaller and try again.")),
        429: (_("Too many attempts"), _("You have tried this too many times in a short time. Wait a few minutes, then try again.")),
        500: (_("Sorry, there is a problem with the service"), _("Try again later. Nothing you sent was saved.")),
    }
    title, message = texts.get(code, (_("Something went wrong"), _("Go back and try again.")))
    return {"code": code, "title": title, "message": message}


def unread_notifications() -> int:
    """The header's unread count: one query, only for signed-in people, once per request."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        from coproduce.notifications.services import unread_count

        g.unread_notifications = unread_count(current_user)
    return g.unread_notifications


def category_label(code: str | None) -> str:
    """A moderation reason's category, in words."""
    from coproduce.moderation.models import CATEGORIES

    return str(CATEGORIES.get(code, "")) if code else ""


def channel_label(code: str | None) -> str:
    """How input reached a County Voluntary Council: on paper, by email, by phone."""
    from coproduce.moderation.models import CHANNELS

    return str(CHANNELS.get(code, "")) if code else ""


def csrf_field() -> Markup:
    """The CSRF token as a hidden input without an id, so several forms can share a page."""
    from flask_wtf.csrf import generate_csrf

    return Markup('<input type="hidden" name="csrf_token" value="%s">') % generate_csrf()


def pagination(page: int, pages: int, endpoint: str, **values) -> dict:
    """Parameters for the GOV.UK pagination component: plain links, no JavaScript."""
    from flask import url_for

    items: list[dict] = []
    for number in range(1, pages + 1):
        if number in (1, pages) or abs(number - page) <= 2:
            items.append({"number": number, "href": url_for(endpoint, page=number, **values), "current": number == page,
                          "visuallyHiddenText": _("Page %(number)s", number=number)})
        elif abs(number - page) == 3:
            items.append({"ellipsis": True})
    params = {"items": items, "landmarkLabel": _("Pages")}
    if page > 1:
        params["previous"] = {"href": url_for(endpoint, page=page - 1, **values), "text": _("Previous")}
    if page < pages:
        params["next"] = {"href": url_for(endpoint, page=page + 1, **values), "text": _("Next")}
    return params


def character_count_params(rows: int = 6, maxlength: int = 10_000) -> dict:
    """The GOV.UK character count's texts, in the reader's language."""
    return {
        "rows": rows,
        "maxlength": maxlength,
        "charactersUnderLimitText": {"other": _("You have %{count} characters remaining"),
                                     "one": _("You have %{count} character remaining")},
        "charactersAtLimitText": _("You have 0 characters remaining"),
        "charactersOverLimitText": {"other": _("You have %{count} characters too many"),
                                    "one": _("You have %{count} character too many")},
        "textareaDescriptionText": _("You can enter up to %{count} characters"),
    }


def password_params(autocomplete: str) -> dict:
    """The GOV.UK password input's texts, in the reader's language."""
    return {
        "autocomplete": autocomplete,
        "showPasswordText": _("Show"),
        "hidePasswordText": _("Hide"),
        "showPasswordAriaLabelText": _("Show password"),
        "hidePasswordAriaLabelText": _("Hide password"),
        "passwordShownAnnouncementText": _("Your password is visible"),
        "passwordHiddenAnnouncementText": _("Your password is hidden"),
    }
