"""The closure-report form on the council page."""

from __future__ import annotations

import unicodedata
from datetime import date
from urllib.parse import urlsplit

from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from campaign.forms import PlainText, StrippedForm

EARLIEST_REPORT = date(2000, 1, 1)


class EvidenceLink:
    """A web address someone else can open: http or https, with a host, and nothing odd in it."""

    def __call__(self, form, field) -> None:
        value = field.data or ""
        if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in value):
            raise ValidationError("Enter the web address without spaces")
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or "." not in parts.netloc:
            raise ValidationError(
                "Enter a web address starting with https:// or http://, like "
                "https://www.example.gov.uk/consultation"
            )


class NoControlCharacters:
    """Free text may have line breaks, but no other control characters."""

    def __call__(self, form, field) -> None:
        value = field.data or ""
        if any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in value):
            raise ValidationError("Remove the control characters from the details")


class FriendlyDateField(DateField):
    """A date typed by a person: the browser's date picker, or 31/03/2025, or 31 March 2025."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Enter a real date, for example 31 March 2025") from error


class ClosureReportForm(StrippedForm):
    centre_name = StringField(
        "Name of the children's centre or service",
        validators=[
            DataRequired("Enter the name of the centre or service"),
            Length(max=200, message="Enter a name of 200 characters or fewer"),
            PlainText("The name"),
        ],
    )
    kind = RadioField(
        "What happened?",
        choices=[
            SelectChoice("closure", "It closed, or will close"),
            SelectChoice("cut", "Its services or hours were cut"),
        ],
        validators=[InputRequired("Choose whether it closed or was cut")],
    )
    happened_on = FriendlyDateField(
        "When did it happen, or when will it happen?",
        format=["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"],
        validators=[InputRequired("Enter the date, for example 31 March 2025")],
    )
    evidence_url = StringField(
        "Link to the evidence",
        validators=[
            DataRequired("Enter a link to the evidence, such as the council's decision"),
            Length(max=500, message="Enter a web address of 500 characters or fewer"),
            EvidenceLink(),
        ],
    )
    details = TextAreaField(
        "Anything else we should know (optional)",
        validators=[
            Length(max=1000, message="Enter 1,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    # Left empty by people; filled by bots that fill every field.
    website = StringField("Leave this empty")

    def validate_happened_on(self, field) -> None:
        if field.data is None:
            return
        latest = date(date.today().year + 5, 12, 31)
        if not EARLIEST_REPORT <= field.data <= latest:
            raise ValidationError("Enter a date between 2000 and five years from now")
