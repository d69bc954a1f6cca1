"""Security on every request: a CSP nonce, refusing malformed input, and the security headers."""

import secrets

from flask import Flask, abort, current_app, g, request

UPLOAD_ENDPOINTS = {"signoff.verify"}


def init_app(app: Flask) -> None:
    app.before_request(make_csp_nonce)
    app.before_request(refuse_malformed_input)
    app.after_request(security_headers)


def make_csp_nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(16)


def refuse_malformed_input() -> None:
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


def security_headers(response):
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
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
