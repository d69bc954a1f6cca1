from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coproduce.accounts.models import Organisation, User
from coproduce.columns import UTCDateTime, one_of, utcnow
from coproduce.extensions import db
from coproduce.moderation.models import Category, Channel, Moderation


class Stance(StrEnum):
    """What kind of comment it is."""

    SUPPORT = "support"
    CONCERN = "concern"
    QUESTION = "question"
    SUGGESTION = "suggestion"


STANCES = {
    Stance.SUPPORT: _l("Support"),
    Stance.CONCERN: _l("Concern"),
    Stance.QUESTION: _l("Question"),
    Stance.SUGGESTION: _l("Suggestion"),
}
EDIT_WINDOW = timedelta(minutes=30)
MAX_COMMENT_LENGTH = 10_000
PATH_DIGITS = 10  # ids zero-padded so that ordering by path is depth-first order


def path_segment(comment_id: int) -> str:
    return str(comment_id).zfill(PATH_DIGITS)


class Comment(db.Model):
    """A comment on a clause (clause_key) or on a whole version (clause_key None).

    A thread comes back ordered in one query: every comment stores the ids of
    its ancestors and itself as a materialised path, and its thread's root.
    """

    __table_args__ = (
        Index("ix_comment_thread", "root_id", "path"),
        # version_number last: without it SQLite, lacking statistics, prefers ix_comment_counts for a clause's threads.
        Index("ix_comment_clause", "document_id", "clause_key", "parent_id", "version_number"),
        # A version's comments, for its response report.
        Index("ix_comment_counts", "document_id", "version_number", "parent_id", "moderation", "clause_key"),
        # The response report's totals: the official answers and organisations under a version's threads.
        Index("ix_comment_answers", "root_id", "moderation", "is_official", "deleted_at", "organisation_id"),
        one_of("moderation", Moderation),
        one_of("hidden_category", Category),
        one_of("stance", Stance),
        one_of("channel", Channel),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), index=True)
    # Copied from the version so lists across versions need no join.
    version_number: Mapped[int] = mapped_column(Integer)
    clause_key: Mapped[str | None] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id"))
    root_id: Mapped[int | None] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(400), default="")
    depth: Mapped[int] = mapped_column(Integer, default=0)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    stance: Mapped[str | None] = mapped_column(String(12))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    is_official: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Replies below a root that are neither deleted nor hidden, for "most replies" and counts.
    reply_count: Mapped[int] = mapped_column(Integer, default=0)
    # visible | held (waiting for a moderator) | hidden (by a moderator; shown as a tombstone)
    moderation: Mapped[str] = mapped_column(String(8), default=Moderation.VISIBLE)
    hidden_category: Mapped[str | None] = mapped_column(String(24))
    # Set when a moderator removes personal information: the original, for moderators only.
    original_body: Mapped[str | None] = mapped_column(Text)
    # On a thread's root: no more replies.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Input received on paper, by email or by phone, entered by County Voluntary Council staff.
    channel: Mapped[str | None] = mapped_column(String(8))
    sent_by_name: Mapped[str | None] = mapped_column(String(120))

    author: Mapped[User] = relationship(lazy="joined", foreign_keys=[author_id])
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    revisions: Mapped[list[CommentRevision]] = relationship(
        back_populates="comment", order_by="CommentRevision.id"
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_visible(self) -> bool:
        return not self.is_deleted and self.moderation == "visible"

    @property
    def is_hidden(self) -> bool:
        return self.moderation == "hidden"

    @property
    def is_held(self) -> bool:
        return self.moderation == "held"

    @property
    def is_redacted(self) -> bool:
        return self.original_body is not None

    @property
    def anchor(self) -> str:
        return f"comment-{self.id}"

    def editable_until(self) -> datetime:
        return self.created_at + EDIT_WINDOW


class ClauseCommentCount(db.Model):
    """How many counted comments (visible: neither deleted, held nor hidden) a clause has from one version.

    The services keep it in the same transaction as every change, so a document page adds up
    one row per clause and version instead of counting every comment.
    """

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    version_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    # GENERAL for comments on the whole version: a primary key column cannot hold NULL.
    clause_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    comments: Mapped[int] = mapped_column(Integer, default=0)


GENERAL = ""  # ClauseCommentCount.clause_key of general comments; clause keys are never empty


class CommentRevision(db.Model):
    """An earlier text of an edited comment: every text is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="revisions")
