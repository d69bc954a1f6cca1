"""Pre-moderation, a per-document setting on by default for Wales-wide documents: comments by people
in their first week, or speaking for unverified groups, are held until a moderator approves them. The
author sees "Awaiting moderation"; nobody else sees them anywhere; approval publishes them and only
then tells those replied to."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from coproduce.comments.models import Comment
from coproduce.extensions import db
from coproduce.moderation.queries import needs_premoderation
from coproduce.notifications.models import Notification
from tests.comments.factories import create_comment, create_consultation
from tests.conftest import text_of
from tests.documents.helpers import post_and_follow, soup_of
from tests.factories import create_organisation, create_user, reload
from tests.moderation.factories import (
    BOARDS,
    DISCUSSION,
    act,
    create_world,
    log_entries,
    moderation_url,
    settled,
)

HELD = "Boards could meet in the evening, so volunteers with day jobs can come."


@pytest.fixture
def world():
    world = create_world()
    for person in (world.aisha, world.megan, world.dafydd, world.tom, world.sian):
        settled(person)
    world.consultation.document.premoderated = True
    db.session.commit()
    return world


def reply_notifications(user) -> list[Notification]:
    db.session.expire_all()
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                         Notification.kind == "reply")).all()


def boards_count(client, world) -> str:
    """What the version page says of the comments on the Boards clause."""
    soup = soup_of(client.get(f"/documents/{world.slug}/v/1/"))
    link = soup.select(".app-clause__discuss a")[1]
    link.select_one(".govuk-visually-hidden").decompose()
    return link.get_text(" ", strip=True)


def form_values(response) -> dict:
    """What the page's main form would send as it stands."""
    soup = soup_of(response)
    form = soup.select_one("main form")
    data = {}
    for control in form.select("input, textarea, select"):
        name = control.get("name")
        if not name or control.get("type") == "submit":
            continue
        if control.name == "textarea":
            data[name] = control.get_text().removeprefix("\n")
        elif control.name == "select":
            chosen = control.find("option", selected=True) or control.find("option")
            data[name] = chosen.get("value", "")
        elif control.get("type") in ("radio", "checkbox"):
            if control.has_attr("checked"):
                data[name] = control.get("value", "y")
        else:
            data[name] = control.get("value", "")
    return data


# --- the setting --------------------------------------------------------------------------


def test_pre_moderation_is_on_by_default_for_wales_wide_documents_only():
    government = create_organisation("Welsh Government, Communities Division", kind="public_body", area="wales")
    national = create_consultation(body=government, title="A Communities Strategy for Wales",
                                   officer_email="carys@example.org")
    local = create_consultation(title="Glanmôr Community Partnership Agreement")
    assert national.document.premoderated
    assert not local.document.premoderated


def test_the_officer_turns_pre_moderation_on_and_off_on_the_edit_page(client):
    local = create_consultation(DISCUSSION, title="Glanmôr Community Partnership Agreement")
    client.sign_in("rhodri@example.org")
    url = f"/documents/{local.slug}/edit"
    page = client.get(url)
    assert "Pre-moderation is on by default for Wales-wide documents." in text_of(page)
    box = soup_of(page).find("input", attrs={"name": "premoderated"})
    assert box is not None and not box.has_attr("checked")
    data = form_values(page) | {"premoderated": "y"}
    assert client.post(url, data=data).status_code == 302
    assert reload(type(local.document), local.document.id).premoderated
    page = client.get(url)
    assert soup_of(page).find("input", attrs={"name": "premoderated"}).has_attr("checked")
    data = form_values(page)
    data.pop("premoderated")
    assert client.post(url, data=data).status_code == 302
    assert not reload(type(local.document), local.document.id).premoderated


# --- who is held ------------------------------------------------------------------------------


def test_first_week_accounts_and_unverified_groups_are_held_others_are_not(world):
    document = world.consultation.document
    newcomer = create_user("Nia Newydd")
    assert needs_premoderation(document, newcomer, None)
    assert needs_premoderation(document, world.tom, world.afon)  # settled, but Afon is unverified
    assert not needs_premoderation(document, world.tom, None)  # speaking for himself
    assert not needs_premoderation(document, world.aisha, world.pantry)
    document.premoderated = False
    assert not needs_premoderation(document, newcomer, None)
    assert not needs_premoderation(document, world.tom, world.afon)


def test_a_week_old_account_is_no_longer_held(world):
    newcomer = settled(create_user("Nia Newydd"), days=8)
    assert not needs_premoderation(world.consultation.document, newcomer, None)


def test_official_responses_are_never_held(world):
    settled(world.rhodri, days=0)  # a new officer
    comment = create_comment(world.version, world.aisha, "Evening meetings, please.", clause_key=world.boards)
    official = create_comment(world.version, world.rhodri, "We will try.", parent=comment, official=True,
                              stance=None)
    assert official.moderation == "visible"


# --- the author sees it; nobody else does ---------------------------------------------------------


def post_held(client, world):
    client.sign_in("tom@example.org")
    response = post_and_follow(client, f"/documents/{world.slug}/v/1/clauses/{world.boards}/",
                               {"body": HELD, "stance": "suggestion", "speak_for": str(world.afon.id)})
    held = db.session.scalars(select(Comment).where(Comment.body == HELD)).one()
    return response, held


def test_the_author_sees_awaiting_moderation(client, world):
    response, held = post_held(client, world)
    assert held.moderation == "held"
    page = text_of(response)
    assert "Your comment is awaiting moderation. It will appear once a moderator approves it." in page
    assert "Awaiting moderation Only you and the moderators can see this until it is approved." in page
    clause = text_of(client.get(f"/documents/{world.slug}/v/1/clauses/{world.boards}/"))
    assert HELD in clause and "Awaiting moderation" in clause


