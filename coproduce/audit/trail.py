"""The append-only, hash-chained audit trail.

Every state change calls record_event(); each row holds the hash of the row
before it, so altering, removing or reordering rows breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from flask_login import current_user
from sqlalchemy import ForeignKey, Index, String, Text, select, text
from sqlalchemy.orm import Mapped, mapped_column

from coproduce.columns import UTCDateTime, utcnow
from coproduce.extensions import db
from coproduce.immutable import immutable

GENESIS_HASH = "0" * 64


@immutable
class AuditEvent(db.Model):
    # The newest row of a document (or of the site, document_id NULL) in one index probe: the page
    # cache's freshness check; also a document's activity page, in order.
    __table_args__ = (Index("ix_audit_event_document", "document_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column()
    # The document the event belongs to, if any: its public activity page lists these.
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    # Canonical JSON of what changed, so the hash covers it byte for byte.
    details: Mapped[str] = mapped_column(Text, default="{}")
    # Unique: two rows can never chain onto the same predecessor (no forks).
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    def compute_hash(self) -> str:
        fields = [
            self.prev_hash,
            # In UTC: PostgreSQL hands timestamps back in the session's time zone.
            self.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            str(self.actor_id or ""),
            self.action,
            self.subject_type,
            str(self.subject_id or ""),
        ]
        if self.document_id is not None:  # rows from before the document link hash as they always did
            fields.append(f"document:{self.document_id}")
        fields.append(self.details)
        payload = "\n".join(fields)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @property
    def details_dict(self) -> dict:
        return json.loads(self.details)


def _lock_chain() -> None:
    """Serialise writers so two transactions never chain onto the same row."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(7316001)"))
    # SQLite serialises writers itself: the first write takes the database lock.


def _document_of(subject) -> int | None:
    if type(subject).__name__ == "Document":
        return subject.id
    return getattr(subject, "document_id", None)


def record_event(action: str, subject, actor=None, **details) -> AuditEvent:
    """Append one event for `subject` (a model instance with an id)."""
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user
    db.session.flush()  # the subject needs its id
    _lock_chain()
    last = db.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    event = AuditEvent(
        occurred_at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject_type=type(subject).__name__,
        subject_id=subject.id,
        document_id=details.get("document_id") or _document_of(subject),
        details=json.dumps(details, sort_keys=True, ensure_ascii=False, default=str),
        prev_hash=last or GENESIS_HASH,
    )
    # Round-trip the timestamp the way the database will store it (microseconds, UTC).
    event.hash = event.compute_hash()
    db.session.add(event)
    db.session.flush()
    return event


def verify_chain(batch: int = 5000) -> tuple[int, int | None, str]:
    """Walk the whole trail in order. Returns (rows checked, first broken row id or None, why)."""
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            return checked, None, ""
        for row in rows:
            if row.prev_hash != previous:
                return checked, row.id, "does not follow the row before it (a row was removed, inserted or reordered)"
            if row.compute_hash() != row.hash:
                return checked, row.id, "its contents do not match its hash (the row was altered)"
            previous = row.hash
            checked += 1
            last_id = row.id
        for row in rows:  # free memory on long trails without detaching the caller's other objects
            db.session.expunge(row)
