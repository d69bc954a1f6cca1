"""The canonical text of a version, whose SHA-256 is its content hash.

The serialisation (documented in the README) is UTF-8, Unicode NFC, LF line
endings, no trailing spaces:

    # <document title>

    Document: <slug>
    Version: <number>

    ## <clause number> <clause heading>
    Clause-Key: <key>

    <clause Markdown text>

with one blank line between blocks and the file ending in one newline.
/documents/<slug>/v/<n>/text.md serves exactly these bytes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from typing import Protocol


class ClauseLike(Protocol):
    number: str
    key: str
    heading: str
    body: str


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def one_line(text: str) -> str:
    """Titles and headings are single lines: a line break in one could forge the structure."""
    return " ".join(normalise(text).split())


def canonical_text(title: str, slug: str, number: int, clauses: Iterable[ClauseLike]) -> str:
    blocks = [f"# {one_line(title)}", f"Document: {slug}\nVersion: {number}"]
    for clause in clauses:
        blocks.append(f"## {clause.number} {one_line(clause.heading)}\nClause-Key: {clause.key}")
        body = normalise(clause.body)
        if body:
            blocks.append(body)
    return "\n\n".join(blocks) + "\n"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
