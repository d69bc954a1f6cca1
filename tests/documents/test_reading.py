"""Reading published documents: the list, a document, its versions and what changed between them."""

import copy
import re
from datetime import timedelta

import pytest

from coproduce.columns import utcnow
from tests.conftest import text_of
from tests.documents.factories import create_document, create_officer, publish, replace_draft
from tests.documents.helpers import soup_of
from tests.factories import create_organisation

V1 = """## Purpose

We meet every three months in Penrhos.

## Funding

Funding is agreed for two years at a time.

## Meetings

Minutes are published within two weeks.

## Old arrangements

The council decides alone.

## Volunteering

One register of volunteering opportunities.

## Review

Reviewed every three years.
"""

# Purpose changed, Old arrangements removed, Funding moved to the end, Welsh language added.
V2 = """## Purpose

We meet every two months in Penrhos and Afon.

## Meetings

Minutes are published within two weeks.

## Volunteering

One register of volunteering opportunities.

## Review

Reviewed every three years.

## Funding

Funding is agreed for two years at a time.

## Welsh language

Every meeting can be held in Welsh.
"""


def two_versions():
    rhodri, council = create_officer()
    document = create_document(council, rhodri, title="Glanmôr Community Partnership Agreement", markdown=V1)
    publish(document, rhodri, change_note="First draft.", opens=utcnow() - timedelta(days=60),
            closes=utcnow() - timedelta(days=30))
    replace_draft(document, rhodri, V2)
    publish(document, rhodri, change_note="Meetings every two months; a section on Welsh.")
    return document


def visible(element) -> str:
    """The text of an element as a sighted reader sees it (without visually hidden words)."""
    element = copy.copy(element)
    for hidden in element.select(".govuk-visually-hidden"):
        hidden.extract()
    return element.get_text()


def section_for(soup, heading):
    for section in soup.select("section.app-change"):
        if heading in section.h2.get_text(" ", strip=True):
            return section
    raise AssertionError(f"no section for {heading!r}")


# --- the list -----------------------------------------------------------------------------


@pytest.fixture
def library():
    """Documents of each kind and state, in two areas."""
    rhodri, council = create_officer()
    carys, government = create_officer(create_organisation("Welsh Government", kind="public_body", area="wales"),
                                       name="Carys Morgan")
    now = utcnow()

    def published(owner, officer, title, kind, opens, closes):
        document = create_document(owner, officer, title=title, kind=kind, clauses=[("Purpose", "Text.")])
        publish(document, officer, opens=now + opens, closes=now + closes)

    published(government, carys, "A Communities Strategy for Wales", "strategy", timedelta(days=-5), timedelta(days=25, hours=-1))
    published(council, rhodri, "Glanmôr Community Partnership Agreement", "local_agreement", timedelta(days=-5), timedelta(days=3, hours=-1))
    published(council, rhodri, "Guidance for Glanmôr PSB", "guidance", timedelta(days=10), timedelta(days=40))
    published(government, carys, "Volunteering guidance", "guidance", timedelta(days=-60), timedelta(days=-30))
    create_document(council, rhodri, title="Unpublished plan", clauses=[("Secret", "Text.")])


def titles(response):
    return [a.get_text(strip=True) for a in soup_of(response).select(".app-document-list h2 a")]


def test_the_list_shows_open_consultations_first_closing_soonest(client, library):
    response = client.get("/documents/")
    assert titles(response) == [
        "Glanmôr Community Partnership Agreement", "A Communities Strategy for Wales",
        "Guidance for Glanmôr PSB", "Volunteering guidance",
    ]
    items = [re.sub(r"\s+", " ", li.get_text(" ", strip=True)) for li in soup_of(response).select(".app-document-list__item")]
    assert "Open for comment" in items[0] and "3 days left to comment" in items[0]
    assert "25 days left to comment" in items[1]
    assert "Opens soon" in items[2] and "left to comment" not in items[2]
    assert "Closed" in items[3] and "left to comment" not in items[3]


