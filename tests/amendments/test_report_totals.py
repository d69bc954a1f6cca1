"""The report's "In numbers" come from SQL aggregates; they must be the numbers that going through
every comment gives, with held input left out, hidden and deleted input kept as tombstones, and
official answers counted only while readers can see them."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from coproduce.accounts.models import Organisation
from coproduce.amendments.models import Amendment, AmendmentSupport
from coproduce.amendments.report import contents, summarise
from coproduce.comments import services as comment_services
from coproduce.comments.models import Comment
from coproduce.extensions import db
from tests.amendments.factories import create_amendment, create_decision, create_support
from tests.amendments.test_report import totals_table
from tests.comments.factories import create_comment, create_member, site_context
from tests.conftest import text_of
from tests.documents.helpers import soup_of
from tests.factories import create_organisation
from tests.moderation.factories import create_world, hide, settled


@pytest.fixture
def world():
    """Every kind of input the totals must treat right, on a pre-moderated consultation."""
    world = create_world()
    for person in (world.aisha, world.megan, world.dafydd, world.tom, world.sian, world.gareth):
        settled(person)
    world.consultation.document.premoderated = True
    db.session.commit()
    v1, purpose, boards, rhodri = world.version, world.consultation.key("Purpose"), world.boards, world.rhodri
    body = world.consultation.body

    answered = create_comment(v1, world.aisha, "Equal partners, at last.", clause_key=purpose,
                              organisation=world.pantry)
    reply = create_comment(v1, world.megan, "We agree.", parent=answered, organisation=world.trust, stance=None)
    create_comment(v1, rhodri, "We will write it in.", parent=reply, official=True, organisation=body, stance=None)
    held_reply = create_comment(v1, world.tom, "Held reply.", parent=answered, organisation=world.afon, stance=None)
    assert held_reply.moderation == "held"
    hidden_reply = create_comment(v1, world.dafydd, "Rude reply.", parent=answered, organisation=world.pantry,
                                  stance=None)
    hide(hidden_reply, world.sian)
    deleted_reply = create_comment(v1, world.dafydd, "Second thoughts.", parent=answered, stance=None)
    with_site(lambda: comment_services.delete_comment(deleted_reply, world.dafydd))

    held = create_comment(v1, world.tom, "Held root.", clause_key=boards, organisation=world.afon)
    # A reply under a comment still held: its group takes part, as the report has always counted it.
    foodbank = create_organisation("Cardiff Foodbank", area="cardiff")
    create_comment(v1, settled(create_member("Owain Reed", foodbank)), "Reply to a held comment.", parent=held,
                   organisation=foodbank, stance=None)

    hidden = create_comment(v1, world.sian, "Hidden general comment.", organisation=world.cvc)
    hide(hidden, world.elin)
    deleted = create_comment(v1, world.megan, "Deleted, then answered.", clause_key=boards, organisation=world.trust)
    with_site(lambda: comment_services.delete_comment(deleted, world.megan))
    create_comment(v1, rhodri, "We noted it before it went.", parent=deleted, official=True, organisation=body,
                   stance=None)

    unanswered = create_comment(v1, world.tom, "Speaking for myself.", clause_key=purpose)
    hidden_answer = create_comment(v1, rhodri, "An answer hidden later.", parent=unanswered, official=True,
                                   organisation=body, stance=None)
    hide(hidden_answer, world.sian)
    deleted_answer = create_comment(v1, rhodri, "An answer taken back.", parent=unanswered, official=True,
                                    organisation=body, stance=None)
    with_site(lambda: comment_services.delete_comment(deleted_answer, rhodri))
    create_comment(v1, rhodri, "An official note on the whole strategy.", official=True, organisation=body)

    accepted = create_amendment(v1, world.dafydd, world.pantry, purpose, "Equal partners in law.")
    create_decision(accepted, rhodri, "accepted", "Yes.")
    declined = create_amendment(v1, world.megan, world.trust, boards, "Two seats.")
    create_decision(declined, rhodri, "declined", "Not this time.")
    changed = create_amendment(v1, world.sian, world.cvc, boards, "Three seats.")
    create_support(changed, world.gareth, world.other_cvc)
    create_support(changed, world.megan, world.trust)
    create_decision(changed, rhodri, "accepted_with_changes", "Two, for now.", decided_text="Two seats for now.")
    create_amendment(v1, world.aisha, world.pantry, boards, "Open seats.")
    return world


def with_site(action):
    with site_context():
        action()
    db.session.commit()


def totals_the_long_way(version) -> dict:
    """The totals as the report used to work them out: every comment loaded and looked at."""
    roots = select(Comment.id).where(Comment.document_id == version.document_id,
                                     Comment.version_number == version.number, Comment.parent_id.is_(None))
    comments = db.session.scalars(select(Comment).where(Comment.root_id.in_(roots), Comment.moderation != "held")
                                  .order_by(Comment.root_id, Comment.path)).all()
    threads = {c.id: [c] for c in comments if c.parent_id is None}
    for comment in comments:
        if comment.parent_id is not None and comment.root_id in threads:
            threads[comment.root_id].append(comment)
    amendments = db.session.scalars(select(Amendment).where(Amendment.version_id == version.id)).all()
    supporters = db.session.scalars(select(AmendmentSupport.organisation_id).join(Amendment)
                                    .where(Amendment.version_id == version.id)).all()
    taking_part = {c.organisation_id for c in comments if c.organisation_id and not c.is_official}
    taking_part |= {a.organisation_id for a in amendments} | set(supporters)
    organisations = db.session.scalars(select(Organisation).where(Organisation.id.in_(taking_part))).all()
    return {
        "by_kind": Counter(o.kind for o in organisations),
        "by_area": Counter(o.area.name for o in organisations),
        "amendments": Counter(a.outcome or ("undecided" if a.state == "open" else a.state) for a in amendments),
        "threads": len(threads),
        "answered": sum(1 for thread in threads.values()
                        if any(c.is_official and c.deleted_at is None and c.moderation == "visible" for c in thread)),
    }


def test_the_totals_are_those_of_going_through_every_comment(app, world):
    with app.test_request_context():
        expected = totals_the_long_way(world.version)
        summary = summarise(world.version, contents(world.version))
    assert expected == {
        "by_kind": Counter({"community": 3, "cvc": 2}),  # Afon's input is all held: not yet taking part
        "by_area": Counter({"Glanmor": 3, "Cardiff": 2}),
        "amendments": Counter({"accepted": 1, "declined": 1, "accepted_with_changes": 1, "undecided": 1}),
        "threads": 5,  # the held one is no one's input yet
        "answered": 3,  # a hidden or deleted answer is no answer
    }
    assert (summary.organisations_by_kind, summary.organisations_by_area, summary.amendment_totals,
            summary.threads_total, summary.threads_answered) == tuple(expected.values())


def test_the_page_shows_those_totals_and_tombstones(client, world):
    page = client.get(f"/documents/{world.slug}/v/1/responses/")
    assert totals_table(page, "by kind") == {"Community groups": "3", "County Voluntary Councils": "2",
                                             "Public bodies": "0"}
    assert totals_table(page, "by area") == {"Glanmor": "3", "Cardiff": "2"}
    assert totals_table(page, "Amendments and threads") == {
        "Accepted": "1", "Accepted with changes": "1", "Declined": "1", "Undecided": "1",
        "Threads answered": "3 / 5 (60%)",
    }
    text = text_of(page)
    for words in ("Held root.", "Held reply.", "Hidden general comment.", "Deleted, then answered.",
                  "An answer hidden later.", "An answer taken back."):
        assert words not in text
    assert "Hidden by a moderator: Personal information." in text
    assert "Comment deleted by the author." in text
    assert "We noted it before it went." in text  # the answer to a deleted comment still stands


def test_a_thread_counts_every_public_reply(client, world):
    """Tombstones and official answers are replies a reader finds in the thread; held ones are not yet."""
    page = client.get(f"/documents/{world.slug}/v/1/responses/")
    item = next(i for i in soup_of(page).select(".app-report-item") if "Equal partners, at last." in i.get_text())
    assert "4 replies" in item.get_text()  # Megan's, the answer, the hidden and the deleted one
