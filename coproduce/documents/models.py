from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from coproduce.accounts.models import Area, Organisation, User
from coproduce.columns import UTCDateTime, one_of, utcnow
from coproduce.extensions import db
from coproduce.i18n import language
from coproduce.immutable import ImmutableError, immutable


def in_reader_language(english: str, welsh: str) -> str:
    return welsh if welsh and language() == "cy" else english


class DocumentKind(StrEnum):
    STRATEGY = "strategy"
    LOCAL_AGREEMENT = "local_agreement"
    GUIDANCE = "guidance"
    GOOD_PRACTICE = "good_practice"


DOCUMENT_KINDS = {
    DocumentKind.STRATEGY: _l("Strategy"),
    DocumentKind.LOCAL_AGREEMENT: _l("Local agreement"),
    DocumentKind.GUIDANCE: _l("Guidance"),
    DocumentKind.GOOD_PRACTICE: _l("Good-practice example"),
}


class Document(db.Model):
    __table_args__ = (one_of("kind", DocumentKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # Welsh beside English; empty where no translation has been written yet.
    title_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    summary_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    kind: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    area_code: Mapped[str] = mapped_column(ForeignKey("area.code"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The newest published version's number: lets lists show status without loading versions.
    latest_version_number: Mapped[int] = mapped_column(Integer, default=0)
    # Hold comments from new accounts and unverified groups until a moderator approves them.
    premoderated: Mapped[bool] = mapped_column(db.Boolean, default=False)
    # Set once every party has signed the same version (see signoff.models.Agreement).
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agreed_version_number: Mapped[int | None] = mapped_column(Integer)

    owner: Mapped[Organisation] = relationship(lazy="joined", foreign_keys=[owner_id])
    area: Mapped[Area] = relationship(lazy="joined")
    parties: Mapped[list[DocumentParty]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocumentParty.id"
    )
    draft: Mapped[Draft | None] = relationship(back_populates="document", uselist=False)

    @property
    def kind_label(self) -> str:
        return str(DOCUMENT_KINDS[self.kind])

    @property
    def reader_title(self) -> str:
        """The title in the reader's language (English where no Welsh is written)."""
        return in_reader_language(self.title, self.title_cy)

    @property
    def party_organisations(self) -> list[Organisation]:
        return [p.organisation for p in self.parties]


class DocumentParty(db.Model):
    """An organisation whose sign-off makes the document agreed."""

    __table_args__ = (UniqueConstraint("document_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)

    document: Mapped[Document] = relationship(back_populates="parties")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Draft(db.Model):
    """The one editable working copy of a document, private to the owning body."""

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), unique=True)
    # Optimistic lock for the draft's structure (adding, moving, removing clauses).
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    document: Mapped[Document] = relationship(back_populates="draft")
    clauses: Mapped[list[DraftClause]] = relationship(
        back_populates="draft", order_by="DraftClause.position", cascade="all, delete-orphan"
    )
    updated_by: Mapped[User | None] = relationship()


class DraftClause(db.Model):
    __table_args__ = (UniqueConstraint("draft_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer, default=1)
    heading: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    heading_cy: Mapped[str] = mapped_column(String(300), default="", server_default="")
    body_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Optimistic lock for this clause's text.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    draft: Mapped[Draft] = relationship(back_populates="clauses")
    updated_by: Mapped[User | None] = relationship()


class Version(db.Model):
    """An immutable, numbered snapshot of the draft."""

    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    title_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    change_note: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    document: Mapped[Document] = relationship()
    published_by: Mapped[User | None] = relationship()
    clauses: Mapped[list[VersionClause]] = relationship(
        back_populates="version", order_by="VersionClause.position"
    )

    @property
    def reader_title(self) -> str:
        return in_reader_language(self.title, self.title_cy)

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.opens_at <= now < self.closes_at

    def window_state(self, now: datetime | None = None) -> str:
        now = now or utcnow()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"


class VersionClause(db.Model):
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), index=True)
    key: Mapped[str] = mapped_column(String(40), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    level: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # Rendered once at publishing: the source never changes, so neither does this.
    body_html: Mapped[str] = mapped_column(Text)
    heading_cy: Mapped[str] = mapped_column(String(300), default="", server_default="")
    body_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    body_html_cy: Mapped[str] = mapped_column(Text, default="", server_default="")

    version: Mapped[Version] = relationship(back_populates="clauses")

    @property
    def anchor(self) -> str:
        return f"clause-{self.key}"

    @property
    def reader_heading(self) -> str:
        return in_reader_language(self.heading, self.heading_cy)

    @property
    def reader_body_html(self) -> str:
        return in_reader_language(self.body_html, self.body_html_cy)


immutable(Version)
immutable(VersionClause)


@event.listens_for(Session, "before_flush")
def refuse_clauses_added_to_published(session: Session, flush_context, instances) -> None:
    for obj in session.new:
        # A clause joins a version only as that version is first published, in the same flush.
        if isinstance(obj, VersionClause) and (obj.version is None or obj.version not in session.new):
            raise ImmutableError("Clauses cannot be added to a published version")

