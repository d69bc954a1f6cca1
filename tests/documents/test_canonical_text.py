"""The canonical text of a version: the exact bytes whose SHA-256 is its content hash."""

import hashlib
import unicodedata
from types import SimpleNamespace

from coproduce.documents.canonical import canonical_text, content_hash
from tests.documents.factories import create_document, create_officer, publish, replace_draft
from tests.documents.helpers import versions_of

# "Glanmôr" with the circumflex as a combining character, Windows line endings and trailing spaces.
DECOMPOSED = "Glanmo\u0302r"
MESSY = (
    f"## Who this agreement is between   \r\n\r\n{DECOMPOSED} County Council and Tŷ Cymunedol.  \r\n"
    "\r\n\r\n## Money\r\n\r\nFunding for three years.\t\r\n\r\n\r\n"
)
TIDY = (
    "## Who this agreement is between\n\nGlanmôr County Council and Tŷ Cymunedol.\n\n"
    "## Money\n\nFunding for three years.\n"
)


def published_version(markdown, title=f"{DECOMPOSED} Partnership Agreement"):
    rhodri, council = create_officer()
    document = create_document(council, rhodri, title=title, markdown=markdown)
    return document, publish(document, rhodri)


def test_the_served_text_hashes_to_the_content_hash(client):
    document, version = published_version(MESSY)
    response = client.get(f"/documents/{document.slug}/v/1/text.md")

    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert response.mimetype_params.get("charset") == "utf-8"
    body = response.get_data()
    assert hashlib.sha256(body).hexdigest() == version.content_hash
    assert response.headers["X-Content-SHA256"] == version.content_hash
    assert f'filename="{document.slug}-v1.md"' in response.headers["Content-Disposition"]


def test_the_text_is_nfc_with_lf_line_endings_and_one_final_newline(client):
    document, version = published_version(MESSY)
    text = client.get(f"/documents/{document.slug}/v/1/text.md").get_data().decode("utf-8")

    assert unicodedata.is_normalized("NFC", text)
    assert "Glanmôr County Council" in text and DECOMPOSED not in text
    assert "\r" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.split("\n"))
    keys = [c.key for c in version.clauses]
    assert text == (
        f"# Glanmôr Partnership Agreement\n\nDocument: {document.slug}\nVersion: 1\n\n"
        f"## 1 Who this agreement is between\nClause-Key: {keys[0]}\n\n"
        "Glanmôr County Council and Tŷ Cymunedol.\n\n"
        f"## 2 Money\nClause-Key: {keys[1]}\n\nFunding for three years.\n"
    )


def test_the_same_text_gives_the_same_hash_however_it_was_typed():
    def clauses(body):
        return [SimpleNamespace(number="1", key="abcd1234", heading="Purpose", body=body)]

    tidy = canonical_text("Agreement", "agreement", 1, clauses("Glanmôr.\n\nSecond paragraph."))
    messy = canonical_text("Agreement  ", "agreement", 1, clauses(f"\r\n{DECOMPOSED}.  \r\n\r\nSecond paragraph.\r\n\r\n"))
    assert tidy == messy
    assert content_hash(tidy) == content_hash(messy) == hashlib.sha256(tidy.encode("utf-8")).hexdigest()
    assert content_hash(canonical_text("Agreement", "agreement", 1, clauses("Glanmor."))) != content_hash(tidy)


def test_a_messy_and_a_tidy_paste_publish_the_same_text(client):
    rhodri, council = create_officer()
    document = create_document(council, rhodri, title="Agreement", markdown=MESSY)
    messy = publish(document, rhodri)
    replace_draft(document, rhodri, TIDY)  # the same headings keep their keys
    publish(document, rhodri)
    first, second = (client.get(f"/documents/{document.slug}/v/{n}/text.md").get_data() for n in (1, 2))
    # Only the version number differs; the hash covers it, so the hashes differ too.
    assert first.replace(b"Version: 1", b"Version: 2") == second
    assert messy.content_hash != versions_of(document)[1].content_hash


def test_the_hash_is_stable_when_read_back(client):
    document, version = published_version(TIDY, title="Agreement")
    for _ in range(2):
        body = client.get(f"/documents/{document.slug}/v/1/text.md").get_data()
        assert hashlib.sha256(body).hexdigest() == version.content_hash
    (stored,) = versions_of(document)
    assert content_hash(canonical_text(stored.title, document.slug, 1, stored.clauses)) == stored.content_hash


def test_an_empty_clause_has_no_body_block(client):
    document, version = published_version("## Heading only\n\n## With text\n\nWords.\n", title="Agreement")
    text = client.get(f"/documents/{document.slug}/v/1/text.md").get_data().decode()
    key = version.clauses[0].key
    assert f"## 1 Heading only\nClause-Key: {key}\n\n## 2 With text" in text


def test_unknown_versions_have_no_text(client):
    document, _version = published_version(TIDY, title="Agreement")
    assert client.get(f"/documents/{document.slug}/v/2/text.md").status_code == 404
    assert client.get("/documents/no-such-document/v/1/text.md").status_code == 404
