"""The error pages: an expired form, any HTTP error, and the server error, each in the reader's language."""

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from coproduce import transaction


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, server_error)


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


def http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    transaction.abandon()
    return render_template("errors/error.html", **error_text(error.code)), error.code


def server_error(error: Exception):
    transaction.abandon()
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
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
