"""The checks every page fetched in tests must pass: it parses, has a title,
its ids are unique and every form control has a label."""

from __future__ import annotations

import html5lib
from bs4 import BeautifulSoup

LABELLED_BY_THEMSELVES = {"hidden", "submit", "button", "reset", "image"}


class PageProblem(AssertionError):
    pass


def check_page(body: str, url: str = "") -> BeautifulSoup:
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(body)
    problems = [f"parse error {code} at line {pos[0]}" for pos, code, _ in parser.errors]

    soup = BeautifulSoup(body, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    if not title:
        problems.append("no <title>")
    if not soup.find("html") or not soup.find("html").get("lang"):
        problems.append("<html> has no lang")
    if len(soup.find_all("h1")) != 1:
        problems.append(f"{len(soup.find_all('h1'))} <h1> elements, expected 1")

    seen: set[str] = set()
    for element in soup.find_all(id=True):
        if element["id"] in seen:
            problems.append(f"duplicate id {element['id']!r}")
        seen.add(element["id"])

    label_targets = {label.get("for") for label in soup.find_all("label") if label.get("for")}
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.name == "input" and control.get("type", "text") in LABELLED_BY_THEMSELVES:
            continue
        if control.get("aria-label") or control.get("aria-labelledby"):
            continue
        if control.get("id") in label_targets or control.find_parent("label"):
            continue
        problems.append(f"unlabelled <{control.name} name={control.get('name')!r}>")

    if problems:
        raise PageProblem(f"{url}: " + "; ".join(problems))
    return soup
