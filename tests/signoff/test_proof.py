"""Proof both parties can show later: the manifest, the canonical text it names, the certificate, and
the public /verify page."""

from __future__ import annotations

import hashlib
import io
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from coproduce.demo import load_demo
from coproduce.documents.models import Document
from coproduce.extensions import db
from coproduce.signoff.models import Agreement, SignOff
from tests.comments.factories import site_context
from tests.conftest import text_of
from tests.documents.helpers import error_summary, soup_of
from tests.signoff.factories import (
    create_parties,
    create_sign_off,
    publish_next,
    sign_by_every_party,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def manifest_of(client, slug: str, number: int) -> dict:
    response = client.get(f"/documents/{slug}/v/{number}/manifest.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def download(client, url: str) -> bytes:
    """Fetch an absolute URL from the manifest as a browser or curl would."""
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    return response.get_data()


def sha256sum(path: Path) -> str:
    """What a person checking a copy without this site would do."""
    output = subprocess.run(["sha256sum", str(path)], check=True, capture_output=True, text=True).stdout
    return output.split()[0]


# --- the manifest -------------------------------------------------------------------


def test_the_manifest_gives_the_document_version_hash_text_url_and_each_sign_off(client):
    parties = create_parties()
    sign_by_every_party(parties)

    manifest = manifest_of(client, parties.slug, 1)

    assert manifest["document"]["slug"] == parties.slug
    assert manifest["document"]["title"] == "Glanmôr Community Partnership Agreement"
    assert manifest["version"]["number"] == 1
    assert manifest["content_hash"] == {"algorithm": "SHA-256", "value": parties.version.content_hash}
    assert urlsplit(manifest["canonical_text_url"]).path == f"/documents/{parties.slug}/v/1/text.md"
    assert urlsplit(manifest["canonical_text_url"]).scheme in {"http", "https"}
    signed = {s["organisation"]: s for s in manifest["sign_offs"]}
    assert set(signed) == {"Glanmôr County Council", "Glanmôr Voluntary Council", "Penrhos Community Pantry"}
    pantry = signed["Penrhos Community Pantry"]
    assert (pantry["signatory"], pantry["role"]) == ("Dafydd Price", "Signatory for Penrhos Community Pantry")
    assert pantry["content_hash"] == parties.version.content_hash
    for sign_off in db.session.scalars(select(SignOff)):
        entry = signed[sign_off.organisation.name]
        at = datetime.fromisoformat(entry["signed_at_utc"])
        assert at.utcoffset().total_seconds() == 0  # stated in UTC whatever the server's zone
        assert at == sign_off.signed_at
    text = download(client, manifest["canonical_text_url"])
    assert hashlib.sha256(text).hexdigest() == manifest["content_hash"]["value"]


def test_the_manifest_of_a_version_nobody_signed_lists_no_sign_offs(client):
    parties = create_parties(put_forward=False)
    manifest = manifest_of(client, parties.slug, 1)
    assert manifest["sign_offs"] == []
    assert manifest["content_hash"]["value"] == parties.version.content_hash


def test_the_manifest_of_a_version_that_does_not_exist_is_404(client):
    parties = create_parties()
    assert client.get(f"/documents/{parties.slug}/v/9/manifest.json").status_code == 404


# --- the demo -----------------------------------------------------------------------


@pytest.fixture
def demo(app):
    with site_context():
        load_demo()
    db.session.commit()
    db.session.expire_all()
    return db.session.scalar(select(Document).where(Document.slug == "glanmor-community-partnership-agreement"))


def test_the_demo_agreement_is_agreed_on_version_3_by_its_three_parties(client, demo):
    assert (demo.latest_version_number, demo.agreed_version_number) == (3, 3)
    [agreement] = db.session.scalars(select(Agreement).where(Agreement.document_id == demo.id)).all()
    manifest = manifest_of(client, demo.slug, 3)
    assert manifest["agreed_at"] is not None
    assert {s["organisation"]: s["signatory"] for s in manifest["sign_offs"]} == {
        "Glanmôr County Council": "Rhodri Evans",
        "Glanmôr Voluntary Council": "Siân Jones",
        "Penrhos Community Pantry": "Dafydd Price",
    }
    assert {s["content_hash"] for s in manifest["sign_offs"]} == {agreement.content_hash}
    assert "Agreed by every party on" in text_of(client.get(f"/documents/{demo.slug}/"))


def test_the_demo_manifest_verifies_with_sha256sum_on_the_downloaded_text(client, demo, tmp_path):
    manifest = manifest_of(client, demo.slug, 3)
    downloaded = tmp_path / f"{demo.slug}-v3.md"
    downloaded.write_bytes(download(client, manifest["canonical_text_url"]))

    assert sha256sum(downloaded) == manifest["content_hash"]["value"]

    edited = tmp_path / "edited.md"
    edited.write_bytes(downloaded.read_bytes().replace(b"one register", b"two registers"))
    assert edited.read_bytes() != downloaded.read_bytes()
    assert sha256sum(edited) != manifest["content_hash"]["value"]


def test_loading_the_demo_twice_signs_nothing_more(demo):
    before = db.session.scalar(select(db.func.count()).select_from(SignOff))
    with site_context():
        load_demo()
    db.session.commit()
    assert db.session.scalar(select(db.func.count()).select_from(SignOff)) == before


def test_the_readme_shows_how_to_check_a_copy_with_sha256sum():
    readme = README.read_text(encoding="utf-8")
    assert "sha256sum" in readme
    assert "text.md" in readme and "manifest.json" in readme


# --- the certificate ----------------------------------------------------------------


def test_the_certificate_names_the_text_its_hash_and_every_signatory(client):
    parties = create_parties()
    sign_by_every_party(parties)

    page = client.get(f"/documents/{parties.slug}/v/1/certificate")

    assert page.status_code == 200
    words = text_of(page)
    assert "Agreement certificate" in words
    assert "Glanmôr Community Partnership Agreement" in words
    assert "Version 1 was agreed on" in words
    assert parties.version.content_hash in words
    assert f"/documents/{parties.slug}/v/1/text.md" in words
    for person, organisation in parties.signatories():
        assert f"{person.name}, Signatory for {organisation.name}" in words
        assert f"{organisation.name} agrees." in words


def test_there_is_no_certificate_until_every_party_has_signed(client):
    parties = create_parties()
    create_sign_off(parties.version, parties.rhodri, parties.council)
    assert client.get(f"/documents/{parties.slug}/v/1/certificate").status_code == 404


def test_the_sign_off_page_links_to_the_certificate_once_agreed(client):
    parties = create_parties()
    sign_by_every_party(parties)
    page = client.get(f"/documents/{parties.slug}/v/1/sign-off")
    assert soup_of(page).find("a", href=f"/documents/{parties.slug}/v/1/certificate") is not None


# --- /verify ------------------------------------------------------------------------


@pytest.fixture
def agreed(client):
    parties = create_parties()
    sign_by_every_party(parties)
    parties.text = client.get(f"/documents/{parties.slug}/v/1/text.md").get_data(as_text=True)
    return parties


def assert_matches(page, parties, number: int = 1) -> None:
    words = text_of(page)
    assert "It matches" in words and "No match" not in words
    assert f"Glanmôr Community Partnership Agreement, version {number}" in words
    assert soup_of(page).find("a", href=f"/documents/{parties.slug}/v/{number}/") is not None


def test_the_verify_page_is_public(client):
    page = client.get("/verify")
    assert page.status_code == 200
    assert "Check a copy of a document" in text_of(page)


def test_a_pasted_copy_of_the_original_matches_and_says_who_signed(client, agreed):
    page = client.post("/verify", data={"text": agreed.text})

    assert_matches(page, agreed)
    words = text_of(page)
    assert "Agreed by every party on" in words
    for person, organisation in agreed.signatories():
        assert f"Signed for {organisation.name} by {person.name}" in words


def test_a_pasted_copy_matches_though_the_paste_lost_its_last_newline_and_gained_crlfs(client, agreed):
    pasted = agreed.text.rstrip("\n").replace("\n", "\r\n")
    assert_matches(client.post("/verify", data={"text": pasted}), agreed)


def test_an_edited_copy_does_not_match(client, agreed):
    edited = agreed.text.replace("every month", "every year")
    assert edited != agreed.text

    page = client.post("/verify", data={"text": edited})

    words = text_of(page)
    assert "No match" in words and "It matches" not in words
    assert hashlib.sha256(edited.encode()).hexdigest() in words  # its own hash, to compare by hand


def test_an_uploaded_text_file_matches(client, agreed):
    raw = client.get(f"/documents/{agreed.slug}/v/1/text.md").get_data()
    page = client.post("/verify", data={"upload": (io.BytesIO(raw), f"{agreed.slug}-v1.md")},
                       content_type="multipart/form-data")
    assert_matches(page, agreed)


def test_an_uploaded_edited_file_does_not_match(client, agreed):
    raw = agreed.text.replace("monthly", "yearly").replace("month", "year").encode()
    page = client.post("/verify", data={"upload": (io.BytesIO(raw), "copy.md")}, content_type="multipart/form-data")
    assert "No match" in text_of(page)


def test_a_content_hash_matches(client, agreed):
    assert_matches(client.post("/verify", data={"content_hash": agreed.version.content_hash}), agreed)
    assert_matches(client.post("/verify", data={"content_hash": f" {agreed.version.content_hash.upper()} "}),
                   agreed)


def test_an_unknown_content_hash_does_not_match(client, agreed):
    assert "No match" in text_of(client.post("/verify", data={"content_hash": "a" * 64}))


@pytest.mark.parametrize("bad", ["not-a-hash", "a" * 63, "g" * 64])
def test_a_malformed_hash_gives_an_error(client, agreed, bad):
    page = client.post("/verify", data={"content_hash": bad})
    assert "A content hash is 64 characters, 0 to 9 and a to f" in error_summary(page)
    assert "It matches" not in text_of(page) and "No match" not in text_of(page)


def test_checking_nothing_asks_for_something_to_check(client):
    page = client.post("/verify", data={"text": "", "content_hash": ""})
    assert "Paste a text, upload a file or enter a content hash" in error_summary(page)


def test_an_earlier_version_matches_as_that_version(client):
    parties = create_parties()
    v1_text = client.get(f"/documents/{parties.slug}/v/1/text.md").get_data(as_text=True)
    publish_next(parties)
    assert_matches(client.post("/verify", data={"text": v1_text}), parties, 1)
    assert "Nobody has signed this version." in text_of(client.post("/verify", data={"text": v1_text}))
