"""Reading comments runs a fixed number of SQL queries, however many comments there are."""

from __future__ import annotations

import pytest

from coproduce.comments.services import delete_comment, edit_comment
from coproduce.extensions import db
from tests.comments.factories import (
    bulk_comments,
    bulk_people,
    comment_count,
    counted_queries,
    create_comment,
    create_consultation,
    create_group,
    create_member,
    publish_next,
)

VERSION_2 = """## Purpose

Community organisations and public bodies work as equal partners.

## Funding

Grants run for three years.
"""


@pytest.fixture
def people():
    pantry = create_group()
    aisha = create_member("Aisha Khan", pantry, email="aisha@example.org")
    megan = create_member("Megan Hughes", create_group("Tŷ Cymunedol Development Trust"), email="megan@example.org")
    return aisha, pantry, megan


def queries_for(client, url) -> int:
    client.get(url)  # warm up: first-time work is not what we measure
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def varied_thread(consultation, people):
    """Ten comments of every kind a page shows: for an organisation or oneself, official,
    edited, deleted, deep; made on version 1 and seen from version 2."""
    aisha, pantry, megan = people
    version = consultation.version
    root = create_comment(version, aisha, "Root", clause_key=consultation.key("Funding"), organisation=pantry)
    first = create_comment(version, megan, "First", parent=root, stance="concern")
    official = create_comment(version, consultation.officer, "Official", parent=first, official=True,
                              organisation=consultation.body, stance=None)
    edited = create_comment(version, aisha, "Before", parent=official, organisation=pantry)
    edit_comment(edited, aisha, "After")
    deleted = create_comment(version, megan, "Deleted", parent=root)
    delete_comment(deleted, megan)
    db.session.commit()
    parent = edited
    for n in range(5):
        parent = create_comment(version, aisha if n % 2 else megan, f"Deep {n}", parent=parent)
    assert comment_count() == 10
    publish_next(consultation, VERSION_2)
    return root


def test_a_thread_of_1000_comments_runs_the_same_queries_as_one_of_10(client, consultation, people):
    root = varied_thread(consultation, people)
    url = f"/documents/{consultation.slug}/comments/{root.id}/?v=2"
    client.sign_in("aisha@example.org")

    small = queries_for(client, url)
    crowd = bulk_people(40)  # many authors and organisations: a lazy load per comment would show
    bulk_comments(consultation.version, people[0], 990, below=db.session.get(type(root), root.id), people=crowd)
    assert comment_count() == 1000
    large = queries_for(client, url)

    assert large == small
    client.sign_out()
    assert queries_for(client, url) <= small  # and so for readers who are not signed in


def test_a_clause_with_200_threads_runs_the_same_queries_as_one_with_10(client, consultation, people):
    aisha, pantry, megan = people
    varied_thread(consultation, people)
    key = consultation.key("Funding")
    bulk_comments(consultation.version, aisha, 9, clause_key=key, organisation=pantry)
    url = f"/documents/{consultation.slug}/v/2/clauses/{key}/"
    client.sign_in("megan@example.org")

    small = queries_for(client, url)
    bulk_comments(consultation.version, megan, 190, clause_key=key, people=bulk_people(60))
    large = queries_for(client, url)

    assert large == small
    assert queries_for(client, url + "?sort=replies&page=3") == small


def test_general_comments_and_the_document_page_run_fixed_queries(client, consultation, people):
    aisha, pantry, megan = people
    representation = consultation.key("Representation")
    create_comment(consultation.version, aisha, "On representation", clause_key=representation)
    create_comment(consultation.version, aisha, "General", organisation=pantry)
    first = consultation.version
    publish_next(consultation, VERSION_2)  # Representation is removed
    pages = [f"/documents/{consultation.slug}/v/2/comments/", f"/documents/{consultation.slug}/"]
    client.sign_in("megan@example.org")

    small = [queries_for(client, url) for url in pages]
    crowd = bulk_people(60)
    bulk_comments(consultation.version, megan, 150, people=crowd)
    bulk_comments(first, megan, 60, clause_key=representation, people=crowd)
    bulk_comments(consultation.version, megan, 60, clause_key=consultation.key("Funding"), people=crowd)
    assert [queries_for(client, url) for url in pages] == small


def many_clauses(n: int) -> str:
    return "\n\n".join(f"## Clause {i}\n\nWhat we agree on, part {i}." for i in range(n))


def post_statements(client, consultation, pantry) -> tuple[int, int]:
    """(statements, version clauses loaded) for one comment POST; the first post (which also
    follows the document) is a warm-up."""
    from sqlalchemy import event

    from coproduce.documents.models import VersionClause

    url = f"/documents/{consultation.slug}/v/1/clauses/{consultation.version.clauses[-1].key}/"
    data = {"body": "We *welcome* this.", "stance": "support", "speak_for": str(pantry.id)}
    assert client.post(url, data=data).status_code == 302
    loaded = []
    record = lambda clause, context: loaded.append(clause)  # noqa: E731
    event.listen(VersionClause, "load", record)
    try:
        with counted_queries() as statements:
            assert client.post(url, data=data).status_code == 302
    finally:
        event.remove(VersionClause, "load", record)
    return len(statements), len(loaded)


def test_posting_a_comment_runs_the_same_queries_whatever_the_clauses_and_followers(client, people):
    from coproduce.notifications.models import Follow

    aisha, pantry, _megan = people
    client.sign_in("aisha@example.org")
    few = create_consultation(many_clauses(3), title="Few clauses")
    small = post_statements(client, few, pantry)

    large = create_consultation(many_clauses(200), title="Many clauses", body=few.body,
                                officer_email="carys@example.org")
    db.session.add_all(Follow(user_id=person.id, document_id=large.document.id) for person, _group in bulk_people(60))
    db.session.commit()
    assert post_statements(client, large, pantry) == small
    assert small[1] == 1  # the one clause commented on, not the version's every clause
