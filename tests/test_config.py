"""Settings from the environment, with safe defaults."""

import re
import stat
from pathlib import Path

import pytest
from flask import Flask

from coproduce import create_app
from coproduce.config import database_url, instance_secret_key, load_config

CONFIG_ENV = ("COPRODUCE_ENV", "COPRODUCE_SECRET_KEY", "COPRODUCE_DATABASE_URL")


@pytest.fixture
def clean_env(monkeypatch):
    for name in CONFIG_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def configured(instance: Path, **overrides) -> Flask:
    """A bare Flask app whose settings come from load_config, with its instance folder at `instance`."""
    app = Flask("coproduce", instance_path=str(instance))
    load_config(app, overrides or None)
    return app


def site(database_url_: str, environment: str) -> Flask:
    return create_app({
        "COPRODUCE_ENV": environment,
        "SECRET_KEY": "config-test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url_,
        "RATELIMIT_ENABLED": False,  # the limiter is shared by every app in the process
    })


# --- the secret key -----------------------------------------------------------


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    key = instance_secret_key(str(tmp_path))
    path = tmp_path / "secret_key"
    assert path.read_text() == key
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert instance_secret_key(str(tmp_path)) == key


def test_each_installation_gets_its_own_secret_key(tmp_path):
    assert instance_secret_key(str(tmp_path / "one")) != instance_secret_key(str(tmp_path / "two"))


def test_without_a_configured_key_the_app_uses_the_generated_one(clean_env, tmp_path):
    first = configured(tmp_path)
    second = configured(tmp_path)
    assert first.config["SECRET_KEY"] == (tmp_path / "secret_key").read_text()
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    assert configured(tmp_path / "elsewhere").config["SECRET_KEY"] != first.config["SECRET_KEY"]


def test_a_configured_key_is_used_and_nothing_is_written(clean_env, tmp_path):
    clean_env.setenv("COPRODUCE_SECRET_KEY", "from-the-environment")
    assert configured(tmp_path).config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


# --- the database -----------------------------------------------------------


def test_default_database_is_sqlite_in_the_instance_folder(clean_env, tmp_path):
    assert configured(tmp_path).config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/coproduce.sqlite"


@pytest.mark.parametrize(("given", "used"), [
    ("postgres://ana:pw@db.example:5432/coproduce", "postgresql+psycopg://ana:pw@db.example:5432/coproduce"),
    ("postgresql://ana:pw@db.example/coproduce", "postgresql+psycopg://ana:pw@db.example/coproduce"),
    ("postgresql+psycopg://ana@db.example/coproduce", "postgresql+psycopg://ana@db.example/coproduce"),
    ("sqlite:////srv/coproduce/site.sqlite", "sqlite:////srv/coproduce/site.sqlite"),
])
def test_database_url_from_the_environment_uses_the_psycopg_driver(clean_env, tmp_path, given, used):
    clean_env.setenv("COPRODUCE_DATABASE_URL", given)
    assert configured(tmp_path).config["SQLALCHEMY_DATABASE_URI"] == used
    assert database_url(given, str(tmp_path)) == used


# --- environments and cookies -------------------------------------------------


def test_an_unknown_environment_is_refused(clean_env, tmp_path):
    clean_env.setenv("COPRODUCE_ENV", "staging")
    with pytest.raises(RuntimeError, match="COPRODUCE_ENV"):
        configured(tmp_path)


def test_production_is_the_default_environment(clean_env, tmp_path):
    config = configured(tmp_path).config
    assert config["COPRODUCE_ENV"] == "production"
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["PREFERRED_URL_SCHEME"] == "https"


def session_cookie_of(app: Flask) -> str:
    # Choosing a language is remembered in the session, so the response sets the cookie.
    response = app.test_client().get("/language/cy?next=/")
    [cookie] = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    return cookie


def test_production_session_cookie_is_secure_and_hidden_from_scripts(clean_env, database_url):
    app = site(database_url, "production")
    assert app.config["SESSION_COOKIE_SECURE"]
    cookie = session_cookie_of(app)
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    response = app.test_client().get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_development_session_cookie_works_over_plain_http(clean_env, database_url):
    app = site(database_url, "development")
    assert not app.config["SESSION_COOKIE_SECURE"]
    cookie = session_cookie_of(app)
    assert "Secure" not in cookie
    assert "HttpOnly" in cookie
    assert "Strict-Transport-Security" not in app.test_client().get("/").headers


def test_sqlite_lets_people_post_while_others_read(clean_env, tmp_path):
    """WAL: a page being read never holds up a comment being posted, nor the other way round; writers
    queue for up to 30 s rather than failing at a deadline surge."""
    from sqlalchemy import text

    from coproduce.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'site.sqlite'}", "SECRET_KEY": "k",
                      "COPRODUCE_ENV": "testing"})
    with app.app_context():
        writer, reader = db.engine.connect(), db.engine.connect()
        writer.execute(text("CREATE TABLE note (body TEXT)"))
        writer.commit()
        assert reader.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        reader.exec_driver_sql("BEGIN")  # a long page, mid-render
        assert reader.execute(text("SELECT count(*) FROM note")).scalar() == 0
        writer.execute(text("PRAGMA busy_timeout=100"))  # without WAL the commit below would wait, then fail
        writer.execute(text("INSERT INTO note VALUES ('posted')"))
        writer.commit()
        assert reader.execute(text("SELECT count(*) FROM note")).scalar() == 0  # its own consistent view
        reader.exec_driver_sql("COMMIT")
        assert reader.execute(text("SELECT body FROM note")).scalar() == "posted"
        writer.close(), reader.close()
        db.engine.dispose()


def test_a_serving_app_leaves_what_it_holds_for_life_out_of_garbage_collection(clean_env, database_url):
    import gc

    frozen = gc.get_freeze_count()
    try:
        site(database_url, "production")
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
