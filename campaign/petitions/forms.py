"""The signing form. Messages say what to do, in the GOV.UK style."""

from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from campaign.core.email_addresses import EmailAddress
from campaign.forms import PlainText, StrippedForm
from campaign.places import locate


class SignatureForm(StrippedForm):
    name = StringField(
        "Full name",
        validators=[
            DataRequired("Enter your name"),
            Length(max=100, message="Name must be 100 characters or fewer"),
            PlainText("Your name"),
        ],
    )
    email = StringField(
        "Email address",
        validators=[
            DataRequired("Enter your email address"),
            EmailAddress(),
        ],
    )
    postcode = StringField(
        "Postcode", validators=[Length(max=20, message="Enter a real UK postcode, like SW1A 1AA")]
    )
    outside_uk = BooleanField("I live outside the UK")
    country = StringField(
        "Country",
        validators=[
            Length(max=60, message="Country must be 60 characters or fewer"),
            PlainText("Your country"),
        ],
    )
    privacy = BooleanField(
        "I agree to the privacy notice",
        validators=[DataRequired("Tick the box to agree to the privacy notice")],
    )
    email_updates = BooleanField("Send me email updates about this campaign")
    # A field people never see: bots fill it in.
    website = StringField("Leave this field blank")
    started = HiddenField()

    location = None  # set by validate_postcode

    def validate_postcode(self, field) -> None:
        if self.outside_uk.data:
            return
        if not field.data:
            raise ValidationError("Enter your postcode, or tick 'I live outside the UK'")
        location = locate(field.data)
        if location.status == "malformed":
            raise ValidationError("Enter a real UK postcode, like SW1A 1AA")
        if location.status == "unknown":
            raise ValidationError(
                f"We cannot find {location.postcode} in the ONS Postcode Directory. Check it, "
                "or tick 'I live outside the UK'"
            )
        field.data = location.postcode
        self.location = location

    def validate_country(self, field) -> None:
        if self.outside_uk.data and not field.data:
            raise ValidationError("Enter the country you live in")
