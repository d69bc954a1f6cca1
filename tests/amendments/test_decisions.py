"""Officers of the owning body decide: accepted, accepted with changes (with the
text they will use), or declined (with a reason), each with a public response;
the proposer and supporters are told; a decision can be revised, with its
history kept, until the next version is published; two officers deciding at
once cannot overwrite each other."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coproduce.amendments.models import AmendmentDecision
from coproduce.extensions import db
from tests.amendments.factories import (
    act_as,
    all_amendments,
    amendment_url,
    create_amendment,
    create_decision,
    create_support,
    notifications_for,
    redline_of,
    words,
)
from tests.comments.factories import publish_next
from tests.conftest import text_of
from tests.documents.factories import create_officer
from tests.documents.helpers import error_summary, field_value, post_and_follow, soup_of
from tests.factories import create_organisation, outbox_to

NEXT_VERSION = """## Purpose

Community organisations and public bodies work as equal partners.

## Funding

Grants run for three years.

## Representation

The sector has one seat on each Public Service Board.
"""


@pytest.fixture
def amendment(people):
    amendment = create_amendment(people.consultation.version, people.dafydd, people.pantry,
                                 people.consultation.key("Funding"), "Grants run for three years.")
    create_support(amendment, people.megan, people.trust)
    return amendment


def decide(client, people, amendment, **data):
    data.setdefault("decisions", "0")
    return client.post(amendment_url(people.consultation, amendment, "decide"), data=data)


def decisions() -> list[AmendmentDecision]:
    db.session.expire_all()
    return db.session.scalars(select(AmendmentDecision).order_by(AmendmentDecision.id)).all()


def test_officers_see_a_decide_form_and_others_do_not(client, people, amendment):
    url = amendment_url(people.consultation, amendment)
    decide_action = amendment_url(people.consultation, amendment, "decide")
    assert soup_of(client.get(url)).find("form", action=decide_action) is None
    client.sign_in("megan@example.org")
    assert soup_of(client.get(url)).find("form", action=decide_action) is None
    act_as(client, "rhodri@example.org")
    page = client.get(url)
    assert soup_of(page).find("form", action=decide_action) is not None
    assert field_value(page, "decisions") == "0"
    assert "Not decided yet." in text_of(page)


def test_only_officers_of_the_owning_body_decide(client, people, amendment):
    create_officer(create_organisation("Another Council", kind="public_body", area="glanmor"),
                   name="Other Officer", email="other@example.org")
    for email in ("megan@example.org", "other@example.org"):
        act_as(client, email)
        assert decide(client, people, amendment, outcome="accepted", response="Yes").status_code == 403
    assert all_amendments()[0].outcome is None and decisions() == []


def test_accepting_publishes_the_response_and_tells_proposer_and_supporters(client, people, amendment):
    client.sign_in("rhodri@example.org")
    response = decide(client, people, amendment, outcome="accepted",
                      response="Accepted: version 2 commits to three-year funding.")
    assert response.status_code == 302
    (decided,) = all_amendments()
    assert (decided.outcome, decided.decided_by_id, decided.decision_count) == ("accepted", people.rhodri.id, 1)
    assert decided.resulting_text == "Grants run for three years."

    client.sign_out()  # the decision and response are public
    text = text_of(client.get(amendment_url(people.consultation, amendment)))
    assert "Accepted by Rhodri Evans" in text
    assert "Accepted: version 2 commits to three-year funding." in text

    for person, address in ((people.dafydd, "dafydd@example.org"), (people.megan, "megan@example.org")):
        (notice,) = notifications_for(person, "amendment_decided")
        assert notice.amendment_id == amendment.id
        (email,) = [m for m in outbox_to(address) if "A decision on an amendment" in m.subject]
        assert "Accepted" in email.body_text and f"/amendments/{amendment.id}/" in email.body_text
    assert notifications_for(people.rhodri, "amendment_decided") == []
    assert notifications_for(people.aisha, "amendment_decided") == []


def test_accepting_with_changes_needs_the_text_to_be_used(client, people, amendment):
    client.sign_in("rhodri@example.org")
    page = decide(client, people, amendment, outcome="accepted_with_changes", decided_text="  ",
                  response="We agree in part.")
    assert page.status_code == 200
    assert "Enter the text you will use" in " ".join(error_summary(page))
    assert all_amendments()[0].outcome is None and decisions() == []

    page = post_and_follow(client, amendment_url(people.consultation, amendment, "decide"),
                           {"outcome": "accepted_with_changes", "decided_text": "Grants run for three years where possible.",
                            "response": "Three years where budgets allow.", "decisions": "0"})
    text = text_of(page)
    assert "Accepted with changes" in text and "Three years where budgets allow." in text
    assert "The text the body will use" in text
    decided_redline = soup_of(page).find_all(class_="app-redline")[-1]
    assert "where possible" in " ".join(words(decided_redline.find_all("ins")))
    (decided,) = all_amendments()
    assert decided.resulting_text == "Grants run for three years where possible."
    assert len(notifications_for(people.dafydd, "amendment_decided")) == 1
    assert len(notifications_for(people.megan, "amendment_decided")) == 1


def test_declining_without_a_reason_is_refused_and_changes_nothing(client, people, amendment):
    client.sign_in("rhodri@example.org")
    page = decide(client, people, amendment, outcome="declined", response="   ")
    assert page.status_code == 200
    assert "Give the reason for declining" in " ".join(error_summary(page))
    (kept,) = all_amendments()
    assert (kept.outcome, kept.response, kept.decision_count) == (None, None, 0)
    assert decisions() == []
    assert notifications_for(people.dafydd, "amendment_decided") == []


def test_declining_with_a_reason_shows_it_publicly(client, people, amendment):
    client.sign_in("rhodri@example.org")
    decide(client, people, amendment, outcome="declined", response="The budget is set for two years.")
    client.sign_out()
    text = text_of(client.get(amendment_url(people.consultation, amendment)))
    assert "Declined by Rhodri Evans" in text and "The budget is set for two years." in text
    assert all_amendments()[0].resulting_text is None
    assert len(notifications_for(people.megan, "amendment_decided")) == 1


def test_any_decision_needs_a_response_and_a_known_outcome(client, people, amendment):
    client.sign_in("rhodri@example.org")
    assert "Write the response" in " ".join(error_summary(decide(client, people, amendment, outcome="accepted")))
    assert error_summary(decide(client, people, amendment, outcome="maybe", response="Hmm"))
    assert error_summary(decide(client, people, amendment, response="Hmm"))
    assert all_amendments()[0].outcome is None and decisions() == []


def test_a_decision_can_be_revised_and_the_earlier_ones_stay_listed(client, people, amendment):
    client.sign_in("rhodri@example.org")
    decide(client, people, amendment, outcome="declined", response="Not this time.", decisions="0")
    page = client.get(amendment_url(people.consultation, amendment))
    assert "Revise the decision" in text_of(page)
    assert field_value(page, "decisions") == "1"
    page = post_and_follow(client, amendment_url(people.consultation, amendment, "decide"),
                           {"outcome": "accepted", "response": "On reflection, yes.", "decisions": "1"})
    text = text_of(page)
    assert "Accepted by Rhodri Evans" in text and "On reflection, yes." in text
    assert "Earlier decisions" in text
    earlier = soup_of(page).find(string="Earlier decisions").find_next("ol")
    assert "Declined" in earlier.get_text() and "Not this time." in earlier.get_text()
    assert [(d.outcome, d.response) for d in decisions()] == [("declined", "Not this time."),
                                                             ("accepted", "On reflection, yes.")]
    assert all_amendments()[0].decision_count == 2
    assert len(notifications_for(people.dafydd, "amendment_decided")) == 2


def test_after_the_next_version_is_published_deciding_is_refused(client, people, amendment):
    create_decision(amendment, people.rhodri, "declined", "Not this time.")
    publish_next(people.consultation, NEXT_VERSION)
    client.sign_in("rhodri@example.org")
    page = client.get(amendment_url(people.consultation, amendment))
    assert soup_of(page).find("form", action=amendment_url(people.consultation, amendment, "decide")) is None
    assert "Declined" in text_of(page)
    page = decide(client, people, amendment, outcome="accepted", response="Changed my mind.", decisions="1")
    assert "decisions on this one can no longer change" in " ".join(error_summary(page))
    (kept,) = all_amendments()
    assert (kept.outcome, kept.decision_count) == ("declined", 1)
    assert len(decisions()) == 1


def test_an_amendment_left_undecided_can_still_be_decided_after_the_next_version(client, people, amendment):
    publish_next(people.consultation, NEXT_VERSION)
    client.sign_in("rhodri@example.org")
    page = client.get(amendment_url(people.consultation, amendment))
    assert soup_of(page).find("form", action=amendment_url(people.consultation, amendment, "decide")) is not None
    page = post_and_follow(client, amendment_url(people.consultation, amendment, "decide"),
                           {"outcome": "declined", "response": "Overtaken by version 2.", "decisions": "0"})
    assert "Overtaken by version 2." in text_of(page)
    assert all_amendments()[0].outcome == "declined"
    # ...but, once decided, that decision is final.
    assert soup_of(page).find("form", action=amendment_url(people.consultation, amendment, "decide")) is None


def test_two_officers_deciding_at_once_cannot_overwrite_each_other(client, people, amendment):
    create_officer(people.consultation.body, name="Carys Morgan", email="carys@example.org")
    # Both load the page while undecided...
    for email in ("rhodri@example.org", "carys@example.org"):
        act_as(client, email)
        assert field_value(client.get(amendment_url(people.consultation, amendment)), "decisions") == "0"
    # ...Rhodri sends first...
    act_as(client, "rhodri@example.org")
    assert decide(client, people, amendment, outcome="accepted", response="Yes.", decisions="0").status_code == 302
    # ...then Carys, from the page she loaded before.
    act_as(client, "carys@example.org")
    page = decide(client, people, amendment, outcome="declined", response="No.", decisions="0")
    assert page.status_code in (200, 409)
    assert "Another officer decided this amendment while you were writing" in " ".join(error_summary(page))
    assert "Accepted by Rhodri Evans" in text_of(page)  # she sees the decision she would have overwritten
    assert field_value(page, "response") == "No."  # and keeps what she wrote
    (kept,) = all_amendments()
    assert (kept.outcome, kept.response, kept.decision_count) == ("accepted", "Yes.", 1)
    assert [d.outcome for d in decisions()] == ["accepted"]
    assert len(notifications_for(people.dafydd, "amendment_decided")) == 1


def test_the_decision_shows_on_the_proposal_redline_page(client, people, amendment):
    create_decision(amendment, people.rhodri, "accepted", "Agreed.")
    page = client.get(amendment_url(people.consultation, amendment))
    assert words(redline_of(page).find_all("ins")) == ["three"]
    assert "Accepted" in text_of(client.get(f"/documents/{people.consultation.slug}/v/1/amendments/"))
