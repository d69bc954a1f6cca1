"""Reading the audit trail for pages."""

from sqlalchemy import select

from coproduce.accounts.models import User
from coproduce.audit.trail import AuditEvent
from coproduce.documents.models import Document
from coproduce.extensions import db

SHOWN = 500


def document_events(document: Document) -> list[AuditEvent]:
    """The document's newest recorded changes, leaving out each draft save."""
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.document_id == document.id, AuditEvent.action != "draft.saved")
        .order_by(AuditEvent.id.desc()).limit(SHOWN)
    ).all()


def actors_of(events: list[AuditEvent]) -> dict[int, User]:
    """Who did each of these, in one query."""
    ids = {e.actor_id for e in events if e.actor_id}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
