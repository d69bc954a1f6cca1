"""The response report's downloads: every piece of input on a version, one row
each (comments, replies, amendments), with the owning body's response. They
are the public record, so they list everything; plain rows rather than
objects keep that quick for a national consultation. Three queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import aliased

from coproduce.accounts.models import Organisation, User
from coproduce.amendments.models import Amendment, resulting_text
from coproduce.amendments.report import of_version, outcome_of, roots_of
from coproduce.comments.models import Comment
from coproduce.documents.models import Version, VersionClause, in_reader_language
from coproduce.extensions import db
from coproduce.moderation.models import Moderation

CSV_FIELDS = ["type", "id", "made_at", "clause_number", "clause_heading", "author", "organisation",
              "organisation_kind", "stance", "text", "response", "response_by", "outcome", "text_to_be_used"]


def input_rows(version: Version) -> Iterator[dict]:
    """One row per piece of input, clause by clause (the whole version last): each thread's comments
    in thread order, then the clause's amendments. The body's own answers are responses, not input."""
    clauses = {
        key: (number, in_reader_language(heading, heading_cy))
        for key, number, heading, heading_cy in db.session.execute(
            select(VersionClause.key, VersionClause.number, VersionClause.heading, VersionClause.heading_cy)
            .where(VersionClause.version_id == version.id).order_by(VersionClause.position)
        )
    }
    threads: dict[str | None, list[list]] = defaultdict(list)
    thread_of: dict[int, list] = {}
    for comment in db.session.execute(  # held comments are not public yet: they are no one's input so far
        select(Comment.id, Comment.parent_id, Comment.root_id, Comment.clause_key, Comment.created_at,
               Comment.stance, Comment.body, Comment.is_official, Comment.deleted_at, Comment.moderation,
               User.name.label("author"), Organisation.name.label("organisation"),
               Organisation.kind.label("organisation_kind"))
        .join(User, User.id == Comment.author_id).outerjoin(Organisation, Organisation.id == Comment.organisation_id)
        .where(Comment.root_id.in_(roots_of(version)), Comment.moderation != Moderation.HELD)
        .order_by(Comment.root_id, Comment.path)
    ):
        if comment.parent_id is None:
            thread_of[comment.id] = [comment]
            threads[comment.clause_key if comment.clause_key in clauses else None].append(thread_of[comment.id])
        elif comment.root_id in thread_of:  # a reply under a held comment waits with it
            thread_of[comment.root_id].append(comment)

    proposer, decider = aliased(User), aliased(User)
    amendments = defaultdict(list)
    for amendment in db.session.execute(
        select(Amendment.id, Amendment.clause_key, Amendment.created_at, Amendment.proposed_text,
               Amendment.decided_text, Amendment.response, Amendment.outcome, Amendment.state, Amendment.moderation,
               proposer.name.label("author"), Organisation.name.label("organisation"),
               Organisation.kind.label("organisation_kind"), decider.name.label("decided_by"))
        .join(proposer, proposer.id == Amendment.proposer_id)
        .join(Organisation, Organisation.id == Amendment.organisation_id)
        .outerjoin(decider, decider.id == Amendment.decided_by_id)
        .where(of_version(version)).order_by(Amendment.id)
    ):
        amendments[amendment.clause_key if amendment.clause_key in clauses else None].append(amendment)

    for key in [*clauses, None]:
        number, heading = clauses.get(key, ("", ""))
        for thread in threads[key]:
            official = [c for c in thread if c.is_official and c.deleted_at is None and c.moderation == Moderation.VISIBLE]
            answer = " | ".join(c.body for c in official)
            answered_by = ", ".join(sorted({c.author for c in official}))
            for comment in thread:
                if comment.is_official:
                    continue
                yield {
                    "type": "comment" if comment.parent_id is None else "reply", "id": comment.id,
                    "made_at": comment.created_at.isoformat(), "clause_number": number, "clause_heading": heading,
                    "author": comment.author, "organisation": comment.organisation or "",
                    "organisation_kind": comment.organisation_kind or "", "stance": comment.stance or "",
                    # Hidden and deleted words appear in no export: the row says only that they were there.
                    "text": "" if comment.deleted_at or comment.moderation != Moderation.VISIBLE else comment.body,
                    "response": answer, "response_by": answered_by, "outcome": "", "text_to_be_used": "",
                }
        for amendment in amendments[key]:
            yield {
                "type": "amendment", "id": amendment.id, "made_at": amendment.created_at.isoformat(),
                "clause_number": number, "clause_heading": heading, "author": amendment.author,
                "organisation": amendment.organisation, "organisation_kind": amendment.organisation_kind,
                "stance": "", "text": "" if amendment.moderation != Moderation.VISIBLE else amendment.proposed_text,
                "response": amendment.response or "", "response_by": amendment.decided_by or "",
                "outcome": outcome_of(amendment.outcome, amendment.state),
                "text_to_be_used": resulting_text(amendment.outcome, amendment.proposed_text,
                                                  amendment.decided_text) or "",
            }
