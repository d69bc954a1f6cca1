"""Reading a page in Welsh: every piece of interface text is Welsh.

The interface is the page's chrome and everything the templates and the code
write; people's words are not, so the collector leaves out anything marked
lang="en" (document text shown where no Welsh exists), the document, comment
and amendment texts (.app-prose, .app-redline, .app-comment__text), code,
what was typed into a textarea, the proper names and shared words of ALLOWED,
and whatever else people wrote, as the database holds it (names, titles,
change notes, responses, roles...).

A text is English interface when it is exactly an English message of the
catalogue whose Welsh differs, when it fits such a message with its
placeholders filled in, or when it holds a common English interface word.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect
from sqlalchemy import select

from coproduce.extensions import db
from tests.browser.axe import assert_accessible

CATALOGUE = Path(__file__).resolve().parents[2] / "coproduce" / "translations" / "cy" / "LC_MESSAGES" / "messages.po"

# Proper names and words shared by both languages, removed from a text before it is judged.
ALLOWED = [
    # The service, the languages and formats.
    "Cyd-gynhyrchu", "Cymraeg", "English", "JSON", "CSV", "SHA-256", "Markdown", "GOV.UK", "UTC",
    # Places and organisations of the demo world.
    "Welsh Government, Communities Division", "Welsh Government", "Communities Division",
    "Glanmôr County Council", "Glanmôr Voluntary Council", "Penrhos Community Pantry",
    "Tŷ Cymunedol Development Trust", "Afon Mutual Aid", "Glanmôr", "Penrhos", "Afon", "Cymru",
    # People of the demo world.
    "Carys Morgan", "Rhodri Evans", "Siân Jones", "Dafydd Price", "Aisha Khan", "Megan Hughes", "Tom Baker",
    "Site Administrator",
    # Documents of the demo world that have no Welsh title.
    "Glanmôr Community Partnership Agreement",
    "Penrhos Community Pantry and the council: one food referral route",
]

# Whole words and phrases of an English interface, in any case; none is a Welsh word.
ENGLISH_WORDS = [
    "Sign in", "Sign out", "Create an account", "Menu", "Back", "Continue", "Save", "Submit", "Send", "Cancel",
    "Error", "There is a problem", "Day", "Month", "Year", "Show", "Hide", "Next", "Previous", "Search",
    "Comment", "Comments", "Reply", "Replies", "Version", "Versions", "Clause", "Clauses", "Document",
    "Documents", "Organisation", "Organisations", "Notifications", "Account", "Password", "Email address",
    "Change", "Edit", "Delete", "Remove", "Publish", "Draft", "Amendment", "Amendments", "Support", "Concern",
    "Question", "Suggestion", "Agreed", "Signed", "Sign", "Verify", "Check", "Download", "Report", "Moderation",
    "Official response", "Compare", "Read", "Open", "Closed", "Success", "Important", "Warning", "Skip",
    "Language", "Accessibility", "Privacy", "Help", "optional", "unread", "characters", "remaining", "sections",
    "Home", "Accept", "Decline", "Yes", "No", "Choose", "Enter", "Select", "Upload", "Hash", "Page", "Pages",
    # Words that only an English sentence holds.
    "the", "and", "your", "you", "with", "this", "of", "for", "from", "are", "has", "have", "not", "will",
    "been", "was", "what", "who", "when", "there", "here", "page", "that", "which", "by", "yet", "about",
]
WORDS = re.compile(r"(?<![\w'-])(" + "|".join(re.escape(w) for w in sorted(ENGLISH_WORDS, key=len, reverse=True))
                   + r")(?![\w'-])", re.IGNORECASE)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
EMAIL = re.compile(r"\S+@\S+\.\w+")
URL = re.compile(r"https?://\S+")
HEX = re.compile(r"\b[0-9a-f]{12,64}\b")


@cache
def welsh_messages() -> dict[str, str]:
    """English to Welsh, for every singular message of the catalogue."""
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f, locale="cy")
    return {m.id: m.string for m in catalogue if m.id and isinstance(m.id, str)}


def cy(english: str) -> str:
    """The Welsh of an English message: how a test finds a label or button on a Welsh page."""
    welsh = welsh_messages().get(english)
    assert welsh, f"the catalogue has no Welsh for {english!r}"
    return welsh


@cache
def english_messages() -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """The English of every message whose Welsh differs: exact texts, and patterns for those with placeholders."""
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f, locale="cy")
    exact, patterns = set(), []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if all(s == english for s in strings):
                continue  # the same in both languages
            text = normalise(english)
            if not PLACEHOLDER.search(text):
                exact.add(text)
                continue
            literal = PLACEHOLDER.sub(" ", text)
            if len(re.findall(r"[A-Za-z]{2,}", literal)) < 2:
                continue  # too little English of its own to tell it apart
            parts = re.split(r"(%\(\w+\)[sd]|%[sd])", text)
            patterns.append(re.compile("".join(re.escape(part) if i % 2 == 0 else ".+?"
                                               for i, part in enumerate(parts))))
    return frozenset(exact), tuple(patterns)


def normalise(text: str) -> str:
    return " ".join(text.split())


# Text nodes, each element's own text (its text nodes and inline children joined), and human-facing
# attributes, leaving out people's words.
COLLECT = """
(excluded) => {
  const skip = el => el.closest(excluded);
  const found = [];
  const add = (text, kind, el) => {
    text = text.replace(/\\s+/g, ' ').trim();
    if (text && /[A-Za-z]/.test(text)) {
      const where = el.id ? '#' + el.id : (el.className && typeof el.className === 'string'
        ? el.tagName.toLowerCase() + '.' + el.className.trim().split(/\\s+/).join('.') : el.tagName.toLowerCase());
      found.push({text, kind, where});
    }
  };
  const ownText = el => {
    let text = '';
    for (const child of el.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.textContent;
      else if (child.nodeType === Node.ELEMENT_NODE && !child.matches(excluded)) {
        const display = getComputedStyle(child).display;
        text += display.startsWith('inline') || display === 'contents' ? ownText(child) : ' ';
      }
    }
    return text;
  };
  add(document.title, 'title', document.documentElement);
  for (const el of document.body.querySelectorAll('*')) {
    if (skip(el)) continue;
    for (const attr of ['aria-label', 'title', 'alt', 'placeholder', 'aria-description']) {
      if (el.hasAttribute(attr)) add(el.getAttribute(attr), 'attribute ' + attr, el);
    }
    if (el.matches('input[type=submit], input[type=button]')) add(el.value, 'value', el);
    if ([...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim())) {
      if (!el.matches('del, ins')) {  // words of a redline, as in a changed clause heading
        for (const n of el.childNodes) {
          if (n.nodeType === Node.TEXT_NODE) add(n.textContent, 'text', el);
        }
      }
      add(ownText(el), 'element', el);
    }
  }
  return found;
}
"""

EXCLUDED = ", ".join([
    'body [lang="en"]', ".app-prose", ".app-redline", ".app-comment__text", "code", "pre", "script", "style",
    "template", "noscript", "textarea",  # what a person typed into a form
])


# What people wrote, column by column: never interface text, whatever its language.
USER_TEXT_COLUMNS = {
    "user": ["name"],
    "organisation": ["name", "description"],
    "document": ["title", "summary", "title_cy", "summary_cy"],
    "membership": ["request_note"],
    "version": ["title", "title_cy", "change_note"],
    "draft_clause": ["heading", "body", "heading_cy", "body_cy"],
    "version_clause": ["heading", "body", "heading_cy", "body_cy"],
    "comment": ["body", "original_body", "sent_by_name"],
    "comment_revision": ["body"],
    "amendment": ["original_text", "proposed_text", "rationale", "original_rationale", "decided_text", "response"],
    "amendment_decision": ["decided_text", "response"],
    "amendment_support": ["note"],
    "sign_off": ["signatory_name", "role", "statement"],
    "sign_off_withdrawal": ["reason"],
    "moderation_action": ["reason"],
    "report": ["note"],
    "appeal": ["text", "response"],
}
MARKDOWN_MARKS = re.compile(r"^\s*(#+|[-*>]|\d+\.)\s+")


def user_texts() -> list[str]:
    """Every line people have written, as the live server has it now, longest first."""
    db.session.expire_all()
    found = set()
    for table_name, columns in USER_TEXT_COLUMNS.items():
        table = db.metadata.tables[table_name]
        for row in db.session.execute(select(*(table.c[c] for c in columns))):
            for value in row:
                for line in (value or "").splitlines():
                    line = normalise(MARKDOWN_MARKS.sub("", line))
                    if len(line) >= 4:
                        found.add(line)
    db.session.rollback()  # hold no read transaction open while the server writes
    return sorted(found, key=len, reverse=True)


def without(text: str, names: list[str], replacement: str = " ") -> str:
    """The text with people's words, proper names, addresses and hashes taken out."""
    for name in names:
        if name in text:
            text = text.replace(name, replacement)
    text = URL.sub(replacement, text)
    text = EMAIL.sub(replacement, text)
    return HEX.sub(replacement, text)


