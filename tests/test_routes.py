"""Every route, walked from the URL map: each declares who may reach it, and
none answers nonsense with a server error."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from werkzeug.exceptions import NotFound

from tests.factories import add_member, create_organisation, create_user

pytestmark = pytest.mark.usefixtures("quick_password_hashing")

ARGUMENT = re.compile(r"<(?:(?P<converter>[^:>]+):)?(?P<name>[^>]+)>")
# Values a mistyped, truncated or hostile link might carry.
NONSENSE = ["nope", "\x00", "x" * 3000, "ŵŷ-🙂", "..", "' OR '1'='1", "<script>alert(1)</script>", " "]
NONSENSE_NUMBERS = [0, 2**31, 10**20]
# Fields a form might have; each page's own form adds its names to these.
COMMON_FIELDS = [
    "name", "email", "password", "password_again", "area_code", "kind", "description", "note",
    "preferred_language", "listed_publicly", "back", "title", "summary", "heading", "body", "markdown",
    "change_note", "level", "after_key", "lock_version", "expected_lock", "direction", "parties",
]
MEMBER_ACTIONS = ["approve", "decline", "make-admin", "make-member", "name-signatory", "remove-signatory"]


def routes(app, method):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint != "static" and method in rule.methods),
        key=lambda rule: rule.rule,
    )


def arguments(rule) -> list[tuple[str, str]]:
    return [(m["name"], m["converter"] or "default") for m in ARGUMENT.finditer(rule.rule)]


def build(rule, values: dict) -> str:
    """The rule's path with each argument replaced (percent-encoded) by the given value."""
    return ARGUMENT.sub(lambda m: quote(str(values[m["name"]]), safe=""), rule.rule)


def assert_no_server_error(response, what):
    assert response.status_code < 500, f"{what} answered {response.status_code}"


@pytest.fixture
def site_admin_client(client):
    create_user("Site Admin", "admin@example.org", site_admin=True)
    client.sign_in("admin@example.org")
    return client


# --- every route declares who may reach it -------------------------------------


def test_every_route_declares_an_access_rule(app):
    undeclared = [
        f"{rule.rule} ({rule.endpoint})"
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not hasattr(app.view_functions[rule.endpoint], "access_rule")
    ]
    assert undeclared == [], "routes without @public, @signed_in, @confirmed or @site_admin"


def test_access_rules_are_the_known_ones(app):
    rules = {getattr(view, "access_rule", None) for endpoint, view in app.view_functions.items() if endpoint != "static"}
    assert rules <= {"public", "signed in", "confirmed", "site admin"}


# --- GET ----------------------------------------------------------------------------


def test_every_page_without_parameters_answers_anonymous_people(client, app):
    for rule in routes(app, "GET"):
        if not rule.arguments:
            response = client.get(rule.rule)
            assert_no_server_error(response, rule.rule)
            assert response.status_code in (200, 302), rule.rule


def test_every_page_without_parameters_answers_a_site_admin(site_admin_client, app):
    for rule in routes(app, "GET"):
        if not rule.arguments:
            assert_no_server_error(site_admin_client.get(rule.rule), rule.rule)


def test_junk_query_strings_cause_no_server_error(site_admin_client, app):
    junk = {"kind": "\x00", "area": ["cardiff", "'; DROP TABLE user; --"], "next": "//evil.example/\x00",
            "page": "-1", "q": "x" * 5000, "version": "NaN"}
    for rule in routes(app, "GET"):
        if not rule.arguments:
            assert_no_server_error(site_admin_client.get(rule.rule, query_string=junk), rule.rule)


def test_nonsense_slugs_and_tokens_are_not_found_never_a_server_error(site_admin_client, app):
    checked = 0
    for rule in routes(app, "GET"):
        names = dict(arguments(rule))
        if not names:
            continue
        for value in NONSENSE:
            values = {name: (NONSENSE_NUMBERS[-1] if converter == "int" else value) for name, converter in names.items()}
            path = build(rule, values)
            response = site_admin_client.get(path)
            assert_no_server_error(response, path)
            if {"slug", "token"} & names.keys():
                assert 400 <= response.status_code < 500, f"{path} answered {response.status_code}"
                checked += 1
    assert checked, "no route with a slug or token was tried"


