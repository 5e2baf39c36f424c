"""The signing form. Messages say what to do, in the GOV.UK style."""

import unicodedata

from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from campaign.core.email_addresses import EmailAddress
from campaign.forms import PlainText, StrippedForm
from campaign.petitions.letters import MAX_LETTER_LENGTH
from campaign.places import locate


class SignatureSubmission(StrippedForm):
    """What a signing POST is checked against: every field with a rule. Building a form costs a
    field object per field, and at a signing peak that adds up, so the fields that only carry
    where the signer came from (read by sharing.attribution_from) are left to SignatureForm,
    the form as the page shows it."""

    # CSRF here is a signed double-submit token that needs no session
    # (campaign/petitions/double_submit.py), checked by the signing view; every other form
    # keeps Flask-WTF's.
    class Meta:
        csrf = False

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
    csrf_token = HiddenField()

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


class SignatureForm(SignatureSubmission):
    """The signing form as the petition page shows it (and shows again with its errors)."""

    # Where the signer came from, copied from the link they followed (see sharing.py); checked
    # by sharing.attribution_from, never shown back as an error.
    source = HiddenField()
    utm_medium = HiddenField()
    utm_campaign = HiddenField()
    ref = HiddenField()

    @classmethod
    def shown_again(cls, submitted: SignatureSubmission) -> "SignatureForm":
        """The page's form for a submission that is shown again: what was typed (as checked)
        and every error, with the attribution fields from the same request."""
        form = cls()
        for name, field in submitted._fields.items():
            if name != "csrf_token":
                form[name].data = field.data
            form[name].errors = list(field.errors)
        return form


class LetterForm(StrippedForm):
    """The letter to an MP as the writer edited it. The postcode decides the MP again on
    submit, so what is counted is never taken from a hidden field's word alone."""

    postcode = HiddenField(validators=[DataRequired("Enter your postcode to find your MP")])
    subject = StringField(
        "Subject",
        validators=[
            DataRequired("Enter a subject for your letter"),
            Length(max=150, message="The subject must be 150 characters or fewer"),
        ],
    )
    body = TextAreaField(
        "Your letter",
        validators=[
            DataRequired("Write your letter"),
            Length(max=MAX_LETTER_LENGTH, message="Your letter must be 6,000 characters or fewer"),
        ],
    )
    keep_copy = BooleanField("Let the campaign keep a copy of my letter")

    def validate_body(self, field) -> None:
        if any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in field.data):
            raise ValidationError("Your letter contains control characters: type it as plain text")
