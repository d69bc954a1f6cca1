"""Demo amendments on the national strategy, in every state: accepted,
accepted with changes, declined, withdrawn, replaced by a revision, and
undecided with supporters."""

from __future__ import annotations

from datetime import timedelta

from coproduce.amendments import services
from coproduce.amendments.models import Outcome
from coproduce.documents.models import Document, Version

W = "Welsh Government, Communities Division"
P = "Penrhos Community Pantry"
T = "Tŷ Cymunedol Development Trust"
A = "Afon Mutual Aid"
G = "Glanmôr Voluntary Council"


def _clause(version: Version, heading: str):
    return next(c for c in version.clauses if c.heading == heading)


def load_v1_amendments(document: Document, version: Version, users, organisations) -> None:
    """Proposed, supported and decided while version 1 was open, before version 2."""
    at = version.opens_at + timedelta(days=2)
    people = {email.split(".")[0]: user for email, user in users.items()}
    carys = people["carys"]

    def propose(author, organisation, heading, text, why, hours):
        return services.propose_amendment(
            version=version, clause_key=_clause(version, heading).key, proposer=people[author],
            organisation=organisations[organisation], proposed_text=text, rationale=why, at=at + timedelta(hours=hours))

    def support(amendment, author, organisation, note, hours):
        services.support_amendment(amendment, people[author], organisations[organisation], note,
                                   at=at + timedelta(hours=hours))

    funding = propose("dafydd", P, "Funding",
                      "Funding for community organisations will be agreed for at least three years at a time.",
                      "Two-year grants mean we lose trained volunteers and spend months reapplying.", 1)
    support(funding, "megan", T, "Three-year funding would let us keep our staff.", 3)
    support(funding, "sian", G, "Groups across Glanmôr asked for this.", 5)
    services.decide_amendment(funding, carys, outcome=Outcome.ACCEPTED, decided_text=None, expected_decisions=0,
                              response="Accepted. Version 2 commits to three-year funding.")

    seats = propose("sian", G, "Representation",
                    "Community organisations will have three seats on every Public Service Board.",
                    "One seat cannot represent the whole sector of a county.", 2)
    support(seats, "dafydd", P, "", 4)
    services.decide_amendment(seats, carys, outcome=Outcome.ACCEPTED_WITH_CHANGES, expected_decisions=0,
                              decided_text="Community organisations will have at least two seats on every Public "
                                           "Service Board, chosen by the County Voluntary Council.",
                              response="We agree one seat is not enough. Boards have told us two seats is what they "
                                       "can make room for now; the County Voluntary Council will choose them.")

    review = propose("tom", A, "Review", "The strategy will be reviewed every year.",
                     "Three years is too long when things change so fast.", 3)
    services.decide_amendment(review, carys, outcome=Outcome.DECLINED, decided_text=None, expected_decisions=0,
                              response="A yearly review would take the time groups told us they want to spend on "
                                       "delivery. We will instead review with community organisations every three "
                                       "years and publish progress every year.")

    withdrawn = propose("aisha", P, "Volunteering",
                        "The Welsh Government will run a national register of volunteers.",
                        "One register would avoid duplication.", 4)
    services.withdraw_amendment(withdrawn, people["aisha"])

    first = propose("megan", T, "Information sharing",
                    "Public bodies will share data with community organisations.",
                    "Groups need data to plan.", 5)
    support(first, "dafydd", P, "", 6)
    revised = services.revise_amendment(first, people["megan"],
                                        "Public bodies will share referral and need data, by ward, with community "
                                        "organisations each quarter.",
                                        "Groups need specific, regular data to plan: referrals and need, by ward.",
                                        at=at + timedelta(hours=8))
    services.decide_amendment(revised, carys, outcome=Outcome.ACCEPTED, decided_text=None, expected_decisions=0,
                              response="Accepted: the guidance will list the data sets, starting with referrals by ward.")


def load_v2_amendments(document: Document, version: Version, users, organisations) -> None:
    """Open amendments on the current version, with supporters and no decision yet."""
    people = {email.split(".")[0]: user for email, user in users.items()}
    at = version.opens_at + timedelta(days=1)
    welsh = services.propose_amendment(
        version=version, clause_key=_clause(version, "Welsh language").key, proposer=people["megan"],
        organisation=organisations[T],
        proposed_text="Community organisations will be supported to work through the medium of Welsh, with a shared "
                      "translation fund administered by County Voluntary Councils.",
        rationale="Small groups cannot pay for translation on their own.", at=at)
    services.support_amendment(welsh, people["aisha"], organisations[P], "A shared fund would help us too.",
                               at=at + timedelta(hours=2))
    services.support_amendment(welsh, people["sian"], organisations[G], "", at=at + timedelta(hours=3))
    services.propose_amendment(
        version=version, clause_key=_clause(version, "Representation").key, proposer=people["tom"],
        organisation=organisations[A],
        proposed_text="Community organisations will have at least two seats on every Public Service Board, chosen "
                      "by the County Voluntary Council, one of them held by a small or informal group.",
        rationale="Seats tend to go to large charities.", at=at + timedelta(hours=5))
