"""Verbs on documents: create, edit the draft, publish a version.

Every verb validates, changes state, records an audit event and flushes; the
request commits once at the end. Published versions are never changed here
(and a flush that tries is refused: see models.refuse_changes_to_published).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from coproduce import signals
from coproduce.accounts.models import Organisation, OrganisationKind, User
from coproduce.amendments.queries import clauses_to_reconcile
from coproduce.areas import WALES
from coproduce.audit.trail import record_event
from coproduce.columns import utcnow
from coproduce.documents.canonical import canonical_text, content_hash, one_line
from coproduce.documents.models import (
    Document,
    DocumentParty,
    Draft,
    DraftClause,
    Version,
    VersionClause,
)
from coproduce.documents.numbering import clause_numbers, effective_levels
from coproduce.errors import ConflictError, ServiceError
from coproduce.extensions import db
from coproduce.markup import render_markdown
from coproduce.slugs import unique_slug

MAX_CLAUSES = 1000


def new_clause_key() -> str:
    return secrets.token_hex(4)


def create_document(*, title: str, summary: str, kind: str, owner: Organisation, area_code: str,
                    creator: User, title_cy: str = "", summary_cy: str = "", markdown: str = "") -> Document:
    """A new document with an empty draft, or one holding the clauses of pasted Markdown."""
    if owner.kind != OrganisationKind.PUBLIC_BODY:
        raise ServiceError(_l("Only a public body can own a document."))
    parsed = _pasted_clauses(markdown) if markdown.strip() else []
    document = Document(
        title=title.strip(), summary=summary.strip(), kind=kind, owner=owner, area_code=area_code,
        title_cy=one_line(title_cy), summary_cy=(summary_cy or "").strip(),
        slug=unique_slug(Document, title), created_by_id=creator.id,
        premoderated=area_code == WALES,  # national consultations hold newcomers' comments by default
    )
    document.parties.append(DocumentParty(organisation=owner))
    db.session.add(document)
    db.session.flush()
    db.session.add(Draft(document=document, updated_by_id=creator.id))
    db.session.flush()
    record_event("document.created", document, actor=creator, title=document.title, kind=kind)
    if parsed:
        _bump_draft(document.draft, 1, creator)
        _replace_clauses(document.draft, parsed, creator)
    return document


def update_document(document: Document, *, title: str, summary: str, kind: str, area_code: str,
                    editor: User, premoderated: bool | None = None, title_cy: str | None = None,
                    summary_cy: str | None = None) -> None:
    if premoderated is not None:
        document.premoderated = premoderated
    if title_cy is not None:
        document.title_cy = one_line(title_cy)
    if summary_cy is not None:
        document.summary_cy = summary_cy.strip()
    document.title = title.strip()
    document.summary = summary.strip()
    document.kind = kind
    document.area_code = area_code
    db.session.flush()
    record_event("document.updated", document, actor=editor, title=document.title)


def set_parties(document: Document, organisations: list[Organisation], editor: User) -> None:
    wanted = {o.id for o in organisations} | {document.owner_id}  # the owner is always a party
    for party in list(document.parties):
        if party.organisation_id not in wanted:
            document.parties.remove(party)
    have = {p.organisation_id for p in document.parties}
    for organisation in organisations:
        if organisation.id not in have:
            document.parties.append(DocumentParty(organisation=organisation))
    db.session.flush()
    record_event("document.parties_set", document, actor=editor, parties=sorted(wanted))


# --- the draft ----------------------------------------------------------------


def _bump_draft(draft: Draft, expected_lock: int, editor: User) -> None:
    """Advance the draft's lock, refusing if someone changed its structure since `expected_lock`."""
    result = db.session.execute(
        update(Draft)
        .where(Draft.id == draft.id, Draft.lock_version == expected_lock)
        .values(lock_version=Draft.lock_version + 1, updated_at=utcnow(), updated_by_id=editor.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(draft)  # the caller shows the draft as the other person left it
        raise ConflictError(_l("Someone else changed this draft while you were working on it."))
    db.session.refresh(draft)


def _renumber(draft: Draft) -> None:
    for position, clause in enumerate(draft.clauses):
        clause.position = position
    for clause, level in zip(draft.clauses, effective_levels([c.level for c in draft.clauses]), strict=True):
        clause.level = level


def add_clause(draft: Draft, *, heading: str, body: str, level: int, after_key: str | None,
               expected_lock: int, editor: User, heading_cy: str = "", body_cy: str = "") -> DraftClause:
    if len(draft.clauses) >= MAX_CLAUSES:
        raise ServiceError(_l("A document can have at most %(n)s clauses.", n=MAX_CLAUSES))
    _bump_draft(draft, expected_lock, editor)
    clause = DraftClause(key=new_clause_key(), heading=one_line(heading), body=body.strip(), level=level,
                         heading_cy=one_line(heading_cy), body_cy=(body_cy or "").strip(),
                         position=0, updated_by_id=editor.id)
    index = len(draft.clauses)
    if after_key is not None:
        index = next((i + 1 for i, c in enumerate(draft.clauses) if c.key == after_key), index)
    draft.clauses.insert(index, clause)
    _renumber(draft)
    db.session.flush()
    record_event("draft.saved", draft, actor=editor, change="clause_added", key=clause.key)
    return clause


def edit_clause(clause: DraftClause, *, heading: str, body: str, level: int, expected_revision: int,
                editor: User, heading_cy: str | None = None, body_cy: str | None = None) -> None:
    welsh = {}
    if heading_cy is not None:
        welsh["heading_cy"] = one_line(heading_cy)
    if body_cy is not None:
        welsh["body_cy"] = body_cy.strip()
    result = db.session.execute(
        update(DraftClause)
        .where(DraftClause.id == clause.id, DraftClause.revision == expected_revision)
        .values(heading=one_line(heading), body=body.strip(), level=level, revision=DraftClause.revision + 1,
                updated_at=utcnow(), updated_by_id=editor.id, **welsh)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(clause)
        db.session.refresh(clause.draft)
        raise ConflictError(_l("Someone else saved this clause while you were editing it."), current=clause)
    db.session.refresh(clause)
    draft = clause.draft
    draft.updated_at = utcnow()
    draft.updated_by_id = editor.id
    _renumber(draft)
    db.session.flush()
    record_event("draft.saved", draft, actor=editor, change="clause_edited", key=clause.key)


def move_clause(draft: Draft, key: str, direction: int, expected_lock: int, editor: User) -> None:
    index = next((i for i, c in enumerate(draft.clauses) if c.key == key), None)
    if index is None:
        raise ServiceError(_l("That clause is no longer in the draft."))
    target = index + direction
    if not 0 <= target < len(draft.clauses):
        return
    _bump_draft(draft, expected_lock, editor)
    clause = draft.clauses.pop(index)
    draft.clauses.insert(target, clause)
    _renumber(draft)
    db.session.flush()
    record_event("draft.saved", draft, actor=editor, change="clause_moved", key=key, to=target + 1)


def remove_clause(draft: Draft, key: str, expected_lock: int, editor: User) -> None:
    clause = next((c for c in draft.clauses if c.key == key), None)
    if clause is None:
        raise ServiceError(_l("That clause is no longer in the draft."))
    _bump_draft(draft, expected_lock, editor)
    draft.clauses.remove(clause)  # a draft clause; every published text stays in its version
    _renumber(draft)
    db.session.flush()
    record_event("draft.saved", draft, actor=editor, change="clause_removed", key=key, heading=clause.heading)


def paragraphs(body: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", (body or "").strip()) if p.strip()]


def split_clause(draft: Draft, key: str, before_paragraph: int, new_heading: str, expected_lock: int,
                 editor: User) -> DraftClause:
    """Split a clause before its paragraph `before_paragraph` (1-based); the tail becomes a new clause."""
    index = next((i for i, c in enumerate(draft.clauses) if c.key == key), None)
    if index is None:
        raise ServiceError(_l("That clause is no longer in the draft."))
    clause = draft.clauses[index]
    parts = paragraphs(clause.body)
    if not 2 <= before_paragraph <= len(parts):
        raise ServiceError(_l("Choose where to split the clause."))
    _bump_draft(draft, expected_lock, editor)
    clause.body = "\n\n".join(parts[: before_paragraph - 1])
    clause.revision += 1
    tail = DraftClause(key=new_clause_key(), heading=one_line(new_heading), level=clause.level, position=0,
                       body="\n\n".join(parts[before_paragraph - 1:]), updated_by_id=editor.id)
    draft.clauses.insert(index + 1, tail)
    _renumber(draft)
    db.session.flush()
    record_event("draft.saved", draft, actor=editor, change="clause_split", key=key, new_key=tail.key)
    return tail


HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")


@dataclass
class ParsedClause:
    heading: str
    body: str
    level: int


def parse_markdown_document(text: str) -> tuple[str | None, list[ParsedClause]]:
    """Split pasted Markdown into clauses at its headings.

    A single top-level '# Title' followed by '##' sections is taken as the
    document's title; otherwise the shallowest heading level present makes
    level-1 clauses. Text before the first heading becomes an untitled clause.
    """
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: list[tuple[int, str, list[str]]] = []
    preamble: list[str] = []
    in_fence = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2).strip(), []))
        elif found:
            found[-1][2].append(line)
        else:
            preamble.append(line)
    title = None
    if found and found[0][0] == 1 and sum(1 for f in found if f[0] == 1) == 1 and len(found) > 1:
        title = found[0][1]
        preamble += found[0][2]
        found = found[1:]
    clauses: list[ParsedClause] = []
    if "\n".join(preamble).strip():
        # In the officer's language; outside a request (the CLI, the demo) there is no locale to ask.
        heading = str(_l("Introduction")) if has_request_context() else "Introduction"
        clauses.append(ParsedClause(heading, "\n".join(preamble).strip(), 1))
    if found:
        top = min(level for level, _h, _b in found)
        for level, heading, body in found:
            clauses.append(ParsedClause(heading[:300], "\n".join(body).strip(), level - top + 1))
    levels = effective_levels([c.level for c in clauses])
    for clause, level in zip(clauses, levels, strict=True):
        clause.level = level
    return title, clauses


def replace_draft_from_markdown(draft: Draft, text: str, expected_lock: int, editor: User) -> int:
    """Replace the draft's clauses with those of a pasted Markdown document.

    A clause whose heading matches one already in the draft keeps that
    clause's key, so comments and amendments keep following it.
    """
    parsed = _pasted_clauses(text)
    _bump_draft(draft, expected_lock, editor)
    return _replace_clauses(draft, parsed, editor)


def _pasted_clauses(text: str) -> list:
    _title, parsed = parse_markdown_document(text)
    if not parsed:
        raise ServiceError(_l("We could not find any text to turn into clauses."))
    if len(parsed) > MAX_CLAUSES:
        raise ServiceError(_l("A document can have at most %(n)s clauses.", n=MAX_CLAUSES))
    return parsed


def _replace_clauses(draft: Draft, parsed: list, editor: User) -> int:
    by_heading = {one_line(c.heading).casefold(): c for c in draft.clauses}
    keep: list[DraftClause] = []
    for item in parsed:
        existing = by_heading.pop(item.heading.casefold(), None)
        if existing is not None:
            if (existing.body, existing.level) != (item.body, item.level):
                existing.body, existing.level = item.body, item.level
                existing.revision += 1
            keep.append(existing)
        else:
            keep.append(DraftClause(key=new_clause_key(), heading=item.heading, body=item.body, level=item.level,
                                    position=0, updated_by_id=editor.id))
    draft.clauses[:] = keep
    _renumber(draft)
    db.session.flush()
    record_event("draft.saved", draft, actor=editor, change="pasted", clauses=len(keep))
    return len(keep)


# --- publishing -----------------------------------------------------------------


def publish_version(document: Document, *, change_note: str, opens_at: datetime, closes_at: datetime,
                    expected_lock: int, publisher: User) -> Version:
    draft = document.draft
    if draft is None or not draft.clauses:
        raise ServiceError(_l("Add at least one clause to the draft before publishing."))
    if closes_at <= opens_at:
        raise ServiceError(_l("The consultation must close after it opens."))
    if clauses_to_reconcile(draft):
        raise ServiceError(_l("Reconcile the clauses that two accepted amendments change before publishing."))
    _bump_draft(draft, expected_lock, publisher)
    number = (db.session.scalar(select(db.func.max(Version.number)).where(Version.document_id == document.id)) or 0) + 1
    numbers = clause_numbers([c.level for c in draft.clauses])
    version = Version(document=document, number=number, title=document.title, title_cy=document.title_cy,
                      change_note=change_note.strip(),
                      opens_at=opens_at, closes_at=closes_at, published_by_id=publisher.id, content_hash="")
    frozen = [
        VersionClause(key=c.key, position=i, number=numbers[i], level=c.level, heading=c.heading, body=c.body,
                      body_html=str(render_markdown(c.body)), heading_cy=c.heading_cy or "", body_cy=c.body_cy or "",
                      body_html_cy=str(render_markdown(c.body_cy)) if c.body_cy else "")
        for i, c in enumerate(draft.clauses)
    ]
    version.content_hash = content_hash(canonical_text(version.title, document.slug, number, frozen,
                                                       title_cy=version.title_cy))
    version.clauses = frozen
    db.session.add(version)
    document.latest_version_number = number
    db.session.flush()
    record_event("version.published", version, actor=publisher, document_id=document.id, number=number,
                 content_hash=version.content_hash)
    signals.version_published.send(version, publisher=publisher, draft=draft)
    return version
