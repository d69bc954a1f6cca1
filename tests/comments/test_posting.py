"""Commenting on a clause or the whole version while the window is open, with a
stance in words, for an approved organisation or for oneself, in sanitised
Markdown; refused when closed, upcoming or unconfirmed; over-long comments
keep their text; posting is rate-limited per person."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coproduce.columns import utcnow
from coproduce.extensions import limiter
from tests.comments.factories import (
    all_comments,
    comment_count,
    create_comment,
    create_consultation,
    create_group,
    create_member,
)
from tests.conftest import CheckedClient, make_app, text_of
from tests.documents.helpers import field_value, soup_of
from tests.factories import add_member


def clause_url(consultation, heading="Funding", number=1):
    return f"/documents/{consultation.slug}/v/{number}/clauses/{consultation.key(heading)}/"


def general_url(consultation, number=1):
    return f"/documents/{consultation.slug}/v/{number}/comments/"


def test_aisha_comments_on_a_clause_for_her_organisation(client, consultation):
    pantry = create_group()
    create_member("Aisha Khan", pantry, email="aisha@example.org")
    client.sign_in("aisha@example.org")

    form = client.get(clause_url(consultation))
    assert "Penrhos Community Pantry" in text_of(form)
    response = client.post(clause_url(consultation), data={
        "body": "Two years is too short: we lose trained volunteers.", "stance": "concern",
        "speak_for": str(pantry.id)})

    assert response.status_code == 302
    [comment] = all_comments()
    assert (comment.clause_key, comment.version_number, comment.organisation_id, comment.stance, comment.depth) == (
        consultation.key("Funding"), 1, pantry.id, "concern", 0)
    thread = text_of(client.get(response.headers["Location"]))
    assert "Two years is too short" in thread
    assert "Aisha Khan for Penrhos Community Pantry" in thread
    listing = text_of(client.get(clause_url(consultation)))
    assert "1 thread" in listing and "Two years is too short" in listing


def test_the_stance_is_shown_in_words(client, consultation):
    create_member("Megan Hughes", email="megan@example.org")
    client.sign_in("megan@example.org")
    labels = [label.get_text(strip=True) for label in soup_of(client.get(clause_url(consultation))).find_all("label")
              if label.get("for", "").startswith("stance")]
    assert labels == ["Support", "Concern", "Question", "Suggestion"]

    for stance in ("support", "question"):
        client.post(clause_url(consultation), data={"body": f"A {stance} comment", "stance": stance,
                                                    "speak_for": "self"})
    page = soup_of(client.get(clause_url(consultation)))
    tags = [tag.get_text(strip=True) for tag in page.select(".app-stance")]
    assert tags == ["Support", "Question"]


def test_a_comment_must_say_its_stance_and_who_it_speaks_for(client, consultation):
    create_member("Megan Hughes", email="megan@example.org")
    client.sign_in("megan@example.org")
    response = client.post(clause_url(consultation), data={"body": "No stance given"})

    assert response.status_code == 200
    page = text_of(response)
    assert "Choose what kind of comment this is" in page
    assert "Choose who you are speaking for" in page
    assert comment_count() == 0


def test_speaking_for_yourself(client, consultation):
    create_member("Tom Baker", create_group("Afon Mutual Aid"), email="tom@example.org")
    client.sign_in("tom@example.org")
    response = client.post(general_url(consultation), data={
        "body": "Speaking only for myself here.", "stance": "question", "speak_for": "self"})

    assert response.status_code == 302
    [comment] = all_comments()
    assert (comment.organisation_id, comment.clause_key) == (None, None)
    assert "Tom Baker speaking for themselves" in text_of(client.get(response.headers["Location"]))


@pytest.mark.parametrize("status", ["pending", "declined", None])
def test_speaking_for_an_organisation_you_are_not_an_approved_member_of_is_refused(client, consultation, status):
    tom = create_member("Tom Baker", email="tom@example.org")
    pantry = create_group()
    if status:
        add_member(tom, pantry, status=status)
    client.sign_in("tom@example.org")
    assert "Penrhos Community Pantry" not in text_of(client.get(clause_url(consultation)))

    response = client.post(clause_url(consultation), data={
        "body": "Pretending to be the pantry.", "stance": "support", "speak_for": str(pantry.id)})

    assert response.status_code == 200
    assert "Pretending to be the pantry." in field_value(response, "body")
    assert comment_count() == 0


def test_markdown_is_rendered_and_sanitised(client, consultation):
    create_member("Megan Hughes", email="megan@example.org")
    client.sign_in("megan@example.org")
    body = ("We **strongly** agree.\n\n- one\n- two\n\n<script>alert('x')</script>"
            "<img src=x onerror=alert(1)> [click](javascript:alert(1)) [ours](https://example.org/)")
    response = client.post(clause_url(consultation), data={"body": body, "stance": "support", "speak_for": "self"})

    [comment] = all_comments()
    assert comment.body == body  # the source is kept as typed
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    text = soup_of(page).select_one(".app-comment__text")
    assert text.find("strong").get_text() == "strongly"
    assert [li.get_text() for li in text.find_all("li")] == ["one", "two"]
    assert text.find("script") is None and text.find("img") is None
    assert "onerror" not in html and "javascript:" not in html
    assert [a.get("href") for a in text.find_all("a") if a.get("href")] == ["https://example.org/"]


@pytest.mark.parametrize("window", ["closed", "upcoming"])
def test_commenting_is_refused_outside_the_window(client, window):
    now = utcnow()
    if window == "closed":
        consultation = create_consultation(opens=now - timedelta(days=30), closes=now - timedelta(minutes=1))
    else:
        consultation = create_consultation(opens=now + timedelta(days=1), closes=now + timedelta(days=30))
    create_member("Megan Hughes", email="megan@example.org")
    client.sign_in("megan@example.org")

    page = client.get(clause_url(consultation))
    assert "This version is not open for comment." in text_of(page)
    assert soup_of(page).find("textarea", attrs={"name": "body"}) is None
    response = client.post(clause_url(consultation), data={"body": "Too late", "stance": "concern",
                                                           "speak_for": "self"})
    assert response.status_code == 403
    assert client.post(general_url(consultation), data={"body": "Too late", "stance": "concern",
                                                        "speak_for": "self"}).status_code == 403
    assert comment_count() == 0


def test_people_who_have_not_confirmed_their_email_cannot_comment(client, consultation):
    create_member("Tom Baker", email="tom@example.org", confirmed=False)
    other = create_comment(consultation.version, create_member("Megan Hughes"), "Someone else's comment")
    client.sign_in("tom@example.org")
    assert client.post(f"/documents/{consultation.slug}/comments/{other.id}/reply",
                       data={"body": "Hello", "speak_for": "self"}).status_code == 403

    page = client.get(clause_url(consultation))
    assert "Confirm your email address to comment" in text_of(page)
    assert soup_of(page).find("textarea", attrs={"name": "body"}) is None
    response = client.post(clause_url(consultation), data={"body": "Hello", "stance": "support", "speak_for": "self"})
    assert response.status_code == 403
    assert comment_count() == 1


def test_signed_out_readers_are_asked_to_sign_in(client, consultation):
    assert "Sign in to comment" in text_of(client.get(clause_url(consultation)))
    response = client.post(clause_url(consultation), data={"body": "Hello", "stance": "support", "speak_for": "self"})
    assert response.status_code in (302, 403)
    assert comment_count() == 0


def test_a_comment_on_a_clause_of_another_version_or_document_is_not_found(client, consultation):
    create_member("Megan Hughes", email="megan@example.org")
    client.sign_in("megan@example.org")
    assert client.get(f"/documents/{consultation.slug}/v/1/clauses/no-such-clause/").status_code == 404
    assert client.get(f"/documents/{consultation.slug}/v/2/comments/").status_code == 404


def test_a_comment_over_10000_characters_gets_an_error_that_keeps_the_text(client, consultation):
    create_member("Megan Hughes", email="megan@example.org")
    client.sign_in("megan@example.org")
    long_text = "Our view, at length. " * 500  # 10,500 characters
    response = client.post(clause_url(consultation), data={"body": long_text, "stance": "suggestion",
                                                           "speak_for": "self"})

    assert response.status_code == 200
    assert "Your comment must be 10,000 characters or fewer" in text_of(response)
    assert soup_of(response).select_one(".govuk-error-summary") is not None
    assert field_value(response, "body") == long_text
    assert soup_of(response).find("input", attrs={"name": "stance", "value": "suggestion"}).has_attr("checked")
    assert comment_count() == 0

    exactly = "x" * 10_000
    assert client.post(clause_url(consultation), data={"body": exactly, "stance": "suggestion",
                                                       "speak_for": "self"}).status_code == 302


@pytest.fixture
def limited_client(app, database_url, instance_path):
    # The limiter is one object shared by every app in the process; put it back as it was.
    was_enabled = limiter.enabled
    limited = make_app(database_url, instance_path, RATELIMIT_ENABLED=True)
    limited.test_client_class = CheckedClient
    yield limited.test_client()
    limiter.enabled = was_enabled


def test_posting_is_rate_limited_per_person(limited_client, app, consultation):
    create_member("Megan Hughes", email="megan@example.org")
    create_member("Dafydd Price", email="dafydd@example.org")
    limited_client.sign_in("megan@example.org")

    for n in range(1, 30):
        response = limited_client.post(clause_url(consultation), data={
            "body": f"Comment number {n}", "stance": "support", "speak_for": "self"})
        if response.status_code == 429:
            break
        assert response.status_code == 302
    assert response.status_code == 429
    posted = comment_count()
    assert 1 < posted < 29
    # Replies count too: the limit is on the person, not on one form.
    [first, *_rest] = all_comments()
    assert limited_client.post(f"/documents/{consultation.slug}/comments/{first.id}/reply",
                               data={"body": "And another", "speak_for": "self"}).status_code == 429
    assert limited_client.get(clause_url(consultation)).status_code == 200  # reading is not limited

    # Someone else, from the same address, can still post.
    limited_client.sign_out()
    limited_client.sign_in("dafydd@example.org")
    assert limited_client.post(clause_url(consultation), data={
        "body": "A different person", "stance": "support", "speak_for": "self"}).status_code == 302
    assert comment_count() == posted + 1
