"""Template set-up: fail loudly on a missing variable, and a few formatting filters."""

from datetime import date

from flask import Flask
from jinja2 import StrictUndefined


def format_number(value: int | float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,}"


def long_date(value: date | None) -> str:
    """1 March 2026: the way the public pages write a date."""
    if value is None:
        return "–"
    return f"{value.day} {value:%B %Y}"


def register(app: Flask) -> None:
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["long_date"] = long_date
