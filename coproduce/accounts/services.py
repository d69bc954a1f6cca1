"""Verbs on accounts: registering, confirming, passwords, the account page.

Each validates its rule, changes state, records the audit event and queues
any email, then flushes; the request commits once at the end.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from coproduce.accounts import tokens
from coproduce.accounts.models import User
from coproduce.audit.trail import record_event
from coproduce.columns import utcnow
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.notifications.outbox import queue_email


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def register_user(name: str, email: str, password: str, language: str = "en") -> User:
    if find_user_by_email(email):
        raise ServiceError(_l("An account already exists for this email address. Sign in or reset your password."))
    user = User(name=name.strip(), email=normalise_email(email), preferred_language=language)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_event("user.registered", user, actor=user)
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    link = url_for("accounts.confirm_email", token=tokens.confirmation_token(user), _external=True)
    queue_email(user, _l("Confirm your email address"), "confirm_email", link=link)


def confirm_email(user: User) -> None:
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        record_event("user.email_confirmed", user, actor=user)
    db.session.flush()


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists; say nothing either way (no account probing)."""
    user = find_user_by_email(email)
    if user is None:
        return
    link = url_for("accounts.reset_password", token=tokens.reset_token(user), _external=True)
    queue_email(user, _l("Reset your password"), "reset_password", link=link)


def reset_password(user: User, password: str) -> None:
    user.set_password(password)  # also rotates the session token: other sessions end
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # the link proves they read this mailbox
    record_event("user.password_reset", user, actor=user)
    db.session.flush()


def update_account(user: User, *, name: str, preferred_language: str, listed_publicly: bool) -> None:
    user.name = name.strip()
    user.preferred_language = preferred_language
    user.listed_publicly = listed_publicly
    record_event("user.updated", user, actor=user, listed_publicly=listed_publicly)
    db.session.flush()
