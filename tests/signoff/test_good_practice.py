"""A good-practice example is published only once both the public body and the community group it
describes have signed it (mutual recognition)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coproduce.demo import DEMO_PASSWORD, load_demo
from coproduce.documents.models import Document
from coproduce.extensions import db
from coproduce.signoff.models import SignOff
from tests.amendments.factories import act_as
from tests.comments.factories import site_context
from tests.conftest import text_of
from tests.signoff.factories import create_parties, create_sign_off

TITLE = "One food referral route in Penrhos"

EXAMPLE = """## What we did

The council and the pantry replaced four referral forms with one.

## What changed for people

Families get food within a day instead of a week.
"""


@pytest.fixture
def example():
    """Owned by the council, describing the pantry; the council has signed, the pantry not yet."""
    parties = create_parties(kind="good_practice", title=TITLE, markdown=EXAMPLE, partners=("pantry",))
    create_sign_off(parties.version, parties.rhodri, parties.council, role="Partnerships Officer")
    return parties


def public_urls(slug: str) -> list[str]:
    return [f"/documents/{slug}/", f"/documents/{slug}/v/1/", f"/documents/{slug}/v/1/text.md",
            f"/documents/{slug}/v/1/manifest.json", f"/documents/{slug}/v/1/sign-off",
            f"/documents/{slug}/activity/", f"/documents/{slug}/versions/"]


def test_an_unrecognised_example_is_hidden_from_the_public(client, example):
    for url in public_urls(example.slug):
        assert client.get(url).status_code == 404, url
    assert TITLE not in text_of(client.get("/documents/"))
    assert TITLE not in text_of(client.get("/documents/?kind=good_practice"))
    assert "No match" in text_of(client.post("/verify", data={"content_hash": example.version.content_hash}))


def test_people_of_other_organisations_do_not_see_it_either(client, example):
    client.sign_in("megan@example.org")
    assert client.get(f"/documents/{example.slug}/").status_code == 404
    assert TITLE not in text_of(client.get("/documents/"))


def test_its_parties_see_it_so_the_community_group_can_recognise_it(client, example):
    for email in ("dafydd@example.org", "aisha@example.org", "rhodri@example.org"):
        act_as(client, email)
        assert client.get(f"/documents/{example.slug}/").status_code == 200, email
        assert TITLE in text_of(client.get("/documents/")), email


def test_once_both_sides_have_signed_it_is_published(client, example):
    client.sign_in("dafydd@example.org")
    response = client.post(f"/documents/{example.slug}/v/1/sign-off", data={
        "organisation_id": str(example.pantry.id), "role": "Chair", "statement": "This is how it happened.",
        "confirmed_hash": example.version.content_hash})
    assert response.status_code == 302
    client.sign_out()

    for url in public_urls(example.slug):
        assert client.get(url).status_code == 200, url
    assert TITLE in text_of(client.get("/documents/?kind=good_practice"))
    assert "Agreed by every party on" in text_of(client.get(f"/documents/{example.slug}/"))
    assert "It matches" in text_of(client.post("/verify", data={"content_hash": example.version.content_hash}))


def test_the_demo_example_awaits_the_community_groups_recognition(client):
    with site_context():
        load_demo()
    db.session.commit()
    example = db.session.scalar(select(Document).where(Document.kind == "good_practice"))

    assert example.agreed_at is None
    signed = {s.organisation.name for s in db.session.scalars(select(SignOff).where(SignOff.document_id == example.id))}
    assert signed == {"Glanmôr County Council"}
    assert {p.organisation.name for p in example.parties} == {"Glanmôr County Council", "Penrhos Community Pantry"}
    assert client.get(f"/documents/{example.slug}/").status_code == 404
    assert example.title not in text_of(client.get("/documents/"))
    client.sign_in("dafydd.price@example.org", password=DEMO_PASSWORD)
    assert "Sign this version" in text_of(client.get(f"/documents/{example.slug}/v/1/sign-off"))
