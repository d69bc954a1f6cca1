"""A lively demo discussion on the national strategy: threads on both
versions, replies, and official responses from the Welsh Government."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from coproduce.comments.models import Comment
from coproduce.comments.services import post_comment
from coproduce.documents.models import Document, Version
from coproduce.extensions import db

W = "Welsh Government, Communities Division"
P = "Penrhos Community Pantry"
T = "Tŷ Cymunedol Development Trust"
A = "Afon Mutual Aid"
G = "Glanmôr Voluntary Council"
GCC = "Glanmôr County Council"

# (version, clause heading or None, author, organisation or None, stance, text, replies)
# A reply is (author, organisation or None, stance or None, text, replies); author "carys" answers officially.
THREADS = [
    (1, "Purpose", "dafydd", P, "support",
     "We welcome a strategy that treats community groups as partners. The pandemic showed what we can do together.",
     [("megan", T, "support", "Agreed. We would add health boards: most of our referrals came from GPs.", [
         ("carys", W, None, "Thank you both. We will name health boards as partners in the next version.", []),
     ]),
      ("tom", None, "question", "Does \"partners\" include informal groups like ours, with no constitution?", [
          ("sian", G, None, "It should. The Voluntary Council can vouch for informal groups in Glanmôr.", []),
          ("carys", W, None, "Yes. Verification by a County Voluntary Council is enough to take part as a partner.", []),
      ])]),
    (1, "Principles of co-production", "megan", T, "suggestion",
     "Please commit to publishing the reasons for decisions. Otherwise co-production becomes consultation again.",
     [("aisha", P, "support", "Yes: \"you said, we did\" for every decision.", []),
      ("carys", W, None, "We agree and have added this to the principles in version 2.", [])]),
    (1, "Funding", "dafydd", P, "concern",
     "Two-year funding is too short. We lose trained volunteers every time a grant ends.",
     [("megan", T, "support", "Three years at least, and one application instead of five.", [
         ("aisha", P, None, "And please pay on time: we have covered costs from our own reserves twice this year.", [
             ("sian", G, None, "Several groups told us the same at our Glanmôr network meeting.", []),
         ]),
     ]),
      ("carys", W, None, "We have changed this to three years, with a single application, in version 2.", [])]),
    (1, "Representation", "sian", G, "suggestion",
     "One seat is not enough for the whole sector. County Voluntary Councils could choose two representatives.",
     [("dafydd", P, "support", "Two seats, chosen openly, with a report back to groups after each meeting.", []),
      ("tom", A, "concern", "Seats tend to go to the same large charities. How will small groups be heard?", [
          ("sian", G, None, "We would rotate one seat among smaller groups each year.", []),
      ])]),
    (1, "Information sharing", "aisha", P, "question",
     "Which data? We would find referral numbers by ward most useful for planning food deliveries.",
     [("carys", W, None, "Referral numbers by ward are a good example. We will list the data sets in the guidance.", [])]),
    (1, "Volunteering", "tom", A, "support",
     "A single register of volunteering opportunities would have saved us weeks in 2020.", []),
    (1, "Review", "megan", T, "suggestion",
     "Reviews should be done with community organisations, not just reported to them.",
     [("carys", W, None, "Agreed; version 2 says the review will be done with community organisations.", [])]),
    (1, None, "sian", G, "support",
     "Overall a strong first draft. Glanmôr groups are keen to help shape the next version.",
     [("rhodri", GCC, "support", "Glanmôr County Council supports this too, and will align our local agreement.", [])]),
    (2, "Funding", "dafydd", P, "support",
     "Thank you for listening on three-year funding. This makes a real difference.",
     [("megan", T, "support", "The single application is very welcome.", [])]),
    (2, "Welsh language", "megan", T, "support",
     "Good to see this. Small groups need help with translation costs to work bilingually.",
     [("aisha", P, "question", "Could translation support be shared between groups through the Voluntary Council?", [
         ("sian", G, None, "We could coordinate a shared translation budget for Glanmôr.", []),
     ])]),
    (2, "Representation", "tom", A, "concern",
     "Please say how the two representatives report back to groups that are not on the Board.",
     [("carys", W, None, "We will ask each Public Service Board to publish a short note after every meeting.", [])]),
    (2, "Purpose", "aisha", None, "support",
     "Speaking for myself: \"equal partners\" is the right phrase.", []),
    (2, None, "dafydd", P, "question",
     "When will the final version be published for sign-off?",
     [("carys", W, None, "After this consultation closes we will publish the responses and a final version.", [])]),
    (2, "Working with Public Service Boards", "sian", G, "question",
     "Will Public Service Boards have to invite community organisations to set their agendas, or only to attend?",
     [("megan", T, "support", "Setting the agenda matters most. We are usually asked once the decisions are made.", []),
      ("carys", W, None, "To help set them. The guidance will ask each Board to agree its agenda with the sector "
                         "representatives.", [
          ("sian", G, "support", "Thank you. We will share the guidance with every group in Glanmôr.", []),
      ])]),
    (2, "Information sharing", "tom", A, "concern",
     "Informal groups like ours keep very little data. Please do not make sharing data a condition of funding.",
     [("aisha", P, None, "We had the same worry. A short yearly note of what we did should be enough.", []),
      ("carys", W, None, "Sharing data will be voluntary. Nothing in the strategy ties it to funding.", [])]),
    (2, "Volunteering", "dafydd", P, "suggestion",
     "Could the volunteer register also record training, so that volunteers need not repeat safeguarding courses?",
     [("rhodri", GCC, "support", "Glanmôr County Council would accept training recorded there for our own "
                                 "volunteer roles.", [])]),
]


def load_demo_comments(users, organisations) -> bool:
    strategy = db.session.scalar(select(Document).where(Document.slug == "a-communities-strategy-for-wales"))
    if strategy is None:
        return False
    if db.session.scalar(select(func.count()).select_from(Comment).where(Comment.document_id == strategy.id)):
        return False
    people = {email.split(".")[0]: user for email, user in users.items()}
    versions = {v.number: v for v in db.session.scalars(select(Version).where(Version.document_id == strategy.id))}
    minute = timedelta(minutes=37)

    def post(version, author, organisation, stance, text, *, clause_key=None, parent=None, at):
        official = author == "carys"
        return post_comment(
            version=version, author=people[author], body=text, stance=stance,
            organisation=organisations[organisation] if organisation else None,
            clause_key=clause_key, parent=parent, official=official, at=at,
        )

    def replies(version, parent, items, at):
        for author, organisation, stance, text, children in items:
            at += minute
            comment = post(version, author, organisation, stance, text, parent=parent, at=at)
            at = replies(version, comment, children, at)
        return at

    # These replay a discussion moderators already let through; the moderation demo shows held comments.
    premoderated, strategy.premoderated = strategy.premoderated, False
    started: dict[int, int] = {}  # threads started so far on each version
    for number, heading, author, organisation, stance, text, thread in THREADS:
        version = versions[number]
        key = next((c.key for c in version.clauses if c.heading == heading), None) if heading else None
        index = started[number] = started.get(number, -1) + 1
        at = version.opens_at + timedelta(hours=2 + 8 * index)  # inside each window, never in the future
        root = post(version, author, organisation, stance, text, clause_key=key, at=at)
        replies(version, root, thread, at)
    strategy.premoderated = premoderated
    return True
