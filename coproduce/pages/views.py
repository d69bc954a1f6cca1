from flask import Blueprint, Response, redirect, render_template, request, session
from flask_login import current_user

from coproduce.accounts.views import safe_next
from coproduce.documents.queries import listed_documents
from coproduce.extensions import db
from coproduce.permissions import public

bp = Blueprint("pages", __name__)


@bp.route("/")
@public
def home():
    open_now = listed_documents(status="open")[:5]
    return render_template("pages/home.html", open_now=open_now)


@bp.route("/healthz")
@public
def healthz():
    """For a load balancer's health check and the benchmark's ceiling: the process answers; no database."""
    return Response("ok\n", mimetype="text/plain")


@bp.route("/accessibility")
@public
def accessibility():
    return render_template("pages/accessibility.html")


@bp.route("/privacy")
@public
def privacy():
    return render_template("pages/privacy.html")


@bp.route("/language/<code>")
@public
def language(code):
    """The language switch: a plain link, remembered in the session and the account."""
    if code in ("en", "cy"):
        session["lang"] = code
        if current_user.is_authenticated and current_user.preferred_language != code:
            current_user.preferred_language = code
            db.session.flush()
    return redirect(safe_next(request.args.get("next")))
