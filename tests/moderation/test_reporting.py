"""Any signed-in person reports a comment or an amendment, with a category and a note, once; the
moderators' queue lists what is reported and held, oldest first, with its context; verifying groups
is reached from the same workspace."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from coproduce.accounts.models import Organisation
from coproduce.columns import utcnow
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.moderation import services
from coproduce.moderation.models import CATEGORIES, Report
from tests.amendments.factories import create_amendment
from tests.comments.factories import create_comment
from tests.conftest import text_of
from tests.documents.helpers import error_summary, soup_of
from tests.factories import reload
from tests.moderation.factories import (
    BOARDS,
    act,
    create_report,
    hide,
    moderation_url,
    tom_s_thread,
)


@pytest.fixture
def comment(world):
    return tom_s_thread(world)[0]


def reports() -> list[Report]:
    db.session.expire_all()
    return db.session.scalars(select(Report).order_by(Report.id)).all()


def test_the_report_form_offers_the_five_categories_and_a_note(client, world, comment):
    client.sign_in("aisha@example.org")
    soup = soup_of(client.get(f"/report/comment/{comment.id}"))
    assert [i["value"] for i in soup.select("input[name=category]")] == list(CATEGORIES)
    assert [label.get_text(strip=True) for label in soup.select("label[for^=category]")] == [
        "Abusive", "Personal information", "Off-topic", "Spam", "Other"]
    assert soup.find("textarea", attrs={"name": "note"}) is not None


def test_reporting_a_comment_records_category_and_note_and_returns_to_the_thread(client, world, comment):
    client.sign_in("aisha@example.org")
    response = client.post(f"/report/comment/{comment.id}",
                           data={"category": "personal_information", "note": "  A private phone number.  "})
    assert response.status_code == 302
    assert f"/comments/{comment.id}/" in response.headers["Location"]
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    [report] = reports()
    assert (report.item_type, report.item_id, report.reporter_id) == ("comment", comment.id, world.aisha.id)
    assert (report.category, report.note) == ("personal_information", "A private phone number.")
    assert report.document_id == world.consultation.document.id
    assert report.resolved_at is None
    assert "Thank you. A moderator will look at it." in text_of(client.get(response.headers["Location"]))
    assert reload(type(comment), comment.id).moderation == "visible"  # nothing is removed until a moderator acts


def test_a_report_needs_a_category(client, world, comment):
    client.sign_in("aisha@example.org")
    response = client.post(f"/report/comment/{comment.id}", data={"note": "Rude."})
    assert response.status_code == 200
    assert "Choose why you are reporting this" in error_summary(response)
    response = client.post(f"/report/comment/{comment.id}", data={"category": "boring"})
    assert response.status_code == 200
    assert reports() == []


def test_a_note_longer_than_2000_characters_is_refused(client, world, comment):
    client.sign_in("aisha@example.org")
    response = client.post(f"/report/comment/{comment.id}", data={"category": "other", "note": "x" * 2001})
    assert response.status_code == 200
    assert error_summary(response) == ["Your note must be 2,000 characters or fewer"]
    assert reports() == []


def test_one_report_per_person_per_item(client, world, comment):
    client.sign_in("aisha@example.org")
    client.post(f"/report/comment/{comment.id}", data={"category": "abusive"})
    response = client.post(f"/report/comment/{comment.id}", data={"category": "spam"})
    assert response.status_code == 200
    assert error_summary(response) == ["You have already reported this. A moderator will look at it."]
    assert [r.category for r in reports()] == ["abusive"]
    client.sign_out()
    client.sign_in("megan@example.org")  # someone else may report it too
    assert client.post(f"/report/comment/{comment.id}", data={"category": "spam"}).status_code == 302
    assert len(reports()) == 2


def test_the_service_refuses_own_words_unknown_categories_and_a_second_report(world, comment):
    with pytest.raises(ServiceError):
        services.report_item(comment, world.tom, "abusive", "")
    with pytest.raises(ServiceError):
        services.report_item(comment, world.aisha, "boring", "")
    create_report(comment, world.aisha)
    with pytest.raises(ServiceError):
        services.report_item(comment, world.aisha, "spam", "")


def test_an_amendment_is_reported_from_its_page(client, world):
    amendment = create_amendment(world.version, world.aisha, world.pantry, world.boards,
                                 "Two seats on each Board.", "Call Dafydd on 07700 900123 about this.")
    url = f"/documents/{world.slug}/amendments/{amendment.id}/"
    client.sign_in("megan@example.org")
    assert soup_of(client.get(url)).find("a", href=f"/report/amendment/{amendment.id}") is not None
    response = client.post(f"/report/amendment/{amendment.id}", data={"category": "personal_information"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(url)
    [report] = reports()
    assert (report.item_type, report.item_id) == ("amendment", amendment.id)
    client.sign_out()
    client.sign_in("aisha@example.org")  # the proposer does not report her own amendment
    assert soup_of(client.get(url)).find("a", href=f"/report/amendment/{amendment.id}") is None
    assert client.post(f"/report/amendment/{amendment.id}", data={"category": "spam"}).status_code == 403


def test_the_report_link_reaches_a_form_with_a_way_back(client, world, comment):
    client.sign_in("aisha@example.org")
    thread = f"/documents/{world.slug}/comments/{comment.id}/"
    link = soup_of(client.get(thread)).find("a", href=f"/report/comment/{comment.id}")
    assert "Report" in link.get_text()
    form = soup_of(client.get(link["href"]))
    assert thread in form.select_one(".govuk-back-link")["href"]


# --- the queue ---------------------------------------------------------------------------


def queue_rows(client):
    soup = soup_of(client.get("/moderation/"))
    reported = [row.select("td") for row in soup.select("table tbody tr")]
    return soup, [[cell.get_text(" ", strip=True) for cell in row] for row in reported]


def test_the_queue_lists_reported_items_oldest_first_with_their_reports(client, world, comment):
    later = create_comment(world.version, world.megan, "Boards should publish their minutes.",
                           clause_key=world.boards, organisation=world.trust)
    create_report(later, world.aisha, "spam")  # reported first, so listed first
    create_report(comment, world.aisha, "personal_information", "A phone number.")
    create_report(comment, world.dafydd, "abusive")
    for report in reports():  # spread the reports over days so that order is unmistakable
        report.created_at = utcnow() - timedelta(days=10 - report.id)
    db.session.commit()
    client.sign_in("sian@example.org")
    soup, rows = queue_rows(client)
    assert [row[0] for row in rows] == ["Comment by Megan Hughes", "Comment by Tom Baker"]
    assert rows[1][2] == "Personal information, Abusive"
    assert all(row[1].startswith("Glanmôr Community Partnership Agreement") for row in rows)
    assert soup.find("a", href=moderation_url(comment)) is not None


def test_the_queue_shows_each_item_s_clause(client, world, comment):
    create_report(comment, world.aisha)
    amendment = create_amendment(world.version, world.aisha, world.pantry, world.boards)
    create_report(amendment, world.megan, "spam")
    world.consultation.document.premoderated = True
    db.session.commit()
    create_comment(world.version, world.tom, "Held.", organisation=world.afon, parent=comment, stance=None)
    client.sign_in("sian@example.org")
    page = text_of(client.get("/moderation/"))
    assert page.count(f"On clause 2 {BOARDS}") == 3
    assert f"On clause 2 {BOARDS}, a reply" in page


def test_the_queue_lists_held_comments_oldest_first(client, world):
    world.consultation.document.premoderated = True
    db.session.commit()
    first = create_comment(world.version, world.tom, "First held.", organisation=world.afon)
    second = create_comment(world.version, world.tom, "Second held.", organisation=world.afon)
    client.sign_in("sian@example.org")
    soup = soup_of(client.get("/moderation/"))
    held = [a["href"] for a in soup.select("a[href^='/moderation/comment/']")]
    assert held == [moderation_url(first), moderation_url(second)]
    assert "Awaiting moderation (2)" in text_of(client.get("/moderation/"))


def test_resolved_reports_and_other_areas_items_leave_the_queue(client, world, comment):
    create_report(comment, world.aisha)
    client.sign_in("gareth@example.org")
    assert queue_rows(client)[1] == []  # Glanmôr's reports are not Cardiff's to see
    client.sign_out()
    client.sign_in("sian@example.org")
    assert len(queue_rows(client)[1]) == 1
    act("dismiss_reports", comment, world.sian, "Not personal: it is the council's public number.")
    assert queue_rows(client)[1] == []
    assert "Nothing is reported." in text_of(client.get("/moderation/"))


def test_the_item_page_gives_the_context_the_clause_and_the_thread(client, world, comment):
    reply = create_comment(world.version, world.aisha, "That is not a helpful way to put it.", parent=comment,
                           stance=None, organisation=world.pantry)
    create_report(reply, world.tom, "abusive", "She is rude to me.")
    client.sign_in("sian@example.org")
    response = client.get(moderation_url(reply))
    page = text_of(response)
    assert f"On clause 2 {BOARDS}" in page
    assert "In reply to Tom Baker:" in page
    assert "Ring the director at home" in page  # the parent's words, for context
    assert "That is not a helpful way to put it." in page
    assert "Abusive – Tom Baker: “She is rude to me.”" in page
    link = soup_of(response).find("a", string="See it in its place")["href"]
    assert link == f"/documents/{world.slug}/comments/{comment.id}/#comment-{reply.id}"


def test_the_queue_lists_appeals_for_the_area(client, world, comment):
    from tests.moderation.factories import create_appeal

    appeal = create_appeal(hide(comment, world.sian), world.tom)
    client.sign_in("elin@example.org")
    soup = soup_of(client.get("/moderation/"))
    assert soup.find("a", href=f"/moderation/appeals/{appeal.id}") is not None
    assert "Appeal by Tom Baker against: Hidden" in text_of(client.get("/moderation/"))
    client.sign_out()
    client.sign_in("gareth@example.org")
    assert soup_of(client.get("/moderation/")).find("a", href=f"/moderation/appeals/{appeal.id}") is None


# --- verifying groups, in the same workspace ----------------------------------------------


def test_verifying_groups_is_reached_from_the_moderation_workspace(client, world):
    client.sign_in("sian@example.org")  # admin of the Voluntary Council
    link = soup_of(client.get("/moderation/")).find("a", string="Community groups to verify")
    assert link is not None
    verifications = client.get(link["href"])
    assert verifications.status_code == 200
    assert "Afon Mutual Aid" in text_of(verifications)
    response = client.post(f"/organisations/{world.afon.slug}/verify")
    assert response.status_code == 302
    assert reload(Organisation, world.afon.id).verified_at is not None


def test_moderators_who_cannot_verify_do_not_see_the_link(client, world):
    client.sign_in("elin@example.org")  # a moderator, not an admin of the council
    assert soup_of(client.get("/moderation/")).find("a", string="Community groups to verify") is None


def test_the_moderation_link_is_in_the_navigation_for_moderators_only(client, world):
    client.sign_in("aisha@example.org")
    assert soup_of(client.get("/")).find("a", href="/moderation/") is None
    client.sign_out()
    client.sign_in("elin@example.org")
    assert soup_of(client.get("/")).find("a", href="/moderation/") is not None
