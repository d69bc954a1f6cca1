"""Other organisations support an amendment, once each, with an optional note;
support is counted by organisation kind."""

from __future__ import annotations

import pytest

from coproduce.amendments.models import AmendmentSupport
from coproduce.extensions import db
from tests.amendments.factories import (
    act_as,
    all_amendments,
    amendment_url,
    create_amendment,
    create_support,
)
from tests.comments.factories import create_member
from tests.conftest import text_of
from tests.documents.helpers import post_and_follow, soup_of
from tests.factories import add_member, create_organisation


@pytest.fixture
def amendment(people):
    return create_amendment(people.consultation.version, people.dafydd, people.pantry,
                            people.consultation.key("Funding"))


def supports() -> list[AmendmentSupport]:
    db.session.expire_all()
    return db.session.query(AmendmentSupport).order_by(AmendmentSupport.id).all()


def test_an_organisation_supports_an_amendment_with_a_note(client, people, amendment):
    client.sign_in("megan@example.org")
    page = post_and_follow(client, amendment_url(people.consultation, amendment, "support"),
                           {"organisation_id": str(people.trust.id), "note": "Three-year funding keeps our staff."})
    text = text_of(page)
    assert "Tŷ Cymunedol Development Trust now supports this amendment." in text
    assert "Supported by 1 organisation" in text
    assert "Three-year funding keeps our staff." in text
    (support,) = supports()
    assert (support.organisation_id, support.user_id) == (people.trust.id, people.megan.id)
    assert all_amendments()[0].support_count == 1


def test_an_organisation_supports_only_once(client, people, amendment):
    create_support(amendment, people.megan, people.trust)
    second = create_member("Gareth Lewis", people.trust, "gareth@example.org")
    client.sign_in(second.email)
    page = post_and_follow(client, amendment_url(people.consultation, amendment, "support"),
                           {"organisation_id": str(people.trust.id), "note": "Again"})
    assert "Tŷ Cymunedol Development Trust already supports this amendment." in text_of(page)
    assert len(supports()) == 1
    assert all_amendments()[0].support_count == 1


def test_the_proposing_organisation_cannot_support_its_own_amendment(client, people, amendment):
    client.sign_in("aisha@example.org")  # a member of Penrhos, which proposed it
    page = client.get(amendment_url(people.consultation, amendment))
    assert soup_of(page).find("form", action=amendment_url(people.consultation, amendment, "support")) is None
    response = client.post(amendment_url(people.consultation, amendment, "support"),
                           data={"organisation_id": str(people.pantry.id)})
    assert response.status_code == 403
    assert supports() == []


def test_someone_in_two_organisations_is_offered_only_the_other_one(client, people, amendment):
    add_member(people.megan, people.pantry)
    client.sign_in("megan@example.org")
    page = client.get(amendment_url(people.consultation, amendment))
    form = soup_of(page).find("form", action=amendment_url(people.consultation, amendment, "support"))
    offered = {radio["value"] for radio in form.find_all("input", attrs={"name": "organisation_id"})}
    assert offered == {str(people.trust.id)}

    page = post_and_follow(client, amendment_url(people.consultation, amendment, "support"),
                           {"organisation_id": str(people.pantry.id)})
    assert "Choose the organisation that supports it" in text_of(page)
    assert supports() == []


def test_people_with_no_organisation_cannot_support(client, people, amendment):
    create_member("Tom Baker", email="tom@example.org")
    client.sign_in("tom@example.org")
    assert client.post(amendment_url(people.consultation, amendment, "support"),
                       data={"organisation_id": str(people.trust.id)}).status_code == 403
    assert supports() == []


def test_support_is_counted_by_organisation_kind(client, people, amendment):
    other_group = create_organisation("Afon Mutual Aid", kind="community", area="glanmor")
    tom = create_member("Tom Baker", other_group, "tom@example.org")
    council = create_organisation("Cyngor Tref Penrhos", kind="public_body", area="glanmor")
    clerk = create_member("Eleri Rees", council, "eleri@example.org")
    for user, organisation in ((people.megan, people.trust), (tom, other_group), (people.sian, people.cvc),
                               (clerk, council)):
        create_support(amendment, user, organisation)

    text = text_of(client.get(amendment_url(people.consultation, amendment)))
    assert "Supported by 4 organisations" in text
    assert "Community group 2" in text
    assert "County Voluntary Council 1" in text
    assert "Public body 1" in text
    listing = text_of(client.get(f"/documents/{people.consultation.slug}/v/1/amendments/"))
    assert "Penrhos Community Pantry 4" in listing


def test_support_from_several_organisations_is_listed_with_who_gave_it(client, people, amendment):
    for email, organisation in (("megan@example.org", people.trust), ("sian@example.org", people.cvc)):
        act_as(client, email)
        post_and_follow(client, amendment_url(people.consultation, amendment, "support"),
                        {"organisation_id": str(organisation.id)})
    text = text_of(client.get(amendment_url(people.consultation, amendment)))
    assert "Tŷ Cymunedol Development Trust (Megan Hughes)" in text
    assert "Glanmôr Voluntary Council (Siân Jones)" in text
    assert all_amendments()[0].support_count == 2
