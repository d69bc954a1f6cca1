"""Demo documents: the national strategy (two versions, the second open for
comment) and the Glanmôr Community Partnership Agreement drafts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from coproduce.accounts.models import Organisation, User
from coproduce.amendments import demo as amendments_demo
from coproduce.amendments.services import apply_accepted_amendments
from coproduce.columns import utcnow
from coproduce.documents import services
from coproduce.documents.models import Document, DocumentKind, Version
from coproduce.extensions import db

STRATEGY_V1 = """# A Communities Strategy for Wales

## Purpose
This strategy sets out how the Welsh Government, local authorities and community organisations will work together as partners.

It builds on what communities did together during the pandemic: organising food, medicine and emotional support jointly.

## Principles of co-production
Community organisations are partners in designing services, not only consultees.

Decisions that affect communities will be made with them, at the earliest stage.

## Working with Public Service Boards
Each Public Service Board will agree how it works with the community organisations of its area.

### Representation
Community organisations will have a seat on every Public Service Board.

### Information sharing
Public bodies will share the data community organisations need to plan their work.

## Volunteering
Councils and County Voluntary Councils will coordinate volunteers so that effort is not duplicated.

## Funding
Funding for community organisations will be agreed for at least two years at a time.

## Review
The strategy will be reviewed every three years.
"""

STRATEGY_V2 = """# A Communities Strategy for Wales

## Purpose
This strategy sets out how the Welsh Government, local authorities, health boards and community organisations will work together as equal partners.

It builds on what communities did together during the pandemic: organising food, medicine and emotional support jointly.

## Principles of co-production
Community organisations are partners in designing services, not only consultees.

Decisions that affect communities will be made with them, at the earliest stage, and the reasons for each decision will be published.

## Funding
Funding for community organisations will be agreed for at least three years at a time, with a single application for all Welsh Government community grants.

## Working with Public Service Boards
Each Public Service Board will agree how it works with the community organisations of its area.

### Representation
Community organisations will have at least two seats on every Public Service Board, chosen by the County Voluntary Council.

### Information sharing
Public bodies will share the data community organisations need to plan their work.

## Volunteering
Councils and County Voluntary Councils will coordinate volunteers so that effort is not duplicated.

## Welsh language
Community organisations will be supported to work through the medium of Welsh.

## Review
The strategy will be reviewed every three years, with community organisations.
"""

AGREEMENT_V1 = """# Glanmôr Community Partnership Agreement

## Who this agreement is between
Glanmôr County Council, Glanmôr Voluntary Council and the community organisations of Glanmôr.

## Who does what
The council funds and coordinates. Community organisations deliver support close to people.

## How we communicate
We meet every three months. Minutes are published within two weeks.

## Co-designing local strategy
Community organisations are involved in writing local strategies from the first draft.

