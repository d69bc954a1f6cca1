"""Reading organisations and their members for pages."""

from __future__ import annotations

from flask import abort
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from coproduce.accounts.models import (
    ORGANISATION_KINDS,
    Membership,
    Organisation,
    OrganisationKind,
    User,
)
from coproduce.documents.models import Document
from coproduce.extensions import db


def get_organisation(slug: str) -> Organisation:
    """The organisation at this address with its members loaded, or 404."""
    organisation = db.session.scalar(
        select(Organisation)
        .where(Organisation.slug == slug)
        .options(selectinload(Organisation.memberships).joinedload(Membership.user))
    )
    if organisation is None:
        abort(404)
    return organisation


def get_membership(organisation: Organisation, membership_id: int) -> Membership:
    for membership in organisation.memberships:
        if membership.id == membership_id:
            return membership
    abort(404)


def listed(kind: str = "", area: str = "") -> list[Organisation]:
    """The public list, by name, of one kind and area if asked."""
    query = select(Organisation).order_by(Organisation.name)
    if kind in ORGANISATION_KINDS:
        query = query.where(Organisation.kind == kind)
    if area:
        query = query.where(Organisation.area_code == area)
    return db.session.scalars(query).all()


def waiting_for_verification() -> list[Organisation]:
    """Community groups nobody has verified yet, oldest first."""
    return db.session.scalars(
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.COMMUNITY, Organisation.verified_at.is_(None))
        .order_by(Organisation.created_at)
        .options(selectinload(Organisation.memberships))
    ).all()


def creators_of(organisations: list[Organisation]) -> dict[int, User]:
    ids = {o.created_by_id for o in organisations if o.created_by_id}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}


def possible_parties(document: Document) -> list[Organisation]:
    """Who can be a party to a document: organisations of its area or Wales-wide, and those already parties."""
    return db.session.scalars(
        select(Organisation)
        .where(or_(Organisation.area_code == document.area_code, Organisation.area_code == "wales",
                   Organisation.id.in_([p.organisation_id for p in document.parties])))
        .where(Organisation.id != document.owner_id)
        .order_by(Organisation.name)
    ).all()


def site_counts() -> dict:
    """The site admin's overview: organisations by kind, groups waiting for verification, people."""
    counts = dict(db.session.execute(select(Organisation.kind, func.count()).group_by(Organisation.kind)).all())
    unverified = db.session.scalar(
        select(func.count()).select_from(Organisation)
        .where(Organisation.kind == OrganisationKind.COMMUNITY, Organisation.verified_at.is_(None))
    )
    people = db.session.scalar(select(func.count()).select_from(User))
    return {"counts": counts, "unverified": unverified, "people": people}
