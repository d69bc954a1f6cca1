"""A version cannot be marked final, for sign-off, while any amendment on the
version before it is undecided: a clear message lists them."""

from __future__ import annotations

import pytest

from coproduce.amendments.models import VersionFinal
from coproduce.amendments.services import withdraw_amendment
from coproduce.extensions import db
from tests.amendments.factories import (
    amendment_url,
    create_amendment,
    create_decision,
    create_revision,
    create_support,
)
from tests.comments.factories import publish_next
from tests.conftest import text_of
from tests.documents.helpers import post_and_follow, soup_of

NEXT_VERSION = """## Purpose

Community organisations and public bodies work as equal partners.

## Funding

Grants run for three years.
"""


@pytest.fixture
def undecided(people):
    """Two undecided amendments on version 1, one decided, one withdrawn, one replaced; version 2 published."""
    c = people.consultation
    v1 = c.version
    first = create_amendment(v1, people.dafydd, people.pantry, c.key("Funding"), "Grants run for three years.")
    second = create_amendment(v1, people.megan, people.trust, c.key("Purpose"), "Everyone works as partners.")
    decided = create_amendment(v1, people.sian, people.cvc, c.key("Representation"), "Three seats.")
    create_decision(decided, people.rhodri, "declined", "Not now.")
    withdrawn = create_amendment(v1, people.aisha, people.pantry, c.key("Purpose"), "Partners.")
    withdraw_amendment(withdrawn, people.aisha)
    db.session.commit()
    replaced = create_amendment(v1, people.sian, people.cvc, c.key("Funding"), "Grants run for four years.")
    create_support(replaced, people.megan, people.trust)
    newer = create_revision(replaced, "Grants run for five years.", "Longer still.")
    create_decision(newer, people.rhodri, "declined", "Too long.")
    publish_next(c, NEXT_VERSION)
    return first, second


def final_url(people, number: int = 2) -> str:
    return f"/documents/{people.consultation.slug}/v/{number}/final"


def is_final(version_id) -> bool:
    db.session.expire_all()
    return db.session.get(VersionFinal, version_id) is not None


def test_marking_final_is_refused_while_amendments_on_the_version_before_are_undecided(client, people, undecided):
    first, second = undecided
    client.sign_in("rhodri@example.org")
    page = client.get(final_url(people))
    assert page.status_code == 200
    listed = soup_of(page).select(".govuk-error-summary__list a")
    assert [a["href"] for a in listed] == [amendment_url(people.consultation, first),
                                           amendment_url(people.consultation, second)]
    assert "2 amendments on version 1 have no decision yet" in text_of(page)
    assert soup_of(page).find("form") is None or "Mark final" not in text_of(page)

    response = client.post(final_url(people))
    assert response.status_code == 409
    assert "Decide these amendments first" in text_of(response)
    assert f"Amendment {first.id} – Penrhos Community Pantry" in text_of(response)
    assert not is_final(people.consultation.version.id)


def test_marking_final_is_allowed_once_every_amendment_is_decided(client, people, undecided):
    first, second = undecided
    client.sign_in("rhodri@example.org")
    for amendment, outcome in ((first, "accepted"), (second, "declined")):
        post_and_follow(client, amendment_url(people.consultation, amendment, "decide"),
                        {"outcome": outcome, "response": "Decided.", "decisions": "0"})
    page = client.get(final_url(people))
    assert "Decide these amendments first" not in text_of(page)
    page = post_and_follow(client, final_url(people))
    assert "Version 2 is marked final, for sign-off." in text_of(page)
    assert "Final, for sign-off" in text_of(page)
    assert is_final(people.consultation.version.id)
    assert "already marked final" in text_of(client.get(final_url(people)))


def test_a_first_version_has_nothing_before_it_to_decide(client, people):
    client.sign_in("rhodri@example.org")
    page = post_and_follow(client, final_url(people, 1))
    assert "Version 1 is marked final, for sign-off." in text_of(page)


def test_only_officers_of_the_owning_body_mark_a_version_final(client, people, undecided):
    client.sign_in("dafydd@example.org")
    assert client.get(final_url(people)).status_code == 403
    assert client.post(final_url(people)).status_code == 403
    assert not is_final(people.consultation.version.id)
