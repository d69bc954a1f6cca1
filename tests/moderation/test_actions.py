"""A moderator's actions, each with a recorded reason: hide (a tombstone with the category; replies
stay), restore, dismiss the reports, redact personal information (the original kept for moderators
only), lock and unlock a thread, suspend a person from posting. The author is told, by notification
and email; the log lists every step; the document page counts what was hidden and restored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from coproduce import permissions
from coproduce.columns import utcnow
from coproduce.comments.models import Comment
from coproduce.comments.services import post_comment
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.immutable import ImmutableError
from coproduce.moderation.models import ModerationAction, Report, Suspension
from tests.comments.factories import create_comment, site_context
from tests.conftest import text_of
from tests.documents.helpers import post_and_follow, soup_of
from tests.factories import outbox_to, reload
from tests.moderation.factories import (
    SECRET,
    act,
    create_report,
    hide,
    log_entries,
    moderation_notifications,
    moderation_url,
    tom_s_thread,
)


@pytest.fixture
def thread(world):
    comment, replies = tom_s_thread(world)
    create_report(comment, world.aisha, "personal_information", "A private phone number.")
    return comment, replies


@pytest.fixture
def comment(thread):
    return thread[0]


@pytest.fixture
def sian(client, world):
    client.sign_in("sian@example.org")
    return client


def thread_url(world, comment):
    return f"/documents/{world.slug}/comments/{comment.root_id}/"


def texts_on(response) -> list[str]:
    return [t.get_text(" ", strip=True) for t in soup_of(response).select(".app-comment__text")]


def tombstones_on(response) -> list[str]:
    return [t.get_text(" ", strip=True) for t in soup_of(response).select(".app-comment__tombstone")]


# --- every action needs a reason ---------------------------------------------------------


@pytest.mark.parametrize("action", ["hide", "dismiss", "redact", "lock", "suspend"])
def test_every_action_needs_a_reason(sian, world, comment, action):
    response = post_and_follow(sian, moderation_url(comment, action),
                               {"reason": "   ", "category": "abusive", "new_text": "Ring the council.", "days": "3"})
    assert "Give the reason for this action" in text_of(response)
    assert log_entries() == []
    after = reload(Comment, comment.id)
    assert (after.moderation, after.body, after.locked_at) == ("visible", SECRET, None)
    assert db.session.scalars(select(Suspension)).all() == []


def test_the_service_also_refuses_an_action_without_a_reason(world, comment):
    with pytest.raises(ServiceError):
        act("hide", comment, world.sian, "abusive", "")
    db.session.rollback()
    assert log_entries() == []


def test_a_long_reason_is_refused(sian, world, comment):
    response = post_and_follow(sian, moderation_url(comment, "hide"), {"reason": "x" * 2001, "category": "abusive"})
    assert "Give the reason for this action" in text_of(response)
    assert log_entries() == []


def test_the_item_page_offers_each_action_in_its_own_form(sian, world, comment):
    soup = soup_of(sian.get(moderation_url(comment)))
    actions = [form["action"].rsplit("/", 1)[1] for form in soup.select("form[action^='/moderation/comment/']")]
    assert actions == ["hide", "dismiss", "redact", "lock", "unlock", "suspend"]
    for form in soup.select("form[action^='/moderation/comment/']"):
        assert form.find("textarea", attrs={"name": "reason"}) is not None


# --- hide and restore ----------------------------------------------------------------------


def test_hiding_shows_a_tombstone_with_the_category_and_keeps_the_replies(client, world, thread):
    comment, replies = thread
    client.sign_in("sian@example.org")
    response = post_and_follow(client, moderation_url(comment, "hide"),
                               {"category": "personal_information", "reason": "It shared a private phone number."})
    assert "Done. The action is in the moderation log." in text_of(response)
    client.sign_out()
    public = client.get(thread_url(world, comment))
    assert tombstones_on(public) == ["Hidden by a moderator: Personal information."]
    assert texts_on(public) == ["Please don't share people's home numbers here.",
                                "The partnership meetings are open to everyone."]
    assert SECRET not in public.get_data(as_text=True)
    after = reload(Comment, comment.id)
    assert (after.moderation, after.hidden_category, after.body) == ("hidden", "personal_information", SECRET)
    [entry] = log_entries()
    assert (entry.action, entry.category, entry.reason, entry.moderator_id, entry.target_user_id) == (
        "hide", "personal_information", "It shared a private phone number.", world.sian.id, world.tom.id)
    assert all(r.resolved_at is not None for r in db.session.scalars(select(Report)))


def test_hiding_needs_a_category(sian, world, comment):
    response = post_and_follow(sian, moderation_url(comment, "hide"), {"reason": "Rude."})
    assert "Choose the reason's category" in text_of(response)
    assert reload(Comment, comment.id).moderation == "visible"
    assert log_entries() == []


def test_a_hidden_reply_no_longer_counts_and_counts_again_once_restored(world, thread):
    comment, replies = thread
    assert reload(Comment, comment.id).reply_count == 2
    hide(replies[0], world.sian)
    assert reload(Comment, comment.id).reply_count == 1
    act("restore", reload(Comment, replies[0].id), world.sian, "On reflection it is fine.")
    assert reload(Comment, comment.id).reply_count == 2


def test_restoring_brings_the_words_back(client, world, comment):
    hide(comment, world.sian)
    client.sign_in("elin@example.org")
    soup = soup_of(client.get(moderation_url(comment)))
    actions = [form["action"].rsplit("/", 1)[1] for form in soup.select("form[action^='/moderation/comment/']")]
    assert "restore" in actions and "hide" not in actions
    post_and_follow(client, moderation_url(comment, "restore"), {"reason": "It is the council's public number."})
    client.sign_out()
    public = client.get(thread_url(world, comment))
    assert SECRET in texts_on(public)
    assert tombstones_on(public) == []
    assert [e.action for e in log_entries()] == ["hide", "restore"]


def test_only_hidden_items_are_restored_and_hidden_items_are_not_hidden_twice(sian, world, comment):
    response = post_and_follow(sian, moderation_url(comment, "restore"), {"reason": "Why not."})
    assert "Only hidden items can be restored." in text_of(response)
    hide(comment, world.sian)
    response = post_and_follow(sian, moderation_url(comment, "hide"), {"reason": "Again.", "category": "spam"})
    assert "This is already hidden." in text_of(response)
    assert [e.action for e in log_entries()] == ["hide"]


def test_a_hidden_amendment_shows_a_tombstone_to_the_public_and_its_text_to_moderators(client, world):
    from tests.amendments.factories import create_amendment

    amendment = create_amendment(world.version, world.aisha, world.pantry, world.boards,
                                 "Two seats on each Board.", "Call Dafydd at home on 07700 900123.")
    client.sign_in("sian@example.org")
    post_and_follow(client, moderation_url(amendment, "hide", "amendment"),
                    {"category": "personal_information", "reason": "A private number."})
    url = f"/documents/{world.slug}/amendments/{amendment.id}/"
    assert "07700 900123" in text_of(client.get(url))
    client.sign_out()
    public = text_of(client.get(url))
    assert "Hidden by a moderator: Personal information." in public
    assert "07700 900123" not in public and "Two seats on each Board." not in public


# --- dismiss -------------------------------------------------------------------------------------


def test_dismissing_resolves_the_reports_and_leaves_the_words(sian, world, comment):
    post_and_follow(sian, moderation_url(comment, "dismiss"), {"reason": "The number is the council's switchboard."})
    assert all(r.resolved_at is not None for r in db.session.scalars(select(Report)))
    assert reload(Comment, comment.id).moderation == "visible"
    assert [e.action for e in log_entries()] == ["dismiss"]
    assert moderation_notifications(world.tom) == []  # nothing happened to Tom's words


# --- redact ------------------------------------------------------------------------------------------


def test_redacting_shows_the_public_the_new_text_and_keeps_the_original_for_moderators(client, world, comment):
    client.sign_in("sian@example.org")
    form = soup_of(client.get(moderation_url(comment)))
    assert form.find("textarea", attrs={"name": "new_text"}).get_text().strip() == SECRET  # ready to edit
    post_and_follow(client, moderation_url(comment, "redact"),
                    {"new_text": "Ring the director [number removed by a moderator].",
                     "reason": "A private phone number."})
    moderator_page = text_of(client.get(moderation_url(comment)))
    assert "Original, before personal information was removed (moderators only):" in moderator_page
    assert SECRET in moderator_page
    client.sign_out()
    public = client.get(thread_url(world, comment))
    assert texts_on(public)[0] == "Ring the director [number removed by a moderator]."
    assert "A moderator removed personal information from this comment." in text_of(public)
    assert "01234 567890" not in public.get_data(as_text=True)
    assert client.get(f"/documents/{world.slug}/comments/{comment.id}/history").status_code == 404
    after = reload(Comment, comment.id)
    assert (after.original_body, after.moderation) == (SECRET, "visible")
    [entry] = log_entries()
    assert (entry.action, entry.category) == ("redact", "personal_information")


def test_redacting_an_edited_comment_hides_its_history_too(client, world):
    from coproduce.comments.services import edit_comment

    comment = create_comment(world.version, world.tom, "Boards ignore us.", clause_key=world.boards)
    with site_context():
        edit_comment(comment, world.tom, SECRET)
    db.session.commit()
    history = f"/documents/{world.slug}/comments/{comment.id}/history"
    assert client.get(history).status_code == 200
    act("redact", reload(Comment, comment.id), world.sian, "Ring the director.", "A private number.")
    assert client.get(history).status_code == 404
    thread = client.get(thread_url(world, comment))
    assert soup_of(thread).find("a", href=history) is None


def test_redacting_needs_the_new_text(sian, world, comment):
    response = post_and_follow(sian, moderation_url(comment, "redact"), {"new_text": " ", "reason": "Number."})
    assert "Enter the text with the personal information removed" in text_of(response)
    assert reload(Comment, comment.id).original_body is None


def test_redacting_twice_keeps_the_first_original(world, comment):
    act("redact", comment, world.sian, "Ring the director.", "A number.")
    act("redact", reload(Comment, comment.id), world.sian, "Ring the council.", "Still too personal.")
    after = reload(Comment, comment.id)
    assert (after.body, after.original_body) == ("Ring the council.", SECRET)


def test_redacting_an_amendment_keeps_its_original_reasons(client, world):
    from coproduce.amendments.models import Amendment
    from tests.amendments.factories import create_amendment

    amendment = create_amendment(world.version, world.aisha, world.pantry, world.boards,
                                 "Two seats on each Board.", "Call Dafydd at home on 07700 900123.")
    act("redact", amendment, world.sian, "Call Dafydd at the pantry.", "A private number.")
    after = reload(Amendment, amendment.id)
    assert (after.rationale, after.original_rationale) == ("Call Dafydd at the pantry.",
                                                           "Call Dafydd at home on 07700 900123.")
    public = text_of(client.get(f"/documents/{world.slug}/amendments/{amendment.id}/"))
    assert "Call Dafydd at the pantry." in public and "07700 900123" not in public
    assert "A moderator removed personal information from the reasons." in public


# --- lock ------------------------------------------------------------------------------------------------


def test_a_locked_thread_takes_no_new_replies_until_unlocked(client, world, thread):
    comment, replies = thread
    client.sign_in("sian@example.org")
    post_and_follow(client, moderation_url(replies[0], "lock"), {"reason": "The discussion has become heated."})
    assert reload(Comment, comment.id).locked_at is not None  # the lock is on the thread's root
    client.sign_out()
    client.sign_in("megan@example.org")
    page = client.get(thread_url(world, comment))
    assert "A moderator has locked this thread: no new replies." in text_of(page)
    assert soup_of(page).select("a[href$='/reply?v=1']") == []
    reply = f"/documents/{world.slug}/comments/{comment.id}/reply"
    assert client.get(reply).status_code == 403
    assert client.post(reply, data={"body": "One more thing.", "speak_for": "self"}).status_code == 403
    with pytest.raises(ServiceError, match="locked"):
        post_comment(version=world.version, author=world.megan, body="One more thing.", stance=None,
                     organisation=None, parent=reload(Comment, replies[1].id))
    db.session.rollback()
    client.sign_out()
    client.sign_in("sian@example.org")
    post_and_follow(client, moderation_url(comment, "unlock"), {"reason": "Calmer now."})
    client.sign_out()
    client.sign_in("megan@example.org")
    response = client.post(reply, data={"body": "One more thing.", "speak_for": "self"})
    assert response.status_code == 302
    assert [e.action for e in log_entries()] == ["lock", "unlock"]
    assert moderation_notifications(world.tom) == []  # locking is about the thread, not Tom's words


def test_a_locked_thread_still_takes_new_threads_and_official_responses(client, world, comment):
    act("set_lock", comment, world.sian, True, "Heated.")
    create_comment(world.version, world.megan, "A new point on the Boards.", clause_key=world.boards)
    official = create_comment(world.version, world.rhodri, "The council will reply at the meeting.",
                              parent=reload(Comment, comment.id), official=True, stance=None)
    assert official.parent_id == comment.id


# --- suspend ------------------------------------------------------------------------------------------------


def test_a_suspended_person_cannot_comment_for_the_period(client, world, comment):
    client.sign_in("sian@example.org")
    post_and_follow(client, moderation_url(comment, "suspend"), {"days": "7", "reason": "Repeated personal details."})
    [suspension] = db.session.scalars(select(Suspension)).all()
    assert suspension.user_id == world.tom.id
    assert timedelta(days=6, hours=23) < suspension.until - utcnow() <= timedelta(days=7)
    assert permissions.is_suspended(reload(type(world.tom), world.tom.id))
    client.sign_out()
    client.sign_in("tom@example.org")
    clause = f"/documents/{world.slug}/v/1/clauses/{world.boards}/"
    assert client.post(clause, data={"body": "Again.", "stance": "concern", "speak_for": "self"}).status_code == 403
    reply = f"/documents/{world.slug}/comments/{comment.id}/reply"
    assert client.post(reply, data={"body": "Again.", "speak_for": "self"}).status_code == 403
    suspension.until = utcnow() - timedelta(minutes=1)  # the period is over
    db.session.commit()
    assert client.post(clause, data={"body": "Back.", "stance": "concern", "speak_for": "self"}).status_code == 302


def test_suspension_needs_between_1_and_365_days(sian, world, comment):
    for days in ("", "0", "366"):
        post_and_follow(sian, moderation_url(comment, "suspend"), {"days": days, "reason": "Too much."})
    assert db.session.scalars(select(Suspension)).all() == []
    assert log_entries() == []


def test_suspension_does_not_stop_others(world, comment):
    act("suspend", comment, world.sian, 3, "Too much.")
    assert not permissions.is_suspended(world.megan)
    assert permissions.can_comment(world.megan, world.version)


# --- the author is told, with the reason ------------------------------------------------------------------


@pytest.mark.parametrize("verb, args, label", [
    ("hide", ("personal_information", "It shared a private phone number."), "Hidden"),
    ("redact", ("Ring the director.", "It shared a private phone number."), "Personal information removed"),
    ("suspend", (7, "It shared a private phone number."), "Author suspended from posting"),
])
def test_the_author_is_notified_and_emailed_with_the_reason(client, world, comment, verb, args, label):
    entry = act(verb, comment, world.sian, *args)
    [notification] = moderation_notifications(world.tom)
    assert notification.moderation_action_id == entry.id
    [email] = [m for m in outbox_to("tom@example.org") if "A moderator acted" in m.subject]
    assert email.subject == "A moderator acted on what you wrote on Glanmôr Community Partnership Agreement"
    assert "It shared a private phone number." in email.body_text
    assert label in email.body_text
    assert f"/moderation/decisions/{entry.id}" in email.body_text
    client.sign_in("tom@example.org")
    page = client.get("/notifications/")
    link = soup_of(page).find("a", href=lambda h: h and f"/moderation/decisions/{entry.id}" in h)
    assert f"A moderator acted on what you wrote on Glanmôr Community Partnership Agreement: {label}" in \
        link.get_text(" ", strip=True)
    decision = text_of(client.get(f"/moderation/decisions/{entry.id}"))
    assert "It shared a private phone number." in decision
    assert label in decision


def test_restoring_tells_the_author_too(world, comment):
    hide(comment, world.sian)
    act("restore", reload(Comment, comment.id), world.elin, "On reflection it is fine.")
    assert [n.kind for n in moderation_notifications(world.tom)] == ["moderation", "moderation"]


# --- the log and the public counts ------------------------------------------------------------------------


def test_the_log_lists_each_step_newest_first_with_its_reason(sian, world, thread):
    comment, replies = thread
    hide(comment, world.sian, "personal_information", "A private number.")
    act("set_lock", reload(Comment, comment.id), world.elin, True, "Heated.")
    act("restore", reload(Comment, comment.id), world.elin, "It is the council's public number.")
    rows = [[td.get_text(" ", strip=True) for td in row.select("td")]
            for row in soup_of(sian.get("/moderation/log")).select("tbody tr")]
    assert [(r[1], r[3], r[4]) for r in rows] == [
        ("Restored", "Elin Rowlands", "It is the council's public number."),
        ("Thread locked", "Elin Rowlands", "Heated."),
        ("Hidden (Personal information)", "Siân Jones", "A private number."),
    ]
    assert all(r[2] == f"Glanmôr Community Partnership Agreement: comment {comment.id}" for r in rows)


def test_log_entries_never_change(world, comment):
    entry = hide(comment, world.sian)
    entry.reason = "Something else."
    with pytest.raises(ImmutableError):
        db.session.commit()
    db.session.rollback()


def test_the_document_page_counts_what_was_hidden_and_restored(client, world, thread):
    comment, replies = thread
    url = f"/documents/{world.slug}/"
    assert "Moderation on this document" not in text_of(client.get(url))
    hide(comment, world.sian)
    hide(replies[0], world.sian, "abusive", "Rude.")
    act("restore", reload(Comment, comment.id), world.elin, "Fine after all.")
    act("dismiss_reports", reload(Comment, replies[1].id), world.elin, "Nothing wrong.")
    assert "Moderation on this document: 2 hidden, 1 restored." in text_of(client.get(url))


def test_moderation_is_recorded_in_the_audit_trail(world, comment):
    from coproduce.audit.trail import AuditEvent

    hide(comment, world.sian)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "moderation.reported" in actions and "moderation.hide" in actions
    assert db.session.scalar(select(ModerationAction.id)) is not None


def test_a_hidden_amendment_is_neither_supported_nor_decided_until_restored(client, world):
    from tests.amendments.factories import create_amendment

    amendment = create_amendment(world.version, world.aisha, world.pantry, world.boards,
                                 "Two seats on each Board.", "Call Dafydd at home on 07700 900123.")
    act("hide", amendment, world.sian, "personal_information", "A private number.")
    url = f"/documents/{world.slug}/amendments/{amendment.id}/"
    client.sign_in("rhodri@example.org")  # the officer who would decide it
    page = client.get(url)
    assert soup_of(page).find("form", action=f"{url}decide") is None
    assert "07700 900123" not in page.get_data(as_text=True)
    client.sign_out()
    client.sign_in("megan@example.org")
    assert soup_of(client.get(url)).find("form", action=f"{url}support") is None
    assert client.post(f"{url}support", data={"organisation_id": str(world.trust.id)}).status_code == 403
    client.sign_out()
    act("restore", reload(type(amendment), amendment.id), world.elin, "The number is the pantry's.")
    client.sign_in("megan@example.org")
    assert soup_of(client.get(url)).find("form", action=f"{url}support") is not None


def test_the_author_cannot_edit_back_what_a_moderator_redacted(client):
    from coproduce.comments.models import Comment
    from coproduce.extensions import db as database
    from coproduce.moderation import services as moderation
    from tests.comments.factories import (
        create_comment,
        create_consultation,
        create_member,
        site_context,
    )

    consultation = create_consultation()
    author = create_member("Tom Baker", email="tom.redact@example.org")
    moderator = consultation.officer
    moderator.is_site_admin = True
    database.session.commit()
    comment = create_comment(consultation.version, author, body="Call 01234 567890.")
    with site_context():
        moderation.redact(comment, moderator, "Call the council.", "A private number.")
    database.session.commit()
    client.sign_in("tom.redact@example.org")

    assert client.get(f"/documents/{consultation.document.slug}/comments/{comment.id}/edit").status_code == 403
    assert client.post(f"/documents/{consultation.document.slug}/comments/{comment.id}/edit",
                       data={"body": "Call 01234 567890."}).status_code == 403
    database.session.expire_all()
    assert database.session.get(Comment, comment.id).body == "Call the council."
