"""Nonsense sent to the amendment and report routes, by the people who may use
them, gets an answer, never a server error."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from coproduce.amendments.services import apply_accepted_amendments
from coproduce.extensions import db
from tests.amendments.factories import (
    act_as,
    create_amendment,
    create_decision,
    create_people,
    create_support,
)
from tests.comments.factories import site_context

NONSENSE = ["nope", "\x00", "x" * 30_000, "ŵŷ-🙂", "-1", "99999999999999999999", " ", "<script>alert(1)</script>",
            "' OR '1'='1"]
FIELDS = ["proposed_text", "rationale", "organisation_id", "note", "outcome", "decided_text", "response",
          "decisions", "text", "submit", "csrf_token"]


@pytest.fixture
def world():
    people = create_people()
    c = people.consultation
    amendment = create_amendment(c.version, people.dafydd, people.pantry, c.key("Funding"))
    other = create_amendment(c.version, people.megan, people.trust, c.key("Funding"), "Grants run for four years.")
    create_support(other, people.sian, people.cvc)
    create_decision(other, people.rhodri, "accepted")
    create_decision(create_amendment(c.version, people.sian, people.cvc, c.key("Funding"), "Five years."),
                    people.rhodri, "accepted")
    with site_context():
        apply_accepted_amendments(c.document, people.rhodri)  # leaves Funding to reconcile
    db.session.commit()
    return people, amendment, other


def form_posts(slug, amendment, other, key):
    base = f"/documents/{slug}"
    return [
        ("dafydd@example.org", f"{base}/v/1/clauses/{key}/amend"),
        ("dafydd@example.org", f"{base}/amendments/{amendment.id}/revise"),
        ("dafydd@example.org", f"{base}/amendments/{amendment.id}/support"),
        ("megan@example.org", f"{base}/amendments/{amendment.id}/support"),
        ("rhodri@example.org", f"{base}/amendments/{amendment.id}/decide"),
        ("rhodri@example.org", f"{base}/amendments/{other.id}/decide"),
        ("rhodri@example.org", f"{base}/draft/clauses/{key}/reconcile"),
        ("rhodri@example.org", f"{base}/v/1/final"),
        ("rhodri@example.org", f"{base}/v/2/final"),
        ("rhodri@example.org", f"{base}/draft/amendments"),
    ]


def test_nonsense_form_fields_never_cause_a_server_error(client, world):
    people, amendment, other = world
    signed_in = None
    for email, url in form_posts(people.consultation.slug, amendment, other, people.consultation.key("Funding")):
        if email != signed_in:
            act_as(client, email)
            signed_in = email
        for value in NONSENSE:
            response = client.post(url, data={field: value for field in FIELDS})
            assert response.status_code < 500, f"{url} with {value[:20]!r} answered {response.status_code}"
        doubled = MultiDict([(field, value) for field in FIELDS for value in ("1", "2")])
        assert client.post(url, data=doubled).status_code < 500, f"{url} with repeated fields"
        assert client.post(url, data={}).status_code < 500, f"{url} with nothing"


@pytest.mark.parametrize("part", ["nope", "0", str(2**31), str(10**20), "%00", "ŵŷ", "..", "x" * 500])
def test_nonsense_in_the_address_is_not_found_or_refused(client, world, part):
    people, amendment, _other = world
    slug, key = people.consultation.slug, people.consultation.key("Funding")
    client.sign_in("rhodri@example.org")
    urls = [
        f"/documents/{slug}/amendments/{part}/", f"/documents/{slug}/amendments/{part}/withdraw",
        f"/documents/{slug}/amendments/{part}/revise", f"/documents/{slug}/v/{part}/amendments/",
        f"/documents/{slug}/v/{part}/responses/", f"/documents/{slug}/v/{part}/responses.csv",
        f"/documents/{slug}/v/{part}/responses.json", f"/documents/{slug}/v/{part}/final",
        f"/documents/{slug}/v/1/clauses/{part}/amend", f"/documents/{slug}/v/{part}/clauses/{key}/amend",
        f"/documents/{slug}/draft/clauses/{part}/reconcile", f"/documents/{part}/draft/amendments",
        f"/documents/{part}/amendments/{amendment.id}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} answered {response.status_code}"
    for url in (f"/documents/{slug}/amendments/{part}/support", f"/documents/{slug}/amendments/{part}/decide",
                f"/documents/{slug}/amendments/{part}/withdraw"):
        assert client.post(url, data={"outcome": "accepted", "response": "x"}).status_code < 500


def test_an_amendment_of_another_document_is_not_found_under_this_one(client, world):
    from tests.documents.factories import create_document, publish

    people, amendment, _other = world
    other_document = create_document(people.consultation.body, people.rhodri, title="Another document",
                                     markdown="## One\n\nText.\n")
    with site_context():
        publish(other_document, people.rhodri)
    client.sign_in("rhodri@example.org")
    assert client.get(f"/documents/{other_document.slug}/amendments/{amendment.id}/").status_code == 404
    response = client.post(f"/documents/{other_document.slug}/amendments/{amendment.id}/decide",
                           data={"outcome": "accepted", "response": "x", "decisions": "0"})
    assert response.status_code == 404
