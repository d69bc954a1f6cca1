"""What every comment on a page needs that is the same for all of them, worked out once per page.

A thread page shows up to a thousand comments: a url_for, a permission question, a translation
lookup or a Babel date format per comment adds up to most of the page's cost. Here each link is
built once with a marker in place of the comment's id, each text translated once, and dates
written from the reader's month names and time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import get_month_names
from flask_babel import get_timezone
from flask_login import current_user
from markupsafe import Markup

from coproduce import permissions
from coproduce.comments.models import STANCES
from coproduce.i18n import language, translations
from coproduce.urls import LinkPattern


@lru_cache(maxsize=8)
def month_names(locale: str) -> dict[int, str]:
    return dict(get_month_names("wide", "format", locale))


class CommentPage:
    """One page's comments: who is reading, what they may do, links and dates."""

    def __init__(self, document, version, *, can_reply: bool = False, can_moderate: bool = False):
        self.document = document
        self.version = version
        # The person behind current_user, once: each use of the proxy costs a lookup.
        self.reader = current_user._get_current_object() if current_user.is_authenticated else None
        self.can_reply = can_reply
        self.can_moderate = can_moderate
        self.stance_labels = {stance: str(label) for stance, label in STANCES.items()}
        self._translations: dict[tuple[str, bool], Markup] = {}
        self._months = month_names(language())
        self._zone = ZoneInfo(str(get_timezone()))  # the same zone as Babel's pytz one, converted faster
        self._organisation = LinkPattern("organisations.show", "slug")
        self._thread = LinkPattern("comments.thread", "comment_id", slug=document.slug, v=version.number)
        self._reply = LinkPattern("comments.reply", "comment_id", slug=document.slug, v=version.number)
        self._report = LinkPattern("moderation.report", "item_id", item_type="comment")
        self._moderate = LinkPattern("moderation.item", "item_id", item_type="comment")

    def gettext(self, string: str, **variables) -> Markup:
        """The templates' _(), each text looked up once per page: the lookup costs more than the rest of
        a byline. Escapes and fills in `variables` as Jinja's own does (jinja2.ext, newstyle gettext)."""
        key = (string, bool(variables))
        translated = self._translations.get(key)
        if translated is None:
            translated = Markup(translations().ugettext(string))
            if not variables:  # formatted even so, as Jinja does: "%%" becomes "%"
                translated = translated % {}
            self._translations[key] = translated
        return translated % variables if variables else translated

    def when(self, moment: datetime) -> str:
        """As format_datetime(moment, "d MMMM y, HH:mm") writes it (the tests hold them equal), without
        its cost: '3 December 2026, 08:15' in the reader's language, in the site's time zone."""
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(self._zone)
        return f"{local.day} {self._months[local.month]} {local.year}, {local.hour:02d}:{local.minute:02d}"

    def organisation_url(self, organisation) -> str:
        return self._organisation(organisation.slug)  # slugs are URL-safe: slugify() makes them so

    def thread_url(self, comment) -> str:
        return self._thread(comment.id)

    def reply_url(self, comment) -> str:
        return self._reply(comment.id)

    def report_url(self, comment) -> str:
        return self._report(comment.id)

    def moderate_url(self, comment) -> str:
        return self._moderate(comment.id)

    def can_edit(self, comment) -> bool:
        return self.reader is not None and permissions.can_edit_comment(self.reader, comment)

    def can_delete(self, comment) -> bool:
        return self.reader is not None and permissions.can_delete_comment(self.reader, comment)

    def can_report(self, comment) -> bool:
        return self.reader is not None and permissions.can_report(self.reader, comment)
