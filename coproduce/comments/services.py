"""Verbs on comments: post, reply, edit, delete, answer officially."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from coproduce.accounts.models import Organisation, User
from coproduce.accounts.services import ServiceError
from coproduce.audit import record_event
from coproduce.comments.models import (
    MAX_COMMENT_LENGTH,
    STANCES,
    Comment,
    CommentRevision,
    path_segment,
)
from coproduce.documents.models import Version
from coproduce.extensions import db
from coproduce.markup import render_markdown
from coproduce.models import utcnow
from coproduce.notifications import services as notifications


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ServiceError(_l("Enter your comment"))
    if len(body) > MAX_COMMENT_LENGTH:
        raise ServiceError(_l("Your comment must be %(n)s characters or fewer", n="10,000"))
    return body


def post_comment(*, version: Version, author: User, body: str, stance: str | None,
                 organisation: Organisation | None, clause_key: str | None = None,
                 parent: Comment | None = None, official: bool = False, at: datetime | None = None,
                 channel: str | None = None, sent_by_name: str | None = None) -> Comment:
    """Post a comment on a clause or version, or a reply to `parent`.

    Official responses come from officers of the owning body and may be
    posted after the consultation closes; everything else needs the window
    open at the moment it is made (`at`, now unless given: the demo data
    replays a past consultation).
    """
    body = _check_body(body)
    at = at or utcnow()
    if parent is not None and not official:
        root = db.session.get(Comment, parent.root_id)
        if root is not None and root.locked_at is not None:
            raise ServiceError(_l("A moderator has locked this thread: no new replies."))
    if not official and not version.is_open(at):
        raise ServiceError(_l("This version is not open for comment."))
    if stance is not None and stance not in STANCES:
        raise ServiceError(_l("Choose what kind of comment this is"))
    if parent is not None:
        if parent.document_id != version.document_id:
            raise ServiceError(_l("That comment belongs to another document."))
        clause_key = parent.clause_key
    elif clause_key is not None and clause_key not in {c.key for c in version.clauses}:
        raise ServiceError(_l("That clause is not in this version."))
    comment = Comment(
        document_id=version.document_id, version_id=version.id, version_number=version.number,
        clause_key=clause_key, parent_id=parent.id if parent else None, depth=parent.depth + 1 if parent else 0,
        author_id=author.id, organisation_id=organisation.id if organisation else None, stance=stance,
        body=body, body_html=str(render_markdown(body)), is_official=official, created_at=at,
        channel=channel, sent_by_name=(sent_by_name or "").strip()[:120] or None,
    )
    from coproduce.moderation.services import needs_premoderation

    document = version.document
    if not official and channel is None and needs_premoderation(document, author, organisation):
        comment.moderation = "held"
    db.session.add(comment)
    db.session.flush()
    if parent is None:
        comment.root_id = comment.id
        comment.path = path_segment(comment.id)
    else:
        comment.root_id = parent.root_id
        comment.path = f"{parent.path}/{path_segment(comment.id)}"
        if comment.moderation == "visible":  # a held reply counts once a moderator approves it
            db.session.execute(
                update(Comment).where(Comment.id == parent.root_id).values(reply_count=Comment.reply_count + 1)
            )
    db.session.flush()
    record_event("comment.official_response" if official else "comment.posted", comment, actor=author,
                 document_id=version.document_id, version=version.number, clause=clause_key,
                 parent_id=comment.parent_id, organisation_id=comment.organisation_id, held=comment.is_held,
                 channel=channel)
    notifications.follow(author, version.document, automatic=True)
    if comment.moderation == "visible":
        notifications.comment_posted(comment, parent)
    return comment


def edit_comment(comment: Comment, editor: User, body: str) -> None:
    body = _check_body(body)
    if body == comment.body:
        return
    db.session.add(CommentRevision(comment=comment, body=comment.body,
                                   written_at=comment.edited_at or comment.created_at))
    comment.body = body
    comment.body_html = str(render_markdown(body))
    comment.edited_at = utcnow()
    db.session.flush()
    record_event("comment.edited", comment, actor=editor)


def delete_comment(comment: Comment, deleter: User) -> None:
    """Leave a tombstone: the text is kept on record but no longer shown; replies stay."""
    if comment.deleted_at is not None:
        return
    comment.deleted_at = utcnow()
    if comment.parent_id is not None and comment.moderation == "visible":
        db.session.execute(
            update(Comment).where(Comment.id == comment.root_id).values(reply_count=Comment.reply_count - 1)
        )
    db.session.flush()
    record_event("comment.deleted", comment, actor=deleter)
