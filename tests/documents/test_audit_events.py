"""Every change to a document leaves a mark in the audit trail."""

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from coproduce.audit.trail import AuditEvent
from coproduce.documents.models import Draft, Version
from coproduce.extensions import db
from tests.documents.factories import create_officer, document_called
from tests.documents.helpers import (
    draft_clauses,
    draft_of,
    field_value,
    post_and_follow,
    versions_of,
)


def events(action=None):
    db.session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query).all()


def test_creating_saving_and_publishing_are_each_recorded(client):
    rhodri, council = create_officer(email="rhodri@example.org")
    client.sign_in("rhodri@example.org")
    before = len(events())

    post_and_follow(client, "/documents/new", {
        "title": "Glanmôr Community Partnership Agreement", "kind": "local_agreement", "owner_id": council.id,
        "area_code": "glanmor", "markdown": "## Purpose\n\nWe work together.\n\n## Meetings\n\nEvery three months.\n",
    })
    document = document_called("Glanmôr Community Partnership Agreement")
    (created,) = events("document.created")
    assert (created.actor_id, created.subject_type, created.subject_id) == (rhodri.id, "Document", document.id)
    assert created.details_dict == {"title": "Glanmôr Community Partnership Agreement", "kind": "local_agreement"}
    (pasted,) = events("draft.saved")
    assert pasted.details_dict == {"change": "pasted", "clauses": 2}

    clause = draft_clauses(document)[1]
    url = f"/documents/{document.slug}/draft/clauses/{clause.key}/edit"
    form = client.get(url)
    post_and_follow(client, url, {"heading": "Meetings", "body": "Every two months.", "level": "1",
                                  "revision": field_value(form, "revision")})
    saved = events("draft.saved")[-1]
    draft_id = draft_of(document).id
    assert (saved.actor_id, saved.subject_type, saved.subject_id) == (rhodri.id, "Draft", draft_id)
    assert saved.details_dict == {"change": "clause_edited", "key": clause.key}

    form = client.get(f"/documents/{document.slug}/publish")
    post_and_follow(client, f"/documents/{document.slug}/publish", MultiDict([
        ("change_note", "First draft."), ("lock", field_value(form, "lock")),
        ("opens_on", "1"), ("opens_on", "7"), ("opens_on", "2027"),
        ("closes_on", "31"), ("closes_on", "7"), ("closes_on", "2027"),
    ]))
    (version,) = versions_of(document)
    (published,) = events("version.published")
    assert (published.actor_id, published.subject_type, published.subject_id) == (rhodri.id, "Version", version.id)
    assert published.details_dict == {"document_id": document.id, "number": 1, "content_hash": version.content_hash}

    documents_events = [e.action for e in events()[before:] if e.subject_type in ("Document", "Draft", "Version")]
    assert documents_events == ["document.created", "draft.saved", "draft.saved", "version.published"]


def test_every_structural_change_to_the_draft_is_recorded(client):
    rhodri, council = create_officer(email="rhodri@example.org")
    client.sign_in("rhodri@example.org")
    post_and_follow(client, "/documents/new", {
        "title": "Agreement", "kind": "local_agreement", "owner_id": council.id, "area_code": "glanmor",
        "markdown": "## One\n\nFirst.\n\nSecond.\n\n## Two\n\nText.\n",
    })
    document = document_called("Agreement")
    slug = document.slug
    one, two = (c.key for c in draft_clauses(document))

    form = client.get(f"/documents/{slug}/draft/clauses/new")
    post_and_follow(client, f"/documents/{slug}/draft/clauses/new", {
        "heading": "Three", "body": "", "level": "1", "lock": field_value(form, "lock")})
    post_and_follow(client, f"/documents/{slug}/draft/clauses/{two}/move",
                    {"lock": draft_of(document).lock_version, "direction": "up"})
    form = client.get(f"/documents/{slug}/draft/clauses/{one}/split")
    post_and_follow(client, f"/documents/{slug}/draft/clauses/{one}/split", {
        "before_paragraph": "2", "new_heading": "One b", "lock": field_value(form, "lock")})
    form = client.get(f"/documents/{slug}/draft/clauses/{two}/remove")
    post_and_follow(client, f"/documents/{slug}/draft/clauses/{two}/remove", {"lock": field_value(form, "lock")})

    changes = [e.details_dict["change"] for e in events("draft.saved")]
    assert changes == ["pasted", "clause_added", "clause_moved", "clause_split", "clause_removed"]
    draft_id = db.session.scalar(select(Draft.id).where(Draft.document_id == document.id))
    assert {(e.subject_type, e.subject_id, e.actor_id) for e in events("draft.saved")} == {("Draft", draft_id, rhodri.id)}


def test_a_refused_change_records_nothing(client):
    rhodri, council = create_officer(email="rhodri@example.org")
    client.sign_in("rhodri@example.org")
    post_and_follow(client, "/documents/new", {
        "title": "Agreement", "kind": "local_agreement", "owner_id": council.id, "area_code": "glanmor",
        "markdown": "## One\n\nFirst.\n\n## Two\n\nText.\n",
    })
    document = document_called("Agreement")
    count = len(events())
    key = draft_clauses(document)[0].key
    client.post(f"/documents/{document.slug}/draft/clauses/{key}/move", data={"lock": "999", "direction": "down"})
    client.post(f"/documents/{document.slug}/publish", data=MultiDict([("change_note", ""), ("lock", "1")]))
    assert len(events()) == count
    assert db.session.scalar(select(Version.id)) is None
