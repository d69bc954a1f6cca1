"""Cymraeg: every message has a Welsh translation, and no user-visible string
escapes the catalogue (a template's bare text, or a literal shown from Python)."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "coproduce" / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}

# Words that are the same in both languages: names, formats, codes.
ALLOWED_WORDS = {"English", "Cymraeg", "JSON", "CSV", "SHA", "SHA-", "UTC", "Markdown"}


def welsh_catalogue():
    with open(CATALOGUE, "rb") as f:
        return read_po(f, locale="cy")


def source_messages() -> set[str]:
    method_map = [("coproduce/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS,
        options_map={"templates/**.html": {}, "templates/**.txt": {}},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_a_welsh_translation():
    catalogue = welsh_catalogue()
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not missing, f"{len(missing)} messages lack Welsh: {missing[:10]}"


def test_every_wrapped_string_in_the_code_is_in_the_welsh_catalogue():
    catalogue = welsh_catalogue()
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
    missing = sorted(source_messages() - known)
    assert not missing, f"{len(missing)} strings are not in the catalogue (run make babel-extract and translate): {missing[:10]}"


class TextCollector(HTMLParser):
    """Text nodes and human-facing attributes of a template, with Jinja stripped out."""

    SKIPPED = {"script", "style", "code"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "placeholder") and value:
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.found.append(data)


JINJA_STATEMENTS = re.compile(r"{#.*?#}|{%.*?%}", re.S)


def strip_jinja(source: str, replacement: str = " ") -> str:
    """Remove Jinja comments, statements and {{ expressions }} (whose dicts nest braces)."""
    source = JINJA_STATEMENTS.sub(replacement, source)
    out, i = [], 0
    while True:
        start = source.find("{{", i)
        if start < 0:
            out.append(source[i:])
            return "".join(out)
        out.append(source[i:start] + replacement)
        depth, j = 0, start
        while j < len(source):
            depth += {"{": 1, "}": -1}.get(source[j], 0)
            j += 1
            if depth == 0:
                break
        i = j


def bare_words(text: str) -> list[str]:
    words = re.findall(r"[A-Za-zÀ-ÿŵŷŴŶ][A-Za-zÀ-ÿŵŷŴŶ'-]+", text)
    return [w for w in words if w not in ALLOWED_WORDS]


def test_templates_hold_no_text_outside_the_catalogue():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        collector = TextCollector()
        collector.feed(strip_jinja(path.read_text()))
        for chunk in collector.found:
            if bare_words(chunk):
                offenders.append(f"{path.relative_to(ROOT)}: {chunk.strip()[:60]!r}")
    for path in sorted((ROOT / "templates").rglob("*.txt")):
        for chunk in strip_jinja(path.read_text(), "\n").splitlines():
            if bare_words(chunk):
                offenders.append(f"{path.relative_to(ROOT)}: {chunk.strip()[:60]!r}")
    assert not offenders, "Unwrapped text in templates:\n" + "\n".join(offenders)


# Calls whose string argument a person reads.
SHOWN = {"flash", "ServiceError", "ConflictError", "ValidationError", "StringField", "TextAreaField", "RadioField",
         "SelectField", "SelectMultipleField", "BooleanField", "SubmitField", "PasswordField", "EmailField",
         "IntegerField", "FileField", "LondonDateField", "required"}


def test_python_shows_no_unwrapped_strings():
    offenders = []
    for path in sorted((ROOT / "coproduce").rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in SHOWN:
                continue
            values = list(node.args[:1]) + [k.value for k in node.keywords
                                            if k.arg in ("label", "message", "description")]
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and bare_words(value.value):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}({value.value[:50]!r})")
    assert not offenders, "Strings shown to people without _() or _l():\n" + "\n".join(offenders)
