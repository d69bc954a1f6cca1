"""Pages as people who are not signed in see them, kept in memory until what they show changes.

A national consultation is read far more than it is written, mostly by people
who are not signed in, and they all see the same page. Each worker process
keeps the pages it rendered for them (least recently used first out, bounded
in bytes) and serves one again only while nothing it shows has changed.

Every change writes a row to the audit trail (coproduce/audit.py), marked with
the document it belongs to; people and organisations, whose names pages show,
write rows marked with none. So the newest audit row of the document and the
newest unmarked row say whether a page is still current: one indexed query on
the shared database, so several processes or machines never serve each other's
stale pages. Audit rows commit in id order (writers hold the chain's lock until
they commit), and the check runs before the page is read, so a kept page is
never older than the state it is kept under. Pages also expire after
PAGE_CACHE_SECONDS, for what changes with time alone (a window closing).

Never kept: pages for signed-in people, pages showing a flashed message, pages
that wrote to the session (a form's CSRF token, say), anything but a 200.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, wraps

from flask import Response, current_app, g, make_response, request, session
from flask_login import current_user
from sqlalchemy import bindparam, func, select

from coproduce.audit.trail import AuditEvent
from coproduce.documents.models import Document
from coproduce.extensions import db
from coproduce.i18n import language

KEPT_HEADERS = {"content-type", "content-disposition", "x-content-sha256"}


@dataclass
class KeptPage:
    state: tuple
    parts: list[bytes]  # the page split where its script nonce stood: each response gets its own
    status: int
    headers: list[tuple[str, str]]
    kept_at: float

    @property
    def size(self) -> int:
        return sum(len(part) for part in self.parts)

    def response(self, nonce: str) -> Response:
        chunks = [self.parts[0]]
        for part in self.parts[1:]:
            chunks += [nonce.encode(), part]
        response = Response(chunks, status=self.status, headers=self.headers)  # sent as chunks, not copied
        response.content_length = sum(len(chunk) for chunk in chunks)
        return response


class PageCache:
    """Kept pages by (path, query, language), each with the state it showed; least recently used go first."""

    def __init__(self, max_bytes: int, max_age: float):
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.pages: OrderedDict[tuple, KeptPage] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()  # the development server serves requests in threads

    def get(self, key: tuple, state: tuple) -> KeptPage | None:
        with self.lock:
            page = self.pages.get(key)
            if page is None:
                return None
            if page.state != state or time.monotonic() - page.kept_at > self.max_age:
                self._drop(key)
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: KeptPage) -> None:
        if page.size > self.max_bytes // 8:  # one huge page must not push out everything else
            return
        with self.lock:
            if key in self.pages:
                self._drop(key)
            self.pages[key] = page
            self.size += page.size
            while self.size > self.max_bytes:
                self._drop(next(iter(self.pages)))

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.size = 0

    def _drop(self, key: tuple) -> None:
        self.size -= self.pages.pop(key).size


def init_app(app) -> None:
    if app.config["PAGE_CACHE_BYTES"] > 0:
        app.extensions["page_cache"] = PageCache(app.config["PAGE_CACHE_BYTES"], app.config["PAGE_CACHE_SECONDS"])


def document_state(slug: str, **_view_args) -> tuple:
    """The newest audit rows of the document with this slug and of the site: what a document page shows."""
    return tuple(db.session.connection().execute(_document_state_query(), {"slug": slug}).one())


@cache
def _document_state_query():
    """Built once: the check runs on every page served from memory. One round trip for both numbers."""
    document = select(Document.id).where(Document.slug == bindparam("slug")).scalar_subquery()
    return select(
        select(func.max(AuditEvent.id)).where(AuditEvent.document_id == document).scalar_subquery(),
        select(func.max(AuditEvent.id)).where(AuditEvent.document_id.is_(None)).scalar_subquery(),
    )


def kept_for_readers(view):
    """Serve a GET page about a document from memory to people who are not signed in while
    document_state(slug) is unchanged."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        cache: PageCache | None = current_app.extensions.get("page_cache")
        if cache is None or request.method != "GET" or current_user.is_authenticated or session.get("_flashes"):
            return view(*args, **kwargs)
        key = (request.path, request.query_string, language())
        current = document_state(**kwargs)  # read before the page, so the page is at least as new as its state
        nonce = g.get("csp_nonce", "")
        page = cache.get(key, current)
        if page is not None:
            response = page.response(nonce)
            response.headers["X-Page-Cache"] = "hit"
            return response
        response = make_response(view(*args, **kwargs))
        if _keepable(response):
            body = response.get_data()
            cache.put(key, KeptPage(
                state=current, parts=body.split(nonce.encode()) if nonce else [body],
                status=response.status_code, kept_at=time.monotonic(),
                headers=[(k, v) for k, v in response.headers.items() if k.lower() in KEPT_HEADERS],
            ))
            response.headers["X-Page-Cache"] = "miss"
        return response

    return wrapper


def _keepable(response: Response) -> bool:
    return (response.status_code == 200 and not response.is_streamed and not session.modified
            and "csrf_token" not in g and "Set-Cookie" not in response.headers)
