from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from coproduce.forms import Button, Form, max_length, required


class SignForm(Form):
    organisation_id = RadioField(_l("Signing for"), validators=[required(_l("Choose the organisation you sign for"))],
                                 widget=GovRadioInput())
    role = StringField(_l("Your role"), description=_l("For example: Chair, Chief Executive, Partnerships Officer"),
                       validators=[required(_l("Enter your role")), max_length(200, _l("Your role must be 200 characters or fewer"))],
                       widget=GovTextInput())
    statement = TextAreaField(_l("Statement"), description=_l("A short statement published with your sign-off."),
                              validators=[required(_l("Enter a short statement")), max_length(2000, _l("The statement must be 2,000 characters or fewer"))],
                              widget=GovTextArea())
    confirmed_hash = StringField(
        _l("Content hash of the text you are signing"),
        description=_l("Type or paste the content hash shown above, to confirm this is the exact text you read."),
        validators=[required(_l("Enter the content hash to confirm the text")), max_length(100, _l("A content hash is 64 characters"))],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Sign this version"), widget=Button())


class WithdrawForm(Form):
    reason = TextAreaField(_l("Why are you withdrawing? (optional)"),
                           validators=[Optional(), max_length(2000, _l("The reason must be 2,000 characters or fewer"))],
                           widget=GovTextArea())
    submit = SubmitField(_l("Withdraw sign-off"), widget=Button())


class VerifyForm(Form):
    text = TextAreaField(_l("Paste the text"), validators=[Optional(), max_length(2_000_000, _l("The text is too long"))],
                         widget=GovTextArea())
    upload = FileField(_l("Or upload the downloaded text file"), widget=GovFileInput())
    content_hash = StringField(_l("Or enter a content hash"), validators=[Optional(), max_length(100, _l("A content hash is 64 characters"))],
                               widget=GovTextInput())
    submit = SubmitField(_l("Check"), widget=Button())
