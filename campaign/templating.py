"""Template set-up: fail loudly on a missing variable, and a few formatting filters."""

from flask import Flask
from jinja2 import StrictUndefined


def format_number(value: int | float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,}"


def register(app: Flask) -> None:
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.filters["number"] = format_number
