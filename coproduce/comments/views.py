"""Discussion pages: a clause's threads, general comments, a whole thread, replies, edits."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import permissions
from coproduce.comments import queries, services
from coproduce.comments.display import CommentPage
from coproduce.comments.forms import (
    SELF,
    CommentForm,
    EditCommentForm,
    ReplyForm,
    speak_for_choices,
)
from coproduce.documents.queries import clause_of, get_document, get_version, removed_clause_keys
from coproduce.errors import ServiceError
from coproduce.extensions import limiter
from coproduce.forms import ConfirmForm
from coproduce.markup import render_markdown
from coproduce.notifications import services as notifications
from coproduce.pagecache import kept_for_readers
from coproduce.permissions import public, require, signed_in

bp = Blueprint("comments", __name__, url_prefix="/documents")

POST_LIMIT = "10 per minute;60 per hour"


def poster_key() -> str:
    """Posting is limited per person (not per address: a CVC office shares one)."""
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else "anonymous"


# One allowance per person across comments and replies, not one per form.
posting_limit = limiter.shared_limit(POST_LIMIT, scope="comment-posting", methods=["POST"], key_func=poster_key)


def chosen_organisation(form):
    if form.speak_for.data == SELF:
        return None
    allowed = {str(o.id): o for o in permissions.organisations_to_speak_for(current_user)}
    return allowed.get(form.speak_for.data)


def page_number() -> int:
    page = request.args.get("page", 1, type=int) or 1
    return max(1, min(page, 100_000))


def discussion(slug: str, number: int, clause_key: str | None):
    document = get_document(slug)
    version = get_version(document, number, with_clauses=False)  # a page about one clause needs that one only
    form = CommentForm()
    form.speak_for.choices = speak_for_choices(permissions.organisations_to_speak_for(current_user))
    can_comment = permissions.can_comment(current_user, version)
    if request.method == "POST":
        require(can_comment)
        if form.validate_on_submit():
            organisation = chosen_organisation(form)
            if form.speak_for.data != SELF and organisation is None:
                form.speak_for.errors.append(_("Choose who you are speaking for"))
            else:
                try:
                    comment = services.post_comment(
                        version=version, author=current_user, body=form.body.data, stance=form.stance.data,
                        organisation=organisation, clause_key=clause_key,
                    )
                except ServiceError as error:
                    form.body.errors.append(str(error))
                else:
                    if comment.is_held:
                        flash(_("Your comment is awaiting moderation. It will appear once a moderator approves it."),
                              "success")
                    else:
                        flash(_("Your comment is posted."), "success")
                    return redirect(url_for("comments.thread", slug=slug, comment_id=comment.id, v=number))
    # Only the page needs the clause itself: posting checks the key on its own.
    clause = None
    if clause_key is not None:
        clause = clause_of(version, clause_key)
        if clause is None:
            abort(404)
    sort = request.args.get("sort", "oldest") if request.args.get("sort") in queries.SORTS else "oldest"
    page = page_number()
    viewer = current_user.id if current_user.is_authenticated else None
    moderator = permissions.can_moderate(current_user, document)
    roots, total = queries.threads(document.id, number, clause_key, sort=sort, page=page, viewer_id=viewer,
                                   moderator=moderator)
    removed_roots = []
    removed_keys = removed_clause_keys(version) if clause_key is None else []
    if removed_keys:
        removed_roots, _total = queries.threads(document.id, number, None, removed_keys=removed_keys,
                                                viewer_id=viewer, moderator=moderator, page=1)
    pages = max(1, -(-total // queries.PAGE_SIZE))
    return render_template(
        "comments/discussion.html", document=document, version=version, clause=clause, form=form,
        roots=roots, total=total, page=page, pages=pages, sort=sort, can_comment=can_comment,
        removed_roots=removed_roots, following=notifications.is_following(current_user, document),
        comment_page=CommentPage(document, version),
    )


@bp.route("/<slug>/v/<int:number>/comments/", methods=["GET", "POST"])
@public
@posting_limit
@kept_for_readers
def general(slug, number):
    return discussion(slug, number, None)


@bp.route("/<slug>/v/<int:number>/clauses/<key>/", methods=["GET", "POST"])
@public
@posting_limit
@kept_for_readers
def clause(slug, number, key):
    return discussion(slug, number, key)


def context_version(document, comment):
    """The version the reader is looking from: ?v=, else the latest."""
    number = request.args.get("v", type=int) or document.latest_version_number
    if number < comment.version_number:
        number = comment.version_number
    return get_version(document, number, with_clauses=False)


@bp.route("/<slug>/comments/<int:comment_id>/")
@public
@kept_for_readers
def thread(slug, comment_id):
    document = get_document(slug)
    top = queries.get_comment(document.id, comment_id)
    if top is None:
        abort(404)
    viewer = current_user.id if current_user.is_authenticated else None
    moderator = permissions.can_moderate(current_user, document)
    if top.is_held and not moderator and top.author_id != viewer:
        abort(404)
    version = context_version(document, top)
    tree = queries.shown_tree(top, viewer, moderator)
    clause = clause_of(version, top.clause_key) if top.clause_key else None
    root = top if top.parent_id is None else queries.get_comment(document.id, top.root_id)
    comment_page = CommentPage(document, version, can_moderate=moderator,  # asked once per page, not per comment
                               can_reply=permissions.can_reply(current_user, version, document, root))
    return render_template(
        "comments/thread.html", document=document, version=version, top=top, thread_tree=tree, clause=clause,
        root=root, comment_page=comment_page, following=notifications.is_following(current_user, document),
    )


@bp.route("/<slug>/comments/<int:comment_id>/reply", methods=["GET", "POST"])
@signed_in
@posting_limit
def reply(slug, comment_id):
    document = get_document(slug)
    parent = queries.get_comment(document.id, comment_id)
    if parent is None:
        abort(404)
    version = context_version(document, parent)
    root = queries.get_comment(document.id, parent.root_id)
    require(permissions.can_reply(current_user, version, document, root))
    can_official = permissions.can_post_official_response(current_user, document)
    form = ReplyForm()
    form.speak_for.choices = speak_for_choices(permissions.organisations_to_speak_for(current_user))
    # A single checkbox takes its label from the field, not from the template's params.
    form.official.label.text = _("Post as an official response of %(owner)s", owner=document.owner.name)
    if form.validate_on_submit():
        official = bool(form.official.data and can_official)
        organisation = document.owner if official else chosen_organisation(form)
        if not official and form.speak_for.data != SELF and organisation is None:
            form.speak_for.errors.append(_("Choose who you are speaking for"))
        else:
            try:
                comment = services.post_comment(
                    version=version, author=current_user, body=form.body.data, stance=form.stance.data or None,
                    organisation=organisation, parent=parent, official=official,
                )
            except ServiceError as error:
                form.body.errors.append(str(error))
            else:
                if comment.is_held:
                    flash(_("Your reply is awaiting moderation. It will appear once a moderator approves it."),
                          "success")
                else:
                    flash(_("Your official response is posted.") if official else _("Your reply is posted."),
                          "success")
                return redirect(url_for("comments.thread", slug=slug, comment_id=comment.root_id, v=version.number,
                                        _anchor=comment.anchor))
    return render_template("comments/reply.html", document=document, version=version, parent=parent, form=form,
                           can_official=can_official, comment_page=CommentPage(document, version))


@bp.route("/<slug>/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@signed_in
def edit(slug, comment_id):
    document = get_document(slug)
    comment = queries.get_comment(document.id, comment_id)
    if comment is None:
        abort(404)
    require(permissions.can_edit_comment(current_user, comment))
    form = EditCommentForm(obj=comment)
    if form.validate_on_submit():
        try:
            services.edit_comment(comment, current_user, form.body.data)
        except ServiceError as error:
            form.body.errors.append(str(error))
        else:
            flash(_("Your comment is updated. Its earlier text stays in its history."), "success")
            return redirect(url_for("comments.thread", slug=slug, comment_id=comment.root_id, _anchor=comment.anchor))
    return render_template("comments/edit.html", document=document, comment=comment, form=form)


@bp.route("/<slug>/comments/<int:comment_id>/delete", methods=["GET", "POST"])
@signed_in
def delete(slug, comment_id):
    document = get_document(slug)
    comment = queries.get_comment(document.id, comment_id)
    if comment is None:
        abort(404)
    require(permissions.can_delete_comment(current_user, comment))
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_comment(comment, current_user)
        flash(_("Your comment is deleted. Replies to it stay."), "success")
        return redirect(url_for("comments.thread", slug=slug, comment_id=comment.root_id, _anchor=comment.anchor))
    return render_template("comments/delete.html", document=document, comment=comment, form=form)


@bp.route("/<slug>/comments/<int:comment_id>/history")
@public
@kept_for_readers
def history(slug, comment_id):
    document = get_document(slug)
    comment = queries.get_comment(document.id, comment_id)
    if comment is None or not permissions.can_see_comment_history(current_user, comment):
        abort(404)
    return render_template("comments/history.html", document=document, comment=comment,
                           render_markdown=render_markdown)
