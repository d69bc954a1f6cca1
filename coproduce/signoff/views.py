"""Sign-off pages, the proof (manifest, certificate), the public /verify page and activity."""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import permissions
from coproduce.accounts.models import Organisation
from coproduce.amendments.queries import is_final
from coproduce.documents.canonical import content_hash
from coproduce.documents.models import Document, Version
from coproduce.documents.queries import get_document, get_version
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.forms import ConfirmForm
from coproduce.permissions import public, require, signed_in
from coproduce.signoff import services
from coproduce.signoff.forms import SignForm, VerifyForm, WithdrawForm
from coproduce.signoff.models import SignOff

bp = Blueprint("signoff", __name__)

MAX_UPLOAD = 2_000_000


def party_status(document, version):
    """Each party with its current sign-off on this version (or None)."""
    signs = services.sign_offs(version)
    active = {s.organisation_id: s for s in signs if not s.is_withdrawn}
    return [(p.organisation, active.get(p.organisation_id)) for p in document.parties], signs


def render_sign_off(document, version, form=None, status=200):
    parties, signs = party_status(document, version)
    form = form or SignForm()
    choices = permissions.signatory_organisations(current_user, document)
    form.organisation_id.choices = [(str(o.id), o.name) for o in choices]
    if not form.organisation_id.data and len(choices) == 1:
        form.organisation_id.data = str(choices[0].id)
    return render_template(
        "signoff/version.html", document=document, version=version, parties=parties, signs=signs, form=form,
        request_open=services.request_for(version) is not None, final=is_final(version),
        agreement=services.agreement_for_version(version), confirm_form=ConfirmForm(),
        superseded=version.number != document.latest_version_number,
        can_put_forward=permissions.can_put_forward_for_sign_off(current_user, document),
        can_sign=permissions.can_sign(current_user, document),
    ), status


@bp.route("/documents/<slug>/v/<int:number>/sign-off", methods=["GET", "POST"])
@public
def version_sign_off(slug, number):
    document = get_document(slug)
    version = get_version(document, number)
    if request.method == "GET":
        return render_sign_off(document, version)
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in", next=request.path))
    require(permissions.can_sign(current_user, document))
    form = SignForm()
    # Any party passes the form, so signing for one you are not a signatory of gets sign_version's clear message.
    form.organisation_id.choices = [(str(p.organisation_id), p.organisation.name) for p in document.parties]
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, int(form.organisation_id.data))
        try:
            services.sign_version(version, current_user, organisation, role=form.role.data,
                                  statement=form.statement.data, confirmed_hash=form.confirmed_hash.data)
        except ServiceError as error:
            form.confirmed_hash.errors.append(str(error))
            return render_sign_off(get_document(slug), get_version(get_document(slug), number), form)
        flash(_("You have signed version %(n)s for %(name)s.", n=number, name=organisation.name), "success")
        return redirect(url_for("signoff.version_sign_off", slug=slug, number=number))
    return render_sign_off(document, version, form)


@bp.route("/documents/<slug>/v/<int:number>/sign-off/put-forward", methods=["POST"])
@signed_in
def put_forward(slug, number):
    document = get_document(slug)
    version = get_version(document, number)
    require(permissions.can_put_forward_for_sign_off(current_user, document))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.put_forward(version, current_user)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(_("Version %(n)s is open for the parties to sign.", n=number), "success")
    return redirect(url_for("signoff.version_sign_off", slug=slug, number=number))


@bp.route("/documents/<slug>/sign-offs/<int:sign_off_id>/withdraw", methods=["GET", "POST"])
@signed_in
def withdraw(slug, sign_off_id):
    document = get_document(slug)
    sign_off = db.session.get(SignOff, sign_off_id)
    if sign_off is None or sign_off.document_id != document.id:
        abort(404)
    require(permissions.can_withdraw_sign_off(current_user, sign_off))
    version = db.session.get(Version, sign_off.version_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            services.withdraw_sign_off(sign_off, current_user, form.reason.data or "")
        except ServiceError as error:
            flash(str(error), "error")
        else:
            flash(_("The sign-off is withdrawn. It stays on record, marked as withdrawn."), "success")
        return redirect(url_for("signoff.version_sign_off", slug=slug, number=version.number))
    return render_template("signoff/withdraw.html", document=document, version=version, sign_off=sign_off, form=form)


def manifest_data(document, version) -> dict:
    signs = services.sign_offs(version)
    return {
        "document": {"slug": document.slug, "title": version.title, "kind": document.kind,
                     "owner": document.owner.name,
                     "parties": [p.organisation.name for p in document.parties]},
        "version": {"number": version.number, "published_at": version.published_at.isoformat()},
        "content_hash": {"algorithm": "SHA-256", "value": version.content_hash},
        "canonical_text_url": url_for("documents.text", slug=document.slug, number=version.number, _external=True),
        "agreed_at": (a.agreed_at.isoformat() if (a := services.agreement_for_version(version)) else None),
        "sign_offs": [
            {"organisation": s.organisation.name, "signatory": s.signatory_name, "role": s.role,
             "statement": s.statement, "signed_at_utc": s.signed_at.isoformat(), "content_hash": s.content_hash,
             "withdrawn_at_utc": s.withdrawal.withdrawn_at.isoformat() if s.withdrawal else None}
            for s in signs
        ],
    }


@bp.route("/documents/<slug>/v/<int:number>/manifest.json")
@public
def manifest(slug, number):
    document = get_document(slug)
    version = get_version(document, number, with_clauses=False)
    return Response(json.dumps(manifest_data(document, version), ensure_ascii=False, indent=2),
                    mimetype="application/json")


@bp.route("/documents/<slug>/v/<int:number>/certificate")
@public
def certificate(slug, number):
    document = get_document(slug)
    version = get_version(document, number, with_clauses=False)
    agreement = services.agreement_for_version(version)
    if agreement is None:
        abort(404)
    parties, _signs = party_status(document, version)
    return render_template("signoff/certificate.html", document=document, version=version, agreement=agreement,
                           parties=parties)


@bp.route("/verify", methods=["GET", "POST"])
@public
def verify():
    form = VerifyForm()
    results = None
    checked_hash = None
    if form.validate_on_submit():
        if form.upload.data:
            raw = form.upload.data.read(MAX_UPLOAD + 1)
            if len(raw) > MAX_UPLOAD:
                form.upload.errors.append(_("The file must be smaller than 2 MB"))
            else:
                checked_hash = content_hash_of_bytes(raw)
        elif (form.text.data or "").strip():
            checked_hash = content_hash(normalise_pasted(form.text.data))
        elif (form.content_hash.data or "").strip():
            candidate = form.content_hash.data.strip().lower()
            if len(candidate) != 64 or any(c not in "0123456789abcdef" for c in candidate):
                form.content_hash.errors.append(_("A content hash is 64 characters, 0 to 9 and a to f"))
            else:
                checked_hash = candidate
        else:
            form.text.errors.append(_("Paste a text, upload a file or enter a content hash"))
        if checked_hash:
            results = []
            for version in services.versions_matching(checked_hash):
                document = db.session.get(Document, version.document_id)
                if not permissions.can_view_document(current_user, document):
                    continue
                results.append((document, version, [s for s in services.sign_offs(version) if not s.is_withdrawn],
                                services.agreement_for_version(version)))
    return render_template("signoff/verify.html", form=form, results=results, checked_hash=checked_hash)


def content_hash_of_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def normalise_pasted(text: str) -> str:
    """A pasted copy loses the final newline and may gain CRLFs: put back the canonical form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip("\n") + "\n"
