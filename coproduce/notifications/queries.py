"""Reading a person's notifications for their page."""

from __future__ import annotations

from sqlalchemy import select

from coproduce.accounts.models import User
from coproduce.amendments.models import Amendment
from coproduce.comments.models import Comment
from coproduce.documents.models import Document, Version
from coproduce.extensions import db
from coproduce.moderation.models import ModerationAction
from coproduce.notifications.models import Notification
from coproduce.notifications.services import describe

SHOWN = 100


def newest_for(user: User) -> list[Notification]:
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.id.desc()).limit(SHOWN)
    ).all()


def described(notifications: list[Notification]) -> list[tuple[Notification, dict]]:
    """Describe each notification, loading what they refer to in one query per kind of thing."""

    def by_id(model, ids):
        ids = {i for i in ids if i}
        return {o.id: o for o in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}

    documents = by_id(Document, [n.document_id for n in notifications])
    versions = by_id(Version, [n.version_id for n in notifications])
    comments = by_id(Comment, [n.comment_id for n in notifications])
    amendments = by_id(Amendment, [n.amendment_id for n in notifications])
    actions = by_id(ModerationAction, [n.moderation_action_id for n in notifications])
    actors = by_id(User, [n.actor_id for n in notifications])
    return [
        (n, describe(n, document=documents[n.document_id], version=versions.get(n.version_id),
                     comment=comments.get(n.comment_id), amendment=amendments.get(n.amendment_id),
                     moderation_action=actions.get(n.moderation_action_id), actor=actors.get(n.actor_id)))
        for n in notifications
    ]
