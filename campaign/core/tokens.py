"""Signed links in emails. Each purpose has its own salt, so a link for one action can never
be replayed as another."""

from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

PURPOSES = ("confirm", "unsubscribe", "withdraw")


@dataclass(frozen=True)
class TokenCheck:
    signature_id: int | None
    problem: str | None  # None, "expired" or "invalid"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return _cached_serializer(current_app.config["SECRET_KEY"], purpose)


@lru_cache(maxsize=32)
def _cached_serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    # Building a serializer derives its keys; every signature's email needs three tokens.
    return URLSafeTimedSerializer(secret, salt=f"signature-{purpose}")


def make_token(purpose: str, signature_id: int) -> str:
    return _serializer(purpose).dumps(signature_id)


def read_token(purpose: str, token: str, max_age: int | None = None) -> TokenCheck:
    try:
        value = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        return TokenCheck(None, "expired")
    except BadSignature:
        return TokenCheck(None, "invalid")
    if not isinstance(value, int) or isinstance(value, bool):
        return TokenCheck(None, "invalid")
    return TokenCheck(value, None)
