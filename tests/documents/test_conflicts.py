"""Two officers at work on the same draft: whoever saves second is told, sees
both texts, and loses nothing they typed."""

import pytest
from werkzeug.datastructures import MultiDict

from tests.conftest import text_of
from tests.documents.factories import create_document, create_officer
from tests.documents.helpers import (
    draft_clauses,
    draft_of,
    field_value,
    outline,
    soup_of,
    versions_of,
)
from tests.factories import add_member, create_user

BODY = "We meet every three months.\n\nMinutes are published within two weeks."


@pytest.fixture
def two_officers(app, client):
    """Rhodri (on `client`) and Siôn (on a second client), officers of the same council, and a draft."""
    rhodri, council = create_officer(email="rhodri@example.org")
    sion = create_user("Siôn Owen", "sion@example.org")
    add_member(sion, council)
    document = create_document(council, rhodri, clauses=[("How we communicate", BODY), ("Volunteers", "One register.")])
    client.sign_in("rhodri@example.org")
    other = app.test_client()
    other.sign_in("sion@example.org")
    return document, client, other


def test_the_second_save_of_a_clause_shows_both_texts_and_keeps_what_was_typed(two_officers):
    document, rhodri, sion = two_officers
    key = draft_clauses(document)[1].key
    url = f"/documents/{document.slug}/draft/clauses/{key}/edit"
    rhodri_form, sion_form = rhodri.get(url), sion.get(url)
    assert field_value(rhodri_form, "revision") == field_value(sion_form, "revision")

    saved = rhodri.post(url, data={"heading": "Volunteers", "body": "One register, kept by the Voluntary Council.",
                                   "level": "1", "revision": field_value(rhodri_form, "revision")})
    assert saved.status_code == 302

    typed = "One register of volunteering opportunities,\n\nshared by the council and the groups."
    conflict = sion.post(url, data={"heading": "Coordinating volunteers", "body": typed, "level": "2",
                                    "revision": field_value(sion_form, "revision")})

    assert conflict.status_code == 409
    page = text_of(conflict)
    assert "Someone else saved this clause" in page
    assert "Rhodri Evans saved a different text" in page
    theirs = soup_of(conflict).find(class_="app-conflict__theirs")
    assert theirs.get_text(strip=True) == "One register, kept by the Voluntary Council."
    assert "Volunteers" in soup_of(conflict).find(class_="app-conflict__theirs").find_previous("p").get_text()
    assert field_value(conflict, "heading") == "Coordinating volunteers"
    assert field_value(conflict, "body") == typed
    assert soup_of(conflict).find("input", attrs={"name": "level", "value": "2"}).has_attr("checked")
    # The first save stands until the second officer decides.
    clause = draft_clauses(document)[1]
    assert (clause.heading, clause.body, clause.updated_by.name) == (
        "Volunteers", "One register, kept by the Voluntary Council.", "Rhodri Evans")

    # Saving again from the conflict page knowingly replaces the saved text.
    assert soup_of(conflict).find("form", attrs={"action": url}) is not None
    resaved = sion.post(url, data={"heading": field_value(conflict, "heading"), "body": field_value(conflict, "body"),
                                   "level": "2", "revision": field_value(conflict, "revision")})
    assert resaved.status_code == 302
    clause = draft_clauses(document)[1]
    assert (clause.heading, clause.body, clause.level, clause.updated_by.name) == (
        "Coordinating volunteers", typed, 2, "Siôn Owen")


def test_saving_a_clause_someone_removed_keeps_the_typed_text(two_officers):
    document, rhodri, sion = two_officers
    key = draft_clauses(document)[0].key
    form = sion.get(f"/documents/{document.slug}/draft/clauses/{key}/edit")
    confirm = rhodri.get(f"/documents/{document.slug}/draft/clauses/{key}/remove")
    rhodri.post(f"/documents/{document.slug}/draft/clauses/{key}/remove", data={"lock": field_value(confirm, "lock")})

    response = sion.post(f"/documents/{document.slug}/draft/clauses/{key}/edit", data={
        "heading": "How we communicate", "body": "My careful rewrite.", "level": "1",
        "revision": field_value(form, "revision"),
    })
    assert response.status_code == 409
    assert "has been removed from the draft. Your text is below" in text_of(response)
    kept = soup_of(response).find("textarea", id="kept-text").get_text()
    assert "How we communicate" in kept and "My careful rewrite." in kept
    assert outline(document) == [("Volunteers", 1)]


def test_a_stale_move_changes_nothing_and_says_so(two_officers):
    document, rhodri, sion = two_officers
    stale_lock = draft_of(document).lock_version
    volunteers = draft_clauses(document)[1].key
    add_form = rhodri.get(f"/documents/{document.slug}/draft/clauses/new")
    rhodri.post(f"/documents/{document.slug}/draft/clauses/new", data={
        "heading": "Review", "body": "Every year.", "level": "1", "lock": field_value(add_form, "lock"),
    })

    response = sion.post(f"/documents/{document.slug}/draft/clauses/{volunteers}/move",
                         data={"lock": stale_lock, "direction": "up"})
    page = text_of(sion.get(response.headers["Location"]))

    assert "Someone else changed this draft while you were working on it. Nothing was moved" in page
    assert [h for h, _ in outline(document)] == ["How we communicate", "Volunteers", "Review"]


