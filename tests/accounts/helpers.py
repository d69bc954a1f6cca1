"""Reading what a person sees in account pages and emails."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from tests.factories import outbox_to

LINK = re.compile(r"http://localhost(/\S+)")


def emailed_link(address: str, index: int = -1) -> str:
    """The path of the link in an email queued to `address` (the newest by default)."""
    messages = outbox_to(address)
    assert messages, f"no email queued to {address}"
    match = LINK.search(messages[index].body_text)
    assert match, f"no link in the email to {address}"
    return match.group(1)


def field_value(response, name: str) -> str | None:
    """What a form field shows: the value of an input, or the text of a textarea."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    control = soup.find(["input", "textarea"], attrs={"name": name})
    assert control is not None, f"no field named {name!r}"
    if control.name == "textarea":
        return control.get_text()
    return control.get("value")


def error_summary(response) -> str:
    """The text of the GOV.UK error summary, or "" when the page has none."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = soup.find(class_="govuk-error-summary")
    return re.sub(r"\s+", " ", summary.get_text(" ")).strip() if summary else ""


def error_links(response) -> list[str]:
    """Where the error summary's links take the reader."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [a["href"] for a in soup.select(".govuk-error-summary a")]


def page_title(response) -> str:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").title.get_text(strip=True)


def html_lang(response) -> str:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").html["lang"]
