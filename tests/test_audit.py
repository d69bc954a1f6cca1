"""The audit trail: every row chained to the one before it by hash."""

from __future__ import annotations

import json

import pytest
from flask_login import login_user
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from coproduce.accounts.models import User
from coproduce.audit.trail import GENESIS_HASH, AuditEvent, record_event
from coproduce.extensions import db
from coproduce.immutable import ImmutableError
from tests.conftest import postgres_only
from tests.factories import PASSWORD, create_organisation, create_user


def trail() -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def assert_chain_intact(events: list[AuditEvent]) -> None:
    assert events[0].prev_hash == GENESIS_HASH
    for before, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == before.hash
    for event in events:
        assert event.hash == event.compute_hash()


def test_each_event_holds_the_hash_of_the_one_before(app):
    dafydd = create_user("Dafydd Price")
    pantry = create_organisation("Penrhos Community Pantry")
    first = record_event("user.registered", dafydd, actor=dafydd)
    second = record_event("organisation.created", pantry, actor=dafydd, name="Penrhos Community Pantry")
    db.session.commit()
    third = record_event("organisation.verified", pantry, actor=None, note="Siân vouched: ✓")
    db.session.commit()

    events = trail()

    assert [event.id for event in events] == [first.id, second.id, third.id]
    assert_chain_intact(events)
    assert (events[1].actor_id, events[1].subject_type, events[1].subject_id) == (dafydd.id, "Organisation", pantry.id)
    assert events[2].actor_id is None
    assert events[2].details_dict == {"note": "Siân vouched: ✓"}


def test_altering_a_stored_event_no_longer_matches_its_hash_and_is_refused(app):
    user = create_user()
    record_event("user.updated", user, actor=user, listed_publicly=True)
    db.session.commit()

    [event] = trail()
    event.details = json.dumps({"listed_publicly": False})
    assert event.compute_hash() != event.hash
    with pytest.raises(ImmutableError):  # the trail is append-only: the change never reaches the database
        db.session.flush()
    db.session.rollback()
    assert trail()[0].details_dict == {"listed_publicly": True}


def test_two_events_can_never_chain_onto_the_same_row(app):
    user = create_user()
    first = record_event("user.registered", user, actor=user)
    db.session.commit()

    fork = AuditEvent(occurred_at=first.occurred_at, action="user.updated", subject_type="User",
                      subject_id=user.id, details="{}", prev_hash=first.prev_hash, hash="f" * 64)
    db.session.add(fork)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_signed_in_person_is_the_actor_by_default(app):
    aisha = create_user("Aisha Khan")
    with app.test_request_context():
        login_user(aisha)
        event = record_event("user.updated", aisha)
    db.session.commit()
    assert event.actor_id == aisha.id


@postgres_only()
def test_the_chain_verifies_whatever_time_zone_the_database_session_uses(app):
    user = create_user()
    record_event("user.registered", user, actor=user)
    record_event("user.updated", user, actor=user)
    db.session.commit()

    db.session.execute(text("SET LOCAL TIME ZONE 'Pacific/Auckland'"))  # until this transaction ends
    events = trail()
    assert events[0].occurred_at.utcoffset().total_seconds() != 0  # read back in the session's zone
    assert_chain_intact(events)
    db.session.rollback()


def test_registering_through_the_website_records_user_registered(client):
    response = client.post("/register", data={
        "name": "Megan Hughes", "email": "megan.hughes@example.org",
        "password": PASSWORD, "password_again": PASSWORD,
    })
    assert response.status_code == 302

    megan = db.session.scalar(select(User).where(User.email == "megan.hughes@example.org"))
    [event] = [event for event in trail() if event.action == "user.registered"]
    assert (event.subject_type, event.subject_id, event.actor_id) == ("User", megan.id, megan.id)
    assert_chain_intact(trail())
