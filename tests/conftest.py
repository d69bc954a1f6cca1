"""Fixtures: the app on a migrated test database, each test isolated, and a
client whose every HTML page passes the same checks.

COPRODUCE_TEST_DATABASE_URL runs the suite on that database (PostgreSQL in
CI); otherwise a SQLite file in a temporary folder.
"""

from __future__ import annotations

import contextvars
import os
import re

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import delete, event, text
from werkzeug.security import generate_password_hash

from coproduce import create_app
from coproduce.accounts import models
from coproduce.areas import PRINCIPAL_AREAS, WALES
from coproduce.extensions import db, limiter
from tests.comments.factories import create_consultation, create_group, create_member
from tests.factories import PASSWORD
from tests.htmlcheck import check_page

SEEDED_AREAS = {WALES} | {code for code, _en, _cy in PRINCIPAL_AREAS}


def test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("COPRODUCE_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def make_app(database_url: str, instance_path: str, **overrides):
    config = {
        "TESTING": True,
        "COPRODUCE_ENV": "testing",
        "SECRET_KEY": "test-only-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    os.environ.setdefault("COPRODUCE_ENV", "testing")
    from coproduce.config import database_url as normalise

    config["SQLALCHEMY_DATABASE_URI"] = normalise(config["SQLALCHEMY_DATABASE_URI"], instance_path)
    app = create_app(config)
    app.instance_path = instance_path
    return app


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return test_database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory):
    return str(tmp_path_factory.mktemp("instance"))


@pytest.fixture(scope="session")
def app(database_url, instance_path):
    app = make_app(database_url, instance_path)
    app.test_client_class = CheckedClient
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            # Durability is pointless for a throwaway test database; fsyncs dominate the run time.
            @event.listens_for(db.engine, "connect")
            def fast_sqlite(connection, _record):
                connection.execute("PRAGMA synchronous=OFF")

            db.engine.dispose()
        upgrade()
        db.session.remove()
    return app


def clean_database() -> None:
    """Empty every table but the seeded areas, children first."""
    db.session.rollback()
    if db.session.get_bind().dialect.name == "postgresql":
        # The append-only trigger refuses DELETE on the audit trail; TRUNCATE fires no row triggers.
        db.session.execute(text("TRUNCATE audit_event"))
    for table in reversed(db.metadata.sorted_tables):
        if table.name == "audit_event" and db.session.get_bind().dialect.name == "postgresql":
            continue
        if table.name == "area":
            db.session.execute(delete(table).where(table.c.code.not_in(SEEDED_AREAS)))
        else:
            db.session.execute(delete(table))
    db.session.commit()


@pytest.fixture(autouse=True)
def app_ctx(request, app):
    """Each test runs in an app context on an empty database, and leaves it empty."""
    with app.app_context():
        yield
        db.session.remove()
        clean_database()
        db.session.remove()
    limiter.reset()  # counts from one test never spill into the next


class CheckedClient(FlaskClient):
    """Runs each request in its own context (its own db session and `g`, as in
    production) and checks every HTML page it gets."""

    check_html = True

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if db.session:  # the test's own session would otherwise hold stale rows
            db.session.expire_all()
        if self.check_html and response.mimetype == "text/html" and response.status_code != 302:
            check_page(response.get_data(as_text=True), str(args[0]) if args else "")
        return response

    def sign_in(self, email: str, password: str = PASSWORD):
        response = self.post("/sign-in", data={"email": email, "password": password})
        assert response.status_code == 302, "sign-in failed"
        return response

    def sign_out(self):
        return self.post("/sign-out")


@pytest.fixture
def client(app) -> CheckedClient:
    return app.test_client()


def text_of(response) -> str:
    """The visible text of a page, whitespace folded, for asserting what a person reads."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


def postgres_only():
    return pytest.mark.skipif(
        not os.environ.get("COPRODUCE_TEST_DATABASE_URL", "").startswith("postgres"),
        reason="PostgreSQL only",
    )


__all__ = ["text_of", "postgres_only", "text"]


# --- shared by several domains' tests -----------------------------------------------------------


@pytest.fixture
def quick_password_hashing(monkeypatch):
    """For tests that sign many people in; the real (deliberately slow) hash is tested with accounts."""
    monkeypatch.setattr(models, "generate_password_hash", lambda p: generate_password_hash(p, "pbkdf2:sha256:1"))


@pytest.fixture
def consultation():
    return create_consultation()


@pytest.fixture
def aisha():
    return create_member("Aisha Khan", create_group(), email="aisha@example.org")


@pytest.fixture
def megan():
    return create_member("Megan Hughes", create_group("Tŷ Cymunedol Development Trust"), email="megan@example.org")
