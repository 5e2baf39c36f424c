"""The 'email me a link' form: the same checks and messages as every other form on the site."""

from wtforms import StringField
from wtforms.validators import DataRequired, ValidationError

from campaign.booklets.requests import BookletRequestError, clean_name
from campaign.core.email_addresses import EmailAddress
from campaign.forms import StrippedForm


class BookletEmailForm(StrippedForm):
    email = StringField(
        "Email address", validators=[DataRequired("Enter your email address"), EmailAddress()]
    )
    name = StringField("Your name (optional)")
    # A wrong petition is a missing page (404), not a mistake in the form: `email_link` checks it.
    petition = StringField("Petition to promote")
    postcode = StringField("Postcode")

    def validate_name(self, field) -> None:
        try:
            field.data = clean_name(field.data)
        except BookletRequestError as error:
            raise ValidationError(error.message) from None

    def first_error(self) -> str:
        """The message for the first field in error, in the order the fields are shown."""
        for field in self:
            if field.errors:
                return field.errors[0]
        return ""
