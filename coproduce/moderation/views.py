"""The CVC moderation workspace: the queue, an item's actions, appeals, the log, reports and
responses entered on behalf of groups."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import permissions
from coproduce.comments.models import Comment
from coproduce.comments.services import post_comment
from coproduce.documents.models import Document, Version
from coproduce.documents.queries import get_document, get_version
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.moderation import queries, services
from coproduce.moderation.forms import (
    ActionForm,
    AppealDecisionForm,
    AppealForm,
    OnBehalfForm,
    ReportForm,
)
from coproduce.moderation.models import CHANNELS, Appeal, AppealOutcome, ModerationAction
from coproduce.permissions import require, signed_in

bp = Blueprint("moderation", __name__)

def load_item(item_type: str, item_id: int):
    item = services.get_item(item_type, item_id)
    if item is None:
        abort(404)
    document = db.session.get(Document, item.document_id)
    return item, document


def item_link(item_type: str, item, document) -> str:
    """Where an item lives in the public site."""
    if item_type == "comment":
        return url_for("comments.thread", slug=document.slug, comment_id=item.root_id, _anchor=item.anchor)
    return url_for("amendments.show", slug=document.slug, amendment_id=item.id)


@bp.route("/report/<item_type>/<int:item_id>", methods=["GET", "POST"])
@signed_in
def report(item_type, item_id):
    item, document = load_item(item_type, item_id)
    if not permissions.can_view_document(current_user, document):
        abort(404)
    require(permissions.can_report(current_user, item))
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report_item(item, current_user, form.category.data, form.note.data or "")
        except ServiceError as error:
            form.category.errors.append(str(error))
        else:
            flash(_("Thank you. A moderator will look at it."), "success")
            return redirect(item_link(item_type, item, document))
    return render_template("moderation/report.html", form=form, item=item, item_type=item_type, document=document,
                           back=item_link(item_type, item, document))


@bp.route("/moderation/")
@signed_in
def queue():
    require(permissions.is_moderator(current_user))
    reports = queries.open_reports()
    held = queries.held_comments()
    pending_appeals = queries.pending_appeals()
    document_ids = {r.document_id for r in reports} | {c.document_id for c in held} \
        | {a.action.document_id for a in pending_appeals}
    documents = queries.documents_by_id(document_ids)
    mine = {i for i, d in documents.items() if permissions.can_moderate(current_user, d)}
    comment_ids = {r.item_id for r in reports if r.item_type == "comment" and r.document_id in mine}
    amendment_ids = {r.item_id for r in reports if r.item_type == "amendment" and r.document_id in mine}
    comments = queries.comments_by_id(comment_ids)
    amendments = queries.amendments_by_id(amendment_ids)
    reported: dict[tuple[str, int], dict] = {}
    for r in reports:
        if r.document_id not in mine:
            continue
        key = (r.item_type, r.item_id)
        item = comments.get(r.item_id) if r.item_type == "comment" else amendments.get(r.item_id)
        entry = reported.setdefault(key, {"item": item, "type": r.item_type, "document": documents[r.document_id],
                                          "reports": [], "oldest": r.created_at})
        entry["reports"].append(r)
    appeals = [a for a in pending_appeals if a.action.document_id in mine]
    held = [c for c in held if c.document_id in mine]
    return render_template(
        "moderation/queue.html", reported=list(reported.values()),
        held=held, documents=documents, appeals=appeals,
        clauses=queries.clauses_of([e["item"] for e in reported.values() if e["item"] is not None] + held),
        can_verify=permissions.can_verify_any(current_user),
    )


@bp.route("/moderation/<item_type>/<int:item_id>/")
@signed_in
def item(item_type, item_id):
    item, document = load_item(item_type, item_id)
    require(permissions.can_moderate(current_user, document))
    reports = queries.reports_on(item_type, item_id)
    log = queries.actions_on(item_type, item_id)
    context = None
    if item_type == "comment":
        version = db.session.get(Version, item.version_id)
        context = next((c for c in get_version(document, version.number).clauses if c.key == item.clause_key), None)
        parent = db.session.get(Comment, item.parent_id) if item.parent_id else None
    else:
        parent = None
    return render_template("moderation/item.html", item=item, item_type=item_type, document=document,
                           reports=reports, log=log, clause=context, parent=parent, form=ActionForm(),
                           link=item_link(item_type, item, document))


ITEM_ACTIONS = ("hide", "restore", "dismiss", "redact", "lock", "unlock", "approve", "suspend")


@bp.route("/moderation/<item_type>/<int:item_id>/<action>", methods=["POST"])
@signed_in
def act(item_type, item_id, action):
    if action not in ITEM_ACTIONS:
        abort(404)
    item, document = load_item(item_type, item_id)
    require(permissions.can_moderate(current_user, document))
    form = ActionForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for this action"), "error")
        return redirect(url_for("moderation.item", item_type=item_type, item_id=item_id))
    reason = form.reason.data
    try:
        if action == "hide":
            services.hide(item, current_user, form.category.data or "", reason)
        elif action == "restore":
            services.restore(item, current_user, reason)
        elif action == "dismiss":
            services.dismiss_reports(item, current_user, reason)
        elif action == "redact":
            services.redact(item, current_user, form.new_text.data or "", reason)
        elif action in ("lock", "unlock"):
            if item_type != "comment":
                abort(404)
            root = db.session.get(Comment, item.root_id)
            services.set_lock(root, current_user, action == "lock", reason)
        elif action == "approve":
            if item_type != "comment":
                abort(404)
            services.approve(item, current_user, reason)
        elif action == "suspend":
            services.suspend(item, current_user, form.days.data or 0, reason)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(_("Done. The action is in the moderation log."), "success")
    return redirect(url_for("moderation.item", item_type=item_type, item_id=item_id))


@bp.route("/moderation/decisions/<int:action_id>", methods=["GET", "POST"])
@signed_in
def decision(action_id):
    entry = db.session.get(ModerationAction, action_id)
    if entry is None:
        abort(404)
    document = db.session.get(Document, entry.document_id)
    require(entry.target_user_id == current_user.id or permissions.can_moderate(current_user, document))
    existing = queries.appeal_against(entry)
    item = services.get_item(entry.item_type, entry.item_id)
    form = AppealForm()
    can_appeal = permissions.can_appeal(current_user, entry, existing is not None)
    if request.method == "POST":
        require(can_appeal)
        if form.validate_on_submit():
            try:
                services.appeal(entry, current_user, form.text.data)
            except ServiceError as error:
                form.text.errors.append(str(error))
            else:
                flash(_("Your appeal is sent. A different moderator will decide it."), "success")
                return redirect(url_for("moderation.decision", action_id=action_id))
    return render_template("moderation/decision.html", entry=entry, document=document, appeal=existing, form=form,
                           can_appeal=can_appeal, item=item, link=item_link(entry.item_type, item, document))


@bp.route("/moderation/appeals/<int:appeal_id>", methods=["GET", "POST"])
@signed_in
def appeal(appeal_id):
    result = db.session.get(Appeal, appeal_id)
    if result is None:
        abort(404)
    document = db.session.get(Document, result.action.document_id)
    require(permissions.can_moderate(current_user, document) or current_user.is_site_admin)
    can_decide = result.outcome is None and permissions.can_decide_appeal(current_user, result, document)
    item = services.get_item(result.action.item_type, result.action.item_id)
    form = AppealDecisionForm()
    if request.method == "POST":
        require(can_decide)
        if form.validate_on_submit():
            try:
                services.decide_appeal(result, current_user, form.outcome.data == AppealOutcome.OVERTURNED, form.response.data)
            except ServiceError as error:
                form.response.errors.append(str(error))
            else:
                flash(_("The appeal is decided and the author has been told."), "success")
                return redirect(url_for("moderation.appeal", appeal_id=appeal_id))
    return render_template("moderation/appeal.html", appeal=result, document=document, form=form,
                           can_decide=can_decide, item=item, link=item_link(result.action.item_type, item, document))


@bp.route("/moderation/log")
@signed_in
def log():
    require(permissions.is_moderator(current_user))
    entries = queries.recent_actions()
    documents = queries.documents_by_id({e.document_id for e in entries})
    entries = [e for e in entries if permissions.can_moderate(current_user, documents[e.document_id])]
    return render_template("moderation/log.html", entries=entries, documents=documents)


@bp.route("/documents/<slug>/v/<int:number>/on-behalf", methods=["GET", "POST"])
@signed_in
def on_behalf(slug, number):
    document = get_document(slug)
    version = get_version(document, number)
    require(permissions.can_enter_on_behalf(current_user, document))
    groups = queries.groups_in_reach(document)
    form = OnBehalfForm()
    form.organisation_id.choices = [("", _("Choose a group"))] + [(str(o.id), o.name) for o in groups]
    form.clause_key.choices = [("", _("The version as a whole"))] + [(c.key, f"{c.number} {c.heading}")
                                                                    for c in version.clauses]
    if form.validate_on_submit():
        organisation = next((o for o in groups if str(o.id) == form.organisation_id.data), None)
        if organisation is None:
            form.organisation_id.errors.append(_("Choose the group that sent it"))
        else:
            try:
                comment = post_comment(
                    version=version, author=current_user, body=form.body.data, stance=form.stance.data,
                    organisation=organisation, clause_key=form.clause_key.data or None,
                    channel=form.channel.data, sent_by_name=form.sent_by_name.data,
                )
            except ServiceError as error:
                form.body.errors.append(str(error))
            else:
                flash(_("The response is entered, marked as received %(channel)s.",
                        channel=str(CHANNELS[comment.channel])), "success")
                return redirect(url_for("comments.thread", slug=slug, comment_id=comment.id, v=number))
    return render_template("moderation/on_behalf.html", form=form, document=document, version=version)
