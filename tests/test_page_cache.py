"""Pages kept in memory for people who are not signed in: served again only while
nothing they show has changed, never to someone signed in, each with its own
script nonce, and in the reader's language."""

from __future__ import annotations

import re
import time

import pytest
from flask import current_app

from coproduce.extensions import db
from coproduce.moderation.services import hide
from coproduce.organisations.services import verify_organisation
from coproduce.pagecache import KeptPage, PageCache
from tests.comments.factories import (
    counted_queries,
    create_comment,
    create_group,
    create_member,
    site_context,
)
from tests.conftest import text_of
from tests.factories import create_organisation, create_user


@pytest.fixture
def page_cache(app):
    """The cache switched on, as in production, for this test only."""
    cache = PageCache(max_bytes=16 * 1024 * 1024, max_age=60)
    app.extensions["page_cache"] = cache
    yield cache
    app.extensions.pop("page_cache")


def served_from_memory(response) -> bool:
    return response.headers.get("X-Page-Cache") == "hit"


def test_a_second_reader_gets_the_page_from_memory_with_one_query(client, page_cache, consultation):
    page = f"/documents/{consultation.slug}/"
    first = client.get(page)
    with counted_queries() as statements:
        second = client.get(page)

    assert not served_from_memory(first) and served_from_memory(second)
    assert len(statements) == 1  # is the page still current? nothing else
    assert text_of(second) == text_of(first)
    assert "Grants run for two years." in text_of(second)


def test_a_comment_shows_at_once_to_readers_who_are_not_signed_in(client, page_cache, consultation):
    funding = consultation.key("Funding")
    page = f"/documents/{consultation.slug}/"
    client.get(page)
    assert served_from_memory(client.get(page))

    pantry = create_group()
    aisha = create_member("Aisha Khan", pantry, email="aisha@example.org")
    signed_in = current_app.test_client()
    signed_in.sign_in("aisha@example.org")
    posted = signed_in.post(f"/documents/{consultation.slug}/v/1/clauses/{funding}/", data={
        "body": "Two years is too short.", "stance": "concern", "speak_for": str(pantry.id)})
    assert posted.status_code == 302

    after = client.get(page)
    assert not served_from_memory(after)
    assert "1 comment on clause 2" in text_of(after)
    thread = client.get(posted.headers["Location"])
    assert "Two years is too short." in text_of(thread)

    # Written by another process (here, this test's own session): the page follows as well.
    create_comment(consultation.version, aisha, "A second thought.", clause_key=funding, organisation=pantry)
    assert "2 comments on clause 2" in text_of(client.get(page))


def test_hidden_words_leave_the_kept_page_at_once(client, page_cache, consultation):
    megan = create_member("Megan Hughes", create_group("Tŷ Cymunedol Development Trust"))
    comment = create_comment(consultation.version, megan, "Call 07700 900123 for our address.",
                             clause_key=consultation.key("Funding"))
    thread = f"/documents/{consultation.slug}/comments/{comment.id}/"
    assert "07700 900123" in text_of(client.get(thread))
    assert served_from_memory(client.get(thread))

    with site_context():
        hide(comment, create_user("Siân Jones"), "personal_information", "A phone number.")
    db.session.commit()

    page = client.get(thread)
    assert "07700 900123" not in page.get_data(as_text=True)
    assert "Hidden by a moderator: Personal information." in text_of(page)


def test_a_change_of_name_or_standing_elsewhere_on_the_site_shows_too(client, page_cache, consultation):
    afon = create_organisation("Afon Mutual Aid", area="glanmor", verified=False)
    tom = create_member("Tom Baker", afon)
    comment = create_comment(consultation.version, tom, "We deliver medicine on Sundays.",
                             clause_key=consultation.key("Funding"), organisation=afon)
    thread = f"/documents/{consultation.slug}/comments/{comment.id}/"
    assert "Afon Mutual Aid (not verified)" in text_of(client.get(thread))

    with site_context():
        verify_organisation(afon, create_user("Siân Jones"))
    db.session.commit()

    assert "(not verified)" not in text_of(client.get(thread))


