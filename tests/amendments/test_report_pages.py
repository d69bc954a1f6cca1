"""The response report of a large consultation is read a page at a time: every piece of input
on exactly one page, in clause order; a clause running over a page break is headed "(continued)";
a contents list on the first page finds any clause; odd page numbers are never a server error."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from coproduce.amendments import report
from coproduce.amendments.models import Amendment
from coproduce.comments.models import Comment
from coproduce.extensions import db
from tests.amendments.factories import create_amendment
from tests.comments.factories import bulk_comments, create_comment, create_member, publish_next
from tests.conftest import text_of
from tests.documents.helpers import soup_of
from tests.factories import create_organisation

NEXT_VERSION = """## Purpose

Community organisations and public bodies work as equal partners, in every county.

## Funding

Grants run for two years.

## Representation

The sector has one seat on each Public Service Board.
"""


@pytest.fixture
def three_a_page(monkeypatch):
    """Pages of three items, so that a dozen pieces of input make four pages."""
    monkeypatch.setattr(report, "ITEMS_PER_PAGE", 3)


@pytest.fixture
def paged(people, three_a_page):
    """Version 1: Purpose has 4 threads and an amendment, Funding 3 threads and 2 amendments,
    Representation only a held comment, and 2 comments on the whole version; then version 2,
    where only Purpose changed. At three a page: 12 items on 4 pages."""
    c = people.consultation
    v1 = c.version
    purpose, funding, representation = c.key("Purpose"), c.key("Funding"), c.key("Representation")
    for author in (people.aisha, people.megan, people.dafydd, people.aisha):
        create_comment(v1, author, f"On purpose, from {author.name}.", clause_key=purpose)
    create_amendment(v1, people.dafydd, people.pantry, purpose, "Partners, in every county.")
    for n in range(3):
        create_comment(v1, people.megan, f"On funding {n}.", clause_key=funding)
    create_amendment(v1, people.megan, people.trust, funding, "Grants run for three years.")
    create_amendment(v1, people.sian, people.cvc, funding, "Grants run for five years.")
    for n in range(2):
        create_comment(v1, people.sian, f"On the whole strategy {n}.", organisation=people.cvc)
    c.document.premoderated = True  # Tom's unverified group waits for a moderator: not input yet
    afon = create_organisation("Afon Mutual Aid", area="glanmor", verified=False)
    tom = create_member("Tom Baker", afon, email="tom@example.org")
    held = create_comment(v1, tom, "Held back for now.", clause_key=representation, organisation=afon)
    assert held.moderation == "held"
    publish_next(c, NEXT_VERSION)
    return people


def report_url(people, page: int | None = None) -> str:
    url = f"/documents/{people.consultation.slug}/v/1/responses/"
    return url if page is None else f"{url}?page={page}"


def items_in(element) -> list[tuple[str, int]]:
    """("comment", id) or ("amendment", id) of each report item in a page or section, in order."""
    found = []
    for item in element.select(".app-report-item"):
        kind, number = re.search(r"/(comments|amendments)/(\d+)/", str(item)).groups()
        found.append(("comment" if kind == "comments" else "amendment", int(number)))
    return found


def items_of(page) -> list[tuple[str, int]]:
    return items_in(soup_of(page))


def headings_of(page) -> list[str]:
    return [h.get_text(" ", strip=True) for h in soup_of(page).select("section.app-report-section > h2")]


def in_report_order(people) -> list[tuple[str, int]]:
    """Every piece of input on version 1: clause by clause (the whole version last), threads before
    amendments, oldest first; held comments are nobody's input yet."""
    c = people.consultation
    order = []
    for key in [c.key("Purpose"), c.key("Funding"), c.key("Representation"), None]:
        on_key = Comment.clause_key.is_(None) if key is None else Comment.clause_key == key
        order += [("comment", i) for i in db.session.scalars(
            select(Comment.id).where(Comment.version_number == 1, Comment.parent_id.is_(None),
                                     Comment.moderation != "held", on_key).order_by(Comment.id))]
        order += [("amendment", i) for i in db.session.scalars(
            select(Amendment.id).where(Amendment.version_number == 1, Amendment.clause_key == key)
            .order_by(Amendment.id))]
    return order


def every_page(client, people) -> list:
    pages = [client.get(report_url(people))]
    while (following := soup_of(pages[-1]).select_one(".govuk-pagination__next a")) is not None:
        pages.append(client.get(following["href"]))
        assert pages[-1].status_code == 200
    return pages


def test_a_long_report_comes_in_pages_of_at_most_a_hundred(client, people):
    c = people.consultation
    bulk_comments(c.version, people.aisha, 80, clause_key=c.key("Purpose"), organisation=people.pantry)
    bulk_comments(c.version, people.megan, 70, clause_key=c.key("Funding"), organisation=people.trust)
    first, second = every_page(client, people)
    assert [len(items_of(first)), len(items_of(second))] == [100, 50]
    assert items_of(first) + items_of(second) == in_report_order(people)
    assert headings_of(first) == ["1 Purpose", "2 Funding"]
    assert headings_of(second) == ["2 Funding (continued)"]
    assert "(page 2 of 2)" in soup_of(second).title.get_text()
    assert len(first.get_data()) < 200_000  # light enough for a phone, where the old page grew without end


