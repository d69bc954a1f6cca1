"""Proposing an amendment: while consultation is open, a member of an approved
organisation proposes replacement text for a clause, starting from the clause
as it is, with a rationale; the amendment is shown as a redline."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coproduce.amendments.models import Amendment
from coproduce.columns import utcnow
from coproduce.extensions import db
from tests.amendments.factories import (
    all_amendments,
    amendment_count,
    amendment_url,
    create_amendment,
    create_people,
    propose_url,
    redline_of,
    words,
)
from tests.comments.factories import create_consultation, create_group, create_member
from tests.conftest import text_of
from tests.documents.helpers import error_summary, field_value, soup_of
from tests.factories import add_member


def propose(client, people, **overrides):
    data = {"proposed_text": "Grants run for three years at least.",
            "rationale": "Two-year grants mean we lose trained volunteers.",
            "organisation_id": str(people.pantry.id)}
    data.update(overrides)
    return client.post(propose_url(people.consultation), data=data)


def test_the_form_starts_from_the_clause_as_it_is(client, people):
    client.sign_in("dafydd@example.org")
    page = client.get(propose_url(people.consultation))
    assert page.status_code == 200
    assert field_value(page, "proposed_text") == "Grants run for two years."
    assert "Grants run for two years." in text_of(page)
    assert "Penrhos Community Pantry" in text_of(page)


def test_the_clause_page_offers_to_propose_an_amendment(client, people):
    client.sign_in("dafydd@example.org")
    clause_page = client.get(f"/documents/{people.consultation.slug}/v/1/clauses/{people.consultation.key('Funding')}/")
    links = [a["href"] for a in soup_of(clause_page).find_all("a", href=True)]
    assert propose_url(people.consultation) in links


def test_a_member_proposes_and_sees_a_redline_against_the_clause(client, people):
    client.sign_in("dafydd@example.org")
    response = propose(client, people, proposed_text="Grants run for three years.")
    assert response.status_code == 302
    (amendment,) = all_amendments()
    assert response.headers["Location"].endswith(amendment_url(people.consultation, amendment))
    assert (amendment.proposed_text, amendment.original_text) == ("Grants run for three years.",
                                                                  "Grants run for two years.")
    assert amendment.organisation_id == people.pantry.id and amendment.proposer_id == people.dafydd.id
    assert amendment.state == "open" and amendment.outcome is None

    page = client.get(response.headers["Location"])
    redline = redline_of(page)
    assert words(redline.find_all("del")) == ["two"]
    assert words(redline.find_all("ins")) == ["three"]
    text = text_of(page)
    assert "Two-year grants mean we lose trained volunteers." in text
    assert "Proposed by Dafydd Price for Penrhos Community Pantry" in text
    assert "Awaiting a decision" in text


def test_the_proposal_is_listed_for_the_version(client, people):
    amendment = create_amendment(people.consultation.version, people.dafydd, people.pantry,
                                 people.consultation.key("Funding"))
    page = client.get(f"/documents/{people.consultation.slug}/v/1/amendments/")
    assert f"Amendment {amendment.id}" in text_of(page)
    assert "Penrhos Community Pantry" in text_of(page)
    version_page = client.get(f"/documents/{people.consultation.slug}/v/1/")
    assert "Amendments proposed to this version (1)" in text_of(version_page)


def test_a_person_with_no_organisation_cannot_propose(client, people):
    create_member("Tom Baker", email="tom@example.org")
    client.sign_in("tom@example.org")
    assert client.get(propose_url(people.consultation)).status_code == 403
    assert propose(client, people).status_code == 403
    assert amendment_count() == 0


def test_a_member_awaiting_approval_cannot_propose(client, people):
    afon = create_group("Afon Mutual Aid")
    tom = create_member("Tom Baker", email="tom@example.org")
    add_member(tom, afon, status="pending")
    client.sign_in("tom@example.org")
    clause_page = client.get(f"/documents/{people.consultation.slug}/v/1/clauses/{people.consultation.key('Funding')}/")
    assert "Propose an amendment" not in text_of(clause_page)
    assert propose(client, people, organisation_id=str(afon.id)).status_code == 403
    assert amendment_count() == 0


def test_one_cannot_propose_for_an_organisation_one_does_not_belong_to(client, people):
    client.sign_in("dafydd@example.org")
    response = propose(client, people, organisation_id=str(people.trust.id))
    assert response.status_code == 200
    assert error_summary(response)
    assert amendment_count() == 0


def test_signed_out_people_are_sent_to_sign_in(client, people):
    response = client.get(propose_url(people.consultation))
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert propose(client, people).status_code == 302
    assert amendment_count() == 0


@pytest.mark.parametrize("field, value, message", [
    ("proposed_text", "", "Enter the text you propose"),
    ("proposed_text", "Grants run for two years.", "Change the text: it is the same as the clause now"),
    ("rationale", "   ", "Explain why you propose this change"),
    ("organisation_id", "", "Choose the organisation that proposes it"),
])
def test_an_incomplete_proposal_says_what_is_missing_and_records_nothing(client, people, field, value, message):
    client.sign_in("dafydd@example.org")
    response = propose(client, people, **{field: value})
    assert response.status_code == 200
    assert message in " ".join(error_summary(response))
    assert amendment_count() == 0


def test_proposing_on_a_closed_version_is_refused_with_a_clear_error(client):
    now = utcnow()
    people = create_people(create_consultation(opens=now - timedelta(days=30), closes=now - timedelta(minutes=1)))
    client.sign_in("dafydd@example.org")

    clause_page = client.get(f"/documents/{people.consultation.slug}/v/1/clauses/{people.consultation.key('Funding')}/")
    assert "Propose an amendment" not in text_of(clause_page)
    for response in (client.get(propose_url(people.consultation)), propose(client, people)):
        assert response.status_code in (403, 409)
        assert "not open for amendments" in text_of(response)
    assert amendment_count() == 0


def test_a_proposal_sent_just_after_the_window_closes_is_refused_and_keeps_nothing(client, people, monkeypatch):
    client.sign_in("dafydd@example.org")
    assert client.get(propose_url(people.consultation)).status_code == 200
    later = utcnow() + timedelta(days=31)  # the window closes while Dafydd types
    monkeypatch.setattr("coproduce.documents.models.utcnow", lambda: later)
    response = propose(client, people)
    assert response.status_code in (403, 409)
    assert "not open for amendments" in text_of(response)
    assert amendment_count() == 0


def test_an_unknown_clause_or_version_is_not_found(client, people):
    client.sign_in("dafydd@example.org")
    slug = people.consultation.slug
    assert client.get(f"/documents/{slug}/v/1/clauses/no-such-clause/amend").status_code == 404
    assert client.get(f"/documents/{slug}/v/9/clauses/{people.consultation.key('Funding')}/amend").status_code == 404
    assert client.get(f"/documents/{slug}/amendments/999/").status_code == 404
    assert db.session.query(Amendment).count() == 0
