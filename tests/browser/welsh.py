"""Reading a page in Welsh: every piece of interface text is Welsh.

The interface is the page's chrome and everything the templates and the code
write; people's words are not, so the collector leaves out anything marked
lang="en" (document text shown where no Welsh exists), the document, comment
and amendment texts (.app-prose, .app-redline, .app-comment__text), code, and
the names of people, organisations and documents listed in ALLOWED.

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

# Whole words and phrases of an English interface; none is a Welsh word.
ENGLISH_WORDS = [
    "Sign in", "Sign out", "Create an account", "Menu", "Back", "Continue", "Save", "Submit", "Send", "Cancel",
    "Error", "There is a problem", "Day", "Month", "Year", "Show", "Hide", "Next", "Previous", "Search",
    "Comment", "Comments", "Reply", "Replies", "Version", "Versions", "Clause", "Clauses", "Document",
    "Documents", "Organisation", "Organisations", "Notifications", "Account", "Password", "Email address",
    "Change", "Edit", "Delete", "Remove", "Publish", "Draft", "Amendment", "Amendments", "Support", "Concern",
    "Question", "Suggestion", "Agreed", "Signed", "Sign", "Verify", "Check", "Download", "Report", "Moderation",
    "Official response", "Compare", "Read", "Open", "Closed", "Success", "Important", "Warning", "Skip",
    "Language", "Accessibility", "Privacy", "Help", "optional", "unread", "characters", "remaining", "sections",
    "Home", "Accept", "Decline", "Yes", "No", "Choose", "Enter", "Select", "Upload", "Hash",
    # Words that only an English sentence holds.
    "the", "and", "your", "you", "with", "this", "of", "for", "from", "are", "has", "have", "not", "will",
    "been", "was", "what", "who", "when", "there", "here", "page", "that", "which", "by", "yet", "about",
]
WORDS = re.compile(r"(?<![\w'-])(" + "|".join(re.escape(w) for w in sorted(ENGLISH_WORDS, key=len, reverse=True))
                   + r")(?![\w'-])")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
EMAIL = re.compile(r"\S+@\S+\.\w+")
HEX = re.compile(r"\b[0-9a-f]{12,64}\b")


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
      for (const n of el.childNodes) {
        if (n.nodeType === Node.TEXT_NODE) add(n.textContent, 'text', el);
      }
      add(ownText(el), 'element', el);
    }
  }
  return found;
}
"""

EXCLUDED = ", ".join([
    '[lang="en"]', ".app-prose", ".app-redline", ".app-comment__text", "code", "pre", "script", "style",
    "template", "noscript",
])


def without_names(text: str, names: list[str]) -> str:
    for name in sorted(ALLOWED + names, key=len, reverse=True):
        text = text.replace(name, " ")
    text = EMAIL.sub(" ", text)
    return HEX.sub(" ", text)


def english_on(page: Page, names: list[str] = ()) -> list[str]:
    """What of the page's interface is English, one line each."""
    exact, patterns = english_messages()
    names = list(names)
    leaks = []
    for item in page.evaluate(COLLECT, EXCLUDED):
        text, where = item["text"], f"{item['kind']} in {item['where']}"
        if text in ALLOWED or text in names:
            continue
        if text in exact:
            leaks.append(f"{text!r} (an English message, {where})")
            continue
        if item["kind"] in ("element", "title") and any(p.fullmatch(text) for p in patterns):
            leaks.append(f"{text!r} (fits an English message, {where})")
            continue
        words = WORDS.findall(without_names(text, names))
        if words:
            leaks.append(f"{text!r} (English words {sorted(set(words))}, {where})")
    return sorted(set(leaks), key=leaks.index)


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
        leaks = english_on(page, self.names)
        if leaks:
            self.found.setdefault(page.url, []).extend(leak for leak in leaks if leak not in self.found.get(page.url, []))

    def visit(self, page: Page, path: str) -> None:
        page.goto(path)
        self.check(page)

    def submit(self, page: Page, button: str) -> None:
        page.get_by_role("button", name=button, exact=True).click()
        self.check(page)

    def follow(self, page: Page, link: str, **options) -> None:
        with page.expect_navigation():
            page.get_by_role("link", name=link, **options).first.click()
        self.check(page)

    def assert_all_welsh(self) -> None:
        report = [f"{url}\n    " + "\n    ".join(leaks) for url, leaks in self.found.items()]
        assert not report, f"English interface text on {len(report)} of {self.pages} Welsh pages:\n" + "\n".join(report)
