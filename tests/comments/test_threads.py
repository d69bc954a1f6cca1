"""Threaded replies to any depth, read back in one query ordered by path; shown
nested four levels deep with "Continue this thread" beyond; edits within 30
minutes keep every earlier text; deleting leaves a tombstone and the replies."""

from __future__ import annotations

from coproduce.comments import queries
from coproduce.comments.models import Comment, CommentRevision
from coproduce.extensions import db
from tests.comments.factories import (
    all_comments,
    backdate,
    counted_queries,
    create_chain,
    create_comment,
)
from tests.conftest import text_of
from tests.documents.helpers import soup_of
from tests.factories import reload


def thread_url(consultation, comment):
    return f"/documents/{consultation.slug}/comments/{comment.id}/"


def visible_texts(response) -> list[str]:
    return [text.get_text(strip=True) for text in soup_of(response).select(".app-comment__text")]


def test_replies_nest_to_any_depth(client, consultation, aisha, megan):
    root = create_comment(consultation.version, aisha, "Two years is too short.",
                          clause_key=consultation.key("Funding"), organisation=aisha.memberships[0].organisation)
    client.sign_in("megan@example.org")
    parent = root
    for depth in range(1, 8):
        response = client.post(f"/documents/{consultation.slug}/comments/{parent.id}/reply",
                                data={"body": f"Reply at depth {depth}", "speak_for": "self"})
        assert response.status_code == 302
        parent = all_comments()[-1]
        assert response.headers["Location"].endswith(f"/comments/{root.id}/?v=1#comment-{parent.id}")

    comments = all_comments()
    assert [c.depth for c in comments] == list(range(8))
    assert {c.root_id for c in comments} == {root.id}
    assert all(c.clause_key == root.clause_key for c in comments)  # a reply belongs to its thread's clause
    assert [c.parent_id for c in comments[1:]] == [c.id for c in comments[:-1]]
    assert reload(Comment, root.id).reply_count == 7


def test_the_reply_form_shows_what_you_reply_to(client, consultation, aisha, megan):
    root = create_comment(consultation.version, aisha, "Please pay on time.")
    client.sign_in("megan@example.org")
    page = client.get(f"/documents/{consultation.slug}/comments/{root.id}/reply?v=1")
    assert "Reply to Aisha Khan" in text_of(page)
    assert "Please pay on time." in text_of(page)
    assert "Tŷ Cymunedol Development Trust" in text_of(page)  # she may speak for her organisation
    assert soup_of(page).find("input", attrs={"name": "official"}) is None  # only officers answer officially


def depth_first(node) -> list[Comment]:
    """The comments of a shown tree, in the order the page shows them."""
    return [node.comment] + [c for child in node.children for c in depth_first(child)]


def test_a_whole_thread_comes_back_in_two_queries_ordered_by_path(consultation, aisha, megan):
    version = consultation.version
    root = create_comment(version, aisha, "root")
    first = create_comment(version, megan, "first reply", parent=root)
    second = create_comment(version, megan, "second reply", parent=root)
    # Later replies to the first reply: id order and thread order now differ.
    late = [create_comment(version, aisha, f"late reply {n}", parent=first) for n in range(10)]
    deep = create_comment(version, megan, "deep", parent=late[0])
    under_second = create_comment(version, aisha, "under second", parent=second)
    other_thread = create_comment(version, megan, "another thread")
    create_comment(version, aisha, "reply in another thread", parent=other_thread)
    db.session.expire_all()
    root = db.session.get(Comment, root.id)

    with counted_queries() as statements:
        tree = queries.shown_tree(root, viewer_id=None, moderator=False)
        [c.author.name for c in depth_first(tree)]
        [c.organisation for c in depth_first(tree)]

    assert len(statements) == 2  # the comments shown, and which of them have replies deeper still
    assert "ORDER BY comment.path" in statements[0]
    assert [c.id for c in depth_first(tree)] == [root.id, first.id, late[0].id, deep.id,
                                                 *[c.id for c in late[1:]], second.id, under_second.id]

    # A subtree below the root comes back the same way.
    top = db.session.get(Comment, first.id)
    with counted_queries() as statements:
        below = queries.shown_tree(top, viewer_id=None, moderator=False)
    assert len(statements) == 2
    assert [c.id for c in depth_first(below)] == [first.id, late[0].id, deep.id, *[c.id for c in late[1:]]]


