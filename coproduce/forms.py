"""Form helpers shared by every domain: GOV.UK widgets and readable validators."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import InputRequired, Length


class ConfirmForm(FlaskForm):
    """A button that POSTs one action, with the CSRF token."""

    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


def required(message):
    return InputRequired(message=message)


def max_length(n: int, message):
    return Length(max=n, message=message)
