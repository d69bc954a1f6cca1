"""Who may moderate what: a County Voluntary Council's moderators act on their own area's documents,
any CVC moderator on Wales-wide ones, site admins on everything. Every moderation route, one by one:
the anonymous are sent to sign in, others are refused, the right moderator gets through."""

from __future__ import annotations

import pytest

from coproduce import permissions
from coproduce.accounts.models import Membership
from coproduce.extensions import db
from coproduce.moderation.views import ITEM_ACTIONS
from tests.comments.factories import create_comment, create_consultation
from tests.factories import create_organisation, create_user, reload
from tests.moderation.factories import (
    act,
    create_appeal,
    create_report,
    hide,
    log_entries,
    make_moderator,
    moderation_url,
    tom_s_thread,
)

ACTION_DATA = {"reason": "Checked by a moderator.", "category": "abusive", "new_text": "Ring the council.",
               "days": "3"}


@pytest.fixture
def comment(world):
    comment, _replies = tom_s_thread(world)
    create_report(comment, world.aisha, "personal_information", "A phone number.")
    return comment


def assert_sent_to_sign_in(response):
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


# --- the rules ----------------------------------------------------------------------


def test_a_glanmor_moderator_moderates_glanmor_documents_and_another_area_s_does_not(world):
    document = world.consultation.document
    assert permissions.can_moderate(world.sian, document)
    assert permissions.can_moderate(world.elin, document)
    assert not permissions.can_moderate(world.gareth, document)
    assert permissions.can_moderate(world.admin, document)
    assert not permissions.can_moderate(world.aisha, document)
    assert not permissions.can_moderate(world.rhodri, document)  # owning the document is not moderating it


def test_a_cvc_member_without_the_moderator_role_does_not_moderate(world):
    staff = create_user("Owen Staff")
    membership = Membership(user=staff, organisation=world.cvc, role="admin", status="approved")
    db.session.add(membership)
    db.session.commit()
    assert not permissions.is_moderator(staff)
    assert not permissions.can_moderate(staff, world.consultation.document)


def test_wales_wide_documents_are_moderated_by_any_cvc_moderator(world):
    government = create_organisation("Welsh Government, Communities Division", kind="public_body", area="wales")
    national = create_consultation(body=government, title="A Communities Strategy for Wales",
                                   officer_email="carys@example.org")
    for moderator in (world.sian, world.gareth, world.admin):
        assert permissions.can_moderate(moderator, national.document)
    assert not permissions.can_moderate(world.aisha, national.document)


def test_a_moderator_of_another_area_cannot_moderate_a_wales_wide_cvc_s_local_documents(world):
    """A national umbrella with the moderator role still moderates only Wales-wide documents."""
    national_cvc = create_organisation("Wales Council for Voluntary Action", kind="cvc", area="wales")
    ifan = make_moderator(create_user("Ifan Thomas"), national_cvc)
    assert not permissions.can_moderate(ifan, world.consultation.document)


def test_cvc_admins_name_and_remove_moderators_from_the_members_page(client, world):
    owen = create_user("Owen Price", "owen@example.org")
    membership = Membership(user=owen, organisation=world.cvc, role="member", status="approved")
    db.session.add(membership)
    db.session.commit()
    client.sign_in("sian@example.org")
    members = f"/organisations/{world.cvc.slug}/members"
    assert "Make Owen Price a moderator" in client.get(members).get_data(as_text=True)
    client.post(f"{members}/{membership.id}/name-moderator")
    assert reload(Membership, membership.id).is_moderator
    assert permissions.can_moderate(reload(type(owen), owen.id), world.consultation.document)
    client.post(f"{members}/{membership.id}/remove-moderator")
    assert not reload(Membership, membership.id).is_moderator


def test_only_cvc_admins_name_moderators(client, world):
    owen = create_user("Owen Price", "owen@example.org")
    membership = Membership(user=owen, organisation=world.cvc, role="member", status="approved")
    db.session.add(membership)
    db.session.commit()
    client.sign_in("elin@example.org")  # a moderator, but not an admin of the council
    assert client.post(f"/organisations/{world.cvc.slug}/members/{membership.id}/name-moderator").status_code == 403
    assert not reload(Membership, membership.id).is_moderator


def test_members_of_other_kinds_of_organisation_cannot_be_moderators(client, world):
    client.sign_in("dafydd@example.org")
    membership = world.aisha.memberships[0]
    client.post(f"/organisations/{world.pantry.slug}/members/{membership.id}/name-moderator")
    assert not reload(Membership, membership.id).is_moderator


