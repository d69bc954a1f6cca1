"""Reading comments in a fixed number of queries, whatever the thread size."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from coproduce.comments.models import GENERAL, ClauseCommentCount, Comment
from coproduce.extensions import db

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
            page: int = 1, keys=None, removed: bool = False,
            viewer_id: int | None = None, moderator: bool = False) -> tuple[list[Comment], int]:
    """One page of top-level comments on a clause (or the whole version) made up to this version.

    With removed=True: threads on clauses that are no longer in the version (keys: a set, or a subquery).
    """
    query = select(Comment).where(
        Comment.document_id == document_id, Comment.version_number <= version_number, Comment.parent_id.is_(None)
    )
    if not moderator:  # comments awaiting moderation are seen by their author and moderators only
        query = query.where((Comment.moderation != "held") | (Comment.author_id == (viewer_id or 0)))
    if removed:
        query = query.where(Comment.clause_key.is_not(None), Comment.clause_key.not_in(keys if keys is not None else ()))
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


def subtree(top: Comment) -> list[Comment]:
    """`top` and everything below it, depth-first, in one query."""
    return db.session.scalars(
        select(Comment)
        .where(Comment.root_id == top.root_id, Comment.path.startswith(top.path, autoescape=True))
        .order_by(Comment.path)
    ).all()


@dataclass
class Node:
    comment: Comment
    children: list[Node] = field(default_factory=list)
    more_below: bool = False  # replies exist deeper than we show


def visible_to(comments: list[Comment], viewer_id: int | None, moderator: bool) -> list[Comment]:
    """Drop comments awaiting moderation that this reader may not see."""
    if moderator:
        return comments
    return [c for c in comments if c.moderation != "held" or c.author_id == viewer_id]


def build_tree(comments: list[Comment], top: Comment, max_depth: int = SHOWN_DEPTH) -> Node:
    """Nest a depth-first list under `top`, showing replies up to `max_depth` levels below it."""
    nodes = {c.id: Node(c) for c in comments}
    root = nodes.get(top.id) or Node(top)
    for comment in comments:
        if comment.id == top.id or comment.parent_id not in nodes:
            continue
        parent = nodes[comment.parent_id]
        below = comment.depth - top.depth
        if below > max_depth + 1:
            continue
        if below == max_depth + 1:
            parent.more_below = True
            continue
        parent.children.append(nodes[comment.id])
    return root
