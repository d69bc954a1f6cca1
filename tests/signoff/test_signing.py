"""Putting a version forward, and signatories signing it: role, statement and the content hash they
confirm. Every refusal gives a clear error and records nothing."""

from __future__ import annotations

import pytest

from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.signoff import services
from coproduce.signoff.models import SignOff, SignOffRequest
from tests.conftest import text_of
from tests.documents.helpers import error_summary, post_and_follow, soup_of
from tests.signoff.factories import (
    all_sign_offs,
    audit_trail,
    counts,
    create_parties,
    create_request,
    create_sign_off,
    finalise,
    publish_next,
    sign_form,
    sign_off_url,
)

# --- putting forward ----------------------------------------------------------------


def test_an_officer_puts_a_final_closed_version_forward(client):
    parties = create_parties(put_forward=False)
    client.sign_in("rhodri@example.org")
    page = client.get(sign_off_url(parties))
    assert "This version has not been put forward for sign-off." in text_of(page)

    page = post_and_follow(client, sign_off_url(parties, action="/put-forward"))

    assert "Version 1 is open for the parties to sign." in text_of(page)
    assert db.session.get(SignOffRequest, parties.version.id) is not None
    last = audit_trail()[-1]
    assert (last.action, last.subject_id, last.document_id) == ("signoff.requested", parties.version.id,
                                                               parties.document.id)
    assert last.details_dict["content_hash"] == parties.version.content_hash


def test_putting_forward_a_version_not_marked_final_is_refused(client):
    parties = create_parties(final=False)
    before = counts()
    client.sign_in("rhodri@example.org")

    page = post_and_follow(client, sign_off_url(parties, action="/put-forward"))

    assert "Mark the version final before putting it forward for sign-off." in text_of(page)
    assert counts() == before
    with pytest.raises(ServiceError, match="Mark the version final"):
        services.put_forward(parties.version, parties.rhodri)


def test_putting_forward_a_version_still_open_for_comment_is_refused(client):
    parties = create_parties(window={}, put_forward=False)  # publish()'s default: open for 30 days
    assert parties.version.window_state() == "open"
    before = counts()
    client.sign_in("rhodri@example.org")

    page = post_and_follow(client, sign_off_url(parties, action="/put-forward"))

    assert "The consultation on this version must close before sign-off." in text_of(page)
    assert counts() == before
    with pytest.raises(ServiceError, match="must close"):
        services.put_forward(parties.version, parties.rhodri)


def test_only_an_officer_of_the_owning_body_puts_a_version_forward(client):
    parties = create_parties(put_forward=False)
    client.sign_in("sian@example.org")
    assert client.post(sign_off_url(parties, action="/put-forward")).status_code == 403
    assert db.session.get(SignOffRequest, parties.version.id) is None


# --- signing ------------------------------------------------------------------------


def test_a_signatory_signs_with_role_statement_and_the_confirmed_hash(client):
    parties = create_parties()
    version = parties.version
    client.sign_in("dafydd@example.org")
    page = client.get(sign_off_url(parties))
    assert soup_of(page).find(id="content-hash").get_text() == version.content_hash
    assert "Sign this version" in text_of(page)

    page = post_and_follow(client, sign_off_url(parties), sign_form(
        parties.pantry, version.content_hash.upper() + " ", role="Chair", statement="Penrhos is proud to sign."))

    assert "You have signed version 1 for Penrhos Community Pantry." in text_of(page)
    [sign_off] = all_sign_offs()
    assert (sign_off.organisation_id, sign_off.signatory_id, sign_off.signatory_name) == (
        parties.pantry.id, parties.dafydd.id, "Dafydd Price")
    assert (sign_off.role, sign_off.statement) == ("Chair", "Penrhos is proud to sign.")
    assert (sign_off.version_id, sign_off.content_hash) == (version.id, version.content_hash)
    assert sign_off.signed_at.utcoffset().total_seconds() == 0
    last = audit_trail()[-1]
    assert (last.action, last.subject_type, last.subject_id, last.actor_id) == (
        "signoff.signed", "SignOff", sign_off.id, parties.dafydd.id)
    row = next(tr for tr in soup_of(page).select("tbody tr") if "Penrhos Community Pantry" in tr.get_text())
    assert "Signed" in row.get_text() and "Dafydd Price, Chair" in row.get_text()
    assert "Penrhos is proud to sign." in row.get_text()


def test_a_wrong_confirmed_hash_is_refused_and_records_nothing(client):
    parties = create_parties()
    before = counts()
    client.sign_in("dafydd@example.org")

    response = client.post(sign_off_url(parties), data=sign_form(parties.pantry, "0" * 64))

    assert response.status_code == 200
    assert any("does not match this version" in message for message in error_summary(response))
    assert counts() == before


@pytest.mark.parametrize("missing, value, message", [
    ("role", "   ", "Enter your role"),
    ("statement", "   ", "Enter a short statement"),
    ("confirmed_hash", "", "Enter the content hash to confirm the text"),
])
def test_role_statement_and_hash_are_required(client, missing, value, message):
    parties = create_parties()
    before = counts()
    client.sign_in("dafydd@example.org")
    data = sign_form(parties.pantry, parties.version.content_hash)
    data[missing] = value

    response = client.post(sign_off_url(parties), data=data)

    assert message in error_summary(response)
    assert counts() == before


