"""County Voluntary Council staff enter input received on paper, by email or by phone on behalf of a
group; it is recorded with its channel and who entered it, and shown as such."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from coproduce.columns import utcnow
from coproduce.comments.models import Comment
from coproduce.extensions import db
from tests.comments.factories import create_consultation
from tests.conftest import text_of
from tests.documents.helpers import error_summary, soup_of
from tests.factories import create_organisation
from tests.moderation.factories import BOARDS, create_world

PAPER = "Written on a form at the Afon drop-in: we would like a Board member to visit us once a year."


@pytest.fixture
def world():
    world = create_world()
    world.consultation.document.premoderated = True  # paper responses are not held: CVC staff vouch for them
    db.session.commit()
    return world


def url(world, number: int = 1) -> str:
    return f"/documents/{world.slug}/v/{number}/on-behalf"


def entry(world, **changes) -> dict:
    return {"organisation_id": str(world.afon.id), "sent_by_name": "Tom Baker", "channel": "paper",
            "clause_key": world.boards, "stance": "support", "body": PAPER} | changes


def entered() -> list[Comment]:
    db.session.expire_all()
    return db.session.scalars(select(Comment).where(Comment.channel.is_not(None))).all()


def test_cvc_staff_reach_the_form_from_the_version_page(client, world):
    client.sign_in("sian@example.org")
    link = soup_of(client.get(f"/documents/{world.slug}/v/1/")).find("a", href=url(world))
    assert link.get_text(strip=True) == "Enter a response received on paper, by email or by phone"
    client.sign_out()
    client.sign_in("aisha@example.org")
    assert soup_of(client.get(f"/documents/{world.slug}/v/1/")).find("a", href=url(world)) is None


def test_the_form_offers_the_area_s_groups_the_channels_and_the_clauses(client, world):
    create_organisation("Cardiff Food Bank", area="cardiff")
    client.sign_in("sian@example.org")
    soup = soup_of(client.get(url(world)))
    groups = [o.get_text(strip=True) for o in soup.select("select[name=organisation_id] option")]
    assert groups == ["Choose a group", "Afon Mutual Aid", "Penrhos Community Pantry",
                      "Tŷ Cymunedol Development Trust"]
    assert [i["value"] for i in soup.select("input[name=channel]")] == ["paper", "email", "phone"]
    clauses = [o.get_text(strip=True) for o in soup.select("select[name=clause_key] option")]
    assert clauses == ["The version as a whole", "1 Purpose", f"2 {BOARDS}"]


def test_a_paper_response_is_recorded_with_its_channel_and_shown_as_such(client, world):
    client.sign_in("sian@example.org")
    response = client.post(url(world), data=entry(world))
    assert response.status_code == 302
    [comment] = entered()
    assert (comment.channel, comment.sent_by_name, comment.author_id, comment.organisation_id) == (
        "paper", "Tom Baker", world.sian.id, world.afon.id)
    assert (comment.clause_key, comment.stance, comment.moderation) == (world.boards, "support", "visible")
    page = text_of(client.get(response.headers["Location"]))
    assert "The response is entered, marked as received on paper." in page
    client.sign_out()
    public = text_of(client.get(f"/documents/{world.slug}/v/1/clauses/{world.boards}/"))
    assert PAPER in public
    assert "for Afon Mutual Aid (not verified) · received on paper from Tom Baker, entered by Siân Jones" in public


@pytest.mark.parametrize("channel, words", [("email", "by email"), ("phone", "by phone")])
def test_email_and_phone_responses_name_the_group_when_no_sender_is_given(client, world, channel, words):
    client.sign_in("sian@example.org")
    client.post(url(world), data=entry(world, channel=channel, sent_by_name="", clause_key=""))
    [comment] = entered()
    assert comment.clause_key is None
    public = text_of(client.get(f"/documents/{world.slug}/v/1/comments/"))
    assert f"received {words} from Afon Mutual Aid, entered by Siân Jones" in public


def test_the_form_needs_a_group_a_channel_a_kind_and_the_words(client, world):
    client.sign_in("sian@example.org")
    response = client.post(url(world), data={})
    assert response.status_code == 200
    assert error_summary(response) == ["Choose the group that sent it", "Choose how it reached you",
                                       "Choose what kind of comment this is", "Enter the response"]
    assert entered() == []


def test_a_group_from_another_area_cannot_be_chosen(client, world):
    cardiff = create_organisation("Cardiff Food Bank", area="cardiff")
    client.sign_in("sian@example.org")
    response = client.post(url(world), data=entry(world, organisation_id=str(cardiff.id)))
    assert response.status_code == 200
    assert entered() == []


def test_nothing_is_entered_once_the_consultation_has_closed(client, world):
    closed = create_consultation(title="Glanmôr Volunteering Plan", body=world.consultation.body,
                                 officer_email="rhodri2@example.org", opens=utcnow() - timedelta(days=30),
                                 closes=utcnow() - timedelta(days=1))
    client.sign_in("sian@example.org")
    assert soup_of(client.get(f"/documents/{closed.slug}/v/1/")).find(
        "a", href=f"/documents/{closed.slug}/v/1/on-behalf") is None
    response = client.post(f"/documents/{closed.slug}/v/1/on-behalf",
                           data=entry(world, clause_key=""))
    assert response.status_code == 200
    assert error_summary(response) == ["This version is not open for comment."]
    assert entered() == []


def test_a_wales_wide_document_takes_responses_from_cvc_staff_of_any_area(client, world):
    government = create_organisation("Welsh Government, Communities Division", kind="public_body", area="wales")
    national = create_consultation(body=government, title="A Communities Strategy for Wales",
                                   officer_email="carys@example.org")
    client.sign_in("gareth@example.org")  # Cardiff's council, for a Glanmôr group's letter
    response = client.post(f"/documents/{national.slug}/v/1/on-behalf", data=entry(world, clause_key=""))
    assert response.status_code == 302
    [comment] = entered()
    assert comment.moderation == "visible"
