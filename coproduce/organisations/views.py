"""Organisations: the public list and pages, registering groups, joining, members, verifying."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce import permissions
from coproduce.accounts.models import (
    ORGANISATION_KINDS,
    Area,
    Membership,
    MembershipStatus,
    OrganisationKind,
)
from coproduce.errors import ServiceError
from coproduce.forms import ConfirmForm
from coproduce.organisations import queries, services
from coproduce.organisations.forms import CommunityGroupForm, JoinForm
from coproduce.organisations.queries import get_membership, get_organisation
from coproduce.permissions import confirmed, public, require, signed_in

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.route("/")
@public
def index():
    kind = request.args.get("kind", "")
    area = request.args.get("area", "")
    organisations = queries.listed(kind, area)
    return render_template(
        "organisations/index.html", organisations=organisations, kinds=ORGANISATION_KINDS,
        areas=Area.choices(), kind=kind, area=area,
    )


@bp.route("/new", methods=["GET", "POST"])
@confirmed
def new():
    require(permissions.can_register_community_group(current_user))
    form = CommunityGroupForm()
    form.area_code.choices = [("", _("Choose an area"))] + Area.choices()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(
                name=form.name.data, kind=OrganisationKind.COMMUNITY, area_code=form.area_code.data,
                description=form.description.data or "", creator=current_user, creator_becomes_admin=True,
            )
        except ServiceError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("%(name)s is registered. Its area's County Voluntary Council will verify it.",
                    name=organisation.name), "success")
            return redirect(url_for("organisations.show", slug=organisation.slug))
    return render_template("organisations/new.html", form=form)


@bp.route("/<slug>/")
@public
def show(slug):
    organisation = get_organisation(slug)
    members = [m for m in organisation.approved_members() if permissions.can_see_member(current_user, m)]
    members.sort(key=lambda m: m.user.name.casefold())
    membership = current_user.membership_of(organisation) if current_user.is_authenticated else None
    return render_template(
        "organisations/show.html", organisation=organisation, members=members, membership=membership,
        join_form=JoinForm(), verify_form=ConfirmForm(),
    )


@bp.route("/<slug>/join", methods=["POST"])
@confirmed
def join(slug):
    organisation = get_organisation(slug)
    require(permissions.can_request_membership(current_user, organisation))
    form = JoinForm()
    if not form.validate_on_submit():
        members = [m for m in organisation.approved_members() if permissions.can_see_member(current_user, m)]
        return render_template(
            "organisations/show.html", organisation=organisation, members=members,
            membership=current_user.membership_of(organisation), join_form=form, verify_form=ConfirmForm(),
        )
    services.request_membership(current_user, organisation, form.note.data or "")
    flash(_("Your request to join %(name)s has been sent to its admins.", name=organisation.name), "success")
    return redirect(url_for("organisations.show", slug=slug))


@bp.route("/<slug>/members")
@signed_in
def members(slug):
    organisation = get_organisation(slug)
    require(permissions.can_manage_members(current_user, organisation))
    pending = [m for m in organisation.memberships if m.status == MembershipStatus.PENDING]
    approved = sorted(organisation.approved_members(), key=lambda m: m.user.name.casefold())
    declined = [m for m in organisation.memberships if m.status == MembershipStatus.DECLINED]
    return render_template(
        "organisations/members.html", organisation=organisation, pending=pending,
        approved=approved, declined=declined, form=ConfirmForm(),
    )


MEMBER_ACTIONS = {
    "approve": (permissions.can_decide_membership, lambda m: services.decide_membership(m, current_user, True),
                lambda m: _("%(name)s is now a member.", name=m.user.name)),
    "decline": (permissions.can_decide_membership, lambda m: services.decide_membership(m, current_user, False),
                lambda m: _("You declined the request from %(name)s.", name=m.user.name)),
    "make-admin": (permissions.can_change_role, lambda m: services.set_role(m, "admin", current_user),
                   lambda m: _("%(name)s is now an admin.", name=m.user.name)),
    "make-member": (permissions.can_change_role, lambda m: services.set_role(m, "member", current_user),
                    lambda m: _("%(name)s is no longer an admin.", name=m.user.name)),
    "name-signatory": (permissions.can_name_signatory, lambda m: services.set_signatory(m, True, current_user),
                       lambda m: _("%(name)s can now sign for the organisation.", name=m.user.name)),
    "name-moderator": (permissions.can_name_moderator, lambda m: services.set_moderator(m, True, current_user),
                       lambda m: _("%(name)s can now moderate discussion in the area.", name=m.user.name)),
    "remove-moderator": (permissions.can_name_moderator, lambda m: services.set_moderator(m, False, current_user),
                         lambda m: _("%(name)s no longer moderates.", name=m.user.name)),
    "remove-signatory": (permissions.can_name_signatory, lambda m: services.set_signatory(m, False, current_user),
                         lambda m: _("%(name)s can no longer sign for the organisation.", name=m.user.name)),
}


def refusal(action: str, membership: Membership) -> str:
    """Why a member action was refused, in words the admin can act on."""
    if action == "make-member" and membership.is_admin and len(membership.organisation.admins()) <= 1:
        return _("An organisation needs at least one admin. Make someone else an admin first.")
    return _("That change cannot be made: the request may already have been decided, "
             "or the person is not yet a member.")


@bp.route("/<slug>/members/<int:membership_id>/<action>", methods=["POST"])
@signed_in
def member_action(slug, membership_id, action):
    if action not in MEMBER_ACTIONS:
        abort(404)
    organisation = get_organisation(slug)
    membership = get_membership(organisation, membership_id)
    rule, act, message = MEMBER_ACTIONS[action]
    require(permissions.can_manage_members(current_user, organisation))
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if not rule(current_user, membership):
        flash(refusal(action, membership), "error")
        return redirect(url_for("organisations.members", slug=slug))
    try:
        act(membership)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(message(membership), "success")
    return redirect(url_for("organisations.members", slug=slug))


@bp.route("/<slug>/verify", methods=["POST"])
@signed_in
def verify(slug):
    organisation = get_organisation(slug)
    require(permissions.can_verify_organisation(current_user, organisation))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.verify_organisation(organisation, current_user)
    flash(_("%(name)s is now verified.", name=organisation.name), "success")
    return redirect(request.form.get("back") == "verifications"
                    and url_for("organisations.verifications") or url_for("organisations.show", slug=slug))


@bp.route("/verifications")
@signed_in
def verifications():
    require(permissions.can_verify_any(current_user))
    waiting = queries.waiting_for_verification()
    mine = [o for o in waiting if permissions.can_verify_organisation(current_user, o)]
    creators = queries.creators_of(mine)
    return render_template("organisations/verifications.html", organisations=mine, creators=creators, form=ConfirmForm())