def test_every_piece_of_input_is_on_exactly_one_page_in_clause_order(client, paged):
    pages = every_page(client, paged)
    assert len(pages) == 4
    assert [len(items_of(page)) for page in pages] == [3, 3, 3, 3]
    assert [item for page in pages for item in items_of(page)] == in_report_order(paged)
    held = text_of(client.get(report_url(paged, 1))) + "".join(text_of(page) for page in pages)
    assert "Held back for now." not in held


def test_a_clause_running_over_a_page_break_is_headed_continued(client, paged):
    pages = every_page(client, paged)
    assert [headings_of(page) for page in pages] == [
        ["1 Purpose"],
        ["1 Purpose (continued)", "2 Funding"],
        ["2 Funding (continued)"],
        ["2 Funding (continued)", "Comments on the whole version"],
    ]
    continued_below = [text_of(page).count("Continued on the next page.") for page in pages]
    assert continued_below == [1, 1, 1, 0]
    # What became of a clause is said once, after the last of its input.
    in_version_2 = [[s.find("h2").get_text(" ", strip=True) for s in soup_of(page).select("section")
                     if "In version 2" in s.get_text()] for page in pages]
    assert in_version_2 == [[], ["1 Purpose (continued)"], [], ["2 Funding (continued)"]]
    assert "in every county" in soup_of(pages[1]).select("section")[0].find_all(class_="app-redline")[-1].get_text()
    assert "This clause did not change." in text_of(pages[3])


def test_the_contents_lists_every_clause_and_links_to_where_its_input_starts(client, paged):
    first = client.get(report_url(paged))
    contents = soup_of(first).find("nav", attrs={"aria-labelledby": "contents"})
    rows = [" ".join(li.get_text().split()) for li in contents.find_all("li")]
    assert rows == [
        "1 Purpose: 4 comments, 1 amendment",
        "2 Funding: 3 comments, 2 amendments",
        "3 Representation: No input on this clause.",  # still listed, though nothing was said
        "Comments on the whole version: 2 comments",
    ]
    links = {a.get_text(" ", strip=True): a["href"] for a in contents.find_all("a")}
    assert list(links) == ["1 Purpose", "2 Funding", "Comments on the whole version"]
    order = in_report_order(paged)
    for title, href in links.items():
        address = urlsplit(href)
        number = int(parse_qs(address.query).get("page", ["1"])[0])
        page = client.get(href.split("#")[0]) if address.query else first
        heading = soup_of(page).find(id=address.fragment)
        assert heading.name == "h2" and heading.get_text(" ", strip=True) == title, href
        starts_with = items_in(heading.find_parent("section"))[0]
        assert order.index(starts_with) // 3 + 1 == number, href  # the clause's first item is there
    assert links["2 Funding"].endswith("?page=2#report-" + paged.consultation.key("Funding"))
    assert links["Comments on the whole version"].endswith("?page=4#report-general")
    later = client.get(report_url(paged, 3))
    assert soup_of(later).find("nav", attrs={"aria-labelledby": "contents"}) is None  # first page only
    back = soup_of(later).find("a", string="Find a clause in the contents")["href"]
    assert back == report_url(paged, 1) + "#contents"



@pytest.mark.parametrize("page", ["5", "99", "9" * 40])
def test_a_page_past_the_end_leads_to_the_last_page(client, paged, page):
    response = client.get(f"{report_url(paged)}?page={page}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(report_url(paged, 4))


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5", "", "²", "9" * 5000])
def test_a_page_that_cannot_exist_is_not_found(client, paged, page):
    assert client.get(f"{report_url(paged)}?page={page}").status_code == 404


def test_an_empty_report_has_one_page(client, people):
    assert client.get(report_url(people, 1)).status_code == 200
    response = client.get(report_url(people, 2))
    assert response.status_code == 302 and response.headers["Location"].endswith(report_url(people, 1))


def test_the_pages_in_welsh(client, paged):
    client.get("/language/cy")
    first, second = client.get(report_url(paged)), client.get(report_url(paged, 2))
    assert "(tudalen 2 o 4)" in soup_of(second).title.get_text()
    assert soup_of(first).find(id="contents").get_text(strip=True) == "Cynnwys"
    rows = [" ".join(li.get_text().split()) for li in soup_of(first).select("nav.app-contents li")]
    assert rows[0] == "1 Purpose: 4 sylw, 1 gwelliant"
    assert rows[2] == "3 Representation: Dim cyfraniadau ar y cymal hwn."
    assert headings_of(second) == ["1 Purpose (parhad)", "2 Funding"]
    assert "Yn parhau ar y dudalen nesaf." in text_of(second)
    assert "Dod o hyd i gymal yn y cynnwys" in text_of(second)
    assert soup_of(second).select_one(".govuk-pagination__next").get_text(" ", strip=True).startswith("Nesaf")
