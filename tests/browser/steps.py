"""What a person does in the browser, in a line each, checking every page they reach."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect
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


def london_today() -> date:
    """Today as an officer in Wales types it into a date input."""
    return datetime.now(ZoneInfo("Europe/London")).date()


def fill_date(page: Page, legend: str, day: date) -> None:
    """Type a date into the GOV.UK date input whose fieldset has this legend."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def publish_draft(page: Page, slug: str, change_note: str, *, days_open: int = 30) -> None:
    """Publish the document's draft from the publish page, open for comment from today."""
    visit(page, f"/documents/{slug}/publish")
    page.get_by_label("What has changed").fill(change_note)
    today = london_today()
    fill_date(page, "Consultation opens", today)
    fill_date(page, "Consultation closes", today + timedelta(days=days_open))
    submit(page, "Publish version")
    expect_success(page, "is published.")


def redline_words(marks: Locator) -> list[str]:
    """The words inside <ins> or <del> elements, without their visually hidden "[added:]"/"[removed:]"."""
    return [re.sub(r"^\s*\[(added|removed):\]\s*", "", text).strip() for text in marks.all_text_contents()]


def outbox_subjects(email: str) -> list[str]:
    """Subjects of the emails queued for `email` by the live server, oldest first."""
    db.session.expire_all()
    subjects = list(db.session.scalars(
        select(OutboxMessage.subject).where(OutboxMessage.to_address == email).order_by(OutboxMessage.id)
    ))
    db.session.rollback()
    return subjects
