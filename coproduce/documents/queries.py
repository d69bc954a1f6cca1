"""Loading documents and versions in a fixed number of queries, whatever their size."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort
from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from coproduce.documents.models import Document, DocumentParty, Draft, Version
from coproduce.extensions import db
from coproduce.models import utcnow

LONDON = ZoneInfo("Europe/London")


def london_start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(ZoneInfo("UTC"))


def london_end_of(day: date) -> datetime:
    """The instant the day ends in London: midnight at the start of the next day."""
    return london_start_of(day + timedelta(days=1))


def london_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def days_left(version: Version, now: datetime | None = None) -> int:
    now = now or utcnow()
    return max(0, math.ceil((version.closes_at - now).total_seconds() / 86400))


def get_document(slug: str) -> Document:
    document = db.session.scalar(
        select(Document).where(Document.slug == slug)
        .options(selectinload(Document.parties).joinedload(DocumentParty.organisation))
    )
    if document is None:
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


def listed_documents(*, kind: str = "", area: str = "", status: str = "", include_drafts_of: set[int] = frozenset()) -> list[Listed]:
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
    rows = []
    for document, version in db.session.execute(query).all():
        if version is None:
            if document.owner_id not in include_drafts_of:
                continue
            state = "draft"
        else:
            state = version.window_state(now)
        if status and state != status:
            continue
        rows.append(Listed(document, version, state))
    order = {"open": 0, "upcoming": 1, "closed": 2, "draft": 3}
    rows.sort(key=lambda r: (order[r.status], r.version.closes_at if r.status == "open" else now, r.document.title.casefold()))
    return rows
