"""Verbs on comments: post, reply, edit, delete, answer officially."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, update
from sqlalchemy.dialects import postgresql, sqlite

from coproduce import signals
from coproduce.accounts.models import Organisation, User
from coproduce.audit.trail import record_event
from coproduce.columns import utcnow
from coproduce.comments.models import (
    GENERAL,
    MAX_COMMENT_LENGTH,
    STANCES,
    ClauseCommentCount,
    Comment,
    CommentRevision,
    path_segment,
)
from coproduce.documents.models import Version
from coproduce.documents.queries import clause_of
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.markup import render_markdown
from coproduce.moderation.models import Moderation
from coproduce.moderation.queries import needs_premoderation
from coproduce.notifications import services as notifications


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ServiceError(_l("Enter your comment"))
    if len(body) > MAX_COMMENT_LENGTH:
        raise ServiceError(_l("Your comment must be %(n)s characters or fewer", n="10,000"))
    return body


def add_to_clause_count(document_id: int, version_number: int, clause_key: str | None, delta: int) -> None:
    """Add `delta` to the count of a clause's comments from one version, in one atomic statement
    (an upsert), so concurrent writers never lose an increment."""
    table = ClauseCommentCount.__table__
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(document_id=document_id, version_number=version_number,
                                             clause_key=clause_key or GENERAL, comments=delta)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.document_id, table.c.version_number, table.c.clause_key],
        set_={"comments": table.c.comments + statement.excluded.comments},
    ))


def add_to_counts(comment: Comment, delta: int) -> None:
    """`comment` starts (+1) or stops (-1) being counted, that is being visible (Comment.is_visible):
    its clause's count and, for a reply, its thread's reply count follow.

    Called after the audit event, whose lock serialises writers on PostgreSQL: taking the counters'
    row locks only under it means two writers never wait for each other in opposite orders.
    """
    if comment.parent_id is not None:
        db.session.execute(
            update(Comment).where(Comment.id == comment.root_id).values(reply_count=Comment.reply_count + delta)
        )
    add_to_clause_count(comment.document_id, comment.version_number, comment.clause_key, delta)


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
    elif clause_key is not None and not has_clause(version, clause_key):
        raise ServiceError(_l("That clause is not in this version."))
    document = version.document
    held = not official and channel is None and needs_premoderation(document, author, organisation)
    comment = Comment(
        document_id=version.document_id, version_id=version.id, version_number=version.number,
        clause_key=clause_key, parent_id=parent.id if parent else None, depth=parent.depth + 1 if parent else 0,
        author_id=author.id, organisation_id=organisation.id if organisation else None, stance=stance,
        body=body, body_html=str(render_markdown(body)), is_official=official, created_at=at,
        channel=channel, sent_by_name=(sent_by_name or "").strip()[:120] or None,
        moderation=Moderation.HELD if held else Moderation.VISIBLE,
    )
    # Everything above only reads. From the first write on, other writers wait for this transaction
    # (SQLite has one writer; the audit chain's lock serialises them on PostgreSQL): nothing slow below.
    notifications.follow(author, document, automatic=True)  # writes only the first time
    db.session.add(comment)
    db.session.flush()
    comment.root_id = parent.root_id if parent else comment.id
    comment.path = f"{parent.path}/{path_segment(comment.id)}" if parent else path_segment(comment.id)
    record_event("comment.official_response" if official else "comment.posted", comment, actor=author,
                 document_id=version.document_id, version=version.number, clause=clause_key,
                 parent_id=comment.parent_id, organisation_id=comment.organisation_id, held=held,
                 channel=channel)
    if not held:  # a held comment counts, and its replies are told, once a moderator approves it
        signals.comment_published.send(comment, parent=parent)
    return comment


@signals.comment_published.connect
def count_published(comment: Comment, **_details) -> None:
    if comment.is_visible:  # not if its author deleted it while it waited for a moderator
        add_to_counts(comment, +1)


@signals.item_hidden.connect
def uncount_hidden(item, *, was: str, **_details) -> None:
    if isinstance(item, Comment) and was == Moderation.VISIBLE and not item.is_deleted:
        add_to_counts(item, -1)


@signals.item_restored.connect
def count_restored(item, **_details) -> None:
    if isinstance(item, Comment) and item.is_visible:
        add_to_counts(item, +1)


def has_clause(version: Version, key: str) -> bool:
    """Whether the version has a clause with this key: from its clauses when they are loaded already,
    else by asking for that key alone."""
    if "clauses" not in inspect(version).unloaded:
        return any(c.key == key for c in version.clauses)
    return clause_of(version, key) is not None


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
    counted = comment.is_visible
    comment.deleted_at = utcnow()
    db.session.flush()
    record_event("comment.deleted", comment, actor=deleter)
    if counted:
        add_to_counts(comment, -1)
