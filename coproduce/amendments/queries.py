"""Reading amendments for pages."""

from __future__ import annotations

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from coproduce.amendments.models import (
    Amendment,
    AmendmentSupport,
    ClauseIncorporation,
    DraftClauseAmendment,
    VersionFinal,
)
from coproduce.documents.models import Document, Draft, Version
from coproduce.extensions import db


def get_amendment(document: Document, amendment_id: int) -> Amendment:
    """The document's amendment with its supports and decisions loaded, or 404."""
    amendment = db.session.scalar(
        select(Amendment).where(Amendment.id == amendment_id, Amendment.document_id == document.id)
        .options(selectinload(Amendment.supports).joinedload(AmendmentSupport.organisation),
                 selectinload(Amendment.decisions))
    )
    if amendment is None:
        abort(404)
    return amendment


def amendments_on(document: Document, version_number: int) -> list[Amendment]:
    """Every amendment proposed on this version, oldest first."""
    return db.session.scalars(
        select(Amendment).where(Amendment.document_id == document.id, Amendment.version_number == version_number)
        .order_by(Amendment.id)
    ).all()


def amendment_count(document: Document, version_number: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Amendment)
        .where(Amendment.document_id == document.id, Amendment.version_number == version_number)
    )


def next_version(document: Document, number: int) -> Version | None:
    """The version published after this one, if any."""
    return db.session.scalar(select(Version).where(Version.document_id == document.id, Version.number == number + 1))


def incorporations_in(version: Version) -> dict[str, list[int]]:
    """The amendments each clause of this version took in, by clause key."""
    incorporations: dict[str, list[int]] = {}
    for key, amendment_id in db.session.execute(
        select(ClauseIncorporation.clause_key, ClauseIncorporation.amendment_id)
        .where(ClauseIncorporation.version_id == version.id).order_by(ClauseIncorporation.amendment_id)
    ):
        incorporations.setdefault(key, []).append(amendment_id)
    return incorporations


def is_final(version: Version) -> bool:
    """Whether an officer marked this version final, ready for sign-off."""
    return db.session.get(VersionFinal, version.id) is not None


def clauses_to_reconcile(draft: Draft) -> dict[int, list[Amendment]]:
    """Draft clause id -> the accepted amendments that must be reconciled in it."""
    rows = db.session.execute(
        select(DraftClauseAmendment.draft_clause_id, Amendment)
        .join(Amendment, Amendment.id == DraftClauseAmendment.amendment_id)
        .where(DraftClauseAmendment.draft_clause_id.in_([c.id for c in draft.clauses]),
               DraftClauseAmendment.needs_reconciling.is_(True))
        .order_by(Amendment.id)  # side by side in the order they were proposed, on every database
    ).all()
    result: dict[int, list[Amendment]] = {}
    for clause_id, amendment in rows:
        result.setdefault(clause_id, []).append(amendment)
    return result
