"""The signing form as the page shows it, and the letter to an MP."""

import unicodedata

from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from campaign.forms import StrippedForm
from campaign.petitions.letters import MAX_LETTER_LENGTH
from campaign.petitions.submission import MAX_COUNTRY, MAX_NAME, MAX_POSTCODE, Submission


class SignatureForm(StrippedForm):
    """The signing form as the petition page shows it, and shows again with what was typed and
    its messages. The rules are in `submission.py`, the one place a signature is checked; the
    fields carry only what a browser and a screen reader are told (required, maximum lengths)."""

    # CSRF here is a signed double-submit token that needs no session
    # (campaign/petitions/double_submit.py), checked with the rules; every other form keeps
    # Flask-WTF's.
    class Meta:
        csrf = False

    name = StringField("Full name", render_kw={"required": True, "maxlength": MAX_NAME})
    email = StringField("Email address", render_kw={"required": True})
    postcode = StringField("Postcode", render_kw={"maxlength": MAX_POSTCODE})
    outside_uk = BooleanField("I live outside the UK")
    country = StringField("Country", render_kw={"maxlength": MAX_COUNTRY})
    privacy = BooleanField("I agree to the privacy notice", render_kw={"required": True})
    email_updates = BooleanField("Send me email updates about this campaign")
    # A field people never see: bots fill it in.
    website = StringField("Leave this field blank")
    started = HiddenField()
    csrf_token = HiddenField()
    # Where the signer came from, copied from the link they followed (see sharing.py); checked
    # by sharing.attribution_from, never shown back as an error.
    source = HiddenField()
    utm_medium = HiddenField()
    utm_campaign = HiddenField()
    ref = HiddenField()

    @classmethod
    def shown_again(cls, submitted: Submission) -> "SignatureForm":
        """The page's form for a submission that is shown again: what was typed (as checked)
        and every message, with the attribution fields from the same request."""
        form = cls()
        for name, value in submitted.values.items():
            if name != "csrf_token":
                form[name].data = value
            form[name].errors = list(submitted.errors.get(name, ()))
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
