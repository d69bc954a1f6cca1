"""The fictional Glanmôr world of DOMAIN.md, loaded by `flask demo`."""

from __future__ import annotations

from sqlalchemy import func, select

from coproduce.accounts.models import Membership, Organisation, User
from coproduce.audit.trail import AuditEvent
from coproduce.demo import DEMO_PASSWORD
from coproduce.extensions import db
from tests.conftest import text_of
from tests.factories import create_user

PEOPLE = {"Carys Morgan", "Rhodri Evans", "Siân Jones", "Dafydd Price", "Aisha Khan", "Megan Hughes", "Tom Baker"}

# name: (kind, area, verified)
ORGANISATIONS = {
    "Welsh Government, Communities Division": ("public_body", "wales", False),
    "Glanmôr County Council": ("public_body", "glanmor", False),
    "Glanmôr Voluntary Council": ("cvc", "glanmor", False),
    "Penrhos Community Pantry": ("community", "glanmor", True),
    "Tŷ Cymunedol Development Trust": ("community", "glanmor", True),
    "Afon Mutual Aid": ("community", "glanmor", False),
}

# (person, organisation): (role, signatory)
MEMBERSHIPS = {
    ("Carys Morgan", "Welsh Government, Communities Division"): ("admin", True),
    ("Rhodri Evans", "Glanmôr County Council"): ("admin", True),
    ("Siân Jones", "Glanmôr Voluntary Council"): ("admin", True),
    ("Dafydd Price", "Penrhos Community Pantry"): ("admin", True),
    ("Aisha Khan", "Penrhos Community Pantry"): ("member", False),
    ("Megan Hughes", "Tŷ Cymunedol Development Trust"): ("admin", True),
    ("Tom Baker", "Afon Mutual Aid"): ("admin", False),
}


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_demo_loads_the_people_and_organisations_of_the_domain(app):
    result = run(app, "demo")

    assert "Demo data loaded." in result.output
    people = {user.name: user for user in db.session.scalars(select(User))}
    assert PEOPLE <= set(people)
    assert not any(people[name].is_site_admin for name in PEOPLE)
    assert all(people[name].is_confirmed for name in PEOPLE)
    organisations = {
        organisation.name: (organisation.kind, organisation.area_code, organisation.verified_at is not None)
        for organisation in db.session.scalars(select(Organisation))
    }
    assert organisations == ORGANISATIONS
    memberships = {
        (membership.user.name, membership.organisation.name): (membership.role, membership.is_signatory)
        for membership in db.session.scalars(select(Membership))
    }
    assert memberships == MEMBERSHIPS
    assert all(membership.status == "approved" for membership in db.session.scalars(select(Membership)))


def test_demo_records_its_changes_in_the_audit_trail(app):
    run(app, "demo")

    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [event.action for event in events]
    assert actions.count("user.registered") == len(PEOPLE) + 1  # and the site administrator
    assert actions.count("organisation.verified") == 2
    for before, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == before.hash


def test_running_demo_twice_creates_nothing_new(app):
    run(app, "demo")
    before = row_counts()

    result = run(app, "demo")

    assert "Demo data was already there." in result.output
    assert row_counts() == before


def test_the_demo_password_signs_dafydd_in(app, client):
    run(app, "demo")

    client.sign_in("dafydd.price@example.org", DEMO_PASSWORD)

    page = text_of(client.get("/account"))
    assert "dafydd.price@example.org" in page
    assert "Penrhos Community Pantry" in page


def test_demo_if_empty_loads_an_empty_database_and_explains_how_to_sign_in(app):
    result = run(app, "demo-if-empty")

    assert "Empty database: demo data loaded." in result.output
    assert DEMO_PASSWORD in result.output
    assert "dafydd.price@example.org" in result.output
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Penrhos Community Pantry"))


def test_demo_if_empty_leaves_a_database_with_accounts_alone(app):
    create_user("Someone Real", email="someone@example.org")

    result = run(app, "demo-if-empty")

    assert "demo data loaded" not in result.output
    assert DEMO_PASSWORD in result.output  # the sign-in help is printed either way
    assert db.session.scalars(select(User.email)).all() == ["someone@example.org"]
    assert db.session.scalars(select(Organisation)).all() == []
