"""Lists of threads: 50 a page with plain links, sorted oldest, newest or by
most replies; counts per clause on the document page leave out deleted
comments; official responses from officers of the owning body."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coproduce.columns import utcnow
from coproduce.comments.models import Comment
from coproduce.comments.services import delete_comment
from coproduce.documents.models import Version
from coproduce.extensions import db
from tests.comments.factories import (
    all_comments,
    create_comment,
    create_consultation,
    create_group,
    create_member,
)
from tests.conftest import text_of
from tests.documents.factories import create_officer
from tests.documents.helpers import soup_of
from tests.factories import add_member, create_organisation, reload


def listed_texts(response) -> list[str]:
    return [t.get_text(strip=True) for t in soup_of(response).select(".app-thread-list__item .app-comment__text")]


def clause_url(consultation, heading="Funding"):
    return f"/documents/{consultation.slug}/v/1/clauses/{consultation.key(heading)}/"


# --- pagination and sorting -----------------------------------------------------


def test_threads_are_paginated_50_a_page_with_plain_links(client, consultation, aisha):
    start = consultation.version.opens_at
    for n in range(1, 121):
        create_comment(consultation.version, aisha, f"Thread {n}", clause_key=consultation.key("Funding"),
                       at=start + timedelta(minutes=n))

    first = client.get(clause_url(consultation))
    assert "120 threads" in text_of(first)
    assert listed_texts(first) == [f"Thread {n}" for n in range(1, 51)]
    pages = soup_of(first).select_one("nav.govuk-pagination")
    assert pages is not None and pages.find("form") is None and pages.find("button") is None
    next_link = pages.select_one(".govuk-pagination__next a")
    assert next_link["href"].startswith(clause_url(consultation)) and "page=2" in next_link["href"]
    assert [a.get_text(strip=True) for a in pages.select(".govuk-pagination__item a")] == ["1", "2", "3"]

    second = client.get(next_link["href"])
    assert listed_texts(second) == [f"Thread {n}" for n in range(51, 101)]
    third = client.get(f"{clause_url(consultation)}?page=3")
    assert listed_texts(third) == [f"Thread {n}" for n in range(101, 121)]
    assert soup_of(third).select_one(".govuk-pagination__next") is None
    assert listed_texts(client.get(f"{clause_url(consultation)}?page=99")) == []
    assert listed_texts(client.get(f"{clause_url(consultation)}?page=nonsense"))[0] == "Thread 1"


def test_a_page_of_threads_keeps_its_sort(client, consultation, aisha):
    start = consultation.version.opens_at
    for n in range(1, 56):
        create_comment(consultation.version, aisha, f"Thread {n}", at=start + timedelta(minutes=n))
    page = client.get(f"/documents/{consultation.slug}/v/1/comments/?sort=newest")
    assert listed_texts(page)[0] == "Thread 55"
    next_link = soup_of(page).select_one(".govuk-pagination__next a")["href"]
    assert "sort=newest" in next_link
    assert listed_texts(client.get(next_link)) == [f"Thread {n}" for n in range(5, 0, -1)]


def test_threads_sort_by_oldest_newest_and_most_replies(client, consultation, aisha, megan):
    start = consultation.version.opens_at
    version, funding = consultation.version, consultation.key("Funding")
    first = create_comment(version, aisha, "Oldest, one reply", clause_key=funding, at=start + timedelta(hours=1))
    middle = create_comment(version, aisha, "Middle, three replies", clause_key=funding, at=start + timedelta(hours=2))
    create_comment(version, aisha, "Newest, no replies", clause_key=funding, at=start + timedelta(hours=3))
    create_comment(version, megan, "reply", parent=first)
    reply = create_comment(version, megan, "reply", parent=middle)
    create_comment(version, aisha, "reply to reply", parent=reply)  # replies at any depth count
    create_comment(version, megan, "another reply", parent=middle)

    assert listed_texts(client.get(clause_url(consultation))) == [
        "Oldest, one reply", "Middle, three replies", "Newest, no replies"]
    assert listed_texts(client.get(clause_url(consultation) + "?sort=oldest")) == [
        "Oldest, one reply", "Middle, three replies", "Newest, no replies"]
    assert listed_texts(client.get(clause_url(consultation) + "?sort=newest")) == [
        "Newest, no replies", "Middle, three replies", "Oldest, one reply"]
    by_replies = client.get(clause_url(consultation) + "?sort=replies")
    assert listed_texts(by_replies) == ["Middle, three replies", "Oldest, one reply", "Newest, no replies"]
    assert "Read the thread (3 replies)" in text_of(by_replies)
    # The sort links are plain links; the current one is not a link.
    sort_links = {a.get_text(strip=True): a["href"] for a in soup_of(by_replies).find_all("a") if "sort=" in a["href"]}
    assert set(sort_links) == {"oldest first", "newest first"}
    assert listed_texts(client.get(clause_url(consultation) + "?sort=bogus"))[0] == "Oldest, one reply"


# --- counts on the document page -------------------------------------------------------


def clause_link_text(page, consultation, heading) -> str:
    href = f"/documents/{consultation.slug}/v/1/clauses/{consultation.key(heading)}/"
    return soup_of(page).find("a", href=href).get_text(" ", strip=True)


def test_the_document_page_counts_comments_per_clause_leaving_out_deleted_ones(client, consultation, aisha, megan):
    version, funding = consultation.version, consultation.key("Funding")
    root = create_comment(version, aisha, "On funding", clause_key=funding)
    create_comment(version, megan, "A reply", parent=root)
    regretted = create_comment(version, megan, "Regretted", parent=root)
    create_comment(version, megan, "On purpose", clause_key=consultation.key("Purpose"))
    create_comment(version, megan, "General", stance="question")
    delete_comment(regretted, megan)
    db.session.commit()

    page = client.get(f"/documents/{consultation.slug}/")
    assert clause_link_text(page, consultation, "Funding").startswith("2 comments")
    assert clause_link_text(page, consultation, "Purpose").startswith("1 comment ")
    assert clause_link_text(page, consultation, "Representation").startswith(("Comment", "No comments"))
    general = soup_of(page).find("a", href=f"/documents/{consultation.slug}/v/1/comments/")
    assert general.get_text(strip=True) == "General comments on this version (1)"


# --- official responses -----------------------------------------------------------------


def reply(client, consultation, parent, **data):
    return client.post(f"/documents/{consultation.slug}/comments/{parent.id}/reply",
                       data={"body": "Our answer.", "speak_for": "self", **data})


def test_an_officer_of_the_owning_body_posts_an_official_response(client, consultation, aisha):
    root = create_comment(consultation.version, aisha, "Two years is too short.", clause_key=consultation.key("Funding"))
    client.sign_in("rhodri@example.org")
    form = client.get(f"/documents/{consultation.slug}/comments/{root.id}/reply?v=1")
    assert "Post as an official response of Glanmôr County Council" in text_of(form)

    response = reply(client, consultation, root, body="We will make it three years.", official="y")
    assert response.status_code == 302
    answer = all_comments()[-1]
    assert answer.is_official and answer.organisation_id == consultation.body.id
    page = client.get(response.headers["Location"])
    official = soup_of(page).find(id=f"comment-{answer.id}")
    assert "Official response" in official.get_text(" ", strip=True)
    assert "Rhodri Evans for Glanmôr County Council" in official.get_text(" ", strip=True)
    assert "app-comment--official" in official["class"]
    assert "Official response" not in soup_of(page).find(id=f"comment-{root.id}").get_text()


def test_an_officer_replying_without_the_box_ticked_is_not_official(client, consultation, aisha):
    root = create_comment(consultation.version, aisha)
    client.sign_in("rhodri@example.org")
    reply(client, consultation, root, body="Just a thought of mine.")
    assert not all_comments()[-1].is_official


@pytest.mark.parametrize("who", ["community member", "officer of another body", "pending member of the owner"])
def test_others_cannot_post_official_responses_even_by_forging_the_field(client, consultation, aisha, who):
    root = create_comment(consultation.version, aisha)
    if who == "community member":
        create_member("Megan Hughes", create_group("Tŷ Cymunedol Development Trust"), email="other@example.org")
    elif who == "officer of another body":
        create_officer(create_organisation("Afon County Council", kind="public_body", area="glanmor"),
                       "Carys Morgan", "other@example.org")
    else:
        person = create_member("Carys Morgan", email="other@example.org")
        add_member(person, consultation.body, status="pending")
    client.sign_in("other@example.org")

    form = client.get(f"/documents/{consultation.slug}/comments/{root.id}/reply?v=1")
    assert soup_of(form).find("input", attrs={"name": "official"}) is None
    response = reply(client, consultation, root, body="Pretending to be the council.", official="y",
                     speak_for=str(consultation.body.id))
    assert response.status_code == 200  # they may not speak for the council either
    response = reply(client, consultation, root, body="Pretending to be the council.", official="y")
    assert response.status_code == 302
    forged = all_comments()[-1]
    assert not forged.is_official and forged.organisation_id is None
    assert "Official response" not in text_of(client.get(response.headers["Location"]))


def test_officers_answer_officially_after_the_window_closes_but_others_cannot_reply(client, aisha):
    now = utcnow()
    consultation = create_consultation(opens=now - timedelta(days=30), closes=now + timedelta(days=1))
    root = create_comment(consultation.version, aisha, "Please reconsider.")
    # Close the window (versions are immutable to the ORM, so straight to the table).
    db.session.execute(Version.__table__.update().where(Version.__table__.c.id == consultation.version.id)
                       .values(closes_at=now - timedelta(minutes=1)))
    db.session.commit()

    client.sign_in("aisha@example.org")
    assert "The consultation on this version is closed" in text_of(
        client.get(f"/documents/{consultation.slug}/comments/{root.id}/"))
    assert reply(client, consultation, root, body="One more thing").status_code == 403
    client.sign_out()
    client.sign_in("rhodri@example.org")
    # Without the box ticked an officer's reply is an ordinary one, and the window is closed.
    refused = reply(client, consultation, root, body="Just chatting.")
    assert refused.status_code == 200 and "This version is not open for comment." in text_of(refused)
    response = reply(client, consultation, root, body="We have decided.", official="y")
    assert response.status_code == 302
    assert [c.body for c in all_comments()] == ["Please reconsider.", "We have decided."]
    assert all_comments()[-1].is_official
    assert reload(Comment, root.id).reply_count == 1