def test_nobody_else_sees_a_held_comment_anywhere(client, world):
    _response, held = post_held(client, world)
    client.sign_out()
    slug = world.slug
    pages = [f"/documents/{slug}/", f"/documents/{slug}/v/1/", f"/documents/{slug}/v/1/clauses/{world.boards}/",
             f"/documents/{slug}/v/1/comments/", f"/documents/{slug}/v/1/responses/",
             f"/documents/{slug}/v/1/responses.csv", f"/documents/{slug}/v/1/responses.json",
             f"/documents/{slug}/activity/"]
    for reader in (None, "megan@example.org", "gareth@example.org"):
        if reader:
            client.sign_in(reader)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert HELD not in response.get_data(as_text=True), (reader, url)
        assert client.get(f"/documents/{slug}/comments/{held.id}/").status_code == 404
        if reader:
            client.sign_out()
    assert boards_count(client, world) == "No comments"  # the held comment is not counted
    report = json.loads(client.get(f"/documents/{slug}/v/1/responses.json").get_data(as_text=True))
    assert report["input"] == [] and report["totals"]["threads"] == 0


def test_a_held_reply_is_seen_by_its_author_only_and_not_counted(client, world):
    root = create_comment(world.version, world.megan, "Boards should meet in public.", clause_key=world.boards,
                          organisation=world.trust)
    held = create_comment(world.version, world.tom, HELD, parent=root, stance=None, organisation=world.afon)
    assert held.moderation == "held"
    assert reload(Comment, root.id).reply_count == 0
    assert reply_notifications(world.megan) == []  # Megan hears of it once it is approved
    url = f"/documents/{world.slug}/comments/{root.id}/"
    assert HELD not in client.get(url).get_data(as_text=True)
    client.sign_in("megan@example.org")
    assert HELD not in client.get(url).get_data(as_text=True)
    client.sign_out()
    client.sign_in("tom@example.org")
    assert HELD in text_of(client.get(url))
    client.sign_out()
    client.sign_in("sian@example.org")  # moderators see what waits for them
    assert HELD in text_of(client.get(url))


def test_moderators_see_held_comments_in_the_list(client, world):
    _response, held = post_held(client, world)
    client.sign_out()
    client.sign_in("elin@example.org")
    assert HELD in text_of(client.get(f"/documents/{world.slug}/v/1/clauses/{world.boards}/"))
    assert client.get(f"/documents/{world.slug}/comments/{held.id}/").status_code == 200


def test_held_comments_cannot_be_reported(client, world):
    _response, held = post_held(client, world)
    client.sign_out()
    client.sign_in("sian@example.org")
    assert soup_of(client.get(f"/documents/{world.slug}/comments/{held.id}/")).find(
        "a", href=f"/report/comment/{held.id}") is None


# --- approval ------------------------------------------------------------------------------------


def test_approving_publishes_the_comment_and_tells_those_replied_to_then(client, world):
    root = create_comment(world.version, world.megan, "Boards should meet in public.", clause_key=world.boards,
                          organisation=world.trust)
    held = create_comment(world.version, world.tom, HELD, parent=root, stance=None, organisation=world.afon)
    assert boards_count(client, world) == "1 comment"
    client.sign_in("sian@example.org")
    soup = soup_of(client.get(moderation_url(held)))
    assert soup.find("form", action=moderation_url(held, "approve")) is not None
    assert "Awaiting moderation" in text_of(client.get(moderation_url(held)))
    post_and_follow(client, moderation_url(held, "approve"), {"reason": "Constructive."})
    client.sign_out()
    assert reload(Comment, held.id).moderation == "visible"
    assert reload(Comment, root.id).reply_count == 1
    [notification] = reply_notifications(world.megan)
    assert notification.comment_id == held.id
    public = text_of(client.get(f"/documents/{world.slug}/comments/{root.id}/"))
    assert HELD in public and "Awaiting moderation" not in public
    [entry] = log_entries()
    assert (entry.action, entry.reason, entry.moderator_id) == ("approve", "Constructive.", world.sian.id)
    assert boards_count(client, world) == "2 comments"  # Megan's and, now, Tom's reply


def test_approving_a_visible_comment_is_refused(client, world):
    visible = create_comment(world.version, world.megan, "Boards should meet in public.", clause_key=world.boards,
                             organisation=world.trust)
    client.sign_in("sian@example.org")
    response = post_and_follow(client, moderation_url(visible, "approve"), {"reason": "Fine."})
    assert "Only comments awaiting moderation can be approved." in text_of(response)
    assert log_entries() == []


def test_a_held_comment_can_be_hidden_instead(client, world):
    _response, held = post_held(client, world)
    act("hide", held, world.sian, "off_topic", "Not about this clause.")
    client.sign_out()
    assert reload(Comment, held.id).moderation == "hidden"
    client.sign_in("sian@example.org")
    assert "No comments are waiting." in text_of(client.get("/moderation/"))


def test_amendments_are_not_approved(client, world):
    from tests.amendments.factories import create_amendment

    amendment = create_amendment(world.version, world.aisha, world.pantry, world.boards)
    client.sign_in("sian@example.org")
    assert client.post(moderation_url(amendment, "approve", "amendment"), data={"reason": "x"}).status_code == 404


def test_the_queue_lists_held_comments_with_their_clause(client, world):
    _response, held = post_held(client, world)
    client.sign_out()
    client.sign_in("sian@example.org")
    page = text_of(client.get("/moderation/"))
    assert f"Comment by Tom Baker on Glanmôr Community Partnership Agreement – On clause 2 {BOARDS}" in page
