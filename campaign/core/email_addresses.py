"""Email addresses: whether one is well formed (one rule and one set of messages for every form),
and canonicalisation for dedup (the same mailbox, however it is written, is one person)."""

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from wtforms.validators import ValidationError

MAX_LENGTH = 254
TOO_LONG = f"Email address must be {MAX_LENGTH} characters or fewer"
NOT_AN_ADDRESS = "Enter an email address in the correct format, like name@example.com"
ASCII_LOCAL_PART_ONLY = (
    "We cannot send email to an address with accented or non-Latin letters before the @ yet. "
    "Enter another email address, like name@example.com"
)


class EmailAddressError(ValueError):
    """The address is too long or not an address; the message says so, for people."""


def checked_email(raw: str, smtputf8: bool = True) -> str:
    """The address as email-validator normalises it (syntax only: no DNS look-up). Without
    `smtputf8` (a mail provider that cannot deliver to them), letters beyond ASCII before the @
    are refused; a domain in any script is fine, since it can be sent as IDNA.

    Lengths are checked again once normalised, lower-cased and case-folded: the forms the
    address is stored and matched in must all fit the 254-character columns."""
    value = raw.strip()
    if len(value) > MAX_LENGTH:
        raise EmailAddressError(TOO_LONG)
    try:
        address = validate_email(
            value, check_deliverability=False, allow_smtputf8=smtputf8
        ).normalized
    except EmailNotValidError:
        if not smtputf8 and not value.rpartition("@")[0].isascii():
            raise EmailAddressError(ASCII_LOCAL_PART_ONLY) from None
        raise EmailAddressError(NOT_AN_ADDRESS) from None
    if max(len(address), len(address.lower()), len(address.casefold())) > MAX_LENGTH:
        raise EmailAddressError(TOO_LONG)
    return address


def ascii_form(address: str) -> str | None:
    """The address as ASCII, its domain in IDNA (ada@xn--bcher-kva.de), for providers that take
    nothing else; None when the part before the @ has letters beyond ASCII, which no encoding
    can carry without SMTPUTF8."""
    try:
        return validate_email(address, check_deliverability=False).ascii_email
    except EmailNotValidError:
        return None


class EmailAddress:
    """The WTForms validator every form uses: leaves an empty field to DataRequired or Optional,
    and replaces a good address with its normalised form. Whether addresses may have letters
    beyond ASCII before the @ is the EMAIL_ALLOW_SMTPUTF8 setting (it follows MAIL_BACKEND)."""

    def __call__(self, form: Any, field: Any) -> None:
        if not field.data:
            return
        smtputf8 = bool(current_app.config["EMAIL_ALLOW_SMTPUTF8"])
        try:
            field.data = checked_email(field.data, smtputf8=smtputf8)
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
