from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coproduce.accounts.models import User
from coproduce.columns import UTCDateTime, one_of, utcnow
from coproduce.extensions import db
from coproduce.immutable import immutable


class Moderation(StrEnum):
    """Where a comment or an amendment stands with the moderators."""

    VISIBLE = "visible"
    HIDDEN = "hidden"
    HELD = "held"  # pre-moderated: waiting for a moderator before anyone else sees it


class AppealOutcome(StrEnum):
    UPHELD = "upheld"
    OVERTURNED = "overturned"


class Category(StrEnum):
    """Why something was reported or hidden."""

    ABUSIVE = "abusive"
    PERSONAL_INFORMATION = "personal_information"
    OFF_TOPIC = "off_topic"
    SPAM = "spam"
    OTHER = "other"


class Action(StrEnum):
    """What a moderator did, in the moderation log."""

    HIDE = "hide"
    RESTORE = "restore"
    DISMISS = "dismiss"
    REDACT = "redact"
    LOCK = "lock"
    UNLOCK = "unlock"
    APPROVE = "approve"
    SUSPEND = "suspend"
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_OVERTURNED = "appeal_overturned"


class Channel(StrEnum):
    """How a response entered on a group's behalf reached its County Voluntary Council."""

    PAPER = "paper"
    EMAIL = "email"
    PHONE = "phone"


class ItemType(StrEnum):
    """What can be reported and moderated."""

    COMMENT = "comment"
    AMENDMENT = "amendment"


CATEGORIES = {
    Category.ABUSIVE: _l("Abusive"),
    Category.PERSONAL_INFORMATION: _l("Personal information"),
    Category.OFF_TOPIC: _l("Off-topic"),
    Category.SPAM: _l("Spam"),
    Category.OTHER: _l("Other"),
}
ACTIONS = {
    Action.HIDE: _l("Hidden"),
    Action.RESTORE: _l("Restored"),
    Action.DISMISS: _l("Reports dismissed"),
    Action.REDACT: _l("Personal information removed"),
    Action.LOCK: _l("Thread locked"),
    Action.UNLOCK: _l("Thread unlocked"),
    Action.APPROVE: _l("Approved for publication"),
    Action.SUSPEND: _l("Author suspended from posting"),
    Action.APPEAL_UPHELD: _l("Appeal: decision upheld"),
    Action.APPEAL_OVERTURNED: _l("Appeal: decision overturned"),
}
CHANNELS = {Channel.PAPER: _l("on paper"), Channel.EMAIL: _l("by email"), Channel.PHONE: _l("by phone")}
ITEM_TYPES = tuple(ItemType)


class Report(db.Model):
    """Someone asks moderators to look at a comment or an amendment. One per person per item."""

    __table_args__ = (
        UniqueConstraint("item_type", "item_id", "reporter_id"),
        one_of("item_type", ItemType),
        one_of("category", Category),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_type: Mapped[str] = mapped_column(String(12))
    item_id: Mapped[int] = mapped_column()
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    category: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    reporter: Mapped[User] = relationship(lazy="joined")

    @property
    def category_label(self) -> str:
        return str(CATEGORIES.get(self.category, self.category))


@immutable
class ModerationAction(db.Model):
    """The moderation log: every action, with its reason. Never changed."""

    __table_args__ = (one_of("item_type", ItemType), one_of("action", Action), one_of("category", Category))

    id: Mapped[int] = mapped_column(primary_key=True)
    item_type: Mapped[str] = mapped_column(String(12))
    item_id: Mapped[int] = mapped_column()
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    # The person whose words were acted on: they are told, and may appeal.
    target_user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    moderator_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(24))
    category: Mapped[str | None] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text)
    until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    moderator: Mapped[User] = relationship(lazy="joined", foreign_keys=[moderator_id])
    target_user: Mapped[User] = relationship(lazy="joined", foreign_keys=[target_user_id])

    @property
    def action_label(self) -> str:
        return str(ACTIONS.get(self.action, self.action))

    @property
    def category_label(self) -> str:
        return str(CATEGORIES.get(self.category, "")) if self.category else ""

    @property
    def appealable(self) -> bool:
        return self.action in ("hide", "redact", "lock", "suspend")


class Appeal(db.Model):
    """The author asks for a decision to be looked at again, once, by a different moderator."""

    __table_args__ = (one_of("outcome", AppealOutcome),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("moderation_action.id"), unique=True)
    appellant_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    outcome: Mapped[str | None] = mapped_column(String(12))  # an AppealOutcome, once decided
    response: Mapped[str] = mapped_column(Text, default="")

    action: Mapped[ModerationAction] = relationship(lazy="joined")
    appellant: Mapped[User] = relationship(lazy="joined", foreign_keys=[appellant_id])


class Suspension(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    action_id: Mapped[int] = mapped_column(ForeignKey("moderation_action.id"))
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
