"""Small create_* functions for moderation: the Glanmôr cast with moderators, reports and actions,
built with the services and committed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from coproduce.columns import utcnow
from coproduce.extensions import db
from coproduce.moderation import services
from coproduce.moderation.models import ModerationAction
from coproduce.notifications.models import Notification
from tests.comments.factories import (
    Consultation,
    create_comment,
    create_consultation,
    create_group,
    create_member,
    site_context,
)
from tests.factories import add_member, create_organisation, create_user

DISCUSSION = """## Purpose

Community organisations and public bodies work as equal partners.

## Working with Public Service Boards

The sector has one seat on each Public Service Board.
"""

BOARDS = "Working with Public Service Boards"
# Words that must never reach a public page once hidden.
SECRET = "Ring the director at home on 01234 567890"


@dataclass
class World:
    """A Glanmôr consultation (owned by the county council, officer Rhodri) and the demo's cast:
    Siân and Elin moderate for Glanmôr Voluntary Council (Siân is also its admin), Gareth moderates
    for a Cardiff council, Tom speaks for unverified Afon Mutual Aid, and a site admin."""

    consultation: Consultation
    pantry: object
    trust: object
    afon: object
    cvc: object
    other_cvc: object
    aisha: object
    megan: object
    dafydd: object
    tom: object
    sian: object
    elin: object
    gareth: object
    admin: object

    @property
    def rhodri(self):
        return self.consultation.officer

    @property
    def version(self):
        return self.consultation.version

    @property
    def slug(self) -> str:
        return self.consultation.slug

    @property
    def boards(self) -> str:
        return self.consultation.key(BOARDS)


def make_moderator(person, cvc, *, role: str = "member"):
    membership = add_member(person, cvc, role=role)
    membership.is_moderator = True
    db.session.commit()
    return person


def settled(person, days: int = 30):
    """Pretend the account is older than the first week that pre-moderation holds."""
    person.created_at = utcnow() - timedelta(days=days)
    db.session.commit()
    return person


def create_world(consultation: Consultation | None = None) -> World:
    consultation = consultation or create_consultation(DISCUSSION, title="Glanmôr Community Partnership Agreement")
    pantry = create_group("Penrhos Community Pantry")
    trust = create_group("Tŷ Cymunedol Development Trust")
    afon = create_organisation("Afon Mutual Aid", area="glanmor", verified=False)
    cvc = create_organisation("Glanmôr Voluntary Council", kind="cvc", area="glanmor")
    other_cvc = create_organisation("Cardiff Third Sector Council", kind="cvc", area="cardiff")
    sian = create_user("Siân Jones", "sian@example.org")
    make_moderator(sian, cvc, role="admin")
    return World(
        consultation, pantry, trust, afon, cvc, other_cvc,
        aisha=create_member("Aisha Khan", pantry, email="aisha@example.org"),
        megan=create_member("Megan Hughes", trust, email="megan@example.org"),
        dafydd=create_member("Dafydd Price", pantry, email="dafydd@example.org"),
        tom=create_member("Tom Baker", afon, email="tom@example.org"),
        sian=sian,
        elin=make_moderator(create_user("Elin Rowlands", "elin@example.org"), cvc),
        gareth=make_moderator(create_user("Gareth Lewis", "gareth@example.org"), other_cvc),
        admin=create_user("Site Administrator", "admin@example.org", site_admin=True),
    )


def create_report(item, reporter, category: str = "abusive", note: str = ""):
    with site_context():
        report = services.report_item(item, reporter, category, note)
    db.session.commit()
    return report


def act(verb: str, item, moderator, *args) -> ModerationAction:
    """Run a moderation verb (hide, restore, redact, suspend...) as `moderator` and commit."""
    with site_context():
        entry = getattr(services, verb)(item, moderator, *args)
    db.session.commit()
    return entry


def hide(item, moderator, category: str = "personal_information", reason: str = "It shared a phone number."):
    return act("hide", item, moderator, category, reason)


def create_appeal(entry: ModerationAction, appellant, text: str = "I only meant the public office number."):
    with site_context():
        result = services.appeal(entry, appellant, text)
    db.session.commit()
    return result


def tom_s_thread(world: World):
    """Tom's comment on the Boards clause, with replies from Megan and Dafydd."""
    comment = create_comment(world.version, world.tom, SECRET, clause_key=world.boards, stance="concern")
    replies = [
        create_comment(world.version, world.megan, "Please don't share people's home numbers here.",
                       parent=comment, stance=None, organisation=world.trust),
        create_comment(world.version, world.dafydd, "The partnership meetings are open to everyone.",
                       parent=comment, stance=None, organisation=world.pantry),
    ]
    return comment, replies


def moderation_notifications(user) -> list[Notification]:
    db.session.expire_all()
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                         Notification.kind == "moderation")
                              .order_by(Notification.id)).all()


def log_entries(item_id: int | None = None) -> list[ModerationAction]:
    db.session.expire_all()
    query = select(ModerationAction).order_by(ModerationAction.id)
    if item_id is not None:
        query = query.where(ModerationAction.item_id == item_id)
    return db.session.scalars(query).all()


def moderation_url(item, action: str | None = None, item_type: str = "comment") -> str:
    base = f"/moderation/{item_type}/{item.id}/"
    return base + action if action else base
