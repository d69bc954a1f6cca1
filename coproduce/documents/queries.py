"""Loading documents and versions in a fixed number of queries, whatever their size."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from coproduce.columns import utcnow
from coproduce.documents.models import (
    Document,
    DocumentKind,
    DocumentParty,
    Draft,
    Version,
    VersionClause,
)
from coproduce.extensions import db
from coproduce.permissions import can_view_document

LONDON = ZoneInfo("Europe/London")


def london_start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(ZoneInfo("UTC"))


def london_end_of(day: date) -> datetime:
    """The instant the day ends in London: midnight at the start of the next day."""
    return london_start_of(day + timedelta(days=1))


def days_left(version: Version, now: datetime | None = None) -> int:
    now = now or utcnow()
    return max(0, math.ceil((version.closes_at - now).total_seconds() / 86400))


def get_document(slug: str) -> Document:
    document = db.session.scalar(
        select(Document).where(Document.slug == slug)
        .options(selectinload(Document.parties).joinedload(DocumentParty.organisation))
    )
    if document is None or not can_view_document(current_user, document):
        abort(404)
    return document


def get_version(document: Document, number: int, with_clauses: bool = True) -> Version:
    query = select(Version).where(Version.document_id == document.id, Version.number == number)
    if with_clauses:
        query = query.options(selectinload(Version.clauses))
    version = db.session.scalar(query)
    if version is None:
        abort(404)
    return version


def clause_of(version: Version, key: str) -> VersionClause | None:
    """One clause of a version by its key, without loading the others."""
    return db.session.scalar(select(VersionClause).where(VersionClause.version_id == version.id,
                                                         VersionClause.key == key))


def removed_clause_keys(version: Version) -> list[str]:
    """The keys of clauses earlier versions had and this one has not: found among the versions'
    clauses, not among the comments made on them."""
    earlier = (select(VersionClause.key).join(Version, Version.id == VersionClause.version_id)
               .where(Version.document_id == version.document_id, Version.number < version.number))
    return db.session.scalars(
        earlier.except_(select(VersionClause.key).where(VersionClause.version_id == version.id))
    ).all()


def get_draft(document: Document) -> Draft:
    draft = db.session.scalar(
        select(Draft).where(Draft.document_id == document.id).options(selectinload(Draft.clauses))
    )
    if draft is None:
        abort(404)
    return draft


def versions_of(document: Document) -> list[Version]:
    return db.session.scalars(
        select(Version).where(Version.document_id == document.id).order_by(Version.number.desc())
    ).all()


@dataclass
class Listed:
    document: Document
    version: Version | None
    status: str  # draft | upcoming | open | closed

    @property
    def days_left(self) -> int:
        return days_left(self.version) if self.version else 0


def listed_documents(*, kind: str = "", area: str = "", status: str = "", include_drafts_of: set[int] = frozenset(),
                     member_of: set[int] = frozenset()) -> list[Listed]:
    """Published documents (and the drafts of the given bodies), open consultations first."""
    query = (
        select(Document, Version)
        .outerjoin(Version, and_(Version.document_id == Document.id, Version.number == Document.latest_version_number))
    )
    if kind:
        query = query.where(Document.kind == kind)
    if area:
        query = query.where(Document.area_code == area)
    now = utcnow()
    found = db.session.execute(query).all()
    # Good-practice examples are public only once recognised by both sides; before that, their parties see them.
    unrecognised = [d.id for d, _v in found if d.kind == DocumentKind.GOOD_PRACTICE and d.agreed_at is None]
    visible_to_me = set(db.session.scalars(
        select(DocumentParty.document_id).where(DocumentParty.document_id.in_(unrecognised),
                                                DocumentParty.organisation_id.in_(member_of))
    )) if unrecognised and member_of else set()
    rows = []
    for document, version in found:
        if document.id in unrecognised and document.id not in visible_to_me and document.owner_id not in include_drafts_of:
            continue
        if version is None:
            if document.owner_id not in include_drafts_of:
                continue
            state = "draft"
        elif document.agreed_at is not None:
            state = "agreed"
        else:
            state = version.window_state(now)
        if status and state != status:
            continue
        rows.append(Listed(document, version, state))
    order = {"open": 0, "upcoming": 1, "closed": 2, "agreed": 3, "draft": 4}
    rows.sort(key=lambda r: (order[r.status], r.version.closes_at if r.status == "open" else now, r.document.title.casefold()))
    return rows
