"""A newcomer's first visit, from registering to being a member, in English and Welsh."""

import re

import pytest
from playwright.sync_api import expect

from coproduce.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.steps import confirmation_link, expect_success, sign_in, submit, visit
from tests.factories import PASSWORD, create_area, create_user

pytestmark = pytest.mark.browser

PANTRY = "/organisations/penrhos-community-pantry/"
NEWCOMER = ("Eleri Roberts", "eleri.roberts@example.org", "a kettle, three bikes and a rota")


def test_newcomer_registers_joins_a_group_and_reads_it_in_welsh(demo_world, open_page):
    name, email, password = NEWCOMER
    eleri = open_page()

    visit(eleri, "/")
    eleri.get_by_role("link", name="Create an account").first.click()
    assert_accessible(eleri)
    eleri.get_by_label("Full name").fill(name)
    eleri.get_by_label("Email address").fill(email)
    eleri.get_by_label("Password", exact=True).fill(password)
    eleri.get_by_label("Confirm password").fill(password)
    submit(eleri, "Create account")
    expect(eleri.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    submit(eleri, "Sign out")

    visit(eleri, confirmation_link(email))
    expect_success(eleri, "Your email address is confirmed.")
    eleri.get_by_label("Email address").fill(email)
    eleri.get_by_label("Password", exact=True).fill(password)
    submit(eleri, "Sign in")

    eleri.get_by_role("link", name="Your account").click()
    assert_accessible(eleri)
    eleri.get_by_role("link", name="register a community group").click()
    assert_accessible(eleri)
    eleri.get_by_label("Name of the organisation").fill("Penrhos Allotment Friends")
    eleri.get_by_label("Area").select_option(label="Glanmôr")
    eleri.get_by_label("What the group does (optional)").fill("We share tools and seeds.")
    submit(eleri, "Register the group")
    expect_success(eleri, "Penrhos Allotment Friends is registered.")
    expect(eleri.get_by_role("heading", level=1)).to_have_text("Penrhos Allotment Friends")

    eleri.get_by_role("link", name="Organisations").first.click()
    assert_accessible(eleri)
    eleri.get_by_role("link", name="Penrhos Community Pantry").click()
    assert_accessible(eleri)
    eleri.get_by_label("Tell the organisation's admins who you are (optional)").fill("I drive the Tuesday van.")
    submit(eleri, "Ask to join")
    expect_success(eleri, "Your request to join Penrhos Community Pantry has been sent")
    expect(eleri.get_by_text("You have asked to join.")).to_be_visible()

    dafydd = open_page()
    sign_in(dafydd, "dafydd.price@example.org", DEMO_PASSWORD)
    visit(dafydd, PANTRY)
    dafydd.get_by_role("link", name="Manage members and requests").click()
    assert_accessible(dafydd)
    waiting = dafydd.get_by_role("table", name="People asking to join")
    expect(waiting).to_contain_text("I drive the Tuesday van.")
    submit(dafydd, f"Approve {name}")
    expect_success(dafydd, f"{name} is now a member.")
    expect(dafydd.get_by_role("table", name="Approved members")).to_contain_text(name)

    eleri.reload()
    assert_accessible(eleri)
    expect(eleri.get_by_text("You are a member of this organisation.")).to_be_visible()

    language = eleri.get_by_role("navigation", name="Language")
    language.get_by_role("link", name="Cymraeg").click()
    assert_accessible(eleri)
    expect(eleri).to_have_url(re.compile(re.escape(PANTRY) + "$"))  # back on the page it was switched from
    expect(eleri.locator("html")).to_have_attribute("lang", "cy")
    language = eleri.get_by_role("navigation", name="Iaith")
    expect(language.get_by_role("link", name="Cymraeg")).to_have_attribute("aria-current", "true")
    expect(language.get_by_role("link", name="English")).not_to_have_attribute("aria-current", "true")

    # Remembered from page to page; test_pages checks the public pages in Welsh.
    for path in ("/account", "/organisations/new"):
        visit(eleri, path)
        expect(eleri.locator("html")).to_have_attribute("lang", "cy")
    expect(eleri.get_by_role("link", name="Cymraeg")).to_have_attribute("aria-current", "true")

    dafydd.get_by_role("link", name="Cymraeg").click()
    assert_accessible(dafydd)
    expect(dafydd.locator("html")).to_have_attribute("lang", "cy")


def test_an_incomplete_form_shows_the_error_summary_and_keeps_what_was_typed(page):
    visit(page, "/register")
    page.get_by_label("Full name").fill("Eleri Roberts")
    submit(page, "Create account")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # moved there by GOV.UK Frontend's script
    expect(page).to_have_title(r"Error: Create an account – Co-produce")
    expect(page.get_by_label("Full name")).to_have_value("Eleri Roberts")
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_without_javascript_a_person_signs_in_and_registers_a_group(open_page):
    create_area("glanmor", "Glanmôr")
    create_user("Gareth Lloyd", "gareth.lloyd@example.org")
    page = open_page(java_script_enabled=False)

    page.goto("/sign-in")
    page.get_by_label("Email address").fill("gareth.lloyd@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bjs-enabled\b"))
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="register a community group").click()
    page.get_by_label("Name of the organisation").fill("Llan Repair Café")
    page.get_by_label("Area").select_option(label="Glanmôr")
    page.get_by_role("button", name="Register the group").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Llan Repair Café")
    expect(page.get_by_text("Llan Repair Café is registered.")).to_be_visible()
