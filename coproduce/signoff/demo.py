"""Demo sign-offs: the Glanmôr agreement agreed on its third version by its
three parties, and a good-practice example awaiting the community group's
recognition."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from coproduce.amendments.services import mark_final
from coproduce.columns import utcnow
from coproduce.documents import services as documents
from coproduce.documents.models import Document, DocumentKind, Version
from coproduce.extensions import db
from coproduce.signoff import services

AGREEMENT_V3_CHANGES = {
    "Coordinating volunteers": "The Voluntary Council keeps one register of volunteering opportunities for the "
                               "county, shared with the council and every community organisation that asks.",
}

GOOD_PRACTICE = """# Penrhos Community Pantry and the council: one food referral route

## What we did
During the winter of 2025, Glanmôr County Council and Penrhos Community Pantry replaced four separate referral forms with one shared route for emergency food.

## Who was involved
The council's welfare team, the pantry's volunteers and the local GP surgery.

## What changed for people
Families are referred once, and get food within a day instead of a week.

## What we learned
Agree the data you share before you start; meet every week for the first month.
"""


def _version(document: Document, number: int) -> Version:
    return db.session.scalar(select(Version).where(Version.document_id == document.id, Version.number == number))


def _publish_closed(document: Document, officer, note: str, opened_days_ago: int, closed_days_ago: int) -> Version:
    draft = document.draft
    db.session.refresh(draft)
    now = utcnow()
    return documents.publish_version(document, change_note=note, opens_at=now - timedelta(days=opened_days_ago),
                                     closes_at=now - timedelta(days=closed_days_ago),
                                     expected_lock=draft.lock_version, publisher=officer)


def load_demo_sign_offs(users, organisations) -> bool:
    people = {email.split(".")[0]: user for email, user in users.items()}
    created = False
    agreement = db.session.scalar(select(Document).where(Document.slug == "glanmor-community-partnership-agreement"))
    if agreement is not None and agreement.latest_version_number == 2:
        draft = agreement.draft
        db.session.refresh(draft)
        for clause in draft.clauses:
            if clause.heading in AGREEMENT_V3_CHANGES:
                documents.edit_clause(clause, heading=clause.heading, body=AGREEMENT_V3_CHANGES[clause.heading],
                                      level=clause.level, expected_revision=clause.revision, editor=people["rhodri"])
        v3 = _publish_closed(agreement, people["rhodri"], "Final text: the volunteer register is shared with everyone.",
                             25, 12)
        mark_final(v3, people["rhodri"])
        services.put_forward(v3, people["rhodri"])
        for person, organisation, role, statement in [
            ("rhodri", "Glanmôr County Council", "Partnerships Officer", "Glanmôr County Council agrees this text."),
            ("sian", "Glanmôr Voluntary Council", "Signatory for the voluntary sector",
             "Signed for the voluntary sector of Glanmôr."),
            ("dafydd", "Penrhos Community Pantry", "Chair", "Penrhos Community Pantry is proud to sign."),
        ]:
            services.sign_version(v3, people[person], organisations[organisation], role=role, statement=statement,
                                  confirmed_hash=v3.content_hash)
        created = True

    if db.session.scalar(select(Document).where(Document.kind == DocumentKind.GOOD_PRACTICE)) is None:
        example = documents.create_document(
            title="One food referral route in Penrhos",
            summary="How the council and a community pantry replaced four referral forms with one.",
            kind=DocumentKind.GOOD_PRACTICE, owner=organisations["Glanmôr County Council"], area_code="glanmor",
            creator=people["rhodri"],
        )
        documents.set_parties(example, [organisations["Penrhos Community Pantry"]], people["rhodri"])
        documents.replace_draft_from_markdown(example.draft, GOOD_PRACTICE, example.draft.lock_version,
                                              people["rhodri"])
        v1 = _publish_closed(example, people["rhodri"], "Written by the council for both sides to recognise.", 10, 3)
        mark_final(v1, people["rhodri"])
        services.put_forward(v1, people["rhodri"])
        services.sign_version(v1, people["rhodri"], organisations["Glanmôr County Council"], role="Partnerships Officer",
                              statement="The council recognises this account as accurate.",
                              confirmed_hash=v1.content_hash)
        created = True
    return created
