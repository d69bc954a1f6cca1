"""Small create_* functions for consultations and comments, built with the services and committed."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace

from flask import current_app, has_request_context
from sqlalchemy import func, select, text

from coproduce.columns import utcnow
from coproduce.comments import services
from coproduce.comments.models import Comment
from coproduce.documents.models import Document, Version
from coproduce.extensions import db
from tests.documents.factories import create_document, create_officer, publish, replace_draft
from tests.factories import add_member, create_organisation, create_user

STRATEGY = """## Purpose

Community organisations and public bodies work as equal partners.

## Funding

Grants run for two years.

## Representation

The sector has one seat on each Public Service Board.
"""


@dataclass
class Consultation:
    document: Document
    version: Version
    officer: object
    body: object

    def key(self, heading: str) -> str:
        """The stable key of the clause with this heading."""
        return next(c.key for c in self.version.clauses if c.heading == heading)

    @property
    def slug(self) -> str:
        return self.document.slug


def site_context():
    """Notifications write links, which need a request context outside a request."""
    return nullcontext() if has_request_context() else current_app.test_request_context()


def create_consultation(markdown: str = STRATEGY, *, opens: datetime | None = None,
                        closes: datetime | None = None, title: str = "A Communities Strategy for Wales",
                        body=None, officer_email: str = "rhodri@example.org") -> Consultation:
    """A document owned by `body` (by default a new Glanmôr County Council, whose officer is Rhodri)
    with version 1 open for comment (unless told otherwise)."""
    officer, body = create_officer(body, email=officer_email)
    document = create_document(body, officer, title=title, markdown=markdown, kind="strategy")
    with site_context():
        version = publish(document, officer, opens=opens, closes=closes)
    return Consultation(document, version, officer, body)


def publish_next(consultation: Consultation, markdown: str, **window) -> Version:
    """Publish the next version from `markdown` (clauses with the same heading keep their key)."""
    replace_draft(consultation.document, consultation.officer, markdown)
    with site_context():
        version = publish(consultation.document, consultation.officer, **window)
    consultation.version = version
    return version


def create_member(name: str, organisation=None, email: str | None = None, **user_options):
    """A confirmed person, an approved member of `organisation` when given."""
    person = create_user(name, email, **user_options)
    if organisation is not None:
        add_member(person, organisation)
    return person


def create_group(name: str = "Penrhos Community Pantry"):
    return create_organisation(name, kind="community", area="glanmor")


def create_comment(version: Version, author, body: str = "We welcome this.", *, clause_key: str | None = None,
                   parent: Comment | None = None, stance: str | None = "support", organisation=None,
                   official: bool = False, at: datetime | None = None) -> Comment:
    with site_context():
        comment = services.post_comment(version=version, author=author, body=body, stance=stance,
                                        organisation=organisation, clause_key=clause_key, parent=parent,
                                        official=official, at=at)
    db.session.commit()
    return comment


def create_chain(version: Version, author, length: int, **options) -> list[Comment]:
    """A thread of `length` comments, each a reply to the one before."""
    chain = [create_comment(version, author, "Comment at depth 0", **options)]
    for depth in range(1, length):
        chain.append(create_comment(version, author, f"Comment at depth {depth}", parent=chain[-1], stance=None))
    return chain


def backdate(comment: Comment, minutes: int) -> None:
    """Pretend the comment was posted `minutes` ago."""
    comment.created_at = utcnow() - timedelta(minutes=minutes)
    db.session.commit()


def comment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def all_comments() -> list[Comment]:
    db.session.expire_all()
    return db.session.scalars(select(Comment).order_by(Comment.id)).all()


class counted_queries:
    """Collect the SQL statements run inside the block: `with counted_queries() as statements: ...`."""

    def __enter__(self) -> list[str]:
        from sqlalchemy import event

        self.statements: list[str] = []
        self._event = event
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self.statements

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def __exit__(self, *exc) -> None:
        self._event.remove(db.engine, "before_cursor_execute", self._record)


def bulk_people(count: int) -> list[tuple]:
    """`count` (person, organisation) pairs at once, each person a member of their own group
    (every other one unverified), so size tests meet many different authors."""
    from coproduce.accounts.models import Membership, Organisation, User

    pairs = []
    for n in range(count):
        person = User(name=f"Bulk person {n}", email=f"bulk-{n}@example.org", password_hash="!",
                      email_confirmed_at=utcnow())
        group = Organisation(name=f"Bulk group {n}", slug=f"bulk-group-{n}", kind="community", area_code="cardiff",
                             verified_at=utcnow() if n % 2 else None)
        db.session.add_all([person, group, Membership(user=person, organisation=group, role="member",
                                                      status="approved")])
        pairs.append((person, group))
    db.session.commit()
    return pairs


def bulk_comments(version: Version, author, count: int, *, below: Comment | None = None,
                  clause_key: str | None = None, organisation=None, people: list[tuple] = ()) -> None:
    """Insert `count` comments at once, for size tests: a bushy thread under `below`
    (each new comment answers one of the three-per-parent earlier ones), or new threads.
    With `people` ((person, organisation) pairs) the comments take turns among them."""
    from sqlalchemy import insert

    from coproduce.comments.models import path_segment

    next_id = (db.session.scalar(select(func.max(Comment.id))) or 0) + 1
    now = utcnow()
    thread = [below] if below is not None else []
    rows = []
    for n in range(count):
        comment_id = next_id + n
        parent = thread[n // 3] if below is not None else None
        if people:
            author, organisation = people[n % len(people)]
            organisation = organisation if n % 3 else None
        row = dict(
            id=comment_id, document_id=version.document_id, version_id=version.id, version_number=version.number,
            clause_key=parent.clause_key if parent else clause_key, parent_id=parent.id if parent else None,
            root_id=parent.root_id if parent else comment_id,
            path=f"{parent.path}/{path_segment(comment_id)}" if parent else path_segment(comment_id),
            depth=parent.depth + 1 if parent else 0, author_id=author.id,
            organisation_id=organisation.id if organisation else None, stance="suggestion" if n % 2 else None,
            body=f"Bulk comment {n}", body_html=f"<p>Bulk comment {n}</p>", is_official=False,
            created_at=now, reply_count=0,
        )
        rows.append(row)
        if below is not None:
            thread.append(SimpleNamespace(**row))  # enough of a parent for the next rows
    db.session.execute(insert(Comment), rows)
    if db.session.get_bind().dialect.name == "postgresql":
        # Explicit ids leave PostgreSQL's sequence behind; later inserts would reuse them.
        db.session.execute(text("SELECT setval(pg_get_serial_sequence('comment', 'id'), "
                                "(SELECT max(id) FROM comment))"))
    if below is not None:
        db.session.execute(Comment.__table__.update().where(Comment.id == below.root_id)
                           .values(reply_count=Comment.reply_count + count))
    services.add_to_clause_count(version.document_id, version.number, below.clause_key if below else clause_key,
                                 count)
    db.session.commit()
