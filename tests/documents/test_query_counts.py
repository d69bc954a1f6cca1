"""The pages of a long document cost no more queries than those of a short one."""

import pytest
from sqlalchemy import event

from coproduce.extensions import db
from tests.documents.factories import (
    clause_lines,
    create_document,
    create_officer,
    publish,
    replace_draft,
)
from tests.factories import create_organisation


def two_versions_of(size: int, officer, owner):
    """A document of `size` clauses whose second version changes, removes and adds some."""
    document = create_document(owner, officer, title=f"Strategy of {size} clauses", markdown=clause_lines(size))
    publish(document, officer)
    changed = clause_lines(size).replace("clause 1,", "clause one,").replace("## Clause 5\n", "## Clause five\n")
    replace_draft(document, officer, changed + "\n## A new clause\n\nNew words.\n")
    publish(document, officer)
    return document


def queries_for(client, url: str) -> int:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    return len(statements)


@pytest.fixture
def small_and_large():
    officer, council = create_officer(email="rhodri@example.org")
    create_organisation("Penrhos Community Pantry", area="glanmor")
    return two_versions_of(10, officer, council), two_versions_of(300, officer, council)


PUBLIC_PAGES = ["/documents/{slug}/", "/documents/{slug}/v/1/", "/documents/{slug}/compare/1..2/",
                "/documents/{slug}/compare/1..2/?view=changes", "/documents/{slug}/versions/",
                "/documents/{slug}/v/2/text.md"]
OFFICER_PAGES = ["/documents/{slug}/", "/documents/{slug}/draft/", "/documents/{slug}/compare/1..2/"]


def assert_same_counts(client, small, large, pages):
    for page in pages:
        client.get(page.format(slug=small.slug))  # warm up: first-request work is not the page's cost
        counts = [queries_for(client, page.format(slug=d.slug)) for d in (small, large)]
        assert counts[0] == counts[1], f"{page}: {counts[0]} queries for 10 clauses, {counts[1]} for 300"


def test_public_pages_run_as_many_queries_for_300_clauses_as_for_10(client, small_and_large):
    assert_same_counts(client, *small_and_large, PUBLIC_PAGES)


def test_officers_pages_run_as_many_queries_for_300_clauses_as_for_10(client, small_and_large):
    client.sign_in("rhodri@example.org")
    assert_same_counts(client, *small_and_large, OFFICER_PAGES)


def test_the_list_runs_as_many_queries_for_many_documents_as_for_one(client):
    officer, council = create_officer()
    first = create_document(council, officer, title="Only one", clauses=[("Purpose", "Text.")])
    publish(first, officer)
    client.get("/documents/")
    one = queries_for(client, "/documents/")
    for n in range(12):
        owner = create_organisation(f"Council {n}", kind="public_body", area="wales" if n % 2 else "glanmor")
        document = create_document(owner, officer, title=f"Document {n}", clauses=[("Purpose", "Text.")])
        publish(document, officer)
    assert queries_for(client, "/documents/") == one
