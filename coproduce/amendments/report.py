"""The response report ("you said, we did"): every piece of input on a
version, grouped by clause, with the owning body's response and what changed
in the next version.

A national consultation has thousands of threads and amendments, so the
report is read a page at a time, and a page costs what it shows: the totals
and the contents come from SQL aggregates, and only the items on the page are
loaded. A fixed number of queries, whatever the size of the version.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import and_, func, literal, or_, select, union, union_all
from sqlalchemy.orm import aliased

from coproduce.accounts.models import Area, Organisation, User
from coproduce.amendments.models import (
    Amendment,
    AmendmentState,
    AmendmentSupport,
    resulting_text,
    tag_class,
)
from coproduce.comments.models import Comment
from coproduce.documents.diff import redline
from coproduce.documents.models import Document, Version, VersionClause, in_reader_language
from coproduce.extensions import db
from coproduce.moderation.models import Moderation

ITEMS_PER_PAGE = 100  # threads and amendments on one page: light enough for a phone on a slow line
GENERAL_POSITION = 2**31 - 1  # comments on the whole version come after every clause


def roots_of(version: Version):
    """The ids of the version's top-level comments, held ones included."""
    return select(Comment.id).where(Comment.document_id == version.document_id,
                                    Comment.version_number == version.number, Comment.parent_id.is_(None))


def is_thread_root(version: Version):
    """A thread the report lists: held comments are not public yet, so they are no one's input so far."""
    return and_(Comment.document_id == version.document_id, Comment.version_number == version.number,
                Comment.parent_id.is_(None), Comment.moderation != Moderation.HELD)


def of_version(version: Version):
    return and_(Amendment.document_id == version.document_id, Amendment.version_number == version.number)


def is_official_answer():
    """An answer from the owning body that readers can see."""
    return and_(Comment.is_official.is_(True), Comment.deleted_at.is_(None), Comment.moderation == Moderation.VISIBLE)


def outcome_of(outcome: str | None, state: str) -> str:
    return outcome or ("undecided" if state == AmendmentState.OPEN else state)


# --- the contents: how much input each clause has, and where it starts --------------------------


@dataclass
class ClauseInput:
    """A clause of the version (key None: the whole version) and how much input it has."""

    key: str | None
    number: str
    heading: str
    level: int = 1
    threads: int = 0
    amendments: int = 0
    first_item: int = 0  # where its input starts, counting every item of the report from 0
    # The clause keys its input carries: the whole version also takes input on keys the version lacks.
    keys: tuple = ()

    @property
    def items(self) -> int:
        return self.threads + self.amendments

    @property
    def page(self) -> int:
        return self.first_item // ITEMS_PER_PAGE + 1

    @property
    def anchor(self) -> str:
        return f"report-{self.key or 'general'}"


def contents(version: Version) -> list[ClauseInput]:
    """Every clause in order, then the whole version if it has input, with counts, in three queries."""
    rows = [
        ClauseInput(key, number, in_reader_language(heading, heading_cy), level, keys=(key,))
        for key, number, heading, heading_cy, level in db.session.execute(
            select(VersionClause.key, VersionClause.number, VersionClause.heading, VersionClause.heading_cy,
                   VersionClause.level)
            .where(VersionClause.version_id == version.id).order_by(VersionClause.position)
        )
    ]
    general = ClauseInput(None, "", "")
    by_key = {row.key: row for row in rows}
    elsewhere = {None}
    for key, count in db.session.execute(
        select(Comment.clause_key, func.count()).where(is_thread_root(version)).group_by(Comment.clause_key)
    ):
        by_key.get(key, general).threads += count
        elsewhere |= {key} - by_key.keys()
    for key, count in db.session.execute(
        select(Amendment.clause_key, func.count()).where(of_version(version)).group_by(Amendment.clause_key)
    ):
        by_key.get(key, general).amendments += count
        elsewhere |= {key} - by_key.keys()
    general.keys = tuple(elsewhere)
    if general.items:
        rows.append(general)
    first = 0
    for row in rows:
        row.first_item = first
        first += row.items
    return rows


