"""The response report ("you said, we did") for a version: every comment thread
and amendment grouped by clause, with the body's response, what changed in the
next version and totals; CSV and JSON downloads with one row per piece of input."""

from __future__ import annotations

import csv
import io

import pytest

from coproduce.amendments.services import apply_accepted_amendments, withdraw_amendment
from coproduce.extensions import db
from tests.amendments.factories import (
    create_amendment,
    create_decision,
    create_support,
    words,
)
from tests.comments.factories import create_comment, site_context
from tests.conftest import text_of
from tests.documents.factories import publish
from tests.documents.helpers import soup_of


@pytest.fixture
def consulted(people):
    """Version 1 with two threads, four amendments and decisions; version 2 published from them."""
    c = people.consultation
    v1 = c.version
    thread = create_comment(v1, people.aisha, "Two years is too short.", clause_key=c.key("Funding"),
                            organisation=people.pantry, stance="concern")
    reply = create_comment(v1, people.megan, "We agree with Penrhos.", parent=thread, organisation=people.trust,
                           stance=None)
    official = create_comment(v1, people.rhodri, "We are looking at longer grants.", parent=reply, official=True,
                              organisation=c.body, stance=None)
    general = create_comment(v1, people.sian, "A clear strategy overall.", organisation=people.cvc, stance="support")

    funding = create_amendment(v1, people.dafydd, people.pantry, c.key("Funding"), "Grants run for three years.")
    create_support(funding, people.megan, people.trust)
    create_decision(funding, people.rhodri, "accepted_with_changes", "Three years where budgets allow.",
                    decided_text="Grants run for three years where budgets allow.")
    seats = create_amendment(v1, people.megan, people.trust, c.key("Representation"),
                             "The sector has three seats on each Public Service Board.")
    create_decision(seats, people.rhodri, "declined", "Boards cannot make room for three seats.")
    purpose = create_amendment(v1, people.sian, people.cvc, c.key("Purpose"), "Everyone works as equal partners.")
    withdrawn = create_amendment(v1, people.aisha, people.pantry, c.key("Purpose"), "Partners, always.")
    withdraw_amendment(withdrawn, people.aisha)
    db.session.commit()

    with site_context():
        apply_accepted_amendments(c.document, people.rhodri)
        db.session.commit()
        publish(c.document, people.rhodri, change_note="Revised after consultation.")
    return dict(thread=thread, reply=reply, official=official, general=general, funding=funding, seats=seats,
                purpose=purpose, withdrawn=withdrawn)


def report_url(people, suffix: str = "/", number: int = 1) -> str:
    return f"/documents/{people.consultation.slug}/v/{number}/responses{suffix}"


def section_for(page, heading: str):
    title = soup_of(page).find("h2", string=lambda s: s and heading in s)
    assert title is not None, f"no section for {heading}"
    return title.find_parent("section")


def test_the_report_groups_input_by_clause_with_responses(client, people, consulted):
    page = client.get(report_url(people))
    assert page.status_code == 200
    headings = [h.get_text(" ", strip=True) for h in soup_of(page).select("section > h2")]
    assert headings == ["1 Purpose", "2 Funding", "3 Representation", "Comments on the whole version"]

    funding = " ".join(section_for(page, "Funding").get_text(" ").split())
    assert "Comment by Aisha Khan (Penrhos Community Pantry)" in funding
    assert "Two years is too short." in funding
    assert "We are looking at longer grants." in funding  # the official response in the thread
    assert f"Amendment {consulted['funding'].id} – Penrhos Community Pantry, 1 supporter" in funding
    assert "Accepted with changes" in funding and "Three years where budgets allow." in funding
    assert "Grants run for three years where budgets allow." in funding  # the text to be used

    representation = " ".join(section_for(page, "Representation").get_text(" ").split())
    assert "Declined" in representation and "Boards cannot make room for three seats." in representation

    purpose = " ".join(section_for(page, "Purpose").get_text(" ").split())
    assert "Awaiting a decision" in purpose and "Withdrawn by the proposer" in purpose

    general = " ".join(section_for(page, "Comments on the whole version").get_text(" ").split())
    assert "A clear strategy overall." in general and "Not answered yet" in general


def test_the_report_shows_what_changed_in_the_next_version(client, people, consulted):
    page = client.get(report_url(people))
    funding = section_for(page, "Funding")
    assert "In version 2" in funding.get_text()
    redline = funding.find_all(class_="app-redline")[-1]
    assert "two" in redline.find("del").get_text()
    assert " ".join(words(redline.find_all("ins"))) == "three where budgets allow"
    assert "This clause did not change." in section_for(page, "Representation").get_text()

    latest = client.get(report_url(people, number=2))  # no next version yet: nothing to say about it
    assert latest.status_code == 200 and "In version" not in text_of(latest)


