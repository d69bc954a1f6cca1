"""Signed, time-limited tokens for email confirmation and password reset."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from coproduce.accounts.models import User
from coproduce.extensions import db


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"coproduce-{purpose}")


def confirmation_token(user: User) -> str:
    return _serializer("confirm").dumps({"id": user.id, "email": user.email})


def user_from_confirmation_token(token: str) -> User | None:
    try:
        data = _serializer("confirm").loads(token, max_age=current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    except BadSignature:
        return None
    user = db.session.get(User, data.get("id"))
    # A token for an address the person has since changed is no good.
    return user if user and user.email == data.get("email") else None


def reset_token(user: User) -> str:
    # Binding the token to the current hash makes it single-use: resetting changes the hash.
    return _serializer("reset").dumps({"id": user.id, "pw": user.password_hash[-16:]})


def user_from_reset_token(token: str) -> User | None:
    try:
        data = _serializer("reset").loads(token, max_age=current_app.config["RESET_TOKEN_MAX_AGE"])
    except BadSignature:  # SignatureExpired is a BadSignature
        return None
    user = db.session.get(User, data.get("id"))
    return user if user and user.password_hash[-16:] == data.get("pw") else None