def test_a_thread_shows_four_levels_of_replies_then_continue_this_thread(client, consultation, aisha):
    chain = create_chain(consultation.version, aisha, 8, clause_key=consultation.key("Funding"))

    page = client.get(thread_url(consultation, chain[0]))
    assert visible_texts(page) == [f"Comment at depth {d}" for d in range(5)]
    soup = soup_of(page)
    deepest = soup.find(id=f"comment-{chain[4].id}")
    assert len(deepest.find_parents("ul", class_="app-replies")) == 4
    [more] = [a for a in soup.find_all("a") if a.get_text(strip=True) == "Continue this thread"]
    assert more["href"] == f"/documents/{consultation.slug}/comments/{chain[4].id}/?v=1"

    deeper = client.get(more["href"])
    assert visible_texts(deeper) == [f"Comment at depth {d}" for d in range(4, 8)]
    assert "This is part of a longer thread." in text_of(deeper)
    back = soup_of(deeper).select_one(".govuk-back-link")
    assert back["href"] == f"/documents/{consultation.slug}/comments/{chain[0].id}/?v=1"
    assert "Continue this thread" not in text_of(deeper)


def test_continue_this_thread_leads_only_to_replies_the_reader_may_see(client, consultation, aisha, megan):
    chain = create_chain(consultation.version, aisha, 5)
    waiting = create_comment(consultation.version, megan, "Awaiting a moderator", parent=chain[4])
    waiting.moderation = "held"  # as pre-moderation would have left it
    db.session.commit()

    assert "Continue this thread" not in text_of(client.get(thread_url(consultation, chain[0])))
    client.sign_in("megan@example.org")  # its author sees it, behind the link
    assert "Continue this thread" in text_of(client.get(thread_url(consultation, chain[0])))


def test_a_short_thread_has_no_continue_link(client, consultation, aisha):
    chain = create_chain(consultation.version, aisha, 5)
    page = client.get(thread_url(consultation, chain[0]))
    assert len(visible_texts(page)) == 5
    assert "Continue this thread" not in text_of(page)


def test_a_comment_of_another_document_is_not_found(client, consultation, aisha):
    comment = create_comment(consultation.version, aisha)
    assert client.get(f"/documents/no-such-document/comments/{comment.id}/").status_code == 404
    assert client.get(f"/documents/{consultation.slug}/comments/{comment.id + 100}/").status_code == 404


# --- editing ----------------------------------------------------------------------


def test_the_author_edits_within_30_minutes_and_every_earlier_text_is_kept(client, consultation, aisha):
    comment = create_comment(consultation.version, aisha, "First text.")
    backdate(comment, 20)
    client.sign_in("aisha@example.org")
    thread = soup_of(client.get(thread_url(consultation, comment)))
    assert thread.find("a", href=f"/documents/{consultation.slug}/comments/{comment.id}/edit") is not None
    assert "edited" not in text_of(client.get(thread_url(consultation, comment)))

    edit_page = client.get(f"/documents/{consultation.slug}/comments/{comment.id}/edit")
    assert edit_page.status_code == 200 and "First text." in edit_page.get_data(as_text=True)
    for text in ("Second text.", "Third text."):
        response = client.post(f"/documents/{consultation.slug}/comments/{comment.id}/edit", data={"body": text})
        assert response.status_code == 302

    comment = reload(Comment, comment.id)
    assert comment.body == "Third text." and comment.edited_at is not None
    assert [r.body for r in comment.revisions] == ["First text.", "Second text."]

    page = client.get(thread_url(consultation, comment))
    assert visible_texts(page) == ["Third text."]
    [edited] = [a for a in soup_of(page).find_all("a") if a.get_text(" ", strip=True).startswith("edited")]
    assert edited["href"] == f"/documents/{consultation.slug}/comments/{comment.id}/history"

    history = text_of(client.get(edited["href"]))
    assert "History of a comment by Aisha Khan" in history
    assert history.index("Third text.") < history.index("Second text.") < history.index("First text.")


def test_history_is_public(client, consultation, aisha):
    comment = create_comment(consultation.version, aisha, "First text.")
    client.sign_in("aisha@example.org")
    client.post(f"/documents/{consultation.slug}/comments/{comment.id}/edit", data={"body": "Better text."})
    client.sign_out()
    history = text_of(client.get(f"/documents/{consultation.slug}/comments/{comment.id}/history"))
    assert "First text." in history and "Better text." in history


