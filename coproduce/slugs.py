"""Readable URL parts for documents and organisations."""

import re
import unicodedata

from sqlalchemy import select

from coproduce.extensions import db


def slugify(text: str, max_length: int = 80) -> str:
    """A readable URL part: 'Tŷ Cymunedol' -> 'ty-cymunedol'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


def unique_slug(model, text: str) -> str:
    """slugify(text), numbered if another row of `model` already has it."""
    base = slugify(text)
    taken = set(db.session.scalars(select(model.slug).where(model.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