def test_signed_in_people_never_get_a_kept_page(client, page_cache, consultation):
    page = f"/documents/{consultation.slug}/"
    client.get(page)
    create_member("Dafydd Price", create_group(), email="dafydd@example.org")
    client.sign_in("dafydd@example.org")

    response = client.get(page)

    assert "X-Page-Cache" not in response.headers
    assert "Sign out" in text_of(response) and "Follow this document" in text_of(response)
    client.sign_out()
    assert "Sign out" not in text_of(client.get(page))


def test_each_page_served_from_memory_has_its_own_script_nonce(client, page_cache, consultation):
    page = f"/documents/{consultation.slug}/"
    nonces = []
    for _ in range(3):
        response = client.get(page)
        [in_page] = set(re.findall(r'nonce="([^"]+)"', response.get_data(as_text=True)))
        assert f"'nonce-{in_page}'" in response.headers["Content-Security-Policy"]
        nonces.append(in_page)
    assert len(set(nonces)) == 3
    assert served_from_memory(response)


def test_welsh_and_english_readers_each_get_their_own_page(client, page_cache, consultation):
    page = f"/documents/{consultation.slug}/"
    assert "Contents" in text_of(client.get(page))
    welsh = current_app.test_client()
    welsh.get("/language/cy")
    assert "Cynnwys" in text_of(welsh.get(page))
    again = welsh.get(page)
    assert "Cynnwys" in text_of(again)
    assert served_from_memory(again) and "Set-Cookie" not in again.headers  # the choice kept, not rewritten
    assert "Contents" in text_of(client.get(page))


def test_a_flashed_message_is_shown_not_a_kept_page(client, page_cache, consultation):
    page = f"/documents/{consultation.slug}/"
    client.get(page)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Your language choice is saved.")]

    response = client.get(page)

    assert not served_from_memory(response)
    assert "Your language choice is saved." in text_of(response)
    assert "Your language choice is saved." not in text_of(client.get(page))


def test_pages_expire_after_their_time(client, app, consultation):
    app.extensions["page_cache"] = PageCache(max_bytes=16 * 1024 * 1024, max_age=0)
    try:
        page = f"/documents/{consultation.slug}/"
        client.get(page)
        time.sleep(0.01)
        assert not served_from_memory(client.get(page))
    finally:
        app.extensions.pop("page_cache")


def test_missing_pages_are_not_kept(client, page_cache, consultation):
    assert client.get("/documents/no-such-document/").status_code == 404
    assert client.get(f"/documents/{consultation.slug}/v/9/").status_code == 404
    assert page_cache.size == 0


def kept(size: int, state=(1, 1)) -> KeptPage:
    return KeptPage(state=state, parts=[b"x" * size], status=200, headers=[], kept_at=time.monotonic())


def test_memory_stays_within_its_bound_least_recently_used_going_first():
    cache = PageCache(max_bytes=1000, max_age=60)
    for name in "abcd":
        cache.put((name,), kept(100))
    cache.get(("a",), (1, 1))  # read recently: stays
    for name in "efghij":
        cache.put((name,), kept(100))
    cache.put(("k",), kept(100))

    assert cache.size <= 1000
    assert cache.get(("a",), (1, 1)) is not None
    assert cache.get(("b",), (1, 1)) is None
    cache.put(("huge",), kept(200))  # more than an eighth of the whole: never kept
    assert cache.get(("huge",), (1, 1)) is None


def test_a_page_kept_under_another_state_is_dropped():
    cache = PageCache(max_bytes=1000, max_age=60)
    cache.put(("a",), kept(100, state=(5, 1)))
    assert cache.get(("a",), (6, 1)) is None
    assert cache.size == 0
