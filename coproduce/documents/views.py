"""Reading documents: the list, a document, any version, its canonical text, comparisons."""

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from coproduce import permissions
from coproduce.accounts.models import Area
from coproduce.amendments.queries import amendment_count, incorporations_in, is_final
from coproduce.comments.queries import counts_by_clause
from coproduce.documents.canonical import canonical_text
from coproduce.documents.diff import compare_clauses
from coproduce.documents.language import clauses_in_reader_language
from coproduce.documents.models import DOCUMENT_KINDS
from coproduce.documents.queries import get_document, get_version, listed_documents, versions_of
from coproduce.moderation.queries import public_counts
from coproduce.notifications.services import is_following
from coproduce.pagecache import kept_for_readers
from coproduce.permissions import public

bp = Blueprint("documents", __name__, url_prefix="/documents")

STATUSES = ("open", "upcoming", "closed", "agreed")


@bp.route("/")
@public
def index():
    kind = request.args.get("kind", "") if request.args.get("kind") in DOCUMENT_KINDS else ""
    area = request.args.get("area", "")[:40]
    status = request.args.get("status", "") if request.args.get("status") in STATUSES else ""
    own_bodies = {o.id for o in permissions.public_bodies_of(current_user)}
    member_of = {o.id for o in permissions.organisations_to_speak_for(current_user)}
    rows = listed_documents(kind=kind, area=area, status=status, include_drafts_of=own_bodies, member_of=member_of)
    return render_template(
        "documents/index.html", rows=rows, kinds=DOCUMENT_KINDS, areas=Area.choices(),
        kind=kind, area=area, status=status, can_create=permissions.can_create_document(current_user),
    )


def render_version(document, version):
    previous = version.number - 1 if version.number > 1 else None
    return render_template(
        "documents/show.html", document=document, version=version, previous=previous,
        latest=version.number == document.latest_version_number,
        can_edit=permissions.can_edit_document(current_user, document),
        comment_counts=counts_by_clause(document.id, version.number),
        can_comment=permissions.can_comment(current_user, version),
        following=is_following(current_user, document),
        incorporations=incorporations_in(version), amendment_count=amendment_count(document, version.number),
        moderation_counts=moderation_counts(document),
        can_enter_on_behalf=permissions.can_enter_on_behalf(current_user, document),
        is_final=is_final(version),
        can_mark_final=permissions.can_mark_final(current_user, document),
    )


def moderation_counts(document) -> dict[str, int]:
    """Public counts of moderation on a document: how many items were hidden and restored."""
    return public_counts(document)


@bp.route("/<slug>/")
@public
@kept_for_readers
def show(slug):
    document = get_document(slug)
    if document.latest_version_number == 0:
        if not permissions.can_view_draft(current_user, document):
            abort(404)
        return redirect(url_for("drafts.show", slug=slug))
    return render_version(document, get_version(document, document.latest_version_number))


@bp.route("/<slug>/v/<int:number>/")
@public
@kept_for_readers
def version(slug, number):
    document = get_document(slug)
    return render_version(document, get_version(document, number))


@bp.route("/<slug>/v/<int:number>/text.md")
@public
@kept_for_readers
def text(slug, number):
    document = get_document(slug)
    version = get_version(document, number)
    body = canonical_text(version.title, document.slug, version.number, version.clauses,
                          title_cy=version.title_cy).encode("utf-8")
    return Response(body, mimetype="text/markdown", headers={
        "Content-Disposition": f'inline; filename="{document.slug}-v{version.number}.md"',
        "X-Content-SHA256": version.content_hash,
    })


@bp.route("/<slug>/versions/")
@public
@kept_for_readers
def versions(slug):
    document = get_document(slug)
    all_versions = versions_of(document)
    if not all_versions:
        abort(404)
    return render_template("documents/versions.html", document=document, versions=all_versions)


@bp.route("/<slug>/compare/")
@public
def choose_comparison(slug):
    document = get_document(slug)
    a, b = request.args.get("a", type=int), request.args.get("b", type=int)
    if a and b:
        return redirect(url_for("documents.compare", slug=slug, a=a, b=b))
    all_versions = versions_of(document)
    if len(all_versions) < 2:
        abort(404)
    return render_template("documents/choose_comparison.html", document=document, versions=all_versions)


@bp.route("/<slug>/compare/<int:a>..<int:b>/")
@public
@kept_for_readers
def compare(slug, a, b):
    document = get_document(slug)
    old, new = get_version(document, a), get_version(document, b)
    changes = compare_clauses(clauses_in_reader_language(old.clauses), clauses_in_reader_language(new.clauses))
    changes_only = request.args.get("view") == "changes"
    counts = {
        "added": sum(1 for c in changes if c.status == "added"),
        "removed": sum(1 for c in changes if c.status == "removed"),
        "changed": sum(1 for c in changes if c.status == "changed"),
        "moved": sum(1 for c in changes if c.moved),
    }
    shown = [c for c in changes if c.is_change] if changes_only else changes
    return render_template(
        "documents/compare.html", document=document, old=old, new=new, changes=shown,
        changes_only=changes_only, counts=counts, versions=versions_of(document),
    )
