"""Absolute links for emails and PDFs, built from BASE_URL so they work outside a request."""

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    adapter = current_app.extensions.get("external_url_adapter")
    if adapter is None:
        # Binding the URL map is the costly part; the bound adapter only reads it.
        adapter = current_app.extensions["external_url_adapter"] = current_app.url_map.bind(
            "localhost"
        )
    return current_app.config["BASE_URL"].rstrip("/") + adapter.build(endpoint, values)


def council_page_url(gss_code: str | None) -> str | None:
    """The council's page (/local/<gss-code>) for emails, or None when the council is unknown."""
    if not gss_code:
        return None
    return current_app.config["BASE_URL"].rstrip("/") + f"/local/{gss_code}"
