"""Repeated attempts at signing in, registering and resetting are slowed down."""

import pytest

from coproduce.extensions import limiter
from tests.accounts.helpers import page_title
from tests.conftest import CheckedClient, make_app, text_of
from tests.factories import PASSWORD, create_user


@pytest.fixture
def limited_app(app, database_url, instance_path):
    # The limiter is one object shared by every app in the process; put it back as it was.
    was_enabled = limiter.enabled
    limited = make_app(database_url, instance_path, RATELIMIT_ENABLED=True)
    limited.test_client_class = CheckedClient
    yield limited
    limiter.enabled = was_enabled


@pytest.fixture
def limited_client(limited_app):
    return limited_app.test_client()


def post_until_refused(client, url, data, most: int):
    """POST until the site says 429; return how many were allowed and the refusal."""
    for attempt in range(most + 1):
        response = client.post(url, data=data)
        if response.status_code == 429:
            return attempt, response
        assert response.status_code in (200, 302), response.status_code
    pytest.fail(f"{url} still answering after {most + 1} attempts")


def assert_too_many_attempts_page(response):
    assert response.status_code == 429
    assert page_title(response).startswith("Too many attempts")
    page = text_of(response)
    assert "You have tried this too many times in a short time" in page
    assert "Go to the home page" in page
    assert "dist/app.css" in response.get_data(as_text=True)  # the styled page, not a bare error


def test_guessing_passwords_is_stopped(limited_client):
    create_user(email="dafydd@penrhos-pantry.example")
    allowed, refused = post_until_refused(
        limited_client, "/sign-in", {"email": "dafydd@penrhos-pantry.example", "password": "guess number one"}, most=10,
    )
    assert allowed == 10
    assert_too_many_attempts_page(refused)
    assert "Retry-After" in refused.headers
    # Even the right password waits.
    assert limited_client.post("/sign-in", data={"email": "dafydd@penrhos-pantry.example",
                                          "password": PASSWORD}).status_code == 429
    # The page itself can still be read.
    assert limited_client.get("/sign-in").status_code == 200


def test_guessing_one_account_from_many_addresses_is_stopped(limited_client):
    create_user(email="dafydd@penrhos-pantry.example")
    data = {"email": "Dafydd@Penrhos-Pantry.example", "password": "guess number one"}
    for attempt in range(20):
        response = limited_client.post("/sign-in", data=data, environ_base={"REMOTE_ADDR": f"192.0.2.{attempt}"})
        assert response.status_code == 200
    refused = limited_client.post("/sign-in", data=data, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert_too_many_attempts_page(refused)
    # Someone else signing in from that address is not held up.
    create_user(email="megan@ty-cymunedol.example")
    other = limited_client.post("/sign-in", data={"email": "megan@ty-cymunedol.example", "password": PASSWORD},
                         environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 302


def test_registering_over_and_over_is_stopped(limited_client):
    allowed, refused = post_until_refused(
        limited_client, "/register", {"name": "Tom Baker", "email": "tom@afon.example", "password": "short"}, most=10,
    )
    assert allowed == 10
    assert_too_many_attempts_page(refused)


def test_asking_for_reset_links_over_and_over_is_stopped(limited_client):
    allowed, refused = post_until_refused(
        limited_client, "/password/forgot", {"email": "megan@ty-cymunedol.example"}, most=5,
    )
    assert allowed == 5
    assert_too_many_attempts_page(refused)


def test_resending_confirmation_over_and_over_is_stopped(limited_client):
    create_user(email="tom@afon.example", confirmed=False)
    limited_client.post("/sign-in", data={"email": "tom@afon.example", "password": PASSWORD})
    allowed, refused = post_until_refused(limited_client, "/confirm", {}, most=5)
    assert allowed == 5
    assert_too_many_attempts_page(refused)


def test_limits_are_off_when_disabled(client):
    for _ in range(15):
        assert client.post("/sign-in", data={"email": "nobody@example.org", "password": "guess"}).status_code == 200
