"""Every kind of public page passes axe in English and Welsh; printed pages carry content only."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in, visit
from tests.factories import PASSWORD, create_organisation, create_user

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/accessibility",
    "/privacy",
    "/organisations/",
    "/organisations/penrhos-community-pantry/",
    "/sign-in",
    "/register",
    "/password/forgot",
    "/no-such-page",
]


def test_public_pages_are_accessible_in_english_and_welsh(demo_world, page):
    for path in PUBLIC_PAGES:
        visit(page, path)
        expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg").click()
    for path in PUBLIC_PAGES:
        visit(page, path)
        expect(page.locator("html")).to_have_attribute("lang", "cy")


def test_a_printed_organisation_page_has_no_navigation_or_forms(page):
    organisation = create_organisation("Afon Litter Pickers", area="glanmor")
    create_user("Gareth Lloyd", "gareth.lloyd@example.org")
    sign_in(page, "gareth.lloyd@example.org", PASSWORD)
    page.goto(f"/organisations/{organisation.slug}/")
    forms = page.locator("main form, header form")
    expect(forms.first).to_be_visible()  # the join form and the sign-out button, on screen

    page.emulate_media(media="print")

    expect(page.get_by_role("heading", level=1)).to_have_text("Afon Litter Pickers")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.locator(".app-header__language")).to_be_hidden()
    for index in range(page.locator("form").count()):
        expect(page.locator("form").nth(index)).to_be_hidden()