def test_after_30_minutes_the_comment_cannot_be_edited(client, consultation, aisha):
    comment = create_comment(consultation.version, aisha, "As first posted.")
    backdate(comment, 31)
    client.sign_in("aisha@example.org")

    assert client.get(f"/documents/{consultation.slug}/comments/{comment.id}/edit").status_code == 403
    response = client.post(f"/documents/{consultation.slug}/comments/{comment.id}/edit", data={"body": "Changed."})
    assert response.status_code == 403
    assert reload(Comment, comment.id).body == "As first posted."
    assert db.session.query(CommentRevision).count() == 0
    page = soup_of(client.get(thread_url(consultation, comment)))
    assert page.find("a", href=f"/documents/{consultation.slug}/comments/{comment.id}/edit") is None


def test_only_the_author_edits_or_deletes(client, consultation, aisha, megan):
    comment = create_comment(consultation.version, aisha, "Mine.")
    client.sign_in("megan@example.org")
    base = f"/documents/{consultation.slug}/comments/{comment.id}"
    assert client.post(f"{base}/edit", data={"body": "Hijacked."}).status_code == 403
    assert client.post(f"{base}/delete").status_code == 403
    comment = reload(Comment, comment.id)
    assert (comment.body, comment.deleted_at) == ("Mine.", None)


def test_an_over_long_edit_keeps_the_text_and_changes_nothing(client, consultation, aisha):
    comment = create_comment(consultation.version, aisha, "Short.")
    client.sign_in("aisha@example.org")
    response = client.post(f"/documents/{consultation.slug}/comments/{comment.id}/edit", data={"body": "y" * 10_001})
    assert response.status_code == 200
    assert "Your comment must be 10,000 characters or fewer" in text_of(response)
    assert "y" * 10_001 in response.get_data(as_text=True)
    assert reload(Comment, comment.id).body == "Short."


# --- deleting ---------------------------------------------------------------------


def test_deleting_leaves_a_tombstone_and_the_replies_stay(client, consultation, aisha, megan):
    root = create_comment(consultation.version, aisha, "Something I regret.", clause_key=consultation.key("Funding"))
    reply = create_comment(consultation.version, megan, "A reply worth keeping.", parent=root)
    create_comment(consultation.version, aisha, "A reply to the reply.", parent=reply)
    client.sign_in("aisha@example.org")

    confirm = client.get(f"/documents/{consultation.slug}/comments/{root.id}/delete")
    assert "Delete your comment?" in text_of(confirm)
    response = client.post(f"/documents/{consultation.slug}/comments/{root.id}/delete")
    assert response.status_code == 302

    assert reload(Comment, root.id).deleted_at is not None
    assert len(all_comments()) == 3  # nothing is removed from the record
    page = client.get(thread_url(consultation, root))
    assert "Comment deleted by the author." in text_of(page)
    assert "Something I regret." not in page.get_data(as_text=True)
    assert visible_texts(page) == ["A reply worth keeping.", "A reply to the reply."]
    tombstone = soup_of(page).find(id=f"comment-{root.id}")
    assert tombstone.find("a") is None  # no edit, delete or reply links on a tombstone
    # The clause's list shows the tombstone too, so the thread can still be reached.
    listing = client.get(f"/documents/{consultation.slug}/v/1/clauses/{consultation.key('Funding')}/")
    assert "Comment deleted by the author." in text_of(listing)
    assert "Something I regret." not in listing.get_data(as_text=True)
    # Its earlier texts are not shown either.
    assert client.get(f"/documents/{consultation.slug}/comments/{root.id}/history").status_code == 404


def test_a_deleted_reply_leaves_a_tombstone_between_its_neighbours(client, consultation, aisha, megan):
    root = create_comment(consultation.version, aisha, "Root.")
    reply = create_comment(consultation.version, megan, "Deleted reply.", parent=root)
    create_comment(consultation.version, aisha, "Answer to the deleted reply.", parent=reply)
    client.sign_in("megan@example.org")
    client.post(f"/documents/{consultation.slug}/comments/{reply.id}/delete")

    page = client.get(thread_url(consultation, root))
    assert visible_texts(page) == ["Root.", "Answer to the deleted reply."]
    assert "Comment deleted by the author." in text_of(page)
    assert reload(Comment, root.id).reply_count == 1  # "most replies" leaves deleted ones out
