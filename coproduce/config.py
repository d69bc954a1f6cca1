"""Settings from environment variables, with safe defaults.

With nothing set, the site runs on SQLite at instance/coproduce.sqlite and a
secret key generated once into instance/secret_key.
"""

import os
import secrets
from pathlib import Path

from flask import Flask

ENVIRONMENTS = ("production", "development", "testing")


def database_url(raw: str | None, instance_path: str) -> str:
    if not raw:
        return "sqlite:///" + str(Path(instance_path) / "coproduce.sqlite")
    # psycopg 3 is the PostgreSQL driver we ship; plain URLs would ask for psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def instance_secret_key(instance_path: str) -> str:
    """Read the key generated on first run, creating it (mode 0600) if absent."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_hex(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process won the race; use its key
            return path.read_text().strip()
        with os.fdopen(fd, "w") as f:
            f.write(key)
        return key


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def load_config(app: Flask, overrides: dict | None = None) -> None:
    env = os.environ
    environment = (overrides or {}).get("COPRODUCE_ENV") or env.get("COPRODUCE_ENV", "production")
    if environment not in ENVIRONMENTS:
        raise RuntimeError(f"COPRODUCE_ENV must be one of {', '.join(ENVIRONMENTS)}")
    secure = environment == "production"
    redis_url = env.get("COPRODUCE_REDIS_URL")
    app.config.update(
        COPRODUCE_ENV=environment,
        SQLALCHEMY_DATABASE_URI=database_url(env.get("COPRODUCE_DATABASE_URL"), app.instance_path),
        SECRET_KEY=env.get("COPRODUCE_SECRET_KEY") or None,
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PREFERRED_URL_SCHEME="https" if secure else "http",
        # Behind a proxy: how many X-Forwarded-* hops to trust (0 = none).
        COPRODUCE_PROXY_HOPS=int(env.get("COPRODUCE_PROXY_HOPS", "0")),
        COPRODUCE_BASE_URL=env.get("COPRODUCE_BASE_URL", "http://127.0.0.1:5000"),
        MAIL_SERVER=env.get("COPRODUCE_MAIL_SERVER"),
        MAIL_PORT=int(env.get("COPRODUCE_MAIL_PORT", "25")),
        MAIL_USERNAME=env.get("COPRODUCE_MAIL_USERNAME"),
        MAIL_PASSWORD=env.get("COPRODUCE_MAIL_PASSWORD"),
        MAIL_USE_TLS=env_flag("COPRODUCE_MAIL_USE_TLS"),
        MAIL_USE_SSL=env_flag("COPRODUCE_MAIL_USE_SSL"),
        MAIL_FROM=env.get("COPRODUCE_MAIL_FROM", "Co-produce <no-reply@coproduce.localhost>"),
        RATELIMIT_STORAGE_URI=redis_url or "memory://",
        RATELIMIT_ENABLED=True,
        RATELIMIT_HEADERS_ENABLED=True,
        BABEL_DEFAULT_LOCALE="en",
        BABEL_DEFAULT_TIMEZONE="Europe/London",
        LANGUAGES=("en", "cy"),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session: no lost text after a long draft
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        # A pasted document may run to 500,000 characters (Welsh letters take two bytes each).
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=4 * 1024 * 1024,
        CONFIRM_TOKEN_MAX_AGE=7 * 24 * 3600,
        RESET_TOKEN_MAX_AGE=3600,
        # Pages kept in memory for people who are not signed in (coproduce/pagecache.py), per worker
        # process; 0 turns it off. Tests turn it on where they test it: their factories write no audit rows.
        PAGE_CACHE_BYTES=int(env.get("COPRODUCE_PAGE_CACHE_MB", "0" if environment == "testing" else "64"))
        * 1024 * 1024,
        PAGE_CACHE_SECONDS=int(env.get("COPRODUCE_PAGE_CACHE_SECONDS", "60")),
    )
    if overrides:
        app.config.update(overrides)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
