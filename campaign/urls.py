"""Absolute links for emails and PDFs, built from BASE_URL so they work outside a request."""

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def council_page_url(gss_code: str | None) -> str | None:
    """The council's page (/local/<gss-code>) for emails, or None when the council is unknown."""
    if not gss_code:
        return None
    return current_app.config["BASE_URL"].rstrip("/") + f"/local/{gss_code}"
