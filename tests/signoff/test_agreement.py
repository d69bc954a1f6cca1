"""Withdrawing until every party has signed; Agreed, with its date, wherever the document shows; a
newer version leaves earlier sign-offs on their version and pending ones show as superseded."""

from __future__ import annotations

import pytest
from flask_babel import format_date

from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.signoff import services
from coproduce.signoff.models import Agreement, SignOffWithdrawal
from tests.amendments.factories import act_as
from tests.conftest import text_of
from tests.documents.helpers import post_and_follow, soup_of
from tests.signoff.factories import (
    actions,
    all_sign_offs,
    counts,
    create_parties,
    create_sign_off,
    finalise,
    publish_next,
    reload_document,
    sign_by_every_party,
    sign_off_url,
)


def withdraw_url(parties, sign_off) -> str:
    return f"/documents/{parties.slug}/sign-offs/{sign_off.id}/withdraw"


def party_row(page, name: str) -> str:
    """The text of the parties table's row for organisation `name`."""
    rows = [tr.get_text(" ", strip=True) for tr in soup_of(page).select("tbody tr")]
    return next(row for row in rows if row.startswith(name))


def list_status(listing, slug: str) -> str:
    """The status tag of the document's item on the list of documents."""
    item = next(li for li in soup_of(listing).select(".app-document-list__item")
                if li.find("a", href=f"/documents/{slug}/"))
    return item.select_one(".govuk-tag").get_text(strip=True)


def agreed_date(app, when) -> str:
    with app.test_request_context():
        return format_date(when, "d MMMM y")


# --- withdrawing --------------------------------------------------------------------


def test_a_signatory_withdraws_before_every_party_has_signed(client):
    parties = create_parties()
    sign_off = create_sign_off(parties.version, parties.dafydd, parties.pantry)
    client.sign_in("dafydd@example.org")
    page = client.get(sign_off_url(parties))
    assert soup_of(page).find("a", href=withdraw_url(parties, sign_off)) is not None
    assert client.get(withdraw_url(parties, sign_off)).status_code == 200

    page = post_and_follow(client, withdraw_url(parties, sign_off), {"reason": "Our trustees meet first."})

    assert "The sign-off is withdrawn." in text_of(page)
    withdrawal = db.session.get(SignOffWithdrawal, sign_off.id)
    assert (withdrawal.withdrawn_by_id, withdrawal.reason) == (parties.dafydd.id, "Our trustees meet first.")
    assert [s.id for s in all_sign_offs()] == [sign_off.id]  # the sign-off itself stays, marked withdrawn
    assert actions()[-1] == "signoff.withdrawn"
    assert "Not signed yet" in party_row(page, "Penrhos Community Pantry")
    assert "Dafydd Price for Penrhos Community Pantry signed on" in text_of(page)
    assert "and withdrew on" in text_of(page)


def test_after_withdrawing_the_party_signs_again(app):
    parties = create_parties()
    first = create_sign_off(parties.version, parties.dafydd, parties.pantry)
    services.withdraw_sign_off(first, parties.dafydd, "Trustees meet first.")
    db.session.commit()
    again = create_sign_off(parties.version, parties.dafydd, parties.pantry, role="Chair of trustees")
    assert [s.id for s in all_sign_offs()] == [first.id, again.id]


def test_a_withdrawn_sign_off_does_not_count_towards_agreement(app):
    parties = create_parties()
    create_sign_off(parties.version, parties.rhodri, parties.council)
    cvc = create_sign_off(parties.version, parties.sian, parties.cvc)
    services.withdraw_sign_off(cvc, parties.sian)
    db.session.commit()
    create_sign_off(parties.version, parties.dafydd, parties.pantry)
    assert reload_document(parties.document).agreed_at is None
    assert counts()["Agreement"] == 0

    create_sign_off(parties.version, parties.sian, parties.cvc)
    assert reload_document(parties.document).agreed_version_number == 1


def test_nobody_withdraws_once_every_party_has_signed(client):
    parties = create_parties()
    signs = sign_by_every_party(parties)
    before = counts()
    client.sign_in("dafydd@example.org")
    page = client.get(sign_off_url(parties))
    assert "Withdraw this sign-off" not in text_of(page)

    page = post_and_follow(client, withdraw_url(parties, signs[2]), {"reason": "Changed our minds."})

    assert "Every party has signed: the agreement stands and sign-offs can no longer be withdrawn." in text_of(page)
    assert counts() == before
    with pytest.raises(ServiceError, match="the agreement stands"):
        services.withdraw_sign_off(signs[2], parties.dafydd)
    db.session.rollback()


def test_only_a_signatory_of_the_organisation_withdraws_its_sign_off(client):
    parties = create_parties()
    sign_off = create_sign_off(parties.version, parties.dafydd, parties.pantry)
    before = counts()
    for email in ("aisha@example.org", "sian@example.org"):
        act_as(client, email)
        assert client.post(withdraw_url(parties, sign_off), data={"reason": ""}).status_code == 403
    assert counts() == before


