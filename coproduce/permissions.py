"""Every access decision in one place.

Routes declare who may reach them with one of the decorators below (a test
fails for any route without one); finer questions about a particular thing
are `can_<verb>(user, thing)` functions, used by views and templates alike.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from coproduce.accounts.models import Membership, Organisation
from coproduce.columns import utcnow
from coproduce.moderation.queries import active_suspension


def _declare(rule: str, view, wrapped=None):
    target = wrapped or view
    target.access_rule = rule
    return target


def public(view):
    """Anyone, signed in or not."""
    return _declare("public", view)


def to_sign_in():
    """Send someone to sign in, saying why, and bring them back afterwards."""
    flash(_l("Sign in to see this page."), "info")
    return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))


def signed_in(view):
    """Anyone signed in; others are sent to sign in and brought back."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return to_sign_in()
        return view(*args, **kwargs)

    return _declare("signed in", view, wrapper)


def confirmed(view):
    """Signed in with a confirmed email address."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return to_sign_in()
        if not current_user.is_confirmed:
            return redirect(url_for("accounts.unconfirmed"))
        return view(*args, **kwargs)

    return _declare("confirmed", view, wrapper)


def site_admin(view):
    """Site administrators only."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return to_sign_in()
        if not is_site_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return _declare("site admin", view, wrapper)


def require(allowed: bool) -> None:
    """Stop the request with 403 when a can_* rule says no."""
    if not allowed:
        abort(403)


# --- people ---------------------------------------------------------------


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def is_site_admin(user) -> bool:
    return is_signed_in(user) and user.is_site_admin


def approved_membership(user, organisation: Organisation) -> Membership | None:
    if not is_signed_in(user):
        return None
    membership = user.membership_of(organisation)
    return membership if membership and membership.is_approved else None


def is_org_admin(user, organisation: Organisation) -> bool:
    membership = approved_membership(user, organisation)
    return bool(membership and membership.role == "admin")


# --- organisations ----------------------------------------------------------


def can_register_community_group(user) -> bool:
    return is_signed_in(user) and user.is_confirmed


def can_verify_organisation(user, organisation: Organisation) -> bool:
    """A community group is verified by an admin of its area's CVC, or a site admin."""
    if organisation.kind != "community" or organisation.verified_at is not None:
        return False
    if is_site_admin(user):
        return True
    if not is_signed_in(user):
        return False
    return any(
        m.is_admin
        and m.organisation.kind == "cvc"
        and m.organisation.area_code == organisation.area_code
        and not m.organisation.area.is_wales_wide
        for m in user.memberships
    )


def can_verify_any(user) -> bool:
    """Whether the verification workspace is worth showing to this person."""
    if is_site_admin(user):
        return True
    return is_signed_in(user) and any(
        m.is_admin and m.organisation.kind == "cvc" for m in user.memberships
    )


def can_request_membership(user, organisation: Organisation) -> bool:
    if not (is_signed_in(user) and user.is_confirmed):
        return False
    membership = user.membership_of(organisation)
    return membership is None or membership.status == "declined"


def can_manage_members(user, organisation: Organisation) -> bool:
    return is_org_admin(user, organisation) or is_site_admin(user)


def can_decide_membership(user, membership: Membership) -> bool:
    return membership.status == "pending" and can_manage_members(user, membership.organisation)


def can_change_role(user, membership: Membership) -> bool:
    """Admins change others' roles; nobody demotes themselves out of the last admin seat."""
    if not membership.is_approved or not can_manage_members(user, membership.organisation):
        return False
    if membership.role == "admin" and len(membership.organisation.admins()) <= 1:
        return False
    return True


def can_name_signatory(user, membership: Membership) -> bool:
    return membership.is_approved and can_manage_members(user, membership.organisation)


def can_see_member(viewer, membership: Membership) -> bool:
    """The public sees members who chose to be listed; the organisation sees all."""
    if not membership.is_approved:
        return can_manage_members(viewer, membership.organisation)
    if membership.user.listed_publicly:
        return True
    if is_signed_in(viewer) and viewer.id == membership.user_id:
        return True
    return bool(approved_membership(viewer, membership.organisation)) or is_site_admin(viewer)


# --- documents ----------------------------------------------------------------


def public_bodies_of(user) -> list[Organisation]:
    """The public bodies this person is an approved member (an officer) of."""
    if not is_signed_in(user):
        return []
    return [m.organisation for m in user.memberships if m.is_approved and m.organisation.kind == "public_body"]


def can_create_document(user) -> bool:
    return bool(public_bodies_of(user))


def is_officer_of(user, organisation_id: int) -> bool:
    return any(o.id == organisation_id for o in public_bodies_of(user))


def can_edit_document(user, document) -> bool:
    """Officers of the owning body edit the document and its draft, and publish."""
    return is_officer_of(user, document.owner_id)


def can_view_draft(user, document) -> bool:
    """The draft is private to the owning body until published."""
    return can_edit_document(user, document)


def can_publish_version(user, document) -> bool:
    return can_edit_document(user, document)


# --- comments -------------------------------------------------------------------


def organisations_to_speak_for(user) -> list[Organisation]:
    """The organisations a person may speak for: those they are an approved member of."""
    if not is_signed_in(user):
        return []
    return [m.organisation for m in user.memberships if m.is_approved]


def can_comment(user, version) -> bool:
    """Signed-in, confirmed people comment while the version's window is open, unless suspended."""
    return is_signed_in(user) and user.is_confirmed and version.is_open() and not is_suspended(user)


