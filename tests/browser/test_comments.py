"""A discussion on a clause: comment, reply, official response, carried to the next version, notified."""

import re

import pytest
from playwright.sync_api import expect

from tests.amendments.factories import create_people
from tests.browser.axe import assert_accessible
from tests.browser.steps import (
    expect_success,
    outbox_subjects,
    publish_draft,
    sign_in,
    submit,
    visit,
)
from tests.comments.factories import STRATEGY
from tests.documents.factories import replace_draft
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

COMMENT = "Two-year grants end just as volunteers are trained. Could they run for longer?"
TOO_LONG = "Our volunteers have a lot to say about funding. " * 210  # 10,080 characters


def test_a_thread_from_comment_to_official_response_follows_the_clause_into_version_2(open_page):
    people = create_people()
    consultation = people.consultation
    slug, title = consultation.slug, consultation.document.title
    assert len(TOO_LONG) > 10_000

    aisha = open_page()
    sign_in(aisha, "aisha@example.org", PASSWORD)
    visit(aisha, f"/documents/{slug}/v/1/")
    aisha.get_by_role("link", name="Comment on clause 2").click()
    assert_accessible(aisha)
    expect(aisha.get_by_role("heading", level=1)).to_have_text("2 Funding")

    submit(aisha, "Post comment")  # empty
    expect(aisha).to_have_title(re.compile(r"^Error: "))
    summary = aisha.locator(".govuk-error-summary")
    for message in ("Enter your comment", "Choose what kind of comment this is", "Choose who you are speaking for"):
        expect(summary.get_by_role("link", name=message)).to_be_visible()

    aisha.get_by_label("Your comment").fill(TOO_LONG)
    aisha.get_by_label("Concern").check()
    aisha.get_by_label("Penrhos Community Pantry").check()
    submit(aisha, "Post comment")
    expect(summary.get_by_role("link", name="Your comment must be 10,000 characters or fewer")).to_be_visible()
    expect(aisha.get_by_label("Your comment")).to_have_value(TOO_LONG)  # nothing typed is lost
    expect(aisha.get_by_label("Concern")).to_be_checked()
    expect(aisha.get_by_label("Penrhos Community Pantry")).to_be_checked()

    aisha.get_by_label("Your comment").fill(COMMENT)
    submit(aisha, "Post comment")
    expect_success(aisha, "Your comment is posted.")
    expect(aisha.locator(".app-comment")).to_contain_text("Aisha Khan for Penrhos Community Pantry")
    expect(aisha.locator(".app-comment")).to_contain_text("Concern")
    thread = aisha.url

    aisha.get_by_role("link", name="Edit your comment").click()
    assert_accessible(aisha)
    aisha.get_by_label("Your comment").fill(COMMENT + " Three years would help.")
    submit(aisha, "Save changes")
    expect_success(aisha, "Your comment is updated.")
    aisha.get_by_role("link", name=re.compile(r"^edited")).click()
    assert_accessible(aisha)
    expect(aisha.locator(".app-prose")).to_have_text([COMMENT + " Three years would help.", COMMENT])

    megan = open_page()
    sign_in(megan, "megan@example.org", PASSWORD)
    visit(megan, thread)
    megan.get_by_role("link", name="Reply to Aisha Khan").click()
    assert_accessible(megan)
    submit(megan, "Post reply")  # empty
    expect(megan.locator(".govuk-error-summary")).to_contain_text("Enter your comment")
    megan.get_by_label("Your reply").fill("The same happens to us: our best drivers leave when the grant ends.")
    megan.get_by_label("Tŷ Cymunedol Development Trust").check()
    submit(megan, "Post reply")
    expect_success(megan, "Your reply is posted.")

    rhodri = open_page()
    sign_in(rhodri, "rhodri@example.org", PASSWORD)
    visit(rhodri, thread)
    rhodri.get_by_role("link", name="Reply to Megan Hughes").click()
    assert_accessible(rhodri)
    rhodri.get_by_label("Your reply").fill("We will propose three-year grants in the next version.")
    rhodri.get_by_label("Glanmôr County Council", exact=True).check()
    rhodri.get_by_label("Post as an official response of Glanmôr County Council").check()
    submit(rhodri, "Post reply")
    expect_success(rhodri, "Your official response is posted.")
    official = rhodri.locator(".app-comment--official")
    expect(official).to_contain_text("Official response")
    expect(official).to_contain_text("Rhodri Evans for Glanmôr County Council")

    replace_draft(consultation.document, consultation.officer,
                  STRATEGY.replace("Grants run for two years.", "Grants run for three years."))
    publish_draft(rhodri, slug, "Three-year grants, as asked in the discussion.")
    expect_success(rhodri, "Version 2 is published.")

    # Version 2 shows the thread under the same clause, marked as made on version 1.
    visit(aisha, f"/documents/{slug}/")
    aisha.get_by_role("link", name="3 comments on clause 2").click()
    assert_accessible(aisha)
    expect(aisha.locator(".govuk-caption-l")).to_contain_text("version 2")
    listed = aisha.locator(".app-thread-list__item")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(COMMENT)
    expect(listed).to_contain_text("made on version 1")
    expect(listed.get_by_role("link", name="what changed in this clause since")).to_have_attribute(
        "href", re.compile(r"/compare/1\.\.2/#change-"))
    listed.get_by_role("link", name=re.compile(r"Read the thread \(2 replies\)")).click()
    assert_accessible(aisha)
    expect(aisha.locator(".app-comment")).to_have_count(3)
    for comment in aisha.locator(".app-comment").all():
        expect(comment).to_contain_text("made on version 1")
    expect(aisha.locator(".app-comment--official")).to_contain_text("Official response")

    # Aisha is told, in the header, on her notifications page and by email.
    notifications = aisha.get_by_role("link", name="Notifications 3 unread")
    expect(notifications).to_be_visible()
    notifications.click()
    assert_accessible(aisha)
    items = aisha.locator(".app-notification")
    expect(items).to_have_count(3)
    expect(items.filter(has_text=f"Megan Hughes replied to your comment on {title}")).to_have_count(1)
    expect(items.filter(has_text=f"Rhodri Evans posted an official response on {title}")).to_have_count(1)
    expect(items.filter(has_text=f"Version 2 of {title} is published")).to_have_count(1)
    submit(aisha, "Mark all as read")
    expect(aisha.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    assert outbox_subjects("aisha@example.org") == [
        f"New reply to your comment on {title}",
        f"Official response on {title}",
        f"A new version of {title} is published",
    ]


def test_without_javascript_a_person_comments_and_an_officer_answers(open_page):
    people = create_people()
    slug = people.consultation.slug

    aisha = open_page(java_script_enabled=False)
    sign_in(aisha, "aisha@example.org", PASSWORD)
    aisha.goto(f"/documents/{slug}/v/1/")
    aisha.get_by_role("link", name="Comment on clause 2").click()
    aisha.get_by_role("button", name="Post comment").click()
    expect(aisha.locator(".govuk-error-summary")).to_contain_text("Enter your comment")
    aisha.get_by_label("Your comment").fill(COMMENT)
    aisha.get_by_label("Question").check()
    aisha.get_by_label("Myself only").check()
    aisha.get_by_role("button", name="Post comment").click()
    expect(aisha.locator(".app-comment")).to_contain_text("Aisha Khan speaking for themselves")

    rhodri = open_page(java_script_enabled=False)
    sign_in(rhodri, "rhodri@example.org", PASSWORD)
    rhodri.goto(aisha.url)
    rhodri.get_by_role("link", name="Reply to Aisha Khan").click()
    rhodri.get_by_label("Your reply").fill("Yes: see the next version.")
    rhodri.get_by_label("Myself only").check()
    rhodri.get_by_label("Post as an official response of Glanmôr County Council").check()
    rhodri.get_by_role("button", name="Post reply").click()
    expect(rhodri.locator(".app-comment--official")).to_contain_text("Official response")