def test_signing_a_version_that_is_not_final_is_refused_and_records_nothing(client):
    parties = create_parties(final=False)
    before = counts()
    client.sign_in("dafydd@example.org")

    response = client.post(sign_off_url(parties), data=sign_form(parties.pantry, parties.version.content_hash))

    assert response.status_code == 200
    assert "This version has not been put forward for sign-off." in error_summary(response)
    assert counts() == before


def test_signing_a_final_version_not_yet_put_forward_is_refused(app):
    parties = create_parties(put_forward=False)
    before = counts()
    with pytest.raises(ServiceError, match="has not been put forward"):
        services.sign_version(parties.version, parties.dafydd, parties.pantry, role="Chair", statement="Yes.",
                              confirmed_hash=parties.version.content_hash)
    db.session.rollback()
    assert counts() == before


def test_signing_twice_for_the_same_organisation_is_refused_and_records_nothing(client):
    parties = create_parties()
    create_sign_off(parties.version, parties.dafydd, parties.pantry)
    before = counts()
    client.sign_in("dafydd@example.org")

    response = client.post(sign_off_url(parties), data=sign_form(parties.pantry, parties.version.content_hash))

    assert response.status_code == 200
    assert "Penrhos Community Pantry has already signed this version." in error_summary(response)
    assert counts() == before


def test_signing_for_an_organisation_you_are_not_a_signatory_of_is_refused(client):
    """Siân signs for the Voluntary Council; she cannot sign for the pantry, though it is a party."""
    parties = create_parties()
    before = counts()
    client.sign_in("sian@example.org")

    response = client.post(sign_off_url(parties), data=sign_form(parties.pantry, parties.version.content_hash))

    assert response.status_code == 200
    assert "You are not a signatory of Penrhos Community Pantry." in error_summary(response)
    assert counts() == before
    with pytest.raises(ServiceError, match="You are not a signatory of Penrhos Community Pantry"):
        services.sign_version(parties.version, parties.sian, parties.pantry, role="Chair", statement="Yes.",
                              confirmed_hash=parties.version.content_hash)
    db.session.rollback()
    assert counts() == before


def test_a_member_who_is_not_a_signatory_cannot_sign(client):
    parties = create_parties()
    before = counts()
    client.sign_in("aisha@example.org")
    page = client.get(sign_off_url(parties))
    assert "Only named signatories of the parties can sign." in text_of(page)
    assert soup_of(page).find("input", attrs={"name": "confirmed_hash"}) is None

    assert client.post(sign_off_url(parties), data=sign_form(parties.pantry, parties.version.content_hash)
                       ).status_code == 403
    assert counts() == before
    with pytest.raises(ServiceError, match="You are not a signatory of Penrhos Community Pantry"):
        services.sign_version(parties.version, parties.aisha, parties.pantry, role="Volunteer", statement="Yes.",
                              confirmed_hash=parties.version.content_hash)
    db.session.rollback()


def test_a_signatory_of_an_organisation_that_is_not_a_party_cannot_sign(client):
    parties = create_parties()
    before = counts()
    client.sign_in("megan@example.org")
    assert client.post(sign_off_url(parties), data=sign_form(parties.trust, parties.version.content_hash)
                       ).status_code == 403
    with pytest.raises(ServiceError, match="is not a party to this document"):
        services.sign_version(parties.version, parties.megan, parties.trust, role="Manager", statement="Yes.",
                              confirmed_hash=parties.version.content_hash)
    db.session.rollback()
    assert counts() == before


def test_signing_after_a_newer_version_appeared_is_refused_and_records_nothing(client):
    parties = create_parties()
    v1 = parties.version
    publish_next(parties)
    before = counts()
    client.sign_in("dafydd@example.org")

    response = client.post(sign_off_url(parties, 1), data=sign_form(parties.pantry, v1.content_hash))

    assert response.status_code == 200
    assert "A newer version has been published: this version can no longer be signed." in error_summary(response)
    assert counts() == before


def test_signing_a_version_without_being_signed_in_sends_you_to_sign_in(client):
    parties = create_parties()
    response = client.post(sign_off_url(parties), data=sign_form(parties.pantry, parties.version.content_hash))
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert all_sign_offs() == []


def test_a_sign_off_is_never_edited(app):
    from coproduce.immutable import ImmutableError

    parties = create_parties()
    sign_off = create_sign_off(parties.version, parties.dafydd, parties.pantry, role="Chair")
    sign_off.role = "Treasurer"
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(SignOff, sign_off.id).role == "Chair"


def test_only_the_latest_version_can_be_put_forward(app):
    parties = create_parties(put_forward=False)
    v1 = parties.version
    publish_next(parties)
    with pytest.raises(ServiceError, match="only the latest version"):
        services.put_forward(v1, parties.rhodri)
    db.session.rollback()


def test_a_version_put_forward_twice_keeps_one_request(app):
    parties = create_parties()
    before = counts()
    create_request(parties.version, parties.rhodri)
    assert counts() == before
    assert sum(1 for e in audit_trail() if e.action == "signoff.requested") == 1


def test_the_newer_version_can_be_signed_once_final_and_put_forward(app):
    parties = create_parties()
    v1_hash = parties.version.content_hash
    v2 = publish_next(parties)
    finalise(v2, parties.rhodri)
    create_request(v2, parties.rhodri)
    sign_off = create_sign_off(v2, parties.dafydd, parties.pantry)
    assert sign_off.content_hash == v2.content_hash != v1_hash
