"""The administrators' commands: create organisations, appoint site administrators."""

from __future__ import annotations

from sqlalchemy import select

from coproduce.accounts.models import Organisation, User
from coproduce.audit.trail import AuditEvent
from coproduce.extensions import db
from tests.factories import create_organisation, create_user, reload


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def organisations() -> list[Organisation]:
    db.session.expire_all()
    return db.session.scalars(select(Organisation)).all()


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_organisations_create_makes_a_public_body(app):
    result = run(app, "organisations", "create", "--name", "Cardiff Council", "--kind", "public_body",
                 "--area", "cardiff")

    assert result.exit_code == 0, result.output
    [council] = organisations()
    assert (council.name, council.kind, council.area_code) == ("Cardiff Council", "public_body", "cardiff")
    assert f"/organisations/{council.slug}/" in result.output
    assert actions() == ["organisation.created"]


def test_organisations_create_with_an_unknown_area_says_which_areas_exist(app):
    result = run(app, "organisations", "create", "--name", "Atlantis Council", "--kind", "public_body",
                 "--area", "atlantis")

    assert result.exit_code != 0
    assert "unknown area" in result.output
    assert "cardiff" in result.output and "wales" in result.output
    assert organisations() == []


def test_organisations_create_refuses_a_name_already_registered_in_the_area(app):
    create_organisation("Cardiff Council", kind="public_body", area="cardiff")

    result = run(app, "organisations", "create", "--name", "cardiff council", "--kind", "cvc", "--area", "cardiff")

    assert result.exit_code == 1
    assert "already registered in this area" in result.output
    assert len(organisations()) == 1


def test_organisations_create_refuses_an_unknown_kind(app):
    result = run(app, "organisations", "create", "--name", "Somebody", "--kind", "quango", "--area", "cardiff")

    assert result.exit_code != 0
    assert organisations() == []


def test_users_make_admin_appoints_a_site_administrator(app):
    carys = create_user("Carys Morgan", email="carys.morgan@example.org")

    result = run(app, "users", "make-admin", "Carys.Morgan@Example.org")

    assert result.exit_code == 0, result.output
    assert "Carys Morgan is now a site administrator." in result.output
    assert reload(User, carys.id).is_site_admin
    assert actions() == ["user.made_site_admin"]


def test_users_make_admin_with_an_unknown_email_fails(app):
    create_user(email="someone@example.org")

    result = run(app, "users", "make-admin", "nobody@example.org")

    assert result.exit_code == 1
    assert "no account for nobody@example.org" in result.output
    assert not any(user.is_site_admin for user in db.session.scalars(select(User)))
