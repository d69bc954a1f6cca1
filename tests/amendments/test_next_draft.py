"""Starting the next draft applies accepted amendments to their clauses; two
accepted amendments on one clause are reconciled side by side before
publishing; the published version records which amendments each clause
incorporates, and links to them."""

from __future__ import annotations

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from coproduce.amendments.models import ClauseIncorporation
from coproduce.extensions import db
from tests.amendments.factories import (
    act_as,
    amendment_url,
    create_amendment,
    create_decision,
)
from tests.conftest import text_of
from tests.documents.factories import replace_draft
from tests.documents.helpers import (
    draft_clauses,
    error_summary,
    field_value,
    post_and_follow,
    soup_of,
    versions_of,
)


def propose(people, proposer, organisation, heading, text):
    return create_amendment(people.consultation.version, proposer, organisation, people.consultation.key(heading),
                            text)


def draft_body(people, heading: str) -> str:
    return next(c.body for c in draft_clauses(people.consultation.document) if c.heading == heading)


def apply_url(people) -> str:
    return f"/documents/{people.consultation.slug}/draft/amendments"


def reconcile_url(people, heading: str = "Funding") -> str:
    return f"/documents/{people.consultation.slug}/draft/clauses/{people.consultation.key(heading)}/reconcile"


def publish_form(client, people):
    slug = people.consultation.slug
    lock = field_value(client.get(f"/documents/{slug}/publish"), "lock")
    data = [("change_note", "Revised after consultation."), ("lock", lock)]
    data += [("opens_on", part) for part in ("1", "7", "2027")] + [("closes_on", part) for part in ("31", "7", "2027")]
    return client.post(f"/documents/{slug}/publish", data=MultiDict(data))


def funding_section(page):
    """The version page's <section> for the Funding clause."""
    return next(s for s in soup_of(page).select("section.app-clause")
                if s.find(["h2", "h3"]) and "Funding" in s.find(["h2", "h3"]).get_text())


def incorporations() -> list[tuple[str, int]]:
    db.session.expire_all()
    return [(i.clause_key, i.amendment_id) for i in
            db.session.scalars(select(ClauseIncorporation).order_by(ClauseIncorporation.amendment_id))]


def test_starting_the_next_draft_applies_accepted_amendments(client, people):
    accepted = propose(people, people.dafydd, people.pantry, "Funding", "Grants run for three years.")
    changed = propose(people, people.megan, people.trust, "Representation",
                      "The sector has three seats on each Public Service Board.")
    declined = propose(people, people.megan, people.trust, "Purpose", "Community organisations lead.")
    undecided = propose(people, people.sian, people.cvc, "Purpose", "Everyone works as equal partners.")
    create_decision(accepted, people.rhodri, "accepted", "Yes.")
    create_decision(changed, people.rhodri, "accepted_with_changes", "Two seats.",
                    decided_text="The sector has two seats on each Public Service Board.")
    create_decision(declined, people.rhodri, "declined", "Partners, not leaders.")

    client.sign_in("rhodri@example.org")
    draft_page = client.get(f"/documents/{people.consultation.slug}/draft/")
    assert apply_url(people) in [a["href"] for a in soup_of(draft_page).find_all("a", href=True)]
    page = client.get(apply_url(people))
    text = text_of(page)
    assert "2 accepted amendments are not yet in the draft" in text
    assert f"Amendment {accepted.id}" in text and f"Amendment {changed.id}" in text
    assert f"Amendment {declined.id}" not in text and f"Amendment {undecided.id}" not in text

    page = post_and_follow(client, apply_url(people))
    assert "2 accepted amendments applied to the draft" in text_of(page)
    assert "Every accepted amendment is in the draft." in text_of(page)
    assert draft_body(people, "Funding") == "Grants run for three years."
    assert draft_body(people, "Representation") == "The sector has two seats on each Public Service Board."
    assert draft_body(people, "Purpose") == "Community organisations and public bodies work as equal partners."

    post_and_follow(client, apply_url(people))  # applying again changes nothing
    assert draft_body(people, "Funding") == "Grants run for three years."


def test_only_officers_of_the_owning_body_start_the_next_draft(client, people):
    accepted = propose(people, people.dafydd, people.pantry, "Funding", "Grants run for three years.")
    create_decision(accepted, people.rhodri, "accepted", "Yes.")
    client.sign_in("dafydd@example.org")
    assert client.get(apply_url(people)).status_code == 403
    assert client.post(apply_url(people)).status_code == 403
    assert client.get(reconcile_url(people)).status_code == 403
    assert draft_body(people, "Funding") == "Grants run for two years."


