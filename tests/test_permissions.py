"""Who may do what: every protected route tried by nobody, by the wrong
person and by the right one; then each can_* rule on its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_login import AnonymousUserMixin

from coproduce import permissions
from coproduce.accounts.models import Membership, Organisation, User
from tests.conftest import clean_database
from tests.factories import add_member, create_organisation, create_user, reload

pytestmark = pytest.mark.usefixtures("quick_password_hashing")

ANONYMOUS = AnonymousUserMixin()


def build_world() -> SimpleNamespace:
    """The fictional Glanmôr cast, placed in Cardiff and Swansea."""
    w = SimpleNamespace()
    w.site_admin = create_user("Site Admin", "admin@example.org", site_admin=True)
    w.dafydd = create_user("Dafydd Price", "dafydd@example.org")
    w.aisha = create_user("Aisha Khan", "aisha@example.org", listed=False)
    w.tom = create_user("Tom Baker", "tom@example.org")
    w.sian = create_user("Siân Jones", "sian@example.org")
    w.owen = create_user("Owen Swansea", "owen@example.org")
    w.outsider = create_user("Out Sider", "outsider@example.org")
    w.applicant = create_user("App Licant", "applicant@example.org")
    w.unconfirmed = create_user("Un Confirmed", "unconfirmed@example.org", confirmed=False)

    w.pantry = create_organisation("Penrhos Community Pantry", area="cardiff", verified=True)
    w.afon = create_organisation("Afon Mutual Aid", area="cardiff", verified=False)
    w.cardiff_cvc = create_organisation("Cardiff Voluntary Council", kind="cvc", area="cardiff")
    w.swansea_cvc = create_organisation("Swansea CVS", kind="cvc", area="swansea")
    w.wales_cvc = create_organisation("Wales Council", kind="cvc", area="wales")

    w.dafydd_in_pantry = add_member(w.dafydd, w.pantry, role="admin", signatory=True)
    w.aisha_in_pantry = add_member(w.aisha, w.pantry)
    w.applicant_in_pantry = add_member(w.applicant, w.pantry, status="pending", note="Let me in")
    w.tom_in_afon = add_member(w.tom, w.afon, role="admin")
    w.sian_in_cvc = add_member(w.sian, w.cardiff_cvc, role="admin")
    w.owen_in_cvc = add_member(w.owen, w.swansea_cvc, role="admin")
    return w


@pytest.fixture
def world():
    return build_world()


# --- route by route ----------------------------------------------------------


@dataclass
class Route:
    endpoint: str
    method: str
    path: callable  # world -> path
    right: list[str]  # people who get through
    wrong: dict[str, object] = field(default_factory=dict)  # person -> 403 or the page they are sent to
    data: callable = lambda w: {}
    success: int = 200

    @property
    def id(self):
        return f"{self.method} {self.endpoint}"


ROUTES = [
    Route("accounts.unconfirmed", "GET", lambda w: "/confirm", right=["unconfirmed"]),
    Route("accounts.unconfirmed", "POST", lambda w: "/confirm", right=["unconfirmed"], success=302),
    Route("accounts.account", "GET", lambda w: "/account", right=["outsider", "unconfirmed"]),
    Route("accounts.account", "POST", lambda w: "/account", right=["outsider"], success=302,
          data=lambda w: {"name": "Out Sider", "preferred_language": "en"}),
    Route("organisations.new", "GET", lambda w: "/organisations/new", right=["outsider"],
          wrong={"unconfirmed": "/confirm"}),
    Route("organisations.new", "POST", lambda w: "/organisations/new", right=["outsider"],
          wrong={"unconfirmed": "/confirm"}, success=302,
          data=lambda w: {"name": "Brand New Group", "area_code": "cardiff"}),
    Route("organisations.join", "POST", lambda w: f"/organisations/{w.pantry.slug}/join",
          right=["outsider"], wrong={"aisha": 403, "applicant": 403, "unconfirmed": "/confirm"}, success=302),
    Route("organisations.members", "GET", lambda w: f"/organisations/{w.pantry.slug}/members",
          right=["dafydd", "site_admin"], wrong={"aisha": 403, "applicant": 403, "sian": 403, "outsider": 403}),
    Route("organisations.member_action", "POST",
          lambda w: f"/organisations/{w.pantry.slug}/members/{w.applicant_in_pantry.id}/approve",
          right=["dafydd", "site_admin"], wrong={"aisha": 403, "applicant": 403, "tom": 403, "sian": 403},
          success=302),
    Route("organisations.verify", "POST", lambda w: f"/organisations/{w.afon.slug}/verify",
          right=["sian", "site_admin"], wrong={"owen": 403, "tom": 403, "dafydd": 403, "outsider": 403},
          success=302),
    Route("organisations.verifications", "GET", lambda w: "/organisations/verifications",
          right=["sian", "owen", "site_admin"], wrong={"outsider": 403, "dafydd": 403, "tom": 403}),
    Route("admin.index", "GET", lambda w: "/admin/", right=["site_admin"],
          wrong={"outsider": 403, "dafydd": 403, "sian": 403}),
    Route("admin.new_organisation", "GET", lambda w: "/admin/organisations/new", right=["site_admin"],
          wrong={"outsider": 403, "sian": 403}),
    Route("admin.new_organisation", "POST", lambda w: "/admin/organisations/new", right=["site_admin"],
          wrong={"outsider": 403, "sian": 403}, success=302,
          data=lambda w: {"name": "Swansea Council", "kind": "public_body", "area_code": "swansea"}),
]


def send(client, route: Route, w):
    path = route.path(w)
    if route.method == "GET":
        return path, client.get(path)
    return path, client.post(path, data=route.data(w))


# Blueprints whose every protected route is tried here; other domains try theirs in their own tests.
TRIED_BLUEPRINTS = ("pages", "accounts", "organisations", "admin")


def test_every_protected_route_is_tried_here(app):
    """A new protected route in these blueprints must be added to ROUTES, so its rule is tested."""
    tried = {(r.endpoint, r.method) for r in ROUTES}
    protected = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.partition(".")[0] in TRIED_BLUEPRINTS
        and getattr(app.view_functions[rule.endpoint], "access_rule", None) != "public"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert protected - tried == set()


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_anonymous_people_are_sent_to_sign_in_and_brought_back(client, world, route):
    path, response = send(client, route, world)

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/sign-in"
    assert parse_qs(location.query)["next"] == [path]


@pytest.mark.parametrize("route", [r for r in ROUTES if r.wrong], ids=lambda r: r.id)
def test_the_wrong_people_are_refused(client, world, route):
    for person, expected in route.wrong.items():
        client.sign_in(getattr(world, person).email)
        _path, response = send(client, route, world)
        if expected == 403:
            assert response.status_code == 403, person
            assert "You cannot see this page" in response.get_data(as_text=True)
        else:
            assert response.status_code == 302, person
            assert response.headers["Location"] == expected, person
        client.sign_out()


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_the_right_people_get_through(client, route):
    for person in route.right:
        w = build_world()  # each person acts on a world the last one has not changed
        client.sign_in(getattr(w, person).email)
        _path, response = send(client, route, w)
        assert response.status_code == route.success, person
        if route.success == 302:
            assert not response.headers["Location"].startswith("/sign-in"), person
        client.sign_out()
        clean_database()


def test_the_right_person_really_changes_things(client, world):
    """Getting through means the change was made, not merely a redirect."""
    client.sign_in(world.sian.email)
    client.post(f"/organisations/{world.afon.slug}/verify")
    assert reload(Organisation, world.afon.id).verified_at is not None

    client.sign_out()
    client.sign_in(world.dafydd.email)
    client.post(f"/organisations/{world.pantry.slug}/members/{world.applicant_in_pantry.id}/approve")
    assert reload(Membership, world.applicant_in_pantry.id).status == "approved"


# --- the can_* rules -----------------------------------------------------------


def test_can_register_community_group(world):
    assert permissions.can_register_community_group(world.outsider)
    assert not permissions.can_register_community_group(world.unconfirmed)
    assert not permissions.can_register_community_group(ANONYMOUS)


def test_can_verify_organisation(world):
    w = world
    assert permissions.can_verify_organisation(w.sian, w.afon)  # admin of the area's CVC
    assert permissions.can_verify_organisation(w.site_admin, w.afon)
    assert not permissions.can_verify_organisation(w.owen, w.afon)  # CVC of another area
    assert not permissions.can_verify_organisation(w.tom, w.afon)  # the group's own admin
    assert not permissions.can_verify_organisation(ANONYMOUS, w.afon)
    assert not permissions.can_verify_organisation(w.sian, w.pantry)  # already verified
    assert not permissions.can_verify_organisation(w.site_admin, w.cardiff_cvc)  # only groups are verified


def test_a_cvc_member_who_is_not_an_admin_cannot_verify(world):
    add_member(world.aisha, world.cardiff_cvc)
    assert not permissions.can_verify_organisation(reload(User, world.aisha.id), world.afon)


def test_a_pending_cvc_admin_cannot_verify(world):
    add_member(world.outsider, world.cardiff_cvc, role="admin", status="pending")
    outsider = reload(User, world.outsider.id)
    assert not permissions.can_verify_organisation(outsider, reload(Organisation, world.afon.id))
    assert not permissions.can_verify_any(outsider)


def test_a_wales_wide_cvc_does_not_verify_groups_in_a_wales_wide_area(world):
    wales_group = create_organisation("All Wales Group", area="wales", verified=False)
    add_member(world.outsider, world.wales_cvc, role="admin")
    assert not permissions.can_verify_organisation(reload(User, world.outsider.id), wales_group)
    assert permissions.can_verify_organisation(world.site_admin, wales_group)


def test_can_verify_any(world):
    assert permissions.can_verify_any(world.site_admin)
    assert permissions.can_verify_any(world.sian)
    assert not permissions.can_verify_any(world.tom)  # admin, but of a community group
    assert not permissions.can_verify_any(world.outsider)
    assert not permissions.can_verify_any(ANONYMOUS)


def test_can_request_membership(world):
    w = world
    assert permissions.can_request_membership(w.outsider, w.pantry)
    assert not permissions.can_request_membership(w.aisha, w.pantry)  # already a member
    assert not permissions.can_request_membership(w.applicant, w.pantry)  # already asked
    assert not permissions.can_request_membership(w.unconfirmed, w.pantry)
    assert not permissions.can_request_membership(ANONYMOUS, w.pantry)
    add_member(w.outsider, w.afon, status="declined")
    assert permissions.can_request_membership(reload(User, w.outsider.id), w.afon)  # may ask again


def test_can_manage_members(world):
    w = world
    assert permissions.can_manage_members(w.dafydd, w.pantry)
    assert permissions.can_manage_members(w.site_admin, w.pantry)
    assert not permissions.can_manage_members(w.aisha, w.pantry)
    assert not permissions.can_manage_members(w.tom, w.pantry)  # admin elsewhere
    assert not permissions.can_manage_members(ANONYMOUS, w.pantry)


def test_a_pending_admin_cannot_manage_members(world):
    add_member(world.outsider, world.afon, role="admin", status="pending")
    assert not permissions.can_manage_members(reload(User, world.outsider.id), world.afon)


def test_can_decide_membership(world):
    w = world
    assert permissions.can_decide_membership(w.dafydd, w.applicant_in_pantry)
    assert permissions.can_decide_membership(w.site_admin, w.applicant_in_pantry)
    assert not permissions.can_decide_membership(w.aisha, w.applicant_in_pantry)
    assert not permissions.can_decide_membership(w.dafydd, w.aisha_in_pantry)  # already decided


def test_can_change_role(world):
    w = world
    assert permissions.can_change_role(w.dafydd, w.aisha_in_pantry)
    assert not permissions.can_change_role(w.aisha, w.dafydd_in_pantry)
    assert not permissions.can_change_role(w.dafydd, w.applicant_in_pantry)  # not yet a member
    assert not permissions.can_change_role(w.dafydd, w.dafydd_in_pantry)  # the last admin
    assert not permissions.can_change_role(w.site_admin, w.dafydd_in_pantry)
    aisha = reload(Membership, w.aisha_in_pantry.id)
    aisha.role = "admin"
    assert permissions.can_change_role(w.dafydd, reload(Membership, w.dafydd_in_pantry.id))  # two admins now


def test_can_name_signatory(world):
    w = world
    assert permissions.can_name_signatory(w.dafydd, w.aisha_in_pantry)
    assert permissions.can_name_signatory(w.site_admin, w.aisha_in_pantry)
    assert not permissions.can_name_signatory(w.aisha, w.aisha_in_pantry)
    assert not permissions.can_name_signatory(w.dafydd, w.applicant_in_pantry)


def test_can_see_member(world):
    w = world
    listed, unlisted, pending = w.dafydd_in_pantry, w.aisha_in_pantry, w.applicant_in_pantry
    assert permissions.can_see_member(ANONYMOUS, listed)
    assert not permissions.can_see_member(ANONYMOUS, unlisted)
    assert not permissions.can_see_member(w.outsider, unlisted)
    assert permissions.can_see_member(w.aisha, unlisted)  # themselves
    assert permissions.can_see_member(w.dafydd, unlisted)  # a fellow member
    assert permissions.can_see_member(w.site_admin, unlisted)
    assert not permissions.can_see_member(ANONYMOUS, pending)
    assert not permissions.can_see_member(w.aisha, pending)
    assert permissions.can_see_member(w.dafydd, pending)  # admins decide on it


def test_people_rules(world):
    assert permissions.is_site_admin(world.site_admin)
    assert not permissions.is_site_admin(world.dafydd)
    assert not permissions.is_site_admin(ANONYMOUS)
    assert permissions.is_org_admin(world.dafydd, world.pantry)
    assert not permissions.is_org_admin(world.aisha, world.pantry)
    assert permissions.approved_membership(world.aisha, world.pantry).id == world.aisha_in_pantry.id
    assert permissions.approved_membership(world.applicant, world.pantry) is None
    assert permissions.approved_membership(ANONYMOUS, world.pantry) is None
