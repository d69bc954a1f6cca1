"""The proposer withdraws an amendment before a decision, or changes it: in
place while nobody supports it, otherwise as a new amendment that replaces the
old one, whose supporters are told."""

from __future__ import annotations

import pytest

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
from tests.conftest import text_of
from tests.documents.helpers import error_summary, post_and_follow, soup_of
from tests.factories import outbox_to


@pytest.fixture
def amendment(people):
    return create_amendment(people.consultation.version, people.dafydd, people.pantry,
                            people.consultation.key("Funding"), "Grants run for three years.")


def links_on(page) -> list[str]:
    return [a["href"] for a in soup_of(page).find_all("a", href=True)]


def test_the_proposer_withdraws_before_a_decision(client, people, amendment):
    client.sign_in("dafydd@example.org")
    show = client.get(amendment_url(people.consultation, amendment))
    assert amendment_url(people.consultation, amendment, "withdraw") in links_on(show)

    confirm = client.get(amendment_url(people.consultation, amendment, "withdraw"))
    assert confirm.status_code == 200
    assert "Withdraw your amendment?" in text_of(confirm)
    page = post_and_follow(client, amendment_url(people.consultation, amendment, "withdraw"))
    assert "Withdrawn by the proposer" in text_of(page)
    (withdrawn,) = all_amendments()
    assert withdrawn.state == "withdrawn" and withdrawn.withdrawn_at is not None
    assert amendment_url(people.consultation, amendment, "withdraw") not in links_on(page)


def test_a_withdrawn_amendment_stays_on_record_and_cannot_be_supported_or_decided(client, people, amendment):
    client.sign_in("dafydd@example.org")
    post_and_follow(client, amendment_url(people.consultation, amendment, "withdraw"))
    act_as(client, "megan@example.org")
    assert client.post(amendment_url(people.consultation, amendment, "support"),
                       data={"organisation_id": str(people.trust.id)}).status_code == 403
    act_as(client, "rhodri@example.org")
    page = client.post(amendment_url(people.consultation, amendment, "decide"),
                       data={"outcome": "accepted", "response": "Yes.", "decisions": "0"})
    assert "A withdrawn or replaced amendment cannot be decided." in " ".join(error_summary(page))
    (kept,) = all_amendments()
    assert kept.state == "withdrawn" and kept.outcome is None and kept.support_count == 0
    assert "Withdrawn by the proposer" in text_of(client.get(f"/documents/{people.consultation.slug}/v/1/amendments/"))


def test_a_decided_amendment_cannot_be_withdrawn(client, people, amendment):
    create_decision(amendment, people.rhodri, "declined", "Not affordable.")
    client.sign_in("dafydd@example.org")
    assert amendment_url(people.consultation, amendment, "withdraw") not in links_on(
        client.get(amendment_url(people.consultation, amendment)))
    assert client.get(amendment_url(people.consultation, amendment, "withdraw")).status_code == 403
    assert client.post(amendment_url(people.consultation, amendment, "withdraw")).status_code == 403
    (kept,) = all_amendments()
    assert kept.state == "open" and kept.outcome == "declined"


def test_only_the_proposer_withdraws_or_changes(client, people, amendment):
    client.sign_in("aisha@example.org")  # same organisation, not the proposer
    for action in ("withdraw", "revise"):
        assert client.get(amendment_url(people.consultation, amendment, action)).status_code == 403
        assert client.post(amendment_url(people.consultation, amendment, action),
                           data={"proposed_text": "Mine now.", "rationale": "Because."}).status_code == 403
    (kept,) = all_amendments()
    assert kept.state == "open" and kept.proposed_text == "Grants run for three years."


