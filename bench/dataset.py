"""The rows of a national consultation, built in memory with explicit ids.

No database here: build() returns {table name: [row dicts]} plus the facts the
benchmark needs (the document's slug, the big thread's root, ...). Comments,
their threads (root_id, path, depth, reply_count), the counts per clause and
amendments are kept consistent with what the services would have written.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from types import SimpleNamespace

from corpus import SUBHEADINGS, THEMES, Corpus
from werkzeug.security import generate_password_hash

from coproduce.areas import PRINCIPAL_AREAS, WALES
from coproduce.columns import utcnow
from coproduce.comments.models import GENERAL, path_segment
from coproduce.documents.canonical import canonical_text, content_hash
from coproduce.documents.numbering import clause_numbers
from coproduce.markup import render_markdown

PASSWORD = "bench-password-1"  # every generated person's password: bench databases only
SLUG = "communities-strategy-wales"
MAX_DEPTH = 8


@dataclass(frozen=True)
class Scale:
    organisations: int = 2_000
    people: int = 10_000
    comments: int = 50_000
    amendments: int = 5_000
    clauses: int = 300
    versions: int = 12
    big_thread: int = 1_000


LARGE = Scale()


def growth(comments: int) -> Scale:
    """The growth series: only the number of comments changes; the measured thread stays at 200."""
    return replace(LARGE, comments=comments, big_thread=200)


class Ids:
    def __init__(self):
        self.counters: dict[str, itertools.count] = {}

    def next(self, table: str) -> int:
        return next(self.counters.setdefault(table, itertools.count(1)))


def zipf_weights(n: int, rng: random.Random, s: float = 0.9) -> list[float]:
    """Some clauses draw far more comment than others."""
    ranks = list(range(1, n + 1))
    rng.shuffle(ranks)
    return [1 / r ** s for r in ranks]


class Builder:
    def __init__(self, scale: Scale, seed: int, welsh: bool):
        self.scale = scale
        self.rng = random.Random(seed)
        self.text = Corpus(self.rng)
        self.welsh = welsh
        self.ids = Ids()
        self.rows: dict[str, list[dict]] = {}
        self.now = utcnow().replace(microsecond=0)
        self.html_cache: dict[str, str] = {}
        self.facts: dict = {"slug": SLUG, "password": PASSWORD, "scale": scale.__dict__}

    def add(self, table: str, **row) -> dict:
        row.setdefault("id", self.ids.next(table))
        self.rows.setdefault(table, []).append(row)
        return row

    def html(self, markdown: str) -> str:
        if markdown not in self.html_cache:
            self.html_cache[markdown] = str(render_markdown(markdown))
        return self.html_cache[markdown]

    def between(self, start: datetime, end: datetime) -> datetime:
        return start + timedelta(seconds=self.rng.uniform(0, (end - start).total_seconds()))

    # --- people and organisations ---------------------------------------------------

    def people_and_organisations(self) -> None:
        rng, scale = self.rng, self.scale
        first_opens = self.now - timedelta(weeks=8 * scale.versions)
        password_hash = generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")
        areas = [code for code, _en, _cy in PRINCIPAL_AREAS]
        wg = self.add("organisation", name="Welsh Government, Communities Division", slug="welsh-government",
                      kind="public_body", area_code=WALES, description="", created_at=first_opens, verified_at=None)
        self.public_bodies = [wg]
        for code, name, _cy in PRINCIPAL_AREAS:
            self.public_bodies.append(self.add("organisation", name=f"{name} Council", slug=f"{code}-council",
                                               kind="public_body", area_code=code, description="",
                                               created_at=first_opens, verified_at=None))
        for n in range(7):
            self.public_bodies.append(self.add("organisation", name=f"Health Board {n + 1}", slug=f"health-board-{n + 1}",
                                               kind="public_body", area_code=WALES, description="",
                                               created_at=first_opens, verified_at=None))
        self.cvcs = [self.add("organisation", name=f"{name} Voluntary Council", slug=f"{code}-cvc", kind="cvc",
                              area_code=code, description="", created_at=first_opens, verified_at=None)
                     for code, name, _cy in PRINCIPAL_AREAS]
        self.communities = []
        seen: set[str] = set()
        for n in range(scale.organisations - len(self.public_bodies) - len(self.cvcs)):
            name = self.text.group_name()
            if name in seen:
                name = f"{name} {n}"
            seen.add(name)
            self.communities.append(self.add(
                "organisation", name=name, slug=f"group-{n + 1}", kind="community", area_code=rng.choice(areas),
                description="A community group.", created_at=first_opens - timedelta(days=rng.randint(1, 300)),
                verified_at=first_opens if rng.random() < 0.85 else None,
            ))
        for n in range(scale.people):
            self.add("user", email=f"person{n + 1}@example.org", name=self.text.person_name(), password_hash=password_hash,
                     session_token=f"bench{n + 1:08d}", email_confirmed_at=first_opens,
                     preferred_language="cy" if rng.random() < 0.2 else "en", listed_publicly=rng.random() < 0.3,
                     is_site_admin=n == 0, created_at=first_opens - timedelta(days=rng.randint(8, 200)))
        users = self.rows["user"]
        users[0]["name"] = "Carys Morgan"
        self.memberships(users, wg)

    def memberships(self, users: list[dict], wg: dict) -> None:
        rng = self.rng
        self.members_of: dict[int, list[int]] = {}  # organisation id -> approved member ids
        self.orgs_of: dict[int, list[int]] = {}  # user id -> organisations they speak for
        taken: set[tuple[int, int]] = set()

        def join(user: dict, org: dict, status: str = "approved") -> None:
            if (user["id"], org["id"]) in taken:
                return
            taken.add((user["id"], org["id"]))
            first = org["id"] not in self.members_of
            approved = status == "approved"
            self.add("membership", user_id=user["id"], organisation_id=org["id"], role="admin" if first else "member",
                     status=status, is_signatory=first and approved, is_moderator=first and org["kind"] == "cvc",
                     request_note="", requested_at=user["created_at"],
                     decided_at=user["created_at"] if status != "pending" else None)
            if approved:
                self.members_of.setdefault(org["id"], []).append(user["id"])
                self.orgs_of.setdefault(user["id"], []).append(org["id"])

        self.officers = [u["id"] for u in users[:5]]
        for user in users[:5]:
            join(user, wg)
        for user in users[5:]:
            r = rng.random()
            pool = self.public_bodies if r < 0.12 else self.cvcs if r < 0.17 else self.communities
            status = "approved" if rng.random() < 0.95 else rng.choice(("pending", "declined"))
            join(user, rng.choice(pool), status)
            if rng.random() < 0.3:
                join(user, rng.choice(self.communities))
        self.moderators = [self.members_of[c["id"]][0] for c in self.cvcs if c["id"] in self.members_of]
        community_ids = {o["id"] for o in self.communities + self.cvcs}
        self.speakers = [(u, o) for u, orgs in self.orgs_of.items() for o in orgs if o in community_ids]

    # --- the document and its versions ----------------------------------------------

    def document(self) -> None:
        scale = self.scale
        wg = self.public_bodies[0]
        title = "A Communities Strategy for Wales"
        title_cy = "Strategaeth Cymunedau i Gymru" if self.welsh else ""
        document = self.add("document", slug=SLUG, title=title, summary="How public bodies and community "
                            "organisations in Wales work together, co-produced with the sector.", kind="strategy",
                            owner_id=wg["id"], area_code=WALES, created_by_id=self.officers[0],
                            latest_version_number=scale.versions, premoderated=True,
                            created_at=self.now - timedelta(weeks=8 * scale.versions + 4),
                            **({"title_cy": title_cy} if self.welsh else {}))
        self.document_id = document["id"]
        for org in [wg, *self.cvcs[:3]]:
            self.add("document_party", document_id=document["id"], organisation_id=org["id"])

        clauses = self.first_clauses(scale.clauses - (scale.versions - 1))
        self.versions: list[dict] = []
        self.clauses_of: list[list[dict]] = []  # per version: the clause dicts, in order
        for number in range(1, scale.versions + 1):
            if number > 1:
                clauses = self.next_clauses(clauses)
            opens = self.now - timedelta(days=21) - timedelta(weeks=8 * (scale.versions - number))
            closes = opens + (timedelta(days=81) if number == scale.versions else timedelta(weeks=6))
            numbers = clause_numbers([c["level"] for c in clauses])
            frozen = [SimpleNamespace(**c, number=numbers[i]) for i, c in enumerate(clauses)]
            digest = content_hash(canonical_text(title, SLUG, number, frozen, **({"title_cy": title_cy}
                                                                                 if self.welsh else {})))
            version = self.add("version", document_id=document["id"], number=number, title=title,
                               change_note="" if number == 1 else "Changes after the last round of comments.",
                               opens_at=opens, closes_at=closes, content_hash=digest, published_at=opens,
                               published_by_id=self.officers[0], **({"title_cy": title_cy} if self.welsh else {}))
            for position, clause in enumerate(frozen):
                welsh = {"heading_cy": clause.heading_cy, "body_cy": clause.body_cy,
                         "body_html_cy": self.html(clause.body_cy)} if self.welsh else {}
                self.add("version_clause", version_id=version["id"], key=clause.key, position=position,
                         number=clause.number, level=clause.level, heading=clause.heading, body=clause.body,
                         body_html=self.html(clause.body), **welsh)
            self.versions.append(version)
            self.clauses_of.append([dict(c) for c in clauses])
        draft = self.add("draft", document_id=document["id"], lock_version=scale.versions + 1,
                         updated_at=self.now, updated_by_id=self.officers[0])
        for position, clause in enumerate(clauses):
            welsh = {"heading_cy": clause["heading_cy"], "body_cy": clause["body_cy"]} if self.welsh else {}
            self.add("draft_clause", draft_id=draft["id"], key=clause["key"], position=position, level=clause["level"],
                     heading=clause["heading"], body=clause["body"], revision=1, updated_at=self.now,
                     updated_by_id=self.officers[0], **welsh)
        latest = self.versions[-1]
        self.facts.update(versions=scale.versions, clauses_latest=len(clauses),
                          clauses_first=len(self.clauses_of[0]), latest_opens=latest["opens_at"].isoformat())

    def new_clause(self, theme: str, level: int, heading: str) -> dict:
        return {"key": f"{self.rng.getrandbits(32):08x}", "level": level, "theme": theme, "heading": heading,
                "body": self.text.clause_body(theme), "heading_cy": f"{heading} (Cymraeg)" if self.welsh else "",
                "body_cy": self.text.welsh_body() if self.welsh else ""}

    def first_clauses(self, count: int) -> list[dict]:
        per_theme = count // len(THEMES)
        clauses = []
        for t, theme in enumerate(THEMES):
            clauses.append(self.new_clause(theme, 1, theme))
            below = per_theme - 1 + (1 if t < count % len(THEMES) else 0)
            for n in range(below):
                level = 3 if n > 0 and clauses[-1]["level"] >= 2 and self.rng.random() < 0.1 else 2
                clauses.append(self.new_clause(theme, level, f"{SUBHEADINGS[n % len(SUBHEADINGS)]}"
                                               + (f" ({n // len(SUBHEADINGS) + 1})" if n >= len(SUBHEADINGS) else "")))
        return clauses

    def next_clauses(self, previous: list[dict]) -> list[dict]:
        """A few changes between versions: ~6% of texts revised, one clause removed, two added, one moved."""
        rng = self.rng
        clauses = [dict(c) for c in previous]
        for clause in rng.sample(clauses, max(1, len(clauses) * 6 // 100)):
            clause["body"] = self.text.revise(clause["body"], clause["theme"])
        removable = [i for i in range(1, len(clauses) - 1)
                     if clauses[i]["level"] == 2 and clauses[i + 1]["level"] != 3]
        del clauses[rng.choice(removable)]
        for _ in range(2):
            at = rng.choice([i for i in range(1, len(clauses)) if clauses[i]["level"] == 2])
            clauses.insert(at + 1, self.new_clause(clauses[at]["theme"], 2, "Additional commitment"))
        swappable = [i for i in range(1, len(clauses) - 2)
                     if clauses[i]["level"] == 2 and clauses[i + 1]["level"] == 2 and clauses[i + 2]["level"] != 3]
        i = rng.choice(swappable)
        clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
        return clauses

    # --- comments ---------------------------------------------------------------------

    def thread_shape(self, size: int, deep_share: float) -> list[int | None]:
        """Parent index of each comment (None for the root), depth never above MAX_DEPTH."""
        rng = self.rng
        parents: list[int | None] = [None]
        depths = [0]
        for i in range(1, size):
            r = rng.random()
            if r < 0.35:
                parent = 0
            elif r < 0.35 + deep_share:
                parent = rng.randrange(max(0, i - 6), i)  # a conversation going on below a recent reply
            else:
                parent = rng.randrange(i)
            while depths[parent] >= MAX_DEPTH:
                parent = parents[parent]
            parents.append(parent)
            depths.append(depths[parent] + 1)
        return parents

    def thread_size(self) -> int:
        r = self.rng.random()
        if r < 0.45:
            return 1
        if r < 0.75:
            return self.rng.randint(2, 4)
        if r < 0.92:
            return self.rng.randint(5, 13)
        if r < 0.99:
            return self.rng.randint(14, 41)
        return self.rng.randint(42, 151)

    def comments(self) -> None:
        rng, scale = self.rng, self.scale
        weights = [3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10][-scale.versions:]
        budget = scale.comments - scale.big_thread
        shares = [budget * w // sum(weights) for w in weights]
        shares[-1] += budget - sum(shares)
        user_ids = [u["id"] for u in self.rows["user"]]
        pending: list[dict] = []  # every comment before ids are given, in the order made
        for index, (version, clauses, share) in enumerate(zip(self.versions, self.clauses_of, shares, strict=True)):
            latest = index == len(self.versions) - 1
            start, end = version["opens_at"], min(version["closes_at"], self.now - timedelta(minutes=5))
            keys = [c["key"] for c in clauses]
            cumulative = list(itertools.accumulate(zipf_weights(len(keys), rng)))
            if latest:
                hot = keys[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
                pending += self.thread(self.thread_shape(scale.big_thread, 0.25), version, hot, start, end,
                                       user_ids, latest, big=True)
            made = 0
            while made < share:
                size = min(self.thread_size(), share - made)
                official = not latest and size > 1 and rng.random() < 0.35
                key = None if rng.random() < 0.06 else keys[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
                pending += self.thread(self.thread_shape(size, 0.3), version, key, start, end, user_ids, latest,
                                       official=official)
                made += size
        self.give_ids(pending)

    def thread(self, parents, version, key, start, end, user_ids, latest, official=False, big=False) -> list[dict]:
        rng = self.rng
        span = (end - start).total_seconds()
        made = []
        for i, parent in enumerate(parents):
            if parent is None:
                at = start + timedelta(seconds=rng.uniform(0, span * (0.5 if big else 0.85)))
            else:
                gap = rng.expovariate(1 / min(6 * 3600, span / (40 if big else 10)))
                at = min(made[parent]["created_at"] + timedelta(seconds=gap), end)
            is_official = official and i == len(parents) - 1 and parent is not None
            if is_official:
                parent = 0
                author, organisation = rng.choice(self.officers), self.public_bodies[0]["id"]
                stance, body = None, self.text.official_reply()
            else:
                author, organisation = self.speaker(user_ids)
                stance = rng.choice(("support", "concern", "question", "suggestion")) \
                    if parent is None or rng.random() < 0.4 else None
                body = self.text.comment_body(stance)
            r = rng.random()
            moderation = "hidden" if r < 0.005 else "held" if latest and r < 0.008 and not big else "visible"
            made.append({
                "parent": parent, "document_id": self.document_id, "version_id": version["id"],
                "version_number": version["number"], "clause_key": key, "author_id": author,
                "organisation_id": organisation, "stance": stance, "body": body, "body_html": self.html(body),
                "is_official": is_official, "created_at": at, "moderation": moderation,
                "hidden_category": "off_topic" if moderation == "hidden" else None,
                "deleted_at": at + timedelta(hours=1) if rng.random() < 0.004 and not is_official else None,
                "big": big,
            })
        for comment in made[1:]:
            comment["parent"] = made[comment["parent"]]
        made[0]["parent"] = None
        return made

    def speaker(self, user_ids: list[int]) -> tuple[int, int | None]:
        if self.rng.random() < 0.7:
            return self.rng.choice(self.speakers)
        return self.rng.choice(user_ids), None

    def give_ids(self, pending: list[dict]) -> None:
        """Ids in time order (parents before replies), then paths, roots, depths and reply counts."""
        order = sorted(range(len(pending)), key=lambda i: (pending[i]["created_at"], i))
        for i in order:
            comment = pending[i]
            comment["id"] = self.ids.next("comment")
        rows = []
        for i in order:
            comment = pending[i]
            parent = comment.pop("parent")
            big = comment.pop("big")
            if parent is None:
                comment.update(parent_id=None, root_id=comment["id"], path=path_segment(comment["id"]), depth=0,
                               reply_count=0)
                if big:
                    self.facts["big_thread_root"] = comment["id"]
            else:
                comment.update(parent_id=parent["id"], root_id=parent["root_id"],
                               path=f"{parent['path']}/{path_segment(comment['id'])}", depth=parent["depth"] + 1,
                               reply_count=0)
            comment.update(edited_at=None, original_body=None, locked_at=None, channel=None, sent_by_name=None)
            rows.append(comment)
        by_id = {c["id"]: c for c in rows}
        counts: dict[tuple, int] = {}
        for comment in rows:
            if comment["moderation"] != "visible" or comment["deleted_at"] is not None:
                continue
            if comment["parent_id"] is not None:
                by_id[comment["root_id"]]["reply_count"] += 1
            key = (comment["version_number"], comment["clause_key"] or GENERAL)
            counts[key] = counts.get(key, 0) + 1
        self.rows["comment"] = rows
        self.rows["clause_comment_count"] = [
            {"document_id": self.document_id, "version_number": number, "clause_key": key, "comments": n}
            for (number, key), n in sorted(counts.items())
        ]
        big = [c for c in rows if c["root_id"] == self.facts["big_thread_root"]]
        self.facts.update(comments=len(rows), big_thread_size=len(big),
                          big_thread_max_depth=max(c["depth"] for c in big))
        for comment in rows:
            if comment["moderation"] == "hidden":
                self.add("moderation_action", item_type="comment", item_id=comment["id"],
                         document_id=self.document_id, target_user_id=comment["author_id"],
                         moderator_id=self.rng.choice(self.moderators), action="hide", category="off_topic",
                         reason="Not about this clause.", created_at=comment["created_at"] + timedelta(hours=2))

    # --- amendments ---------------------------------------------------------------------

    def amendments(self) -> None:
        rng, scale = self.rng, self.scale
        weights = [3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10][-scale.versions:]
        shares = [scale.amendments * w // sum(weights) for w in weights]
        shares[-1] += scale.amendments - sum(shares)
        community_orgs = [o for o in self.members_of if o not in {p["id"] for p in self.public_bodies}]
        for index, (version, clauses, share) in enumerate(zip(self.versions, self.clauses_of, shares, strict=True)):
            latest = index == len(self.versions) - 1
            end = min(version["closes_at"], self.now - timedelta(minutes=5))
            following = {c["key"]: c for c in self.clauses_of[index + 1]} if not latest else {}
            incorporated: set[str] = set()
            cumulative = list(itertools.accumulate(zipf_weights(len(clauses), rng)))
            for _ in range(share):
                clause = clauses[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
                proposer, organisation = rng.choice(self.speakers)
                created = self.between(version["opens_at"], end)
                changed = clause["key"] in following and following[clause["key"]]["body"] != clause["body"]
                applied = changed and clause["key"] not in incorporated
                proposed = following[clause["key"]]["body"] if applied else self.text.revise(clause["body"],
                                                                                              clause["theme"])
                r = rng.random()
                if applied:
                    outcome, state = "accepted", "open"
                elif latest:
                    outcome, state = (rng.choice(("declined", "accepted")) if r < 0.15 else None), "open"
                else:
                    outcome, state = (("accepted_with_changes", "open") if r < 0.12 else ("declined", "open") if r < 0.8
                                      else (None, "withdrawn") if r < 0.9 else (None, "open"))
                decided_at = self.between(created, end + timedelta(days=14)) if outcome else None
                amendment = self.add(
                    "amendment", document_id=self.document_id, version_id=version["id"],
                    version_number=version["number"], clause_key=clause["key"], proposer_id=proposer,
                    organisation_id=organisation, original_text=clause["body"], proposed_text=proposed,
                    rationale=self.text.rationale(), created_at=created, state=state,
                    withdrawn_at=self.between(created, end) if state == "withdrawn" else None,
                    supersedes_id=None, superseded_by_id=None, outcome=outcome,
                    decided_text=proposed + "\n\nWith a timescale added." if outcome == "accepted_with_changes" else None,
                    response=("Thank you: accepted." if outcome and outcome != "declined" else
                              "Declined: the guidance covers this." if outcome else None),
                    decided_at=decided_at, decided_by_id=self.officers[1] if outcome else None,
                    decision_count=1 if outcome else 0, support_count=0, moderation="visible",
                )
                if applied:
                    incorporated.add(clause["key"])
                    self.add("clause_incorporation", version_id=self.versions[index + 1]["id"],
                             clause_key=clause["key"], amendment_id=amendment["id"])
                if outcome:
                    self.add("amendment_decision", amendment_id=amendment["id"], outcome=outcome,
                             decided_text=amendment["decided_text"], response=amendment["response"],
                             decided_at=decided_at, decided_by_id=self.officers[1])
                supporters = [o for o in rng.sample(community_orgs, min(len(community_orgs), int(rng.expovariate(1 / 3))))
                              if o != organisation]
                for org in supporters:
                    self.add("amendment_support", amendment_id=amendment["id"], organisation_id=org,
                             user_id=rng.choice(self.members_of[org]), note="",
                             created_at=self.between(created, decided_at or end))
                amendment["support_count"] = len(supporters)
        self.facts["amendments"] = len(self.rows.get("amendment", []))

    def follows(self) -> None:
        """Posting, proposing and supporting make a person follow the document (as the services do)."""
        people = {c["author_id"] for c in self.rows["comment"]}
        people |= {a["proposer_id"] for a in self.rows.get("amendment", [])}
        people |= {s["user_id"] for s in self.rows.get("amendment_support", [])}
        for user_id in sorted(people):
            self.add("follow", user_id=user_id, document_id=self.document_id, automatic=True, created_at=self.now)


def build(scale: Scale = LARGE, seed: int = 1, welsh: bool = True) -> tuple[dict[str, list[dict]], dict]:
    builder = Builder(scale, seed, welsh)
    builder.people_and_organisations()
    builder.document()
    builder.comments()
    builder.amendments()
    builder.follows()
    builder.facts["rendered_markdown"] = len(builder.html_cache)
    return builder.rows, builder.facts
