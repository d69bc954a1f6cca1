from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from coproduce.columns import UTCDateTime, one_of, utcnow
from coproduce.extensions import db, login_manager
from coproduce.i18n import language


class OrganisationKind(StrEnum):
    PUBLIC_BODY = "public_body"
    COMMUNITY = "community"
    CVC = "cvc"  # a County Voluntary Council


class Role(StrEnum):
    """A member's role in their organisation."""

    MEMBER = "member"
    ADMIN = "admin"


class MembershipStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


ORGANISATION_KINDS = {
    OrganisationKind.PUBLIC_BODY: _l("Public body"),
    OrganisationKind.COMMUNITY: _l("Community group"),
    OrganisationKind.CVC: _l("County Voluntary Council"),
}
MEMBERSHIP_ROLES = {Role.MEMBER: _l("Member"), Role.ADMIN: _l("Admin")}
MEMBERSHIP_STATUSES = {
    MembershipStatus.PENDING: _l("Awaiting approval"),
    MembershipStatus.APPROVED: _l("Approved"),
    MembershipStatus.DECLINED: _l("Declined"),
}
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class Area(db.Model):
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_cy: Mapped[str] = mapped_column(String(100))
    is_wales_wide: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def name(self) -> str:
        return self.name_cy if language() == "cy" else self.name_en

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        areas = db.session.scalars(select(cls)).all()
        areas.sort(key=lambda a: (not a.is_wales_wide, a.name.casefold()))
        return [(a.code, a.name) for a in areas]


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Part of the Flask-Login id: changing it (password reset) signs out every session.
    session_token: Mapped[str] = mapped_column(String(40), default=new_session_token)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    preferred_language: Mapped[str] = mapped_column(String(5), default="en")
    listed_publicly: Mapped[bool] = mapped_column(Boolean, default=False)
    is_site_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", foreign_keys="Membership.user_id"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def membership_of(self, organisation: Organisation) -> Membership | None:
        for membership in self.memberships:
            if membership.organisation_id == organisation.id:
                return membership
        return None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    id_part, _, token = user_id.partition(":")
    if not id_part.isdigit():
        return None
    user = db.session.get(User, int(id_part))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    return user


class Organisation(db.Model):
    __table_args__ = (one_of("kind", OrganisationKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    area_code: Mapped[str] = mapped_column(ForeignKey("area.code"))
    description: Mapped[str] = mapped_column(Text, default="")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    area: Mapped[Area] = relationship(lazy="joined")
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    memberships: Mapped[list[Membership]] = relationship(back_populates="organisation")

    @property
    def kind_label(self) -> str:
        return str(ORGANISATION_KINDS[self.kind])

    @property
    def is_verified(self) -> bool:
        # Public bodies and CVCs are created by site admins, so they stand verified.
        return self.kind != OrganisationKind.COMMUNITY or self.verified_at is not None

    def approved_members(self) -> list[Membership]:
        return [m for m in self.memberships if m.status == "approved"]

    def admins(self) -> list[Membership]:
        return [m for m in self.approved_members() if m.role == Role.ADMIN]


class Membership(db.Model):
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id"),
        one_of("role", Role),
        one_of("status", MembershipStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(10), default=Role.MEMBER)
    status: Mapped[str] = mapped_column(String(10), default=MembershipStatus.PENDING)
    is_signatory: Mapped[bool] = mapped_column(Boolean, default=False)
    # Members of a County Voluntary Council given the moderator role by its admins.
    is_moderator: Mapped[bool] = mapped_column(Boolean, default=False)
    request_note: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    user: Mapped[User] = relationship(back_populates="memberships", foreign_keys=[user_id])
    # Joined: every permission question walks a person's memberships to their organisations.
    organisation: Mapped[Organisation] = relationship(back_populates="memberships", lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_approved(self) -> bool:
        return self.status == "approved"

    @property
    def is_admin(self) -> bool:
        return self.is_approved and self.role == "admin"

    @property
    def status_label(self) -> str:
        return str(MEMBERSHIP_STATUSES[self.status])

    @property
    def role_label(self) -> str:
        return str(MEMBERSHIP_ROLES[self.role])
