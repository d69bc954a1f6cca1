"""Organisations and memberships: registering, verifying, joining, and the roles members hold."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from coproduce.accounts.models import (
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from coproduce.audit.trail import record_event
from coproduce.columns import utcnow
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.notifications.outbox import queue_email
from coproduce.slugs import unique_slug


def create_organisation(
    *, name: str, kind: str, area_code: str, description: str = "", creator: User | None = None,
    creator_becomes_admin: bool = False,
) -> Organisation:
    name = name.strip()
    existing = db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower(), Organisation.area_code == area_code)
    )
    if existing:
        raise ServiceError(_l("An organisation with this name is already registered in this area."))
    organisation = Organisation(
        name=name,
        slug=unique_slug(Organisation, name),
        kind=kind,
        area_code=area_code,
        description=description.strip(),
        created_by_id=creator.id if creator else None,
    )
    db.session.add(organisation)
    db.session.flush()
    record_event("organisation.created", organisation, actor=creator, kind=kind, area=area_code, name=name)
    if creator is not None and creator_becomes_admin:
        membership = Membership(
            user=creator, organisation=organisation, role=Role.ADMIN, status=MembershipStatus.APPROVED,
            decided_at=utcnow(), decided_by_id=creator.id,
        )
        db.session.add(membership)
        db.session.flush()
        record_event("membership.created", membership, actor=creator, role=Role.ADMIN)
    return organisation


def verify_organisation(organisation: Organisation, verifier: User) -> None:
    if organisation.kind != OrganisationKind.COMMUNITY:
        raise ServiceError(_l("Only community groups are verified."))
    if organisation.verified_at is not None:
        raise ServiceError(_l("This group is already verified."))
    organisation.verified_at = utcnow()
    organisation.verified_by_id = verifier.id
    db.session.flush()
    record_event("organisation.verified", organisation, actor=verifier)
    for admin in organisation.admins():
        queue_email(admin.user, _l("Your group has been verified"), "organisation_verified",
                    organisation=organisation, verifier=verifier)


def request_membership(user: User, organisation: Organisation, note: str = "") -> Membership:
    membership = user.membership_of(organisation)
    if membership is not None and membership.status != MembershipStatus.DECLINED:
        raise ServiceError(_l("You have already asked to join this organisation."))
    if membership is None:
        membership = Membership(user=user, organisation=organisation)
        db.session.add(membership)
    membership.status = MembershipStatus.PENDING
    membership.role = Role.MEMBER
    membership.request_note = note.strip()
    membership.requested_at = utcnow()
    membership.decided_at = None
    membership.decided_by_id = None
    db.session.flush()
    record_event("membership.requested", membership, actor=user, organisation_id=organisation.id)
    link = url_for("organisations.members", slug=organisation.slug, _external=True)
    for admin in organisation.admins():
        queue_email(admin.user, _l("Someone has asked to join %(name)s", name=organisation.name),
                    "membership_requested", organisation=organisation, applicant=user, note=membership.request_note, link=link)
    return membership


def decide_membership(membership: Membership, decider: User, approve: bool) -> None:
    if membership.status != MembershipStatus.PENDING:
        raise ServiceError(_l("This request has already been decided."))
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.DECLINED
    membership.decided_at = utcnow()
    membership.decided_by_id = decider.id
    db.session.flush()
    record_event("membership.approved" if approve else "membership.declined", membership, actor=decider)
    link = url_for("organisations.show", slug=membership.organisation.slug, _external=True)
    queue_email(membership.user, _l("Your request to join %(name)s", name=membership.organisation.name),
                "membership_decided", organisation=membership.organisation, approved=approve, link=link)


def set_role(membership: Membership, role: str, changer: User) -> None:
    if not membership.is_approved:
        raise ServiceError(_l("Only approved members can be given a role."))
    if membership.role == Role.ADMIN and role != Role.ADMIN and len(membership.organisation.admins()) <= 1:
        raise ServiceError(_l("An organisation needs at least one admin. Make someone else an admin first."))
    if membership.role == role:
        return
    old = membership.role
    membership.role = role
    db.session.flush()
    record_event("membership.role_changed", membership, actor=changer, old=old, new=role)


def set_signatory(membership: Membership, is_signatory: bool, changer: User) -> None:
    if not membership.is_approved:
        raise ServiceError(_l("Only approved members can sign for an organisation."))
    if membership.is_signatory == is_signatory:
        return
    membership.is_signatory = is_signatory
    db.session.flush()
    record_event("membership.signatory_named" if is_signatory else "membership.signatory_removed",
                 membership, actor=changer)


def set_moderator(membership: Membership, is_moderator: bool, changer: User) -> None:
    """County Voluntary Council admins give members the moderator role for their area."""
    if not membership.is_approved or membership.organisation.kind != OrganisationKind.CVC:
        raise ServiceError(_l("Only approved members of a County Voluntary Council can moderate."))
    if membership.is_moderator == is_moderator:
        return
    membership.is_moderator = is_moderator
    db.session.flush()
    record_event("membership.moderator_named" if is_moderator else "membership.moderator_removed",
                 membership, actor=changer)
