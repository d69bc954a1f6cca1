"""The audit trail: every state change adds a row chained to the one before; nothing updates or deletes
a row (and on PostgreSQL the database refuses too); `audit verify` finds any row altered, removed or
reordered; each document has a public activity page."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from coproduce.audit.trail import GENESIS_HASH, AuditEvent, verify_chain
from coproduce.extensions import db
from coproduce.immutable import ImmutableError
from coproduce.moderation import services as moderation
from coproduce.organisations import services as organisations
from coproduce.signoff import services
from coproduce.signoff.models import Agreement, SignOff, SignOffRequest, SignOffWithdrawal
from tests.amendments.factories import create_amendment, create_decision
from tests.comments.factories import create_comment, site_context
from tests.conftest import postgres_only, text_of
from tests.documents.factories import create_document, create_officer, publish
from tests.documents.helpers import soup_of
from tests.factories import add_member, create_organisation, create_user
from tests.signoff.factories import (
    audit_trail,
    create_parties,
    create_request,
    create_sign_off,
    finalise,
    publish_next,
    sign_by_every_party,
)

SOURCE = Path(__file__).resolve().parents[2] / "coproduce"


@contextmanager
def adds_events(*expected: str):
    """The block appends rows with exactly these actions (in this order, ignoring draft saves), the first
    chained onto the row that was last before it, and the whole chain still verifies."""
    before = audit_trail()
    yield
    db.session.commit()
    after = audit_trail()
    assert [e.id for e in after[:len(before)]] == [e.id for e in before]  # nothing changed or went missing
    new = after[len(before):]
    assert [e.action for e in new if e.action != "draft.saved"] == list(expected)
    assert new[0].prev_hash == (before[-1].hash if before else GENESIS_HASH)
    for previous, event in zip(new, new[1:], strict=False):
        assert event.prev_hash == previous.hash
    assert verify_chain() == (len(after), None, "")


def test_every_state_change_adds_a_row_chained_to_the_one_before(app):
    """Publishing, decisions, moderation, sign-offs and withdrawals, memberships, verifications, role changes."""
    parties = create_parties(window={}, final=False)
    v1 = parties.version
    with site_context():
        with adds_events("amendment.proposed"):
            amendment = create_amendment(v1, parties.dafydd, parties.pantry, v1.clauses[0].key,
                                         "The council funds the premises for five years.")
        with adds_events("amendment.decided"):
            create_decision(amendment, parties.rhodri, "declined", "Not this year.")
        with adds_events("comment.posted"):
            comment = create_comment(v1, parties.aisha, "This is a rude comment.", organisation=parties.pantry)
        with adds_events("moderation.reported"):
            moderation.report_item(comment, parties.dafydd, "abusive", "Rude.")
        with adds_events("moderation.hide"):
            moderation.hide(comment, parties.sian, "abusive", "Personal abuse.")
        with adds_events("version.published"):
            v2 = publish_next(parties)
        with adds_events("version.marked_final"):
            finalise(v2, parties.rhodri)
        with adds_events("signoff.requested"):
            create_request(v2, parties.rhodri)
        with adds_events("signoff.signed"):
            first = create_sign_off(v2, parties.dafydd, parties.pantry)
        with adds_events("signoff.withdrawn"):
            services.withdraw_sign_off(first, parties.dafydd, "Trustees meet first.")
        with adds_events("signoff.signed", "signoff.signed", "signoff.signed", "document.agreed"):
            sign_by_every_party(parties, v2)

        tom = create_user("Tom Baker")
        afon = create_organisation("Afon Mutual Aid", area="glanmor", verified=False)
        add_member(parties.sian, afon, role="admin")
        with adds_events("membership.requested"):
            membership = organisations.request_membership(tom, afon, "I organise the Tuesday rota.")
        with adds_events("membership.approved"):
            organisations.decide_membership(membership, parties.sian, approve=True)
        with adds_events("membership.role_changed"):
            organisations.set_role(membership, "admin", parties.sian)
        with adds_events("membership.signatory_named"):
            organisations.set_signatory(membership, True, parties.sian)
        with adds_events("organisation.verified"):
            organisations.verify_organisation(afon, parties.sian)

    subjects = {e.action: (e.subject_type, e.subject_id) for e in audit_trail()}
    assert subjects["amendment.decided"] == ("Amendment", amendment.id)
    assert subjects["signoff.withdrawn"] == ("SignOff", first.id)
    assert subjects["membership.role_changed"] == ("Membership", membership.id)
    assert subjects["organisation.verified"] == ("Organisation", afon.id)


# --- nothing changes or removes a row ------------------------------------------------


@pytest.fixture
def everything_recorded():
    """An agreed document with one withdrawn sign-off: a row of every immutable sign-off model."""
    parties = create_parties()
    withdrawn = create_sign_off(parties.version, parties.dafydd, parties.pantry)
    services.withdraw_sign_off(withdrawn, parties.dafydd)
    db.session.commit()
    sign_by_every_party(parties)
    return parties


IMMUTABLE = [(AuditEvent, "action", "tampered"), (SignOff, "role", "Treasurer"),
             (SignOffWithdrawal, "reason", "none"), (Agreement, "content_hash", "0" * 64),
             (SignOffRequest, "requested_by_id", None)]


@pytest.mark.parametrize("model, column, value", IMMUTABLE, ids=[m.__name__ for m, _c, _v in IMMUTABLE])
def test_the_orm_refuses_to_update_or_delete_a_row(everything_recorded, model, column, value):
    row = db.session.scalars(select(model)).first()
    original = getattr(row, column)
    setattr(row, column, value if value is not None else original + 1)
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()

    db.session.delete(db.session.scalars(select(model)).first())
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()

    with pytest.raises(ImmutableError):
        db.session.execute(update(model).values({column: value if value is not None else 0}))
    db.session.rollback()
    with pytest.raises(ImmutableError):
        db.session.execute(delete(model))
    db.session.rollback()

    db.session.expire_all()
    assert getattr(db.session.scalars(select(model)).first(), column) == original


def test_no_code_writes_sql_that_changes_the_audit_trail():
    for path in SOURCE.rglob("*.py"):
        source = " ".join(path.read_text(encoding="utf-8").lower().split())
        for statement in ("update audit_event", "delete from audit_event", "truncate audit_event"):
            assert statement not in source, f"{path} runs {statement!r}"


@postgres_only()
@pytest.mark.parametrize("statement", ["UPDATE audit_event SET action = 'tampered'",
                                       "DELETE FROM audit_event"])
def test_on_postgresql_the_database_refuses_to_update_or_delete_audit_rows(everything_recorded, statement):
    before = [(e.id, e.action, e.hash) for e in audit_trail()]
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert [(e.id, e.action, e.hash) for e in audit_trail()] == before


# --- audit verify ---------------------------------------------------------------------


def audit_verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


@contextmanager
def tampering():
    """Raw SQL around the ORM's guard; on PostgreSQL the trigger is off only inside this transaction."""
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if postgres:
        db.session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
    try:
        yield
    finally:
        if postgres:
            db.session.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only"))
        db.session.commit()


