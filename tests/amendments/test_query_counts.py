"""The response report (any of its pages) and its downloads run a fixed number of SQL queries,
however many amendments and threads a version has."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coproduce.amendments.services import withdraw_amendment
from coproduce.comments.models import Comment
from coproduce.extensions import db
from tests.amendments.factories import (
    create_amendment,
    create_decision,
    create_people,
    create_support,
)
from tests.comments.factories import bulk_comments, counted_queries, create_comment, publish_next
from tests.conftest import clean_database

NEXT_VERSION = """## Purpose

Community organisations and public bodies work as equal partners.

## Funding

Grants run for three years.
"""

OUTCOMES = ("accepted", "declined", "accepted_with_changes")


def build(people, size: int, threads: int | None = None) -> None:
    """`size` amendments in every state, `size` threads (or `threads`; some with replies and official
    answers), a next version."""
    c = people.consultation
    version = c.version
    keys = [c.key("Purpose"), c.key("Funding"), c.key("Representation")]
    threads = size if threads is None else threads
    for n in range(size):
        proposer, organisation = [(people.dafydd, people.pantry), (people.megan, people.trust),
                                  (people.sian, people.cvc)][n % 3]
        amendment = create_amendment(version, proposer, organisation, keys[n % 3], f"Proposed text {n}.")
        if n % 2:
            supporter = people.sian if organisation is not people.cvc else people.megan
            create_support(amendment, supporter, people.cvc if supporter is people.sian else people.trust)
        if n % 5 == 4:
            withdraw_amendment(amendment, proposer)
            db.session.commit()
        elif n % 4:
            outcome = OUTCOMES[n % 3]
            create_decision(amendment, people.rhodri, outcome, f"Response {n}.",
                            decided_text=f"Decided text {n}." if outcome == "accepted_with_changes" else None)
    for n, key in enumerate(keys + [None]):
        if count := threads // 4 + (n < threads % 4):
            bulk_comments(version, people.aisha, count, clause_key=key, organisation=people.pantry)
    roots = db.session.scalars(select(Comment).where(Comment.parent_id.is_(None)).order_by(Comment.id)).all()
    for n, root in enumerate(roots):
        if n % 3 == 0:
            reply = create_comment(version, people.megan, f"Reply {n}", parent=root, organisation=people.trust,
                                   stance=None)
            create_comment(version, people.rhodri, f"Answer {n}", parent=reply, official=True,
                           organisation=c.body, stance=None)
    publish_next(c, NEXT_VERSION)


def queries_for(client, url: str) -> int:
    client.get(url)  # warm up: first-time work is not what we measure
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("suffix", ["/", ".csv", ".json"])
def test_the_report_runs_the_same_queries_for_5_or_50_pieces_of_input(client, suffix):
    counts = []
    for size in (5, 50):
        people = create_people()
        build(people, size)
        url = f"/documents/{people.consultation.slug}/v/1/responses{suffix}"
        assert db.session.scalar(select(db.func.count()).select_from(Comment)
                                 .where(Comment.parent_id.is_(None))) == size
        counts.append(queries_for(client, url))
        clean_database()
    assert counts[0] == counts[1], f"{suffix}: {counts[0]} queries for 5, {counts[1]} for 50"


@pytest.mark.parametrize("page", [1, 2])
def test_a_page_of_the_report_runs_the_same_queries_for_5_or_150_pieces_of_input(client, monkeypatch, page):
    from coproduce.amendments import report

    counts = []
    for amendments, threads in ((2, 3), (50, 100)):
        people = create_people()
        build(people, amendments, threads)
        if page == 2:
            monkeypatch.setattr(report, "ITEMS_PER_PAGE", 3)  # a middle page of either report
        url = f"/documents/{people.consultation.slug}/v/1/responses/?page={page}"
        counts.append(queries_for(client, url))
        monkeypatch.undo()
        clean_database()
    assert counts[0] == counts[1], f"page {page}: {counts[0]} queries for 5 pieces of input, {counts[1]} for 150"
