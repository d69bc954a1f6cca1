from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import Optional

from coproduce.amendments.models import OUTCOMES
from coproduce.forms import Button, Form, max_length, required


class ProposeForm(Form):
    proposed_text = TextAreaField(
        _l("Your text for the clause"),
        description=_l("Start from the clause as it is and change what you want changed. Markdown works as in the document."),
        validators=[required(_l("Enter the text you propose")), max_length(20_000, _l("The text must be 20,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    rationale = TextAreaField(
        _l("Why this change?"),
        validators=[required(_l("Explain why you propose this change")), max_length(5000, _l("Your reasons must be 5,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    organisation_id = RadioField(_l("Which organisation proposes it?"), validators=[required(_l("Choose the organisation that proposes it"))],
                                 widget=GovRadioInput())
    submit = SubmitField(_l("Propose amendment"), widget=Button())


class ReviseForm(Form):
    proposed_text = ProposeForm.proposed_text
    rationale = ProposeForm.rationale
    submit = SubmitField(_l("Save the revised proposal"), widget=Button())


class SupportForm(Form):
    organisation_id = RadioField(_l("Support for which organisation?"), validators=[required(_l("Choose the organisation that supports it"))],
                                 widget=GovRadioInput())
    note = TextAreaField(_l("A note with your support (optional)"),
                         validators=[Optional(), max_length(2000, _l("The note must be 2,000 characters or fewer"))], widget=GovTextArea())
    submit = SubmitField(_l("Support this amendment"), widget=Button())


class DecideForm(Form):
    outcome = RadioField(_l("Decision"), choices=list(OUTCOMES.items()), validators=[required(_l("Choose a decision"))],
                         widget=GovRadioInput())
    decided_text = TextAreaField(
        _l("The text you will use (if accepting with changes)"),
        validators=[Optional(), max_length(20_000, _l("The text must be 20,000 characters or fewer"))], widget=GovTextArea(),
    )
    response = TextAreaField(
        _l("Response, published with the decision"),
        description=_l("Required. When declining, give the reasons."),
        # Required, but the service says why: a reason when declining, a response otherwise.
        validators=[Optional(), max_length(5000, _l("The response must be 5,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    decisions = HiddenField()
    submit = SubmitField(_l("Record decision"), widget=Button())


class ReconcileForm(Form):
    text = TextAreaField(_l("Reconciled text of the clause"),
                         validators=[required(_l("Enter the reconciled text")), max_length(20_000, _l("The text must be 20,000 characters or fewer"))],
                         widget=GovTextArea())
    submit = SubmitField(_l("Save reconciled text"), widget=Button())