# --- route by route ---------------------------------------------------------------------


def test_the_queue(client, world):
    assert_sent_to_sign_in(client.get("/moderation/"))
    client.sign_in("aisha@example.org")
    assert client.get("/moderation/").status_code == 403
    client.sign_out()
    for email in ("sian@example.org", "gareth@example.org", "admin@example.org"):
        client.sign_in(email)
        assert client.get("/moderation/").status_code == 200
        client.sign_out()


def test_the_item_page(client, world, comment):
    url = moderation_url(comment)
    assert_sent_to_sign_in(client.get(url))
    for email in ("aisha@example.org", "tom@example.org", "rhodri@example.org", "gareth@example.org"):
        client.sign_in(email)
        assert client.get(url).status_code == 403, email
        client.sign_out()
    for email in ("sian@example.org", "elin@example.org", "admin@example.org"):
        client.sign_in(email)
        assert client.get(url).status_code == 200, email
        client.sign_out()
    client.sign_in("sian@example.org")
    assert client.get("/moderation/comment/999999/").status_code == 404
    assert client.get(f"/moderation/nonsense/{comment.id}/").status_code == 404


@pytest.mark.parametrize("action", ITEM_ACTIONS)
def test_every_action_refuses_the_anonymous_non_moderators_and_another_area_s_moderator(client, world, comment,
                                                                                        action):
    url = moderation_url(comment, action)
    assert_sent_to_sign_in(client.post(url, data=ACTION_DATA))
    for email in ("aisha@example.org", "tom@example.org", "rhodri@example.org", "gareth@example.org"):
        client.sign_in(email)
        assert client.post(url, data=ACTION_DATA).status_code == 403, email
        client.sign_out()
    assert log_entries() == []
    assert reload(type(comment), comment.id).moderation == "visible"


@pytest.mark.parametrize("action", ITEM_ACTIONS)
def test_the_area_s_moderator_acts(client, world, comment, action):
    if action == "restore":
        hide(comment, world.elin)
    elif action == "unlock":
        act("set_lock", comment, world.elin, True, "Heated.")
    elif action == "approve":
        comment.moderation = "held"
        db.session.commit()
    client.sign_in("sian@example.org")
    response = client.post(moderation_url(comment, action), data=ACTION_DATA)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(moderation_url(comment))
    assert log_entries()[-1].action == action
    assert log_entries()[-1].moderator_id == world.sian.id


def test_an_unknown_action_is_not_found(client, world, comment):
    client.sign_in("sian@example.org")
    assert client.post(moderation_url(comment, "delete"), data=ACTION_DATA).status_code == 404


def test_the_decision_page(client, world, comment):
    entry = hide(comment, world.sian)
    url = f"/moderation/decisions/{entry.id}"
    assert_sent_to_sign_in(client.get(url))
    assert_sent_to_sign_in(client.post(url, data={"text": "Please look again."}))
    for email in ("aisha@example.org", "megan@example.org", "gareth@example.org"):
        client.sign_in(email)
        assert client.get(url).status_code == 403, email
        assert client.post(url, data={"text": "Please look again."}).status_code == 403, email
        client.sign_out()
    for email in ("tom@example.org", "sian@example.org", "elin@example.org", "admin@example.org"):
        client.sign_in(email)
        assert client.get(url).status_code == 200, email
        client.sign_out()
    client.sign_in("elin@example.org")  # moderators read the decision but only its author appeals
    assert client.post(url, data={"text": "Please look again."}).status_code == 403
    assert client.get("/moderation/decisions/999999").status_code == 404


def test_the_appeal_page(client, world, comment):
    entry = hide(comment, world.sian)
    appeal = create_appeal(entry, world.tom)
    url = f"/moderation/appeals/{appeal.id}"
    decision = {"outcome": "overturned", "response": "Looked at again."}
    assert_sent_to_sign_in(client.get(url))
    assert_sent_to_sign_in(client.post(url, data=decision))
    for email in ("tom@example.org", "aisha@example.org", "gareth@example.org"):
        client.sign_in(email)
        assert client.get(url).status_code == 403, email
        assert client.post(url, data=decision).status_code == 403, email
        client.sign_out()
    client.sign_in("sian@example.org")  # she hid it: she reads the appeal but may not decide it
    assert client.get(url).status_code == 200
    assert client.post(url, data=decision).status_code == 403
    client.sign_out()
    client.sign_in("elin@example.org")
    assert client.get(url).status_code == 200
    assert client.post(url, data=decision).status_code == 302
    assert client.get("/moderation/appeals/999999").status_code == 404


