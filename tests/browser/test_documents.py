"""An officer drafts and publishes versions; anyone reads and compares them, with or without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.steps import expect_success, publish_draft, redline_words, sign_in, submit, visit
from tests.documents.factories import create_document, create_officer, publish, replace_draft
from tests.factories import PASSWORD
from tests.xss_payloads import XSS_PAYLOADS

pytestmark = pytest.mark.browser

TITLE = "A Communities Strategy for Wales"
PASTED = """# A Communities Strategy for Wales

## Purpose

Community organisations and public bodies work together as equal partners.

## Funding

Grants for community groups run for two years and are paid in advance.

### Small grants

Groups with no paid staff can apply for small grants in plain language.

## Representation

The sector has one seat on each Public Service Board.
"""
FUNDING_V2 = "Grants for community groups run for three years and are paid in advance each April."


def changes(page):
    return page.locator(".app-change")


def test_an_officer_publishes_two_versions_and_the_public_sees_exactly_what_changed(open_page):
    create_officer(email="rhodri.evans@example.org")
    rhodri = open_page()
    sign_in(rhodri, "rhodri.evans@example.org", PASSWORD)

    visit(rhodri, "/documents/")
    rhodri.get_by_role("link", name="Create a document").click()
    assert_accessible(rhodri)
    submit(rhodri, "Create document")
    expect(rhodri.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    expect(rhodri).to_have_title(re.compile(r"^Error: "))
    rhodri.get_by_label("Title", exact=True).fill(TITLE)
    rhodri.get_by_label("Summary", exact=True).fill("How public bodies and community groups work together.")
    rhodri.get_by_label("Strategy", exact=True).check()
    rhodri.get_by_label("Text of the document (optional)").fill(PASTED)
    submit(rhodri, "Create document")
    expect_success(rhodri, "Document created with 4 clauses from your text.")
    expect(rhodri.locator(".app-draft-clause h2")).to_have_text(
        ["1 Purpose", "2 Funding", "2.1 Small grants", "3 Representation"])
    slug = re.search(r"/documents/([^/]+)/draft/", rhodri.url).group(1)

    rhodri.get_by_role("link", name="Publish as version 1").click()
    assert_accessible(rhodri)
    submit(rhodri, "Publish version")  # nothing filled in: the form in its error state
    summary = rhodri.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say what has changed in this version")
    expect(summary).to_contain_text("Enter the date the consultation opens")
    publish_draft(rhodri, slug, "First draft for consultation.")
    expect(rhodri.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(rhodri.get_by_text("Open for comment")).to_be_visible()

    rhodri.get_by_role("link", name="Edit the working draft").click()
    assert_accessible(rhodri)
    rhodri.get_by_role("link", name="Edit clause 2", exact=True).click()
    assert_accessible(rhodri)
    rhodri.get_by_label("Clause text", exact=True).fill(FUNDING_V2)
    submit(rhodri, "Save clause")
    expect_success(rhodri, "Clause saved.")
    publish_draft(rhodri, slug, "Longer grants, after the first round of comments.")
    expect_success(rhodri, "Version 2 is published.")

    reader = open_page()
    visit(reader, "/documents/")
    reader.get_by_role("link", name=TITLE).click()
    assert_accessible(reader)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator("#main-content")).to_contain_text("paid in advance each April")
    reader.get_by_role("link", name="All versions").click()
    assert_accessible(reader)
    expect(reader.get_by_role("table")).to_contain_text("Longer grants, after the first round of comments.")
    reader.get_by_role("link", name="Compare any two versions").click()
    assert_accessible(reader)
    expect(reader.get_by_label("Earlier version")).to_have_value("1")
    submit(reader, "Compare")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Changes from version 1 to 2")
    expect(reader.locator("#main-content")).to_contain_text("0 clauses added, 0 removed, 1 changed, 0 moved.")
    expect(changes(reader)).to_have_count(4)
    assert redline_words(changes(reader).locator("del")) == ["two"]
    assert redline_words(changes(reader).locator("ins")) == ["three", "each April"]
    expect(changes(reader).locator("ins .govuk-visually-hidden").first).to_have_text("[added:] ")
    expect(changes(reader).locator("del .govuk-visually-hidden")).to_have_text("[removed:] ")

    reader.get_by_role("link", name="Show changes only").click()
    assert_accessible(reader)
    expect(changes(reader)).to_have_count(1)
    expect(changes(reader).get_by_role("heading")).to_have_text("2 Funding")
    reader.get_by_role("link", name="Read version 1").click()
    assert_accessible(reader)
    expect(reader.get_by_text("This is version 1. A newer version exists.")).to_be_visible()
    expect(reader.locator("#main-content")).to_contain_text("run for two years and are paid in advance.")

    # The same reading, in a browser that runs no script at all.
    plain = open_page(java_script_enabled=False)
    plain.goto(f"/documents/{slug}/")
    expect(plain.locator("body")).not_to_have_class(re.compile(r"\bjs-enabled\b"))
    plain.get_by_role("link", name="2 Funding").click()
    expect(plain).to_have_url(re.compile(r"#clause-"))
    plain.get_by_role("link", name="What changed since version 1").click()
    expect(changes(plain)).to_have_count(4)
    plain.get_by_role("link", name="Show changes only").click()
    expect(changes(plain)).to_have_count(1)
    assert redline_words(changes(plain).locator("ins")) == ["three", "each April"]
    plain.get_by_role("link", name="Show the whole document").click()
    expect(changes(plain)).to_have_count(4)
    plain.get_by_role("link", name="Read version 1").click()
    expect(plain.get_by_text("This is version 1. A newer version exists.")).to_be_visible()


PAYLOADS = XSS_PAYLOADS[::5]  # twenty, from every family in the list


def xss_markdown(shift: int) -> str:
    """A clause per payload: the first line in the heading, the whole payload (another one from v2) in the text."""
    parts = []
    for n, payload in enumerate(PAYLOADS):
        body = PAYLOADS[(n + shift) % len(PAYLOADS)]
        parts.append(f"## Clause {n} {payload.splitlines()[0]}\n\n{body}\n\nEnd of clause {n}.\n")
    return "\n".join(parts)


def test_script_in_published_clauses_never_runs(open_page):
    officer, body = create_officer(email="rhodri.evans@example.org")
    document = create_document(body, officer, title="Payloads </title><script>alert(1)</script>",
                               markdown=xss_markdown(0), kind="guidance")
    publish(document, officer)
    replace_draft(document, officer, xss_markdown(1))
    publish(document, officer)
    slug = document.slug

    page = open_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (f"/documents/{slug}/v/1/", f"/documents/{slug}/", f"/documents/{slug}/compare/1..2/",
                 f"/documents/{slug}/compare/1..2/?view=changes"):
        # No axe here: hostile text makes poor content (a link whose only content, an <img>, is
        # stripped stays as an empty link); the journey test checks these templates with axe.
        page.goto(path)
        expect(page.locator(".app-clause, .app-change")).to_have_count(len(PAYLOADS))
        page.locator("main").hover()
        page.keyboard.press("Tab")
        live = page.evaluate("""() => [...document.querySelectorAll('main *')].filter(el =>
            ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'IMG', 'FORM', 'STYLE'].includes(el.tagName.toUpperCase())
            || [...el.attributes].some(a => a.name.startsWith('on') || /^\\s*(javascript|data|vbscript):/i.test(a.value))
        ).map(el => el.outerHTML.slice(0, 120))""")
        assert live == [], f"executable markup survived on {path}: {live}"
    assert dialogs == [], f"script ran: {dialogs}"
