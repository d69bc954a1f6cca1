"""States are StrEnums, and the database refuses any value outside them."""

import pytest
from sqlalchemy import CheckConstraint, inspect, text
from sqlalchemy.exc import IntegrityError

from coproduce.accounts.models import OrganisationKind
from coproduce.extensions import db
from tests.factories import create_organisation


def state_checks() -> list[tuple[str, str]]:
    return sorted((table.name, constraint.name) for table in db.metadata.tables.values()
                  for constraint in table.constraints
                  if isinstance(constraint, CheckConstraint) and constraint.name.endswith("_known"))


def test_every_state_column_has_its_check_in_the_migrated_database():
    checks = state_checks()
    assert ("comment", "ck_comment_moderation_known") in checks
    assert ("amendment", "ck_amendment_outcome_known") in checks
    inspector = inspect(db.engine)
    for table, name in checks:
        assert name in {c["name"] for c in inspector.get_check_constraints(table)}, (table, name)


def test_the_database_refuses_an_unknown_state():
    organisation = create_organisation("Penrhos Community Pantry")
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE organisation SET kind = 'club' WHERE id = :id"), {"id": organisation.id})
        db.session.flush()
    db.session.rollback()


def test_a_state_is_its_own_string():
    assert OrganisationKind.COMMUNITY == "community"
    assert f"{OrganisationKind.CVC}" == "cvc"
