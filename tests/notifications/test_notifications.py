"""Following documents and being told: replies, official responses, new
versions and closing consultations, in-app with an unread count in the
header, and by email at once, in a daily digest, or not at all."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from coproduce.columns import utcnow
from coproduce.extensions import db
from coproduce.notifications.models import Follow, Notification, NotificationPreference
from tests.comments.factories import (
    create_comment,
    create_consultation,
    create_member,
    publish_next,
)
from tests.conftest import text_of
from tests.documents.helpers import soup_of
from tests.factories import outbox_to

TITLE = "A Communities Strategy for Wales"


def notifications_of(user) -> list[tuple[str, int | None]]:
    db.session.expire_all()
    return [(n.kind, n.comment_id) for n in db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


def follows(user, document) -> Follow | None:
    db.session.expire_all()
    return db.session.scalar(select(Follow).where(Follow.user_id == user.id, Follow.document_id == document.id))


def reply(client, consultation, parent, body="I agree.", **data):
    response = client.post(f"/documents/{consultation.slug}/comments/{parent.id}/reply",
                           data={"body": body, "speak_for": "self", **data})
    assert response.status_code == 302, text_of(response)
    return response


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def set_frequency(user, frequency):
    db.session.merge(NotificationPreference(user_id=user.id, email_frequency=frequency))
    db.session.commit()


def unread_in_header(client) -> str | None:
    count = soup_of(client.get("/documents/")).select_one(".app-unread-count")
    return count.get_text(" ", strip=True) if count else None


# --- following ---------------------------------------------------------------------


def test_commenting_follows_the_document(client, consultation, aisha):
    client.sign_in("aisha@example.org")
    assert "Follow this document" in text_of(client.get(f"/documents/{consultation.slug}/"))
    client.post(f"/documents/{consultation.slug}/v/1/comments/", data={"body": "Hello", "stance": "support",
                                                                        "speak_for": "self"})
    follow = follows(aisha, consultation.document)
    assert follow is not None and follow.automatic
    assert "Stop following this document" in text_of(client.get(f"/documents/{consultation.slug}/"))
    # Commenting again does not follow twice.
    client.post(f"/documents/{consultation.slug}/v/1/comments/", data={"body": "Again", "stance": "support",
                                                                        "speak_for": "self"})
    assert db.session.query(Follow).count() == 1


def test_following_and_unfollowing_by_hand(client, consultation, megan):
    client.sign_in("megan@example.org")
    response = client.post(f"/documents/{consultation.slug}/follow", data={"back": f"/documents/{consultation.slug}/"})
    assert response.status_code == 302
    assert follows(megan, consultation.document) is not None and not follows(megan, consultation.document).automatic
    client.post(f"/documents/{consultation.slug}/follow", data={"action": "unfollow"})
    assert follows(megan, consultation.document) is None
    client.sign_out()
    assert client.post(f"/documents/{consultation.slug}/follow").status_code == 302  # to sign in
    assert db.session.query(Follow).count() == 0


# --- replies and official responses -------------------------------------------------------


def test_a_reply_tells_the_parents_author_in_app_and_by_email(client, consultation, aisha, megan):
    root = create_comment(consultation.version, aisha, "Two years is too short.")
    client.sign_in("megan@example.org")
    reply(client, consultation, root, "Three years at least.")
    answer = db.session.scalars(select(Notification)).one()

    assert notifications_of(aisha) == [("reply", answer.comment_id)]
    [email] = outbox_to("aisha@example.org")
    assert email.subject == f"New reply to your comment on {TITLE}"
    assert "Hello Aisha Khan" in email.body_text
    assert f"Megan Hughes replied to your comment on {TITLE}." in email.body_text
    assert f"/documents/{consultation.slug}/comments/{root.id}/#comment-{answer.comment_id}" in email.body_text
    assert outbox_to("megan@example.org") == []  # nobody is told of their own doing


def test_replying_to_yourself_tells_nobody(client, consultation, aisha):
    root = create_comment(consultation.version, aisha)
    client.sign_in("aisha@example.org")
    reply(client, consultation, root, "An afterthought.")
    assert notifications_of(aisha) == []
    assert outbox_to("aisha@example.org") == []


def test_an_official_response_tells_the_parent_and_the_thread_starter(client, consultation, aisha, megan):
    root = create_comment(consultation.version, aisha, "Two years is too short.")
    middle = create_comment(consultation.version, megan, "Agreed.", parent=root)
    client.sign_in("rhodri@example.org")
    reply(client, consultation, middle, "We will make it three years.", official="y")

    assert [kind for kind, _id in notifications_of(megan)] == ["official_response"]
    assert [kind for kind, _id in notifications_of(aisha)] == ["reply", "official_response"]
    [email] = outbox_to("megan@example.org")
    assert email.subject == f"Official response on {TITLE}"
    assert f"Rhodri Evans posted an official response on {TITLE}." in email.body_text
    assert [e.subject for e in outbox_to("aisha@example.org")] == [
        f"New reply to your comment on {TITLE}", f"Official response on {TITLE}"]


# --- new versions and closing consultations ----------------------------------------------


def test_a_new_version_tells_the_followers(client, consultation, aisha, megan):
    create_comment(consultation.version, aisha)  # follows
    create_member("Tom Baker", email="tom@example.org")  # does not follow
    publish_next(consultation, "## Purpose\n\nEqual partners, always.\n")

    assert notifications_of(aisha) == [("new_version", None)]
    assert notifications_of(megan) == []
    assert [e.subject for e in outbox_to("aisha@example.org")] == [f"A new version of {TITLE} is published"]
    assert f"Version 2 of {TITLE} is published." in outbox_to("aisha@example.org")[0].body_text
    assert f"/documents/{consultation.slug}/v/2/" in outbox_to("aisha@example.org")[0].body_text
    assert outbox_to("tom@example.org") == [] and outbox_to("rhodri@example.org") == []

    client.sign_in("aisha@example.org")
    assert f"Version 2 of {TITLE} is published" in text_of(client.get("/notifications/"))


def test_closing_within_3_days_is_told_once(app, aisha, megan):
    now = utcnow()
    closing = create_consultation(closes=now + timedelta(days=2))
    create_comment(closing.version, aisha)
    create_comment(closing.version, megan)
    later = create_consultation(closes=now + timedelta(days=10), title="Guidance for Public Service Boards",
                                body=closing.body, officer_email="carys@example.org")
    create_comment(later.version, aisha)

    run(app, "notifications", "closing-soon")
    run(app, "notifications", "closing-soon")

    assert notifications_of(aisha) == [("closing_soon", None)]
    assert notifications_of(megan) == [("closing_soon", None)]
    [email] = outbox_to("aisha@example.org")
    assert email.subject == f"Consultation on {TITLE} closes soon"
    assert f"The consultation on {TITLE} closes on" in email.body_text
    assert f"/documents/{closing.slug}/v/1/" in email.body_text
    assert len(outbox_to("megan@example.org")) == 1


def test_a_closed_consultation_is_not_told_as_closing(app, aisha):
    now = utcnow()
    consultation = create_consultation(opens=now - timedelta(days=20), closes=now + timedelta(days=1))
    create_comment(consultation.version, aisha)
    from coproduce.documents.models import Version
    db.session.execute(Version.__table__.update().values(closes_at=now - timedelta(hours=1)))
    db.session.commit()
    run(app, "notifications", "closing-soon")
    assert notifications_of(aisha) == []


# --- email frequency -----------------------------------------------------------------------


def test_daily_digest_readers_get_one_summary_email(app, client, consultation, aisha, megan):
    root = create_comment(consultation.version, aisha, "Two years is too short.")
    client.sign_in("aisha@example.org")
    response = client.post("/notifications/settings", data={"email_frequency": "daily"})
    assert response.status_code == 302
    assert "We also email you a summary once a day." in text_of(client.get("/notifications/"))
    client.sign_out()

    client.sign_in("megan@example.org")
    first = reply(client, consultation, root, "Three years at least.")
    client.sign_out()
    client.sign_in("rhodri@example.org")
    reply(client, consultation, root, "We will change this.", official="y")
    assert first.status_code == 302
    assert outbox_to("aisha@example.org") == []
    assert [kind for kind, _id in notifications_of(aisha)] == ["reply", "official_response"]

    run(app, "notifications", "digest")
    run(app, "notifications", "digest")

    [digest] = outbox_to("aisha@example.org")
    assert digest.subject == "Your daily summary from Co-produce"
    assert f"Megan Hughes replied to your comment on {TITLE}." in digest.body_text
    assert f"Rhodri Evans posted an official response on {TITLE}." in digest.body_text
    assert digest.body_text.count(f"/comments/{root.id}/#comment-") == 2


def test_people_who_want_no_email_still_see_notifications_in_app(app, client, consultation, aisha, megan):
    set_frequency(aisha, "none")
    root = create_comment(consultation.version, aisha)
    client.sign_in("megan@example.org")
    reply(client, consultation, root)
    publish_next(consultation, "## Purpose\n\nEqual partners, always.\n")
    run(app, "notifications", "digest")

    assert [kind for kind, _id in notifications_of(aisha)] == ["reply", "new_version"]
    assert outbox_to("aisha@example.org") == []
    client.sign_out()
    client.sign_in("aisha@example.org")
    page = text_of(client.get("/notifications/"))
    assert "We do not email you about these." in page
    assert f"Megan Hughes replied to your comment on {TITLE}" in page


def test_the_settings_page_shows_and_saves_the_choice(client, aisha):
    client.sign_in("aisha@example.org")
    page = soup_of(client.get("/notifications/settings"))
    assert page.find("input", attrs={"name": "email_frequency", "value": "immediate"}).has_attr("checked")
    assert client.post("/notifications/settings", data={"email_frequency": "sometimes"}).status_code == 200
    client.post("/notifications/settings", data={"email_frequency": "none"})
    page = soup_of(client.get("/notifications/settings"))
    assert page.find("input", attrs={"name": "email_frequency", "value": "none"}).has_attr("checked")


# --- in the header -------------------------------------------------------------------------


def test_the_header_shows_the_unread_count_until_all_are_marked_read(client, consultation, aisha, megan):
    root = create_comment(consultation.version, aisha)
    create_comment(consultation.version, megan, "One", parent=root)
    create_comment(consultation.version, megan, "Two", parent=root)
    client.sign_in("megan@example.org")
    assert unread_in_header(client) is None
    client.sign_out()

    client.sign_in("aisha@example.org")
    assert unread_in_header(client) == "2 unread"
    page = client.get("/notifications/")
    assert len(soup_of(page).select(".app-notification--unread")) == 2
    [button] = [b for b in soup_of(page).find_all("button") if b.get_text(strip=True) == "Mark all as read"]
    assert button.find_parent("form")["action"] == "/notifications/read"

    assert client.post("/notifications/read").status_code == 302
    assert unread_in_header(client) is None
    page = client.get("/notifications/")
    assert soup_of(page).select(".app-notification--unread") == []
    assert "Megan Hughes replied to your comment" in text_of(page)

    create_comment(consultation.version, megan, "Three", parent=root)
    assert unread_in_header(client) == "1 unread"


def test_notifications_are_private(client, aisha):
    assert client.get("/notifications/").status_code == 302
    assert client.get("/notifications/settings").status_code == 302
    assert client.post("/notifications/read").status_code == 302
