from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
)
from wtforms.validators import Email, EqualTo, ValidationError

from coproduce.accounts.models import LANGUAGE_NAMES
from coproduce.accounts.passwords import password_problem
from coproduce.forms import Button, Form, max_length, required


class GovEmailInput(GovTextInput):
    input_type = "email"


def email_field(label=None):
    return EmailField(
        label or _l("Email address"),
        validators=[
            required(_l("Enter your email address")),
            Email(message=_l("Enter an email address in the correct format, like name@example.com"), check_deliverability=False),
            max_length(254, _l("Email address must be 254 characters or fewer")),
        ],
        widget=GovEmailInput(),
    )


def name_field():
    return StringField(
        _l("Full name"),
        validators=[required(_l("Enter your full name")), max_length(120, _l("Name must be 120 characters or fewer"))],
        widget=GovTextInput(),
    )


class NewPasswordMixin:
    def validate_password(self, field):
        name = self.name.data if hasattr(self, "name") else ""
        email = self.email.data if hasattr(self, "email") else ""
        problem = password_problem(field.data or "", name=name or "", email=email or "")
        if problem:
            raise ValidationError(problem)


def new_password_field():
    return PasswordField(
        _l("Password"),
        description=_l("At least 10 characters. A few unrelated words together make a strong password."),
        validators=[required(_l("Enter a password")), max_length(200, _l("Password must be 200 characters or fewer"))],
        widget=GovPasswordInput(),
    )


def repeat_password_field():
    return PasswordField(
        _l("Confirm password"),
        validators=[required(_l("Confirm your password")), EqualTo("password", message=_l("The passwords do not match"))],
        widget=GovPasswordInput(),
    )


class RegisterForm(NewPasswordMixin, Form):
    name = name_field()
    email = email_field()
    password = new_password_field()
    password_again = repeat_password_field()
    submit = SubmitField(_l("Create account"), widget=Button())


class SignInForm(Form):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[required(_l("Enter your password"))], widget=GovPasswordInput())
    submit = SubmitField(_l("Sign in"), widget=Button())


class ForgotPasswordForm(Form):
    email = email_field()
    submit = SubmitField(_l("Send reset link"), widget=Button())


class ResendConfirmationForm(Form):
    submit = SubmitField(_l("Send the link again"), widget=Button())


class ResetPasswordForm(NewPasswordMixin, Form):
    password = new_password_field()
    password_again = repeat_password_field()
    submit = SubmitField(_l("Set new password"), widget=Button())


class AccountForm(Form):
    name = name_field()
    preferred_language = RadioField(
        _l("Preferred language"),
        choices=list(LANGUAGE_NAMES.items()),
        validators=[required(_l("Choose a language"))],
        widget=GovRadioInput(),
    )
    listed_publicly = BooleanField(
        _l("Show my name on the public pages of organisations I belong to"),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Save changes"), widget=Button())
