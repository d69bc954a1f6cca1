from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovCheckboxInput, GovRadioInput
from wtforms import BooleanField, RadioField, SubmitField, TextAreaField
from wtforms.validators import Optional

from coproduce.comments.models import MAX_COMMENT_LENGTH, STANCES
from coproduce.forms import Button, Form, max_length, required

SELF = "self"


def body_field(label):
    return TextAreaField(
        label,
        description=_l("You can use Markdown: a blank line for a new paragraph, *italic*, **bold**, lists with -."),
        validators=[required(_l("Enter your comment")),
                    max_length(MAX_COMMENT_LENGTH, _l("Your comment must be 10,000 characters or fewer"))],
        widget=GovCharacterCount(),
    )


def speak_for_field():
    return RadioField(_l("Who are you speaking for?"), validators=[required(_l("Choose who you are speaking for"))],
                      widget=GovRadioInput())


def speak_for_choices(organisations) -> list[tuple[str, str]]:
    choices = [(str(o.id), o.name) for o in organisations]
    choices.append((SELF, str(_l("Myself only"))))
    return choices


class CommentForm(Form):
    body = body_field(_l("Your comment"))
    stance = RadioField(
        _l("What kind of comment is it?"), choices=list(STANCES.items()),
        validators=[required(_l("Choose what kind of comment this is"))], widget=GovRadioInput(),
    )
    speak_for = speak_for_field()
    submit = SubmitField(_l("Post comment"), widget=Button())


class ReplyForm(Form):
    body = body_field(_l("Your reply"))
    stance = RadioField(_l("What kind of reply is it? (optional)"), choices=list(STANCES.items()),
                        validators=[Optional()], widget=GovRadioInput())
    speak_for = speak_for_field()
    official = BooleanField(_l("Post as an official response of the owning body"), widget=GovCheckboxInput())
    submit = SubmitField(_l("Post reply"), widget=Button())


class EditCommentForm(Form):
    body = body_field(_l("Your comment"))
    submit = SubmitField(_l("Save changes"), widget=Button())
