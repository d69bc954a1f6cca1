"""The demo shows moderation on the national strategy: a reported comment, a hidden one whose replies
stay, one held for moderation, and a response received on paper; Siân moderates for Glanmôr."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from coproduce.accounts.models import Membership, User
from coproduce.comments.models import Comment
from coproduce.demo import DEMO_PASSWORD, load_demo
from coproduce.documents.models import Document
from coproduce.extensions import db
from coproduce.moderation.models import ModerationAction, Report
from tests.conftest import text_of


@pytest.fixture
def demo(app, monkeypatch):
    monkeypatch.setattr("coproduce.accounts.models.generate_password_hash",
                        lambda password: generate_password_hash(password, "pbkdf2:sha256:1000"))
    with app.test_request_context():
        load_demo()
        db.session.commit()
    db.session.expire_all()
    return db.session.scalar(select(Document).where(Document.slug == "a-communities-strategy-for-wales"))


def comments_of(strategy) -> list[Comment]:
    return db.session.scalars(select(Comment).where(Comment.document_id == strategy.id)).all()


def test_the_demo_has_a_reported_comment_awaiting_a_moderator(demo):
    [report] = db.session.scalars(select(Report).where(Report.resolved_at.is_(None))).all()
    comment = db.session.get(Comment, report.item_id)
    assert (report.item_type, report.category, report.reporter.name) == ("comment", "off_topic", "Aisha Khan")
    assert (comment.author.name, comment.moderation, comment.document_id) == ("Tom Baker", "visible", demo.id)


def test_the_demo_has_a_hidden_comment_whose_replies_stay(demo, client):
    [hidden] = [c for c in comments_of(demo) if c.moderation == "hidden"]
    assert hidden.hidden_category == "personal_information"
    replies = [c for c in comments_of(demo) if c.parent_id == hidden.id]
    assert {r.author.name for r in replies} == {"Megan Hughes", "Dafydd Price"}
    assert all(r.moderation == "visible" for r in replies)
    [entry] = db.session.scalars(select(ModerationAction).where(ModerationAction.item_id == hidden.id)).all()
    assert (entry.action, entry.moderator.name) == ("hide", "Siân Jones")
    thread = text_of(client.get(f"/documents/{demo.slug}/comments/{hidden.id}/"))
    assert "Hidden by a moderator: Personal information." in thread
    assert "01234 567890" not in thread
    assert "Please don't share people's home numbers here." in thread


def test_the_demo_has_a_held_comment(demo):
    [held] = [c for c in comments_of(demo) if c.moderation == "held"]
    assert (held.author.name, held.organisation.name) == ("Tom Baker", "Afon Mutual Aid")


def test_the_demo_has_a_paper_response_entered_by_the_voluntary_council(demo, client):
    [paper] = [c for c in comments_of(demo) if c.channel]
    assert (paper.channel, paper.sent_by_name, paper.author.name, paper.organisation.name) == (
        "paper", "Tom Baker", "Siân Jones", "Afon Mutual Aid")
    assert "received on paper from Tom Baker, entered by Siân Jones" in text_of(
        client.get(f"/documents/{demo.slug}/comments/{paper.id}/"))


def test_the_demo_strategy_is_pre_moderated_and_sian_moderates(demo, client):
    assert demo.premoderated
    sian = db.session.scalar(select(User).where(User.email == "sian.jones@example.org"))
    assert any(m.is_moderator for m in db.session.scalars(select(Membership).where(Membership.user_id == sian.id)))
    client.sign_in("sian.jones@example.org", DEMO_PASSWORD)
    queue = text_of(client.get("/moderation/"))
    assert "Reported (1)" in queue and "Awaiting moderation (1)" in queue


def test_loading_the_demo_twice_adds_no_more_moderation(demo, app):
    before = len(db.session.scalars(select(ModerationAction)).all())
    with app.test_request_context():
        load_demo()
        db.session.commit()
    assert len(db.session.scalars(select(ModerationAction)).all()) == before
    assert len([c for c in comments_of(demo) if c.channel]) == 1
