"""Welsh beside English: readers get their language, with a notice and the English where a
translation is missing; the content hash covers both; comparison works in each."""

import hashlib

from coproduce.documents import services
from coproduce.extensions import db
from tests.conftest import text_of
from tests.documents.factories import create_document, create_officer, publish
from tests.documents.helpers import draft_clauses, soup_of


def bilingual_document():
    officer, body = create_officer()
    document = services.create_document(
        title="Glanmôr Community Partnership Agreement", summary="Who does what.", kind="local_agreement",
        owner=body, area_code=body.area_code, creator=officer,
        title_cy="Cytundeb Partneriaeth Gymunedol Glanmôr", summary_cy="Pwy sy'n gwneud beth.")
    draft = document.draft
    services.add_clause(draft, heading="Meetings", body="We meet every two months.", level=1, after_key=None,
                        expected_lock=draft.lock_version, editor=officer,
                        heading_cy="Cyfarfodydd", body_cy="Rydym yn cwrdd bob deufis.")
    services.add_clause(draft, heading="Volunteers", body="One register of volunteers.", level=1, after_key=None,
                        expected_lock=draft.lock_version, editor=officer)
    db.session.commit()
    return document, officer


def in_welsh(client):
    client.get("/language/cy")


def test_welsh_readers_get_the_welsh_text_and_the_english_marked_where_it_is_missing(client):
    document, officer = bilingual_document()
    publish(document, officer)
    in_welsh(client)

    page = client.get(f"/documents/{document.slug}/")
    soup = soup_of(page)
    assert soup.find("html")["lang"] == "cy"
    assert soup.find("h1").get_text(strip=True) == "Cytundeb Partneriaeth Gymunedol Glanmôr"
    assert "Rydym yn cwrdd bob deufis." in text_of(page)
    english = [el.get_text(" ", strip=True) for el in soup.select('[lang="en"]')]
    assert any("One register of volunteers." in t for t in english)  # shown, and marked as English
    assert "No Welsh translation" not in text_of(page)  # the notice itself is in Welsh
    assert "Nid oes cyfieithiad Cymraeg o'r cymal hwn eto" in text_of(page)


def test_english_readers_get_english(client):
    document, officer = bilingual_document()
    publish(document, officer)

    page = client.get(f"/documents/{document.slug}/")
    assert soup_of(page).find("h1").get_text(strip=True) == "Glanmôr Community Partnership Agreement"
    assert "We meet every two months." in text_of(page)
    assert "Rydym yn cwrdd" not in text_of(page)


def test_the_content_hash_covers_both_languages(client):
    document, officer = bilingual_document()
    first = publish(document, officer)
    text = client.get(f"/documents/{document.slug}/v/1/text.md").data
    assert b"Rydym yn cwrdd bob deufis." in text
    assert b"Cymraeg: Cyfarfodydd" in text
    assert hashlib.sha256(text).hexdigest() == first.content_hash

    meetings = next(c for c in draft_clauses(document) if c.heading == "Meetings")
    services.edit_clause(meetings, heading="Meetings", body="We meet every two months.", level=1,
                         expected_revision=meetings.revision, editor=officer,
                         heading_cy="Cyfarfodydd", body_cy="Rydym yn cwrdd bob mis.")
    db.session.commit()
    second = publish(document, officer)
    assert second.content_hash != first.content_hash  # only the Welsh changed


def test_a_version_without_welsh_serialises_as_before():
    from types import SimpleNamespace

    from coproduce.documents.canonical import canonical_text

    clause = SimpleNamespace(number="1", key="k1", heading="Purpose", body="Text.")
    assert canonical_text("Title", "slug", 1, [clause]) == (
        "# Title\n\nDocument: slug\nVersion: 1\n\n## 1 Purpose\nClause-Key: k1\n\nText.\n")


def test_comparison_works_in_welsh(client):
    document, officer = bilingual_document()
    publish(document, officer)
    meetings = next(c for c in draft_clauses(document) if c.heading == "Meetings")
    services.edit_clause(meetings, heading="Meetings", body="We meet every month.", level=1,
                         expected_revision=meetings.revision, editor=officer,
                         heading_cy="Cyfarfodydd", body_cy="Rydym yn cwrdd bob mis.")
    db.session.commit()
    publish(document, officer)
    in_welsh(client)

    page = client.get(f"/documents/{document.slug}/compare/1..2/")
    soup = soup_of(page)
    deleted = " ".join(d.get_text() for d in soup.select(".app-redline del"))
    inserted = " ".join(i.get_text() for i in soup.select(".app-redline ins"))
    assert "deufis" in deleted and "mis" in inserted
    assert "two months" not in deleted


def test_an_officer_writes_the_welsh_beside_the_english(client):
    officer, body = create_officer(email="rhodri@example.org")
    document = create_document(body, officer)
    client.sign_in("rhodri@example.org")

    page = client.post(f"/documents/{document.slug}/draft/clauses/new",
                       data={"heading": "Meetings", "body": "We meet.", "level": "1",
                             "heading_cy": "Cyfarfodydd", "body_cy": "Rydym yn cwrdd.",
                             "lock": str(document.draft.lock_version), "after_key": ""})

    assert page.status_code == 302
    clause = draft_clauses(document)[0]
    assert (clause.heading_cy, clause.body_cy) == ("Cyfarfodydd", "Rydym yn cwrdd.")
    assert "Rydym yn cwrdd." in text_of(client.get(f"/documents/{document.slug}/draft/"))


def test_dates_are_written_in_the_readers_language_in_uk_time(app):
    from datetime import UTC, datetime

    from flask_babel import force_locale, format_datetime

    summer_evening = datetime(2027, 7, 1, 22, 30, tzinfo=UTC)  # 23:30 in London (BST)
    with app.test_request_context():
        with force_locale("cy"):
            assert format_datetime(summer_evening, "d MMMM y, HH:mm") == "1 Gorffennaf 2027, 23:30"
        with force_locale("en"):
            assert format_datetime(summer_evening, "d MMMM y, HH:mm") == "1 July 2027, 23:30"


def test_every_page_about_the_document_uses_the_readers_language(client):
    document, officer = bilingual_document()
    version = publish(document, officer)
    meetings = next(c for c in version.clauses if c.heading == "Meetings")
    in_welsh(client)

    for url in [f"/documents/{document.slug}/versions/", f"/documents/{document.slug}/v/1/clauses/{meetings.key}/",
                f"/documents/{document.slug}/v/1/responses/", f"/documents/{document.slug}/activity/"]:
        page = text_of(client.get(url))
        assert "Cytundeb Partneriaeth Gymunedol Glanmôr" in page, url
        assert "Glanmôr Community Partnership Agreement" not in page, url
    discussion = text_of(client.get(f"/documents/{document.slug}/v/1/clauses/{meetings.key}/"))
    assert "Cyfarfodydd" in discussion and "Rydym yn cwrdd bob deufis." in discussion
