"""Absolute links for emails and PDFs, built from BASE_URL so they work outside a request."""

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path
