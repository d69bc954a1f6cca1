"""Reading pages and the database the way the documents tests need."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select

from coproduce.documents.models import Document, Draft, DraftClause, Version
from coproduce.extensions import db


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def field_value(response, name: str) -> str:
    """The value a form on the page would send for `name` (input or textarea)."""
    soup = soup_of(response)
    control = soup.find(["input", "textarea"], attrs={"name": name})
    assert control is not None, f"no control named {name!r}"
    if control.name == "textarea":
        return control.get_text().removeprefix("\n")  # the HTML parser drops one leading newline
    return control.get("value", "")


def post_and_follow(client, url, data=None):
    """POST, check it redirects, then fetch where it points, as a browser would."""
    response = client.post(url, data=data or {})
    assert response.status_code == 302, f"{url} answered {response.status_code}, not a redirect"
    return client.get(response.headers["Location"])


def draft_of(document) -> Draft:
    db.session.expire_all()
    return db.session.scalar(select(Draft).where(Draft.document_id == document.id))


def draft_clauses(document) -> list[DraftClause]:
    return list(draft_of(document).clauses)


def outline(document) -> list[tuple[str, int]]:
    """(heading, level) of each clause of the draft, in order."""
    return [(c.heading, c.level) for c in draft_clauses(document)]


def versions_of(document) -> list[Version]:
    db.session.expire_all()
    return db.session.scalars(select(Version).where(Version.document_id == document.id).order_by(Version.number)).all()


def reload_document(document) -> Document:
    db.session.expire_all()
    return db.session.get(Document, document.id)


def error_summary(response) -> list[str]:
    """The messages in the GOV.UK error summary (empty when there is none)."""
    summary = soup_of(response).find(class_="govuk-error-summary")
    if summary is None:
        return []
    return [item.get_text(" ", strip=True) for item in summary.select(".govuk-error-summary__list li")]


def clause_numbers_on(response) -> list[str]:
    return [n.get_text(strip=True) for n in soup_of(response).select("section .app-clause__number")]