def test_a_stale_remove_changes_nothing_and_says_so(two_officers):
    document, rhodri, sion = two_officers
    first = draft_clauses(document)[0].key
    confirm = sion.get(f"/documents/{document.slug}/draft/clauses/{first}/remove")
    second = draft_clauses(document)[1].key
    rhodri.post(f"/documents/{document.slug}/draft/clauses/{second}/move",
                data={"lock": draft_of(document).lock_version, "direction": "up"})

    response = sion.post(f"/documents/{document.slug}/draft/clauses/{first}/remove",
                         data={"lock": field_value(confirm, "lock")})
    page = text_of(sion.get(response.headers["Location"]))

    assert "Someone else changed this draft while you were working on it. Nothing was removed" in page
    assert [h for h, _ in outline(document)] == ["Volunteers", "How we communicate"]


def test_a_stale_split_changes_nothing_and_says_so(two_officers):
    document, rhodri, sion = two_officers
    first = draft_clauses(document)[0].key
    form = sion.get(f"/documents/{document.slug}/draft/clauses/{first}/split")
    rhodri.post(f"/documents/{document.slug}/draft/clauses/{first}/move",
                data={"lock": draft_of(document).lock_version, "direction": "down"})

    response = sion.post(f"/documents/{document.slug}/draft/clauses/{first}/split", data={
        "before_paragraph": "2", "new_heading": "Minutes", "lock": field_value(form, "lock")})
    page = text_of(sion.get(response.headers["Location"]))

    assert "Nothing was split" in page
    assert [h for h, _ in outline(document)] == ["Volunteers", "How we communicate"]


def test_a_stale_add_keeps_the_typed_clause_to_send_again(two_officers):
    document, rhodri, sion = two_officers
    form = sion.get(f"/documents/{document.slug}/draft/clauses/new")
    first = draft_clauses(document)[0].key
    rhodri.post(f"/documents/{document.slug}/draft/clauses/{first}/move",
                data={"lock": draft_of(document).lock_version, "direction": "down"})

    response = sion.post(f"/documents/{document.slug}/draft/clauses/new", data={
        "heading": "Review", "body": "Every year, together.", "level": "1", "lock": field_value(form, "lock")})

    assert response.status_code == 200
    assert "Someone else changed the draft while you were writing" in text_of(response)
    assert (field_value(response, "heading"), field_value(response, "body")) == ("Review", "Every year, together.")
    assert len(draft_clauses(document)) == 2
    again = sion.post(f"/documents/{document.slug}/draft/clauses/new", data={
        "heading": "Review", "body": "Every year, together.", "level": "1", "lock": field_value(response, "lock")})
    assert again.status_code == 302
    assert outline(document)[-1] == ("Review", 1)


def test_a_stale_paste_keeps_the_pasted_text_and_changes_nothing(two_officers):
    document, rhodri, sion = two_officers
    form = sion.get(f"/documents/{document.slug}/draft/paste")
    first = draft_clauses(document)[0].key
    rhodri.post(f"/documents/{document.slug}/draft/clauses/{first}/move",
                data={"lock": draft_of(document).lock_version, "direction": "down"})
    pasted = "## Everything new\n\nA whole new agreement, pasted from a word processor.\n"

    response = sion.post(f"/documents/{document.slug}/draft/paste",
                         data={"lock": field_value(form, "lock"), "markdown": pasted})

    assert response.status_code == 200
    assert "Someone else changed the draft while you were pasting. Your text is kept below" in text_of(response)
    assert field_value(response, "markdown") == pasted
    assert [h for h, _ in outline(document)] == ["Volunteers", "How we communicate"]
    again = sion.post(f"/documents/{document.slug}/draft/paste",
                      data={"lock": field_value(response, "lock"), "markdown": field_value(response, "markdown")})
    assert again.status_code == 302
    assert outline(document) == [("Everything new", 1)]


def test_a_stale_publish_publishes_nothing_and_keeps_the_change_note(two_officers):
    document, rhodri, sion = two_officers
    form = sion.get(f"/documents/{document.slug}/publish")
    first = draft_clauses(document)[0].key
    rhodri.post(f"/documents/{document.slug}/draft/clauses/{first}/move",
                data={"lock": draft_of(document).lock_version, "direction": "down"})

    response = sion.post(f"/documents/{document.slug}/publish", data=MultiDict([
        ("change_note", "First draft for comment."), ("lock", field_value(form, "lock")),
        ("opens_on", "1"), ("opens_on", "3"), ("opens_on", "2027"),
        ("closes_on", "30"), ("closes_on", "4"), ("closes_on", "2027"),
    ]))

    assert response.status_code == 200
    assert "Someone else changed the draft since you opened this page" in text_of(response)
    assert field_value(response, "change_note") == "First draft for comment."
    assert versions_of(document) == []
    assert draft_of(document).document.latest_version_number == 0
