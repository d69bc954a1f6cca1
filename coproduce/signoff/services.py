"""Verbs of sign-off: put a version forward, sign, withdraw; and the questions around them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from coproduce import signals
from coproduce.accounts.models import Organisation, User
from coproduce.amendments.queries import is_final
from coproduce.audit.trail import record_event
from coproduce.columns import utcnow
from coproduce.documents.models import Version
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.signoff.models import Agreement, SignOff, SignOffRequest, SignOffWithdrawal


def signatory_membership(user: User, organisation: Organisation):
    membership = user.membership_of(organisation) if user and user.is_authenticated else None
    return membership if membership and membership.is_approved and membership.is_signatory else None


def request_for(version: Version) -> SignOffRequest | None:
    return db.session.get(SignOffRequest, version.id)


def agreement_for_version(version: Version) -> Agreement | None:
    return db.session.scalar(select(Agreement).where(Agreement.version_id == version.id))


def sign_offs(version: Version) -> list[SignOff]:
    return db.session.scalars(select(SignOff).where(SignOff.version_id == version.id).order_by(SignOff.id)).all()


def active_sign_offs(version: Version) -> list[SignOff]:
    return [s for s in sign_offs(version) if not s.is_withdrawn]


def put_forward(version: Version, officer: User) -> SignOffRequest:
    """Open a final version, whose consultation has closed, for the parties to sign."""
    if not is_final(version):
        raise ServiceError(_l("Mark the version final before putting it forward for sign-off."))
    if version.window_state() != "closed":
        raise ServiceError(_l("The consultation on this version must close before sign-off."))
    if version.number != version.document.latest_version_number:
        raise ServiceError(_l("A newer version exists; only the latest version can be put forward."))
    existing = request_for(version)
    if existing:
        return existing
    request = SignOffRequest(version_id=version.id, document_id=version.document_id, requested_by_id=officer.id)
    db.session.add(request)
    db.session.flush()
    record_event("signoff.requested", version, actor=officer, document_id=version.document_id,
                 number=version.number, content_hash=version.content_hash)
    return request


def sign_version(version: Version, signatory: User, organisation: Organisation, *, role: str, statement: str,
                 confirmed_hash: str) -> SignOff:
    """Record one party's signature on exactly this version's text."""
    document = version.document
    if request_for(version) is None:
        raise ServiceError(_l("This version has not been put forward for sign-off."))
    if version.number != document.latest_version_number:
        raise ServiceError(_l("A newer version has been published: this version can no longer be signed."))
    if organisation.id not in {p.organisation_id for p in document.parties}:
        raise ServiceError(_l("%(name)s is not a party to this document.", name=organisation.name))
    if signatory_membership(signatory, organisation) is None:
        raise ServiceError(_l("You are not a signatory of %(name)s.", name=organisation.name))
    if (confirmed_hash or "").strip().lower() != version.content_hash:
        raise ServiceError(_l("The content hash you confirmed does not match this version. Check you are signing "
                              "the text you read."))
    role, statement = (role or "").strip(), (statement or "").strip()
    if not role:
        raise ServiceError(_l("Enter your role"))
    if not statement:
        raise ServiceError(_l("Enter a short statement"))
    if any(s.organisation_id == organisation.id for s in active_sign_offs(version)):
        raise ServiceError(_l("%(name)s has already signed this version.", name=organisation.name))
    if agreement_for_version(version):
        raise ServiceError(_l("This version is already agreed."))
    sign_off = SignOff(document_id=document.id, version_id=version.id, organisation_id=organisation.id,
                       signatory_id=signatory.id, signatory_name=signatory.name, role=role[:200],
                       statement=statement[:2000], content_hash=version.content_hash)
    db.session.add(sign_off)
    db.session.flush()
    record_event("signoff.signed", sign_off, actor=signatory, document_id=document.id, number=version.number,
                 organisation_id=organisation.id, content_hash=version.content_hash)
    signed = {s.organisation_id for s in active_sign_offs(version) if s.content_hash == version.content_hash}
    if {p.organisation_id for p in document.parties} <= signed:
        agreement = Agreement(document_id=document.id, version_id=version.id, content_hash=version.content_hash,
                              agreed_at=utcnow())
        db.session.add(agreement)
        document.agreed_at = agreement.agreed_at
        document.agreed_version_number = version.number
        db.session.flush()
        record_event("document.agreed", agreement, actor=signatory, document_id=document.id,
                     number=version.number, content_hash=version.content_hash)
    else:
        agreement = None
    signals.version_signed.send(version, sign_off=sign_off, signatory=signatory, agreement=agreement)
    return sign_off


def withdraw_sign_off(sign_off: SignOff, user: User, reason: str = "") -> None:
    if sign_off.is_withdrawn:
        raise ServiceError(_l("This sign-off is already withdrawn."))
    organisation = db.session.get(Organisation, sign_off.organisation_id)
    if sign_off.signatory_id != user.id and signatory_membership(user, organisation) is None:
        raise ServiceError(_l("Only a signatory of %(name)s can withdraw its sign-off.", name=organisation.name))
    version = db.session.get(Version, sign_off.version_id)
    if agreement_for_version(version):
        raise ServiceError(_l("Every party has signed: the agreement stands and sign-offs can no longer be withdrawn."))
    db.session.add(SignOffWithdrawal(sign_off_id=sign_off.id, withdrawn_by_id=user.id, reason=(reason or "").strip()))
    db.session.flush()
    db.session.expire(sign_off)
    record_event("signoff.withdrawn", sign_off, actor=user, document_id=sign_off.document_id,
                 organisation_id=sign_off.organisation_id)


def versions_matching(content_hash: str) -> list[Version]:
    return db.session.scalars(select(Version).where(Version.content_hash == content_hash.strip().lower())).all()
