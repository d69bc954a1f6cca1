"""CommentPage writes what the slower general tools would, in English and Welsh: dates as Babel's
format_datetime, translations as Jinja's _(), links as url_for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from flask import render_template_string, url_for
from flask_babel import format_datetime

from coproduce.comments.display import CommentPage

DOCUMENT = SimpleNamespace(slug="a-communities-strategy-for-wales")
VERSION = SimpleNamespace(number=3)

MOMENTS = [
    datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),  # the last minute of GMT
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # the first of BST
    datetime(2026, 6, 30, 23, 30, tzinfo=UTC),  # already 1 July in London
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 01:30 BST...
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # ...and 01:30 GMT an hour later
    datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 8, 5, 9, 7),  # naive: taken as UTC, as format_datetime does
]


@pytest.fixture(params=["en", "cy"])
def page(request, app):
    with app.test_request_context("/", headers={"Accept-Language": request.param}):
        yield CommentPage(DOCUMENT, VERSION, can_reply=True)


def test_dates_read_as_babel_writes_them_in_london_time(page):
    moments = MOMENTS + [datetime(2026, 1, 1, 12, 5, tzinfo=UTC) + timedelta(days=n, minutes=17 * n)
                         for n in range(0, 365, 11)]
    for moment in moments:
        assert page.when(moment) == format_datetime(moment, "d MMMM y, HH:mm")


def test_a_welsh_reader_gets_welsh_months(app):
    with app.test_request_context("/", headers={"Accept-Language": "cy"}):
        assert CommentPage(DOCUMENT, VERSION).when(datetime(2026, 2, 3, 10, 0, tzinfo=UTC)) == "3 Chwefror 2026, 10:00"


@pytest.mark.parametrize("text, variables", [
    ("for", {}),
    ("speaking for themselves", {}),
    ("to %(name)s", {"name": "Siân <Jones> & \"friends\""}),
    ("Hidden by a moderator: %(reason)s.", {"reason": "It's off topic"}),
])
def test_translations_are_escaped_and_filled_in_as_jinja_does(page, text, variables):
    expected = render_template_string("{{ _(text, **variables) }}", text=text, variables=variables)
    assert str(page.gettext(text, **variables)) == expected
    assert str(page.gettext(text, **variables)) == expected  # and again, from the page's own lookup


def test_links_are_what_url_for_builds(page):
    comment = SimpleNamespace(id=45343)
    organisation = SimpleNamespace(slug="penrhos-community-pantry")
    slug = DOCUMENT.slug
    assert page.thread_url(comment) == url_for("comments.thread", slug=slug, comment_id=45343, v=3)
    assert page.reply_url(comment) == url_for("comments.reply", slug=slug, comment_id=45343, v=3)
    assert page.report_url(comment) == url_for("moderation.report", item_type="comment", item_id=45343)
    assert page.moderate_url(comment) == url_for("moderation.item", item_type="comment", item_id=45343)
    assert page.organisation_url(organisation) == url_for("organisations.show", slug="penrhos-community-pantry")


def test_nobody_signed_in_may_edit_delete_or_report(page):
    comment = SimpleNamespace(author_id=1, deleted_at=None, moderation="visible", original_body=None)
    assert page.reader is None
    assert not (page.can_edit(comment) or page.can_delete(comment) or page.can_report(comment))
