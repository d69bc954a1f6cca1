"""Small create_* functions for sign-off: a document with its parties and their signatories, a version
ready to sign, sign-offs; built with the services and committed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from coproduce.amendments.services import mark_final
from coproduce.audit.trail import AuditEvent
from coproduce.columns import utcnow
from coproduce.documents import services as documents
from coproduce.documents.models import Document, Version
from coproduce.extensions import db
from coproduce.signoff import services
from coproduce.signoff.models import Agreement, SignOff, SignOffRequest, SignOffWithdrawal
from tests.comments.factories import create_group, create_member, site_context
from tests.documents.factories import create_document, create_officer, publish, replace_draft
from tests.factories import add_member, create_organisation

AGREEMENT = """## Who does what

The council funds the pantry's premises; the pantry runs the food service.

## How we communicate

We meet every month and publish the notes.

## Coordinating volunteers

The Voluntary Council keeps one register of volunteering opportunities.
"""

NEXT_AGREEMENT = AGREEMENT.replace("every month", "every fortnight")


@dataclass
class Parties:
    """A local agreement owned by Glanmôr County Council, with the Voluntary Council and Penrhos
    Community Pantry as partners. Each party has one signatory; Aisha is a member of the pantry but
    not a signatory; Megan signs for Tŷ Cymunedol, which is not a party."""

    document: Document
    version: Version
    council: object
    cvc: object
    pantry: object
    trust: object
    rhodri: object  # officer and signatory of the council
    sian: object  # signatory of the CVC
    dafydd: object  # signatory of the pantry
    aisha: object  # member of the pantry, not a signatory
    megan: object  # signatory of a group that is not a party

    @property
    def slug(self) -> str:
        return self.document.slug

    def signatories(self) -> list[tuple[object, object]]:
        """(person, organisation) for every party, the owner first."""
        return [(self.rhodri, self.council), (self.sian, self.cvc), (self.dafydd, self.pantry)]


def closed_window() -> dict:
    now = utcnow()
    return {"opens": now - timedelta(days=20), "closes": now - timedelta(days=1)}


def create_parties(*, kind: str = "local_agreement", title: str = "Glanmôr Community Partnership Agreement",
                   markdown: str = AGREEMENT, window: dict | None = None, partners=("cvc", "pantry"),
                   final: bool = True, put_forward: bool = True) -> Parties:
    """The document's version 1, closed for comment (unless `window` says otherwise), marked final and
    put forward for sign-off (unless told not to)."""
    rhodri, council = create_officer(email="rhodri@example.org")
    council_membership = rhodri.membership_of(council)
    council_membership.is_signatory = True
    cvc = create_organisation("Glanmôr Voluntary Council", kind="cvc", area="glanmor")
    pantry = create_group("Penrhos Community Pantry")
    trust = create_group("Tŷ Cymunedol Development Trust")
    sian = create_member("Siân Jones", email="sian@example.org")
    add_member(sian, cvc, role="admin", signatory=True)
    dafydd = create_member("Dafydd Price", email="dafydd@example.org")
    add_member(dafydd, pantry, role="admin", signatory=True)
    aisha = create_member("Aisha Khan", pantry, email="aisha@example.org")
    megan = create_member("Megan Hughes", email="megan@example.org")
    add_member(megan, trust, role="admin", signatory=True)

    document = create_document(council, rhodri, title=title, markdown=markdown, kind=kind, area="glanmor")
    named = {"cvc": cvc, "pantry": pantry, "trust": trust}
    documents.set_parties(document, [named[p] for p in partners], rhodri)
    db.session.commit()
    with site_context():
        version = publish(document, rhodri, **(closed_window() if window is None else window))
    parties = Parties(document, version, council, cvc, pantry, trust, rhodri, sian, dafydd, aisha, megan)
    if final:
        finalise(version, rhodri)
        if put_forward:
            create_request(version, rhodri)
    return parties


def finalise(version: Version, officer) -> None:
    mark_final(version, officer)
    db.session.commit()


def create_request(version: Version, officer) -> SignOffRequest:
    request = services.put_forward(version, officer)
    db.session.commit()
    return request


def publish_next(parties: Parties, markdown: str = NEXT_AGREEMENT, window: dict | None = None) -> Version:
    """Publish the next version (closed for comment unless `window` says otherwise)."""
    replace_draft(parties.document, parties.rhodri, markdown)
    with site_context():
        version = publish(parties.document, parties.rhodri, **(closed_window() if window is None else window))
    parties.version = version
    return version


def create_sign_off(version: Version, person, organisation, *, role: str = "Chair",
                    statement: str = "We agree this text.", confirmed_hash: str | None = None) -> SignOff:
    sign_off = services.sign_version(version, person, organisation, role=role, statement=statement,
                                     confirmed_hash=confirmed_hash or version.content_hash)
    db.session.commit()
    return sign_off


def sign_by_every_party(parties: Parties, version: Version | None = None) -> list[SignOff]:
    version = version or parties.version
    return [create_sign_off(version, person, organisation, role=f"Signatory for {organisation.name}",
                            statement=f"{organisation.name} agrees.")
            for person, organisation in parties.signatories()]


# --- reading back -----------------------------------------------------------------


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def counts() -> dict[str, int]:
    """How many rows of everything sign-off records, and of the audit trail."""
    return {model.__name__: count(model)
            for model in (SignOff, SignOffWithdrawal, Agreement, SignOffRequest, AuditEvent)}


def all_sign_offs() -> list[SignOff]:
    db.session.expire_all()
    return db.session.scalars(select(SignOff).order_by(SignOff.id)).all()


def audit_trail() -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def actions() -> list[str]:
    return [event.action for event in audit_trail()]


def reload_document(document: Document) -> Document:
    db.session.expire_all()
    return db.session.get(Document, document.id)


def sign_off_url(parties: Parties, number: int = 1, action: str = "") -> str:
    return f"/documents/{parties.slug}/v/{number}/sign-off{action}"


def sign_form(organisation, confirmed_hash: str, *, role: str = "Chair",
              statement: str = "We agree this text.") -> dict:
    return {"organisation_id": str(organisation.id), "role": role, "statement": statement,
            "confirmed_hash": confirmed_hash}
