from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coproduce.columns import UTCDateTime, one_of, utcnow
from coproduce.extensions import db


class OutboxStatus(StrEnum):
    """An email's delivery: queued, then claimed by a deliverer (sending), then sent or failed for good."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class EmailFrequency(StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    NONE = "none"


class EmailState(StrEnum):
    """Whether a notification still waits for a daily digest."""

    NONE = "none"
    PENDING = "pending"
    SENT = "sent"


class NotificationKind(StrEnum):
    REPLY = "reply"
    OFFICIAL_RESPONSE = "official_response"
    NEW_VERSION = "new_version"
    CLOSING_SOON = "closing_soon"
    AMENDMENT_DECIDED = "amendment_decided"
    AMENDMENT_SUPERSEDED = "amendment_superseded"
    MODERATION = "moderation"  # a moderator acted on what the person wrote


def new_message_id() -> str:
    return f"<{uuid.uuid4()}@coproduce>"


class OutboxMessage(db.Model):
    """An email written in the same transaction as the change that caused it."""

    __table_args__ = (one_of("status", OutboxStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across retries, so a receiving server can recognise a repeat.
    message_id: Mapped[str] = mapped_column(String(100), unique=True, default=new_message_id)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")


EMAIL_FREQUENCIES = tuple(EmailFrequency)


class Follow(db.Model):
    """A person follows a document: they hear of replies, responses, new versions and closing dates."""

    __table_args__ = (db.UniqueConstraint("user_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    automatic: Mapped[bool] = mapped_column(db.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NotificationPreference(db.Model):
    """How a person wants notification email: at once, in a daily digest, or not at all."""

    __table_args__ = (one_of("email_frequency", EmailFrequency),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    email_frequency: Mapped[str] = mapped_column(String(10), default=EmailFrequency.IMMEDIATE)


class Notification(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(20))  # a NotificationKind
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("version.id"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id"))
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendment.id"))
    moderation_action_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_action.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_state: Mapped[str] = mapped_column(String(10), default=EmailState.NONE)
    # Stops the same notice twice (for example "closing soon" once per version and person).
    dedupe_key: Mapped[str | None] = mapped_column(String(100), unique=True)

    __table_args__ = (
        db.Index("ix_notification_user_unread", "user_id", "read_at"),
        one_of("kind", NotificationKind),
        one_of("email_state", EmailState),
    )
