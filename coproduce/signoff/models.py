from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coproduce.accounts.models import Organisation, User
from coproduce.columns import UTCDateTime, utcnow
from coproduce.extensions import db
from coproduce.immutable import immutable


@immutable
class SignOffRequest(db.Model):
    """An officer of the owning body puts a final, closed version forward for sign-off."""

    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))


@immutable
class SignOff(db.Model):
    """One party's signature on one exact text, identified by its content hash. Never edited."""

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    signatory_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # Copied at signing: the record must not change if the person later renames themselves.
    signatory_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    signatory: Mapped[User] = relationship()
    withdrawal: Mapped[SignOffWithdrawal | None] = relationship(back_populates="sign_off", uselist=False,
                                                               lazy="joined")

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawal is not None


@immutable
class SignOffWithdrawal(db.Model):
    """A signatory withdrew their sign-off before every party had signed. The sign-off itself stays."""

    sign_off_id: Mapped[int] = mapped_column(ForeignKey("sign_off.id"), primary_key=True)
    withdrawn_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    reason: Mapped[str] = mapped_column(Text, default="")

    sign_off: Mapped[SignOff] = relationship(back_populates="withdrawal")


@immutable
class Agreement(db.Model):
    """Every party signed the same content hash: the document is agreed on this version."""

    __table_args__ = (UniqueConstraint("version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
