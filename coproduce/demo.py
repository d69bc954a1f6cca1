"""The fictional Glanmôr world of DOMAIN.md, loaded idempotently.

Every name and place here is invented. All demo accounts share one password,
printed by `make run`; demo data is for trying the site, never for a real
deployment's accounts.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from coproduce.accounts.models import (
    Area,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    User,
)
from coproduce.audit.trail import record_event
from coproduce.columns import utcnow
from coproduce.comments.demo import load_demo_comments
from coproduce.documents.demo import load_demo_documents
from coproduce.extensions import db
from coproduce.moderation.demo import load_demo_moderation
from coproduce.organisations.services import create_organisation
from coproduce.signoff.demo import load_demo_sign_offs

DEMO_PASSWORD = "glanmor-demo-2026"

GLANMOR = ("glanmor", "Glanmôr", "Glanmôr")

# (name, email, is_site_admin)
PEOPLE = [
    ("Carys Morgan", "carys.morgan@example.org", False),
    ("Rhodri Evans", "rhodri.evans@example.org", False),
    ("Siân Jones", "sian.jones@example.org", False),
    ("Dafydd Price", "dafydd.price@example.org", False),
    ("Aisha Khan", "aisha.khan@example.org", False),
    ("Megan Hughes", "megan.hughes@example.org", False),
    ("Tom Baker", "tom.baker@example.org", False),
    ("Site Administrator", "admin@example.org", True),
]

# (name, kind, area, verified)
ORGANISATIONS = [
    ("Welsh Government, Communities Division", "public_body", "wales", True),
    ("Glanmôr County Council", "public_body", "glanmor", True),
    ("Glanmôr Voluntary Council", "cvc", "glanmor", True),
    ("Penrhos Community Pantry", "community", "glanmor", True),
    ("Tŷ Cymunedol Development Trust", "community", "glanmor", True),
    ("Afon Mutual Aid", "community", "glanmor", False),
]

# (email, organisation, role, is_signatory, role in words)
MEMBERSHIPS = [
    ("carys.morgan@example.org", "Welsh Government, Communities Division", "admin", True, "policy officer"),
    ("rhodri.evans@example.org", "Glanmôr County Council", "admin", True, "partnerships officer"),
    ("sian.jones@example.org", "Glanmôr Voluntary Council", "admin", True, "moderator and signatory for the sector"),
    ("dafydd.price@example.org", "Penrhos Community Pantry", "admin", True, "chair and signatory"),
    ("aisha.khan@example.org", "Penrhos Community Pantry", "member", False, "volunteer coordinator"),
    ("megan.hughes@example.org", "Tŷ Cymunedol Development Trust", "admin", True, "manager"),
    ("tom.baker@example.org", "Afon Mutual Aid", "admin", False, "organiser"),
]


def _user(name: str, email: str, is_site_admin: bool) -> tuple[User, bool]:
    user = db.session.scalar(select(User).where(User.email == email))
    if user:
        return user, False
    # The demo people have taken part for a year: none is new enough to be pre-moderated.
    user = User(name=name, email=email, email_confirmed_at=utcnow(), listed_publicly=True,
                is_site_admin=is_site_admin, preferred_language="en", created_at=utcnow() - timedelta(days=365))
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    db.session.flush()
    record_event("user.registered", user, actor=user, demo=True)
    return user, True


def load_demo() -> bool:
    """Create whatever of the demo world is missing; True if anything was created."""
    created = False
    if db.session.get(Area, GLANMOR[0]) is None:
        db.session.add(Area(code=GLANMOR[0], name_en=GLANMOR[1], name_cy=GLANMOR[2], is_wales_wide=False))
        db.session.flush()
        created = True

    users = {}
    for name, email, is_admin in PEOPLE:
        users[email], new = _user(name, email, is_admin)
        created |= new
    admin = users["admin@example.org"]

    organisations = {}
    for name, kind, area, verified in ORGANISATIONS:
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None:
            organisation = create_organisation(name=name, kind=kind, area_code=area, creator=admin)
            if kind == OrganisationKind.COMMUNITY and verified:
                organisation.verified_at = utcnow()
                organisation.verified_by_id = admin.id
                record_event("organisation.verified", organisation, actor=admin)
            created = True
        organisations[name] = organisation

    for email, org_name, role, is_signatory, _role_words in MEMBERSHIPS:
        user, organisation = users[email], organisations[org_name]
        if user.membership_of(organisation) is None:
            membership = Membership(user=user, organisation=organisation, role=role, status=MembershipStatus.APPROVED,
                                    is_signatory=is_signatory, decided_at=utcnow(), decided_by_id=admin.id,
                                    is_moderator=organisation.kind == OrganisationKind.CVC)
            db.session.add(membership)
            db.session.flush()
            record_event("membership.created", membership, actor=admin, role=role, signatory=is_signatory)
            created = True
    db.session.flush()
    created |= load_demo_documents(users, organisations)
    created |= load_demo_comments(users, organisations)
    created |= load_demo_sign_offs(users, organisations)
    created |= load_demo_moderation(users, organisations)
    db.session.flush()
    return created


def sign_in_help() -> str:
    lines = [f"Demo accounts (password for all: {DEMO_PASSWORD}):"]
    roles = {email: f"{words}, {org}" for email, org, _r, _s, words in MEMBERSHIPS}
    for name, email, is_admin in PEOPLE:
        lines.append(f"  {email:<28} {name} - {'site administrator' if is_admin else roles.get(email, '')}")
    return "\n".join(lines)
