"""`make bench` builds its consultation the way the services would have, serves every page it
measures, and judges each target for both audiences. A small scale here; the real one in bench/."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from coproduce.comments.models import GENERAL, ClauseCommentCount, Comment

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import dataset  # noqa: E402  (bench/ is not a package)
import generate  # noqa: E402
import report  # noqa: E402
from load import ITEMS, InProcess  # noqa: E402
from run import READER_PAGES, read_pages  # noqa: E402

SMALL = dataset.Scale(organisations=120, people=300, comments=800, amendments=80, clauses=60, versions=3,
                      big_thread=120)


@pytest.fixture(scope="module")
def consultation(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    url = f"sqlite:///{folder / 'small.sqlite'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generate, "DATA", folder)  # its facts file beside the database, not in bench/data
        facts = generate.generate(url, SMALL, log=lambda _message: None)
    yield url, facts
    create_engine(url).dispose()


def test_the_counts_are_those_the_services_would_have_kept(consultation):
    url, _facts = consultation
    engine = create_engine(url)
    counted = (Comment.deleted_at.is_(None)) & (Comment.moderation == "visible")
    with engine.connect() as conn:
        kept = {(n, key): c for n, key, c in conn.execute(
            select(ClauseCommentCount.version_number, ClauseCommentCount.clause_key, ClauseCommentCount.comments))}
        recount = {(n, key or GENERAL): c for n, key, c in conn.execute(
            select(Comment.version_number, Comment.clause_key, func.count()).where(counted)
            .group_by(Comment.version_number, Comment.clause_key))}
        reply = Comment.__table__.alias("reply")
        wrong_replies = conn.scalar(select(func.count()).select_from(Comment).where(
            Comment.parent_id.is_(None),
            Comment.reply_count != select(func.count()).where(
                reply.c.root_id == Comment.id, reply.c.parent_id.is_not(None), reply.c.deleted_at.is_(None),
                reply.c.moderation == "visible").scalar_subquery()))
    engine.dispose()
    assert kept == recount and sum(kept.values()) > 0
    assert wrong_replies == 0


def test_every_measured_page_is_served_and_shows_its_items(consultation):
    url, facts = consultation
    probe = InProcess(url)
    try:
        for key, _label, path in read_pages(facts):
            found = probe.measure(path, page=key, repeat=1)
            assert found["status"] == 200, path
            if key in READER_PAGES:
                assert found["items"] > 0, path
                assert key in ITEMS
    finally:
        probe.close()


def page_row(key: str, audience: str, p95: float, rps: float) -> dict:
    return {"key": key, "label": key.title(), "audience": audience, "single": {"p95_ms": p95},
            "throughput": {"rps": rps}}


def test_each_target_is_judged_for_the_public_and_for_members():
    results = {"pages": [
        page_row("trivial", "public", 1, 1000),
        page_row("document", "public", 2, 400), page_row("thread", "public", 2, 100),
        page_row("document", "signed in", 120, 20), page_row("thread", "signed in", 90, 10),
    ]}
    verdicts = {v["target"]: v for v in report.targets(results)}

    assert verdicts["Document, not signed in: single-client p95 < 100 ms"]["met"]
    assert not verdicts["Document, signed in: single-client p95 < 100 ms"]["met"]
    assert verdicts["Document, signed in: single-client p95 < 100 ms"]["miss"] == "1.2x the limit (+20 ms)"
    assert verdicts["Thread, signed in: single-client p95 < 150 ms"]["met"]
    assert verdicts["Document, not signed in: throughput >= 25% of the trivial route"]["met"]
    assert not verdicts["Thread, not signed in: throughput >= 25% of the trivial route"]["met"]
    assert verdicts["Thread, signed in: throughput >= 25% of the trivial route"]["miss"] == "25x short"
