"""Signed links in emails. Each purpose has its own salt, so a link for one action can never
be replayed as another; a confirm or withdraw link also names its petition, so it works only
on that petition's URL."""

from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from campaign.extensions import db
from campaign.models import Signature

PURPOSES = ("confirm", "unsubscribe", "withdraw")


@dataclass(frozen=True)
class TokenCheck:
    signature_id: int | None
    problem: str | None  # None, "expired" or "invalid"
    campaign_id: int | None = None  # the petition the link names (None: an older link)


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return _cached_serializer(current_app.config["SECRET_KEY"], purpose)


@lru_cache(maxsize=32)
def _cached_serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    # Building a serializer derives its keys; every signature's email needs three tokens.
    return URLSafeTimedSerializer(secret, salt=f"signature-{purpose}")


def make_token(purpose: str, signature_id: int, campaign_id: int | None = None) -> str:
    payload = signature_id if campaign_id is None else [signature_id, campaign_id]
    return _serializer(purpose).dumps(payload)


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_token(purpose: str, token: str, max_age: int | None = None) -> TokenCheck:
    try:
        value = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        return TokenCheck(None, "expired")
    except BadSignature:
        return TokenCheck(None, "invalid")
    if _is_id(value):
        return TokenCheck(value, None)
    if isinstance(value, list) and len(value) == 2 and all(_is_id(v) for v in value):
        return TokenCheck(value[0], None, value[1])
    return TokenCheck(None, "invalid")


def read_petition_token(
    purpose: str, token: str, campaign_id: int, max_age: int | None = None
) -> TokenCheck:
    """Read a confirm or withdraw link opened on petition `campaign_id`'s URL: a link for
    another petition is "invalid", like any broken link. Links sent before links named their
    petition are checked against the signature's own petition."""
    check = read_token(purpose, token, max_age)
    if check.problem:
        return check
    named = check.campaign_id
    if named is None:
        signature = db.session.get(Signature, check.signature_id)
        named = signature.campaign_id if signature is not None else campaign_id
    if named != campaign_id:
        return TokenCheck(None, "invalid")
    return check
