"""Amendment pages: propose, read, support, withdraw, revise, decide; apply to the next draft."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import permissions
from coproduce.accounts.models import ORGANISATION_KINDS
from coproduce.amendments import services
from coproduce.amendments.forms import (
    DecideForm,
    ProposeForm,
    ReconcileForm,
    ReviseForm,
    SupportForm,
)
from coproduce.amendments.models import AmendmentState
from coproduce.amendments.queries import (
    amendments_on,
    clauses_to_reconcile,
    get_amendment,
    is_final,
)
from coproduce.comments.views import POST_LIMIT, poster_key
from coproduce.documents.diff import redline
from coproduce.documents.queries import get_document, get_draft, get_version
from coproduce.errors import ServiceError
from coproduce.extensions import db, limiter
from coproduce.forms import ConfirmForm
from coproduce.moderation.models import Moderation
from coproduce.pagecache import kept_for_readers
from coproduce.permissions import public, require, signed_in

bp = Blueprint("amendments", __name__, url_prefix="/documents")


def not_open(version):
    """A clear refusal for someone who could act were the consultation open (not a bare 403)."""
    if version.is_open() or not (current_user.is_confirmed and permissions.organisations_to_propose_for(current_user)):
        return None
    message = _("Amendments can be proposed, supported and changed only while the consultation on version %(n)s is "
                "open. Nothing was saved.", n=version.number)
    return render_template("errors/error.html", code=409, title=_("This version is not open for amendments"),
                           message=message), 409


def organisation_choices(exclude_id: int | None = None):
    return [(str(o.id), o.name) for o in permissions.organisations_to_propose_for(current_user) if o.id != exclude_id]


@bp.route("/<slug>/v/<int:number>/clauses/<key>/amend", methods=["GET", "POST"])
@signed_in
@limiter.limit(POST_LIMIT, methods=["POST"], key_func=poster_key)
def propose(slug, number, key):
    document = get_document(slug)
    version = get_version(document, number)
    clause = next((c for c in version.clauses if c.key == key), None)
    if clause is None:
        abort(404)
    refusal = not_open(version)
    if refusal:
        return refusal
    require(permissions.can_propose_amendment(current_user, version))
    form = ProposeForm()
    form.organisation_id.choices = organisation_choices()
    if request.method == "GET":
        form.proposed_text.data = clause.body
        if len(form.organisation_id.choices) == 1:
            form.organisation_id.data = form.organisation_id.choices[0][0]
    if form.validate_on_submit():
        organisation = next(o for o in permissions.organisations_to_propose_for(current_user)
                            if str(o.id) == form.organisation_id.data)
        try:
            amendment = services.propose_amendment(
                version=version, clause_key=key, proposer=current_user, organisation=organisation,
                proposed_text=form.proposed_text.data, rationale=form.rationale.data,
            )
        except ServiceError as error:
            form.proposed_text.errors.append(str(error))
        else:
            flash(_("Your amendment is proposed. Other organisations can now support it."), "success")
            return redirect(url_for("amendments.show", slug=slug, amendment_id=amendment.id))
    return render_template("amendments/propose.html", document=document, version=version, clause=clause, form=form)


def render_show(document, amendment, decide_form=None):
    version = get_version(document, amendment.version_number)
    clause = next((c for c in version.clauses if c.key == amendment.clause_key), None)
    by_kind = {kind: 0 for kind in ORGANISATION_KINDS}
    for support in amendment.supports:
        by_kind[support.organisation.kind] += 1
    support_form = SupportForm()
    support_form.organisation_id.choices = organisation_choices(exclude_id=amendment.organisation_id)
    if decide_form is None:
        decide_form = DecideForm(outcome=amendment.outcome, response=amendment.response,
                                 decided_text=amendment.decided_text or amendment.proposed_text,
                                 decisions=amendment.decision_count)
    return render_template(
        "amendments/show.html", document=document, version=version, clause=clause, amendment=amendment,
        proposal_redline=redline(amendment.original_text, amendment.proposed_text),
        decided_redline=redline(amendment.original_text, amendment.decided_text) if amendment.decided_text else None,
        by_kind=by_kind, kinds=ORGANISATION_KINDS, support_form=support_form, decide_form=decide_form,
        confirm_form=ConfirmForm(),
        can_support=permissions.can_support_amendment(current_user, amendment, version),
        can_change=permissions.can_change_amendment(current_user, amendment, version),
        # A hidden amendment waits for a moderator: its decision form would show the hidden words.
        can_decide=(permissions.can_decide_amendment(current_user, document) and amendment.state == AmendmentState.OPEN
                    and amendment.moderation == Moderation.VISIBLE
                    and (not amendment.is_decided or document.latest_version_number == amendment.version_number)),
    )


@bp.route("/<slug>/amendments/<int:amendment_id>/")
@public
@kept_for_readers
def show(slug, amendment_id):
    document = get_document(slug)
    return render_show(document, get_amendment(document, amendment_id))


@bp.route("/<slug>/v/<int:number>/amendments/")
@public
@kept_for_readers
def index(slug, number):
    document = get_document(slug)
    version = get_version(document, number)
    amendments = amendments_on(document, number)
    clauses = {c.key: c for c in version.clauses}
    return render_template("amendments/index.html", document=document, version=version, amendments=amendments,
                           clauses=clauses,
                           can_mark_final=permissions.can_mark_final(current_user, document))


@bp.route("/<slug>/amendments/<int:amendment_id>/support", methods=["POST"])
@signed_in
@limiter.limit(POST_LIMIT, methods=["POST"], key_func=poster_key)
def support(slug, amendment_id):
    document = get_document(slug)
    amendment = get_amendment(document, amendment_id)
    version = get_version(document, amendment.version_number)
    require(permissions.can_support_amendment(current_user, amendment, version))
    form = SupportForm()
    form.organisation_id.choices = organisation_choices(exclude_id=amendment.organisation_id)
    if form.validate_on_submit():
        organisation = next(o for o in permissions.organisations_to_propose_for(current_user)
                            if str(o.id) == form.organisation_id.data)
        try:
            services.support_amendment(amendment, current_user, organisation, form.note.data or "")
        except ServiceError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s now supports this amendment.", name=organisation.name), "success")
    else:
        flash(_("Choose the organisation that supports it"), "error")
    return redirect(url_for("amendments.show", slug=slug, amendment_id=amendment_id))


@bp.route("/<slug>/amendments/<int:amendment_id>/withdraw", methods=["GET", "POST"])
@signed_in
def withdraw(slug, amendment_id):
    document = get_document(slug)
    amendment = get_amendment(document, amendment_id)
    version = get_version(document, amendment.version_number)
    require(permissions.can_change_amendment(current_user, amendment, version))
    form = ConfirmForm()
    if form.validate_on_submit():
        services.withdraw_amendment(amendment, current_user)
        flash(_("Your amendment is withdrawn. It stays on record, marked as withdrawn."), "success")
        return redirect(url_for("amendments.show", slug=slug, amendment_id=amendment_id))
    return render_template("amendments/withdraw.html", document=document, amendment=amendment, form=form)


@bp.route("/<slug>/amendments/<int:amendment_id>/revise", methods=["GET", "POST"])
@signed_in
def revise(slug, amendment_id):
    document = get_document(slug)
    amendment = get_amendment(document, amendment_id)
    version = get_version(document, amendment.version_number)
    require(permissions.can_change_amendment(current_user, amendment, version))
    form = ReviseForm(obj=amendment)
    if form.validate_on_submit():
        try:
            result = services.revise_amendment(amendment, current_user, form.proposed_text.data, form.rationale.data)
        except ServiceError as error:
            form.proposed_text.errors.append(str(error))
        else:
            if result.id != amendment.id:
                flash(_("Your revised proposal is a new amendment, because organisations already supported the "
                        "earlier one. Its supporters have been told."), "success")
            else:
                flash(_("Your amendment is updated."), "success")
            return redirect(url_for("amendments.show", slug=slug, amendment_id=result.id))
    return render_template("amendments/revise.html", document=document, amendment=amendment, form=form)


@bp.route("/<slug>/amendments/<int:amendment_id>/decide", methods=["POST"])
@signed_in
def decide(slug, amendment_id):
    document = get_document(slug)
    amendment = get_amendment(document, amendment_id)
    require(permissions.can_decide_amendment(current_user, document))
    form = DecideForm()
    error = None
    if form.validate_on_submit():
        try:
            services.decide_amendment(
                amendment, current_user, outcome=form.outcome.data, response=form.response.data,
                decided_text=form.decided_text.data, expected_decisions=int(form.decisions.data or -1),
            )
        except (ServiceError, ValueError) as exc:
            error = str(exc)
        else:
            flash(_("Decision recorded: %(outcome)s. The proposer and supporters have been told.",
                    outcome=amendment.status_label), "success")
            return redirect(url_for("amendments.show", slug=slug, amendment_id=amendment_id))
    if error:
        form.response.errors.append(error)
    db.session.expire_all()
    return render_show(document, get_amendment(document, amendment_id), decide_form=form), 200


@bp.route("/<slug>/draft/amendments", methods=["GET", "POST"])
@signed_in
def apply(slug):
    """Start the next draft: apply the accepted amendments, then reconcile clauses two of them change."""
    document = get_document(slug)
    require(permissions.can_edit_document(current_user, document))
    draft = get_draft(document)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        applied, reconciling, skipped = services.apply_accepted_amendments(document, current_user)
        flash(_("%(applied)s accepted amendments applied to the draft; %(reconciling)s wait for you to reconcile "
                "them; %(skipped)s are on clauses no longer in the draft.",
                applied=applied, reconciling=reconciling, skipped=len(skipped)), "success")
        return redirect(url_for("amendments.apply", slug=slug))
    pending = services.pending_amendments(document)
    to_reconcile = clauses_to_reconcile(draft)
    clauses = {c.id: c for c in draft.clauses}
    return render_template("amendments/apply.html", document=document, draft=draft, pending=pending,
                           to_reconcile=[(clauses[cid], amendments) for cid, amendments in to_reconcile.items()],
                           form=form)


@bp.route("/<slug>/draft/clauses/<key>/reconcile", methods=["GET", "POST"])
@signed_in
def reconcile(slug, key):
    document = get_document(slug)
    require(permissions.can_edit_document(current_user, document))
    draft = get_draft(document)
    clause = next((c for c in draft.clauses if c.key == key), None)
    if clause is None:
        abort(404)
    amendments = clauses_to_reconcile(draft).get(clause.id)
    if not amendments:
        flash(_("This clause has nothing to reconcile."), "info")
        return redirect(url_for("amendments.apply", slug=slug))
    form = ReconcileForm()
    if request.method == "GET":
        form.text.data = clause.body
    if form.validate_on_submit():
        try:
            services.reconcile_clause(clause, form.text.data, current_user)
        except ServiceError as error:
            form.text.errors.append(str(error))
        else:
            flash(_("Clause reconciled."), "success")
            return redirect(url_for("amendments.apply", slug=slug))
    return render_template("amendments/reconcile.html", document=document, clause=clause, amendments=amendments,
                           form=form)


@bp.route("/<slug>/v/<int:number>/final", methods=["GET", "POST"])
@signed_in
def mark_final(slug, number):
    document = get_document(slug)
    version = get_version(document, number)
    require(permissions.can_mark_final(current_user, document))
    form = ConfirmForm()
    waiting = services.undecided_before(version)
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.mark_final(version, current_user)
        except ServiceError as error:
            flash(str(error), "error")
        else:
            flash(_("Version %(n)s is marked final, for sign-off.", n=number), "success")
            return redirect(url_for("documents.version", slug=slug, number=number))
    return render_template("amendments/final.html", document=document, version=version, waiting=waiting, form=form,
                           already=is_final(version)), (409 if waiting and request.method == "POST" else 200)
