"""An amendment from proposal to the next version, and the "you said, we did" report that accounts for it."""

import re

import pytest
from playwright.sync_api import expect

from tests.amendments.factories import create_people
from tests.amendments.test_report_pages import NEXT_VERSION
from tests.browser.axe import assert_accessible
from tests.browser.steps import expect_success, publish_draft, redline_words, sign_in, submit, visit
from tests.comments.factories import bulk_comments, publish_next
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

PROPOSED = "Grants run for three years."
DECIDED = "Grants run for three years, with a review after the first."
RESPONSE = "Agreed, with a light review so that money is not locked in."


def test_an_accepted_amendment_reaches_the_next_version_and_the_response_report(open_page):
    people = create_people()
    slug = people.consultation.slug

    dafydd = open_page()
    sign_in(dafydd, "dafydd@example.org", PASSWORD)
    visit(dafydd, f"/documents/{slug}/v/1/")
    dafydd.get_by_role("link", name="Comment on clause 2").click()
    assert_accessible(dafydd)
    dafydd.get_by_role("link", name="Propose an amendment to this clause").click()
    assert_accessible(dafydd)
    text = dafydd.get_by_label("Your text for the clause")
    expect(text).to_have_value("Grants run for two years.")  # starts from the clause as it is
    text.fill(PROPOSED)
    submit(dafydd, "Propose amendment")  # no reasons given
    expect(dafydd.locator(".govuk-error-summary")).to_contain_text("Explain why you propose this change")
    expect(text).to_have_value(PROPOSED)
    expect(dafydd.get_by_label("Penrhos Community Pantry")).to_be_checked()  # his only organisation
    dafydd.get_by_label("Why this change?").fill("Two-year grants lose trained volunteers.")
    submit(dafydd, "Propose amendment")
    expect_success(dafydd, "Your amendment is proposed.")
    proposal = dafydd.locator(".app-redline")
    assert redline_words(proposal.locator("del")) == ["two"]
    assert redline_words(proposal.locator("ins")) == ["three"]
    amendment = dafydd.url
    number = re.search(r"/amendments/(\d+)/", amendment).group(1)

    megan = open_page()
    sign_in(megan, "megan@example.org", PASSWORD)
    visit(megan, amendment)
    megan.get_by_label("Tŷ Cymunedol Development Trust").check()
    megan.get_by_label("A note with your support (optional)").fill("Our volunteers say the same.")
    submit(megan, "Support this amendment")
    expect_success(megan, "Tŷ Cymunedol Development Trust now supports this amendment.")
    expect(megan.locator("#main-content")).to_contain_text("Supported by 1 organisation: Community group 1")

    rhodri = open_page()
    sign_in(rhodri, "rhodri@example.org", PASSWORD)
    visit(rhodri, amendment)
    rhodri.get_by_label("Declined").check()
    submit(rhodri, "Record decision")  # declining needs a reason
    expect(rhodri.locator(".govuk-error-summary")).to_be_visible()
    expect(rhodri.get_by_text("Not decided yet.")).to_be_visible()
    rhodri.get_by_label("Accepted with changes").check()
    rhodri.get_by_label("The text you will use (if accepting with changes)").fill(DECIDED)
    rhodri.get_by_label("Response, published with the decision").fill(RESPONSE)
    submit(rhodri, "Record decision")
    expect_success(rhodri, "Decision recorded: Accepted with changes.")

    visit(rhodri, f"/documents/{slug}/draft/")
    rhodri.get_by_role("link", name="Start the next draft: apply accepted amendments").click()
    assert_accessible(rhodri)
    expect(rhodri.locator("#main-content")).to_contain_text(f"Amendment {number} – Penrhos Community Pantry")
    submit(rhodri, "Apply them to the draft")
    expect_success(rhodri, "1 accepted amendments applied to the draft")
    expect(rhodri.get_by_text("Every accepted amendment is in the draft.")).to_be_visible()
    rhodri.get_by_role("link", name="Back to the draft").click()
    assert_accessible(rhodri)
    expect(rhodri.locator(".app-draft-clause").nth(1)).to_contain_text(DECIDED)
    publish_draft(rhodri, slug, "Three-year grants, from amendment " + number + ".")
    expect_success(rhodri, "Version 2 is published.")
    funding = rhodri.locator(".app-clause").nth(1)
    expect(funding).to_contain_text(DECIDED)
    expect(funding.get_by_role("link", name=f"amendment {number}")).to_be_visible()

    # Anyone can read what happened to the amendment, from the earlier version's report.
    reader = open_page()
    visit(reader, f"/documents/{slug}/v/1/amendments/")
    visit(reader, f"/documents/{slug}/v/1/")
    reader.get_by_role("link", name="Response report: what happened to every piece of input").click()
    assert_accessible(reader)
    section = reader.locator(".app-report-section").filter(
        has=reader.get_by_role("heading", name="2 Funding", exact=True))
    expect(section.get_by_role("link", name=f"Amendment {number}")).to_be_visible()
    expect(section).to_contain_text("Penrhos Community Pantry, 1 supporter")
    expect(section).to_contain_text("Accepted with changes")
    expect(section).to_contain_text(RESPONSE)
    expect(section).to_contain_text("In version 2")
    resulting, in_next_version = section.locator(".app-redline").all()
    expect(resulting).to_have_text(DECIDED)
    assert redline_words(in_next_version.locator("ins")) == ["three", ", with a review after the first"]
    section.get_by_role("link", name=f"Amendment {number}").click()
    assert_accessible(reader)
    expect(reader.locator("#main-content")).to_contain_text("The text the body will use")


def test_a_long_response_report_is_read_a_page_at_a_time(open_page):
    people = create_people()
    c = people.consultation
    bulk_comments(c.version, people.aisha, 110, clause_key=c.key("Purpose"), organisation=people.pantry)
    bulk_comments(c.version, people.megan, 30, clause_key=c.key("Funding"), organisation=people.trust)
    publish_next(c, NEXT_VERSION)

    reader = open_page()
    visit(reader, f"/documents/{c.slug}/v/1/responses/")  # the totals, the contents and the first hundred
    expect(reader.locator(".app-report-item")).to_have_count(100)
    contents = reader.get_by_role("navigation", name="Contents")
    expect(contents).to_contain_text("3 Representation: No input on this clause.")
    contents.get_by_role("link", name="2 Funding", exact=True).click()
    expect(reader).to_have_url(re.compile(r"\?page=2#report-"))
    assert_accessible(reader)
    expect(reader.get_by_role("heading", name="2 Funding", exact=True)).to_be_in_viewport()
    expect(reader.get_by_role("heading", name="1 Purpose (continued)", exact=True)).to_be_visible()
    expect(reader.locator(".app-report-item")).to_have_count(40)
    expect(reader).to_have_title(re.compile(r"\(page 2 of 2\)"))
    reader.get_by_role("navigation", name="Pages").get_by_role("link", name=re.compile("Previous")).click()
    assert_accessible(reader)
    expect(reader.locator(".app-report-item")).to_have_count(100)
