"""Cymraeg: the public and the demo people switch to Welsh on the home page and walk the main
journeys of the site, finding no English interface text and no axe violations on any page.

Every page reached is checked by tests/browser/welsh.py: <html lang="cy">, axe, and the
interface text compared with the English of the catalogue and a list of English words.
Labels and buttons are found by their Welsh, read from the same catalogue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from coproduce.demo import DEMO_PASSWORD
from tests.browser.welsh import WelshReader, cy

pytestmark = pytest.mark.browser

STRATEGY = "/documents/a-communities-strategy-for-wales"
AGREEMENT = "/documents/glanmor-community-partnership-agreement"
STRATEGY_CY = "Strategaeth Gymunedau i Gymru"
COMMENT = "Mae angen i'r Byrddau gyfarfod gyda'r nos weithiau, er mwyn i wirfoddolwyr allu dod."
PROPOSED = ("Bydd gan sefydliadau cymunedol o leiaf dair sedd ar bob Bwrdd Gwasanaethau Cyhoeddus, "
            "wedi'u dewis gan y Cyngor Gwirfoddol Sirol.")


def switch_to_welsh(page: Page, reader: WelshReader) -> None:
    """From the home page, with the language switch in the header."""
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg").click()
    reader.check(page)
    language = page.get_by_role("navigation", name=cy("Language"))
    expect(language.get_by_role("link", name="Cymraeg")).to_have_attribute("aria-current", "true")


def sign_in_in_welsh(page: Page, reader: WelshReader, email: str) -> None:
    """Switch to Welsh on the home page, then sign in with the Welsh form, checking both pages."""
    switch_to_welsh(page, reader)
    reader.follow(page, cy("Sign in"), exact=True)
    page.get_by_label(cy("Email address")).fill(email)
    page.get_by_label(cy("Password"), exact=True).fill(DEMO_PASSWORD)
    reader.submit(page, cy("Sign in"))
    expect(page.get_by_role("button", name=cy("Sign out"))).to_be_visible()


def expect_error_summary(page: Page, *messages: str) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text(cy("There is a problem"))
    for message in messages:
        expect(summary).to_contain_text(cy(message))
    expect(page).to_have_title(re.compile("^" + re.escape(cy("Error:")) + " "))


def test_the_public_reads_everything_in_welsh(demo_world, open_page, monkeypatch):
    monkeypatch.setattr("coproduce.comments.queries.PAGE_SIZE", 1)  # so that a discussion has pages
    reader = WelshReader()
    page = open_page()
    switch_to_welsh(page, reader)

    # The strategy, its versions, a comparison, a clause's discussion, a thread and the report.
    reader.follow(page, cy("Documents"), exact=True)
    reader.follow(page, STRATEGY_CY, exact=True)
    expect(page.get_by_role("heading", level=1)).to_have_text(STRATEGY_CY)
    reader.follow(page, cy("All versions"))
    reader.follow(page, cy("Compare any two versions"))
    reader.submit(page, cy("Compare"))
    expect(page.get_by_role("heading", level=1)).to_have_text(cy("Changes from version %(a)s to %(b)s") % {
        "a": 1, "b": 2})
    reader.follow(page, cy("Show changes only"))
    reader.visit(page, f"{STRATEGY}/v/1/")
    reader.visit(page, f"{STRATEGY}/v/2/")
    with page.expect_navigation():
        page.locator(f'a[href*="{STRATEGY}/v/2/clauses/"]').first.click()
    reader.check(page)
    reader.follow(page, cy("Next"))
    with page.expect_navigation():
        page.locator(f'main a[href*="{STRATEGY}/comments/"]').first.click()
    reader.check(page)
    reader.visit(page, f"{STRATEGY}/v/2/comments/")
    reader.visit(page, f"{STRATEGY}/v/1/")
    reader.follow(page, cy("Response report: what happened to every piece of input"))
    reader.visit(page, f"{STRATEGY}/v/1/amendments/")
    with page.expect_navigation():
        page.locator(f'main a[href*="{STRATEGY}/amendments/"]').first.click()
    reader.check(page)
    reader.visit(page, f"{STRATEGY}/activity/")

    # The agreed Glanmôr agreement, its sign-off page and certificate, and checking a copy.
    reader.visit(page, f"{AGREEMENT}/")
    reader.visit(page, f"{AGREEMENT}/v/3/sign-off")
    expect(page.locator(".app-agreed")).to_be_visible()
    reader.visit(page, f"{AGREEMENT}/v/3/certificate")
    reader.visit(page, "/verify")
    reader.submit(page, cy("Check"))  # nothing pasted or uploaded
    page.get_by_label(cy("Paste the text")).fill("Nid dyma'r testun a gytunwyd.")
    reader.submit(page, cy("Check"))
    expect(page.locator("#main-content")).to_contain_text(cy("This text does not match any published version."))
    page.get_by_label(cy("Paste the text")).fill(page.request.get(f"{AGREEMENT}/v/3/text.md").text())
    reader.submit(page, cy("Check"))
    expect(page.get_by_role("heading", name=cy("It matches"))).to_be_visible()

    # Organisations, and the pages in the footer.
    reader.follow(page, cy("Organisations"), exact=True)
    reader.follow(page, "Penrhos Community Pantry", exact=True)
    reader.visit(page, "/")
    reader.follow(page, cy("Accessibility statement"))
    reader.follow(page, cy("Privacy notice"))
    reader.visit(page, "/no-such-page")

    # Signing in and registering, each first in its error state.
    reader.follow(page, cy("Sign in"), exact=True)
    reader.submit(page, cy("Sign in"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label(cy("Email address")).fill("neb@example.org")
    page.get_by_label(cy("Password"), exact=True).fill("nid-dyma-fe")
    reader.submit(page, cy("Sign in"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    reader.follow(page, cy("Create an account"), exact=True)
    page.get_by_label(cy("Full name")).fill("Eleri Roberts")
    page.get_by_label(cy("Password"), exact=True).fill("byr")
    reader.submit(page, cy("Create account"))
    expect_error_summary(page, "Enter your email address")
    expect(page.get_by_label(cy("Full name"))).to_have_value("Eleri Roberts")
    reader.visit(page, "/password/forgot")

    reader.assert_all_welsh()


def test_aisha_comments_on_a_clause_in_welsh(demo_world, open_page):
    reader = WelshReader()
    aisha = open_page()
    sign_in_in_welsh(aisha, reader, "aisha.khan@example.org")

    reader.visit(aisha, f"{STRATEGY}/")
    with aisha.expect_navigation():
        aisha.locator(f'a[href*="{STRATEGY}/v/2/clauses/"]').nth(2).click()
    reader.check(aisha)
    reader.submit(aisha, cy("Post comment"))  # empty
    expect_error_summary(aisha, "Enter your comment", "Choose what kind of comment this is",
                         "Choose who you are speaking for")
    aisha.get_by_label(cy("Your comment")).fill(COMMENT)
    aisha.get_by_label(cy("Suggestion"), exact=True).check()
    aisha.get_by_label("Penrhos Community Pantry").check()
    reader.submit(aisha, cy("Post comment"))
    expect(aisha.locator(".govuk-notification-banner--success")).to_contain_text(cy("Your comment is posted."))
    expect(aisha.locator(".app-comment").first).to_contain_text(COMMENT)
    reader.follow(aisha, cy("Reply") + " " + cy("to %(name)s") % {"name": "Aisha Khan"})

    reader.follow(aisha, cy("Notifications"))
    reader.follow(aisha, cy("Your account"), exact=True)
    reader.visit(aisha, "/notifications/settings")
    reader.assert_all_welsh()


def test_dafydd_proposes_an_amendment_in_welsh(demo_world, open_page):
    reader = WelshReader()
    dafydd = open_page()
    sign_in_in_welsh(dafydd, reader, "dafydd.price@example.org")

    reader.visit(dafydd, f"{STRATEGY}/v/2/")
    with dafydd.expect_navigation():
        dafydd.locator(f'a[href*="{STRATEGY}/v/2/clauses/"]').nth(4).click()
    reader.check(dafydd)
    reader.follow(dafydd, cy("Propose an amendment to this clause"))
    text = dafydd.get_by_label(cy("Your text for the clause"))
    text.fill(PROPOSED)
    reader.submit(dafydd, cy("Propose amendment"))  # no reasons given
    expect_error_summary(dafydd, "Explain why you propose this change")
    expect(text).to_have_value(PROPOSED)
    dafydd.get_by_label(cy("Why this change?")).fill("Mae un sedd i'r sector cyfan yn rhy ychydig.")
    reader.submit(dafydd, cy("Propose amendment"))
    expect(dafydd.locator(".govuk-notification-banner--success")).to_contain_text(
        cy("Your amendment is proposed. Other organisations can now support it."))
    reader.assert_all_welsh()


def test_carys_drafts_and_tries_to_publish_in_welsh(demo_world, open_page):
    reader = WelshReader()
    carys = open_page()
    sign_in_in_welsh(carys, reader, "carys.morgan@example.org")

    reader.visit(carys, f"{STRATEGY}/")
    reader.follow(carys, cy("Edit the working draft"))
    with carys.expect_navigation():
        carys.locator(f'main a[href*="{STRATEGY}/draft/clauses/"][href$="/edit"]').nth(1).click()
    reader.check(carys)
    reader.visit(carys, f"{STRATEGY}/draft/")
    reader.follow(carys, cy("Publish as version %(n)s") % {"n": 3})
    reader.submit(carys, cy("Publish version"))  # nothing filled in
    expect_error_summary(carys, "Say what has changed in this version", "Enter the date the consultation opens")
    reader.assert_all_welsh()


def test_sian_moderates_in_welsh(demo_world, open_page):
    reader = WelshReader()
    sian = open_page()
    sign_in_in_welsh(sian, reader, "sian.jones@example.org")

    reader.follow(sian, cy("Moderation"), exact=True)
    with sian.expect_navigation():
        sian.locator('main tbody a[href*="/moderation/"]').first.click()
    reader.check(sian)
    for summary in sian.locator("details.govuk-details > summary").all():
        summary.click()
    reader.check(sian)
    reader.visit(sian, "/moderation/log")
    reader.assert_all_welsh()