def english_on(page: Page, names: list[str] = ()) -> list[str]:
    """What of the page's interface is English, one line each."""
    exact, patterns = english_messages()
    names = sorted(set(ALLOWED) | set(names) | set(user_texts()), key=len, reverse=True)
    leaks, seen = [], set()
    for item in page.evaluate(COLLECT, EXCLUDED):
        text, kind, where = item["text"], item["kind"], f"{item['kind']} in {item['where']}"
        if text in names or text in seen:
            continue
        seen.add(text)
        if text in exact:
            leaks.append(f"{text!r} (an English message; {where})")
        elif kind in ("element", "title") and any(p.fullmatch(without(text, names, "X")) for p in patterns):
            leaks.append(f"{text!r} (an English message with its blanks filled in; {where})")
        elif kind != "element" and (words := WORDS.findall(without(text, names))):
            leaks.append(f"{text!r} (English words {sorted(set(words))}; {where})")
    return leaks


class WelshReader:
    """Checks each page a person reaches: lang="cy", no axe violations, no English interface text.

    The English found is gathered over a journey and reported at the end, page by page."""

    def __init__(self, names: list[str] = ()):
        self.names = list(names)
        self.found: dict[str, list[str]] = {}
        self.pages = 0

    def check(self, page: Page) -> None:
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        assert_accessible(page)
        self.pages += 1
        found = self.found.setdefault(page.url, [])
        found.extend(leak for leak in english_on(page, self.names) if leak not in found)

    def visit(self, page: Page, path: str) -> None:
        page.goto(path)
        self.check(page)

    def submit(self, page: Page, button: str) -> None:
        with page.expect_navigation():
            page.get_by_role("button", name=button, exact=True).click()
        self.check(page)

    def follow(self, page: Page, link: str, **options) -> None:
        with page.expect_navigation():
            page.get_by_role("link", name=link, **options).first.click()
        self.check(page)

    def assert_all_welsh(self) -> None:
        report = [f"{url}\n    " + "\n    ".join(leaks) for url, leaks in self.found.items() if leaks]
        assert not report, f"English interface text on {len(report)} of {self.pages} Welsh pages:\n" + "\n".join(report)
