"""The one Markdown -> safe HTML pipeline.

Python-Markdown renders; nh3 (the Rust ammonia sanitiser) then removes
anything not on the allowlist. nh3 runs last: it is the security boundary, so
nothing may touch the HTML after it.
"""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr",
    "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li",
    "em", "strong", "code", "pre", "blockquote",
    "a",
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "sane_lists"]


def render_markdown(text: str) -> Markup:
    """Markdown source to HTML that is safe to put in any page."""
    html = markdown.markdown(text or "", extensions=EXTENSIONS, output_format="html")
    # Markdown "# heading" inside a clause would compete with the page's own h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )
    return Markup(clean)
