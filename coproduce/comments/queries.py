"""Reading comments in a fixed number of queries, whatever the thread size."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import defer, joinedload

from coproduce.accounts.models import Organisation, User
from coproduce.comments.models import GENERAL, ClauseCommentCount, Comment
from coproduce.extensions import db
from coproduce.moderation.models import Moderation

PAGE_SIZE = 50
SHOWN_DEPTH = 4  # deeper replies are behind "continue this thread"
SORTS = {
    "oldest": (Comment.created_at.asc(), Comment.id.asc()),
    "newest": (Comment.created_at.desc(), Comment.id.desc()),
    "replies": (Comment.reply_count.desc(), Comment.id.asc()),
}


def counts_by_clause(document_id: int, version_number: int) -> dict[str | None, int]:
    """Comments (replies included) per clause key (None: general comments), made up to this version;
    deleted, held and hidden ones left out. Adds up the kept counts: one row per clause and version."""
    counts = ClauseCommentCount
    rows = db.session.execute(
        select(counts.clause_key, func.sum(counts.comments))
        .where(counts.document_id == document_id, counts.version_number <= version_number)
        .group_by(counts.clause_key)
    ).all()
    return {(key if key != GENERAL else None): int(total) for key, total in rows if total}


def threads(document_id: int, version_number: int, clause_key: str | None, *, sort: str = "oldest",
            page: int = 1, removed_keys=None,
            viewer_id: int | None = None, moderator: bool = False) -> tuple[list[Comment], int]:
    """One page of top-level comments on a clause (or the whole version) made up to this version.

    With removed_keys (documents.queries.removed_clause_keys): threads on those clauses instead, which
    are no longer in the version.
    """
    query = select(Comment).where(
        Comment.document_id == document_id, Comment.version_number <= version_number, Comment.parent_id.is_(None)
    )
    if not moderator:
        query = query.where(seen_by(viewer_id))
    if removed_keys is not None:
        query = query.where(Comment.clause_key.in_(removed_keys))
    elif clause_key is None:
        query = query.where(Comment.clause_key.is_(None))
    else:
        query = query.where(Comment.clause_key == clause_key)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    roots = db.session.scalars(
        query.order_by(*SORTS.get(sort, SORTS["oldest"])).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return roots, total


def get_comment(document_id: int, comment_id: int) -> Comment | None:
    comment = db.session.get(Comment, comment_id)
    return comment if comment is not None and comment.document_id == document_id else None


# What a thread shows of each comment's author and organisation, and not the Markdown source: loading
# whole people and organisations (with their area) costs more than the comments themselves.
AS_SHOWN = (
    defer(Comment.body),
    joinedload(Comment.author).load_only(User.name),
    joinedload(Comment.organisation).load_only(Organisation.name, Organisation.slug, Organisation.kind,
                                                  Organisation.verified_at)
    .lazyload(Organisation.area),
)


def seen_by(viewer_id: int | None):
    """Comments this reader may see if not a moderator: those awaiting moderation only by their author."""
    return (Comment.moderation != Moderation.HELD) | (Comment.author_id == (viewer_id or 0))


def below(top: Comment):
    """`top` and every comment under it: a range of the thread's index (root_id, path)."""
    return (Comment.root_id == top.root_id) & Comment.path.startswith(top.path, autoescape=True)


@dataclass
class Node:
    comment: Comment
    children: list[Node] = field(default_factory=list)
    more_below: bool = False  # replies exist deeper than we show


def shown_tree(top: Comment, viewer_id: int | None, moderator: bool, max_depth: int = SHOWN_DEPTH) -> Node:
    """`top` with the replies this reader may see nested under it, `max_depth` levels deep; where
    replies go deeper still, the comment says so. Two queries, loading only the comments shown."""
    shown = (select(Comment).where(below(top), Comment.depth <= top.depth + max_depth).order_by(Comment.path)
             .options(*AS_SHOWN))
    deeper = (select(Comment.parent_id).distinct()
              .where(below(top), Comment.depth == top.depth + max_depth + 1))
    if not moderator:
        shown, deeper = shown.where(seen_by(viewer_id)), deeper.where(seen_by(viewer_id))
    return build_tree(db.session.scalars(shown).all(), top, set(db.session.scalars(deeper)))


def build_tree(comments: list[Comment], top: Comment, with_more: set[int] = frozenset()) -> Node:
    """Nest a depth-first list under `top`; the comments whose ids are in `with_more` have replies
    deeper than shown. A comment whose parent is not in the list is left out, with its replies."""
    nodes = {c.id: Node(c, more_below=c.id in with_more) for c in comments}
    root = nodes.get(top.id) or Node(top)
    for comment in comments:
        if comment.id != top.id and comment.parent_id in nodes:
            nodes[comment.parent_id].children.append(nodes[comment.id])
    return root
