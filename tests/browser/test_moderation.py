"""Tom's comment is reported by Aisha; Siân hides it with a reason; the public sees the tombstone
with the replies intact; Tom appeals; a site admin restores it; the log shows each step. Every
moderation page on the way passes axe, the action forms opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from coproduce.accounts.models import User
from coproduce.columns import utcnow
from coproduce.comments.services import post_comment
from coproduce.demo import DEMO_PASSWORD
from coproduce.documents.models import Document, Version
from coproduce.extensions import db
from coproduce.moderation.models import ModerationAction
from tests.browser.axe import assert_accessible
from tests.browser.steps import expect_success, sign_in, submit, visit

pytestmark = pytest.mark.browser

SLUG = "a-communities-strategy-for-wales"
WORDS = "The Board's chair lives at 12 Heol y Felin and you should tell him what you think there."
REPLIES = ["Please keep people's home addresses off the site.", "The Board meets in public every month."]


@dataclass
class Thread:
    comment_id: int
    url: str


@pytest.fixture
def toms_comment(app, live_server, demo_world) -> Thread:
    """Tom, speaking for himself on the national strategy, with replies from Megan and Dafydd."""
    with app.test_request_context(base_url=live_server.url):
        people = {u.email.split(".")[0]: u for u in db.session.scalars(select(User))}
        strategy = db.session.scalar(select(Document).where(Document.slug == SLUG))
        version = db.session.scalar(select(Version).where(Version.document_id == strategy.id,
                                                          Version.number == strategy.latest_version_number))
        at = utcnow() - timedelta(hours=3)
        comment = post_comment(version=version, author=people["tom"], organisation=None, stance="concern",
                               clause_key=version.clauses[0].key, body=WORDS, at=at)
        for n, (person, text) in enumerate(zip(("megan", "dafydd"), REPLIES, strict=True)):
            post_comment(version=version, author=people[person], organisation=None, stance=None, parent=comment,
                         body=text, at=at + timedelta(minutes=10 * (n + 1)))
        db.session.commit()
        return Thread(comment.id, f"/documents/{SLUG}/comments/{comment.id}/")


def newest_action_id(action: str) -> int:
    db.session.expire_all()
    found = db.session.scalar(select(ModerationAction.id).where(ModerationAction.action == action)
                              .order_by(ModerationAction.id.desc()).limit(1))
    db.session.rollback()  # hold no read transaction open while the server writes
    return found


def expect_tombstone_and_replies(page: Page, thread: Thread) -> None:
    visit(page, thread.url)
    comment = page.locator(f"#comment-{thread.comment_id}")
    expect(comment).to_contain_text("Hidden by a moderator: Personal information.")
    expect(page.locator("#main-content")).not_to_contain_text("Heol y Felin")
    for reply in REPLIES:
        expect(page.locator(".app-comment__text", has_text=reply)).to_be_visible()


def open_every_action(page: Page) -> None:
    for summary in page.locator("details.govuk-details > summary").all():
        summary.click()
    assert_accessible(page)


def test_a_reported_comment_is_hidden_appealed_and_restored(toms_comment, open_page):
    thread = toms_comment
    moderation_item = f"/moderation/comment/{thread.comment_id}/"

    # Aisha reports Tom's comment from the thread, first forgetting to say why.
    aisha = open_page()
    sign_in(aisha, "aisha.khan@example.org", DEMO_PASSWORD)
    visit(aisha, thread.url)
    with aisha.expect_navigation():
        aisha.locator(f"#comment-{thread.comment_id}").get_by_role("link", name="Report").click()
    assert_accessible(aisha)
    expect(aisha.get_by_role("heading", name="Report to a moderator")).to_be_visible()
    aisha.get_by_label("Tell the moderators more (optional)").fill("It gives someone's home address.")
    submit(aisha, "Send report")
    expect(aisha.locator(".govuk-error-summary")).to_contain_text("Choose why you are reporting this")
    expect(aisha.get_by_label("Tell the moderators more (optional)")).to_have_value("It gives someone's home address.")
    aisha.get_by_label("Personal information", exact=True).check()
    submit(aisha, "Send report")
    expect_success(aisha, "Thank you. A moderator will look at it.")

    # Siân finds it in her queue and hides it, giving the category and a reason.
    sian = open_page()
    sign_in(sian, "sian.jones@example.org", DEMO_PASSWORD)
    visit(sian, "/moderation/")
    row = sian.locator("tbody tr").filter(has=sian.locator(f'a[href="{moderation_item}"]'))
    expect(row).to_contain_text("Personal information")
    with sian.expect_navigation():
        row.get_by_role("link").click()
    assert_accessible(sian)
    expect(sian.locator("#main-content")).to_contain_text("Aisha Khan: “It gives someone's home address.”")
    open_every_action(sian)
    hide = sian.locator('form[action$="/hide"]')
    hide.get_by_label("Reason, recorded in the log and sent to the author").fill("")
    hide.get_by_role("button", name="Hide").click()  # no category and no reason: refused
    sian.wait_for_load_state()
    expect(sian.locator(".govuk-notification-banner")).to_contain_text("Give the reason for this action")
    open_every_action(sian)
    hide = sian.locator('form[action$="/hide"]')
    hide.get_by_label("Personal information", exact=True).check()
    hide.get_by_label("Reason, recorded in the log and sent to the author").fill(
        "It gave a private home address. Please raise it at a Board meeting instead.")
    hide.get_by_role("button", name="Hide").click()
    sian.wait_for_load_state()
    assert_accessible(sian)
    expect_success(sian, "Done. The action is in the moderation log.")

    # The public sees the tombstone where the comment was, and the replies as they were.
    public = open_page()
    expect_tombstone_and_replies(public, thread)

    # Tom reads the decision from his notification and appeals.
    hidden_id = newest_action_id("hide")
    tom = open_page()
    sign_in(tom, "tom.baker@example.org", DEMO_PASSWORD)
    visit(tom, "/notifications/")
    with tom.expect_navigation():
        tom.locator(f'a[href$="/moderation/decisions/{hidden_id}"]').click()
    assert_accessible(tom)
    expect(tom.locator("#main-content")).to_contain_text("It gave a private home address.")
    tom.get_by_label("Why should the decision change?").fill("")
    submit(tom, "Send appeal")
    expect(tom.locator(".govuk-error-summary")).to_contain_text("Say why the decision should change")
    tom.get_by_label("Why should the decision change?").fill(
        "That is the Board's public office, not a home. Anyone can write to it.")
    submit(tom, "Send appeal")
    expect_success(tom, "Your appeal is sent. A different moderator will decide it.")
    expect(tom.get_by_label("Why should the decision change?")).to_have_count(0)  # once only

    # The site administrator decides the appeal and overturns the hiding.
    admin = open_page()
    sign_in(admin, "admin@example.org", DEMO_PASSWORD)
    visit(admin, "/moderation/")
    with admin.expect_navigation():
        admin.get_by_role("link", name="Appeal by Tom Baker against: Hidden").click()
    assert_accessible(admin)
    expect(admin.locator("#main-content")).to_contain_text("That is the Board's public office")
    admin.get_by_label("Overturn: undo the moderator's action").check()
    admin.get_by_label("Response to the author").fill("Restored: the address is the Board's public office.")
    submit(admin, "Decide appeal")
    expect_success(admin, "The appeal is decided and the author has been told.")

    # The comment is back for everyone.
    visit(public, thread.url)
    expect(public.locator(f"#comment-{thread.comment_id} .app-comment__text")).to_contain_text("Heol y Felin")
    visit(public, f"/documents/{SLUG}/")
    expect(public.locator("#main-content")).to_contain_text("Moderation on this document: 2 hidden, 1 restored.")

    # Tom reads the outcome on the decision page.
    visit(tom, f"/moderation/decisions/{hidden_id}")
    expect(tom.locator("#main-content")).to_contain_text(
        "Overturned: the action was undone. Restored: the address is the Board's public office.")

    # The log, and the item's own page, show each step.
    visit(admin, "/moderation/log")
    rows = admin.locator("tbody tr").filter(has=admin.locator(f'a[href="{moderation_item}"]'))
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Appeal: decision overturned")
    expect(rows.nth(0)).to_contain_text("Site Administrator")
    expect(rows.nth(1)).to_contain_text("Hidden (Personal information)")
    expect(rows.nth(1)).to_contain_text("Siân Jones")
    expect(rows.nth(1)).to_contain_text("It gave a private home address.")
    visit(sian, moderation_item)
    main = sian.locator("#main-content")
    expect(main).to_contain_text("Personal information – Aisha Khan: “It gives someone's home address.” (resolved)")
    steps = sian.locator("ol.govuk-list li")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text("Hidden (Personal information) – Siân Jones")
    expect(steps.nth(1)).to_contain_text("Appeal: decision overturned – Site Administrator")
