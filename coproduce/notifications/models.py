from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coproduce.extensions import db
from coproduce.models import UTCDateTime, utcnow


def new_message_id() -> str:
    return f"<{uuid.uuid4()}@coproduce>"


class OutboxMessage(db.Model):
    """An email written in the same transaction as the change that caused it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across retries, so a receiving server can recognise a repeat.
    message_id: Mapped[str] = mapped_column(String(100), unique=True, default=new_message_id)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Delivery state: 'queued' -> 'sending' (claimed) -> 'sent' | 'failed'.
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