def test_two_accepted_amendments_on_one_clause_are_reconciled_before_publishing(client, people):
    first = propose(people, people.dafydd, people.pantry, "Funding", "Grants run for three years.")
    second = propose(people, people.megan, people.trust, "Funding", "Grants run for two years, renewable once.")
    create_decision(first, people.rhodri, "accepted", "Yes.")
    create_decision(second, people.rhodri, "accepted", "Also yes.")
    client.sign_in("rhodri@example.org")
    page = post_and_follow(client, apply_url(people))
    assert "Clauses to reconcile" in text_of(page)
    assert reconcile_url(people) in [a["href"] for a in soup_of(page).find_all("a", href=True)]

    # Publishing is refused while the clause waits, and nothing is published.
    refused = publish_form(client, people)
    assert refused.status_code == 200
    assert "Reconcile the clauses that two accepted amendments change before publishing." in error_summary(refused)
    assert len(versions_of(people.consultation.document)) == 1

    # Both amendments side by side.
    page = client.get(reconcile_url(people))
    columns = soup_of(page).select(".govuk-grid-column-one-half")
    assert len(columns) == 2
    assert f"Amendment {first.id}" in columns[0].get_text() and "Grants run for three years." in columns[0].get_text()
    assert f"Amendment {second.id}" in columns[1].get_text()
    assert "Grants run for two years, renewable once." in columns[1].get_text()

    empty = client.post(reconcile_url(people), data={"text": "  "})
    assert "Enter the reconciled text" in " ".join(error_summary(empty))
    post_and_follow(client, reconcile_url(people), {"text": "Grants run for three years, renewable once."})
    assert draft_body(people, "Funding") == "Grants run for three years, renewable once."
    assert "Clauses to reconcile" not in text_of(client.get(apply_url(people)))

    published = publish_form(client, people)
    assert published.status_code == 302
    assert len(versions_of(people.consultation.document)) == 2
    key = people.consultation.key("Funding")
    assert incorporations() == [(key, first.id), (key, second.id)]
    section = funding_section(client.get(f"/documents/{people.consultation.slug}/v/2/"))
    assert "Incorporates" in section.get_text()
    assert [a["href"] for a in section.find_all("a", string=lambda s: s and s.startswith("amendment "))] == [
        amendment_url(people.consultation, first), amendment_url(people.consultation, second)]


def test_a_clause_with_nothing_to_reconcile_sends_the_officer_back(client, people):
    client.sign_in("rhodri@example.org")
    response = client.get(reconcile_url(people))
    assert response.status_code == 302 and response.headers["Location"].endswith(apply_url(people))
    assert client.get(f"/documents/{people.consultation.slug}/draft/clauses/no-such-key/reconcile").status_code == 404


def test_the_published_version_links_each_clause_to_the_amendments_it_incorporates(client, people):
    accepted = propose(people, people.dafydd, people.pantry, "Funding", "Grants run for three years.")
    create_decision(accepted, people.rhodri, "accepted", "Yes.")
    client.sign_in("rhodri@example.org")
    post_and_follow(client, apply_url(people))
    assert publish_form(client, people).status_code == 302

    assert incorporations() == [(people.consultation.key("Funding"), accepted.id)]
    act_as(client, "megan@example.org")
    page = client.get(f"/documents/{people.consultation.slug}/v/2/")
    section = funding_section(page)
    assert "Grants run for three years." in section.get_text()
    assert "Incorporates amendment" in " ".join(section.get_text().split())
    link = section.find("a", string=f"amendment {accepted.id}")
    assert link["href"] == amendment_url(people.consultation, accepted)
    assert text_of(page).count("Incorporates") == 1
    # Version 1 shows no incorporation: it is the version the amendment changed.
    assert "Incorporates" not in text_of(client.get(f"/documents/{people.consultation.slug}/v/1/"))


def test_an_amendment_on_a_clause_removed_from_the_draft_is_skipped(client, people):
    accepted = propose(people, people.dafydd, people.pantry, "Representation", "Three seats.")
    create_decision(accepted, people.rhodri, "accepted", "Yes.")
    replace_draft(people.consultation.document, people.rhodri, "## Purpose\n\nPartners.\n\n## Funding\n\nTwo years.\n")
    client.sign_in("rhodri@example.org")
    page = post_and_follow(client, apply_url(people))
    assert "1 are on clauses no longer in the draft" in text_of(page)
    assert [c.heading for c in draft_clauses(people.consultation.document)] == ["Purpose", "Funding"]


def test_a_decision_revised_after_applying_is_not_recorded_as_incorporated(client, people):
    amendment = propose(people, people.dafydd, people.pantry, "Funding", "Grants run for three years.")
    create_decision(amendment, people.rhodri, "accepted", "Yes.")
    client.sign_in("rhodri@example.org")
    post_and_follow(client, apply_url(people))
    assert draft_body(people, "Funding") == "Grants run for three years."
    create_decision(amendment, people.rhodri, "declined", "On reflection, the budget is fixed.")

    # The officer is asked to look at the clause again before publishing...
    assert publish_form(client, people).status_code == 200
    assert reconcile_url(people) in [a["href"] for a in soup_of(client.get(apply_url(people))).find_all("a", href=True)]
    post_and_follow(client, reconcile_url(people), {"text": "Grants run for two years."})
    assert publish_form(client, people).status_code == 302
    # ...and the new version does not claim to carry the declined amendment.
    assert incorporations() == []
    assert "Incorporates" not in text_of(client.get(f"/documents/{people.consultation.slug}/v/2/"))
