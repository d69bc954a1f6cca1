"""The Flask extensions, created once and bound to each app in init_app()."""

import flask_login
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase, Session
from werkzeug.middleware.proxy_fix import ProxyFix

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class LoginManager(flask_login.LoginManager):
    def _session_protection_failed(self) -> bool:
        # A session nobody is signed in to (a reader's language choice) has nothing to protect. Checking it
        # anyway, "strong" protection rewrote the cookie on every page, which also kept each page from the
        # page cache; an empty session is skipped the same way by Flask-Login itself.
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # commands; emails force their own locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.preferred_language:
        return current_user.preferred_language
    return request.accept_languages.best_match(languages) or "en"


def init_app(app: Flask) -> None:
    if app.config["COPRODUCE_PROXY_HOPS"]:
        hops = app.config["COPRODUCE_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", sqlite_settings)
    migrate.init_app(
        app, db, directory=str(app.root_path + "/../migrations"),
        render_as_batch=True, compare_type=True,
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    # One limiter object serves every app in the process; whether limits apply is
    # each app's own RATELIMIT_ENABLED, checked per request, not a switch shared by all.
    wanted = app.config.get("RATELIMIT_ENABLED", True)
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    app.config["RATELIMIT_ENABLED"] = wanted
    if not getattr(limiter, "_coproduce_filter", False):
        limiter.request_filter(lambda: not current_app.config.get("RATELIMIT_ENABLED", True))
        limiter._coproduce_filter = True
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"


def sqlite_settings(connection, _record) -> None:
    """SQLite for a site, not a script: readers never wait for a writer (WAL), a writer waits its turn
    for up to 30 s rather than failing at a deadline surge, and 32 MB of pages stay in memory."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # kept in the file; every commit still synced (synchronous=FULL)
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()


@event.listens_for(Session, "after_flush")
def remember_writes(session, flush_context) -> None:
    """Mark the session as having written, so the request knows to commit."""
    session.info["wrote"] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def forget_writes(session) -> None:
    session.info.pop("wrote", None)


@event.listens_for(Session, "do_orm_execute")
def remember_statement_writes(state) -> None:
    """update(), delete() and insert() statements write without a flush."""
    if state.is_update or state.is_delete or state.is_insert:
        state.session.info["wrote"] = True
