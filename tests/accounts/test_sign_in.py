"""Signing in and out, and where people are sent afterwards."""

import pytest

from tests.accounts.helpers import error_summary, field_value, page_title
from tests.conftest import CheckedClient, make_app, text_of
from tests.factories import PASSWORD, create_user

DAFYDD = "dafydd@penrhos-pantry.example"


@pytest.fixture
def dafydd():
    return create_user("Dafydd Price", email=DAFYDD)


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_signing_in_takes_you_home_signed_in(client, dafydd):
    response = client.post("/sign-in", data={"email": DAFYDD, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

    home = text_of(client.get("/"))
    assert "Your account" in home
    assert "Sign out" in home
    assert "Signed in as dafydd@penrhos-pantry.example" in text_of(client.get("/account"))


def test_email_case_does_not_matter(client, dafydd):
    response = client.post("/sign-in", data={"email": "Dafydd@Penrhos-Pantry.EXAMPLE", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize(("email", "password"), [(DAFYDD, "not the right password"),
                                                  ("nobody@penrhos-pantry.example", PASSWORD),
                                                  (DAFYDD, PASSWORD.upper())],
                         ids=["wrong-password", "unknown-email", "wrong-case-password"])
def test_wrong_details_get_one_message_that_does_not_say_which(client, dafydd, email, password):
    response = client.post("/sign-in", data={"email": email, "password": password})

    assert response.status_code == 200
    summary = error_summary(response)
    assert summary == "There is a problem The email address or password is not right"
    assert page_title(response).startswith("Error:")
    assert field_value(response, "email") == email
    assert field_value(response, "password") is None
    assert not signed_in(client)


def test_empty_sign_in_form_asks_for_both(client):
    response = client.post("/sign-in", data={})
    summary = error_summary(response)
    assert "Enter your email address" in summary
    assert "Enter your password" in summary


def test_unconfirmed_people_can_sign_in_and_are_reminded_to_confirm(client):
    create_user("Tom Baker", email="tom@afon.example", confirmed=False)
    client.sign_in("tom@afon.example")
    account = client.get("/account")
    assert account.status_code == 200
    assert "Confirm your email address" in text_of(account)


def test_signing_out_ends_the_session(client, dafydd):
    client.sign_in(DAFYDD)
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = text_of(client.get("/"))
    assert "You have signed out." in home
    assert "Sign in" in home
    assert not signed_in(client)


def test_sign_out_is_post_only(client, dafydd):
    client.sign_in(DAFYDD)
    response = client.get("/sign-out")
    assert response.status_code == 405
    assert "That action is not available here" in text_of(response)
    assert signed_in(client)


def test_sign_out_form_posted_from_another_site_does_not_sign_out(app, database_url, instance_path, dafydd):
    guarded = make_app(database_url, instance_path, WTF_CSRF_ENABLED=True)
    guarded.test_client_class = CheckedClient
    browser = guarded.test_client()
    form = browser.get("/sign-in")
    response = browser.post("/sign-in", data={"email": DAFYDD, "password": PASSWORD,
                                              "csrf_token": field_value(form, "csrf_token")})
    assert response.status_code == 302

    forged = browser.post("/sign-out")
    assert forged.status_code == 400
    assert "Your form has expired" in text_of(forged)
    assert browser.get("/account").status_code == 200

    home = browser.get("/")
    assert browser.post("/sign-out", data={"csrf_token": field_value(home, "csrf_token")}).status_code == 302
    assert browser.get("/account").status_code == 302


def test_signed_in_people_visiting_sign_in_go_home(client, dafydd):
    client.sign_in(DAFYDD)
    response = client.get("/sign-in")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_page_that_needs_signing_in_brings_you_back_after(client, dafydd):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/account"

    response = client.post("/sign-in?next=/account", data={"email": DAFYDD, "password": PASSWORD})
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize("next_page", ["/account", "/organisations/?kind=cvc"])
def test_next_page_on_this_site_is_honoured(client, dafydd, next_page):
    response = client.post("/sign-in", query_string={"next": next_page},
                           data={"email": DAFYDD, "password": PASSWORD})
    assert response.headers["Location"] == next_page


@pytest.mark.parametrize("next_page", [
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http:/evil.example",
    "/\tevil.example",
    "account",
])
def test_next_page_elsewhere_is_ignored(client, dafydd, next_page):
    response = client.post("/sign-in", query_string={"next": next_page},
                           data={"email": DAFYDD, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert signed_in(client)


def test_next_page_elsewhere_is_ignored_when_already_signed_in(client, dafydd):
    client.sign_in(DAFYDD)
    response = client.get("/sign-in", query_string={"next": "//evil.example"})
    assert response.headers["Location"] == "/"
