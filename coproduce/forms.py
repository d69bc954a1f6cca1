"""Form helpers shared by every domain: GOV.UK widgets and readable validators."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSubmitInput
from wtforms import DateField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    """Text fields take text: drop invisible control characters, and a file sent in their place."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return None if value is not None and not isinstance(value, (int, float)) else value


class Form(FlaskForm):
    """Every form of the site: text fields are cleaned (see clean_text) before validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField):  # TextAreaField, EmailField too
                filters = unbound_field.kwargs.get("filters") or []
                if clean_text not in filters:
                    unbound_field.kwargs["filters"] = [*filters, clean_text]
            return unbound_field.bind(form=form, **options)


class Button(GovSubmitInput):
    """A GOV.UK button with no id: a page may hold several forms, and ids must stay unique."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.pop("id", None)
        return params


class ConfirmForm(Form):
    """A button that POSTs one action, with the CSRF token."""

    submit = SubmitField(_l("Confirm"), widget=Button())


def required(message):
    return InputRequired(message=message)


def max_length(n: int, message):
    return Length(max=n, message=message)


class GovDateInputI18n(GovDateInput):
    """GOV.UK date input whose Day/Month/Year labels are translated."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        for item, label in zip(params["items"], (_l("Day"), _l("Month"), _l("Year")), strict=True):
            item["label"] = str(label)
        return params


class LondonDateField(DateField):
    """A day, month and year typed into three boxes, with a readable error."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", "%d %m %Y")
        kwargs.setdefault("widget", GovDateInputI18n())
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not any(v.strip() for v in valuelist):
            self.data = None
            return
        try:
            day, month, year = (int(v) for v in valuelist)
            self.data = date(year, month, day)
        except (TypeError, ValueError):
            self.data = None
            raise ValueError(_l("%(label)s must be a real date, like 27 3 2027", label=self.label.text)) from None
