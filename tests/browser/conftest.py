"""A live server on the test database, Debian's Chromium, and pages that
record any script error or Content-Security-Policy refusal.

The live app is a second app on the same database as the session `app`, so the
autouse cleanup in tests/conftest.py empties it after each test. Unlike the
session app it checks CSRF tokens and applies rate limits, as in production.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import pytest
from werkzeug.security import generate_password_hash
from werkzeug.serving import WSGIRequestHandler, make_server

from coproduce.demo import load_demo
from coproduce.extensions import db, limiter
from tests.conftest import make_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LiveServer:
    url: str
    app: object


class QuietRequestHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-"):
        pass  # a line per request would bury a failing test's output


@pytest.fixture(scope="session")
def live_server(app, database_url, instance_path):
    """The site served over HTTP in a background thread; `app` has migrated the database."""
    live_app = make_app(database_url, instance_path, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True)
    server = make_server("127.0.0.1", 0, live_app, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=live_app)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def fresh_rate_limits(live_server):
    """Each test starts with no attempts counted against it."""
    with live_server.app.app_context():
        limiter.reset()


def quick_password_hash(password: str) -> str:
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


@pytest.fixture
def demo_world(app, live_server, monkeypatch):
    """The Glanmôr people and organisations of DOMAIN.md; links in their emails point at the live server."""
    # scrypt takes a fifth of a second per demo person; sign-in checks any method.
    monkeypatch.setattr("coproduce.accounts.models.generate_password_hash", quick_password_hash)
    with app.test_request_context(base_url=live_server.url):
        load_demo()
        db.session.commit()


@pytest.fixture(scope="session", autouse=True)
def chromium_installed():
    """Skip, before starting anything, where Debian's Chromium is missing: never download a browser."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}


@pytest.fixture
def open_page(new_context):
    """open_page(**context_args) -> a Page in a new browser context (its own cookies).

    The test fails if a page's script throws, the Content-Security-Policy
    refuses something, or a stylesheet, script or image fails to load."""
    problems: list[str] = []

    def console(page, message):
        # Chromium logs every 4xx page as "Failed to load resource"; on_response judges those.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"{page.url}: {message.text}")

    def on_response(page, response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{page.url}: {response.status} for {response.url}")

    def _open(**context_args):
        page = new_context(**context_args).new_page()
        page.on("console", lambda message: console(page, message))
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
        page.on("response", lambda response: on_response(page, response))
        return page

    yield _open
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


@pytest.fixture
def page(open_page):
    return open_page()
