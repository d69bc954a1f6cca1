"""Three parties sign the same text in the browser, the document is Agreed, and anyone can prove which text it was."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from coproduce.accounts.models import Organisation, User
from coproduce.amendments.services import mark_final
from coproduce.columns import utcnow
from coproduce.demo import DEMO_PASSWORD
from coproduce.documents import services as documents
from coproduce.documents.models import Document
from coproduce.extensions import db
from coproduce.signoff.models import SignOff
from tests.browser.axe import assert_accessible
from tests.browser.steps import expect_success, sign_in, submit, visit

pytestmark = pytest.mark.browser

TITLE = "Penrhos Food and Volunteering Agreement"
COUNCIL, CVC, PANTRY = "Glanmôr County Council", "Glanmôr Voluntary Council", "Penrhos Community Pantry"

TEXTS = [
    """# Penrhos Food and Volunteering Agreement

## Purpose
The council and the community organisations of Penrhos work together on food support.

## Referrals
Families are referred for emergency food through one shared form.

## Volunteers
Volunteers are coordinated by each organisation.
""",
    """# Penrhos Food and Volunteering Agreement

## Purpose
The council and the community organisations of Penrhos work together on food support as equal partners.

## Referrals
Families are referred for emergency food through one shared form, answered within a day.

## Volunteers
Volunteers are coordinated by each organisation.
""",
    """# Penrhos Food and Volunteering Agreement

## Purpose
The council and the community organisations of Penrhos work together on food support as equal partners.

## Referrals
Families are referred for emergency food through one shared form, answered within a day.

