"""The canonical text of a version, whose SHA-256 is its content hash.

The serialisation (documented in the README) is UTF-8, Unicode NFC, LF line
endings, no trailing spaces:

    # <document title>

    Document: <slug>
    Version: <number>

    ## <clause number> <clause heading>
    Clause-Key: <key>
    Cymraeg: <Welsh heading>          (only when written)

    <clause Markdown text>

    [Cymraeg]                         (only when written)
    <Welsh clause text>

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


def canonical_text(title: str, slug: str, number: int, clauses: Iterable[ClauseLike], title_cy: str = "") -> str:
    """The canonical text. Welsh, where written, sits beside the English and is hashed with it;
    a version without any Welsh serialises exactly as before Welsh existed."""
    head = f"# {one_line(title)}"
    if one_line(title_cy):
        head += f"\nCymraeg: {one_line(title_cy)}"
    blocks = [head, f"Document: {slug}\nVersion: {number}"]
    for clause in clauses:
        heading = f"## {clause.number} {one_line(clause.heading)}\nClause-Key: {clause.key}"
        heading_cy = one_line(getattr(clause, "heading_cy", "") or "")
        if heading_cy:
            heading += f"\nCymraeg: {heading_cy}"
        blocks.append(heading)
        body = normalise(clause.body)
        if body:
            blocks.append(body)
        body_cy = normalise(getattr(clause, "body_cy", "") or "")
        if body_cy:
            blocks.append(f"[Cymraeg]\n{body_cy}")
    return "\n\n".join(blocks) + "\n"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
