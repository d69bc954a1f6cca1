"""Hidden words appear in no public page, feed, count or export, in either language, for the public or
for any signed-in reader who is not a moderator. Moderators still read them."""

from __future__ import annotations

import json

import pytest

from coproduce.extensions import db
from tests.amendments.factories import create_amendment
from tests.comments.factories import create_comment
from tests.moderation.factories import act, create_world, hide, tom_s_thread

# Each hidden piece of text carries a marker that no other text on the site contains.
ROOT = "Ring the director at home on 01234 567890 (HIDDEN-ROOT)"
GENERAL = "The whole strategy is written by liars (HIDDEN-GENERAL)"
REPLY = "Megan's group wastes everyone's money (HIDDEN-REPLY)"
PROPOSED = "Every Board meets at 14 Station Road (HIDDEN-AMENDMENT)"
RATIONALE = "Dafydd's mobile is 07700 900123 (HIDDEN-RATIONALE)"
REDACTED = "Email me at tom.private@example.net (HIDDEN-REDACTED)"
MARKERS = ["HIDDEN-ROOT", "HIDDEN-GENERAL", "HIDDEN-REPLY", "HIDDEN-AMENDMENT", "HIDDEN-RATIONALE",
           "HIDDEN-REDACTED", "01234 567890", "07700 900123", "tom.private@example.net"]


@pytest.fixture
def hidden():
    """A hidden thread root (its replies stay), a hidden general comment, a hidden reply to Megan,
    a hidden amendment, and a comment with personal information redacted."""
    world = create_world()
    root, replies = tom_s_thread(world)
    root.body = ROOT  # the thread factory's words, with this file's marker
    db.session.commit()
    general = create_comment(world.version, world.tom, GENERAL, stance="concern")
    megan_s = create_comment(world.version, world.megan, "Boards should meet in public.", clause_key=world.boards,
                             organisation=world.trust)
    reply = create_comment(world.version, world.tom, REPLY, parent=megan_s, stance=None)
    redacted = create_comment(world.version, world.tom, REDACTED, stance="question")
    amendment = create_amendment(world.version, world.tom, world.afon, world.boards, PROPOSED, RATIONALE)
    for item in (root, general, reply):
        hide(item, world.sian, "abusive", "Not acceptable here.")
    act("hide", amendment, world.sian, "personal_information", "An address and a phone number.")
    act("redact", redacted, world.sian, "Email me through the Voluntary Council.", "A private address.")
    world.items = {"root": root, "general": general, "reply": reply, "megan_s": megan_s, "redacted": redacted,
                   "amendment": amendment, "replies": replies}
    return world


def public_pages(world) -> list[str]:
    slug, items = world.slug, world.items
    pages = ["/", "/documents/", f"/documents/{slug}/", f"/documents/{slug}/v/1/", f"/documents/{slug}/versions/",
             f"/documents/{slug}/v/1/comments/", f"/documents/{slug}/v/1/comments/?sort=newest",
             f"/documents/{slug}/v/1/clauses/{world.boards}/",
             f"/documents/{slug}/v/1/clauses/{world.boards}/?sort=most_replies",
             f"/documents/{slug}/v/1/amendments/", f"/documents/{slug}/amendments/{items['amendment'].id}/",
             f"/documents/{slug}/v/1/responses/", f"/documents/{slug}/v/1/responses.csv",
             f"/documents/{slug}/v/1/responses.json", f"/documents/{slug}/activity/",
             f"/documents/{slug}/v/1/text.md", f"/organisations/{world.afon.slug}/"]
    for name in ("root", "general", "reply", "megan_s", "redacted"):
        pages.append(f"/documents/{slug}/comments/{items[name].id}/")
    pages += [f"/documents/{slug}/comments/{r.id}/" for r in items["replies"]]
    return pages


def assert_nowhere(client, world, who: str) -> int:
    checked = 0
    for url in public_pages(world):
        response = client.get(url)
        assert response.status_code == 200, f"{who}: {url} answered {response.status_code}"
        body = response.get_data(as_text=True)
        leaked = [m for m in MARKERS if m in body]
        assert leaked == [], f"{who} reads {leaked} on {url}"
        checked += 1
    for name in ("root", "general", "reply", "redacted"):  # earlier texts would show what moderation took out
        assert client.get(f"/documents/{world.slug}/comments/{world.items[name].id}/history").status_code == 404
    return checked


def test_hidden_text_is_absent_from_every_public_page_and_export(client, hidden):
    assert assert_nowhere(client, hidden, "the public") == len(public_pages(hidden))


def test_hidden_text_is_absent_for_signed_in_readers_including_those_it_answered(client, hidden):
    for email in ("megan@example.org", "aisha@example.org", "gareth@example.org", "rhodri@example.org"):
        client.sign_in(email)
        assert_nowhere(client, hidden, email)
        notifications = client.get("/notifications/").get_data(as_text=True)
        assert [m for m in MARKERS if m in notifications] == [], email
        client.sign_out()


def test_hidden_text_is_absent_in_welsh_too(client, hidden):
    client.get("/language/cy")
    assert_nowhere(client, hidden, "the public, in Welsh")


def test_the_author_reads_a_tombstone_too(client, hidden):
    client.sign_in("tom@example.org")
    assert_nowhere(client, hidden, "Tom")


def test_the_exports_keep_a_row_for_hidden_input_without_its_words(client, hidden):
    rows = json.loads(client.get(f"/documents/{hidden.slug}/v/1/responses.json").get_data(as_text=True))["input"]
    by_id = {(r["type"], r["id"]): r for r in rows}
    items = hidden.items
    assert by_id[("comment", items["root"].id)]["text"] == ""
    assert by_id[("comment", items["general"].id)]["text"] == ""
    assert by_id[("reply", items["reply"].id)]["text"] == ""
    assert by_id[("amendment", items["amendment"].id)]["text"] == ""
    assert by_id[("comment", items["redacted"].id)]["text"] == "Email me through the Voluntary Council."
    assert by_id[("reply", items["replies"][0].id)]["text"] == "Please don't share people's home numbers here."
    csv = client.get(f"/documents/{hidden.slug}/v/1/responses.csv").get_data(as_text=True)
    assert "Please don't share people's home numbers here." in csv


def test_replies_to_a_hidden_comment_stay_public(client, hidden):
    thread = client.get(f"/documents/{hidden.slug}/comments/{hidden.items['root'].id}/").get_data(as_text=True)
    assert "Hidden by a moderator: Abusive." in thread
    assert "The partnership meetings are open to everyone." in thread


def test_moderators_still_read_the_hidden_words(client, hidden):
    client.sign_in("sian@example.org")
    for name, marker in (("root", "HIDDEN-ROOT"), ("reply", "HIDDEN-REPLY"), ("redacted", "HIDDEN-REDACTED")):
        page = client.get(f"/moderation/comment/{hidden.items[name].id}/").get_data(as_text=True)
        assert marker in page, name
    amendment = client.get(f"/moderation/amendment/{hidden.items['amendment'].id}/").get_data(as_text=True)
    assert "HIDDEN-AMENDMENT" in amendment and "HIDDEN-RATIONALE" in amendment
