"""Email addresses: whether one is well formed (one rule and one set of messages for every form),
and canonicalisation for dedup (the same mailbox, however it is written, is one person)."""

from typing import Any

from email_validator import EmailNotValidError, validate_email
from wtforms.validators import ValidationError

MAX_LENGTH = 254
TOO_LONG = f"Email address must be {MAX_LENGTH} characters or fewer"
NOT_AN_ADDRESS = "Enter an email address in the correct format, like name@example.com"


class EmailAddressError(ValueError):
    """The address is too long or not an address; the message says so, for people."""


def checked_email(raw: str) -> str:
    """The address as email-validator normalises it (syntax only: no DNS look-up)."""
    value = raw.strip()
    if len(value) > MAX_LENGTH:
        raise EmailAddressError(TOO_LONG)
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise EmailAddressError(NOT_AN_ADDRESS) from None


class EmailAddress:
    """The WTForms validator every form uses: leaves an empty field to DataRequired or Optional,
    and replaces a good address with its normalised form."""

    def __call__(self, form: Any, field: Any) -> None:
        if not field.data:
            return
        try:
            field.data = checked_email(field.data)
        except EmailAddressError as error:
            raise ValidationError(str(error)) from None


# Providers that ignore dots in the local part and deliver `+tag` to the same mailbox.
# Gmail's two names are the only domains folded together: hotmail.co.uk and live.co.uk hold
# mailboxes of their own, distinct from the same name at .com.
_DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
# Providers whose sub-addressing uses "-" rather than "+".
_DASH_TAG_DOMAINS = {"yahoo.com", "yahoo.co.uk", "ymail.com", "rocketmail.com"}


def canonical_email(email: str) -> str:
    """Lower-case, strip sub-address tags, and apply per-domain rules (Gmail ignores dots)."""
    local, _, domain = email.strip().casefold().rpartition("@")
    domain = domain.rstrip(".")
    if domain in _DASH_TAG_DOMAINS:
        local = local.split("-", 1)[0]
    local = local.split("+", 1)[0] or local
    if domain in _DOTLESS_DOMAINS:
        domain = _DOTLESS_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"
