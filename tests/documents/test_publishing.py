"""Publishing freezes the draft into a numbered version with a change note and
a consultation window in UK time; published versions never change."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, select, update
from werkzeug.datastructures import MultiDict

from coproduce.documents.models import ImmutableError, Version, VersionClause
from coproduce.extensions import db
from tests.conftest import text_of
from tests.documents.factories import create_document, create_officer, publish
from tests.documents.helpers import (
    draft_clauses,
    error_summary,
    field_value,
    post_and_follow,
    reload_document,
    soup_of,
    versions_of,
)

AGREEMENT = """## Who this agreement is between

Glanmôr County Council and the community organisations of Glanmôr.

## How we communicate

We meet every three months.

### Minutes

Minutes are published within two weeks.
"""


@pytest.fixture
def drafted(client):
    rhodri, council = create_officer(email="rhodri@example.org")
    document = create_document(council, rhodri, markdown=AGREEMENT)
    client.sign_in("rhodri@example.org")
    return document, rhodri


def publish_form(client, document, *, change_note="First draft for comment.", opens=("1", "7", "2027"),
                 closes=("31", "7", "2027"), lock=None):
    if lock is None:
        lock = field_value(client.get(f"/documents/{document.slug}/publish"), "lock")
    data = [("change_note", change_note), ("lock", lock)]
    data += [("opens_on", part) for part in opens] + [("closes_on", part) for part in closes]
    return client.post(f"/documents/{document.slug}/publish", data=MultiDict(data))


def date_parts(response, name):
    """The day, month and year shown in a GOV.UK date input."""
    return [control.get("value", "") for control in soup_of(response).find_all("input", attrs={"name": name})]


def test_publishing_freezes_the_draft_as_version_1(client, drafted):
    document, rhodri = drafted
    form = client.get(f"/documents/{document.slug}/publish")
    assert "Publish version 1" in text_of(form)
    assert "Its 3 clauses will be public and frozen" in text_of(form)

    response = publish_form(client, document)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/documents/{document.slug}/v/1/")
    page = client.get(response.headers["Location"])
    assert "Version 1 is published" in text_of(page)

    (version,) = versions_of(document)
    assert (version.number, version.title, version.change_note) == (1, document.title, "First draft for comment.")
    assert version.published_by_id == rhodri.id
    assert [(c.number, c.heading, c.level) for c in version.clauses] == [
        ("1", "Who this agreement is between", 1), ("2", "How we communicate", 1), ("2.1", "Minutes", 2),
    ]
    assert [c.key for c in version.clauses] == [c.key for c in draft_clauses(document)]
    assert version.clauses[1].body_html == "<p>We meet every three months.</p>"
    assert len(version.content_hash) == 64
    assert reload_document(document).latest_version_number == 1
    assert version.content_hash in text_of(page)


def test_the_window_runs_from_the_start_of_the_opening_day_to_the_end_of_the_closing_day_in_london(client, drafted):
    document, _rhodri = drafted
    publish_form(client, document, opens=("1", "7", "2027"), closes=("31", "7", "2027"))
    (version,) = versions_of(document)
    # British Summer Time: midnight in London is 23:00 UTC the day before.
    assert version.opens_at == datetime(2027, 6, 30, 23, 0, tzinfo=UTC)
    assert version.closes_at == datetime(2027, 7, 31, 23, 0, tzinfo=UTC)


def test_in_winter_london_midnight_is_utc_midnight(client, drafted):
    document, _rhodri = drafted
    publish_form(client, document, opens=("4", "1", "2027"), closes=("26", "3", "2027"))
    (version,) = versions_of(document)
    assert version.opens_at == datetime(2027, 1, 4, 0, 0, tzinfo=UTC)
    # 26 March 2027 is a Friday in GMT; the clocks change on the 28th.
    assert version.closes_at == datetime(2027, 3, 27, 0, 0, tzinfo=UTC)


def test_a_window_of_one_day_is_allowed(client, drafted):
    document, _rhodri = drafted
    assert publish_form(client, document, opens=("2", "2", "2027"), closes=("2", "2", "2027")).status_code == 302
    (version,) = versions_of(document)
    assert version.closes_at - version.opens_at == datetime(2027, 2, 3, tzinfo=UTC) - datetime(2027, 2, 2, tzinfo=UTC)


@pytest.mark.parametrize(("fields", "message"), [
    ({"change_note": ""}, "Say what has changed in this version"),
    ({"opens": ("31", "2", "2027")}, "Consultation opens must be a real date, like 27 3 2027"),
    ({"closes": ("1", "13", "2027")}, "Consultation closes must be a real date, like 27 3 2027"),
    ({"opens": ("x", "y", "z")}, "Consultation opens must be a real date, like 27 3 2027"),
    ({"opens": ("", "", "")}, "Enter the date the consultation opens"),
    ({"closes": ("", "", "")}, "Enter the date the consultation closes"),
    ({"opens": ("10", "7", "2027"), "closes": ("9", "7", "2027")}, "The consultation must close on or after the day it opens"),
])
def test_publishing_errors_keep_everything_typed(client, drafted, fields, message):
    document, _rhodri = drafted
    typed = {"change_note": "First draft for comment.", "opens": ("1", "7", "2027"), "closes": ("31", "7", "2027")}
    typed.update(fields)
    response = publish_form(client, document, **typed)

    assert response.status_code == 200
    assert message in error_summary(response)
    assert field_value(response, "change_note") == typed["change_note"]
    assert date_parts(response, "opens_on") == list(typed["opens"])
    assert date_parts(response, "closes_on") == list(typed["closes"])
    assert versions_of(document) == []


def test_an_empty_draft_cannot_be_published(client):
    rhodri, council = create_officer(email="rhodri@example.org")
    document = create_document(council, rhodri)
    client.sign_in("rhodri@example.org")
    response = publish_form(client, document)
    assert response.status_code == 200
    assert "Add at least one clause to the draft before publishing." in error_summary(response)
    assert versions_of(document) == []


def test_the_next_version_is_numbered_after_the_last(client, drafted):
    document, rhodri = drafted
    publish(document, rhodri)
    form = client.get(f"/documents/{document.slug}/publish")
    assert "Publish version 2" in text_of(form)
    publish_form(client, document, change_note="Second thoughts.")
    assert [(v.number, v.change_note) for v in versions_of(document)] == [(1, "For consultation."), (2, "Second thoughts.")]
    assert reload_document(document).latest_version_number == 2


# --- published versions never change --------------------------------------------------


def snapshot(version_id):
    db.session.expire_all()
    version = db.session.get(Version, version_id)
    return (version.number, version.title, version.change_note, version.opens_at, version.closes_at,
            version.content_hash, [(c.key, c.number, c.heading, c.body, c.body_html) for c in version.clauses])


@pytest.fixture
def published(drafted):
    document, rhodri = drafted
    version = publish(document, rhodri)
    return document, rhodri, version.id


def test_changing_a_published_version_is_refused(published):
    _document, _rhodri, version_id = published
    before = snapshot(version_id)
    version = db.session.get(Version, version_id)
    version.change_note = "Quietly rewritten."
    with pytest.raises(ImmutableError):
        db.session.commit()
    db.session.rollback()
    assert snapshot(version_id) == before

    version = db.session.get(Version, version_id)
    version.content_hash = "0" * 64
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()
    assert snapshot(version_id) == before


def test_deleting_a_published_version_is_refused(published):
    _document, _rhodri, version_id = published
    before = snapshot(version_id)
    db.session.delete(db.session.get(Version, version_id))
    with pytest.raises(ImmutableError):
        db.session.commit()
    db.session.rollback()
    assert snapshot(version_id) == before


def test_changing_or_deleting_a_published_clause_is_refused(published):
    _document, _rhodri, version_id = published
    before = snapshot(version_id)
    clause = db.session.get(Version, version_id).clauses[1]
    clause.body = "We never meet."
    clause.body_html = "<p>We never meet.</p>"
    with pytest.raises(ImmutableError):
        db.session.commit()
    db.session.rollback()
    assert snapshot(version_id) == before

    db.session.delete(db.session.get(Version, version_id).clauses[0])
    with pytest.raises(ImmutableError):
        db.session.commit()
    db.session.rollback()
    assert snapshot(version_id) == before


def test_adding_a_clause_to_a_published_version_is_refused(published):
    _document, _rhodri, version_id = published
    before = snapshot(version_id)
    version = db.session.get(Version, version_id)
    version.clauses.append(VersionClause(key="smuggled", position=9, number="9", level=1, heading="Extra",
                                         body="Added later.", body_html="<p>Added later.</p>"))
    with pytest.raises(ImmutableError):
        db.session.commit()
    db.session.rollback()
    db.session.add(VersionClause(version_id=version_id, key="smuggled", position=9, number="9", level=1,
                                 heading="Extra", body="Added later.", body_html="<p>Added later.</p>"))
    with pytest.raises(ImmutableError):
        db.session.commit()
    db.session.rollback()
    assert snapshot(version_id) == before


def test_bulk_statements_through_the_session_cannot_change_published_content(published):
    _document, _rhodri, version_id = published
    before = snapshot(version_id)
    for statement in (
        update(Version).where(Version.id == version_id).values(change_note="Rewritten"),
        update(VersionClause).where(VersionClause.version_id == version_id).values(body="Rewritten"),
        delete(VersionClause).where(VersionClause.version_id == version_id),
        delete(Version).where(Version.id == version_id),
    ):
        with pytest.raises(ImmutableError):
            db.session.execute(statement)
        db.session.rollback()
    assert snapshot(version_id) == before


def test_editing_the_draft_after_publishing_leaves_version_1_as_it_was(client, published):
    document, _rhodri, version_id = published
    before = snapshot(version_id)
    page_before = client.get(f"/documents/{document.slug}/v/1/")
    text_before = client.get(f"/documents/{document.slug}/v/1/text.md").get_data()

    clause = draft_clauses(document)[1]
    url = f"/documents/{document.slug}/draft/clauses/{clause.key}/edit"
    form = client.get(url)
    post_and_follow(client, url, {"heading": "How we keep in touch", "body": "We meet every month.", "level": "1",
                                  "revision": field_value(form, "revision")})
    remove = f"/documents/{document.slug}/draft/clauses/{draft_clauses(document)[0].key}/remove"
    post_and_follow(client, remove, {"lock": field_value(client.get(remove), "lock")})
    client.post(f"/documents/{document.slug}/edit", data={
        "title": "A new title", "summary": "", "kind": "local_agreement", "area_code": "glanmor"})

    assert snapshot(version_id) == before
    assert client.get(f"/documents/{document.slug}/v/1/text.md").get_data() == text_before
    page_after = client.get(f"/documents/{document.slug}/v/1/")
    assert "We meet every three months." in text_of(page_after)
    assert "We meet every month." not in text_of(page_after)
    assert soup_of(page_after).h1.get_text(strip=True) == soup_of(page_before).h1.get_text(strip=True)
    assert db.session.scalar(select(func.count()).select_from(VersionClause)) == 3


def test_published_dates_are_shown_in_uk_time(client, drafted):
    document, rhodri = drafted
    publish(document, rhodri, opens=date(2020, 6, 1), closes=date(2020, 6, 30))
    page = text_of(client.get(f"/documents/{document.slug}/"))
    assert "Closed" in page
    assert "Consultation closed on 1 July 2020, 00:00" in page