def totals_table(page, caption: str) -> dict[str, str]:
    table = soup_of(page).find("caption", string=lambda s: s and caption in s).find_parent("table")
    return {row.find("th").get_text(strip=True): row.find("td").get_text(" ", strip=True)
            for row in table.find_all("tr") if row.find("th")}


def test_the_report_totals(client, people, consulted):
    page = client.get(report_url(people))
    assert totals_table(page, "by kind") == {"Community groups": "2", "County Voluntary Councils": "1",
                                             "Public bodies": "0"}
    assert totals_table(page, "by area") == {"Glanmor": "3"}
    assert totals_table(page, "Amendments and threads") == {
        "Accepted": "0", "Accepted with changes": "1", "Declined": "1", "Undecided": "1",
        "Threads answered": "1 / 2 (50%)",
    }


def test_the_report_is_public_and_links_its_downloads(client, people, consulted):
    page = client.get(report_url(people))
    links = [a["href"] for a in soup_of(page).find_all("a", href=True)]
    assert report_url(people, ".csv") in links and report_url(people, ".json") in links
    downloads = soup_of(page).find("a", href=report_url(people, ".csv")).find_parent("p")
    assert "app-no-print" in downloads["class"]  # the printed report is the record, not its links
    version_page = client.get(f"/documents/{people.consultation.slug}/v/1/")
    assert report_url(people) in [a["href"] for a in soup_of(version_page).find_all("a", href=True)]


def csv_rows(client, people) -> list[dict]:
    response = client.get(report_url(people, ".csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_csv_has_one_row_per_piece_of_input_with_its_response(client, people, consulted):
    rows = csv_rows(client, people)
    c = consulted
    expected = {("comment", c["thread"].id), ("reply", c["reply"].id), ("comment", c["general"].id),
                ("amendment", c["funding"].id), ("amendment", c["seats"].id), ("amendment", c["purpose"].id),
                ("amendment", c["withdrawn"].id)}
    assert sorted((r["type"], int(r["id"])) for r in rows) == sorted(expected)
    assert str(c["official"].id) not in {r["id"] for r in rows if r["type"] != "amendment"}

    by_key = {(r["type"], int(r["id"])): r for r in rows}
    thread = by_key[("comment", c["thread"].id)]
    assert (thread["text"], thread["response"], thread["response_by"]) == (
        "Two years is too short.", "We are looking at longer grants.", "Rhodri Evans")
    assert (thread["clause_number"], thread["clause_heading"], thread["organisation"], thread["stance"]) == (
        "2", "Funding", "Penrhos Community Pantry", "concern")
    assert by_key[("reply", c["reply"].id)]["response"] == "We are looking at longer grants."
    assert by_key[("comment", c["general"].id)]["response"] == ""
    funding = by_key[("amendment", c["funding"].id)]
    assert (funding["outcome"], funding["response"], funding["text_to_be_used"], funding["response_by"]) == (
        "accepted_with_changes", "Three years where budgets allow.",
        "Grants run for three years where budgets allow.", "Rhodri Evans")
    assert by_key[("amendment", c["seats"].id)]["response"] == "Boards cannot make room for three seats."
    assert by_key[("amendment", c["purpose"].id)]["outcome"] == "undecided"
    assert by_key[("amendment", c["withdrawn"].id)]["outcome"] == "withdrawn"
    assert {r["organisation_kind"] for r in rows} == {"community", "cvc"}


def test_the_json_mirrors_the_csv(client, people, consulted):
    rows = csv_rows(client, people)
    response = client.get(report_url(people, ".json"))
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["document"]["slug"] == people.consultation.slug and body["version"]["number"] == 1
    assert [{k: "" if v is None else str(v) for k, v in item.items()} for item in body["input"]] == rows
    assert body["totals"]["amendments"] == {"accepted_with_changes": 1, "declined": 1, "undecided": 1,
                                            "withdrawn": 1}
    assert (body["totals"]["threads"], body["totals"]["threads_answered"]) == (2, 1)
    assert body["totals"]["organisations_by_kind"] == {"community": 2, "cvc": 1}


def test_an_empty_version_has_an_empty_report(client, people):
    page = client.get(report_url(people))
    assert page.status_code == 200
    assert "No input on this clause." in text_of(page)
    assert csv_rows(client, people) == []
    assert client.get(report_url(people, ".json")).get_json()["input"] == []


def test_a_report_for_an_unknown_version_is_not_found(client, people):
    for suffix in ("/", ".csv", ".json"):
        assert client.get(report_url(people, suffix, number=7)).status_code == 404
    assert client.get("/documents/no-such-document/v/1/responses/").status_code == 404
