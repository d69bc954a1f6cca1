"""Forms for registering organisations and asking to join one."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField

from coproduce.forms import Button, Form, max_length, required


def organisation_name_field():
    return StringField(
        _l("Name of the organisation"),
        validators=[required(_l("Enter the name of the organisation")), max_length(200, _l("Name must be 200 characters or fewer"))],
        widget=GovTextInput(),
    )


def area_field(label=None):
    return SelectField(
        label or _l("Area"),
        description=_l("The principal area the organisation mainly works in, or Wales-wide"),
        validators=[required(_l("Choose an area"))],
        widget=GovSelect(),
    )


class CommunityGroupForm(Form):
    name = organisation_name_field()
    area_code = area_field()
    description = TextAreaField(
        _l("What the group does (optional)"),
        validators=[max_length(2000, _l("Description must be 2,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Register the group"), widget=Button())


class OrganisationForm(Form):
    """For site admins: public bodies and County Voluntary Councils."""

    name = organisation_name_field()
    kind = RadioField(
        _l("Kind of organisation"),
        choices=[("public_body", _l("Public body")), ("cvc", _l("County Voluntary Council"))],
        validators=[required(_l("Choose the kind of organisation"))],
        widget=GovRadioInput(),
    )
    area_code = area_field()
    description = TextAreaField(
        _l("Description (optional)"),
        validators=[max_length(2000, _l("Description must be 2,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Create organisation"), widget=Button())


class JoinForm(Form):
    note = TextAreaField(
        _l("Tell the organisation's admins who you are (optional)"),
        validators=[max_length(1000, _l("Your message must be 1,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Ask to join"), widget=Button())
