"""Reading the moderation workspace: the queue, an item's reports and log, appeals, the groups a CVC enters for."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select

from coproduce.accounts.models import Organisation, OrganisationKind, User
from coproduce.amendments.models import Amendment
from coproduce.columns import utcnow
from coproduce.comments.models import Comment
from coproduce.documents.models import Document, VersionClause
from coproduce.extensions import db
from coproduce.moderation.models import (
    Action,
    Appeal,
    AppealOutcome,
    Moderation,
    ModerationAction,
    Report,
    Suspension,
)

NEW_ACCOUNT_DAYS = 7
QUEUE_SIZE = 200
LOG_SIZE = 500


def by_id(model, ids) -> dict:
    """Rows of `model` with these ids, by id, in one query (none for no ids)."""
    ids = {i for i in ids if i}
    return {o.id: o for o in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}


def open_reports() -> list[Report]:
    return db.session.scalars(
        select(Report).where(Report.resolved_at.is_(None)).order_by(Report.id).limit(QUEUE_SIZE)
    ).all()


def held_comments() -> list[Comment]:
    return db.session.scalars(
        select(Comment).where(Comment.moderation == Moderation.HELD, Comment.deleted_at.is_(None))
        .order_by(Comment.id).limit(QUEUE_SIZE)
    ).all()


def pending_appeals() -> list[Appeal]:
    return db.session.scalars(select(Appeal).where(Appeal.outcome.is_(None)).order_by(Appeal.id)).all()


def documents_by_id(ids) -> dict[int, Document]:
    return by_id(Document, ids)


def comments_by_id(ids) -> dict[int, Comment]:
    return by_id(Comment, ids)


def amendments_by_id(ids) -> dict[int, Amendment]:
    return by_id(Amendment, ids)


def clauses_of(items) -> dict[tuple[int, str], VersionClause]:
    """The clause each comment or amendment is on, for the queue's context, in one query."""
    keys = {(i.version_id, i.clause_key) for i in items if i.clause_key}
    if not keys:
        return {}
    found = db.session.scalars(select(VersionClause).where(
        VersionClause.version_id.in_({v for v, _k in keys}), VersionClause.key.in_({k for _v, k in keys})))
    return {(c.version_id, c.key): c for c in found}


def reports_on(item_type: str, item_id: int) -> list[Report]:
    return db.session.scalars(select(Report).where(Report.item_type == item_type, Report.item_id == item_id)
                              .order_by(Report.id)).all()


def actions_on(item_type: str, item_id: int) -> list[ModerationAction]:
    return db.session.scalars(select(ModerationAction).where(ModerationAction.item_type == item_type,
                                                             ModerationAction.item_id == item_id)
                              .order_by(ModerationAction.id)).all()


def appeal_against(entry: ModerationAction) -> Appeal | None:
    return db.session.scalar(select(Appeal).where(Appeal.action_id == entry.id))


def recent_actions() -> list[ModerationAction]:
    return db.session.scalars(select(ModerationAction).order_by(ModerationAction.id.desc()).limit(LOG_SIZE)).all()


def groups_in_reach(document: Document) -> list[Organisation]:
    """The community groups a CVC can enter responses for on this document: its area's, or all for Wales."""
    return db.session.scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.COMMUNITY)
        .where(or_(Organisation.area_code == document.area_code, document.area.is_wales_wide))
        .order_by(Organisation.name)
    ).all()


def active_suspension(user) -> Suspension | None:
    now = utcnow()
    return db.session.scalar(select(Suspension).where(
        Suspension.user_id == user.id, Suspension.until > now, Suspension.lifted_at.is_(None)).limit(1))


def needs_premoderation(document, author: User, organisation) -> bool:
    """New accounts (first week) and unverified groups wait for a moderator on pre-moderated documents."""
    if not document.premoderated:
        return False
    if author.created_at > utcnow() - timedelta(days=NEW_ACCOUNT_DAYS):
        return True
    return organisation is not None and not organisation.is_verified


def public_counts(document) -> dict[str, int]:
    """How many items moderators hid and restored on a document; a hide overturned on appeal is a restore."""
    rows = dict(db.session.execute(
        select(ModerationAction.action, func.count()).where(ModerationAction.document_id == document.id,
                                                            ModerationAction.action.in_((Action.HIDE, Action.RESTORE)))
        .group_by(ModerationAction.action)
    ).all())
    overturned = db.session.scalar(
        select(func.count()).select_from(Appeal).join(ModerationAction, ModerationAction.id == Appeal.action_id)
        .where(ModerationAction.document_id == document.id, ModerationAction.action == Action.HIDE,
               Appeal.outcome == AppealOutcome.OVERTURNED)
    )
    if overturned:
        rows["restore"] = rows.get("restore", 0) + overturned
    return rows
