"""Shared form pieces: whitespace stripping and plain-English validators."""

import unicodedata

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import ValidationError


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


class StrippedForm(FlaskForm):
    """A form whose text fields arrive without leading or trailing whitespace. Passwords are
    the exception: they are checked exactly as typed (OWASP ASVS 6.2.8), spaces and all."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, PasswordField):
                return unbound_field.bind(form=form, **options)
            filters = unbound_field.kwargs.get("filters", [])
            if strip_whitespace not in filters:
                filters = [strip_whitespace, *filters]
            return unbound_field.bind(form=form, filters=filters, **options)


def plain_text_problem(value: str, label: str) -> str | None:
    """What is wrong with `value` as plain text, in a message that names the field by `label`
    ("Your name"); None when nothing is."""
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        return f"{label} must not contain control characters"
    if "<" in value or ">" in value:
        return f"Enter {label.lower()} without < or > characters"
    return None


class PlainText:
    """Refuse control characters and markup, which have no place in a name or a country."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, form, field) -> None:
        problem = plain_text_problem(field.data or "", self.label)
        if problem:
            raise ValidationError(problem)