def test_revising_an_unsupported_amendment_edits_it(client, people, amendment):
    client.sign_in("dafydd@example.org")
    form = client.get(amendment_url(people.consultation, amendment, "revise"))
    assert "Grants run for three years." in form.get_data(as_text=True)
    assert "will be a new amendment" not in text_of(form)
    page = post_and_follow(client, amendment_url(people.consultation, amendment, "revise"),
                           {"proposed_text": "Grants run for five years.", "rationale": "Longer is better."})
    (revised,) = all_amendments()
    assert revised.id == amendment.id
    assert (revised.proposed_text, revised.rationale) == ("Grants run for five years.", "Longer is better.")
    assert words(redline_of(page).find_all("ins")) == ["five"]
    assert "Longer is better." in text_of(page)


def test_an_invalid_revision_says_why_and_changes_nothing(client, people, amendment):
    client.sign_in("dafydd@example.org")
    page = client.post(amendment_url(people.consultation, amendment, "revise"),
                       data={"proposed_text": "Grants run for two years.", "rationale": "Hmm."})
    assert page.status_code == 200
    assert "Change the text: it is the same as the clause now" in " ".join(error_summary(page))
    (kept,) = all_amendments()
    assert kept.proposed_text == "Grants run for three years."


def test_revising_a_supported_amendment_makes_a_new_one_that_replaces_it(client, people, amendment):
    create_support(amendment, people.megan, people.trust, "Yes please.")
    create_support(amendment, people.sian, people.cvc)
    client.sign_in("dafydd@example.org")
    form = client.get(amendment_url(people.consultation, amendment, "revise"))
    assert "your change will be a new amendment replacing it" in text_of(form)

    response = client.post(amendment_url(people.consultation, amendment, "revise"),
                           data={"proposed_text": "Grants run for four years.", "rationale": "A compromise."})
    old, new = all_amendments()
    assert response.headers["Location"].endswith(amendment_url(people.consultation, new))
    assert (old.proposed_text, old.state, old.superseded_by_id) == ("Grants run for three years.", "superseded", new.id)
    assert (new.proposed_text, new.state, new.supersedes_id) == ("Grants run for four years.", "open", old.id)
    assert new.support_count == 0 and old.support_count == 2  # support stays with what was supported
    assert new.proposer_id == people.dafydd.id and new.organisation_id == people.pantry.id

    old_page = client.get(amendment_url(people.consultation, old))
    assert "Replaced by a revised proposal" in text_of(old_page)
    assert amendment_url(people.consultation, new) in links_on(old_page)
    assert amendment_url(people.consultation, old, "revise") not in links_on(old_page)
    new_page = client.get(amendment_url(people.consultation, new))
    assert amendment_url(people.consultation, old) in links_on(new_page)


def test_supporters_are_told_when_an_amendment_they_support_is_replaced(client, people, amendment):
    create_support(amendment, people.megan, people.trust)
    create_support(amendment, people.sian, people.cvc)
    client.sign_in("dafydd@example.org")
    client.post(amendment_url(people.consultation, amendment, "revise"),
                data={"proposed_text": "Grants run for four years.", "rationale": "A compromise."})
    _old, new = all_amendments()
    for supporter, address in ((people.megan, "megan@example.org"), (people.sian, "sian@example.org")):
        (notice,) = notifications_for(supporter, "amendment_superseded")
        assert notice.amendment_id == new.id and notice.actor_id == people.dafydd.id
        (email,) = [m for m in outbox_to(address) if "has been revised" in m.subject]
        assert f"/amendments/{new.id}/" in email.body_text
    assert notifications_for(people.dafydd, "amendment_superseded") == []
    assert not [m for m in outbox_to("dafydd@example.org") if "has been revised" in m.subject]


def test_a_replaced_amendment_cannot_be_revised_again(client, people, amendment):
    create_support(amendment, people.megan, people.trust)
    client.sign_in("dafydd@example.org")
    client.post(amendment_url(people.consultation, amendment, "revise"),
                data={"proposed_text": "Grants run for four years.", "rationale": "A compromise."})
    response = client.post(amendment_url(people.consultation, amendment, "revise"),
                           data={"proposed_text": "Grants run for six years.", "rationale": "Again."})
    assert response.status_code == 403
    assert len(all_amendments()) == 2
