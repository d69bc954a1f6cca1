from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coproduce.accounts.models import Area
from coproduce.errors import ServiceError
from coproduce.organisations import services
from coproduce.organisations.forms import OrganisationForm
from coproduce.organisations.queries import site_counts
from coproduce.permissions import site_admin

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@site_admin
def index():
    return render_template("admin/index.html", **site_counts())


@bp.route("/organisations/new", methods=["GET", "POST"])
@site_admin
def new_organisation():
    form = OrganisationForm()
    form.area_code.choices = [("", _("Choose an area"))] + Area.choices()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(
                name=form.name.data, kind=form.kind.data, area_code=form.area_code.data,
                description=form.description.data or "", creator=current_user,
            )
        except ServiceError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("%(name)s has been created. People can now ask to join it; "
                    "approve the first admin from its members page.", name=organisation.name), "success")
            return redirect(url_for("organisations.show", slug=organisation.slug))
    return render_template("admin/new_organisation.html", form=form)
