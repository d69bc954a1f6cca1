"""Creating an account and confirming the email address."""

import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from coproduce.accounts import tokens
from coproduce.accounts.models import User
from coproduce.extensions import db
from tests.accounts.helpers import emailed_link, error_links, error_summary, field_value, page_title
from tests.conftest import text_of
from tests.factories import PASSWORD, create_user, outbox_to, reload

AISHA = {"name": "Aisha Khan", "email": "aisha@penrhos-pantry.example", "password": PASSWORD,
         "password_again": PASSWORD}


def register(client, **changes):
    return client.post("/register", data={**AISHA, **changes})


def users_with_email(address: str) -> int:
    return db.session.scalar(select(func.count(User.id)).where(func.lower(User.email) == address.lower()))


# --- creating an account ---------------------------------------------------


def test_register_page_asks_for_name_email_and_password(client):
    response = client.get("/register")
    assert response.status_code == 200
    page = text_of(response)
    for label in ("Full name", "Email address", "Password", "Confirm password", "Create account"):
        assert label in page


def test_registering_queues_a_confirmation_email_and_signs_the_person_in(client):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/confirm"

    [email] = outbox_to("aisha@penrhos-pantry.example")
    assert email.subject == "Confirm your email address"
    assert "Hello Aisha Khan" in email.body_text
    assert emailed_link("aisha@penrhos-pantry.example").startswith("/confirm/")

    waiting = client.get("/confirm")
    assert waiting.status_code == 200
    assert "We have sent a link to aisha@penrhos-pantry.example" in text_of(waiting)
    account = client.get("/account")
    assert account.status_code == 200
    assert "Signed in as aisha@penrhos-pantry.example" in text_of(account)


def test_email_address_is_stored_in_lower_case(client):
    register(client, email="Aisha@Penrhos-Pantry.EXAMPLE")
    user = db.session.scalar(select(User).where(User.name == "Aisha Khan"))
    assert user.email == "aisha@penrhos-pantry.example"
    assert user.check_password(PASSWORD)
    assert not user.is_confirmed


def test_welsh_readers_get_their_confirmation_email_in_welsh(client):
    client.post("/register", data=AISHA, headers={"Accept-Language": "cy"})
    user = db.session.scalar(select(User).where(User.email == AISHA["email"]))
    assert user.preferred_language == "cy"
    assert outbox_to(AISHA["email"])[0].language == "cy"


def test_signed_in_people_are_sent_to_their_account_from_register(client):
    create_user(email="megan@ty-cymunedol.example")
    client.sign_in("megan@ty-cymunedol.example")
    response = client.get("/register")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "short", "password_again": "short"}, "Password must be at least 10 characters long"),
        ({"password": "password123", "password_again": "password123"}, "That password is too common"),
        ({"password": "qwertyuiop", "password_again": "qwertyuiop"}, "That password is too common"),
        ({"password": "aaaaaaaaaaaa", "password_again": "aaaaaaaaaaaa"}, "That password is too easy to guess"),
        ({"password": "aisha@penrhos-pantry.example", "password_again": "aisha@penrhos-pantry.example"},
         "Your password must not be your name or email address"),
        ({"password_again": "correct horse battery stable"}, "The passwords do not match"),
        ({"email": "aisha at penrhos"}, "Enter an email address in the correct format"),
        ({"name": ""}, "Enter your full name"),
        ({"name": "A" * 121}, "Name must be 120 characters or fewer"),
    ],
    ids=["too-short", "common", "keyboard-row", "one-letter", "same-as-email", "mismatch", "bad-email",
         "no-name", "long-name"],
)
def test_refused_registration_explains_why_and_keeps_what_was_typed(client, changes, message):
    typed = {**AISHA, **changes}
    response = register(client, **changes)

    assert response.status_code == 200
    summary = error_summary(response)
    assert summary.startswith("There is a problem")
    assert message in summary
    assert page_title(response).startswith("Error:")
    assert field_value(response, "name") == typed["name"]
    assert field_value(response, "email") == typed["email"]
    # Passwords are never sent back in the page.
    assert field_value(response, "password") is None
    assert users_with_email(typed["email"]) == 0
    assert outbox_to(typed["email"]) == []


def test_empty_form_lists_every_missing_answer(client):
    response = client.post("/register", data={})
    summary = error_summary(response)
    for message in ("Enter your full name", "Enter your email address", "Enter a password", "Confirm your password"):
        assert message in summary


def test_error_summary_links_to_the_field_with_the_problem(client):
    response = register(client, password="short", password_again="short")
    assert error_links(response) == ["#password"]


