"""'Email me a link': a booklet asked for now, read later (on a phone, or when rendering is busy).

The person gets a link, never an attachment; the booklet is laid out in the background meanwhile,
so the link opens at once."""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from campaign.booklets.requests import BookletRequestError, clean_name, clean_petition_slug
from campaign.extensions import db
from campaign.mail.notices import enqueue_booklet_ready
from campaign.places.councils import council
from campaign.urls import external_url


@dataclass(frozen=True)
class LinkRequest:
    code: str
    email: str
    name: str
    petition: str | None
    postcode: str | None


def clean_email(raw: str | None) -> str:
    if not raw or not raw.strip():
        raise BookletRequestError("Enter your email address")
    if len(raw) > 254:
        raise BookletRequestError("Email address must be 254 characters or fewer")
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise BookletRequestError(
            "Enter an email address in the correct format, like name@example.com"
        ) from None


def send_link(code: str, form: dict) -> LinkRequest:
    """Check the request and queue the email (committing). Raises BookletRequestError."""
    known = council(code)
    if known is None or known.nation != "england":
        raise BookletRequestError("We could not find that council.", status=404)
    request = LinkRequest(
        code=known.code,
        email=clean_email(form.get("email")),
        name=clean_name(form.get("name")),
        petition=clean_petition_slug(form.get("petition")),
        postcode=(form.get("postcode") or "").strip()[:8] or None,
    )
    query = {
        k: v
        for k, v in (
            ("name", request.name),
            ("petition", request.petition),
            ("postcode", request.postcode),
        )
        if v
    }
    enqueue_booklet_ready(
        db.session,
        to_email=request.email,
        name=request.name,
        council_name=known.name,
        booklet_url=external_url("booklets.booklet", code=known.code, **query),
    )
    db.session.commit()
    return request
