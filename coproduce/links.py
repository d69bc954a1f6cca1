"""Links that differ only in one value, from one url_for: a page of a thousand comments asks once."""

from __future__ import annotations

from flask import url_for

MARK = 2**31 - 1  # the largest id a URL takes: url_for writes it where each link's own value goes


class LinkPattern:
    """`LinkPattern("comments.thread", "comment_id", slug=...)(42)` is url_for(..., comment_id=42)."""

    def __init__(self, endpoint: str, field: str, **values):
        self.head, self.tail = url_for(endpoint, **{field: MARK}, **values).rsplit(str(MARK), 1)

    def __call__(self, value) -> str:
        return f"{self.head}{value}{self.tail}"
