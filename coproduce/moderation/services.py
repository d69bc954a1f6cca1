"""Verbs of moderation. Nothing is ever deleted: hiding shows a tombstone, redacting keeps the
original for moderators, and every action is logged with its reason."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from coproduce import signals
from coproduce.accounts.models import User
from coproduce.amendments.models import Amendment
from coproduce.audit.trail import record_event
from coproduce.columns import utcnow
from coproduce.comments.models import Comment
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.markup import render_markdown
from coproduce.moderation.models import (
    CATEGORIES,
    Action,
    Appeal,
    AppealOutcome,
    Category,
    ItemType,
    Moderation,
    ModerationAction,
    Report,
    Suspension,
)


def get_item(item_type: str, item_id: int):
    model = {ItemType.COMMENT: Comment, ItemType.AMENDMENT: Amendment}.get(item_type)
    return db.session.get(model, item_id) if model else None


def author_id(item) -> int:
    return item.author_id if isinstance(item, Comment) else item.proposer_id


def item_type_of(item) -> str:
    return ItemType.COMMENT if isinstance(item, Comment) else ItemType.AMENDMENT


def report_item(item, reporter: User, category: str, note: str) -> Report:
    if category not in CATEGORIES:
        raise ServiceError(_l("Choose why you are reporting this"))
    if author_id(item) == reporter.id:
        raise ServiceError(_l("You cannot report your own words."))
    kind = item_type_of(item)
    if db.session.scalar(select(Report.id).where(Report.item_type == kind, Report.item_id == item.id,
                                                 Report.reporter_id == reporter.id)):
        raise ServiceError(_l("You have already reported this. A moderator will look at it."))
    report = Report(item_type=kind, item_id=item.id, document_id=item.document_id, reporter_id=reporter.id,
                    category=category, note=(note or "").strip()[:2000])
    db.session.add(report)
    db.session.flush()
    record_event("moderation.reported", report, actor=reporter, document_id=item.document_id, item=f"{kind}:{item.id}",
                 category=category)
    return report


def _log(item, moderator: User, action: str, reason: str, category: str | None = None,
         until=None, target_user_id: int | None = None) -> ModerationAction:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Give the reason for this action"))
    entry = ModerationAction(item_type=item_type_of(item), item_id=item.id, document_id=item.document_id,
                             target_user_id=target_user_id or author_id(item), moderator_id=moderator.id,
                             action=action, category=category, reason=reason[:2000], until=until)
    db.session.add(entry)
    db.session.flush()
    record_event(f"moderation.{action}", entry, actor=moderator, document_id=item.document_id,
                 item=f"{entry.item_type}:{item.id}", category=category)
    return entry


def _resolve_reports(item) -> None:
    db.session.execute(update(Report).where(Report.item_type == item_type_of(item), Report.item_id == item.id,
                                            Report.resolved_at.is_(None)).values(resolved_at=utcnow()))


def hide(item, moderator: User, category: str, reason: str) -> ModerationAction:
    if category not in CATEGORIES:
        raise ServiceError(_l("Choose the reason's category"))
    if item.moderation == Moderation.HIDDEN:
        raise ServiceError(_l("This is already hidden."))
    entry = _log(item, moderator, Action.HIDE, reason, category)
    was = item.moderation
    item.moderation = Moderation.HIDDEN
    item.hidden_category = category
    _resolve_reports(item)
    db.session.flush()
    signals.item_hidden.send(item, action=entry, was=was)
    signals.moderation_decided.send(item, action=entry)
    return entry


def restore(item, moderator: User, reason: str) -> ModerationAction:
    if item.moderation != Moderation.HIDDEN:
        raise ServiceError(_l("Only hidden items can be restored."))
    entry = _log(item, moderator, Action.RESTORE, reason)
    item.moderation = Moderation.VISIBLE
    item.hidden_category = None
    db.session.flush()
    signals.item_restored.send(item, action=entry)
    signals.moderation_decided.send(item, action=entry)
    return entry


def dismiss_reports(item, moderator: User, reason: str) -> ModerationAction:
    entry = _log(item, moderator, Action.DISMISS, reason)
    _resolve_reports(item)
    db.session.flush()
    return entry


def redact(item, moderator: User, new_text: str, reason: str) -> ModerationAction:
    """Replace personal information in the public text; the original stays, for moderators only."""
    new_text = (new_text or "").strip()
    if not new_text:
        raise ServiceError(_l("Enter the text with the personal information removed"))
    entry = _log(item, moderator, Action.REDACT, reason, Category.PERSONAL_INFORMATION)
    if isinstance(item, Comment):
        if item.original_body is None:
            item.original_body = item.body
        item.body = new_text
        item.body_html = str(render_markdown(new_text))
    else:
        if item.original_rationale is None:
            item.original_rationale = item.rationale
        item.rationale = new_text
    _resolve_reports(item)
    db.session.flush()
    signals.moderation_decided.send(item, action=entry)
    return entry


def set_lock(root: Comment, moderator: User, locked: bool, reason: str) -> ModerationAction:
    entry = _log(root, moderator, Action.LOCK if locked else Action.UNLOCK, reason)
    root.locked_at = utcnow() if locked else None
    db.session.flush()
    return entry


def suspend(item, moderator: User, days: int, reason: str) -> ModerationAction:
    if not 1 <= days <= 365:
        raise ServiceError(_l("Suspend for between 1 and 365 days"))
    until = utcnow() + timedelta(days=days)
    entry = _log(item, moderator, Action.SUSPEND, reason, until=until)
    db.session.add(Suspension(user_id=author_id(item), until=until, action_id=entry.id))
    db.session.flush()
    signals.moderation_decided.send(item, action=entry)
    return entry


def approve(comment: Comment, moderator: User, reason: str = "") -> ModerationAction:
    if comment.moderation != Moderation.HELD:
        raise ServiceError(_l("Only comments awaiting moderation can be approved."))
    entry = _log(comment, moderator, Action.APPROVE, reason or str(_l("Approved")))
    comment.moderation = Moderation.VISIBLE
    db.session.flush()
    parent = db.session.get(Comment, comment.parent_id) if comment.parent_id else None
    signals.comment_published.send(comment, parent=parent)  # counted, and replies told, only once public
    return entry


def appeal(entry: ModerationAction, appellant: User, text: str) -> Appeal:
    if entry.target_user_id != appellant.id or not entry.appealable:
        raise ServiceError(_l("You cannot appeal this decision."))
    if db.session.scalar(select(Appeal.id).where(Appeal.action_id == entry.id)):
        raise ServiceError(_l("You have already appealed this decision. Each decision can be appealed once."))
    text = (text or "").strip()
    if not text:
        raise ServiceError(_l("Say why the decision should change"))
    result = Appeal(action_id=entry.id, appellant_id=appellant.id, text=text[:5000])
    db.session.add(result)
    db.session.flush()
    record_event("moderation.appealed", result, actor=appellant, document_id=entry.document_id)
    return result


def decide_appeal(result: Appeal, moderator: User, overturn: bool, response: str) -> None:
    if result.outcome is not None:
        raise ServiceError(_l("This appeal has already been decided."))
    if result.action.moderator_id == moderator.id and not moderator.is_site_admin:
        raise ServiceError(_l("A different moderator must decide an appeal."))
    response = (response or "").strip()
    if not response:
        raise ServiceError(_l("Write the response the author will read"))
    item = get_item(result.action.item_type, result.action.item_id)
    entry = _log(item, moderator, Action.APPEAL_OVERTURNED if overturn else Action.APPEAL_UPHELD, response,
                 target_user_id=result.appellant_id)
    result.outcome = AppealOutcome.OVERTURNED if overturn else AppealOutcome.UPHELD
    result.response = response
    result.decided_at = utcnow()
    result.decided_by_id = moderator.id
    restored = False
    if overturn:
        action = result.action.action
        if action == Action.HIDE and item.moderation == Moderation.HIDDEN:
            item.moderation = Moderation.VISIBLE
            item.hidden_category = None
            restored = True
        elif action == Action.REDACT and isinstance(item, Comment) and item.original_body is not None:
            item.body = item.original_body
            item.body_html = str(render_markdown(item.body))
            item.original_body = None
        elif action == Action.REDACT and isinstance(item, Amendment) and item.original_rationale is not None:
            item.rationale, item.original_rationale = item.original_rationale, None
        elif action == Action.LOCK and isinstance(item, Comment):
            item.locked_at = None
        elif action == Action.SUSPEND:
            db.session.execute(update(Suspension).where(Suspension.action_id == result.action_id)
                               .values(lifted_at=utcnow()))
    db.session.flush()
    if restored:
        signals.item_restored.send(item, action=entry)
    signals.moderation_decided.send(item, action=entry)