def can_post_official_response(user, document) -> bool:
    return is_officer_of(user, document.owner_id)


def can_reply(user, version, document, thread_root=None) -> bool:
    if thread_root is not None and thread_root.locked_at is not None and not can_moderate(user, document):
        return False
    return can_comment(user, version) or (
        is_signed_in(user) and user.is_confirmed and can_post_official_response(user, document)
    )


def can_edit_comment(user, comment) -> bool:
    # Not once a moderator has acted on it: an edit could put back what they removed.
    return (is_signed_in(user) and comment.author_id == user.id and comment.deleted_at is None
            and comment.moderation != "hidden" and comment.original_body is None
            and utcnow() < comment.editable_until())


def can_delete_comment(user, comment) -> bool:
    return is_signed_in(user) and comment.author_id == user.id and comment.deleted_at is None


def can_see_comment_history(user, comment) -> bool:
    """Earlier texts are public like the comment, unless it was deleted, hidden, held or redacted:
    its history would show what moderation took out."""
    return comment.deleted_at is None and comment.moderation == "visible" and comment.original_body is None


# --- amendments -------------------------------------------------------------------


def organisations_to_propose_for(user) -> list[Organisation]:
    """Amendments come from organisations: those the person is an approved member of."""
    return organisations_to_speak_for(user)


def can_propose_amendment(user, version) -> bool:
    return can_comment(user, version) and bool(organisations_to_propose_for(user))


def can_support_amendment(user, amendment, version) -> bool:
    if not (can_comment(user, version) and amendment.state == "open" and amendment.outcome is None
            and amendment.moderation == "visible"):
        return False
    return any(o.id != amendment.organisation_id for o in organisations_to_propose_for(user))


def can_change_amendment(user, amendment, version) -> bool:
    """The proposer withdraws or revises while undecided and the version is open."""
    return (is_signed_in(user) and user.id == amendment.proposer_id and amendment.state == "open"
            and amendment.outcome is None and version.is_open())


def can_decide_amendment(user, document) -> bool:
    return is_officer_of(user, document.owner_id)


def can_mark_final(user, document) -> bool:
    return is_officer_of(user, document.owner_id)


# --- sign-off ---------------------------------------------------------------------


def signatory_organisations(user, document) -> list[Organisation]:
    """The parties to the document this person may sign for."""
    if not is_signed_in(user):
        return []
    parties = {p.organisation_id for p in document.parties}
    return [m.organisation for m in user.memberships
            if m.is_approved and m.is_signatory and m.organisation_id in parties]


def can_put_forward_for_sign_off(user, document) -> bool:
    return is_officer_of(user, document.owner_id)


def can_sign(user, document) -> bool:
    return bool(signatory_organisations(user, document))


def can_withdraw_sign_off(user, sign_off) -> bool:
    if not is_signed_in(user) or sign_off.is_withdrawn:
        return False
    membership = user.membership_of(sign_off.organisation)
    return sign_off.signatory_id == user.id or bool(membership and membership.is_approved and membership.is_signatory)


def can_view_document(user, document) -> bool:
    """Good-practice examples are public only once both sides recognise them (all parties signed)."""
    if document.kind != "good_practice" or document.agreed_at is not None:
        return True
    if is_officer_of(user, document.owner_id):
        return True
    parties = {p.organisation_id for p in document.parties}
    return is_signed_in(user) and any(m.is_approved and m.organisation_id in parties for m in user.memberships)


# --- moderation -------------------------------------------------------------------


def moderator_areas(user) -> set[str]:
    """Areas whose documents this person moderates, as a member of a CVC given the moderator role."""
    if not is_signed_in(user):
        return set()
    return {m.organisation.area_code for m in user.memberships
            if m.is_approved and m.is_moderator and m.organisation.kind == "cvc"}


def is_moderator(user) -> bool:
    return is_site_admin(user) or bool(moderator_areas(user))


def can_moderate(user, document) -> bool:
    """A CVC moderator moderates documents of their area; Wales-wide ones are for any CVC moderator."""
    if is_site_admin(user):
        return True
    areas = moderator_areas(user)
    if not areas:
        return False
    return document.area.is_wales_wide or document.area_code in areas


def can_report(user, item) -> bool:
    author = getattr(item, "author_id", None) or getattr(item, "proposer_id", None)
    return is_signed_in(user) and user.is_confirmed and author != user.id


def can_appeal(user, action, already_appealed: bool) -> bool:
    return (is_signed_in(user) and action.target_user_id == user.id and action.appealable
            and not already_appealed)


def can_decide_appeal(user, appeal, document) -> bool:
    """An appeal goes to a different moderator, or a site admin."""
    if is_site_admin(user):
        return True
    return can_moderate(user, document) and appeal.action.moderator_id != user.id


def can_name_moderator(user, membership) -> bool:
    return (membership.is_approved and membership.organisation.kind == "cvc"
            and can_manage_members(user, membership.organisation))


def can_enter_on_behalf(user, document) -> bool:
    """County Voluntary Council staff enter responses received on paper, by email or by phone."""
    if not (is_signed_in(user) and user.is_confirmed):
        return False
    return any(m.is_approved and m.organisation.kind == "cvc"
               and (document.area.is_wales_wide or m.organisation.area_code == document.area_code)
               for m in user.memberships)


def is_suspended(user) -> bool:
    return is_signed_in(user) and active_suspension(user) is not None
