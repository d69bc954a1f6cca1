from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import NumberRange, Optional

from coproduce.comments.models import MAX_COMMENT_LENGTH, STANCES
from coproduce.forms import Button, Form, max_length, required
from coproduce.moderation.models import CATEGORIES, CHANNELS


class ReportForm(Form):
    category = RadioField(_l("Why are you reporting this?"), choices=list(CATEGORIES.items()),
                          validators=[required(_l("Choose why you are reporting this"))], widget=GovRadioInput())
    note = TextAreaField(_l("Tell the moderators more (optional)"),
                         validators=[Optional(), max_length(2000, _l("Your note must be 2,000 characters or fewer"))],
                         widget=GovTextArea())
    submit = SubmitField(_l("Send report"), widget=Button())


class ActionForm(Form):
    category = RadioField(_l("Category of the reason"), choices=list(CATEGORIES.items()), validators=[Optional()],
                          widget=GovRadioInput())
    reason = TextAreaField(_l("Reason, recorded in the log and sent to the author"),
                           validators=[required(_l("Give the reason for this action")),
                                       max_length(2000, _l("The reason must be 2,000 characters or fewer"))],
                           widget=GovTextArea())
    new_text = TextAreaField(_l("Text with the personal information removed"),
                             validators=[Optional(), max_length(MAX_COMMENT_LENGTH, _l("The text is too long"))],
                             widget=GovTextArea())
    days = IntegerField(_l("Suspend from posting for how many days?"),
                        validators=[Optional(), NumberRange(1, 365, _l("Suspend for between 1 and 365 days"))],
                        widget=GovTextInput())
    submit = SubmitField(_l("Confirm"), widget=Button())


class AppealForm(Form):
    text = TextAreaField(_l("Why should the decision change?"),
                         validators=[required(_l("Say why the decision should change")),
                                     max_length(5000, _l("Your appeal must be 5,000 characters or fewer"))],
                         widget=GovTextArea())
    submit = SubmitField(_l("Send appeal"), widget=Button())


class AppealDecisionForm(Form):
    outcome = RadioField(_l("Decision on the appeal"),
                         choices=[("overturned", _l("Overturn: undo the moderator's action")),
                                  ("upheld", _l("Uphold: the action stands"))],
                         validators=[required(_l("Choose a decision"))], widget=GovRadioInput())
    response = TextAreaField(_l("Response to the author"),
                             validators=[required(_l("Write the response the author will read")),
                                         max_length(2000, _l("The response must be 2,000 characters or fewer"))],
                             widget=GovTextArea())
    submit = SubmitField(_l("Decide appeal"), widget=Button())


class OnBehalfForm(Form):
    organisation_id = SelectField(_l("The group that sent it"), coerce=str,
                                  validators=[required(_l("Choose the group that sent it"))], widget=GovSelect())
    sent_by_name = StringField(_l("Name of the person who sent it (optional)"),
                               validators=[Optional(), max_length(120, _l("The name must be 120 characters or fewer"))],
                               widget=GovTextInput())
    channel = RadioField(_l("How did it reach you?"), choices=list(CHANNELS.items()),
                         validators=[required(_l("Choose how it reached you"))], widget=GovRadioInput())
    clause_key = SelectField(_l("Which clause is it about?"), coerce=str, validators=[Optional()], widget=GovSelect())
    stance = RadioField(_l("What kind of comment is it?"), choices=list(STANCES.items()),
                        validators=[required(_l("Choose what kind of comment this is"))], widget=GovRadioInput())
    body = TextAreaField(_l("The response, as received"),
                         validators=[required(_l("Enter the response")),
                                     max_length(MAX_COMMENT_LENGTH, _l("The response must be 10,000 characters or fewer"))],
                         widget=GovTextArea())
    submit = SubmitField(_l("Enter response"), widget=Button())
