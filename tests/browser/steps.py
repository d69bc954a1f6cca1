"""What a person does in the browser, in a line each, checking every page they reach."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from coproduce.extensions import db
from coproduce.notifications.models import OutboxMessage
from tests.browser.axe import assert_accessible


def visit(page: Page, path: str) -> None:
    page.goto(path)
    assert_accessible(page)


def submit(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    assert_accessible(page)


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in from the sign-in page (test_pages checks that page itself)."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def expect_success(page: Page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


def confirmation_link(email: str) -> str:
    """The link in the confirmation email, read from the outbox the live server wrote to."""
    db.session.expire_all()
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == email).order_by(OutboxMessage.id.desc())
    ).first()
    db.session.rollback()  # hold no read transaction open while the server writes
    assert message is not None, f"no email was sent to {email}"
    return re.search(r"https?://\S+/confirm/\S+", message.body_text).group(0)