def test_the_log(client, world, comment):
    hide(comment, world.sian)
    assert_sent_to_sign_in(client.get("/moderation/log"))
    client.sign_in("aisha@example.org")
    assert client.get("/moderation/log").status_code == 403
    client.sign_out()
    client.sign_in("gareth@example.org")  # a moderator, but Glanmôr's log is not his to read
    response = client.get("/moderation/log")
    assert response.status_code == 200
    assert "It shared a phone number." not in response.get_data(as_text=True)
    client.sign_out()
    client.sign_in("sian@example.org")
    assert "It shared a phone number." in client.get("/moderation/log").get_data(as_text=True)


def test_the_report_form(client, world, comment):
    url = f"/report/comment/{comment.id}"
    assert_sent_to_sign_in(client.get(url))
    assert_sent_to_sign_in(client.post(url, data={"category": "spam"}))
    client.sign_in("tom@example.org")  # his own words
    assert client.get(url).status_code == 403
    assert client.post(url, data={"category": "spam"}).status_code == 403
    client.sign_out()
    create_user("Nia Unconfirmed", "nia@example.org", confirmed=False)
    client.sign_in("nia@example.org")
    assert client.get(url).status_code == 403
    client.sign_out()
    client.sign_in("megan@example.org")
    assert client.get(url).status_code == 200
    assert client.get("/report/comment/999999").status_code == 404
    assert client.get(f"/report/nonsense/{comment.id}").status_code == 404


def test_entering_on_behalf(client, world):
    url = f"/documents/{world.slug}/v/1/on-behalf"
    assert_sent_to_sign_in(client.get(url))
    for email in ("aisha@example.org", "rhodri@example.org", "gareth@example.org"):
        client.sign_in(email)
        assert client.get(url).status_code == 403, email
        assert client.post(url, data={"body": "x"}).status_code == 403, email
        client.sign_out()
    staff = create_user("Owen Staff", "owen@example.org")  # CVC staff need not be moderators
    db.session.add(Membership(user=staff, organisation=world.cvc, role="member", status="approved"))
    db.session.commit()
    client.sign_in("owen@example.org")
    assert client.get(url).status_code == 200


def test_moderate_and_report_links_show_only_to_those_allowed(client, world, comment):
    from tests.documents.helpers import soup_of

    url = f"/documents/{world.slug}/comments/{comment.id}/"

    def links(email=None):
        if email:
            client.sign_in(email)
        soup = soup_of(client.get(url))
        if email:
            client.sign_out()
        return ({a["href"] for a in soup.select("a[href^='/moderation/comment/']")},
                {a["href"] for a in soup.select("a[href^='/report/']")})

    moderate, report = links()
    assert moderate == set() and report == set()
    moderate, report = links("gareth@example.org")
    assert moderate == set()
    assert f"/report/comment/{comment.id}" in report
    moderate, report = links("sian@example.org")
    assert moderation_url(comment) in moderate
    moderate, report = links("tom@example.org")
    assert f"/report/comment/{comment.id}" not in report  # not his own


def test_an_own_comment_cannot_be_reported_even_by_a_moderator(world):
    mine = create_comment(world.version, world.sian, "The Voluntary Council will host the meetings.")
    assert not permissions.can_report(world.sian, mine)


def test_another_area_s_moderator_acts_on_a_wales_wide_document(client, world):
    government = create_organisation("Welsh Government, Communities Division", kind="public_body", area="wales")
    national = create_consultation(body=government, title="A Communities Strategy for Wales",
                                   officer_email="carys@example.org")
    comment = create_comment(national.version, world.megan, "Spam spam spam.")
    client.sign_in("gareth@example.org")
    assert client.get(moderation_url(comment)).status_code == 200
    response = client.post(moderation_url(comment, "hide"), data=ACTION_DATA)
    assert response.status_code == 302
    assert [(e.action, e.moderator_id) for e in log_entries()] == [("hide", world.gareth.id)]
    client.sign_out()
    client.sign_in("aisha@example.org")
    assert client.get(moderation_url(comment)).status_code == 403
