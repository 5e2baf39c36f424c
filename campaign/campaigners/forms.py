"""Forms for the campaigners' area. Messages say what to do."""

import ipaddress
import re
import unicodedata

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from campaign.campaigners.passwords import MAX_LENGTH as PASSWORD_MAX
from campaign.core.email_addresses import EmailAddress
from campaign.forms import PlainText, StrippedForm
from campaign.models.campaigners import ROLES

ROLE_CHOICES = [
    SelectChoice("viewer", "Viewer: reads figures and downloads counts"),
    SelectChoice("campaigner", "Campaigner: also runs campaigns and exports signers"),
    SelectChoice("admin", "Admin: also acts on every signer, the privacy tools and accounts"),
]
assert {choice.value for choice in ROLE_CHOICES} == set(ROLES)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class CampaignerForm(StrippedForm):
    """Refuses control characters in any text field (line breaks and tabs allowed in text
    areas): they have no place in what campaigners type, and PostgreSQL rejects NUL outright,
    which would otherwise surface as a server error."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            allowed = "\n\r\t" if isinstance(field, TextAreaField) else ""
            if isinstance(field.data, str) and any(
                unicodedata.category(ch) == "Cc" and ch not in allowed for ch in field.data
            ):
                field.errors = [
                    *field.errors,
                    f"{field.label.text} must not contain control characters",
                ]
                valid = False
        return valid


class SignInForm(CampaignerForm):
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter your email address"),
            Length(max=254, message="Enter your email address"),
        ],
    )
    # Passwords are never stripped of spaces (campaign/forms.py): they may begin or end with one.
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Enter your password"),
            Length(max=PASSWORD_MAX, message="Enter your password"),
        ],
    )


class NewAccountForm(CampaignerForm):
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter the person's email address"),
            EmailAddress(),
        ],
    )
    role = SelectField("Role", choices=ROLE_CHOICES, default="campaigner")
    password = PasswordField(
        "Starting password", validators=[DataRequired("Enter a starting password")]
    )


class RoleForm(CampaignerForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class PasswordForm(CampaignerForm):
    password = PasswordField("New password", validators=[DataRequired("Enter a new password")])


class ChangeOwnPasswordForm(PasswordForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password")]
    )


def _slug(form, field) -> None:
    if not SLUG_PATTERN.match(field.data or ""):
        raise ValidationError(
            "Use lower-case letters, numbers and single hyphens, like best-start-in-life"
        )


class CampaignForm(CampaignerForm):
    slug = StringField(
        "Web address name",
        validators=[DataRequired("Enter a web address name"), Length(max=80), _slug],
    )
    kind = SelectField(
        "Kind",
        choices=[
            SelectChoice("petition", "Petition"),
            SelectChoice("signup", "Sign-up (newsletter, volunteers...)"),
        ],
    )
    title = StringField(
        "Title",
        validators=[
            DataRequired("Enter a title"),
            Length(max=200, message="Keep the title under 200 characters"),
            PlainText("The title"),
        ],
    )
    target = StringField(
        "Addressed to",
        validators=[
            Optional(),
            Length(max=200, message="Keep the target under 200 characters"),
            PlainText("The target"),
        ],
    )
    topic = StringField(
        "Topic",
        validators=[
            Optional(),
            Length(max=80, message="Keep the topic under 80 characters"),
            PlainText("The topic"),
        ],
    )
    summary = TextAreaField(
        "Summary",
        validators=[
            Optional(),
            Length(max=1000, message="Keep the summary under 1,000 characters"),
        ],
    )
    body = TextAreaField(
        "Full text",
        validators=[Optional(), Length(max=20000, message="Keep the text under 20,000 characters")],
    )
    goal = IntegerField(
        "Signature goal",
        default=0,
        validators=[
            InputRequired("Enter a goal, or 0 for none"),
            NumberRange(min=0, max=100_000_000, message="Enter a goal between 0 and 100,000,000"),
        ],
    )
    opens_at = DateTimeLocalField("Opens at (UTC)", format=DATETIME_FORMAT, validators=[Optional()])
    closes_at = DateTimeLocalField(
        "Closes at (UTC)", format=DATETIME_FORMAT, validators=[Optional()]
    )

    def validate_closes_at(self, field) -> None:
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError("The closing time must be after the opening time")


class WordingForm(CampaignerForm):
    privacy_text = TextAreaField(
        "Privacy agreement",
        validators=[DataRequired("Enter the privacy agreement people tick"), Length(max=2000)],
    )
    updates_text = TextAreaField(
        "Email updates opt-in",
        validators=[
            DataRequired("Enter the wording for the email updates opt-in"),
            Length(max=2000),
        ],
    )


class SignerExportForm(CampaignerForm):
    format = SelectField(
        "Format",
        choices=[
            SelectChoice("csv", "CSV (spreadsheets)"),
            SelectChoice("osdi", "OSDI JSON (CRMs)"),
        ],
    )
    everyone = BooleanField("Include people who did not opt in to updates (admins only)")
    purpose = TextAreaField(
        "Why you need people who did not opt in", validators=[Optional(), Length(max=1000)]
    )


def _ip(form, field) -> None:
    if field.data:
        try:
            field.data = str(ipaddress.ip_address(field.data))
        except ValueError:
            raise ValidationError("Enter an IP address like 203.0.113.7 or 2001:db8::1") from None


def _domain(form, field) -> None:
    if field.data:
        field.data = field.data.lstrip("@").lower()
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", field.data):
            raise ValidationError("Enter an email domain like example.org")


class _CriteriaForm(CampaignerForm):
    ip_address = StringField("IP address", validators=[Optional(), Length(max=45), _ip])
    email_domain = StringField("Email domain", validators=[Optional(), Length(max=254), _domain])
    email = StringField(
        "Email address",
        validators=[
            Optional(),
            EmailAddress(),
        ],
    )
    window_start = DateTimeLocalField(
        "Signed from (UTC)", format=DATETIME_FORMAT, validators=[Optional()]
    )
    window_end = DateTimeLocalField(
        "Signed before (UTC)", format=DATETIME_FORMAT, validators=[Optional()]
    )

    def validate_window_end(self, field) -> None:
        if field.data and self.window_start.data and field.data <= self.window_start.data:
            raise ValidationError("The end of the window must be after its start")


class InvalidationForm(_CriteriaForm):
    class Meta:
        csrf = False  # a GET form that only previews


class InvalidationConfirmForm(_CriteriaForm):
    expected = HiddenField()
    reason = TextAreaField(
        "Why these signatures are being invalidated",
        validators=[
            DataRequired("Say why these signatures are being invalidated"),
            Length(max=1000),
        ],
    )


class CampaignUpdateForm(CampaignerForm):
    subject = StringField(
        "Subject",
        validators=[DataRequired("Enter a subject for the update"), Length(max=150)],
    )
    body = TextAreaField(
        "Update",
        validators=[DataRequired("Enter the text of the update"), Length(max=20_000)],
    )
    councils = SelectMultipleField("Councils", choices=[], validate_choice=True)
    regions = SelectMultipleField("Regions", choices=[], validate_choice=True)
    constituencies = SelectMultipleField("Constituencies", choices=[], validate_choice=True)
    # Checked only when sending: a preview needs no confirmation.
    confirm = BooleanField("I have checked this update and want to send it now")


class PrivacyRequestForm(CampaignerForm):
    """A subject access or erasure request made by an admin for a member of the public."""

    email = EmailField(
        "The person's email address",
        validators=[DataRequired("Enter the person's email address"), EmailAddress()],
    )
    format = SelectField(
        "Format",
        choices=[SelectChoice("html", "A readable page"), SelectChoice("json", "JSON")],
        default="html",
    )
    confirm = BooleanField("I understand erasing cannot be undone")


class AccountErasureForm(CampaignerForm):
    """Erasing a campaigner's own account (a member of staff who has left and asks for it)."""

    email = EmailField(
        "The campaigner account's email address",
        validators=[
            DataRequired("Enter the address of the campaigner account to erase"),
            Length(max=254, message="Enter the address of the campaigner account to erase"),
        ],
    )
    confirm = BooleanField("I understand erasing the account cannot be undone")