def page_count(rows: list[ClauseInput]) -> int:
    return max(1, -(-sum(row.items for row in rows) // ITEMS_PER_PAGE))


# --- the totals ("In numbers") -------------------------------------------------------------------


@dataclass
class Summary:
    organisations_by_kind: Counter
    organisations_by_area: Counter
    amendment_totals: Counter
    threads_total: int
    threads_answered: int

    @property
    def share_answered(self) -> int:
        return round(100 * self.threads_answered / self.threads_total) if self.threads_total else 0


def summarise(version: Version, rows: list[ClauseInput]) -> Summary:
    """The report's totals, in three aggregate queries; the threads are counted in the contents already."""
    taking_part = union(
        # Every public comment in the version's threads, replies included, speaks for its organisation.
        select(Comment.organisation_id).where(Comment.root_id.in_(roots_of(version)), Comment.moderation != Moderation.HELD,
                                              Comment.is_official.is_(False), Comment.organisation_id.is_not(None)),
        select(Amendment.organisation_id).where(of_version(version)),
        select(AmendmentSupport.organisation_id).join(Amendment, Amendment.id == AmendmentSupport.amendment_id)
        .where(of_version(version)),
    )
    by_kind, by_area = Counter(), Counter()
    for kind, area, count in db.session.execute(
        select(Organisation.kind, Area, func.count()).join(Area, Area.code == Organisation.area_code)
        .where(Organisation.id.in_(taking_part)).group_by(Organisation.kind, Area.code)
    ).all():
        by_kind[kind] += count
        by_area[area.name] += count
    amendments = Counter()
    for outcome, state, count in db.session.execute(
        select(Amendment.outcome, Amendment.state, func.count()).where(of_version(version))
        .group_by(Amendment.outcome, Amendment.state)
    ).all():
        amendments[outcome_of(outcome, state)] += count
    answered = db.session.scalar(
        select(func.count(func.distinct(Comment.root_id)))
        .where(Comment.root_id.in_(select(Comment.id).where(is_thread_root(version))), is_official_answer())
    )
    # Areas with as many organisations come in the order of their names, not of the database's whim.
    by_area = Counter(dict(sorted(by_area.items(), key=lambda item: (-item[1], item[0].casefold()))))
    return Summary(by_kind, by_area, amendments, sum(row.threads for row in rows), answered)


# --- one page of input --------------------------------------------------------------------------


@dataclass
class Thread:
    """A thread as the report shows it: its first comment, how many replies it drew, the body's answers."""

    id: int
    clause_key: str | None
    author: str
    organisation: str | None
    body_html: str
    deleted: bool
    hidden: bool  # by a moderator: a tombstone with the reason, never the words
    hidden_category: str | None
    replies: int  # every public reply, tombstones and official answers included
    official: list[Markup] = field(default_factory=list)  # the owning body's answers, in thread order


@dataclass
class AmendmentEntry:
    """An amendment as the report shows it: who proposed it, its support, and what the body decided."""

    id: int
    clause_key: str
    organisation: str
    supporters: int
    status: str  # its outcome once decided, else its state
    response: str | None
    resulting_text: str | None

    @property
    def tag_class(self) -> str:
        return tag_class(self.status)


@dataclass
class ClauseSection:
    clause: ClauseInput
    continued: bool  # its input began on an earlier page
    complete: bool  # its input ends on this page: the place to say what became of the clause
    threads: list[Thread] = field(default_factory=list)
    amendments: list[AmendmentEntry] = field(default_factory=list)
    status_next: str = ""  # unchanged | changed | removed | "" (no next version, or not said on this page)
    next_redline: Markup | None = None


@dataclass
class Report:
    document: Document
    version: Version
    next_version: Version | None
    contents: list[ClauseInput]
    page: int
    pages: int
    sections: list[ClauseSection]
    summary: Summary | None  # on the first page only


def build_report(document: Document, version: Version, next_version: Version | None,
                 rows: list[ClauseInput], page: int) -> Report:
    """Page `page` (from 1, within page_count(rows)) of the report."""
    start, end = (page - 1) * ITEMS_PER_PAGE, page * ITEMS_PER_PAGE
    shown = [row for row in rows if row.items and row.first_item < end and row.first_item + row.items > start]
    sections = {row.key: ClauseSection(row, continued=row.first_item < start, complete=row.first_item + row.items <= end)
                for row in shown}
    if shown:
        place(version, shown, sections, skip=start - shown[0].first_item)
    if next_version is not None:
        say_what_changed(version, next_version, [s for s in sections.values() if s.complete and s.clause.key])
    return Report(document=document, version=version, next_version=next_version, contents=rows, page=page,
                  pages=page_count(rows), sections=[s for s in sections.values() if s.threads or s.amendments],
                  summary=summarise(version, rows) if page == 1 else None)


def place(version: Version, shown: list[ClauseInput], sections: dict, skip: int) -> None:
    """Load the page's threads and amendments, in report order, into their sections: plain rows of
    what the page shows, not whole objects."""
    section_of = {key: sections[row.key] for row in shown for key in row.keys}
    items = page_items(version, list(section_of), skip)
    thread_ids = [item_id for kind, item_id in items if kind == 0]
    amendment_ids = [item_id for kind, item_id in items if kind == 1]
    reply = aliased(Comment)
    replies = select(func.count()).where(reply.root_id == Comment.id, reply.parent_id.is_not(None),
                                         reply.moderation != Moderation.HELD).scalar_subquery()
    threads = {}
    for row in db.session.execute(
        select(Comment.id, Comment.clause_key, User.name, Organisation.name, Comment.body_html,
               Comment.deleted_at, Comment.moderation, Comment.hidden_category, replies)
        .join(User, User.id == Comment.author_id).outerjoin(Organisation, Organisation.id == Comment.organisation_id)
        .where(Comment.id.in_(thread_ids))
    ):
        comment_id, clause_key, author, organisation, html, deleted_at, moderation, category, count = row
        threads[comment_id] = Thread(comment_id, clause_key, author, organisation, html, deleted_at is not None,
                                     moderation == Moderation.HIDDEN, category, count)
    for root_id, html in db.session.execute(
        select(Comment.root_id, Comment.body_html).where(Comment.root_id.in_(thread_ids), is_official_answer())
        .order_by(Comment.root_id, Comment.path)
    ):
        threads[root_id].official.append(Markup(html))
    amendments = {}
    for row in db.session.execute(
        select(Amendment.id, Amendment.clause_key, Organisation.name, Amendment.support_count, Amendment.outcome,
               Amendment.state, Amendment.response, Amendment.proposed_text, Amendment.decided_text)
        .join(Organisation, Organisation.id == Amendment.organisation_id).where(Amendment.id.in_(amendment_ids))
    ):
        amendment_id, clause_key, organisation, supporters, outcome, state, response, proposed, decided = row
        amendments[amendment_id] = AmendmentEntry(amendment_id, clause_key, organisation, supporters,
                                                  outcome or state, response,
                                                  resulting_text(outcome, proposed, decided))
    for kind, item_id in items:
        item = threads[item_id] if kind == 0 else amendments[item_id]
        section = section_of[item.clause_key]
        (section.threads if kind == 0 else section.amendments).append(item)


def page_items(version: Version, keys: list[str | None], skip: int) -> list[tuple[int, int]]:
    """(0, thread id) and (1, amendment id) of one page, in report order: clause by clause, threads
    then amendments, oldest first. Only the page's clauses are read; `skip` counts the items of the
    first clause that earlier pages showed."""
    named = [key for key in keys if key is not None]

    def on_the_page(model):
        position = func.coalesce(VersionClause.position, GENERAL_POSITION)
        on_clauses = model.clause_key.in_(named)
        return (
            select(model.id.label("id"), position.label("position"))
            .outerjoin(VersionClause, and_(VersionClause.version_id == version.id,
                                           VersionClause.key == model.clause_key))
            .where(or_(on_clauses, model.clause_key.is_(None)) if None in keys else on_clauses)
        )

    threads = on_the_page(Comment).add_columns(literal(0).label("kind")).where(is_thread_root(version))
    amendments = on_the_page(Amendment).add_columns(literal(1).label("kind")).where(of_version(version))
    items = union_all(threads, amendments).subquery()
    return [(kind, item_id) for kind, item_id in db.session.execute(
        select(items.c.kind, items.c.id).order_by(items.c.position, items.c.kind, items.c.id)
        .offset(skip).limit(ITEMS_PER_PAGE)
    )]


def say_what_changed(version: Version, next_version: Version, sections: list[ClauseSection]) -> None:
    """What became of each clause in the next version: unchanged, removed, or changed (redlined)."""
    texts = {
        (version_id, key): (heading, body)
        for version_id, key, heading, body in db.session.execute(
            select(VersionClause.version_id, VersionClause.key, VersionClause.heading, VersionClause.body)
            .where(VersionClause.version_id.in_([version.id, next_version.id]),
                   VersionClause.key.in_([s.clause.key for s in sections]))
        )
    }
    for section in sections:
        heading, body = texts[(version.id, section.clause.key)]
        following = texts.get((next_version.id, section.clause.key))
        if following is None:
            section.status_next = "removed"
        elif following == (heading, body):
            section.status_next = "unchanged"
        else:
            section.status_next = "changed"
            section.next_redline = redline(body, following[1])