## Volunteers
The Voluntary Council keeps one register of volunteering opportunities, shared with every partner.
""",
]

# (email, name, organisation, role, statement)
SIGNATORIES = [
    ("rhodri.evans@example.org", "Rhodri Evans", COUNCIL, "Partnerships Officer", "The council agrees this text."),
    ("sian.jones@example.org", "Siân Jones", CVC, "Signatory for the voluntary sector",
     "Signed for the voluntary sector of Glanmôr."),
    ("dafydd.price@example.org", "Dafydd Price", PANTRY, "Chair", "The pantry is proud to sign."),
]


@dataclass
class Agreement:
    slug: str
    content_hash: str


@pytest.fixture
def local_agreement(app, live_server, demo_world) -> Agreement:
    """A local agreement with three published versions, its third final and its consultation closed."""
    with app.test_request_context(base_url=live_server.url):
        rhodri = db.session.scalar(select(User).where(User.email == "rhodri.evans@example.org"))
        organisations = {o.name: o for o in db.session.scalars(select(Organisation))}
        document = documents.create_document(
            title=TITLE, summary="Who does what on food support in Penrhos.", kind="local_agreement",
            owner=organisations[COUNCIL], area_code="glanmor", creator=rhodri,
        )
        documents.set_parties(document, [organisations[CVC], organisations[PANTRY]], rhodri)
        now = utcnow()
        for number, text in enumerate(TEXTS, start=1):
            draft = document.draft
            db.session.refresh(draft)
            documents.replace_draft_from_markdown(draft, text, draft.lock_version, rhodri)
            db.session.refresh(draft)
            days_ago = 80 - 20 * number  # each window closed: v1 60 to 50 days ago, v2 40 to 30, v3 20 to 10
            version = documents.publish_version(
                document, change_note=f"Version {number}.", opens_at=now - timedelta(days=days_ago),
                closes_at=now - timedelta(days=days_ago - 10), expected_lock=draft.lock_version, publisher=rhodri,
            )
        mark_final(version, rhodri)
        agreement = Agreement(slug=document.slug, content_hash=version.content_hash)
        db.session.commit()
    return agreement


def sign_off_count(slug: str) -> int:
    db.session.expire_all()
    count = db.session.scalar(
        select(func.count(SignOff.id)).join(Document, Document.id == SignOff.document_id).where(Document.slug == slug)
    )
    db.session.rollback()  # hold no read transaction open while the server writes
    return count


def date_in_wales(slug: str) -> str:
    """The agreement date as the site shows it."""
    db.session.expire_all()
    agreed_at = db.session.scalar(select(Document.agreed_at).where(Document.slug == slug))
    db.session.rollback()
    assert agreed_at is not None, "the document is not agreed"
    if agreed_at.tzinfo is None:
        agreed_at = agreed_at.replace(tzinfo=ZoneInfo("UTC"))
    return format_date(agreed_at.astimezone(ZoneInfo("Europe/London")).date(), "d MMMM y", locale="en")


def party_row(page: Page, organisation: str):
    return page.locator(".govuk-table__row").filter(has=page.get_by_role("cell", name=organisation, exact=True))


def follow(page: Page, link: str) -> None:
    """Follow a link and check the page it leads to, once that page has loaded."""
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=True).click()
    assert_accessible(page)


def fill_sign_form(page: Page, organisation: str, role: str, statement: str, content_hash: str) -> None:
    page.get_by_role("group", name="Signing for").get_by_label(organisation, exact=True).check()
    page.get_by_label("Your role").fill(role)
    page.get_by_label("Statement").fill(statement)
    page.get_by_label("Content hash of the text you are signing").fill(content_hash)


def test_three_parties_sign_the_same_text_and_anyone_can_check_a_copy(local_agreement, open_page):
    slug = local_agreement.slug
    sign_off_page = f"/documents/{slug}/v/3/sign-off"

    # The officer of the owning body puts the final, closed version forward.
    rhodri = open_page()
    sign_in(rhodri, "rhodri.evans@example.org", DEMO_PASSWORD)
    visit(rhodri, sign_off_page)
    expect(rhodri.locator("#main-content")).to_contain_text("This version has not been put forward for sign-off.")
    submit(rhodri, "Put forward for sign-off")
    expect_success(rhodri, "Version 3 is open for the parties to sign.")

    pages = {"rhodri.evans@example.org": rhodri}
    for index, (email, name, organisation, role, statement) in enumerate(SIGNATORIES):
        page = pages.get(email) or open_page()
        if email not in pages:
            sign_in(page, email, DEMO_PASSWORD)
            visit(page, sign_off_page)
        expect(party_row(page, organisation)).to_contain_text("Not signed yet")
        shown_hash = page.locator("#content-hash").inner_text().strip()
        assert shown_hash == local_agreement.content_hash

        if index == 1:  # a hash that is not this text's is refused, and nothing is recorded
            wrong = ("0" if shown_hash[0] != "0" else "1") + shown_hash[1:]
            fill_sign_form(page, organisation, role, statement, wrong)
            submit(page, "Sign this version")
            summary = page.locator(".govuk-error-summary")
            expect(summary).to_be_visible()
            expect(summary).to_contain_text("The content hash you confirmed does not match this version.")
            expect(page).to_have_title(re.compile(r"^Error: "))
            expect(page.get_by_label("Your role")).to_have_value(role)
            expect(party_row(page, organisation)).to_contain_text("Not signed yet")
            assert sign_off_count(slug) == 1

        fill_sign_form(page, organisation, role, statement, shown_hash)
        submit(page, "Sign this version")
        expect_success(page, f"You have signed version 3 for {organisation}.")
        expect(party_row(page, organisation)).to_contain_text(f"Signed {name}, {role}, on")
        assert sign_off_count(slug) == index + 1
        if index < 2:
            expect(page.locator(".app-agreed")).to_have_count(0)

    # After the third signature the text is Agreed, with its date, wherever it shows.
    dafydd = page
    agreed_date = date_in_wales(slug)
    expect(dafydd.locator(".app-agreed")).to_contain_text("Agreed")
    expect(dafydd.locator(".app-agreed")).to_contain_text(f"Every party signed this text on {agreed_date}.")
    expect(dafydd.get_by_role("heading", name="Sign this version")).to_have_count(0)
    visit(dafydd, f"/documents/{slug}/")
    expect(dafydd.locator(".app-agreed")).to_contain_text(f"Agreed by every party on {agreed_date}, on version 3.")
    visit(dafydd, "/documents/")
    listed = dafydd.locator(".app-document-list__item").filter(has=dafydd.get_by_role("link", name=TITLE))
    expect(listed.locator(".govuk-tag")).to_have_text("Agreed")

    # Anyone downloads the text, and /verify tells an edited copy from the original.
    reader = open_page()
    visit(reader, sign_off_page)
    expect(reader.locator(".app-agreed")).to_contain_text(f"Every party signed this text on {agreed_date}.")
    with reader.expect_download() as download_info:  # Alt-click saves the link, as Chromium shows text inline
        reader.get_by_role("link", name="Download the canonical text").click(modifiers=["Alt"])
    downloaded = download_info.value.path()
    original = downloaded.read_text(encoding="utf-8")
    assert f"Document: {slug}\nVersion: 3\n" in original
    edited = original.replace("one register", "two registers")
    assert edited != original

    visit(reader, "/verify")
    reader.get_by_label("Paste the text").fill(edited)
    submit(reader, "Check")
    expect(reader.get_by_role("region", name="No match")).to_contain_text(
        "This text does not match any published version.")
    expect(reader.get_by_text("It matches")).to_have_count(0)

    reader.get_by_label("Paste the text").fill(original)
    submit(reader, "Check")
    expect(reader.get_by_role("heading", name="It matches")).to_be_visible()
    expect(reader.locator(".govuk-panel")).to_contain_text(f"{TITLE}, version 3")
    expect(reader.get_by_role("region", name="No match")).to_have_count(0)
    expect(reader.locator("#main-content")).to_contain_text(f"Agreed by every party on {agreed_date}.")
    expect(reader.locator("#main-content .govuk-list--bullet li")).to_have_count(3)
    for _email, name, organisation, role, _statement in SIGNATORIES:
        expect(reader.locator("#main-content")).to_contain_text(f"Signed for {organisation} by {name}, {role}, on")

    reader.get_by_label("Paste the text").fill("")
    reader.get_by_label("Or upload the downloaded text file").set_input_files(downloaded)
    submit(reader, "Check")
    expect(reader.locator(".govuk-panel")).to_contain_text(f"{TITLE}, version 3")

    # The printable certificate, reached from the match.
    follow(reader, "Its sign-off")
    follow(reader, "Agreement certificate (printable)")
    certificate = reader.locator("#main-content")
    expect(certificate).to_contain_text(f"Version 3 was agreed on {agreed_date} by every party")
    expect(certificate).to_contain_text(local_agreement.content_hash)
    for _email, name, organisation, role, _statement in SIGNATORIES:
        expect(party_row(reader, organisation)).to_contain_text(f"{name}, {role}")