@pytest.mark.parametrize(("query", "expected"), [
    ("kind=guidance", ["Guidance for Glanmôr PSB", "Volunteering guidance"]),
    ("area=wales", ["A Communities Strategy for Wales", "Volunteering guidance"]),
    ("status=open", ["Glanmôr Community Partnership Agreement", "A Communities Strategy for Wales"]),
    ("status=upcoming", ["Guidance for Glanmôr PSB"]),
    ("status=closed", ["Volunteering guidance"]),
    ("kind=guidance&area=glanmor&status=upcoming", ["Guidance for Glanmôr PSB"]),
    ("kind=strategy&status=closed", []),
    ("kind=nonsense&status=nonsense", ["Glanmôr Community Partnership Agreement", "A Communities Strategy for Wales",
                                       "Guidance for Glanmôr PSB", "Volunteering guidance"]),
])
def test_the_list_filters_by_kind_area_and_status(client, library, query, expected):
    response = client.get(f"/documents/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected
    if not expected:
        assert "No documents match." in text_of(response)


def test_one_day_left_is_said_in_the_singular(client):
    rhodri, council = create_officer()
    document = create_document(council, rhodri, title="Closing tomorrow", clauses=[("Purpose", "Text.")])
    publish(document, rhodri, opens=utcnow() - timedelta(days=1), closes=utcnow() + timedelta(hours=20))
    assert "1 day left to comment" in text_of(client.get("/documents/"))


# --- a document -------------------------------------------------------------------------


def test_the_document_page_shows_the_latest_version_with_contents_and_anchors(client):
    document = two_versions()
    response = client.get(f"/documents/{document.slug}/")
    assert response.status_code == 200
    soup = soup_of(response)
    page = text_of(response)

    assert "Meetings every two months; a section on Welsh." in page
    assert "A newer version exists" not in page
    contents = [(a.get_text(" ", strip=True), a["href"]) for a in soup.select("nav.app-contents a")]
    sections = soup.select("section.app-clause")
    assert [text for text, _href in contents] == [
        "1 Purpose", "2 Meetings", "3 Volunteering", "4 Review", "5 Funding", "6 Welsh language"]
    assert [href for _text, href in contents] == ["#" + s["id"] for s in sections]
    assert all(re.fullmatch(r"clause-[0-9a-f]{8}", s["id"]) for s in sections)
    assert sections[0].select_one(".app-prose").decode_contents() == "<p>We meet every two months in Penrhos and Afon.</p>"
    assert soup.find("a", href=f"/documents/{document.slug}/compare/1..2/") is not None
    assert soup.find("a", href=f"/documents/{document.slug}/v/2/text.md") is not None


def test_an_older_version_says_a_newer_one_exists(client):
    document = two_versions()
    response = client.get(f"/documents/{document.slug}/v/1/")
    page = text_of(response)
    assert "This is version 1. A newer version exists." in page
    assert "We meet every three months in Penrhos." in page
    assert "Consultation closed on" in page
    assert "What changed since version" not in page


def test_the_version_history_lists_every_version_newest_first(client):
    document = two_versions()
    response = client.get(f"/documents/{document.slug}/versions/")
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in soup_of(response).select("tbody tr")]
    assert [row[0] for row in rows] == ["Version 2", "Version 1"]
    assert [row[2] for row in rows] == ["Meetings every two months; a section on Welsh.", "First draft."]
    assert rows[0][3] == "Changes from version 1 to 2" and rows[1][3] == ""


def test_choosing_two_versions_to_compare(client):
    document = two_versions()
    form = client.get(f"/documents/{document.slug}/compare/")
    assert form.status_code == 200
    response = client.get(f"/documents/{document.slug}/compare/?a=1&b=2")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/documents/{document.slug}/compare/1..2/")


# --- comparison -----------------------------------------------------------------------


def test_the_comparison_marks_exactly_the_changed_words(client):
    document = two_versions()
    response = client.get(f"/documents/{document.slug}/compare/1..2/")
    assert response.status_code == 200
    soup = soup_of(response)

    purpose = section_for(soup, "Purpose").select_one(".app-redline")
    deleted = [visible(d) for d in purpose.find_all("del")]
    inserted = [visible(i) for i in purpose.find_all("ins")]
    assert deleted == ["three"]
    assert inserted == ["two", " and Afon"]
    for mark, word in [*((d, "removed") for d in purpose.find_all("del")), *((i, "added") for i in purpose.find_all("ins"))]:
        hidden = mark.select_one(".govuk-visually-hidden")
        assert hidden is not None and hidden.get_text(strip=True) == f"[{word}:]"
    assert purpose.get_text() == "We meet every [removed:] three[added:] two months in Penrhos[added:]  and Afon."


