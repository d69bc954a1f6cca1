"""Demo moderation on the national strategy: a reported comment, a hidden one
whose replies stay, a comment held for moderation, and a paper response
entered by the County Voluntary Council."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from coproduce.comments.services import post_comment
from coproduce.documents.models import Document, Version
from coproduce.extensions import db
from coproduce.moderation import services
from coproduce.moderation.models import Moderation, ModerationAction

A = "Afon Mutual Aid"
P = "Penrhos Community Pantry"
T = "Tŷ Cymunedol Development Trust"
G = "Glanmôr Voluntary Council"


def load_demo_moderation(users, organisations) -> bool:
    strategy = db.session.scalar(select(Document).where(Document.slug == "a-communities-strategy-for-wales"))
    if strategy is None or db.session.scalar(select(ModerationAction.id).where(
            ModerationAction.document_id == strategy.id).limit(1)):
        return False
    people = {email.split(".")[0]: user for email, user in users.items()}
    version = db.session.scalar(select(Version).where(Version.document_id == strategy.id,
                                                      Version.number == strategy.latest_version_number))
    clause = next(c for c in version.clauses if c.heading == "Working with Public Service Boards")
    at = version.opens_at + timedelta(days=2)
    premoderated, strategy.premoderated = strategy.premoderated, False  # the demo places each case itself

    reported = post_comment(version=version, author=people["tom"], organisation=organisations[A], stance="concern",
                            clause_key=clause.key, at=at,
                            body="Public Service Boards are a talking shop. Nobody there listens to small groups.")
    services.report_item(reported, people["aisha"], "off_topic",
                         "This is about the Boards in general, not this clause.")

    hidden = post_comment(version=version, author=people["tom"], organisation=None, stance="concern",
                          clause_key=clause.key, at=at + timedelta(hours=1),
                          body="Ring the council's director at home on 01234 567890 and tell him what you think.")
    post_comment(version=version, author=people["megan"], organisation=organisations[T], stance=None, parent=hidden,
                 at=at + timedelta(hours=2), body="Please don't share people's home numbers here.")
    post_comment(version=version, author=people["dafydd"], organisation=organisations[P], stance=None, parent=hidden,
                 at=at + timedelta(hours=3), body="The partnership meetings are open to everyone: come along instead.")
    services.report_item(hidden, people["megan"], "personal_information", "A private phone number.")
    services.hide(hidden, people["sian"], "personal_information",
                  "The comment shared a private phone number. Please raise concerns at the partnership meeting.")

    strategy.premoderated = True
    held = post_comment(version=version, author=people["tom"], organisation=organisations[A], stance="suggestion",
                        clause_key=clause.key, at=at + timedelta(hours=4),
                        body="Boards could meet in the evening sometimes, so volunteers with day jobs can come.")
    assert held.moderation == Moderation.HELD

    post_comment(version=version, author=people["sian"], organisation=organisations[A], stance="support",
                 clause_key=clause.key, at=at + timedelta(hours=5), channel="paper", sent_by_name="Tom Baker",
                 body="Written on a form at the Afon drop-in: we would like a Board member to visit us once a year.")
    strategy.premoderated = premoderated
    db.session.flush()
    return True
