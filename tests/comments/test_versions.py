"""Comments follow a clause from version to version, marked with the version
they were made on and linked to what changed since; comments on a clause
later removed stay with their version and are listed as such."""

from __future__ import annotations

from tests.comments.factories import (
    create_comment,
    publish_next,
)
from tests.conftest import text_of
from tests.documents.helpers import soup_of

VERSION_2 = """## Purpose

Community organisations and public bodies work as equal partners.

## Funding

Grants run for three years, with a single application.

## Welsh language

Groups get help with translation costs.
"""


def clause_page(client, consultation, key, number):
    return client.get(f"/documents/{consultation.slug}/v/{number}/clauses/{key}/")


def test_a_comment_on_clause_k_of_version_1_appears_under_clause_k_of_version_2(client, consultation, aisha):
    funding = consultation.key("Funding")
    root = create_comment(consultation.version, aisha, "Two years is too short.", clause_key=funding,
                          organisation=aisha.memberships[0].organisation)
    create_comment(consultation.version, aisha, "And one application, please.", parent=root)
    publish_next(consultation, VERSION_2)
    assert consultation.key("Funding") == funding  # the clause kept its key

    page = clause_page(client, consultation, consultation.key("Funding"), 2)
    assert page.status_code == 200
    assert "Two years is too short." in text_of(page)
    assert "made on version 1" in text_of(page)
    [link] = [a for a in soup_of(page).find_all("a") if a.get_text(strip=True) == "what changed in this clause since"]
    assert link["href"] == f"/documents/{consultation.slug}/compare/1..2/#change-{funding}"
    comparison = client.get(link["href"].split("#")[0])
    assert soup_of(comparison).find(id=f"change-{funding}") is not None

    # The thread seen from version 2 carries the same mark; seen from version 1 it does not.
    thread = client.get(f"/documents/{consultation.slug}/comments/{root.id}/?v=2")
    assert "made on version 1" in text_of(thread) and "Discussion of 2 Funding" in text_of(thread)
    original = clause_page(client, consultation, consultation.key("Funding"), 1)
    assert "Two years is too short." in text_of(original)
    assert "made on version" not in text_of(original)


def test_a_comment_on_version_2_does_not_appear_on_version_1(client, consultation, aisha):
    publish_next(consultation, VERSION_2)
    create_comment(consultation.version, aisha, "Thank you for listening.", clause_key=consultation.key("Funding"))
    assert "Thank you for listening." in text_of(clause_page(client, consultation, consultation.key("Funding"), 2))
    assert "Thank you for listening." not in text_of(clause_page(client, consultation, consultation.key("Funding"), 1))
    assert "made on version" not in text_of(clause_page(client, consultation, consultation.key("Funding"), 2))


def test_general_comments_follow_the_document_too(client, consultation, aisha):
    create_comment(consultation.version, aisha, "A strong first draft.")
    publish_next(consultation, VERSION_2)
    page = text_of(client.get(f"/documents/{consultation.slug}/v/2/comments/"))
    assert "A strong first draft." in page and "made on version 1" in page


def test_comments_on_a_removed_clause_stay_with_their_version(client, consultation, aisha):
    representation = consultation.key("Representation")
    root = create_comment(consultation.version, aisha, "One seat is not enough.", clause_key=representation)
    create_comment(consultation.version, aisha, "General point on version 1.")
    publish_next(consultation, VERSION_2)

    general = client.get(f"/documents/{consultation.slug}/v/2/comments/")
    text = text_of(general)
    assert "Comments on removed clauses" in text
    removed = text.split("Comments on removed clauses", 1)[1]
    assert "One seat is not enough." in removed
    assert "General point on version 1." not in removed
    assert "One seat is not enough." not in text.split("Comments on removed clauses", 1)[0]
    # There is no clause page for it on version 2 ...
    assert clause_page(client, consultation, representation, 2).status_code == 404
    # ... it stays on version 1's clause page, and its thread still opens.
    assert "One seat is not enough." in text_of(clause_page(client, consultation, representation, 1))
    thread = client.get(f"/documents/{consultation.slug}/comments/{root.id}/?v=2")
    assert "Discussion of a clause removed after version 1" in text_of(thread)
    # Version 1's general page has no such section: the clause is still there.
    assert "Comments on removed clauses" not in text_of(client.get(f"/documents/{consultation.slug}/v/1/comments/"))


def test_a_clause_that_moved_keeps_its_comments(client, consultation, aisha):
    funding = consultation.key("Funding")
    create_comment(consultation.version, aisha, "On funding.", clause_key=funding)
    publish_next(consultation, "## Funding\n\nGrants run for two years.\n\n## Purpose\n\nEqual partners.\n")
    page = clause_page(client, consultation, funding, 2)
    assert "1 Funding" in text_of(page) and "On funding." in text_of(page)
