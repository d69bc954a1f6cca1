"""Quick access to the locale and catalogue Flask-Babel chose for this request.

Flask-Babel looks up the locale and the catalogue again on every gettext call
(about 8 µs); a page of 300 clauses or 1,000 comments makes thousands of
calls. These keep what it found in the slots it already has for them on its
per-request namespace, which `force_locale` and `refresh` reset, so emails in
the recipient's language still get theirs.
"""

from __future__ import annotations

from flask import g
from flask_babel import get_locale, get_translations
from jinja2 import pass_eval_context
from markupsafe import Markup


def _babel_context():
    return g.get("_flask_babel") if g else None


def translations():
    context = _babel_context()
    if context is None:
        return get_translations()
    found = getattr(context, "babel_translations", None)
    if found is None:
        found = get_translations()
        context.babel_translations = found
    return found


def language() -> str:
    """The reader's language code: "en" or "cy"."""
    context = _babel_context()
    locale = getattr(context, "babel_locale", None) if context is not None else None
    locale = locale or get_locale()
    return locale.language if locale else "en"


@pass_eval_context
def gettext(eval_context, string: str, **variables) -> str:
    translated = translations().ugettext(string)
    return (Markup(translated) if eval_context.autoescape else translated) % variables


@pass_eval_context
def ngettext(eval_context, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    translated = translations().ungettext(singular, plural, num)
    return (Markup(translated) if eval_context.autoescape else translated) % variables


@pass_eval_context
def pgettext(eval_context, context: str, string: str, **variables) -> str:
    variables.setdefault("context", context)
    translated = translations().upgettext(context, string)
    return (Markup(translated) if eval_context.autoescape else translated) % variables


@pass_eval_context
def npgettext(eval_context, context: str, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    translated = translations().unpgettext(context, singular, plural, num)
    return (Markup(translated) if eval_context.autoescape else translated) % variables


def install(jinja_env) -> None:
    """Templates' _(), gettext() and ngettext(): Jinja's "newstyle" gettext (autoescaped, always formatted),
    through the quick path. Jinja's own take the whole template context, which it copies for each call
    made inside a loop (about 30 µs); these need only the autoescape setting."""
    jinja_env.newstyle_gettext = True  # {% trans %} blocks call these the same way
    jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext)