COLUMNS = "occurred_at, actor_id, action, subject_type, subject_id, document_id, details, prev_hash, hash"


def row_values(row_id: int) -> dict:
    return dict(db.session.execute(text(f"SELECT {COLUMNS} FROM audit_event WHERE id = :id"),
                                   {"id": row_id}).mappings().one())


def write_row(row_id: int, values: dict) -> None:
    assignments = ", ".join(f"{column} = :{column}" for column in values)
    db.session.execute(text(f"UPDATE audit_event SET {assignments} WHERE id = :row_id"), {**values, "row_id": row_id})


@pytest.fixture
def trail(everything_recorded):
    events = audit_trail()
    assert len(events) > 10
    return events


def test_audit_verify_exits_0_when_the_chain_is_intact(app, trail):
    result = audit_verify(app)
    assert result.exit_code == 0, result.output
    assert f"intact: {len(trail)} rows" in result.output


def test_an_empty_trail_is_intact(app):
    result = audit_verify(app)
    assert result.exit_code == 0 and "intact: 0 rows" in result.output


@pytest.mark.parametrize("column, value", [("details", '{"role": "Treasurer"}'), ("action", "signoff.withdrawn"),
                                           ("actor_id", None)])
def test_audit_verify_names_an_altered_row(app, trail, column, value):
    altered = trail[len(trail) // 2]
    with tampering():
        write_row(altered.id, {column: value})

    result = audit_verify(app)

    assert result.exit_code != 0
    assert f"BROKEN at audit row {altered.id}:" in result.output
    assert "altered" in result.output


def test_audit_verify_finds_a_row_altered_even_with_its_hash_recomputed(app, trail):
    """Rewriting a row and its own hash still breaks the link from the row after it."""
    altered = trail[3]
    altered.details = '{"forged": true}'
    forged_hash = altered.compute_hash()
    db.session.rollback()
    with tampering():
        write_row(altered.id, {"details": '{"forged": true}', "hash": forged_hash})

    result = audit_verify(app)

    assert result.exit_code != 0
    assert f"BROKEN at audit row {trail[4].id}:" in result.output


def test_audit_verify_names_the_row_after_a_removed_one(app, trail):
    removed = trail[5]
    with tampering():
        db.session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": removed.id})

    result = audit_verify(app)

    assert result.exit_code != 0
    assert f"BROKEN at audit row {trail[6].id}:" in result.output
    assert "removed" in result.output


def test_audit_verify_names_the_first_of_two_reordered_rows(app, trail):
    first, second = trail[4], trail[5]
    a, b = row_values(first.id), row_values(second.id)
    with tampering():
        # hash and prev_hash are unique: park one row's before swapping.
        write_row(first.id, {"prev_hash": "x" * 64, "hash": "y" * 64})
        write_row(second.id, a)
        write_row(first.id, b)

    result = audit_verify(app)

    assert result.exit_code != 0
    assert f"BROKEN at audit row {first.id}:" in result.output
    assert "reordered" in result.output


# --- the public activity page ----------------------------------------------------------


def test_the_activity_page_lists_the_documents_events(client):
    parties = create_parties()
    create_sign_off(parties.version, parties.dafydd, parties.pantry, role="Chair")
    create_sign_off(parties.version, parties.rhodri, parties.council)
    create_sign_off(parties.version, parties.sian, parties.cvc)
    other = create_document(parties.council, parties.rhodri, title="Another agreement", markdown="## One\n\nText.\n")
    with site_context():
        publish(other, parties.rhodri)

    page = client.get(f"/documents/{parties.slug}/activity/")

    assert page.status_code == 200
    rows = [tr.get_text(" ", strip=True) for tr in soup_of(page).select("tbody tr")]
    whats = [" ".join(row.split()) for row in rows]
    assert any("Agreed by every party (version 1)" in row for row in whats)
    assert sum("Signed (version 1)" in row for row in whats) == 3
    assert any("Put forward for sign-off (version 1)" in row and "Rhodri Evans" in row for row in whats)
    assert any("Version marked final (version 1)" in row for row in whats)
    assert any("Version published (version 1)" in row for row in whats)
    assert any("Signed (version 1)" in row and "Dafydd Price" in row for row in whats)
    assert "Agreed by every party" in whats[0]  # newest first
    assert "Draft saved" not in text_of(page)
    recorded = [e for e in audit_trail() if e.document_id == parties.document.id and e.action != "draft.saved"]
    assert len(rows) == len(recorded)
    for event in recorded:
        assert event.hash[:12] in text_of(page)
    assert "Another agreement" not in text_of(page)
    assert len(recorded) < len([e for e in audit_trail() if e.action != "draft.saved"])  # the other's are not here


def test_the_activity_page_is_404_for_a_document_never_published(client):
    officer, body = create_officer(email="rhodri@example.org")
    document = create_document(body, officer, markdown="## Draft\n\nNot yet.\n")
    assert client.get(f"/documents/{document.slug}/activity/").status_code == 404
    client.sign_in("rhodri@example.org")
    assert client.get(f"/documents/{document.slug}/activity/").status_code == 200
