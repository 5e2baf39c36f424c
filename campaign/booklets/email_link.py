"""'Email me a link': a booklet asked for now, read later (on a phone, or when rendering is busy).

The person gets a link, never an attachment; the booklet is laid out in the background meanwhile,
so the link opens at once."""

from __future__ import annotations

from dataclasses import dataclass

from campaign.booklets.forms import BookletEmailForm
from campaign.booklets.requests import BookletRequestError, clean_petition_slug
from campaign.extensions import db
from campaign.mail.notices import enqueue_booklet_ready
from campaign.places.councils import Council, council
from campaign.urls import external_url


@dataclass(frozen=True)
class LinkRequest:
    code: str
    email: str
    name: str
    petition: str | None
    postcode: str | None


def england_council(code: str) -> Council:
    """The council a booklet can be made for; any other code is a missing page."""
    known = council(code)
    if known is None or known.nation != "england":
        raise BookletRequestError("We could not find that council.", status=404)
    return known


def send_link(known: Council, form: BookletEmailForm) -> LinkRequest:
    """Queue the email for a validated form (committing). Raises BookletRequestError for a
    petition that does not exist."""
    request = LinkRequest(
        code=known.code,
        email=form.email.data,
        name=form.name.data or "",
        petition=clean_petition_slug(form.petition.data),
        postcode=(form.postcode.data or "")[:8] or None,
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
