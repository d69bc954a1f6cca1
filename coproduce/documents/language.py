"""Bilingual content: readers get their language, and the other one, marked, where a
translation is missing."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from coproduce.i18n import language


@dataclass
class Localised:
    text: str
    lang: str  # the language the text is actually in
    fallback: bool  # True when the reader's language was missing and we show the other


def reader_language() -> str:
    return language()


def pick(english: str, welsh: str) -> Localised:
    if reader_language() == "cy":
        return Localised(welsh, "cy", False) if welsh else Localised(english, "en", True)
    return Localised(english, "en", False)


def clauses_in_reader_language(clauses) -> list:
    """Views of clauses carrying the reader's language (English where Welsh is missing), for redlines."""
    welsh = reader_language() == "cy"
    return [
        SimpleNamespace(key=c.key, number=c.number, level=c.level,
                        heading=(c.heading_cy or c.heading) if welsh else c.heading,
                        body=(c.body_cy or c.body) if welsh else c.body)
        for c in clauses
    ]
