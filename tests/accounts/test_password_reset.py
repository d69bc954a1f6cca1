"""Forgotten passwords: the emailed, time-limited, single-use reset link."""

import time

import pytest
from itsdangerous import TimestampSigner

from coproduce.accounts.models import User
from tests.accounts.helpers import emailed_link, error_summary, field_value
from tests.conftest import text_of
from tests.factories import PASSWORD, create_user, outbox_to, reload

MEGAN = "megan@ty-cymunedol.example"
NEW_PASSWORD = "bara brith on a wet tuesday"


@pytest.fixture
def megan():
    return create_user("Megan Hughes", email=MEGAN)


def ask_for_link(client, email=MEGAN):
    return client.post("/password/forgot", data={"email": email})


def choose(client, link, password=NEW_PASSWORD, again=None):
    return client.post(link, data={"password": password, "password_again": again or password})


def can_sign_in(client, password) -> bool:
    response = client.post("/sign-in", data={"email": MEGAN, "password": password})
    return response.status_code == 302


def test_forgotten_password_page_asks_for_the_email_address(client):
    response = client.get("/password/forgot")
    assert response.status_code == 200
    assert "Enter the email address you registered with" in text_of(response)


def test_sign_in_page_links_to_the_reset(client):
    assert 'href="/password/forgot"' in client.get("/sign-in").get_data(as_text=True)


def test_asking_emails_a_reset_link(client, megan):
    response = ask_for_link(client, "Megan@Ty-Cymunedol.example")
    assert response.status_code == 200
    assert "Check your email" in text_of(response)

    [email] = outbox_to(MEGAN)
    assert email.subject == "Reset your password"
    assert "works once, for one hour" in email.body_text
    assert emailed_link(MEGAN).startswith("/password/reset/")


def test_unknown_address_gets_the_same_page_and_no_email(client, megan):
    known = text_of(ask_for_link(client, MEGAN)).replace(MEGAN, "ADDRESS")
    unknown = text_of(ask_for_link(client, "nobody@ty-cymunedol.example")).replace("nobody@ty-cymunedol.example", "ADDRESS")
    assert unknown == known
    assert outbox_to("nobody@ty-cymunedol.example") == []


def test_malformed_address_is_explained_and_kept(client):
    response = ask_for_link(client, "megan at ty cymunedol")
    assert "Enter an email address in the correct format" in error_summary(response)
    assert field_value(response, "email") == "megan at ty cymunedol"


def test_the_link_sets_a_new_password(client, megan):
    ask_for_link(client)
    link = emailed_link(MEGAN)
    form = client.get(link)
    assert form.status_code == 200
    assert "Choose a new password" in text_of(form)

    response = choose(client, link)
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in"
    assert "Your password has been changed" in text_of(client.get("/sign-in"))
    assert not can_sign_in(client, PASSWORD)
    assert can_sign_in(client, NEW_PASSWORD)


@pytest.mark.parametrize(("password", "again", "message"), [
    ("tooshort", None, "Password must be at least 10 characters long"),
    ("password123", None, "That password is too common"),
    (NEW_PASSWORD, "bara brith on a dry tuesday", "The passwords do not match"),
], ids=["short", "common", "mismatch"])
def test_new_password_follows_the_same_rules(client, megan, password, again, message):
    ask_for_link(client)
    link = emailed_link(MEGAN)
    response = choose(client, link, password, again)
    assert response.status_code == 200
    assert message in error_summary(response)
    assert can_sign_in(client, PASSWORD)
    assert client.get(link).status_code == 200  # the link still works after a refused attempt


def test_the_link_works_only_once(client, megan):
    ask_for_link(client)
    link = emailed_link(MEGAN)
    choose(client, link)

    again = client.get(link)
    assert again.status_code == 400
    assert "This link does not work" in text_of(again)
    assert "Ask for a new link" in text_of(again)
    assert choose(client, link, "someone else's idea of a password").status_code == 400
    assert can_sign_in(client, NEW_PASSWORD)


def test_using_one_link_cancels_the_others(client, megan):
    ask_for_link(client)
    ask_for_link(client)
    first, second = emailed_link(MEGAN, 0), emailed_link(MEGAN, 1)
    choose(client, second)
    assert client.get(first).status_code == 400


def ask_for_link_at(client, monkeypatch, seconds_ago):
    with monkeypatch.context() as m:
        m.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - seconds_ago)
        ask_for_link(client)
    return emailed_link(MEGAN)


def test_link_expires_after_an_hour(client, megan, monkeypatch):
    link = ask_for_link_at(client, monkeypatch, 61 * 60)
    response = client.get(link)
    assert response.status_code == 400
    assert "This one has expired" in text_of(response)
    assert choose(client, link).status_code == 400
    assert can_sign_in(client, PASSWORD)


def test_link_still_works_within_the_hour(client, megan, monkeypatch):
    link = ask_for_link_at(client, monkeypatch, 59 * 60)
    assert choose(client, link).status_code == 302
    assert can_sign_in(client, NEW_PASSWORD)


def test_broken_link_gets_a_clear_page(client, megan):
    ask_for_link(client)
    response = client.get(emailed_link(MEGAN)[:-3])
    assert response.status_code == 400
    assert "This link does not work" in text_of(response)


def test_resetting_signs_out_every_other_session(client, app, megan):
    other_browser = app.test_client()
    other_browser.sign_in(MEGAN)
    assert other_browser.get("/account").status_code == 200
    old_session_token = megan.session_token

    ask_for_link(client)
    choose(client, emailed_link(MEGAN))

    assert reload(User, megan.id).session_token != old_session_token
    response = other_browser.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_resetting_while_signed_in_asks_to_sign_in_again(client, megan):
    client.sign_in(MEGAN)
    ask_for_link(client)
    choose(client, emailed_link(MEGAN))
    assert client.get("/account").status_code == 302


def test_resetting_confirms_the_email_address(client):
    user = create_user("Tom Baker", email=MEGAN, confirmed=False)
    ask_for_link(client)
    choose(client, emailed_link(MEGAN))
    assert reload(User, user.id).is_confirmed
