"""Officers' pages: create a document, edit its draft clause by clause, publish versions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import permissions
from coproduce.accounts.models import Area
from coproduce.documents import services
from coproduce.documents.forms import (
    AddClauseForm,
    ClauseForm,
    DocumentForm,
    EditDocumentForm,
    LockForm,
    PartiesForm,
    PasteForm,
    PublishForm,
    SplitForm,
)
from coproduce.documents.numbering import clause_numbers
from coproduce.documents.queries import get_document, get_draft, london_end_of, london_start_of
from coproduce.documents.services import paragraphs
from coproduce.errors import ConflictError, ServiceError
from coproduce.markup import render_markdown
from coproduce.organisations.queries import possible_parties
from coproduce.permissions import require, signed_in

bp = Blueprint("drafts", __name__, url_prefix="/documents")


def editable_document(slug: str):
    document = get_document(slug)
    require(permissions.can_edit_document(current_user, document))
    return document


def find_clause(draft, key):
    clause = next((c for c in draft.clauses if c.key == key), None)
    if clause is None:
        abort(404)
    return clause


def as_int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@bp.route("/new", methods=["GET", "POST"])
@signed_in
def new():
    require(permissions.can_create_document(current_user))
    form = DocumentForm()
    bodies = permissions.public_bodies_of(current_user)
    form.owner_id.choices = [(o.id, o.name) for o in bodies]
    form.area_code.choices = [("", _("Choose an area"))] + Area.choices()
    if request.method == "GET" and len(bodies) == 1:
        form.owner_id.data = bodies[0].id
        form.area_code.data = bodies[0].area_code
    if form.validate_on_submit():
        owner = next(o for o in bodies if o.id == form.owner_id.data)
        try:
            document = services.create_document(
                title=form.title.data, summary=form.summary.data or "", kind=form.kind.data, owner=owner,
                area_code=form.area_code.data, creator=current_user, title_cy=form.title_cy.data or "",
                summary_cy=form.summary_cy.data or "", markdown=form.markdown.data or "",
            )
        except ServiceError as error:
            form.markdown.errors.append(str(error))
            return render_template("documents/new.html", form=form)
        if document.draft.clauses:
            flash(_("Document created with %(n)s clauses from your text. Check them, then publish.",
                    n=len(document.draft.clauses)), "success")
        else:
            flash(_("Document created. Add its clauses, then publish."), "success")
        return redirect(url_for("drafts.show", slug=document.slug))
    return render_template("documents/new.html", form=form)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@signed_in
def edit(slug):
    document = editable_document(slug)
    form = EditDocumentForm(obj=document)
    form.area_code.choices = Area.choices()
    if form.validate_on_submit():
        services.update_document(document, title=form.title.data, summary=form.summary.data or "",
                                 kind=form.kind.data, area_code=form.area_code.data, editor=current_user,
                                 premoderated=bool(form.premoderated.data), title_cy=form.title_cy.data or "",
                                 summary_cy=form.summary_cy.data or "")
        flash(_("The document's details are saved."), "success")
        return redirect(url_for("drafts.show", slug=slug))
    return render_template("documents/edit.html", form=form, document=document)


@bp.route("/<slug>/parties", methods=["GET", "POST"])
@signed_in
def parties(slug):
    document = editable_document(slug)
    candidates = possible_parties(document)
    form = PartiesForm()
    form.parties.choices = [(o.id, f"{o.name} ({o.kind_label})") for o in candidates]
    if request.method == "GET":
        form.parties.data = [p.organisation_id for p in document.parties if p.organisation_id != document.owner_id]
    if form.validate_on_submit():
        chosen = [o for o in candidates if o.id in set(form.parties.data or [])]
        services.set_parties(document, chosen, current_user)
        flash(_("The parties are saved."), "success")
        return redirect(url_for("drafts.show", slug=slug))
    return render_template("documents/parties.html", form=form, document=document)


@bp.route("/<slug>/draft/")
@signed_in
def show(slug):
    document = editable_document(slug)
    draft = get_draft(document)
    numbers = clause_numbers([c.level for c in draft.clauses])
    return render_template("documents/draft.html", document=document, draft=draft,
                           clauses=list(zip(numbers, draft.clauses, strict=True)), form=LockForm(),
                           render_markdown=render_markdown)


@bp.route("/<slug>/draft/clauses/new", methods=["GET", "POST"])
@signed_in
def add_clause(slug):
    document = editable_document(slug)
    draft = get_draft(document)
    form = AddClauseForm()
    if request.method == "GET":
        form.lock.data = draft.lock_version
        form.after_key.data = request.args.get("after", "")
    if form.validate_on_submit():
        try:
            clause = services.add_clause(
                draft, heading=form.heading.data, body=form.body.data or "", level=as_int(form.level.data, 1),
                heading_cy=form.heading_cy.data or "", body_cy=form.body_cy.data or "",
                after_key=form.after_key.data or None, expected_lock=as_int(form.lock.data, -1), editor=current_user,
            )
        except ConflictError:
            draft = get_draft(document)
            form.lock.data = draft.lock_version
            flash(_("Someone else changed the draft while you were writing. Your text is below: "
                    "check where the clause should go and add it again."), "error")
        else:
            flash(_("Clause added."), "success")
            return redirect(url_for("drafts.show", slug=slug, _anchor=f"clause-{clause.key}"))
    return render_template("documents/clause_form.html", form=form, document=document, adding=True)


@bp.route("/<slug>/draft/clauses/<key>/edit", methods=["GET", "POST"])
@signed_in
def edit_clause(slug, key):
    document = editable_document(slug)
    draft = get_draft(document)
    clause = next((c for c in draft.clauses if c.key == key), None)
    if clause is None and request.method == "POST":  # removed while this officer typed: keep their text
        return render_template("documents/conflict.html", document=document, form=ClauseForm(), current=None), 409
    clause = find_clause(draft, key)
    form = ClauseForm(obj=clause) if request.method == "GET" else ClauseForm()
    if request.method == "GET":
        form.revision.data = clause.revision
        form.level.data = str(clause.level)
    if form.validate_on_submit():
        try:
            services.edit_clause(clause, heading=form.heading.data, body=form.body.data or "",
                                 level=as_int(form.level.data, 1), expected_revision=as_int(form.revision.data, -1),
                                 editor=current_user, heading_cy=form.heading_cy.data or "",
                                 body_cy=form.body_cy.data or "")
        except ConflictError:
            draft = get_draft(document)
            current = next((c for c in draft.clauses if c.key == key), None)
            if current is None:
                return render_template("documents/conflict.html", document=document, form=form, current=None), 409
            form.revision.data = current.revision  # re-saving now means "mine wins", knowingly
            return render_template("documents/conflict.html", document=document, form=form, current=current,
                                   render_markdown=render_markdown), 409
        flash(_("Clause saved."), "success")
        return redirect(url_for("drafts.show", slug=slug, _anchor=f"clause-{key}"))
    return render_template("documents/clause_form.html", form=form, document=document, clause=clause, adding=False)


@bp.route("/<slug>/draft/clauses/<key>/move", methods=["POST"])
@signed_in
def move_clause(slug, key):
    document = editable_document(slug)
    draft = get_draft(document)
    form = LockForm()
    direction = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if direction is None or not form.validate_on_submit():
        abort(400)
    try:
        services.move_clause(draft, key, direction, as_int(form.lock.data, -1), current_user)
    except ServiceError as error:
        flash(str(error) + " " + _("Nothing was moved; look at the draft again."), "error")
    return redirect(url_for("drafts.show", slug=slug, _anchor=f"clause-{key}"))


@bp.route("/<slug>/draft/clauses/<key>/remove", methods=["GET", "POST"])
@signed_in
def remove_clause(slug, key):
    document = editable_document(slug)
    draft = get_draft(document)
    clause = find_clause(draft, key)
    form = LockForm()
    if request.method == "GET":
        form.lock.data = draft.lock_version
    if form.validate_on_submit():
        try:
            services.remove_clause(draft, key, as_int(form.lock.data, -1), current_user)
        except ServiceError as error:
            flash(str(error) + " " + _("Nothing was removed; look at the draft again."), "error")
        else:
            flash(_("Clause removed from the draft. Published versions still contain it."), "success")
        return redirect(url_for("drafts.show", slug=slug))
    return render_template("documents/remove.html", form=form, document=document, clause=clause,
                           render_markdown=render_markdown)


@bp.route("/<slug>/draft/clauses/<key>/split", methods=["GET", "POST"])
@signed_in
def split_clause(slug, key):
    document = editable_document(slug)
    draft = get_draft(document)
    clause = find_clause(draft, key)
    parts = paragraphs(clause.body)
    if len(parts) < 2:
        flash(_("A clause needs at least two paragraphs to be split."), "error")
        return redirect(url_for("drafts.show", slug=slug, _anchor=f"clause-{key}"))
    form = SplitForm()
    form.before_paragraph.choices = [
        (str(i), _("Before paragraph %(n)s: “%(start)s…”", n=i, start=parts[i - 1][:80])) for i in range(2, len(parts) + 1)
    ]
    if request.method == "GET":
        form.lock.data = draft.lock_version
    if form.validate_on_submit():
        try:
            tail = services.split_clause(draft, key, as_int(form.before_paragraph.data, 0), form.new_heading.data,
                                         as_int(form.lock.data, -1), current_user)
        except ServiceError as error:
            flash(str(error) + " " + _("Nothing was split; look at the draft again."), "error")
            return redirect(url_for("drafts.show", slug=slug))
        flash(_("Clause split in two."), "success")
        return redirect(url_for("drafts.show", slug=slug, _anchor=f"clause-{tail.key}"))
    return render_template("documents/split.html", form=form, document=document, clause=clause)


@bp.route("/<slug>/draft/paste", methods=["GET", "POST"])
@signed_in
def paste(slug):
    document = editable_document(slug)
    draft = get_draft(document)
    form = PasteForm()
    if request.method == "GET":
        form.lock.data = draft.lock_version
    if form.validate_on_submit():
        try:
            count = services.replace_draft_from_markdown(draft, form.markdown.data, as_int(form.lock.data, -1), current_user)
        except ConflictError:
            form.lock.data = get_draft(document).lock_version
            flash(_("Someone else changed the draft while you were pasting. Your text is kept below; "
                    "send it again to replace the draft as it is now."), "error")
        except ServiceError as error:
            form.markdown.errors.append(str(error))
        else:
            flash(_("The draft now has %(n)s clauses from your text.", n=count), "success")
            return redirect(url_for("drafts.show", slug=slug))
    return render_template("documents/paste.html", form=form, document=document)


@bp.route("/<slug>/publish", methods=["GET", "POST"])
@signed_in
def publish(slug):
    document = editable_document(slug)
    require(permissions.can_publish_version(current_user, document))
    draft = get_draft(document)
    form = PublishForm()
    if request.method == "GET":
        form.lock.data = draft.lock_version
    if form.validate_on_submit():
        try:
            version = services.publish_version(
                document, change_note=form.change_note.data, opens_at=london_start_of(form.opens_on.data),
                closes_at=london_end_of(form.closes_on.data), expected_lock=as_int(form.lock.data, -1),
                publisher=current_user,
            )
        except ConflictError:
            form.lock.data = get_draft(document).lock_version
            flash(_("Someone else changed the draft since you opened this page. Check the draft, then publish again."), "error")
        except ServiceError as error:
            form.change_note.errors.append(str(error))
        else:
            flash(_("Version %(n)s is published.", n=version.number), "success")
            return redirect(url_for("documents.version", slug=slug, number=version.number))
    next_number = document.latest_version_number + 1
    return render_template("documents/publish.html", form=form, document=document, draft=draft, next_number=next_number)
