"""Building and reading URLs: the <int:…> converter, and link patterns for pages of many links."""

from __future__ import annotations

from flask import Flask, current_app, url_for
from werkzeug.routing import IntegerConverter

MARK = 2**31 - 1  # the largest id a URL takes: url_for writes it where each link's own value goes


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIntegerConverter


class DatabaseIntegerConverter(IntegerConverter):
    """<int:…> in a URL: a number too big for a database integer is simply not found, not a server error."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class LinkPattern:
    """Links that differ only in one value, from one url_for: a page of a thousand comments asks once.

    `LinkPattern("comments.thread", "comment_id", slug=...)(42)` is url_for(..., comment_id=42).
    """

    def __init__(self, endpoint: str, field: str, **values):
        self.head, self.tail = url_for(endpoint, **{field: MARK}, **values).rsplit(str(MARK), 1)

    def __call__(self, value) -> str:
        return f"{self.head}{value}{self.tail}"


def site_context():
    """A request context on the public address, so emails written by commands carry real links."""
    return current_app.test_request_context(base_url=current_app.config["COPRODUCE_BASE_URL"])
