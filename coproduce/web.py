"""Wires the blueprints, templates, error pages and the per-request commit."""

import secrets

from flask import Flask, g, render_template, request
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.exceptions import HTTPException

from coproduce import permissions
from coproduce.extensions import db


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
    WTFormsHelpers(app)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.globals.update(
        current_locale=lambda: str(get_locale() or "en"),
        permissions=permissions,
        password_params=password_params,
    )

    from coproduce.accounts.organisation_views import bp as organisations_bp
    from coproduce.accounts.views import bp as accounts_bp
    from coproduce.admin.views import bp as admin_bp
    from coproduce.pages.views import bp as pages_bp

    for blueprint in (pages_bp, accounts_bp, organisations_bp, admin_bp):
        app.register_blueprint(blueprint)

    @app.before_request
    def make_csp_nonce():
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.context_processor
    def layout_context():
        return {"csp_nonce": g.get("csp_nonce", ""), "current_user": current_user}

    @app.after_request
    def finish_request(response):
        # The request commits once, at the end; anything short of success rolls back.
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
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
