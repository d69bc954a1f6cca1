"""An officer writes a draft through the web: create from pasted Markdown,
add, edit, move, split, remove and paste clauses; nobody outside the owning
body sees any of it."""

import pytest
from werkzeug.datastructures import MultiDict

from tests.conftest import text_of
from tests.documents.factories import create_document, create_officer, document_called, publish
from tests.documents.helpers import (
    clause_numbers_on,
    draft_clauses,
    draft_of,
    error_summary,
    field_value,
    outline,
    post_and_follow,
    soup_of,
)
from tests.factories import add_member, create_organisation, create_user

AGREEMENT = """# Glanmôr Community Partnership Agreement

## Who this agreement is between

Glanmôr County Council, Glanmôr Voluntary Council and the community organisations of Glanmôr.

## How we communicate

We meet every three months.

Minutes are published within two weeks.

### Meetings in Welsh

Every meeting can be held in Welsh.
"""


@pytest.fixture
def officer(client):
    rhodri, council = create_officer(email="rhodri@example.org")
    client.sign_in("rhodri@example.org")
    return rhodri, council


def test_an_officer_creates_a_document_from_pasted_markdown(client, officer):
    _rhodri, council = officer
    form = client.get("/documents/new")
    assert form.status_code == 200

    page = post_and_follow(client, "/documents/new", {
        "title": "Glanmôr Community Partnership Agreement", "summary": "Who does what in Glanmôr.",
        "kind": "local_agreement", "owner_id": council.id, "area_code": "glanmor", "markdown": AGREEMENT,
    })

    assert "Document created with 3 clauses" in text_of(page)
    document = document_called("Glanmôr Community Partnership Agreement")
    assert document.owner_id == council.id and document.latest_version_number == 0
    assert outline(document) == [
        ("Who this agreement is between", 1), ("How we communicate", 1), ("Meetings in Welsh", 2),
    ]
    clauses = draft_clauses(document)
    assert clauses[1].body == "We meet every three months.\n\nMinutes are published within two weeks."
    assert clause_numbers_on(page) == ["1", "2", "2.1"]
    assert "only Glanmôr County Council can see it" in text_of(page)
    assert soup_of(page).find(id=f"clause-{clauses[2].key}") is not None


def test_creating_needs_a_title_kind_and_area_and_keeps_what_was_typed(client, officer):
    _rhodri, council = officer
    response = client.post("/documents/new", data={"owner_id": council.id, "markdown": AGREEMENT})

    assert response.status_code == 200
    assert "Enter a title" in text_of(response)
    assert "Choose the kind of document" in text_of(response)
    assert field_value(response, "markdown").strip() == AGREEMENT.strip()
    assert document_called("Glanmôr Community Partnership Agreement") is None


def test_text_before_the_first_heading_becomes_an_introduction(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown="We agree to work together.\n\n# Roles\n\nText.\n\n# Money\n\nMore.")
    assert outline(document) == [("Introduction", 1), ("Roles", 1), ("Money", 1)]


