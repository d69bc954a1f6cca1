"""Small create_* functions for amendments, supports and decisions, built with the services and committed."""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from coproduce.amendments import services
from coproduce.amendments.models import Amendment, AmendmentDecision, AmendmentSupport
from coproduce.extensions import db
from coproduce.notifications.models import Notification
from tests.comments.factories import (
    Consultation,
    create_consultation,
    create_group,
    create_member,
    site_context,
)
from tests.factories import create_organisation


@dataclass
class People:
    """The demo's cast, in a consultation owned by Glanmôr County Council (officer Rhodri)."""

    consultation: Consultation
    pantry: object  # Penrhos Community Pantry (community)
    trust: object  # Tŷ Cymunedol Development Trust (community)
    cvc: object  # Glanmôr Voluntary Council (cvc)
    dafydd: object  # Penrhos
    aisha: object  # Penrhos
    megan: object  # Tŷ Cymunedol
    sian: object  # the CVC

    @property
    def rhodri(self):
        return self.consultation.officer


def create_people(consultation: Consultation | None = None) -> People:
    consultation = consultation or create_consultation()
    pantry = create_group("Penrhos Community Pantry")
    trust = create_group("Tŷ Cymunedol Development Trust")
    cvc = create_organisation("Glanmôr Voluntary Council", kind="cvc", area="glanmor")
    return People(
        consultation, pantry, trust, cvc,
        dafydd=create_member("Dafydd Price", pantry, email="dafydd@example.org"),
        aisha=create_member("Aisha Khan", pantry, email="aisha@example.org"),
        megan=create_member("Megan Hughes", trust, email="megan@example.org"),
        sian=create_member("Siân Jones", cvc, email="sian@example.org"),
    )


def create_amendment(version, proposer, organisation, clause_key: str,
                     proposed_text: str = "Grants run for three years.",
                     rationale: str = "Two-year grants lose trained volunteers.") -> Amendment:
    with site_context():
        amendment = services.propose_amendment(version=version, clause_key=clause_key, proposer=proposer,
                                               organisation=organisation, proposed_text=proposed_text,
                                               rationale=rationale)
    db.session.commit()
    return amendment


def create_revision(amendment: Amendment, proposed_text: str, rationale: str = "Revised.") -> Amendment:
    """Revise as the proposer: in place, or as a new amendment once supported."""
    with site_context():
        result = services.revise_amendment(amendment, amendment.proposer, proposed_text, rationale)
    db.session.commit()
    return result


def create_support(amendment: Amendment, user, organisation, note: str = "") -> AmendmentSupport:
    with site_context():
        support = services.support_amendment(amendment, user, organisation, note)
    db.session.commit()
    return support


def create_decision(amendment: Amendment, officer, outcome: str = "accepted", response: str = "Agreed.",
                    decided_text: str | None = None) -> AmendmentDecision:
    with site_context():
        decision = services.decide_amendment(amendment, officer, outcome=outcome, response=response,
                                             decided_text=decided_text, expected_decisions=amendment.decision_count)
    db.session.commit()
    return decision


def amendment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Amendment))


def all_amendments() -> list[Amendment]:
    db.session.expire_all()
    return db.session.scalars(select(Amendment).order_by(Amendment.id)).all()


def notifications_for(user, kind: str | None = None) -> list[Notification]:
    db.session.expire_all()
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.scalars(query.order_by(Notification.id)).all()


def redline_of(response) -> BeautifulSoup:
    """The first redline on a page."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    redline = soup.find(class_="app-redline")
    assert redline is not None, "no redline on the page"
    return redline


def words(element) -> list[str]:
    """The visible words of <ins> or <del> elements, without the screen-reader prefix."""
    out = []
    for mark in element:
        hidden = mark.find(class_="govuk-visually-hidden")
        text = mark.get_text()
        out.append((text[len(hidden.get_text()):] if hidden else text).strip())
    return out


def amendment_url(consultation: Consultation, amendment, action: str = "") -> str:
    return f"/documents/{consultation.slug}/amendments/{amendment.id}/{action}"


def propose_url(consultation: Consultation, heading: str = "Funding", number: int | None = None) -> str:
    number = number or consultation.version.number
    return f"/documents/{consultation.slug}/v/{number}/clauses/{consultation.key(heading)}/amend"



def act_as(client, email: str) -> None:
    """Sign out whoever is signed in, and sign in as `email`."""
    client.sign_out()
    client.sign_in(email)

