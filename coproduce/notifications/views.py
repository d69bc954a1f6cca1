"""The notifications page and email settings."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField, SubmitField

from coproduce.accounts.views import safe_next
from coproduce.documents.queries import get_document
from coproduce.forms import Button, ConfirmForm, Form, required
from coproduce.notifications import queries, services
from coproduce.permissions import signed_in

bp = Blueprint("notifications", __name__)

class EmailSettingsForm(Form):
    email_frequency = RadioField(
        _l("How often should we email you?"),
        choices=[("immediate", _l("Straight away, for each notification")),
                 ("daily", _l("Once a day, in a summary")),
                 ("none", _l("Never: I will look on the site"))],
        validators=[required(_l("Choose how often we should email you"))],
        widget=GovRadioInput(),
    )
    submit = SubmitField(_l("Save"), widget=Button())


@bp.route("/notifications/")
@signed_in
def index():
    notifications = queries.newest_for(current_user)
    return render_template("notifications/index.html", items=queries.described(notifications), form=ConfirmForm(),
                           frequency=services.email_frequency(current_user))


@bp.route("/notifications/read", methods=["POST"])
@signed_in
def mark_read():
    if ConfirmForm().validate_on_submit():
        services.mark_all_read(current_user)
        flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/settings", methods=["GET", "POST"])
@signed_in
def settings():
    form = EmailSettingsForm(email_frequency=services.email_frequency(current_user))
    if form.validate_on_submit():
        services.set_email_frequency(current_user, form.email_frequency.data)
        flash(_("Your email settings are saved."), "success")
        return redirect(url_for("notifications.index"))
    return render_template("notifications/settings.html", form=form)


@bp.route("/documents/<slug>/follow", methods=["POST"])
@signed_in
def follow(slug):
    document = get_document(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("action") == "unfollow":
        services.unfollow(current_user, document)
        flash(_("You no longer follow %(title)s.", title=document.title), "success")
    else:
        services.follow(current_user, document)
        flash(_("You follow %(title)s. We will tell you about replies, responses and new versions.",
                title=document.title), "success")
    return redirect(safe_next(request.form.get("back")) if request.form.get("back")
                    else url_for("documents.show", slug=slug))
