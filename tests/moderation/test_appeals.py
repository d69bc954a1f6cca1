"""The author reads a decision and may appeal it once; the appeal goes to a different moderator or a
site admin, whose overturning undoes the action and whose answer the author is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from coproduce import permissions
from coproduce.comments.models import Comment
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.moderation import services
from coproduce.moderation.models import Appeal, Suspension
from tests.comments.factories import site_context
from tests.conftest import text_of
from tests.documents.helpers import error_summary, post_and_follow, soup_of
from tests.factories import outbox_to, reload
from tests.moderation.factories import (
    SECRET,
    act,
    create_appeal,
    create_report,
    hide,
    log_entries,
    moderation_notifications,
    tom_s_thread,
)


@pytest.fixture
def comment(world):
    comment = tom_s_thread(world)[0]
    create_report(comment, world.aisha, "personal_information")
    return comment


@pytest.fixture
def hidden(world, comment):
    return hide(comment, world.sian, "personal_information", "It shared a private phone number.")


def appeals() -> list[Appeal]:
    db.session.expire_all()
    return db.session.scalars(select(Appeal).order_by(Appeal.id)).all()


def decide(client, appeal, outcome="overturned", response="It is the council's public switchboard."):
    return client.post(f"/moderation/appeals/{appeal.id}", data={"outcome": outcome, "response": response})


def test_the_author_appeals_once_from_the_decision_page(client, world, hidden):
    client.sign_in("tom@example.org")
    url = f"/moderation/decisions/{hidden.id}"
    page = client.get(url)
    assert "You can appeal this decision once." in text_of(page)
    response = post_and_follow(client, url, {"text": "It is the council's public number, not a private one."})
    page = text_of(response)
    assert "Your appeal is sent. A different moderator will decide it." in page
    assert "It is the council's public number, not a private one." in page
    assert "A different moderator will decide your appeal." in page
    assert soup_of(response).find("textarea", attrs={"name": "text"}) is None  # no second appeal offered
    assert client.post(url, data={"text": "And again."}).status_code == 403
    [appeal] = appeals()
    assert (appeal.action_id, appeal.appellant_id, appeal.outcome) == (hidden.id, world.tom.id, None)


def test_the_service_refuses_a_second_appeal_and_an_appeal_by_someone_else(world, hidden):
    create_appeal(hidden, world.tom)
    with pytest.raises(ServiceError, match="once"):
        services.appeal(hidden, world.tom, "Again.")
    with pytest.raises(ServiceError):
        services.appeal(hidden, world.megan, "On Tom's behalf.")


def test_an_appeal_needs_words(client, world, hidden):
    client.sign_in("tom@example.org")
    response = client.post(f"/moderation/decisions/{hidden.id}", data={"text": "  "})
    assert response.status_code == 200
    assert error_summary(response) == ["Say why the decision should change"]
    assert appeals() == []


def test_only_actions_against_the_author_are_appealable(client, world, comment):
    dismissed = act("dismiss_reports", comment, world.sian, "Nothing wrong.")
    assert not permissions.can_appeal(world.tom, dismissed, False)
    client.sign_in("tom@example.org")
    assert client.post(f"/moderation/decisions/{dismissed.id}", data={"text": "Why?"}).status_code == 403


def test_the_same_moderator_cannot_decide_the_appeal(client, world, hidden):
    appeal = create_appeal(hidden, world.tom)
    client.sign_in("sian@example.org")
    page = client.get(f"/moderation/appeals/{appeal.id}")
    assert soup_of(page).find("input", attrs={"name": "outcome"}) is None
    assert decide(client, appeal).status_code == 403
    with pytest.raises(ServiceError, match="different moderator"):
        services.decide_appeal(appeal, world.sian, True, "I changed my mind.")
    db.session.rollback()
    assert reload(Appeal, appeal.id).outcome is None


def test_a_different_moderator_overturns_and_the_comment_is_restored(client, world, comment, hidden):
    appeal = create_appeal(hidden, world.tom, "It is the council's public number.")
    client.sign_in("elin@example.org")
    page = text_of(client.get(f"/moderation/appeals/{appeal.id}"))
    assert "Appeal by Tom Baker" in page
    assert "It is the council's public number." in page
    assert "It shared a private phone number." in page  # the reason given
    assert SECRET in page  # the words in question
    response = post_and_follow(client, f"/moderation/appeals/{appeal.id}",
                               {"outcome": "overturned", "response": "You are right: it is the switchboard."})
    assert "The appeal is decided and the author has been told." in text_of(response)
    assert decide(client, appeal).status_code == 403  # decided once
    client.sign_out()
    after = reload(Comment, comment.id)
    assert (after.moderation, after.hidden_category) == ("visible", None)
    public = client.get(f"/documents/{world.slug}/comments/{comment.id}/")
    assert SECRET in text_of(public)
    decided = reload(Appeal, appeal.id)
    assert (decided.outcome, decided.decided_by_id) == ("overturned", world.elin.id)
    assert [e.action for e in log_entries()] == ["hide", "appeal_overturned"]
    assert moderation_notifications(world.tom)[-1].moderation_action_id == log_entries()[-1].id
    assert "You are right: it is the switchboard." in outbox_to("tom@example.org")[-1].body_text
    client.sign_in("tom@example.org")
    decision = text_of(client.get(f"/moderation/decisions/{hidden.id}"))
    assert "Overturned: the action was undone. You are right: it is the switchboard." in decision


def test_an_overturned_hide_counts_as_restored_on_the_document_page(client, world, hidden):
    appeal = create_appeal(hidden, world.tom)
    with site_context():
        services.decide_appeal(appeal, world.elin, True, "Restored.")
    db.session.commit()
    assert "Moderation on this document: 1 hidden, 1 restored." in text_of(client.get(f"/documents/{world.slug}/"))


def test_an_upheld_appeal_leaves_the_comment_hidden(client, world, comment, hidden):
    appeal = create_appeal(hidden, world.tom)
    client.sign_in("elin@example.org")
    post_and_follow(client, f"/moderation/appeals/{appeal.id}",
                    {"outcome": "upheld", "response": "A home number is personal information."})
    assert reload(Comment, comment.id).moderation == "hidden"
    client.sign_out()
    client.sign_in("tom@example.org")
    assert "Upheld: the action stands. A home number is personal information." in text_of(
        client.get(f"/moderation/decisions/{hidden.id}"))


def test_a_site_admin_decides_an_appeal(client, world, comment, hidden):
    appeal = create_appeal(hidden, world.tom)
    client.sign_in("admin@example.org")
    assert soup_of(client.get("/moderation/")).find("a", href=f"/moderation/appeals/{appeal.id}") is not None
    assert decide(client, appeal).status_code == 302
    assert reload(Comment, comment.id).moderation == "visible"


def test_a_decision_needs_an_outcome_and_a_response(client, world, hidden):
    appeal = create_appeal(hidden, world.tom)
    client.sign_in("elin@example.org")
    response = client.post(f"/moderation/appeals/{appeal.id}", data={})
    assert error_summary(response) == ["Choose a decision", "Write the response the author will read"]
    assert reload(Appeal, appeal.id).outcome is None


def test_decided_appeals_leave_the_queue(client, world, hidden):
    appeal = create_appeal(hidden, world.tom)
    client.sign_in("elin@example.org")
    decide(client, appeal, "upheld")
    assert soup_of(client.get("/moderation/")).find("a", href=f"/moderation/appeals/{appeal.id}") is None
    assert "No appeals are waiting." in text_of(client.get("/moderation/"))


def test_overturning_a_redaction_brings_back_the_original(world, comment):
    entry = act("redact", comment, world.sian, "Ring the director.", "A number.")
    with site_context():
        services.decide_appeal(create_appeal(entry, world.tom), world.elin, True, "It is public.")
    db.session.commit()
    after = reload(Comment, comment.id)
    assert (after.body, after.original_body) == (SECRET, None)


def test_overturning_a_lock_unlocks_the_thread(world, comment):
    entry = act("set_lock", comment, world.sian, True, "Heated.")
    with site_context():
        services.decide_appeal(create_appeal(entry, world.tom), world.elin, True, "It was calm.")
    db.session.commit()
    assert reload(Comment, comment.id).locked_at is None


def test_overturning_a_suspension_lifts_it(world, comment):
    entry = act("suspend", comment, world.sian, 30, "Too much.")
    assert permissions.is_suspended(world.tom)
    with site_context():
        services.decide_appeal(create_appeal(entry, world.tom), world.admin, True, "Too harsh.")
    db.session.commit()
    assert not permissions.is_suspended(reload(type(world.tom), world.tom.id))
    [suspension] = db.session.scalars(select(Suspension)).all()
    assert suspension.lifted_at is not None
    assert suspension.until - suspension.lifted_at > timedelta(days=29)  # kept on record, lifted early
