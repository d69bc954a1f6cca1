"""Fixtures shared by the amendment tests."""

import pytest

from tests.amendments.factories import create_people


@pytest.fixture
def people():
    return create_people()
