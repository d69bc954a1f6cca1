"""What people see when something goes wrong, and the headers every page carries."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from coproduce.accounts.models import Organisation, User
from coproduce.extensions import db
from tests.conftest import CheckedClient, make_app, text_of
from tests.factories import PASSWORD, create_organisation, create_user


def looks_like_a_page_of_the_service(response):
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one("header .app-header__service-name").get_text(strip=True) == "Co-produce"
    assert soup.select_one("footer") is not None
    assert soup.find("a", href="/", string="Go to the home page") is not None
    return soup


# --- error pages --------------------------------------------------------------------


def test_a_forbidden_page_is_explained(client):
    create_user(email="tom@example.org")
    client.sign_in("tom@example.org")

    response = client.get("/admin/")

    assert response.status_code == 403
    soup = looks_like_a_page_of_the_service(response)
    assert soup.h1.get_text(strip=True) == "You cannot see this page"
    assert "ask an admin of your organisation" in text_of(response)
    assert soup.title.get_text().startswith("You cannot see this page")


def test_a_missing_page_is_explained(client):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    soup = looks_like_a_page_of_the_service(response)
    assert soup.h1.get_text(strip=True) == "Page not found"
    assert "check it is correct" in text_of(response)


def test_a_wrong_method_is_explained(client):
    response = client.get("/sign-out")

    assert response.status_code == 405
    assert "That action is not available here" in text_of(response)


def test_a_form_too_large_to_send_is_explained(client):
    # Beyond the 8 MB a request may carry (a whole pasted document fits well within it).
    response = client.post("/sign-in", data={"email": "x" * 9_000_000}, content_type="multipart/form-data")

    assert response.status_code == 413
    assert "That is too large to send" in text_of(response)


def test_text_holding_a_nul_character_is_refused_and_saves_nothing(client):
    create_user(email="tom@example.org")
    client.sign_in("tom@example.org")

    response = client.post("/organisations/new", data={"name": "Afon\x00Mutual Aid", "area_code": "cardiff"})

    assert response.status_code == 400
    looks_like_a_page_of_the_service(response)
    assert db.session.scalars(select(Organisation)).all() == []


@pytest.fixture
def failing_app(app, database_url, instance_path):
    """An app with one extra route that saves something, then fails."""
    failing = make_app(database_url, instance_path)
    failing.test_client_class = CheckedClient

    def explode():
        db.session.add(Organisation(name="Half Saved", slug="half-saved", kind="community", area_code="cardiff"))
        db.session.flush()
        raise RuntimeError("the service broke")

    explode.access_rule = "public"
    failing.add_url_rule("/explode", view_func=explode)
    return failing


def test_a_server_error_is_apologised_for_and_nothing_is_saved(failing_app):
    response = failing_app.test_client().get("/explode")

    assert response.status_code == 500
    soup = looks_like_a_page_of_the_service(response)
    assert soup.h1.get_text(strip=True) == "Sorry, there is a problem with the service"
    assert "Try again later. Nothing you sent was saved." in text_of(response)
    assert "RuntimeError" not in response.get_data(as_text=True)
    assert db.session.scalar(select(Organisation).where(Organisation.slug == "half-saved")) is None


# --- forms need their CSRF token --------------------------------------------------------


@pytest.fixture
def csrf_client(app, database_url, instance_path):
    csrf_app = make_app(database_url, instance_path, WTF_CSRF_ENABLED=True)
    csrf_app.test_client_class = CheckedClient
    return csrf_app.test_client()


def csrf_token_on(client, path):
    soup = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    return soup.find("input", attrs={"name": "csrf_token"})["value"]


def sign_in_with_token(client, email):
    token = csrf_token_on(client, "/sign-in")
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def assert_form_expired_page(response):
    assert response.status_code == 400
    looks_like_a_page_of_the_service(response)
    text = text_of(response)
    assert "Your form has expired" in text
    assert "Go back, reload the page and send it again." in text


def test_registering_without_the_form_token_is_refused_and_creates_no_account(csrf_client):
    response = csrf_client.post("/register", data={
        "name": "Tom Baker", "email": "tom@example.org", "password": PASSWORD, "password_again": PASSWORD,
    })

    assert_form_expired_page(response)
    assert db.session.scalar(select(User).where(User.email == "tom@example.org")) is None


def test_a_signed_in_form_without_its_token_is_refused_and_changes_nothing(csrf_client):
    create_user(email="tom@example.org")
    sign_in_with_token(csrf_client, "tom@example.org")

    response = csrf_client.post("/organisations/new", data={"name": "Afon Mutual Aid", "area_code": "cardiff"})
    assert_form_expired_page(response)
    assert db.session.scalars(select(Organisation)).all() == []

    response = csrf_client.post("/organisations/new", data={
        "name": "Afon Mutual Aid", "area_code": "cardiff", "csrf_token": "forged-token",
    })
    assert_form_expired_page(response)
    assert db.session.scalars(select(Organisation)).all() == []


def test_the_same_form_with_its_token_goes_through(csrf_client):
    create_user(email="tom@example.org")
    sign_in_with_token(csrf_client, "tom@example.org")
    token = csrf_token_on(csrf_client, "/organisations/new")

    response = csrf_client.post("/organisations/new", data={
        "name": "Afon Mutual Aid", "area_code": "cardiff", "csrf_token": token,
    })

    assert response.status_code == 302
    assert len(db.session.scalars(select(Organisation)).all()) == 1


def test_a_one_button_action_without_its_token_is_refused(csrf_client):
    group = create_organisation("Afon Mutual Aid", verified=False)
    create_user(email="admin@example.org", site_admin=True)
    sign_in_with_token(csrf_client, "admin@example.org")

    response = csrf_client.post(f"/organisations/{group.slug}/verify")

    assert_form_expired_page(response)
    db.session.expire_all()
    assert db.session.get(Organisation, group.id).verified_at is None


# --- headers ------------------------------------------------------------------------------


def nonce_in_policy(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    match = re.search(r"'nonce-([^']+)'", script_src)
    assert match, policy
    return match.group(1)


@pytest.mark.parametrize("path", ["/", "/organisations/", "/no-such-page"])
def test_every_inline_script_carries_the_policys_nonce(client, path):
    response = client.get(path)

    nonce = nonce_in_policy(response)
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    inline = [s for s in soup.find_all("script") if not s.get("src")]
    assert inline, "the page has its inline script (the js-enabled class)"
    assert all(s.get("nonce") == nonce for s in inline)


def test_the_nonce_is_new_for_every_response(client):
    assert nonce_in_policy(client.get("/")) != nonce_in_policy(client.get("/"))


def test_security_headers_are_present(client):
    for response in (client.get("/"), client.get("/no-such-page")):
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
