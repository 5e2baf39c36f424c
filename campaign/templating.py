"""Template set-up: fail loudly on a missing variable, and a few formatting filters."""

from flask import Flask
from jinja2 import StrictUndefined

from campaign.core import plurals
from campaign.core.organisation import organisation
from campaign.urls import external_url


def format_number(value: int | float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,}"


def register(app: Flask) -> None:
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["count"] = plurals.count
    app.jinja_env.filters["people_have"] = plurals.people_have
    app.jinja_env.globals["external_url"] = external_url
    app.context_processor(lambda: {"organisation": organisation()})
