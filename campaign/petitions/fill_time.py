"""A minimum fill time: a signed stamp of when the form was shown. Bots post at once; people
take a few seconds to type their name, email and postcode."""

from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="form-started")


def stamp(form_name: str) -> str:
    return _serializer().dumps(form_name)


def filled_too_fast(form_name: str, token: str | None) -> bool:
    minimum = current_app.config["SIGNING_MIN_FILL_SECONDS"]
    if minimum <= 0:
        return False
    try:
        name, shown_at = _serializer().loads(token or "", return_timestamp=True)
    except BadSignature:
        return True
    if name != form_name:
        return True
    return (datetime.now(UTC) - shown_at).total_seconds() < minimum
