"""Cymraeg: the public and the demo people switch to Welsh on the home page and walk the main
journeys of the site, finding no English interface text and no axe violations on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.welsh import WelshReader

pytestmark = pytest.mark.browser

STRATEGY = "/documents/a-communities-strategy-for-wales"
AGREEMENT = "/documents/glanmor-community-partnership-agreement"


def switch_to_welsh(page: Page, reader: WelshReader) -> None:
    """From the home page, with the language switch in the header."""
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg").click()
    reader.check(page)
    expect(page.get_by_role("navigation", name="Iaith").get_by_role("link", name="Cymraeg")).to_have_attribute(
        "aria-current", "true")


def test_the_public_reads_everything_in_welsh(demo_world, open_page):
    reader = WelshReader()
    page = open_page()
    switch_to_welsh(page, reader)

    reader.visit(page, "/documents/")
    reader.visit(page, f"{STRATEGY}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategaeth Gymunedau i Gymru")
    reader.visit(page, f"{STRATEGY}/versions/")
    reader.visit(page, f"{STRATEGY}/v/1/")
    reader.visit(page, f"{STRATEGY}/compare/")
    reader.visit(page, f"{STRATEGY}/compare/1..2/")
    reader.visit(page, f"{STRATEGY}/compare/1..2/?view=changes")
    reader.visit(page, f"{STRATEGY}/v/2/")
    with page.expect_navigation():
        page.locator(f'a[href*="{STRATEGY}/v/2/clauses/"]').first.click()
    reader.check(page)
    with page.expect_navigation():
        page.locator(f'a[href*="{STRATEGY}/comments/"]').first.click()
    reader.check(page)
    reader.visit(page, f"{STRATEGY}/v/2/comments/")
    reader.visit(page, f"{STRATEGY}/v/1/responses/")
    reader.visit(page, f"{STRATEGY}/v/1/amendments/")
    reader.visit(page, f"{STRATEGY}/activity/")
    reader.visit(page, f"{AGREEMENT}/")
    reader.visit(page, f"{AGREEMENT}/v/3/sign-off")
    reader.visit(page, f"{AGREEMENT}/v/3/certificate")
    reader.visit(page, "/verify")
    reader.visit(page, "/organisations/")
    reader.visit(page, "/organisations/penrhos-community-pantry/")
    reader.visit(page, "/accessibility")
    reader.visit(page, "/privacy")
    reader.visit(page, "/sign-in")
    reader.visit(page, "/register")
    reader.visit(page, "/password/forgot")
    reader.visit(page, "/no-such-page")
    reader.assert_all_welsh()
