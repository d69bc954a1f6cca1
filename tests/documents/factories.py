"""Small create_* functions for documents, drafts and versions, built with the services and committed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from coproduce.columns import utcnow
from coproduce.documents import services
from coproduce.documents.models import Document, Version
from coproduce.documents.queries import london_end_of, london_start_of
from coproduce.extensions import db
from tests.factories import add_member, create_organisation, create_user


def create_officer(body=None, name: str | None = None, email: str | None = None):
    """A person who is an approved member of a public body (by default a new one)."""
    body = body or create_organisation("Glanmôr County Council", kind="public_body", area="glanmor")
    officer = create_user(name or "Rhodri Evans", email)
    add_member(officer, body)
    return officer, body


def create_document(owner, officer, *, title: str = "Glanmôr Community Partnership Agreement",
                    clauses=(), markdown: str | None = None, kind: str = "local_agreement",
                    area: str | None = None, summary: str = "") -> Document:
    """A document whose draft holds `clauses` ((heading, body) or (heading, body, level)) or `markdown`."""
    document = services.create_document(title=title, summary=summary, kind=kind, owner=owner,
                                        area_code=area or owner.area_code, creator=officer)
    draft = document.draft
    if markdown is not None:
        services.replace_draft_from_markdown(draft, markdown, draft.lock_version, officer)
    for clause in clauses:
        heading, body, level = (*clause, 1) if len(clause) == 2 else clause
        services.add_clause(draft, heading=heading, body=body, level=level, after_key=None,
                            expected_lock=draft.lock_version, editor=officer)
    db.session.commit()
    return document


def replace_draft(document: Document, officer, markdown: str) -> None:
    draft = document.draft
    services.replace_draft_from_markdown(draft, markdown, draft.lock_version, officer)
    db.session.commit()


def publish(document: Document, officer, *, opens: date | datetime | None = None,
            closes: date | datetime | None = None, change_note: str = "For consultation.") -> Version:
    """Publish the draft; dates are London days, datetimes are exact instants. Open now for 30 days by default."""
    now = utcnow()
    opens = opens if opens is not None else now - timedelta(days=1)
    closes = closes if closes is not None else now + timedelta(days=30)
    opens_at = opens if isinstance(opens, datetime) else london_start_of(opens)
    closes_at = closes if isinstance(closes, datetime) else london_end_of(closes)
    db.session.refresh(document.draft)
    version = services.publish_version(document, change_note=change_note, opens_at=opens_at, closes_at=closes_at,
                                       expected_lock=document.draft.lock_version, publisher=officer)
    db.session.commit()
    return version


def document_called(title: str) -> Document | None:
    db.session.expire_all()
    return db.session.scalar(select(Document).where(Document.title == title))


def clause_lines(count: int) -> str:
    """Markdown for a document of `count` clauses, every third one a sub-clause."""
    parts = []
    for n in range(count):
        marks = "###" if n % 3 == 2 else "##"
        parts.append(f"{marks} Clause {n}\n\nThe text of clause {n}, with *some* words and a [link](https://example.org/{n}).\n")
    return "\n".join(parts)
