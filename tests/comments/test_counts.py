"""The comment counts on the document page come from a small table the services keep up to date:
after every kind of change they equal a recount of the comments themselves (deleted, held and hidden
ones left out, replies in), and concurrent writers never lose an increment."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from coproduce.comments.models import Comment
from coproduce.comments.queries import counts_by_clause
from coproduce.comments.services import add_to_clause_count, delete_comment
from coproduce.extensions import db
from tests.comments.factories import create_comment, publish_next, site_context
from tests.documents.helpers import soup_of
from tests.moderation.factories import act, create_appeal, create_world, hide, settled


@pytest.fixture
def world():
    world = create_world()
    for person in (world.aisha, world.megan, world.dafydd, world.tom, world.sian):
        settled(person)
    world.consultation.document.premoderated = True  # Tom, for unverified Afon Mutual Aid, is held
    db.session.commit()
    return world


def recount(document_id: int, number: int) -> dict[str | None, int]:
    """What the counts must say: the comments themselves, counted the slow way."""
    return dict(db.session.execute(
        select(Comment.clause_key, func.count())
        .where(Comment.document_id == document_id, Comment.version_number <= number,
               Comment.deleted_at.is_(None), Comment.moderation == "visible")
        .group_by(Comment.clause_key)
    ).all())


def reply_recount() -> dict[int, int]:
    roots = db.session.scalars(select(Comment).where(Comment.parent_id.is_(None))).all()
    return {root.id: db.session.scalar(select(func.count()).select_from(Comment).where(
        Comment.root_id == root.id, Comment.parent_id.is_not(None), Comment.deleted_at.is_(None),
        Comment.moderation == "visible")) for root in roots}


def assert_counts_match(world, expected: dict[str | None, int]) -> None:
    db.session.expire_all()
    number = world.consultation.version.number
    assert counts_by_clause(world.consultation.document.id, number) == recount(world.consultation.document.id,
                                                                                number) == expected
    assert {root.id: root.reply_count for root in db.session.scalars(
        select(Comment).where(Comment.parent_id.is_(None)))} == reply_recount()


def test_counts_follow_posting_deleting_holding_hiding_restoring_and_appeals(world):
    boards, purpose = world.boards, world.consultation.key("Purpose")
    root = create_comment(world.version, world.aisha, "On the boards", clause_key=boards, organisation=world.pantry)
    reply = create_comment(world.version, world.megan, "A reply", parent=root, organisation=world.trust)
    deep = create_comment(world.version, world.dafydd, "A reply to a reply", parent=reply, stance=None)
    create_comment(world.version, world.megan, "On the whole", stance="question")
    create_comment(world.version, world.rhodri, "We will", parent=root, official=True,
                   organisation=world.consultation.body, stance=None)
    assert_counts_match(world, {boards: 4, None: 1})

    held = create_comment(world.version, world.tom, "Held a while", clause_key=purpose, organisation=world.afon)
    held_reply = create_comment(world.version, world.tom, "Held reply", parent=root, organisation=world.afon)
    assert held.is_held and held_reply.is_held
    assert_counts_match(world, {boards: 4, None: 1})  # held: not counted

    act("approve", held, world.sian)
    act("approve", held_reply, world.sian)
    assert_counts_match(world, {boards: 5, purpose: 1, None: 1})

    rejected = create_comment(world.version, world.tom, "Never shown", clause_key=purpose, organisation=world.afon)
    hide(rejected, world.sian)  # a held comment rejected: never counted
    assert_counts_match(world, {boards: 5, purpose: 1, None: 1})

    hidden = hide(reply, world.sian)
    assert_counts_match(world, {boards: 4, purpose: 1, None: 1})
    act("restore", reply, world.sian, "Read again: it was fine.")
    assert_counts_match(world, {boards: 5, purpose: 1, None: 1})

    with site_context():
        delete_comment(deep, world.dafydd)
    db.session.commit()
    assert_counts_match(world, {boards: 4, purpose: 1, None: 1})
    hide(deep, world.sian)  # hiding, then restoring, a deleted comment leaves it uncounted
    act("restore", deep, world.sian, "Restored, but its author deleted it.")
    assert_counts_match(world, {boards: 4, purpose: 1, None: 1})

    hidden = hide(root, world.sian)
    assert_counts_match(world, {boards: 3, purpose: 1, None: 1})
    appeal = create_appeal(hidden, world.aisha)
    act("decide_appeal", appeal, world.elin, True, "On reflection, it can stay.")  # overturned
    assert_counts_match(world, {boards: 4, purpose: 1, None: 1})

    deleted_while_held = create_comment(world.version, world.tom, "Changed my mind", clause_key=purpose,
                                        organisation=world.afon)
    with site_context():
        delete_comment(deleted_while_held, world.tom)
    db.session.commit()
    act("approve", deleted_while_held, world.sian)
    assert_counts_match(world, {boards: 4, purpose: 1, None: 1})


def test_comments_on_earlier_versions_count_on_later_ones_and_the_page_shows_the_counts(client, world):
    boards = world.boards
    create_comment(world.version, world.aisha, "On version 1", clause_key=boards, organisation=world.pantry)
    publish_next(world.consultation, "## Working with Public Service Boards\n\nTwo seats on each board.\n")
    create_comment(world.version, world.megan, "On version 2", clause_key=boards, organisation=world.trust)
    create_comment(world.version, world.megan, "General, on version 2", organisation=world.trust)
    assert_counts_match(world, {boards: 2, None: 1})
    assert counts_by_clause(world.consultation.document.id, 1) == {boards: 1}

    page = soup_of(client.get(f"/documents/{world.slug}/"))
    link = page.find("a", href=f"/documents/{world.slug}/v/2/clauses/{boards}/")
    link.select_one(".govuk-visually-hidden").decompose()
    assert link.get_text(" ", strip=True) == "2 comments"
    general = page.find("a", href=f"/documents/{world.slug}/v/2/comments/")
    assert general.get_text(strip=True) == "General comments on this version (1)"


def test_concurrent_writers_never_lose_an_increment(app, world):
    """Each writer adds one at a time, every addition its own transaction, all on a row that does not
    exist yet: a read-then-write would lose some; the upsert loses none."""
    document_id, writers, each = world.consultation.document.id, 4, 25
    start = threading.Barrier(writers, timeout=20)
    errors: list[Exception] = []

    def writer():
        with app.app_context():
            try:
                start.wait()
                for _ in range(each):
                    add_to_clause_count(document_id, 7, "contended", 1)
                    db.session.commit()
            except Exception as error:  # reported below, not lost in the thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert counts_by_clause(document_id, 7) == {"contended": writers * each}
