"""The notifications page and email settings."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from sqlalchemy import select
from wtforms import RadioField, SubmitField

from coproduce.extensions import db
from coproduce.forms import Button, ConfirmForm, Form, required
from coproduce.notifications import services
from coproduce.notifications.models import Notification
from coproduce.permissions import signed_in

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

SHOWN = 100


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


def load_items(notifications: list[Notification]) -> list[tuple[Notification, dict]]:
    """Describe each notification, loading what they refer to in one query per kind of thing."""
    from coproduce.accounts.models import User
    from coproduce.amendments.models import Amendment
    from coproduce.comments.models import Comment
    from coproduce.documents.models import Document, Version
    from coproduce.moderation.models import ModerationAction

    def by_id(model, ids):
        ids = {i for i in ids if i}
        return {o.id: o for o in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}

    documents = by_id(Document, [n.document_id for n in notifications])
    versions = by_id(Version, [n.version_id for n in notifications])
    comments = by_id(Comment, [n.comment_id for n in notifications])
    amendments = by_id(Amendment, [n.amendment_id for n in notifications])
    actions = by_id(ModerationAction, [n.moderation_action_id for n in notifications])
    actors = by_id(User, [n.actor_id for n in notifications])
    return [
        (n, services.describe(n, document=documents[n.document_id], version=versions.get(n.version_id),
                              comment=comments.get(n.comment_id), amendment=amendments.get(n.amendment_id),
                              moderation_action=actions.get(n.moderation_action_id),
                              actor=actors.get(n.actor_id)))
        for n in notifications
    ]


@bp.route("/")
@signed_in
def index():
    notifications = db.session.scalars(
        select(Notification).where(Notification.user_id == current_user.id)
        .order_by(Notification.id.desc()).limit(SHOWN)
    ).all()
    return render_template("notifications/index.html", items=load_items(notifications), form=ConfirmForm(),
                           frequency=services.email_frequency(current_user))


@bp.route("/read", methods=["POST"])
@signed_in
def mark_read():
    if ConfirmForm().validate_on_submit():
        services.mark_all_read(current_user)
        flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@signed_in
def settings():
    form = EmailSettingsForm(email_frequency=services.email_frequency(current_user))
    if form.validate_on_submit():
        services.set_email_frequency(current_user, form.email_frequency.data)
        flash(_("Your email settings are saved."), "success")
        return redirect(url_for("notifications.index"))
    return render_template("notifications/settings.html", form=form)