# --- agreed -------------------------------------------------------------------------


def test_the_document_is_agreed_when_every_party_has_signed_the_same_hash(app):
    parties = create_parties()
    *first_two, last = parties.signatories()
    for person, organisation in first_two:
        create_sign_off(parties.version, person, organisation)
        assert reload_document(parties.document).agreed_at is None
    create_sign_off(parties.version, *last)

    document = reload_document(parties.document)
    agreement = db.session.query(Agreement).one()
    assert (agreement.version_id, agreement.content_hash) == (parties.version.id, parties.version.content_hash)
    assert (document.agreed_at, document.agreed_version_number) == (agreement.agreed_at, 1)
    assert actions()[-2:] == ["signoff.signed", "document.agreed"]


def test_agreed_with_its_date_shows_on_the_document_page_the_list_and_the_sign_off_page(app, client):
    parties = create_parties()
    sign_by_every_party(parties)
    document = reload_document(parties.document)
    date = agreed_date(app, document.agreed_at)

    page = client.get(f"/documents/{parties.slug}/")
    banner = soup_of(page).select_one(".app-agreed")
    assert banner is not None and "Agreed" in banner.get_text()
    assert f"Agreed by every party on {date}, on version 1." in text_of(page)
    assert banner.find("a", href=sign_off_url(parties)) is not None
    assert f"Agreed by every party on {date}" in text_of(client.get(f"/documents/{parties.slug}/v/1/"))

    assert list_status(client.get("/documents/"), parties.slug) == "Agreed"
    assert parties.document.title in text_of(client.get("/documents/?status=agreed"))
    assert parties.document.title not in text_of(client.get("/documents/?status=closed"))

    page = client.get(sign_off_url(parties))
    panel = soup_of(page).select_one(".app-agreed")
    assert "Agreed" in panel.get_text() and f"Every party signed this text on {date}." in panel.get_text()
    for person, organisation in parties.signatories():
        assert person.name in party_row(page, organisation.name)


def test_the_list_says_closed_not_agreed_until_the_last_party_signs(client):
    parties = create_parties()
    create_sign_off(parties.version, parties.rhodri, parties.council)
    assert list_status(client.get("/documents/"), parties.slug) == "Closed"
    assert parties.document.title not in text_of(client.get("/documents/?status=agreed"))
    assert parties.document.title in text_of(client.get("/documents/?status=closed"))
    assert soup_of(client.get(f"/documents/{parties.slug}/")).select_one(".app-agreed") is None


def test_a_sign_off_on_a_different_hash_never_makes_an_agreement(app):
    """Two parties on version 1, the third only on version 2: neither version is agreed."""
    parties = create_parties()
    v1 = parties.version
    create_sign_off(v1, parties.rhodri, parties.council)
    create_sign_off(v1, parties.sian, parties.cvc)
    v2 = publish_next(parties)
    finalise(v2, parties.rhodri)
    services.put_forward(v2, parties.rhodri)
    db.session.commit()
    create_sign_off(v2, parties.dafydd, parties.pantry)
    assert reload_document(parties.document).agreed_at is None
    assert counts()["Agreement"] == 0


# --- superseded ---------------------------------------------------------------------


def test_a_newer_version_leaves_earlier_sign_offs_on_their_version_and_pending_ones_superseded(client):
    parties = create_parties()
    sign_off = create_sign_off(parties.version, parties.dafydd, parties.pantry, role="Chair")
    v1_hash = parties.version.content_hash
    publish_next(parties)

    page = client.get(sign_off_url(parties, 1))
    assert "Superseded: a newer version has been published" in text_of(page)
    assert "Dafydd Price, Chair" in party_row(page, "Penrhos Community Pantry")
    assert "Superseded" in party_row(page, "Glanmôr County Council")
    assert "Superseded" in party_row(page, "Glanmôr Voluntary Council")
    assert "Sign this version" not in text_of(page)
    assert [(s.id, s.version_id, s.content_hash) for s in all_sign_offs()] == [
        (sign_off.id, sign_off.version_id, v1_hash)]

    page = client.get(sign_off_url(parties, 2))
    assert "Dafydd Price" not in text_of(page)
    assert "Not signed yet" in party_row(page, "Penrhos Community Pantry")
    manifest = client.get(f"/documents/{parties.slug}/v/1/manifest.json").get_json()
    assert [s["signatory"] for s in manifest["sign_offs"]] == ["Dafydd Price"]
    assert client.get(f"/documents/{parties.slug}/v/2/manifest.json").get_json()["sign_offs"] == []


def test_an_agreed_version_stays_agreed_when_a_newer_one_is_published(client):
    parties = create_parties()
    sign_by_every_party(parties)
    publish_next(parties)
    page = client.get(sign_off_url(parties, 1))
    assert soup_of(page).select_one(".app-agreed") is not None
    assert "Superseded" not in text_of(page)
