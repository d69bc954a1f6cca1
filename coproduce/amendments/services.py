"""Verbs on amendments: propose, revise, withdraw, support, decide, apply, mark final."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from coproduce import signals
from coproduce.accounts.models import Organisation, User
from coproduce.amendments.models import (
    ACCEPTED,
    OUTCOMES,
    Amendment,
    AmendmentDecision,
    AmendmentState,
    AmendmentSupport,
    ClauseIncorporation,
    DraftClauseAmendment,
    Outcome,
    VersionFinal,
)
from coproduce.amendments.queries import is_final
from coproduce.audit.trail import record_event
from coproduce.columns import utcnow
from coproduce.documents.models import Document, Draft, DraftClause, Version
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.notifications import services as notifications
from coproduce.notifications.models import NotificationKind

MAX_TEXT = 20_000


def _member(user: User, organisation: Organisation) -> bool:
    membership = user.membership_of(organisation)
    return bool(membership and membership.is_approved)


def _clause(version: Version, key: str):
    clause = next((c for c in version.clauses if c.key == key), None)
    if clause is None:
        raise ServiceError(_l("That clause is not in this version."))
    return clause


def _check_texts(proposed_text: str, rationale: str, original: str) -> tuple[str, str]:
    proposed_text, rationale = (proposed_text or "").strip(), (rationale or "").strip()
    if not proposed_text:
        raise ServiceError(_l("Enter the text you propose"))
    if proposed_text == original.strip():
        raise ServiceError(_l("Change the text: it is the same as the clause now"))
    if not rationale:
        raise ServiceError(_l("Explain why you propose this change"))
    if len(proposed_text) > MAX_TEXT or len(rationale) > 5000:
        raise ServiceError(_l("The text is too long"))
    return proposed_text, rationale


def propose_amendment(*, version: Version, clause_key: str, proposer: User, organisation: Organisation,
                      proposed_text: str, rationale: str, supersedes: Amendment | None = None,
                      at: datetime | None = None) -> Amendment:
    """Propose a replacement text; `at` (default now) lets the demo replay a past consultation."""
    at = at or utcnow()
    if not version.is_open(at):
        raise ServiceError(_l("This version is not open for amendments."))
    if not _member(proposer, organisation):
        raise ServiceError(_l("You can only propose for an organisation you are an approved member of."))
    clause = _clause(version, clause_key)
    proposed_text, rationale = _check_texts(proposed_text, rationale, clause.body)
    amendment = Amendment(
        document_id=version.document_id, version_id=version.id, version_number=version.number, clause_key=clause_key,
        proposer_id=proposer.id, organisation_id=organisation.id, original_text=clause.body,
        proposed_text=proposed_text, rationale=rationale, supersedes_id=supersedes.id if supersedes else None,
        created_at=at,
    )
    db.session.add(amendment)
    db.session.flush()
    record_event("amendment.proposed", amendment, actor=proposer, document_id=version.document_id,
                 version=version.number, clause=clause_key, organisation_id=organisation.id,
                 supersedes=amendment.supersedes_id)
    notifications.follow(proposer, version.document, automatic=True)
    return amendment


def revise_amendment(amendment: Amendment, reviser: User, proposed_text: str, rationale: str,
                     at: datetime | None = None) -> Amendment:
    """Change a proposal. Once anyone supports it, the change becomes a new amendment replacing it."""
    at = at or utcnow()
    if reviser.id != amendment.proposer_id:
        raise ServiceError(_l("Only the proposer can change an amendment."))
    if not amendment.is_open or amendment.is_decided:
        raise ServiceError(_l("This amendment can no longer be changed."))
    version = db.session.get(Version, amendment.version_id)
    if not version.is_open(at):
        raise ServiceError(_l("This version is not open for amendments."))
    if amendment.support_count == 0:
        amendment.proposed_text, amendment.rationale = _check_texts(proposed_text, rationale, amendment.original_text)
        db.session.flush()
        record_event("amendment.revised", amendment, actor=reviser)
        return amendment
    organisation = db.session.get(Organisation, amendment.organisation_id)
    new = propose_amendment(version=version, clause_key=amendment.clause_key, proposer=reviser,
                            organisation=organisation, proposed_text=proposed_text, rationale=rationale,
                            supersedes=amendment, at=at)
    amendment.state = AmendmentState.SUPERSEDED
    amendment.superseded_by_id = new.id
    db.session.flush()
    record_event("amendment.superseded", amendment, actor=reviser, by=new.id)
    for support in amendment.supports:
        notifications.notify(support.user, NotificationKind.AMENDMENT_SUPERSEDED, version.document, version=version,
                             amendment=new, actor=reviser)
    return new


def withdraw_amendment(amendment: Amendment, user: User) -> None:
    if user.id != amendment.proposer_id:
        raise ServiceError(_l("Only the proposer can withdraw an amendment."))
    if not amendment.is_open or amendment.is_decided:
        raise ServiceError(_l("An amendment can be withdrawn only before it is decided."))
    amendment.state = AmendmentState.WITHDRAWN
    amendment.withdrawn_at = utcnow()
    db.session.flush()
    record_event("amendment.withdrawn", amendment, actor=user)


def support_amendment(amendment: Amendment, user: User, organisation: Organisation, note: str = "",
                      at: datetime | None = None) -> AmendmentSupport:
    at = at or utcnow()
    if not amendment.is_open or amendment.is_decided:
        raise ServiceError(_l("This amendment can no longer be supported."))
    version = db.session.get(Version, amendment.version_id)
    if not version.is_open(at):
        raise ServiceError(_l("This version is not open for amendments."))
    if not _member(user, organisation):
        raise ServiceError(_l("You can only support for an organisation you are an approved member of."))
    if organisation.id == amendment.organisation_id:
        raise ServiceError(_l("The proposing organisation cannot support its own amendment."))
    if db.session.scalar(select(AmendmentSupport.id).where(
            AmendmentSupport.amendment_id == amendment.id, AmendmentSupport.organisation_id == organisation.id)):
        raise ServiceError(_l("%(name)s already supports this amendment.", name=organisation.name))
    support = AmendmentSupport(amendment=amendment, organisation=organisation, user=user,
                               note=(note or "").strip()[:2000], created_at=at)
    db.session.add(support)
    db.session.execute(update(Amendment).where(Amendment.id == amendment.id)
                       .values(support_count=Amendment.support_count + 1))
    db.session.flush()
    db.session.refresh(amendment)
    record_event("amendment.supported", amendment, actor=user, organisation_id=organisation.id)
    notifications.follow(user, version.document, automatic=True)
    return support


def decide_amendment(amendment: Amendment, officer: User, *, outcome: str, response: str,
                     decided_text: str | None, expected_decisions: int) -> AmendmentDecision:
    """Record (or revise) the owning body's decision, refusing if another officer decided meanwhile."""
    if outcome not in OUTCOMES:
        raise ServiceError(_l("Choose a decision"))
    response = (response or "").strip()
    if not response:
        raise ServiceError(_l("Give the reason for declining") if outcome == "declined"
                           else _l("Write the response the proposer and the public will read"))
    decided_text = (decided_text or "").strip() or None
    if outcome == Outcome.ACCEPTED_WITH_CHANGES and not decided_text:
        raise ServiceError(_l("Enter the text you will use"))
    if outcome != Outcome.ACCEPTED_WITH_CHANGES:
        decided_text = None
    if amendment.state != AmendmentState.OPEN:
        raise ServiceError(_l("A withdrawn or replaced amendment cannot be decided."))
    document = db.session.get(Document, amendment.document_id)
    # A first decision is always possible (marking the next version final needs it); revising one is not.
    if amendment.is_decided and document.latest_version_number != amendment.version_number:
        raise ServiceError(_l("The next version is published: decisions on this one can no longer change."))
    now = utcnow()
    result = db.session.execute(
        update(Amendment)
        .where(Amendment.id == amendment.id, Amendment.decision_count == expected_decisions)
        .values(outcome=outcome, decided_text=decided_text, response=response, decided_at=now,
                decided_by_id=officer.id, decision_count=Amendment.decision_count + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ServiceError(_l("Another officer decided this amendment while you were writing. "
                              "Read their decision, then revise it if you need to."))
    db.session.refresh(amendment)
    decision = AmendmentDecision(amendment_id=amendment.id, outcome=outcome, decided_text=decided_text,
                                 response=response, decided_at=now, decided_by_id=officer.id)
    db.session.add(decision)
    # Already applied to the next draft: a changed decision sends the officer back to that clause.
    db.session.execute(update(DraftClauseAmendment).where(DraftClauseAmendment.amendment_id == amendment.id)
                       .values(needs_reconciling=True))
    db.session.flush()
    record_event("amendment.decided", amendment, actor=officer, outcome=outcome, revision=amendment.decision_count)
    signals.amendment_decided.send(amendment, officer=officer, document=document,
                                   version=db.session.get(Version, amendment.version_id))
    return decision


# --- the next draft ---------------------------------------------------------------


def pending_amendments(document: Document) -> list[Amendment]:
    """Accepted amendments on the latest version not yet applied to the draft."""
    applied = select(DraftClauseAmendment.amendment_id)
    return db.session.scalars(
        select(Amendment)
        .where(Amendment.document_id == document.id, Amendment.version_number == document.latest_version_number,
               Amendment.outcome.in_(ACCEPTED), Amendment.id.not_in(applied))
        .order_by(Amendment.id)
    ).all()


def apply_accepted_amendments(document: Document, officer: User) -> tuple[int, int, list[Amendment]]:
    """Start the next draft: put accepted amendments into their clauses.

    Returns (applied, waiting to reconcile, skipped because the clause left the draft).
    """
    draft = db.session.scalar(select(Draft).where(Draft.document_id == document.id))
    clauses = {c.key: c for c in draft.clauses}
    links = list(db.session.scalars(
        select(DraftClauseAmendment).where(DraftClauseAmendment.draft_clause_id.in_([c.id for c in draft.clauses]))
    ))
    touched = {link.draft_clause_id for link in links}
    applied = reconciling = 0
    skipped = []
    for amendment in pending_amendments(document):
        clause = clauses.get(amendment.clause_key)
        if clause is None:
            skipped.append(amendment)
            continue
        second = clause.id in touched
        link = DraftClauseAmendment(draft_clause_id=clause.id, amendment_id=amendment.id, needs_reconciling=second)
        db.session.add(link)
        links.append(link)  # a later amendment on the same clause marks this one too
        if second:
            reconciling += 1
            for link in links:
                if link.draft_clause_id == clause.id:
                    link.needs_reconciling = True
        else:
            clause.body = amendment.resulting_text
            clause.revision += 1
            clause.updated_by_id = officer.id
            clause.updated_at = utcnow()
            applied += 1
            touched.add(clause.id)
    draft.lock_version += 1
    db.session.flush()
    record_event("draft.saved", draft, actor=officer, change="amendments_applied", applied=applied,
                 reconciling=reconciling)
    return applied, reconciling, skipped


def reconcile_clause(clause: DraftClause, text: str, officer: User) -> None:
    text = (text or "").strip()
    if not text:
        raise ServiceError(_l("Enter the reconciled text"))
    clause.body = text
    clause.revision += 1
    clause.updated_by_id = officer.id
    clause.updated_at = utcnow()
    db.session.execute(update(DraftClauseAmendment).where(DraftClauseAmendment.draft_clause_id == clause.id)
                       .values(needs_reconciling=False))
    db.session.flush()
    record_event("draft.saved", clause.draft, actor=officer, change="amendments_reconciled", key=clause.key)


@signals.version_published.connect
def incorporate(version: Version, *, draft: Draft, **_details) -> None:
    """At publishing: record which amendments each clause carries, and clear the draft's list.
    publish_version refused already if a clause still needs reconciling."""
    ids = {c.id: c.key for c in draft.clauses}
    links = db.session.scalars(
        select(DraftClauseAmendment).where(DraftClauseAmendment.draft_clause_id.in_(list(ids)))
    ).all() if ids else []
    still_accepted = set(db.session.scalars(
        select(Amendment.id).where(Amendment.id.in_([link.amendment_id for link in links]),
                                   Amendment.outcome.in_(ACCEPTED))
    )) if links else set()
    for link in links:
        if link.amendment_id in still_accepted:  # a decision revised to "declined" is not carried
            db.session.add(ClauseIncorporation(version_id=version.id, clause_key=ids[link.draft_clause_id],
                                               amendment_id=link.amendment_id))
        db.session.delete(link)  # the link now lives on, immutably, as a ClauseIncorporation
    db.session.flush()


def undecided_before(version: Version) -> list[Amendment]:
    return db.session.scalars(
        select(Amendment).where(Amendment.document_id == version.document_id,
                                Amendment.version_number == version.number - 1,
                                Amendment.state == AmendmentState.OPEN, Amendment.outcome.is_(None))
        .order_by(Amendment.id)
    ).all()


def mark_final(version: Version, officer: User) -> None:
    waiting = undecided_before(version)
    if waiting:
        raise ServiceError(_l("Decide every amendment on version %(n)s first.", n=version.number - 1))
    if is_final(version):
        return
    db.session.add(VersionFinal(version_id=version.id, marked_by_id=officer.id))
    db.session.flush()
    record_event("version.marked_final", version, actor=officer, document_id=version.document_id,
                 number=version.number)