def test_an_email_address_registers_once_whatever_its_case(client):
    create_user("Aisha Khan", email="aisha@penrhos-pantry.example")

    response = register(client, name="Aisha K", email="AISHA@Penrhos-Pantry.example")

    assert response.status_code == 200
    assert "An account already exists for this email address" in error_summary(response)
    assert field_value(response, "name") == "Aisha K"
    assert field_value(response, "email") == "AISHA@Penrhos-Pantry.example"
    assert users_with_email("aisha@penrhos-pantry.example") == 1
    assert outbox_to("aisha@penrhos-pantry.example") == []
    assert client.get("/account").status_code == 302  # not signed in


# --- confirming the email address -------------------------------------------


def test_emailed_link_confirms_the_address(client):
    register(client)
    response = client.get(emailed_link(AISHA["email"]))
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"

    account = client.get("/account")
    assert "Your email address is confirmed." in text_of(account)
    assert "Confirm your email address" not in text_of(account)
    user = db.session.scalar(select(User).where(User.email == AISHA["email"]))
    assert user.is_confirmed
    assert client.get("/confirm").headers["Location"] == "/account"


def test_link_opened_in_another_browser_confirms_and_asks_to_sign_in(client, app):
    register(client)
    other_browser = app.test_client()
    response = other_browser.get(emailed_link(AISHA["email"]))
    assert response.headers["Location"] == "/sign-in"
    assert "Your email address is confirmed." in text_of(other_browser.get("/sign-in"))
    assert db.session.scalar(select(User).where(User.email == AISHA["email"])).is_confirmed


def test_opening_the_link_twice_does_no_harm(client):
    register(client)
    link = emailed_link(AISHA["email"])
    client.get(link)
    confirmed_at = db.session.scalar(select(User.email_confirmed_at).where(User.email == AISHA["email"]))
    assert client.get(link).status_code == 302
    assert db.session.scalar(select(User.email_confirmed_at).where(User.email == AISHA["email"])) == confirmed_at


@pytest.mark.parametrize("mangle", [lambda t: t[:-4], lambda t: t + "x", lambda t: "not-a-token"],
                         ids=["cut-short", "extra", "nonsense"])
def test_broken_confirmation_link_gets_a_clear_page(client, mangle):
    register(client)
    link = emailed_link(AISHA["email"])
    response = client.get("/confirm/" + mangle(link.removeprefix("/confirm/")))
    assert response.status_code == 400
    page = text_of(response)
    assert "This link does not work" in page
    assert "Send a new confirmation link" in page
    assert not db.session.scalar(select(User).where(User.email == AISHA["email"])).is_confirmed


def test_expired_confirmation_link_is_refused(client, monkeypatch):
    user = create_user("Tom Baker", confirmed=False)
    with monkeypatch.context() as m:
        eight_days_ago = int(time.time()) - 8 * 24 * 3600
        m.setattr(TimestampSigner, "get_timestamp", lambda self: eight_days_ago)
        token = tokens.confirmation_token(user)

    response = client.get(f"/confirm/{token}")
    assert response.status_code == 400
    page = text_of(response)
    assert "The confirmation link has expired" in page
    assert "Sign in to get a new confirmation link" in page
    assert not reload(User, user.id).is_confirmed


def test_link_for_an_address_no_longer_on_the_account_is_refused(client):
    user = create_user("Tom Baker", email="tom@afon.example", confirmed=False)
    token = tokens.confirmation_token(user)
    user.email = "tom.baker@afon.example"
    db.session.commit()
    assert client.get(f"/confirm/{token}").status_code == 400
    assert not reload(User, user.id).is_confirmed


def test_unconfirmed_people_are_asked_to_confirm_before_registering_a_group(client):
    create_user(email="tom@afon.example", confirmed=False)
    client.sign_in("tom@afon.example")
    response = client.get("/organisations/new")
    assert response.status_code == 302
    assert response.headers["Location"] == "/confirm"
    assert "you cannot register a group or join an organisation" in text_of(client.get("/confirm"))


def test_confirmed_people_can_register_a_group(client):
    create_user(email="megan@ty-cymunedol.example")
    client.sign_in("megan@ty-cymunedol.example")
    assert client.get("/organisations/new").status_code == 200


def test_the_confirmation_link_can_be_sent_again(client):
    register(client)
    response = client.post("/confirm")
    assert response.status_code == 302
    assert "We have sent a new link to aisha@penrhos-pantry.example" in text_of(client.get("/confirm"))

    assert len(outbox_to(AISHA["email"])) == 2
    client.get(emailed_link(AISHA["email"]))
    assert db.session.scalar(select(User).where(User.email == AISHA["email"])).is_confirmed


def test_confirm_page_needs_signing_in(client):
    response = client.get("/confirm")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/confirm"
    assert client.post("/confirm").status_code == 302
