"""Fixtures shared by the moderation tests."""

import pytest

from tests.moderation.factories import create_world


@pytest.fixture
def world():
    return create_world()
