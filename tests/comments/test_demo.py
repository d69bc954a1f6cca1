"""The demo data holds a lively discussion on the national strategy."""

from __future__ import annotations

from sqlalchemy import select

from coproduce.columns import utcnow
from coproduce.comments.models import Comment
from coproduce.documents.models import Document
from coproduce.extensions import db
from tests.conftest import text_of

DEMO_ORGANISATIONS = {
    "Welsh Government, Communities Division", "Glanmôr County Council", "Glanmôr Voluntary Council",
    "Penrhos Community Pantry", "Tŷ Cymunedol Development Trust", "Afon Mutual Aid",
}


def strategy_comments(app) -> tuple[Document, list[Comment]]:
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    strategy = db.session.scalar(select(Document).where(Document.title == "A Communities Strategy for Wales"))
    return strategy, db.session.scalars(select(Comment).where(Comment.document_id == strategy.id)).all()


def test_the_demo_has_a_lively_discussion_on_the_strategy(app):
    strategy, comments = strategy_comments(app)

    assert len(comments) >= 40
    official = [c for c in comments if c.is_official]
    assert len(official) >= 5
    assert {c.author.name for c in official} == {"Carys Morgan"}
    assert {c.organisation.name for c in official} == {"Welsh Government, Communities Division"}
    assert all(c.parent_id is not None for c in official)  # answers within threads
    assert {c.organisation.name for c in comments if c.organisation} == DEMO_ORGANISATIONS
    assert any(c.organisation is None for c in comments)  # someone speaks for themselves
    assert max(c.depth for c in comments) >= 3
    assert {c.version_number for c in comments} == {1, 2}
    assert any(c.clause_key is None for c in comments) and any(c.clause_key for c in comments)
    assert {c.stance for c in comments if c.parent_id is None} == {"support", "concern", "question", "suggestion"}
    assert all(c.created_at <= utcnow() for c in comments)  # nothing said in the future
    roots = {c.id: c for c in comments if c.parent_id is None}
    for root in roots.values():
        assert root.reply_count == sum(1 for c in comments if c.root_id == root.id and c.id != root.id)


def test_loading_the_demo_twice_adds_no_comments(app):
    _strategy, first = strategy_comments(app)
    _strategy, second = strategy_comments(app)
    assert len(second) == len(first)


def test_the_demo_discussion_reads_well(app, client):
    strategy, comments = strategy_comments(app)
    page = client.get(f"/documents/{strategy.slug}/")
    assert "comments" in text_of(page)
    funding_v1 = next(c for c in comments if c.parent_id is None and c.version_number == 1
                      and "Two-year funding" in c.body)
    thread = text_of(client.get(f"/documents/{strategy.slug}/comments/{funding_v1.id}/?v=2"))
    assert "made on version 1" in thread
    assert "Official response" in thread