def test_the_comparison_labels_added_removed_moved_and_unchanged_clauses_in_words(client):
    document = two_versions()
    response = client.get(f"/documents/{document.slug}/compare/1..2/")
    soup = soup_of(response)
    page = text_of(response)

    assert "1 clause added, 1 removed, 1 changed, 1 moved." in page

    def tags(heading):
        return [t.get_text(strip=True) for t in section_for(soup, heading).select(".govuk-tag")]

    assert tags("Purpose") == ["Changed"]
    assert tags("Welsh language") == ["Added"]
    assert tags("Old arrangements") == ["Removed"]
    assert tags("Funding") == ["Unchanged", "Moved"]
    assert tags("Meetings") == ["Unchanged"]
    assert tags("Review") == ["Unchanged"]

    added = section_for(soup, "Welsh language").select_one(".app-redline")
    assert [visible(i) for i in added.find_all("ins")] == ["Every meeting can be held in Welsh."]
    assert added.find("del") is None
    removed = section_for(soup, "Old arrangements").select_one(".app-redline")
    assert [visible(d) for d in removed.find_all("del")] == ["The council decides alone."]
    assert removed.find("ins") is None
    for unchanged in ("Meetings", "Review", "Funding"):
        redline = section_for(soup, unchanged).select_one(".app-redline")
        assert redline.find("ins") is None and redline.find("del") is None

    # Removed clauses stand where they were; the rest follow the new version's order.
    headings = [re.sub(r"^[\d.\s]+|\[\w+:\]", "", h.get_text(" ", strip=True)).strip()
                for h in soup.select("section.app-change h2")]
    assert [h.split()[-1] for h in headings] == ["Purpose", "Meetings", "arrangements", "Volunteering", "Review",
                                                  "Funding", "language"]
    # Meetings was 3 and is now 2: the number change is redlined too.
    number = section_for(soup, "Meetings").select_one(".app-clause__number")
    assert (visible(number.find("del")), visible(number.find("ins"))) == ("3", "2")


def test_changes_only_hides_unchanged_clauses(client):
    document = two_versions()
    response = client.get(f"/documents/{document.slug}/compare/1..2/?view=changes")
    soup = soup_of(response)
    shown = [s.h2.get_text(" ", strip=True) for s in soup.select("section.app-change")]
    assert len(shown) == 4
    assert [h for h in ("Purpose", "Old arrangements", "Funding", "Welsh language") if any(h in s for s in shown)] == [
        "Purpose", "Old arrangements", "Funding", "Welsh language"]
    assert not any(h in s for s in shown for h in ("Meetings", "Volunteering", "Review"))
    assert "Show the whole document" in text_of(response)
    assert "1 clause added, 1 removed, 1 changed, 1 moved." in text_of(response)


def test_comparing_a_version_with_itself_shows_no_changes(client):
    document = two_versions()
    response = client.get(f"/documents/{document.slug}/compare/2..2/?view=changes")
    assert response.status_code == 200
    assert "The two versions have the same text." in text_of(response)


@pytest.mark.parametrize("path", [
    "/v/3/", "/v/0/", "/v/3/text.md", "/compare/1..3/", "/compare/3..1/", "/v/x/",
])
def test_unknown_versions_are_not_found(client, path):
    document = two_versions()
    assert client.get(f"/documents/{document.slug}{path}").status_code == 404


def test_unknown_documents_are_not_found(client):
    for path in ("/documents/nothing/", "/documents/nothing/v/1/", "/documents/nothing/versions/",
                 "/documents/nothing/compare/", "/documents/nothing/compare/1..2/"):
        assert client.get(path).status_code == 404, path


def test_a_document_with_one_version_has_nothing_to_compare(client):
    rhodri, council = create_officer()
    document = create_document(council, rhodri, clauses=[("Purpose", "Text.")])
    publish(document, rhodri)
    assert client.get(f"/documents/{document.slug}/compare/").status_code == 404
    assert "Compare any two versions" not in text_of(client.get(f"/documents/{document.slug}/versions/"))
