"""The migrations build the schema the models describe, from an empty database,
on SQLite and on PostgreSQL, and can be undone and redone."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, make_url, select, text

from coproduce.accounts.models import Area
from coproduce.config import database_url as normalise_url
from coproduce.extensions import db
from tests.conftest import SEEDED_AREAS, make_app


@contextmanager
def empty_database(tmp_path):
    """A brand-new database of the suite's kind, dropped afterwards."""
    url = os.environ.get("COPRODUCE_TEST_DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield "sqlite:///" + str(tmp_path / "fresh.sqlite")
        return
    server = make_url(normalise_url(url, str(tmp_path)))
    name = f"coproduce_migrations_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def fresh_app(tmp_path):
    """An app of its own on an empty database: no tables, not even alembic_version."""
    with empty_database(tmp_path) as url:
        app = make_app(url, str(tmp_path / "instance"))
        with app.app_context():
            assert inspect(db.engine).get_table_names() == []
            yield app
            db.session.remove()
            db.engine.dispose()


def schema_differences() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": conn.dialect.name == "sqlite"}
        )
        return compare_metadata(context, db.metadata)


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def current_revision() -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_there_is_exactly_one_head(app):
    assert len(script_directory().get_heads()) == 1


def test_upgrading_an_empty_database_gives_the_schema_of_the_models(fresh_app):
    upgrade()

    assert current_revision() == script_directory().get_current_head()
    assert schema_differences() == []
    assert set(db.session.scalars(select(Area.code))) == SEEDED_AREAS


def test_downgrade_to_base_and_upgrade_again(fresh_app):
    upgrade()
    downgrade(revision="base")

    assert current_revision() is None
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

    upgrade()
    assert schema_differences() == []
    assert len(set(db.session.scalars(select(Area.code)))) == len(SEEDED_AREAS)
