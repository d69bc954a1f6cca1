from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coproduce.accounts.models import Organisation, User
from coproduce.columns import UTCDateTime, one_of, utcnow
from coproduce.extensions import db
from coproduce.immutable import immutable
from coproduce.moderation.models import Category, Moderation


class AmendmentState(StrEnum):
    OPEN = "open"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"  # replaced by a revised proposal once organisations supported it


class Outcome(StrEnum):
    """The owning body's decision on an amendment."""

    ACCEPTED = "accepted"
    ACCEPTED_WITH_CHANGES = "accepted_with_changes"
    DECLINED = "declined"


ACCEPTED = (Outcome.ACCEPTED, Outcome.ACCEPTED_WITH_CHANGES)
OUTCOMES = {
    Outcome.ACCEPTED: _l("Accepted"),
    Outcome.ACCEPTED_WITH_CHANGES: _l("Accepted with changes"),
    Outcome.DECLINED: _l("Declined"),
}
STATES = {
    AmendmentState.OPEN: _l("Awaiting a decision"),
    AmendmentState.WITHDRAWN: _l("Withdrawn by the proposer"),
    AmendmentState.SUPERSEDED: _l("Replaced by a revised proposal"),
}
TAG_CLASSES = {
    Outcome.ACCEPTED: "govuk-tag--green",
    Outcome.ACCEPTED_WITH_CHANGES: "govuk-tag--turquoise",
    Outcome.DECLINED: "govuk-tag--red",
    AmendmentState.OPEN: "govuk-tag--blue",
}


def tag_class(status: str) -> str:
    """The GOV.UK tag colour of an outcome or state; withdrawn and superseded ones are grey."""
    return TAG_CLASSES.get(status, "govuk-tag--grey")


def resulting_text(outcome: str | None, proposed_text: str, decided_text: str | None) -> str | None:
    """The text the owning body will use, once accepted."""
    if outcome == "accepted":
        return proposed_text
    if outcome == "accepted_with_changes":
        return decided_text
    return None


class Amendment(db.Model):
    """A proposed replacement text for one clause of one version."""

    __table_args__ = (
        Index("ix_amendment_version", "document_id", "version_number"),
        one_of("state", AmendmentState),
        one_of("outcome", Outcome),
        one_of("moderation", Moderation),
        one_of("hidden_category", Category),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    clause_key: Mapped[str] = mapped_column(String(40))
    proposer_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    original_text: Mapped[str] = mapped_column(Text)
    proposed_text: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # open | withdrawn | superseded (a decision is recorded in the decision columns)
    state: Mapped[str] = mapped_column(String(12), default=AmendmentState.OPEN)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("amendment.id"))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("amendment.id"))
    # The current decision; every decision, revised or not, is also kept in AmendmentDecision.
    outcome: Mapped[str | None] = mapped_column(String(24))
    decided_text: Mapped[str | None] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Counts decisions: two officers deciding at once is caught by comparing it.
    decision_count: Mapped[int] = mapped_column(Integer, default=0)
    support_count: Mapped[int] = mapped_column(Integer, default=0)
    # visible | hidden (by a moderator)
    moderation: Mapped[str] = mapped_column(String(8), default=Moderation.VISIBLE)
    hidden_category: Mapped[str | None] = mapped_column(String(24))
    # Set when a moderator removes personal information from the rationale: the original.
    original_rationale: Mapped[str | None] = mapped_column(Text)

    proposer: Mapped[User] = relationship(lazy="joined", foreign_keys=[proposer_id])
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    supports: Mapped[list[AmendmentSupport]] = relationship(back_populates="amendment", order_by="AmendmentSupport.id")
    decisions: Mapped[list[AmendmentDecision]] = relationship(order_by="AmendmentDecision.id")

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def is_decided(self) -> bool:
        return self.outcome is not None

    @property
    def is_accepted(self) -> bool:
        return self.outcome in ACCEPTED

    @property
    def resulting_text(self) -> str | None:
        return resulting_text(self.outcome, self.proposed_text, self.decided_text)

    @property
    def status(self) -> str:
        """Its outcome once decided, else its state."""
        return self.outcome or self.state

    @property
    def status_label(self) -> str:
        if self.outcome:
            return str(OUTCOMES[self.outcome])
        return str(STATES[self.state])

    @property
    def tag_class(self) -> str:
        return tag_class(self.status)


class AmendmentSupport(db.Model):
    __table_args__ = (UniqueConstraint("amendment_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendment.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    amendment: Mapped[Amendment] = relationship(back_populates="supports")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")


@immutable
class AmendmentDecision(db.Model):
    """Every decision made on an amendment, in order: revisions never overwrite history."""

    __table_args__ = (one_of("outcome", Outcome),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendment.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(24))
    decided_text: Mapped[str | None] = mapped_column(Text)
    response: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    decided_by: Mapped[User] = relationship(lazy="joined")

    @property
    def outcome_label(self) -> str:
        return str(OUTCOMES[self.outcome])


class DraftClauseAmendment(db.Model):
    """An accepted amendment applied to the working draft, waiting for the next version."""

    __table_args__ = (UniqueConstraint("draft_clause_id", "amendment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_clause_id: Mapped[int] = mapped_column(ForeignKey("draft_clause.id", ondelete="CASCADE"), index=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendment.id"))
    # A second accepted amendment on the same clause waits for the officer to reconcile both.
    needs_reconciling: Mapped[bool] = mapped_column(db.Boolean, default=False)


@immutable
class ClauseIncorporation(db.Model):
    """Which amendments a published clause incorporates (immutable, like the version)."""

    __table_args__ = (UniqueConstraint("version_id", "clause_key", "amendment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), index=True)
    clause_key: Mapped[str] = mapped_column(String(40))
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendment.id"), index=True)


@immutable
class VersionFinal(db.Model):
    """A version marked final, for sign-off."""

    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), primary_key=True)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    marked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
