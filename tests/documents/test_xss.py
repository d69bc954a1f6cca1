"""Nothing a writer types can run in a reader's browser.

Every payload goes through every way Markdown reaches a page (one clause at a
time, a pasted document, render_markdown itself) and the pages are parsed the
way a browser parses them (html5lib) to look for anything executable.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from coproduce.markup import render_markdown
from tests.documents.factories import create_officer, document_called
from tests.documents.helpers import draft_clauses, field_value, post_and_follow
from tests.xss_payloads import XSS_PAYLOADS

FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style", "link",
    "form", "input", "button", "textarea", "select", "base", "meta", "template", "noscript", "xmp", "img",
    "video", "audio", "source", "isindex", "details", "marquee",
}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcset", "cite",
    "longdesc", "codebase", "dynsrc", "lowsrc", "ping", "manifest", "srcdoc",
}
SAFE_SCHEMES = {"http", "https", "mailto"}
C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see: it drops tabs and newlines anywhere and controls at either end."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip(C0_AND_SPACE)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html5lib")


def problems_in_content(element, where: str) -> list[str]:
    """What in user content could execute, load or submit something."""
    found = []
    for tag in [element, *element.find_all(True)]:
        if tag is not element and tag.name in FORBIDDEN_ELEMENTS:
            found.append(f"{where}: <{tag.name}> element")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"{where}: {name} attribute on <{tag.name}>")
            if name.lower() in {"style", "srcdoc", "formaction"}:
                found.append(f"{where}: {name} attribute on <{tag.name}>")
            if name.lower() in URL_ATTRIBUTES and scheme_of(value) not in (None, *SAFE_SCHEMES):
                found.append(f"{where}: {name}={value!r} on <{tag.name}>")
        if tag.name == "a" and tag.has_attr("href"):
            rel = set(tag.get("rel") or [])
            if not {"nofollow", "noopener"} <= rel:
                found.append(f"{where}: link {tag['href']!r} without rel=\"nofollow noopener\"")
    return found


def problems_in_page(response, content_selectors: list[str]) -> list[str]:
    """Checks over a whole page, then over each piece of user content on it."""
    soup = parse(response.get_data(as_text=True))
    found = []
    policy = response.headers.get("Content-Security-Policy", "")
    for script in soup.find_all("script"):
        ours = script.get("src", "").startswith("/static/") and not script.get_text(strip=True)
        # The layout's own inline script carries this response's nonce, which content cannot guess.
        nonced = bool(script.get("nonce")) and f"'nonce-{script['nonce']}'" in policy
        if not (ours or nonced):
            found.append(f"page: script {str(script)[:80]!r}")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"page: {name} attribute on <{tag.name}>")
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower() in URL_ATTRIBUTES and scheme_of(value) not in (None, *SAFE_SCHEMES):
                found.append(f"page: {name}={value!r} on <{tag.name}>")
    for tag in soup.find_all(["base", "meta"]):
        if tag.name == "base" or tag.get("http-equiv"):
            found.append(f"page: <{tag.name}> {tag.attrs}")
    for selector in content_selectors:
        pieces = soup.select(selector)
        assert pieces, f"nothing matches {selector!r}"
        for piece in pieces:
            found += problems_in_content(piece, selector)
    return found


def test_the_checker_catches_what_it_looks_for():
    """Each rule fires on raw HTML, so a pass below means something."""
    caught = problems_in_content(parse(
        '<div><script>x</script><svg></svg><img src=x onerror=alert(1)>'
        '<a href=" java&#x09;script:alert(1)">a</a><a href="https://example.org">b</a></div>').div, "raw")
    assert any("<script>" in p for p in caught)
    assert any("<svg>" in p for p in caught)
    assert any("onerror" in p for p in caught)
    assert any("href=' java\\tscript:alert(1)'" in p for p in caught)
    assert any("without rel" in p for p in caught)
    assert scheme_of("&#x6A;avascript:x") is None  # entities are decoded by the parser before this
    assert scheme_of("\x01 JavaScript:x") == "javascript"


def test_there_are_enough_payloads():
    assert len(XSS_PAYLOADS) >= 50
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_leaves_nothing_executable(payload):
    html = str(render_markdown(payload))
    assert problems_in_content(parse(f"<div>{html}</div>").div, "render_markdown") == []
    # Sanitised output is stable: sanitising it again changes nothing a browser would run.
    assert problems_in_content(parse(f"<div>{render_markdown(html)}</div>").div, "twice") == []


def test_links_that_are_allowed_keep_working():
    html = str(render_markdown("[a](https://example.org/x) [b](mailto:office@example.org) [c](/documents/) [d](#clause-1)"))
    soup = parse(html)
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://example.org/x", "mailto:office@example.org", "/documents/", "#clause-1"]
    assert all(a["rel"] == ["nofollow", "noopener"] for a in soup.find_all("a"))


def test_escaped_text_stays_text():
    assert "&lt;script&gt;" in str(render_markdown("&lt;script&gt;alert(1)&lt;/script&gt;"))
    assert "<script" not in str(render_markdown("`<script>alert(1)</script>`"))
    assert "&lt;script&gt;" in str(render_markdown("`<script>alert(1)</script>`"))


# --- through the pages ---------------------------------------------------------------

SHOW = ["section.app-clause h2", "section.app-clause .app-prose"]
DRAFT = ["section.app-draft-clause h2", "section.app-draft-clause .app-prose"]
COMPARE = ["section.app-change h2", "section.app-change .app-redline"]


def pasted(payloads: list[str]) -> str:
    return "\n\n".join(f"## Payload {n}\n\n{payload}" for n, payload in enumerate(payloads)) + "\n"


def publish_through_the_web(client, slug, change_note):
    form = client.get(f"/documents/{slug}/publish")
    return post_and_follow(client, f"/documents/{slug}/publish", MultiDict([
        ("change_note", change_note), ("lock", field_value(form, "lock")),
        ("opens_on", "1"), ("opens_on", "1"), ("opens_on", "2020"),
        ("closes_on", "31"), ("closes_on", "12"), ("closes_on", "2099"),
    ]))


def test_payloads_in_clauses_pasted_documents_and_comparisons_never_run(client):
    _rhodri, council = create_officer(email="rhodri@example.org")
    client.sign_in("rhodri@example.org")

    # 1. A whole document pasted when it is created.
    draft_page = post_and_follow(client, "/documents/new", {
        "title": "Payloads", "kind": "guidance", "owner_id": council.id, "area_code": "glanmor",
        "markdown": pasted(XSS_PAYLOADS),
    })
    document = document_called("Payloads")
    slug = document.slug
    clauses = draft_clauses(document)
    assert [c.body for c in clauses] == [p.strip() for p in XSS_PAYLOADS]
    assert problems_in_page(draft_page, DRAFT) == []

    v1 = publish_through_the_web(client, slug, "All the payloads.")
    assert problems_in_page(v1, SHOW) == []

    # 2. Each clause rewritten through its own form, with the next payload.
    for index, clause in enumerate(clauses):
        url = f"/documents/{slug}/draft/clauses/{clause.key}/edit"
        form = client.get(url)
        assert field_value(form, "body") == clause.body  # the payload comes back as text in the textarea
        payload = XSS_PAYLOADS[(index + 1) % len(XSS_PAYLOADS)]
        response = client.post(url, data={"heading": clause.heading, "body": payload, "level": "1",
                                          "revision": field_value(form, "revision")})
        assert response.status_code == 302
    # One more, added on its own.
    form = client.get(f"/documents/{slug}/draft/clauses/new")
    post_and_follow(client, f"/documents/{slug}/draft/clauses/new", {
        "heading": "Added", "body": "\n\n".join(XSS_PAYLOADS[:20]), "level": "1", "lock": field_value(form, "lock"),
    })
    assert problems_in_page(client.get(f"/documents/{slug}/draft/"), DRAFT) == []
    added = draft_clauses(document)[-1].key
    assert problems_in_page(client.get(f"/documents/{slug}/draft/clauses/{added}/remove"), [".govuk-inset-text"]) == []

    v2 = publish_through_the_web(client, slug, "Every payload moved along one clause.")
    assert problems_in_page(v2, SHOW) == []
    for view in ("", "?view=changes"):
        compare = client.get(f"/documents/{slug}/compare/1..2/{view}")
        assert compare.status_code == 200
        assert problems_in_page(compare, COMPARE) == []
    assert problems_in_page(client.get(f"/documents/{slug}/v/1/"), SHOW) == []

    # 3. The whole draft replaced from the paste page.
    form = client.get(f"/documents/{slug}/draft/paste")
    page = post_and_follow(client, f"/documents/{slug}/draft/paste", {
        "markdown": pasted(list(reversed(XSS_PAYLOADS))), "lock": field_value(form, "lock")})
    assert problems_in_page(page, DRAFT) == []


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "javascript:alert(1)",
])
def test_plain_text_fields_are_escaped_everywhere(client, payload):
    """Titles, summaries, headings and change notes are text, never HTML."""
    rhodri, council = create_officer(email="rhodri@example.org")
    client.sign_in("rhodri@example.org")
    post_and_follow(client, "/documents/new", {
        "title": f"Title {payload}", "summary": f"Summary {payload}", "kind": "guidance", "owner_id": council.id,
        "area_code": "glanmor", "markdown": f"## Heading {payload}\n\nText.\n",
    })
    document = document_called(f"Title {payload}")
    form = client.get(f"/documents/{document.slug}/draft/clauses/new")
    post_and_follow(client, f"/documents/{document.slug}/draft/clauses/new", {
        "heading": f"Added {payload}", "body": "Text.", "level": "1", "lock": field_value(form, "lock")})
    publish_through_the_web(client, document.slug, f"Note {payload}")
    clause = draft_clauses(document)[0]
    conflict_form = client.get(f"/documents/{document.slug}/draft/clauses/{clause.key}/edit")
    client.post(f"/documents/{document.slug}/draft/clauses/{clause.key}/edit", data={
        "heading": f"Heading {payload}", "body": "Other text.", "level": "1",
        "revision": field_value(conflict_form, "revision")})
    publish_through_the_web(client, document.slug, f"Second {payload}")
    conflict = client.post(f"/documents/{document.slug}/draft/clauses/{clause.key}/edit", data={
        "heading": f"Mine {payload}", "body": payload, "level": "1", "revision": field_value(conflict_form, "revision")})
    assert conflict.status_code == 409

    pages = {
        "/documents/": None,
        f"/documents/{document.slug}/": SHOW,
        f"/documents/{document.slug}/v/1/": SHOW,
        f"/documents/{document.slug}/versions/": None,
        f"/documents/{document.slug}/compare/": None,
        f"/documents/{document.slug}/compare/1..2/": COMPARE,
        f"/documents/{document.slug}/draft/": DRAFT,
        f"/documents/{document.slug}/publish": None,
        f"/documents/{document.slug}/edit": None,
        f"/documents/{document.slug}/draft/clauses/{clause.key}/remove": None,
        f"/documents/{document.slug}/draft/clauses/{clause.key}/edit": None,
    }
    for url, selectors in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems_in_page(response, selectors or []) == [], url
        if url != "/documents/":
            assert payload in BeautifulSoup(response.get_data(as_text=True), "html5lib").get_text(), url
    assert problems_in_page(conflict, [".app-conflict__theirs"]) == []
