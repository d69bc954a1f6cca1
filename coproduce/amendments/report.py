"""The response report ("you said, we did"): every piece of input on a
version, grouped by clause, with the owning body's response and what changed
in the next version. Built in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from coproduce.accounts.models import Organisation
from coproduce.amendments.models import Amendment, AmendmentSupport
from coproduce.comments.models import Comment
from coproduce.documents.diff import redline
from coproduce.documents.models import Document, Version
from coproduce.extensions import db


@dataclass
class Thread:
    root: Comment
    replies: list[Comment]

    @property
    def official(self) -> list[Comment]:
        return [c for c in [self.root, *self.replies]
                if c.is_official and c.deleted_at is None and c.moderation == "visible"]

    @property
    def answered(self) -> bool:
        return bool(self.official)


@dataclass
class ClauseSection:
    key: str | None
    number: str
    heading: str
    threads: list[Thread] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    next_redline: object = None
    status_next: str = ""  # unchanged | changed | removed | "" (no next version yet)


@dataclass
class Report:
    document: Document
    version: Version
    next_version: Version | None
    sections: list[ClauseSection]
    organisations_by_kind: Counter
    organisations_by_area: Counter
    amendment_totals: Counter
    threads_total: int
    threads_answered: int

    @property
    def share_answered(self) -> int:
        return round(100 * self.threads_answered / self.threads_total) if self.threads_total else 0


def build_report(document: Document, version: Version, next_version: Version | None) -> Report:
    roots_query = select(Comment.id).where(
        Comment.document_id == document.id, Comment.version_number == version.number, Comment.parent_id.is_(None)
    )
    comments = db.session.scalars(  # held comments are not public yet: they are no one's input so far
        select(Comment).where(Comment.root_id.in_(roots_query), Comment.moderation != "held")
        .order_by(Comment.root_id, Comment.path)
    ).all()
    amendments = db.session.scalars(
        select(Amendment).where(Amendment.document_id == document.id, Amendment.version_number == version.number)
        .order_by(Amendment.id)
    ).all()
    supporter_ids = db.session.scalars(
        select(AmendmentSupport.organisation_id).join(Amendment, Amendment.id == AmendmentSupport.amendment_id)
        .where(Amendment.document_id == document.id, Amendment.version_number == version.number)
    ).all()

    threads: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.id] = Thread(comment, [])
        elif comment.root_id in threads:
            threads[comment.root_id].replies.append(comment)

    sections: dict[str | None, ClauseSection] = {None: ClauseSection(None, "", "")}
    next_clauses = {c.key: c for c in next_version.clauses} if next_version else {}
    for clause in version.clauses:
        section = ClauseSection(clause.key, clause.number, clause.reader_heading)
        if next_version is not None:
            following = next_clauses.get(clause.key)
            if following is None:
                section.status_next = "removed"
            elif following.body == clause.body and following.heading == clause.heading:
                section.status_next = "unchanged"
            else:
                section.status_next = "changed"
                section.next_redline = redline(clause.body, following.body)
        sections[clause.key] = section
    for thread in threads.values():
        sections.get(thread.root.clause_key, sections[None]).threads.append(thread)
    for amendment in amendments:
        sections.get(amendment.clause_key, sections[None]).amendments.append(amendment)

    taking_part = {c.organisation_id for c in comments if c.organisation_id and not c.is_official}
    taking_part |= {a.organisation_id for a in amendments} | set(supporter_ids)
    organisations = db.session.scalars(select(Organisation).where(Organisation.id.in_(taking_part))).all() \
        if taking_part else []
    totals = Counter()
    for amendment in amendments:
        totals[amendment.outcome or ("undecided" if amendment.state == "open" else amendment.state)] += 1
    ordered = [sections[c.key] for c in version.clauses] + [sections[None]]
    return Report(
        document=document, version=version, next_version=next_version,
        sections=[s for s in ordered if s.threads or s.amendments or s.key is not None],
        organisations_by_kind=Counter(o.kind for o in organisations),
        organisations_by_area=Counter(o.area.name for o in organisations),
        amendment_totals=totals,
        threads_total=len(threads),
        threads_answered=sum(1 for t in threads.values() if t.answered),
    )


CSV_FIELDS = ["type", "id", "made_at", "clause_number", "clause_heading", "author", "organisation",
              "organisation_kind", "stance", "text", "response", "response_by", "outcome", "text_to_be_used"]


def input_rows(report: Report):
    """One row per piece of input (comments, replies, amendments) with the body's response."""
    for section in report.sections:
        for thread in section.threads:
            answer = " | ".join(c.body for c in thread.official)
            answered_by = ", ".join(sorted({c.author.name for c in thread.official}))
            for comment in [thread.root, *thread.replies]:
                if comment.is_official:
                    continue
                yield {
                    "type": "comment" if comment.parent_id is None else "reply", "id": comment.id,
                    "made_at": comment.created_at.isoformat(), "clause_number": section.number,
                    "clause_heading": section.heading, "author": comment.author.name,
                    "organisation": comment.organisation.name if comment.organisation else "",
                    "organisation_kind": comment.organisation.kind if comment.organisation else "",
                    "stance": comment.stance or "",
                    # Hidden and deleted words appear in no export: the row says only that they were there.
                    "text": "" if comment.deleted_at or comment.moderation != "visible" else comment.body,
                    "response": answer, "response_by": answered_by, "outcome": "", "text_to_be_used": "",
                }
        for amendment in section.amendments:
            yield {
                "type": "amendment", "id": amendment.id, "made_at": amendment.created_at.isoformat(),
                "clause_number": section.number, "clause_heading": section.heading,
                "author": amendment.proposer.name, "organisation": amendment.organisation.name,
                "organisation_kind": amendment.organisation.kind, "stance": "",
                "text": "" if amendment.moderation != "visible" else amendment.proposed_text,
                "response": amendment.response or "",
                "response_by": amendment.decided_by.name if amendment.decided_by else "",
                "outcome": amendment.outcome or ("undecided" if amendment.state == "open" else amendment.state),
                "text_to_be_used": amendment.resulting_text or "",
            }
