"""The signing form's rules: what a submitted signature must be, with messages in the GOV.UK style.

Plain functions over the submitted values, not a WTForms form: at a signing peak building a form
(a field object per field, filters, a validation chain each) cost more than all of this app's own
checks together. The page's form (`forms.SignatureForm`) only shows the fields, what was typed
and the messages found here, so every signature, however it arrives, meets these rules alone.

As on every other form, text arrives without leading or trailing whitespace, a tick box is
ticked by any value but "false" or nothing, and every rule on a field is checked, so a field can
carry more than one message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from campaign.core.email_addresses import EmailAddressError, checked_email
from campaign.forms import plain_text_problem
from campaign.places import locate
from campaign.places.location import MALFORMED, UNKNOWN, Location

TEXT_FIELDS = ("name", "email", "postcode", "country", "website", "started", "csrf_token")
TICK_BOXES = ("outside_uk", "privacy", "email_updates")
MAX_NAME = 100
MAX_POSTCODE = 20
MAX_COUNTRY = 60
NOT_A_POSTCODE = "Enter a real UK postcode, like SW1A 1AA"


@dataclass
class Submission:
    """What was submitted (as checked: the email and postcode in their normal forms), and the
    messages for each field that broke a rule."""

    values: dict[str, str | bool]
    errors: dict[str, list[str]] = field(default_factory=dict)
    location: Location | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    def text(self, name: str) -> str:
        value = self.values[name]
        return value if isinstance(value, str) else ""

    def ticked(self, name: str) -> bool:
        return bool(self.values[name])

    def _refuse(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _ticked(value: str | None) -> bool:
    return value is not None and value not in ("", "false")


def _plain_text(submission: Submission, name: str, label: str) -> None:
    problem = plain_text_problem(submission.text(name), label)
    if problem:
        submission._refuse(name, problem)


def check(form: Mapping[str, str], allow_smtputf8: bool) -> Submission:
    """Check a submitted signing form (the first value of each field)."""
    values: dict[str, str | bool] = {name: (form.get(name) or "").strip() for name in TEXT_FIELDS}
    values.update({name: _ticked(form.get(name)) for name in TICK_BOXES})
    submission = Submission(values)
    _check_name(submission)
    _check_email(submission, allow_smtputf8)
    _check_postcode(submission)
    _check_country(submission)
    if not submission.ticked("privacy"):
        submission._refuse("privacy", "Tick the box to agree to the privacy notice")
    return submission


def _check_name(submission: Submission) -> None:
    name = submission.text("name")
    if not name:
        submission._refuse("name", "Enter your name")
        return
    if len(name) > MAX_NAME:
        submission._refuse("name", f"Name must be {MAX_NAME} characters or fewer")
    _plain_text(submission, "name", "Your name")


def _check_email(submission: Submission, allow_smtputf8: bool) -> None:
    email = submission.text("email")
    if not email:
        submission._refuse("email", "Enter your email address")
        return
    try:
        submission.values["email"] = checked_email(email, smtputf8=allow_smtputf8)
    except EmailAddressError as error:
        submission._refuse("email", str(error))


def _check_postcode(submission: Submission) -> None:
    if submission.ticked("outside_uk"):
        if len(submission.text("postcode")) > MAX_POSTCODE:
            submission._refuse("postcode", NOT_A_POSTCODE)
        return
    typed = submission.text("postcode")
    if not typed:
        submission._refuse("postcode", "Enter your postcode, or tick 'I live outside the UK'")
        return
    location = locate(typed) if len(typed) <= MAX_POSTCODE else Location(MALFORMED)
    if location.status == MALFORMED:
        submission._refuse("postcode", NOT_A_POSTCODE)
    elif location.status == UNKNOWN:
        submission._refuse(
            "postcode",
            f"We cannot find {location.postcode} in the ONS Postcode Directory. Check it, "
            "or tick 'I live outside the UK'",
        )
    else:
        submission.values["postcode"] = location.postcode or typed
        submission.location = location


def _check_country(submission: Submission) -> None:
    country = submission.text("country")
    if len(country) > MAX_COUNTRY:
        submission._refuse("country", f"Country must be {MAX_COUNTRY} characters or fewer")
    _plain_text(submission, "country", "Your country")
    if submission.ticked("outside_uk") and not country:
        submission._refuse("country", "Enter the country you live in")
