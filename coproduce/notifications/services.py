"""Follows and notifications: in-app, and by email through the outbox.

Each person chooses immediate email, a daily digest, or none; in-app
notifications are always kept.
"""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from coproduce import signals
from coproduce.accounts.models import User
from coproduce.amendments.models import Amendment
from coproduce.columns import utcnow
from coproduce.comments.models import Comment
from coproduce.documents.models import Document, Version
from coproduce.extensions import db
from coproduce.moderation.models import ModerationAction
from coproduce.notifications.models import (
    EmailFrequency,
    EmailState,
    Follow,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from coproduce.notifications.outbox import queue_email


def subject(kind: str, title: str):
    """The email subject, lazily translated so it is rendered in the recipient's language."""
    return {
        "reply": _l("New reply to your comment on %(title)s", title=title),
        "official_response": _l("Official response on %(title)s", title=title),
        "new_version": _l("A new version of %(title)s is published", title=title),
        "closing_soon": _l("Consultation on %(title)s closes soon", title=title),
        "amendment_decided": _l("A decision on an amendment to %(title)s", title=title),
        "amendment_superseded": _l("An amendment you support to %(title)s has been revised", title=title),
        "moderation": _l("A moderator acted on what you wrote on %(title)s", title=title),
    }[kind]


def email_frequency(user) -> str:
    preference = db.session.get(NotificationPreference, user.id)
    return preference.email_frequency if preference else "immediate"


def set_email_frequency(user, frequency: str) -> None:
    preference = db.session.get(NotificationPreference, user.id)
    if preference is None:
        preference = NotificationPreference(user_id=user.id)
        db.session.add(preference)
    preference.email_frequency = frequency
    db.session.flush()


def is_following(user, document) -> bool:
    if not (user and user.is_authenticated):
        return False
    return db.session.scalar(
        select(Follow.id).where(Follow.user_id == user.id, Follow.document_id == document.id)
    ) is not None


def follow(user, document, automatic: bool = False) -> None:
    if not is_following(user, document):
        db.session.add(Follow(user_id=user.id, document_id=document.id, automatic=automatic))
        db.session.flush()


def unfollow(user, document) -> None:
    db.session.execute(
        Follow.__table__.delete().where(Follow.user_id == user.id, Follow.document_id == document.id)
    )


def notify(user, kind: str, document, *, version=None, comment=None, amendment=None, actor=None,
           moderation_action=None, dedupe_key: str | None = None) -> Notification | None:
    if actor is not None and actor.id == user.id:
        return None  # nobody is told about their own doing
    if dedupe_key and db.session.scalar(select(Notification.id).where(Notification.dedupe_key == dedupe_key)):
        return None
    frequency = email_frequency(user)
    notification = Notification(
        user_id=user.id, kind=kind, document_id=document.id, version_id=version.id if version else None,
        comment_id=comment.id if comment else None, amendment_id=amendment.id if amendment else None,
        moderation_action_id=moderation_action.id if moderation_action else None,
        actor_id=actor.id if actor else None, dedupe_key=dedupe_key,
        email_state={EmailFrequency.IMMEDIATE: EmailState.SENT, EmailFrequency.DAILY: EmailState.PENDING}.get(frequency, EmailState.NONE),
    )
    db.session.add(notification)
    db.session.flush()
    if frequency == EmailFrequency.IMMEDIATE:
        queue_email(user, subject(kind, document.title), "notification",
                    items=[describe(notification, document=document, version=version, comment=comment,
                                    amendment=amendment, actor=actor, moderation_action=moderation_action)])
    return notification


def describe(notification: Notification, *, document, version=None, comment=None, amendment=None,
             actor=None, moderation_action=None) -> dict:
    """What a person reads about one notification, with a link."""
    if moderation_action is not None:
        link = url_for("moderation.decision", action_id=moderation_action.id, _external=True)
    elif amendment is not None:
        link = url_for("amendments.show", slug=document.slug, amendment_id=amendment.id, _external=True)
    elif notification.kind in (NotificationKind.REPLY, NotificationKind.OFFICIAL_RESPONSE) and comment is not None:
        link = url_for("comments.thread", slug=document.slug, comment_id=comment.root_id,
                       _anchor=comment.anchor, _external=True)
    elif version is not None:
        link = url_for("documents.version", slug=document.slug, number=version.number, _external=True)
    else:
        link = url_for("documents.show", slug=document.slug, _external=True)
    return {"kind": notification.kind, "title": document.title, "actor": actor.name if actor else "",
            "number": version.number if version else None,
            "closes_at": version.closes_at if version else None, "link": link,
            "outcome": amendment.status_label if amendment else "",
            "moderation": moderation_action.action_label if moderation_action else "",
            "reason": moderation_action.reason if moderation_action else "",
            "category": moderation_action.category_label if moderation_action else ""}


@signals.comment_published.connect
def comment_posted(comment: Comment, *, parent: Comment | None, **_details) -> None:

    document = db.session.get(Document, comment.document_id)
    actor = db.session.get(User, comment.author_id)
    told: set[int] = set()
    targets = []
    if parent is not None:
        targets.append(parent.author_id)
        if comment.is_official and parent.root_id != parent.id:
            root = db.session.get(Comment, parent.root_id)
            targets.append(root.author_id)
    for user_id in targets:
        if user_id in told:
            continue
        told.add(user_id)
        notify(db.session.get(User, user_id), NotificationKind.OFFICIAL_RESPONSE if comment.is_official else NotificationKind.REPLY,
               document, comment=comment, actor=actor)


def followers(document) -> list:

    return db.session.scalars(
        select(User).join(Follow, Follow.user_id == User.id).where(Follow.document_id == document.id)
    ).all()


@signals.version_published.connect
def version_published(version: Version, *, publisher: User, **_details) -> None:
    for user in followers(version.document):
        notify(user, NotificationKind.NEW_VERSION, version.document, version=version, actor=publisher,
               dedupe_key=f"new_version:{version.id}:{user.id}")


def notify_closing_soon(now=None) -> int:
    """Tell followers of each open consultation closing within 3 days, once per version."""
    now = now or utcnow()
    versions = db.session.scalars(
        select(Version).where(Version.opens_at <= now, Version.closes_at > now,
                              Version.closes_at <= now + timedelta(days=3))
    ).all()
    sent = 0
    for version in versions:
        if version.number != version.document.latest_version_number:
            continue
        for user in followers(version.document):
            if notify(user, NotificationKind.CLOSING_SOON, version.document, version=version,
                      dedupe_key=f"closing_soon:{version.id}:{user.id}"):
                sent += 1
    return sent


def send_digests() -> int:
    """One email per person with every notification still waiting for their daily digest."""
    pending = db.session.scalars(
        select(Notification).where(Notification.email_state == EmailState.PENDING).order_by(Notification.user_id, Notification.id)
    ).all()
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    for user_id, notes in by_user.items():
        user = db.session.get(User, user_id)
        items = [
            describe(n, document=db.session.get(Document, n.document_id),
                     version=db.session.get(Version, n.version_id) if n.version_id else None,
                     comment=db.session.get(Comment, n.comment_id) if n.comment_id else None,
                     amendment=db.session.get(Amendment, n.amendment_id) if n.amendment_id else None,
                     moderation_action=(db.session.get(ModerationAction, n.moderation_action_id)
                                        if n.moderation_action_id else None),
                     actor=db.session.get(User, n.actor_id) if n.actor_id else None)
            for n in notes
        ]
        queue_email(user, _l("Your daily summary from Co-produce"), "notification", items=items)
        for n in notes:
            n.email_state = EmailState.SENT
    db.session.flush()
    return len(by_user)


def unread_count(user) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def mark_all_read(user) -> None:
    db.session.execute(
        update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


@signals.amendment_decided.connect
def amendment_decided(amendment: Amendment, *, officer: User, document: Document, version: Version,
                      **_details) -> None:
    """The proposer and every supporter hear of the decision, each once."""
    told = {amendment.proposer_id}
    notify(amendment.proposer, NotificationKind.AMENDMENT_DECIDED, document, version=version, amendment=amendment, actor=officer)
    for support in amendment.supports:
        if support.user_id not in told:
            told.add(support.user_id)
            notify(support.user, NotificationKind.AMENDMENT_DECIDED, document, version=version, amendment=amendment,
                   actor=officer)


@signals.moderation_decided.connect
def moderation_decided(item, *, action: ModerationAction, **_details) -> None:
    """The author of a comment or amendment a moderator acted on is told what and why."""
    author = db.session.get(User, action.target_user_id)
    document = db.session.get(Document, item.document_id)
    notify(author, NotificationKind.MODERATION, document, comment=item if isinstance(item, Comment) else None,
           amendment=item if isinstance(item, Amendment) else None, actor=None, moderation_action=action)
