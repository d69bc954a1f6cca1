"""The Jinja environment: template loaders, the i18n extension, filters, and the helpers every page can call."""

from flask import Flask, g, url_for
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup

from coproduce import i18n, permissions
from coproduce.documents.language import pick
from coproduce.moderation.models import CATEGORIES, CHANNELS
from coproduce.notifications.services import unread_count


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
    app.context_processor(layout_context)


def layout_context() -> dict:
    return {"csp_nonce": g.get("csp_nonce", ""), "current_user": current_user,
            "unread_notifications": unread_notifications}


def unread_notifications() -> int:
    """The header's unread count: one query, only for signed-in people, once per request."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(current_user)
    return g.unread_notifications


def category_label(code: str | None) -> str:
    """A moderation reason's category, in words."""
    return str(CATEGORIES.get(code, "")) if code else ""


def channel_label(code: str | None) -> str:
    """How input reached a County Voluntary Council: on paper, by email, by phone."""
    return str(CHANNELS.get(code, "")) if code else ""


def csrf_field() -> Markup:
    """The CSRF token as a hidden input without an id, so several forms can share a page."""
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % generate_csrf()


def pagination(page: int, pages: int, endpoint: str, **values) -> dict:
    """Parameters for the GOV.UK pagination component: plain links, no JavaScript."""
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