## Coordinating volunteers
The Voluntary Council keeps one register of volunteering opportunities for the county.
"""

AGREEMENT_V2 = AGREEMENT_V1.replace("We meet every three months.", "We meet every two months, in Welsh and English.").replace(
    "Minutes are published within two weeks.", "Minutes are published within ten working days."
)


# Welsh beside English for part of the strategy's second version; the rest shows the notice
# that no translation exists yet.
STRATEGY_WELSH = {
    "Purpose": ("Diben", "Mae'r strategaeth hon yn nodi sut y bydd Llywodraeth Cymru, awdurdodau lleol, byrddau "
                "iechyd a sefydliadau cymunedol yn cydweithio fel partneriaid cyfartal.\n\n"
                "Mae'n adeiladu ar yr hyn a wnaeth cymunedau gyda'i gilydd yn ystod y pandemig: trefnu bwyd, "
                "meddyginiaeth a chymorth emosiynol ar y cyd."),
    "Principles of co-production": ("Egwyddorion cyd-gynhyrchu", "Mae sefydliadau cymunedol yn bartneriaid wrth "
                                    "gynllunio gwasanaethau, nid dim ond ymgyngoreion.\n\nBydd penderfyniadau sy'n "
                                    "effeithio ar gymunedau yn cael eu gwneud gyda nhw, ar y cam cynharaf, a bydd y "
                                    "rhesymau dros bob penderfyniad yn cael eu cyhoeddi."),
    "Welsh language": ("Y Gymraeg", "Bydd sefydliadau cymunedol yn cael eu cefnogi i weithio drwy gyfrwng y "
                       "Gymraeg."),
}


def _publish(document: Document, text: str, note: str, opens_days: int, closes_days: int, officer: User,
             welsh: dict[str, tuple[str, str]] | None = None) -> None:
    draft = document.draft
    services.replace_draft_from_markdown(draft, text, draft.lock_version, officer)
    db.session.refresh(draft)
    for clause in draft.clauses:
        if welsh and clause.heading in welsh:
            heading_cy, body_cy = welsh[clause.heading]
            services.edit_clause(clause, heading=clause.heading, body=clause.body, level=clause.level,
                                 expected_revision=clause.revision, editor=officer, heading_cy=heading_cy,
                                 body_cy=body_cy)
    db.session.refresh(draft)
    now = utcnow()
    services.publish_version(document, change_note=note, opens_at=now + timedelta(days=opens_days),
                             closes_at=now + timedelta(days=closes_days), expected_lock=draft.lock_version,
                             publisher=officer)
    db.session.refresh(draft)


def load_demo_documents(users: dict[str, User], organisations: dict[str, Organisation]) -> bool:
    created = False
    carys, rhodri = users["carys.morgan@example.org"], users["rhodri.evans@example.org"]
    if db.session.scalar(select(Document).where(Document.slug == "a-communities-strategy-for-wales")) is None:
        strategy = services.create_document(
            title="A Communities Strategy for Wales",
            summary="How the Welsh Government, councils and community organisations will work together as partners.",
            title_cy="Strategaeth Gymunedau i Gymru",
            summary_cy="Sut y bydd Llywodraeth Cymru, cynghorau a sefydliadau cymunedol yn cydweithio fel partneriaid.",
            kind=DocumentKind.STRATEGY, owner=organisations["Welsh Government, Communities Division"], area_code="wales",
            creator=carys,
        )
        _publish(strategy, STRATEGY_V1, "First draft for consultation.", -60, -20, carys)
        v1 = db.session.scalar(select(Version).where(Version.document_id == strategy.id, Version.number == 1))
        amendments_demo.load_v1_amendments(strategy, v1, users, organisations)
        apply_accepted_amendments(strategy, carys)  # the next draft starts from the accepted amendments
        _publish(strategy, STRATEGY_V2, "Revised after the first consultation: longer funding, more seats on Public "
                 "Service Boards, a new section on the Welsh language.", -5, 25, carys, welsh=STRATEGY_WELSH)
        v2 = db.session.scalar(select(Version).where(Version.document_id == strategy.id, Version.number == 2))
        amendments_demo.load_v2_amendments(strategy, v2, users, organisations)
        created = True
    if db.session.scalar(select(Document).where(Document.slug == "glanmor-community-partnership-agreement")) is None:
        agreement = services.create_document(
            title="Glanmôr Community Partnership Agreement",
            summary="Who does what, how we communicate and how we design local strategy together in Glanmôr.",
            kind=DocumentKind.LOCAL_AGREEMENT, owner=organisations["Glanmôr County Council"], area_code="glanmor",
            creator=rhodri,
        )
        services.set_parties(agreement, [organisations["Glanmôr Voluntary Council"],
                                         organisations["Penrhos Community Pantry"]], rhodri)
        _publish(agreement, AGREEMENT_V1, "First draft.", -90, -60, rhodri)
        _publish(agreement, AGREEMENT_V2, "Meetings every two months, bilingual; minutes within ten working days.",
                 -50, -30, rhodri)
        created = True
    return created