def test_adding_a_clause_after_another_renumbers_the_draft(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    first = draft_clauses(document)[0]

    form = client.get(f"/documents/{document.slug}/draft/clauses/new?after={first.key}")
    assert form.status_code == 200
    page = post_and_follow(client, f"/documents/{document.slug}/draft/clauses/new", {
        "heading": "Who does what", "body": "The council funds; groups deliver.", "level": "1",
        "after_key": field_value(form, "after_key"), "lock": field_value(form, "lock"),
    })

    assert "Clause added" in text_of(page)
    assert outline(document) == [
        ("Who this agreement is between", 1), ("Who does what", 1), ("How we communicate", 1), ("Meetings in Welsh", 2),
    ]
    assert clause_numbers_on(page) == ["1", "2", "3", "3.1"]


def test_adding_a_clause_at_the_end_as_a_sub_clause(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    form = client.get(f"/documents/{document.slug}/draft/clauses/new")
    post_and_follow(client, f"/documents/{document.slug}/draft/clauses/new", {
        "heading": "Minutes", "body": "Published within ten working days.", "level": "2",
        "after_key": "", "lock": field_value(form, "lock"),
    })
    assert outline(document)[-1] == ("Minutes", 2)


def test_a_clause_needs_a_heading(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    form = client.get(f"/documents/{document.slug}/draft/clauses/new")
    response = client.post(f"/documents/{document.slug}/draft/clauses/new", data={
        "heading": "", "body": "Text I typed.", "level": "1", "lock": field_value(form, "lock"),
    })
    assert response.status_code == 200
    assert "Enter a heading for the clause" in text_of(response)
    assert field_value(response, "body") == "Text I typed."
    assert len(draft_clauses(document)) == 3


def test_editing_a_clause_saves_the_text_and_the_revision(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    clause = draft_clauses(document)[1]
    revision = clause.revision
    url = f"/documents/{document.slug}/draft/clauses/{clause.key}/edit"

    form = client.get(url)
    assert field_value(form, "heading") == "How we communicate"
    assert field_value(form, "body") == clause.body
    page = post_and_follow(client, url, {
        "heading": "How we keep in touch", "body": "We meet every two months.", "level": "1",
        "revision": field_value(form, "revision"),
    })

    assert "Clause saved" in text_of(page)
    edited = draft_clauses(document)[1]
    assert (edited.key, edited.heading, edited.body, edited.revision) == (
        clause.key, "How we keep in touch", "We meet every two months.", revision + 1)
    assert edited.updated_by_id == rhodri.id


def test_moving_a_clause_up_and_down(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, clauses=[("One", "1"), ("Two", "2"), ("Three", "3")])
    key_of_three = draft_clauses(document)[2].key
    lock = draft_of(document).lock_version

    page = post_and_follow(client, f"/documents/{document.slug}/draft/clauses/{key_of_three}/move",
                           {"lock": lock, "direction": "up"})
    assert [h for h, _ in outline(document)] == ["One", "Three", "Two"]
    assert "Move up clause 2" in text_of(page)

    post_and_follow(client, f"/documents/{document.slug}/draft/clauses/{key_of_three}/move",
                    {"lock": draft_of(document).lock_version, "direction": "down"})
    assert [h for h, _ in outline(document)] == ["One", "Two", "Three"]
    assert [c.position for c in draft_clauses(document)] == [0, 1, 2]


def test_the_first_clause_offers_no_move_up_and_the_last_no_move_down(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, clauses=[("One", "1"), ("Two", "2")])
    page = text_of(client.get(f"/documents/{document.slug}/draft/"))
    assert "Move down clause 1" in page and "Move up clause 2" in page
    assert "Move up clause 1" not in page and "Move down clause 2" not in page


def test_moving_with_a_nonsense_direction_is_refused(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, clauses=[("One", "1"), ("Two", "2")])
    key = draft_clauses(document)[0].key
    response = client.post(f"/documents/{document.slug}/draft/clauses/{key}/move",
                           data={"lock": draft_of(document).lock_version, "direction": "sideways"})
    assert response.status_code == 400


def test_splitting_a_clause_before_a_paragraph(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    clause = draft_clauses(document)[1]
    key, revision = clause.key, clause.revision
    url = f"/documents/{document.slug}/draft/clauses/{key}/split"

    form = client.get(url)
    assert form.status_code == 200
    assert "Before paragraph 2: “Minutes are published within two weeks.…”" in text_of(form)
    page = post_and_follow(client, url, {
        "before_paragraph": "2", "new_heading": "Minutes", "lock": field_value(form, "lock"),
    })

    assert "Clause split in two" in text_of(page)
    clauses = draft_clauses(document)
    assert [(c.heading, c.body, c.level) for c in clauses[1:3]] == [
        ("How we communicate", "We meet every three months.", 1),
        ("Minutes", "Minutes are published within two weeks.", 1),
    ]
    assert clauses[1].key == key and clauses[2].key != key
    assert clauses[1].revision == revision + 1
    assert clause_numbers_on(page) == ["1", "2", "3", "3.1"]


def test_a_clause_of_one_paragraph_cannot_be_split(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    clause = draft_clauses(document)[0]
    response = client.get(f"/documents/{document.slug}/draft/clauses/{clause.key}/split")
    assert response.status_code == 302
    assert "at least two paragraphs" in text_of(client.get(response.headers["Location"]))
    assert len(draft_clauses(document)) == 3


def test_removing_a_clause_after_confirming(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    clause = draft_clauses(document)[0]
    url = f"/documents/{document.slug}/draft/clauses/{clause.key}/remove"

    confirm = client.get(url)
    assert "Remove “Who this agreement is between” from the draft?" in text_of(confirm)
    page = post_and_follow(client, url, {"lock": field_value(confirm, "lock")})

    assert "Clause removed from the draft" in text_of(page)
    assert outline(document) == [("How we communicate", 1), ("Meetings in Welsh", 2)]
    assert clause_numbers_on(page) == ["1", "1.1"]


def test_unknown_clauses_are_not_found(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    for action in ("edit", "remove", "split"):
        assert client.get(f"/documents/{document.slug}/draft/clauses/nosuch/{action}").status_code == 404


def test_pasting_replaces_the_clauses_and_keeps_the_keys_of_unchanged_headings(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    before = {c.heading: (c.key, c.revision) for c in draft_clauses(document)}
    url = f"/documents/{document.slug}/draft/paste"

    form = client.get(url)
    page = post_and_follow(client, url, {"lock": field_value(form, "lock"), "markdown": (
        "## How we communicate\n\nWe meet every two months.\n\n"
        "## Who does what\n\nThe council funds.\n\n"
        "### meetings in welsh\n\nEvery meeting can be held in Welsh.\n"
    )})

    assert "The draft now has 3 clauses" in text_of(page)
    after = draft_clauses(document)
    assert [(c.heading, c.level) for c in after] == [
        ("How we communicate", 1), ("Who does what", 1), ("Meetings in Welsh", 2),
    ]
    assert (after[0].key, after[0].revision) == (before["How we communicate"][0], before["How we communicate"][1] + 1)
    assert (after[2].key, after[2].revision) == before["Meetings in Welsh"]  # same text; headings match in any case
    assert after[1].key not in {key for key, _revision in before.values()}
    assert clause_numbers_on(page) == ["1", "2", "2.1"]


def test_pasting_nothing_usable_is_an_error_that_keeps_the_draft(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    url = f"/documents/{document.slug}/draft/paste"
    form = client.get(url)
    response = client.post(url, data={"lock": field_value(form, "lock"), "markdown": "   \n\n  "})
    assert response.status_code == 200
    assert error_summary(response) == ["We could not find any text to turn into clauses."]
    assert len(draft_clauses(document)) == 3


def test_a_heading_cannot_skip_a_level(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown="## One\n\n#### Too deep\n\n## Two\n\n### Two a\n\n#### Two a i\n")
    assert outline(document) == [("One", 1), ("Too deep", 2), ("Two", 1), ("Two a", 2), ("Two a i", 3)]
    page = client.get(f"/documents/{document.slug}/draft/")
    assert clause_numbers_on(page) == ["1", "1.1", "2", "2.1", "2.1.1"]


# --- privacy of the draft -------------------------------------------------------

DRAFT_PAGES = [
    "/documents/{slug}/draft/",
    "/documents/{slug}/edit",
    "/documents/{slug}/parties",
    "/documents/{slug}/publish",
    "/documents/{slug}/draft/paste",
    "/documents/{slug}/draft/clauses/new",
    "/documents/{slug}/draft/clauses/{key}/edit",
    "/documents/{slug}/draft/clauses/{key}/remove",
    "/documents/{slug}/draft/clauses/{key}/split",
]
PUBLIC_PAGES_OF_A_PUBLISHED_DOCUMENT = [
    "/documents/{slug}/",
    "/documents/{slug}/v/1/",
    "/documents/{slug}/v/1/text.md",
    "/documents/{slug}/versions/",
]


def private_document():
    rhodri, council = create_officer(email="rhodri@example.org")
    body = "Secret first paragraph.\n\nSecret second paragraph."
    document = create_document(council, rhodri, title="Unpublished plan", clauses=[("Secret clause", body)])
    return document, draft_clauses(document)[0].key


def outsiders():
    """Signed-in people who are not officers of the owning body."""
    other_body = create_organisation("Welsh Government, Communities Division", kind="public_body", area="wales")
    carys = create_user("Carys Morgan", "carys@example.org")
    add_member(carys, other_body)
    pantry = create_organisation("Penrhos Community Pantry", area="glanmor")
    dafydd = create_user("Dafydd Price", "dafydd@example.org")
    add_member(dafydd, pantry, role="admin", signatory=True)
    return ["carys@example.org", "dafydd@example.org"]


def test_the_public_never_sees_a_draft(client):
    document, key = private_document()
    for pattern in DRAFT_PAGES:
        response = client.get(pattern.format(slug=document.slug, key=key))
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"], pattern
    for pattern in PUBLIC_PAGES_OF_A_PUBLISHED_DOCUMENT + ["/documents/{slug}/compare/"]:
        assert client.get(pattern.format(slug=document.slug)).status_code == 404, pattern
    listing = client.get("/documents/")
    assert "Unpublished plan" not in text_of(listing)


def test_officers_of_other_bodies_and_community_members_are_refused(client):
    document, key = private_document()
    for email in outsiders():
        client.sign_in(email)
        for pattern in DRAFT_PAGES:
            url = pattern.format(slug=document.slug, key=key)
            assert client.get(url).status_code == 403, (email, url)
        posts = {
            "/documents/{slug}/draft/clauses/{key}/move": {"lock": "1", "direction": "down"},
            "/documents/{slug}/draft/clauses/{key}/remove": {"lock": "1"},
            "/documents/{slug}/draft/paste": {"lock": "1", "markdown": "## Mine\n\nNow."},
            "/documents/{slug}/publish": MultiDict([("change_note", "x"), ("lock", "1")]),
        }
        for pattern, data in posts.items():
            assert client.post(pattern.format(slug=document.slug, key=key), data=data).status_code == 403
        for pattern in PUBLIC_PAGES_OF_A_PUBLISHED_DOCUMENT:
            assert client.get(pattern.format(slug=document.slug)).status_code == 404, (email, pattern)
        assert "Unpublished plan" not in text_of(client.get("/documents/"))
        client.sign_out()
    assert outline(document) == [("Secret clause", 1)]


def test_a_pending_member_of_the_owning_body_is_refused(client):
    document, key = private_document()
    pending = create_user("Aisha Khan", "aisha@example.org")
    add_member(pending, document.owner, status="pending")
    client.sign_in("aisha@example.org")
    assert client.get(f"/documents/{document.slug}/draft/").status_code == 403
    assert client.get(f"/documents/{document.slug}/").status_code == 404


def test_another_officer_of_the_owning_body_sees_the_draft_and_it_is_listed_for_them(client):
    document, _key = private_document()
    colleague = create_user("Siôn Owen", "sion@example.org")
    add_member(colleague, document.owner)
    client.sign_in("sion@example.org")
    response = client.get(f"/documents/{document.slug}/")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/documents/{document.slug}/draft/")
    assert "Secret first paragraph." in text_of(client.get(f"/documents/{document.slug}/draft/"))
    assert "Unpublished plan" in text_of(client.get("/documents/"))


def test_after_publishing_the_draft_itself_stays_private(client):
    document, key = private_document()
    publish(document, document.draft.updated_by)
    emails = outsiders()
    for email in emails:
        client.sign_in(email)
        assert client.get(f"/documents/{document.slug}/").status_code == 200
        assert client.get(f"/documents/{document.slug}/draft/").status_code == 403
        assert client.get(f"/documents/{document.slug}/draft/clauses/{key}/edit").status_code == 403
        client.sign_out()


def test_editing_the_details_and_choosing_parties(client, officer):
    rhodri, council = officer
    document = create_document(council, rhodri, markdown=AGREEMENT)
    cvc = create_organisation("Glanmôr Voluntary Council", kind="cvc", area="glanmor")
    pantry = create_organisation("Penrhos Community Pantry", area="glanmor")
    national = create_organisation("Wales Council for Voluntary Action", kind="cvc", area="wales")
    create_organisation("Cardiff Food Bank", area="cardiff")

    form = client.get(f"/documents/{document.slug}/parties")
    offered = [label.get_text(" ", strip=True) for label in soup_of(form).select(".govuk-checkboxes__label")]
    assert offered == ["Glanmôr Voluntary Council (County Voluntary Council)", "Penrhos Community Pantry (Community group)",
                       "Wales Council for Voluntary Action (County Voluntary Council)"]
    post_and_follow(client, f"/documents/{document.slug}/parties",
                    MultiDict([("parties", str(cvc.id)), ("parties", str(pantry.id))]))
    assert {p.organisation_id for p in document_called(document.title).parties} == {council.id, cvc.id, pantry.id}

    post_and_follow(client, f"/documents/{document.slug}/parties", MultiDict([("parties", str(national.id))]))
    assert {p.organisation_id for p in document_called(document.title).parties} == {council.id, national.id}

    page = post_and_follow(client, f"/documents/{document.slug}/edit", {
        "title": "Glanmôr Partnership Agreement", "summary": "Who does what.", "kind": "local_agreement",
        "area_code": "glanmor"})
    assert "The document's details are saved" in text_of(page)
    edited = document_called("Glanmôr Partnership Agreement")
    assert (edited.slug, edited.summary) == (document.slug, "Who does what.")  # the address never changes
