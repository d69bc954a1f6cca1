"""Organisations as people meet them: registering a group, verifying it,
site admins creating public bodies and CVCs, joining, managing members, and
the public organisation pages."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from coproduce.accounts.models import Membership, Organisation
from coproduce.extensions import db
from tests.conftest import text_of
from tests.factories import add_member, create_organisation, create_user, outbox_to, reload

pytestmark = pytest.mark.usefixtures("quick_password_hashing")


def organisation_named(name):
    db.session.expire_all()
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def membership_of(user, organisation):
    db.session.expire_all()
    return db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.organisation_id == organisation.id)
    )


def post_and_follow(client, url, data=None):
    """POST, then fetch the page it redirects to, as a browser would."""
    response = client.post(url, data=data or {})
    assert response.status_code == 302, f"{url} answered {response.status_code}, not a redirect"
    return client.get(response.headers["Location"])


def member_action(client, organisation, membership, action):
    return post_and_follow(client, f"/organisations/{organisation.slug}/members/{membership.id}/{action}")


def button_texts(response):
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [button.get_text(strip=True) for button in soup.find_all("button")]


# --- registering a community group ----------------------------------------


def test_a_confirmed_person_registers_a_group_and_becomes_its_admin(client):
    tom = create_user("Tom Baker", "tom@example.org")
    client.sign_in("tom@example.org")

    form_page = client.get("/organisations/new")
    assert form_page.status_code == 200
    assert "Register a community group" in text_of(form_page)

    response = post_and_follow(client, "/organisations/new", {
        "name": "Afon Mutual Aid", "area_code": "cardiff", "description": "Shopping and lifts for neighbours.",
    })

    page = text_of(response)
    assert response.status_code == 200
    assert "Afon Mutual Aid is registered" in page
    assert "Community group" in page
    assert "Cardiff" in page
    assert "Not verified" in page
    assert "Shopping and lifts for neighbours." in page
    assert "Manage members and requests" in page

    group = organisation_named("Afon Mutual Aid")
    assert group.kind == "community" and group.verified_at is None
    membership = membership_of(tom, group)
    assert membership.role == "admin" and membership.status == "approved"
    assert client.get(f"/organisations/{group.slug}/members").status_code == 200


def test_a_duplicate_name_in_the_same_area_is_refused_keeping_what_was_typed(client):
    create_organisation("Penrhos Community Pantry", area="cardiff")
    create_user(email="dafydd@example.org")
    client.sign_in("dafydd@example.org")

    response = client.post(
        "/organisations/new",
        data={"name": "penrhos community pantry", "area_code": "cardiff", "description": "Food for all"},
    )

    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert "An organisation with this name is already registered in this area." in page
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.find("input", attrs={"name": "name"})["value"] == "penrhos community pantry"
    assert soup.find("textarea", attrs={"name": "description"}).get_text(strip=True) == "Food for all"
    assert soup.find("option", selected=True)["value"] == "cardiff"
    assert soup.title.get_text().startswith("Error:")
    assert len(db.session.scalars(select(Organisation)).all()) == 1


def test_the_same_name_in_another_area_is_a_different_group(client):
    create_organisation("Penrhos Community Pantry", area="cardiff")
    create_user(email="megan@example.org")
    client.sign_in("megan@example.org")

    response = client.post("/organisations/new", data={"name": "Penrhos Community Pantry", "area_code": "swansea"})

    assert response.status_code == 302
    assert len(db.session.scalars(select(Organisation)).all()) == 2


def test_registering_without_a_name_or_area_shows_what_to_fix(client):
    create_user(email="tom@example.org")
    client.sign_in("tom@example.org")

    response = client.post("/organisations/new", data={"name": "", "area_code": ""})

    page = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the name of the organisation" in page
    assert "Choose an area" in page
    assert db.session.scalars(select(Organisation)).all() == []


# --- verifying a group ----------------------------------------------------


def cardiff_cvc_admin(email="sian@example.org"):
    sian = create_user("Siân Jones", email)
    cvc = create_organisation("Cardiff Voluntary Council", kind="cvc", area="cardiff")
    add_member(sian, cvc, role="admin")
    return sian


def unverified_group(name="Afon Mutual Aid", area="cardiff"):
    tom = create_user("Tom Baker", f"tom-{area}@example.org")
    group = create_organisation(name, area=area, verified=False)
    group.created_by_id = tom.id
    add_member(tom, group, role="admin")
    return group, tom


def test_the_areas_cvc_admin_verifies_a_group_from_its_page(client):
    cardiff_cvc_admin()
    group, tom = unverified_group()
    client.sign_in("sian@example.org")

    page = client.get(f"/organisations/{group.slug}/")
    assert "Verify this group" in button_texts(page)

    response = client.post(f"/organisations/{group.slug}/verify")
    assert response.headers["Location"] == f"/organisations/{group.slug}/"
    response = client.get(response.headers["Location"])

    text = text_of(response)
    assert "Afon Mutual Aid is now verified." in text
    assert "Not verified" not in text
    assert "Verify this group" not in button_texts(response)
    assert reload(Organisation, group.id).verified_at is not None
    [email] = outbox_to(tom.email)
    assert email.subject == "Your group has been verified"
    assert "verified by Siân Jones" in email.body_text


def test_the_areas_cvc_admin_verifies_from_the_verification_list(client):
    cardiff_cvc_admin()
    group, _tom = unverified_group()
    elsewhere, _ = unverified_group("Swansea Bay Larder", area="swansea")
    client.sign_in("sian@example.org")

    listing = client.get("/organisations/verifications")
    text = text_of(listing)
    assert listing.status_code == 200
    assert "Afon Mutual Aid" in text and "Tom Baker" in text
    assert "Swansea Bay Larder" not in text

    response = client.post(f"/organisations/{group.slug}/verify", data={"back": "verifications"})
    assert response.headers["Location"] == "/organisations/verifications"
    response = client.get(response.headers["Location"])

    assert "Afon Mutual Aid is now verified." in text_of(response)
    assert "No groups in your area are waiting to be verified." in text_of(response)
    assert reload(Organisation, elsewhere.id).verified_at is None


def test_a_cvc_admin_of_another_area_cannot_verify(client):
    cardiff_cvc_admin()
    group, _tom = unverified_group("Swansea Bay Larder", area="swansea")
    client.sign_in("sian@example.org")

    assert "Verify this group" not in button_texts(client.get(f"/organisations/{group.slug}/"))
    response = client.post(f"/organisations/{group.slug}/verify")

    assert response.status_code == 403
    assert "You cannot see this page" in text_of(response)
    assert reload(Organisation, group.id).verified_at is None


def test_an_ordinary_cvc_member_cannot_verify(client):
    aisha = create_user(email="aisha@example.org")
    add_member(aisha, create_organisation("Cardiff Voluntary Council", kind="cvc", area="cardiff"))
    group, _tom = unverified_group()
    client.sign_in("aisha@example.org")

    assert client.post(f"/organisations/{group.slug}/verify").status_code == 403
    assert client.get("/organisations/verifications").status_code == 403
    assert reload(Organisation, group.id).verified_at is None


def test_a_site_admin_verifies_any_group(client):
    create_user(email="admin@example.org", site_admin=True)
    group, _tom = unverified_group("Swansea Bay Larder", area="swansea")
    client.sign_in("admin@example.org")

    assert "Swansea Bay Larder" in text_of(client.get("/organisations/verifications"))
    response = post_and_follow(client, f"/organisations/{group.slug}/verify")

    assert "Swansea Bay Larder is now verified." in text_of(response)
    assert reload(Organisation, group.id).verified_by_id is not None


def test_a_verified_group_cannot_be_verified_again(client):
    cardiff_cvc_admin()
    group = create_organisation("Penrhos Community Pantry", area="cardiff", verified=True)
    client.sign_in("sian@example.org")

    assert client.post(f"/organisations/{group.slug}/verify").status_code == 403


# --- public bodies and CVCs, by site admins -------------------------------


def test_a_site_admin_creates_a_public_body(client):
    create_user(email="admin@example.org", site_admin=True)
    client.sign_in("admin@example.org")
    assert client.get("/admin/organisations/new").status_code == 200

    response = post_and_follow(
        client, "/admin/organisations/new", {"name": "Cardiff Council", "kind": "public_body", "area_code": "cardiff"}
    )

    text = text_of(response)
    assert "Cardiff Council has been created." in text
    assert "Public body" in text and "Cardiff" in text
    assert "Not verified" not in text
    assert organisation_named("Cardiff Council").kind == "public_body"


def test_a_site_admin_creates_a_cvc(client):
    create_user(email="admin@example.org", site_admin=True)
    client.sign_in("admin@example.org")

    response = post_and_follow(client, "/admin/organisations/new", {
        "name": "Swansea CVS", "kind": "cvc", "area_code": "swansea", "description": "The umbrella body.",
    })

    assert "County Voluntary Council" in text_of(response)
    cvc = organisation_named("Swansea CVS")
    assert (cvc.kind, cvc.area_code, cvc.description) == ("cvc", "swansea", "The umbrella body.")


def test_only_site_admins_create_public_bodies_and_cvcs(client):
    create_user(email="rhodri@example.org")
    client.sign_in("rhodri@example.org")

    assert client.get("/admin/organisations/new").status_code == 403
    response = client.post(
        "/admin/organisations/new", data={"name": "Fake Council", "kind": "public_body", "area_code": "cardiff"}
    )

    assert response.status_code == 403
    assert organisation_named("Fake Council") is None


def test_creating_an_organisation_with_mistakes_shows_the_error_summary(client):
    create_user(email="admin@example.org", site_admin=True)
    client.sign_in("admin@example.org")

    response = client.post("/admin/organisations/new", data={"name": "", "description": "Kept"})

    text = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Enter the name of the organisation" in text
    assert "Choose the kind of organisation" in text
    assert "Choose an area" in text
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary_links = [a["href"] for a in soup.select(".govuk-error-summary a")]
    assert "#name" in summary_links
    assert db.session.scalars(select(Organisation)).all() == []


def test_site_admins_cannot_create_community_groups_from_the_admin_form(client):
    create_user(email="admin@example.org", site_admin=True)
    client.sign_in("admin@example.org")

    response = client.post(
        "/admin/organisations/new", data={"name": "Sneaky Group", "kind": "community", "area_code": "cardiff"}
    )

    assert response.status_code == 200
    assert "There is a problem" in text_of(response)
    assert organisation_named("Sneaky Group") is None


# --- joining ---------------------------------------------------------------


def pantry_with_admin():
    dafydd = create_user("Dafydd Price", "dafydd@example.org")
    pantry = create_organisation("Penrhos Community Pantry", area="cardiff")
    add_member(dafydd, pantry, role="admin", signatory=True)
    return pantry, dafydd


def test_a_person_asks_to_join_with_a_note_and_the_admins_are_emailed(client):
    pantry, dafydd = pantry_with_admin()
    volunteer = create_user("Gwen Volunteer", "gwen@example.org")
    add_member(volunteer, pantry)
    aisha = create_user("Aisha Khan", "aisha@example.org")
    client.sign_in("aisha@example.org")

    response = post_and_follow(client, f"/organisations/{pantry.slug}/join", {"note": "I coordinate Tuesday volunteers."})

    text = text_of(response)
    assert "Your request to join Penrhos Community Pantry has been sent to its admins." in text
    assert "You have asked to join. The organisation's admins will decide." in text
    membership = membership_of(aisha, pantry)
    assert membership.status == "pending" and membership.request_note == "I coordinate Tuesday volunteers."
    [email] = outbox_to("dafydd@example.org")
    assert email.subject == "Someone has asked to join Penrhos Community Pantry"
    assert "Aisha Khan" in email.body_text and "I coordinate Tuesday volunteers." in email.body_text
    assert outbox_to("gwen@example.org") == []


def test_admins_see_requests_with_the_note(client):
    pantry, _dafydd = pantry_with_admin()
    aisha = create_user("Aisha Khan", "aisha@example.org")
    add_member(aisha, pantry, status="pending", note="I coordinate Tuesday volunteers.")
    client.sign_in("dafydd@example.org")

    response = client.get(f"/organisations/{pantry.slug}/members")

    text = text_of(response)
    assert "Aisha Khan" in text and "I coordinate Tuesday volunteers." in text
    assert "Approve Aisha Khan" in button_texts(response)


def test_a_note_that_is_too_long_is_refused(client):
    pantry, _dafydd = pantry_with_admin()
    aisha = create_user(email="aisha@example.org")
    client.sign_in("aisha@example.org")

    response = client.post(f"/organisations/{pantry.slug}/join", data={"note": "x" * 1001})

    assert response.status_code == 200
    assert "Your message must be 1,000 characters or fewer" in text_of(response)
    assert membership_of(aisha, pantry) is None


def test_asking_twice_is_refused(client):
    pantry, _dafydd = pantry_with_admin()
    aisha = create_user(email="aisha@example.org")
    add_member(aisha, pantry, status="pending")
    client.sign_in("aisha@example.org")

    assert "Ask to join" not in button_texts(client.get(f"/organisations/{pantry.slug}/"))
    assert client.post(f"/organisations/{pantry.slug}/join", data={"note": "again"}).status_code == 403
    assert outbox_to("dafydd@example.org") == []


def test_an_admin_approves_a_request_and_the_applicant_is_told(client):
    pantry, _dafydd = pantry_with_admin()
    aisha = create_user("Aisha Khan", "aisha@example.org")
    membership = add_member(aisha, pantry, status="pending")
    client.sign_in("dafydd@example.org")

    response = member_action(client, pantry, membership, "approve")

    assert "Aisha Khan is now a member." in text_of(response)
    assert reload(Membership, membership.id).status == "approved"
    [email] = outbox_to("aisha@example.org")
    assert "has been approved" in email.body_text

    client.sign_out()
    client.sign_in("aisha@example.org")
    assert "You are a member of this organisation." in text_of(client.get(f"/organisations/{pantry.slug}/"))


def test_an_admin_declines_a_request_and_the_person_may_ask_again(client):
    pantry, _dafydd = pantry_with_admin()
    aisha = create_user("Aisha Khan", "aisha@example.org")
    membership = add_member(aisha, pantry, status="pending")
    client.sign_in("dafydd@example.org")

    response = member_action(client, pantry, membership, "decline")

    assert "You declined the request from Aisha Khan." in text_of(response)
    assert "Declined requests" in text_of(response)
    assert reload(Membership, membership.id).status == "declined"
    [email] = outbox_to("aisha@example.org")
    assert "has been declined" in email.body_text

    client.sign_out()
    client.sign_in("aisha@example.org")
    page = client.get(f"/organisations/{pantry.slug}/")
    assert "Your earlier request was declined. You can ask again." in text_of(page)
    client.post(f"/organisations/{pantry.slug}/join", data={"note": "Please reconsider"})
    assert reload(Membership, membership.id).status == "pending"
    assert len(outbox_to("dafydd@example.org")) == 1


def test_a_request_cannot_be_decided_twice(client):
    pantry, _dafydd = pantry_with_admin()
    aisha = create_user("Aisha Khan", "aisha@example.org")
    membership = add_member(aisha, pantry, status="approved")
    client.sign_in("dafydd@example.org")

    response = member_action(client, pantry, membership, "decline")

    assert "That change cannot be made" in text_of(response)
    assert reload(Membership, membership.id).status == "approved"
    assert outbox_to("aisha@example.org") == []


# --- roles and signatories -------------------------------------------------


def test_an_admin_promotes_a_member_and_demotes_them_again(client):
    pantry, _dafydd = pantry_with_admin()
    aisha = create_user("Aisha Khan", "aisha@example.org")
    membership = add_member(aisha, pantry)
    client.sign_in("dafydd@example.org")

    response = member_action(client, pantry, membership, "make-admin")
    assert "Aisha Khan is now an admin." in text_of(response)
    assert reload(Membership, membership.id).role == "admin"

    response = member_action(client, pantry, membership, "make-member")
    assert "Aisha Khan is no longer an admin." in text_of(response)
    assert reload(Membership, membership.id).role == "member"


def test_the_last_admin_cannot_be_demoted(client):
    pantry, dafydd = pantry_with_admin()
    admin_membership = membership_of(dafydd, pantry)
    client.sign_in("dafydd@example.org")

    members_page = client.get(f"/organisations/{pantry.slug}/members")
    assert "Remove admin role from Dafydd Price" not in button_texts(members_page)

    response = member_action(client, pantry, admin_membership, "make-member")

    assert "An organisation needs at least one admin. Make someone else an admin first." in text_of(response)
    assert reload(Membership, admin_membership.id).role == "admin"


def test_a_site_admin_cannot_demote_the_last_admin_either(client):
    pantry, dafydd = pantry_with_admin()
    create_user(email="admin@example.org", site_admin=True)
    client.sign_in("admin@example.org")

    response = member_action(client, pantry, membership_of(dafydd, pantry), "make-member")

    assert "needs at least one admin" in text_of(response)
    assert membership_of(dafydd, pantry).role == "admin"


def test_an_admin_names_and_removes_a_signatory(client):
    pantry, _dafydd = pantry_with_admin()
    aisha = create_user("Aisha Khan", "aisha@example.org", listed=True)
    membership = add_member(aisha, pantry)
    client.sign_in("dafydd@example.org")

    response = member_action(client, pantry, membership, "name-signatory")
    assert "Aisha Khan can now sign for the organisation." in text_of(response)
    assert reload(Membership, membership.id).is_signatory
    assert "Aisha Khan – signs for the organisation" in text_of(client.get(f"/organisations/{pantry.slug}/"))

    response = member_action(client, pantry, membership, "remove-signatory")
    assert "Aisha Khan can no longer sign for the organisation." in text_of(response)
    assert not reload(Membership, membership.id).is_signatory


def test_someone_still_asking_to_join_cannot_be_named_a_signatory(client):
    pantry, _dafydd = pantry_with_admin()
    membership = add_member(create_user("Aisha Khan"), pantry, status="pending")
    client.sign_in("dafydd@example.org")

    response = member_action(client, pantry, membership, "name-signatory")

    assert "That change cannot be made" in text_of(response)
    assert not reload(Membership, membership.id).is_signatory


def test_an_ordinary_member_cannot_manage_members(client):
    pantry, dafydd = pantry_with_admin()
    aisha = create_user(email="aisha@example.org")
    add_member(aisha, pantry)
    client.sign_in("aisha@example.org")

    assert "Manage members and requests" not in text_of(client.get(f"/organisations/{pantry.slug}/"))
    assert client.get(f"/organisations/{pantry.slug}/members").status_code == 403
    response = client.post(f"/organisations/{pantry.slug}/members/{membership_of(dafydd, pantry).id}/make-member")
    assert response.status_code == 403
    assert membership_of(dafydd, pantry).role == "admin"


# --- the public page --------------------------------------------------------


def test_the_public_page_shows_the_organisation_and_only_listed_members(client):
    pantry, _dafydd = pantry_with_admin()  # Dafydd is listed (the factory default)
    add_member(create_user("Aisha Khan", "aisha@example.org", listed=False), pantry)
    add_member(create_user("Pending Person", listed=True), pantry, status="pending")

    response = client.get(f"/organisations/{pantry.slug}/")

    text = text_of(response)
    assert response.status_code == 200
    assert "Penrhos Community Pantry" in text
    assert "Community group" in text and "Cardiff" in text and "Verified" in text
    assert "Not verified" not in text
    assert "Dafydd Price (admin) – signs for the organisation" in text
    assert "Aisha Khan" not in text
    assert "Pending Person" not in text
    assert "Sign in to ask to join this organisation" in text


def test_unlisted_members_are_hidden_from_outsiders_but_seen_by_fellow_members(client):
    pantry, _dafydd = pantry_with_admin()
    add_member(create_user("Aisha Khan", "aisha@example.org", listed=False), pantry)
    create_user("Outsider", "outsider@example.org")

    client.sign_in("outsider@example.org")
    assert "Aisha Khan" not in text_of(client.get(f"/organisations/{pantry.slug}/"))
    client.sign_out()

    client.sign_in("dafydd@example.org")
    assert "Aisha Khan" in text_of(client.get(f"/organisations/{pantry.slug}/"))
    client.sign_out()

    client.sign_in("aisha@example.org")
    assert "Aisha Khan" in text_of(client.get(f"/organisations/{pantry.slug}/"))


def test_an_unverified_group_says_so_publicly(client):
    group, _tom = unverified_group()

    text = text_of(client.get(f"/organisations/{group.slug}/"))

    assert "Not verified" in text
    assert "Verify this group" not in text


def test_an_unknown_organisation_is_not_found(client):
    assert client.get("/organisations/no-such-group/").status_code == 404


# --- the list and its filters ----------------------------------------------


def listed_names(response):
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [a.get_text(strip=True) for a in soup.select("table a")]


def test_the_list_is_filtered_by_kind_and_area(client):
    create_organisation("Cardiff Council", kind="public_body", area="cardiff")
    create_organisation("Cardiff Voluntary Council", kind="cvc", area="cardiff")
    create_organisation("Swansea CVS", kind="cvc", area="swansea")
    create_organisation("Penrhos Community Pantry", area="cardiff")
    create_organisation("Afon Mutual Aid", area="swansea", verified=False)

    everything = client.get("/organisations/")
    assert listed_names(everything) == [
        "Afon Mutual Aid", "Cardiff Council", "Cardiff Voluntary Council", "Penrhos Community Pantry", "Swansea CVS",
    ]
    assert "5 organisations" in text_of(everything)
    assert "Not verified" in text_of(everything)

    assert listed_names(client.get("/organisations/?kind=cvc")) == ["Cardiff Voluntary Council", "Swansea CVS"]
    assert listed_names(client.get("/organisations/?area=swansea")) == ["Afon Mutual Aid", "Swansea CVS"]
    assert listed_names(client.get("/organisations/?kind=community&area=cardiff")) == ["Penrhos Community Pantry"]

    filtered = client.get("/organisations/?kind=cvc&area=cardiff")
    soup = BeautifulSoup(filtered.get_data(as_text=True), "html.parser")
    assert soup.select_one("#filter-kind option[selected]")["value"] == "cvc"
    assert soup.select_one("#filter-area option[selected]")["value"] == "cardiff"


def test_a_filter_that_matches_nothing_says_so(client):
    create_organisation("Cardiff Council", kind="public_body", area="cardiff")

    response = client.get("/organisations/?kind=public_body&area=swansea")

    assert "No organisations match." in text_of(response)


def test_an_unknown_kind_filter_is_ignored(client):
    create_organisation("Cardiff Council", kind="public_body", area="cardiff")

    assert listed_names(client.get("/organisations/?kind=spaceship")) == ["Cardiff Council"]
