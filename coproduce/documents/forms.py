from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional, ValidationError

from coproduce.documents.models import DOCUMENT_KINDS
from coproduce.forms import Button, Form, LondonDateField, max_length, required

MAX_CLAUSE_TEXT = 20_000
MAX_PASTE = 500_000


def heading_field():
    return StringField(
        _l("Clause heading"),
        validators=[required(_l("Enter a heading for the clause")), max_length(300, _l("Heading must be 300 characters or fewer"))],
        widget=GovTextInput(),
    )


def body_field():
    return TextAreaField(
        _l("Clause text"),
        description=_l("Markdown: a blank line starts a new paragraph; *italic*, **bold**, lists with - and links as [text](https://…)."),
        validators=[max_length(MAX_CLAUSE_TEXT, _l("Clause text must be 20,000 characters or fewer"))],
        widget=GovTextArea(),
    )


def heading_cy_field():
    return StringField(
        _l("Clause heading in Welsh (optional)"),
        validators=[Optional(), max_length(300, _l("Heading must be 300 characters or fewer"))],
        widget=GovTextInput(),
    )


def body_cy_field():
    return TextAreaField(
        _l("Clause text in Welsh (optional)"),
        description=_l("Readers who choose Cymraeg see this; where it is empty they see the English, with a notice."),
        validators=[Optional(), max_length(MAX_CLAUSE_TEXT, _l("Clause text must be 20,000 characters or fewer"))],
        widget=GovTextArea(),
    )


def level_field():
    return RadioField(
        _l("Where the clause sits"),
        choices=[("1", _l("Main clause (1, 2, 3)")), ("2", _l("Sub-clause (2.1, 2.2)")), ("3", _l("Sub-sub-clause (2.1.1)"))],
        default="1",
        validators=[required(_l("Choose where the clause sits"))],
        widget=GovRadioInput(),
    )


class DocumentForm(Form):
    title = StringField(
        _l("Title"),
        validators=[required(_l("Enter a title")), max_length(200, _l("Title must be 200 characters or fewer"))],
        widget=GovTextInput(),
    )
    summary = TextAreaField(
        _l("Summary"),
        description=_l("One or two sentences saying what the document is for."),
        validators=[max_length(2000, _l("Summary must be 2,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    title_cy = StringField(
        _l("Title in Welsh (optional)"),
        validators=[Optional(), max_length(200, _l("Title must be 200 characters or fewer"))],
        widget=GovTextInput(),
    )
    summary_cy = TextAreaField(
        _l("Summary in Welsh (optional)"),
        validators=[Optional(), max_length(2000, _l("Summary must be 2,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    kind = RadioField(
        _l("Kind of document"),
        choices=list(DOCUMENT_KINDS.items()),
        validators=[required(_l("Choose the kind of document"))],
        widget=GovRadioInput(),
    )
    owner_id = SelectField(
        _l("Owned by"), coerce=int, validators=[required(_l("Choose the public body that owns the document"))],
        widget=GovSelect(),
    )
    area_code = SelectField(
        _l("Area"), description=_l("The principal area the document covers, or Wales-wide"),
        validators=[required(_l("Choose an area"))], widget=GovSelect(),
    )
    markdown = TextAreaField(
        _l("Text of the document (optional)"),
        description=_l("Paste the whole document in Markdown: it is split into clauses at its headings (#, ##, ###). You can also add clauses one by one later."),
        validators=[max_length(MAX_PASTE, _l("The text must be 500,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Create document"), widget=Button())


class EditDocumentForm(Form):
    title = DocumentForm.title
    summary = DocumentForm.summary
    title_cy = DocumentForm.title_cy
    summary_cy = DocumentForm.summary_cy
    kind = DocumentForm.kind
    area_code = DocumentForm.area_code
    premoderated = BooleanField(
        _l("Hold comments from accounts less than a week old, and from unverified groups, until a moderator approves them"),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Save changes"), widget=Button())


class PartiesForm(Form):
    parties = SelectMultipleField(
        _l("Parties"), coerce=int,
        description=_l("The organisations whose sign-off will make the document agreed. The owning body is always a party."),
        widget=GovCheckboxesInput(),
    )
    submit = SubmitField(_l("Save parties"), widget=Button())


class ClauseForm(Form):
    heading = heading_field()
    body = body_field()
    heading_cy = heading_cy_field()
    body_cy = body_cy_field()
    level = level_field()
    revision = HiddenField()
    submit = SubmitField(_l("Save clause"), widget=Button())


class AddClauseForm(Form):
    heading = heading_field()
    body = body_field()
    heading_cy = heading_cy_field()
    body_cy = body_cy_field()
    level = level_field()
    after_key = HiddenField()
    lock = HiddenField()
    submit = SubmitField(_l("Add clause"), widget=Button())


class PasteForm(Form):
    markdown = TextAreaField(
        _l("The whole document in Markdown"),
        description=_l("It replaces the clauses of the draft. Clauses whose heading stays the same keep their comments."),
        validators=[required(_l("Paste the text of the document")), max_length(MAX_PASTE, _l("The text must be 500,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    lock = HiddenField()
    submit = SubmitField(_l("Replace the draft's clauses"), widget=Button())


class SplitForm(Form):
    before_paragraph = RadioField(
        _l("Split before which paragraph?"), validators=[required(_l("Choose where to split the clause"))],
        widget=GovRadioInput(),
    )
    new_heading = heading_field()
    lock = HiddenField()
    submit = SubmitField(_l("Split clause"), widget=Button())


class LockForm(Form):
    """Move and remove buttons: only the draft lock they were shown with."""

    lock = HiddenField()
    submit = SubmitField(_l("Confirm"), widget=Button())


class PublishForm(Form):
    change_note = TextAreaField(
        _l("What has changed"),
        description=_l("Shown with the version, so readers know what is new."),
        validators=[required(_l("Say what has changed in this version")), max_length(5000, _l("The change note must be 5,000 characters or fewer"))],
        widget=GovTextArea(),
    )
    opens_on = LondonDateField(_l("Consultation opens"), validators=[required(_l("Enter the date the consultation opens"))],
                               description=_l("From the start of this day, UK time. For example, 27 3 2027"))
    closes_on = LondonDateField(_l("Consultation closes"), validators=[required(_l("Enter the date the consultation closes"))],
                                description=_l("At the end of this day, UK time."))
    lock = HiddenField()
    submit = SubmitField(_l("Publish version"), widget=Button())

    def validate_closes_on(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The consultation must close on or after the day it opens"))


