"""What every template may use beyond the basic filters: counts in words (one helper for pages,
emails and PDFs), who runs the site, and absolute links for share tags."""

from __future__ import annotations

from flask import Flask

from campaign.core import plurals
from campaign.core.organisation import organisation
from campaign.urls import external_url


def register(app: Flask) -> None:
    app.jinja_env.filters["count"] = plurals.count
    app.jinja_env.filters["people_have"] = plurals.people_have
    app.jinja_env.globals["external_url"] = external_url
    app.context_processor(lambda: {"organisation": organisation()})
