"""The demo data holds amendments on the national strategy in every state, with supports and decisions."""

from __future__ import annotations

from sqlalchemy import select

from coproduce.amendments.models import Amendment, AmendmentSupport, ClauseIncorporation
from coproduce.columns import utcnow
from coproduce.demo import load_demo
from coproduce.documents.models import Document
from coproduce.extensions import db
from tests.comments.factories import site_context
from tests.conftest import text_of


def demo_amendments() -> tuple[Document, list[Amendment]]:
    with site_context():
        load_demo()
    db.session.commit()
    db.session.expire_all()
    strategy = db.session.scalar(select(Document).where(Document.title == "A Communities Strategy for Wales"))
    return strategy, db.session.scalars(
        select(Amendment).where(Amendment.document_id == strategy.id).order_by(Amendment.id)).all()


def test_the_demo_has_amendments_in_every_state(app):
    strategy, amendments = demo_amendments()
    outcomes = {a.outcome for a in amendments}
    assert {"accepted", "accepted_with_changes", "declined"} <= outcomes
    states = {a.state for a in amendments}
    assert {"open", "withdrawn", "superseded"} <= states
    undecided = [a for a in amendments if a.state == "open" and a.outcome is None]
    assert any(a.support_count >= 1 for a in undecided)
    assert all(a.response for a in amendments if a.outcome)
    assert all(a.decided_text for a in amendments if a.outcome == "accepted_with_changes")
    superseded = next(a for a in amendments if a.state == "superseded")
    assert superseded.superseded_by_id in {a.id for a in amendments}
    assert superseded.support_count >= 1  # supported, which is why the revision replaced it
    assert {a.version_number for a in amendments} == {1, 2}
    assert all(a.created_at <= utcnow() for a in amendments)
    supports = db.session.scalars(select(AmendmentSupport)).all()
    assert len({s.organisation.kind for s in supports}) >= 2
    for amendment in amendments:  # counts agree with the rows
        assert amendment.support_count == sum(1 for s in supports if s.amendment_id == amendment.id)


def test_version_2_of_the_demo_incorporates_the_accepted_amendments(app, client):
    strategy, amendments = demo_amendments()
    accepted = {a.id for a in amendments if a.version_number == 1 and a.is_accepted}
    incorporated = set(db.session.scalars(select(ClauseIncorporation.amendment_id)))
    assert accepted and incorporated == accepted
    page = client.get(f"/documents/{strategy.slug}/v/2/")
    assert "Incorporates" in text_of(page)
    report = client.get(f"/documents/{strategy.slug}/v/1/responses/")
    assert report.status_code == 200 and "Accepted with changes" in text_of(report)


def test_loading_the_demo_twice_adds_no_amendments(app):
    _strategy, first = demo_amendments()
    _strategy, second = demo_amendments()
    assert [a.id for a in first] == [a.id for a in second]
