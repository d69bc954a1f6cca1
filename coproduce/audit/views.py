"""A document's public activity page: every recorded change, newest first."""

from flask import Blueprint, abort, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from coproduce import permissions
from coproduce.audit.queries import actors_of, document_events
from coproduce.documents.queries import get_document
from coproduce.moderation.models import ACTIONS as MODERATION_ACTIONS
from coproduce.permissions import public

bp = Blueprint("audit", __name__, url_prefix="/documents")

ACTION_LABELS = {
    "document.created": _l("Document created"),
    "document.updated": _l("Details changed"),
    "document.parties_set": _l("Parties chosen"),
    "draft.saved": _l("Draft saved"),
    "version.published": _l("Version published"),
    "version.marked_final": _l("Version marked final"),
    "comment.posted": _l("Comment posted"),
    "comment.official_response": _l("Official response posted"),
    "comment.edited": _l("Comment edited"),
    "comment.deleted": _l("Comment deleted by its author"),
    "amendment.proposed": _l("Amendment proposed"),
    "amendment.revised": _l("Amendment revised"),
    "amendment.superseded": _l("Amendment replaced by a revision"),
    "amendment.withdrawn": _l("Amendment withdrawn"),
    "amendment.supported": _l("Amendment supported"),
    "amendment.decided": _l("Amendment decided"),
    "signoff.requested": _l("Put forward for sign-off"),
    "signoff.signed": _l("Signed"),
    "signoff.withdrawn": _l("Sign-off withdrawn"),
    "document.agreed": _l("Agreed by every party"),
    "moderation.reported": _l("Reported to a moderator"),
    "moderation.appealed": _l("Moderation decision appealed"),
}


@bp.route("/<slug>/activity/")
@public
def activity(slug):
    document = get_document(slug)
    if document.latest_version_number == 0 and not permissions.can_view_draft(current_user, document):
        abort(404)  # a document nobody outside its body has seen yet
    events = document_events(document)
    return render_template("audit/activity.html", document=document, events=events, actors=actors_of(events),
                           labels=activity_labels())


def activity_labels() -> dict[str, str]:
    labels = {f"moderation.{action}": str(label) for action, label in MODERATION_ACTIONS.items()}
    return labels | {action: str(label) for action, label in ACTION_LABELS.items()}