def test_numbers_too_big_for_a_database_integer_match_no_route(app):
    """Otherwise a link like /v/100000000000000000000/ reaches the database and fails there."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        names = dict(arguments(rule))
        if "int" in names.values():
            path = build(rule, {name: (10**20 if c == "int" else "nope") for name, c in names.items()})
            with pytest.raises(NotFound):
                adapter.match(path, method=sorted(rule.methods)[0])


def test_nonsense_numbers_cause_no_server_error(site_admin_client, app):
    organisation = create_organisation("Penrhos Community Pantry")
    for rule in routes(app, "GET"):
        names = dict(arguments(rule))
        if "int" not in names.values():
            continue
        for number in NONSENSE_NUMBERS:
            values = {name: (number if converter == "int" else organisation.slug) for name, converter in names.items()}
            path = build(rule, values)
            assert_no_server_error(site_admin_client.get(path), path)


def test_nonsense_links_answer_anonymous_people_without_a_server_error(client, app):
    for rule in routes(app, "GET"):
        names = dict(arguments(rule))
        if names:
            for value in ("nope", "\x00", "ŵŷ-🙂"):
                path = build(rule, {name: (1 if c == "int" else value) for name, c in names.items()})
                assert_no_server_error(client.get(path), path)


# --- POST ---------------------------------------------------------------------------


def junk_payloads(names: list[str]) -> list[tuple[str, dict]]:
    return [
        ("nothing", {}),
        ("empty fields", {n: "" for n in names}),
        ("long values", {n: "x" * 20_000 for n in names}),
        ("far too much", {"name": "x" * 600_000}),
        ("repeated fields", {n: ["cvc", "public_body", "2"] for n in names}),
        ("NUL characters", {n: "a\x00b" for n in names}),
        ("emoji and markup", {n: "ŵ🙂 <b>\u202e</b>" for n in names}),
        ("numbers where words go", {n: "-1" for n in names}),
        ("words where numbers go", {n: "1e309" for n in names}),
        ("unknown choices", {n: "spaceship" for n in names}),
        ("files where text goes", {n: (io.BytesIO(b"\x89PNG junk"), "junk.png") for n in names}),
    ]


def form_field_names(client, path) -> list[str]:
    """The names the page's own forms send, plus the common ones."""
    response = client.get(path)
    names = set(COMMON_FIELDS)
    if response.status_code == 200 and response.mimetype == "text/html":
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        names |= {el["name"] for el in soup.find_all(["input", "select", "textarea"]) if el.get("name")}
    names.discard("csrf_token")
    return sorted(names)


def build_world():
    """Organisations and memberships for the real values in POST paths."""
    pantry = create_organisation("Penrhos Community Pantry", area="cardiff")
    afon = create_organisation("Afon Mutual Aid", area="cardiff", verified=False)
    admin = create_user("Dafydd Price", "dafydd@example.org")
    pending = create_user("Aisha Khan", "aisha@example.org")
    memberships = [add_member(admin, pantry, role="admin", signatory=True), add_member(pending, pantry, status="pending")]
    return [pantry.slug, afon.slug], [m.id for m in memberships]


def path_variants(rule, slugs, membership_ids) -> list[str]:
    """The rule filled with real values, then with every nonsense value in each place."""
    names = dict(arguments(rule))
    real = {"slug": slugs[0], "membership_id": membership_ids[-1], "action": "approve", "token": "nope"}
    candidates = {
        "slug": slugs + ["nope", "\x00", "x" * 3000],
        "membership_id": membership_ids + [999_999, 10**20],
        "action": MEMBER_ACTIONS + ["explode", "approve;decline", "ŵ"],
        "token": NONSENSE,
    }
    base = {name: real.get(name, 1 if converter == "int" else "nope") for name, converter in names.items()}
    variants = [build(rule, base)]
    for name, converter in names.items():
        for value in candidates.get(name, NONSENSE_NUMBERS if converter == "int" else NONSENSE):
            variants.append(build(rule, {**base, name: value}))
    return list(dict.fromkeys(variants))


def test_junk_posted_by_a_site_admin_causes_no_server_error(app, client):
    slugs, membership_ids = build_world()
    create_user("Site Admin", "admin@example.org", site_admin=True)
    for rule in routes(app, "POST"):
        client.sign_in("admin@example.org")  # signing out (one of the routes) must not spoil the rest
        paths = path_variants(rule, slugs, membership_ids)
        for path in paths:
            assert_no_server_error(client.post(path, data={}), f"POST {path}")
        real_path = paths[0]
        names = form_field_names(client, real_path) if "GET" in rule.methods else COMMON_FIELDS
        for what, data in junk_payloads(names):
            assert_no_server_error(client.post(real_path, data=data), f"POST {real_path} with {what}")
        client.sign_out()


def test_junk_posted_by_anonymous_people_causes_no_server_error(app, client):
    slugs, membership_ids = build_world()
    for rule in routes(app, "POST"):
        real_path = path_variants(rule, slugs, membership_ids)[0]
        for what, data in junk_payloads(COMMON_FIELDS):
            assert_no_server_error(client.post(real_path, data=data), f"POST {real_path} with {what}")


def test_unknown_member_actions_are_not_found(site_admin_client):
    slugs, membership_ids = build_world()
    for action in ("explode", "delete", "make-owner"):
        response = site_admin_client.post(f"/organisations/{slugs[0]}/members/{membership_ids[1]}/{action}")
        assert response.status_code == 404


def test_memberships_of_another_organisation_are_not_found(site_admin_client):
    slugs, membership_ids = build_world()  # the memberships belong to the first organisation
    response = site_admin_client.post(f"/organisations/{slugs[1]}/members/{membership_ids[1]}/approve")
    assert response.status_code == 404
