"""Registration, email confirmation, sign-in and out, password reset, the account page."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from coproduce.accounts import services, tokens
from coproduce.accounts.forms import (
    AccountForm,
    ForgotPasswordForm,
    RegisterForm,
    ResendConfirmationForm,
    ResetPasswordForm,
    SignInForm,
)
from coproduce.errors import ServiceError
from coproduce.extensions import limiter
from coproduce.permissions import public, signed_in

bp = Blueprint("accounts", __name__)

SIGN_IN_LIMIT = "10 per minute;60 per hour"
REGISTER_LIMIT = "10 per hour"
RESET_LIMIT = "5 per 15 minutes"


def safe_next(target: str | None, default: str = "pages.home") -> str:
    """Only ever send people on to a page of this site."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            and not any(ord(c) < 32 for c in target)
        ):
            return target
    return url_for(default)


def submitted_email() -> str:
    return services.normalise_email(request.form.get("email", ""))[:254] or "none"


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(form.name.data, form.email.data, form.password.data,
                                          language=request.accept_languages.best_match(["en", "cy"]) or "en")
        except ServiceError as error:
            form.email.errors.append(str(error))
        else:
            login_user(user)
            return redirect(url_for("accounts.unconfirmed"))
    return render_template("accounts/register.html", form=form)


@bp.route("/confirm/<token>")
@public
def confirm_email(token):
    user = tokens.user_from_confirmation_token(token)
    if user is None:
        return render_template("accounts/confirm_failed.html"), 400
    services.confirm_email(user)
    flash(_("Your email address is confirmed."), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("accounts.account"))
    return redirect(url_for("accounts.sign_in"))


@bp.route("/confirm", methods=["GET", "POST"])
@signed_in
@limiter.limit(RESET_LIMIT, methods=["POST"])
def unconfirmed():
    if current_user.is_confirmed:
        return redirect(url_for("accounts.account"))
    form = ResendConfirmationForm()
    if form.validate_on_submit():
        services.send_confirmation(current_user)
        flash(_("We have sent a new link to %(email)s.", email=current_user.email), "success")
        return redirect(url_for("accounts.unconfirmed"))
    return render_template("accounts/unconfirmed.html", form=form)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"], key_func=submitted_email)
def sign_in():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user is not None and user.check_password(form.password.data):
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(_("The email address or password is not right"))
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@public
def sign_out():
    form = ResendConfirmationForm()  # any FlaskForm: we only need its CSRF check
    if form.validate_on_submit() and current_user.is_authenticated:
        logout_user()
        flash(_("You have signed out."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit(RESET_LIMIT, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit(RESET_LIMIT, methods=["POST"])
def reset_password(token):
    user = tokens.user_from_reset_token(token)
    if user is None:
        return render_template("accounts/reset_failed.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        logout_user()
        flash(_("Your password has been changed. Sign in with your new password."), "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@signed_in
def account():
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        services.update_account(
            current_user, name=form.name.data, preferred_language=form.preferred_language.data,
            listed_publicly=form.listed_publicly.data,
        )
        session["lang"] = form.preferred_language.data
        flash(_("Your account has been updated."), "success")
        return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form, memberships=current_user.memberships)
