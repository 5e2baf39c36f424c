"""The signing form's CSRF defence without a server session: a signed double-submit token.

The petition page gives each visitor a token, `<nonce>.<HMAC-SHA256 of the nonce>` under a key
derived from SECRET_KEY, twice: in an HttpOnly, SameSite=Lax cookie scoped to /petitions and in
the form's `csrf_token` field. The signing POST is accepted only when the two are equal and the
signature is ours. Another site can make a browser send the cookie but cannot read it or set it
(nor, being unsigned, invent one), so it cannot put the same value in the form it posts
(OWASP's "signed double-submit cookie"). A visitor who already holds a valid cookie keeps it, so
two tabs, or a page kept open while another loads, both still sign.

Why not Flask-WTF's token here, as on every other form: it lives in the Flask session, so each
new visitor of the most visited page would cost a session cookie and a render. This token needs
no server state, and the kept page takes it as a few bytes filled into its kept HTML
(campaign/petitions/public_cache.py). When WTF_CSRF_ENABLED is off (most tests) it is not
checked either, so one setting still switches CSRF for the whole site.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets

from flask import Response, after_this_request, current_app, request

COOKIE = "petition_csrf"
FIELD = "csrf_token"
COOKIE_PATH = "/petitions"
_NONCE_BYTES = 18  # 144 random bits, 24 characters
_SIGNATURE_BYTES = 18
_LENGTH = 24 + 1 + 24
_COOKIE_VALUE = re.compile(
    rf"(?:^|;)\s*{COOKIE}=([A-Za-z0-9_-]{{24}}\.[A-Za-z0-9_-]{{24}})\s*(?:;|$)"
)


class Tokens:
    """Tokens for one SECRET_KEY: a new key makes every earlier token invalid."""

    def __init__(self, secret_key: str) -> None:
        self._key = hmac.new(secret_key.encode(), b"petition-csrf", hashlib.sha256).digest()

    def _signature(self, nonce: str) -> str:
        mac = hmac.new(self._key, nonce.encode(), hashlib.sha256).digest()[:_SIGNATURE_BYTES]
        return base64.urlsafe_b64encode(mac).decode()

    def new(self) -> str:
        nonce = secrets.token_urlsafe(_NONCE_BYTES)
        return f"{nonce}.{self._signature(nonce)}"

    def valid(self, token: str | None) -> bool:
        if not token or len(token) != _LENGTH or not token.isascii():
            return False
        nonce, _, signature = token.partition(".")
        return hmac.compare_digest(signature, self._signature(nonce))

    def matches(self, cookie: str | None, submitted: str | None) -> bool:
        """The POST's check: the form's token is the cookie's, and the cookie is ours."""
        if not cookie or not submitted or not submitted.isascii() or not self.valid(cookie):
            return False
        return hmac.compare_digest(cookie, submitted)

    @staticmethod
    def cookie_value(header: str | None) -> str | None:
        """The token cookie's value in a raw Cookie header, unchecked."""
        if not header or COOKIE not in header:
            return None
        found = _COOKIE_VALUE.search(header)
        return found.group(1) if found else None

    def from_cookie_header(self, header: str | None) -> str | None:
        """The visitor's token from a raw Cookie header, if they hold a valid one."""
        token = self.cookie_value(header)
        return token if self.valid(token) else None


def set_cookie(token: str, secure: bool) -> str:
    """The Set-Cookie value: for the browser's session only, never sent to another site's
    requests except top-level GET navigations (SameSite=Lax), unreadable by scripts."""
    flags = "; Secure" if secure else ""
    return f"{COOKIE}={token}; Path={COOKIE_PATH}; HttpOnly; SameSite=Lax{flags}"


@functools.lru_cache(maxsize=8)
def tokens(secret_key: str) -> Tokens:
    """One per secret key, so the key is derived once, not per request."""
    return Tokens(secret_key)


def checking() -> bool:
    return bool(current_app.config["WTF_CSRF_ENABLED"])


def header_matches(cookie_header: str | None, submitted: str | None) -> bool:
    """Whether a signing POST's form carries the token its Cookie header holds (always, with
    CSRF switched off)."""
    if not checking():
        return True
    found = tokens(current_app.config["SECRET_KEY"])
    return found.matches(found.cookie_value(cookie_header), submitted)


def token_for_this_visitor() -> str:
    """The visitor's token for a page Flask renders (the form shown again after a POST): the
    one their cookie holds, or a new one with its cookie set on this response."""
    config = current_app.config
    found = tokens(config["SECRET_KEY"])
    token = found.from_cookie_header(request.headers.get("Cookie"))
    if token is None:
        token = found.new()
        cookie = set_cookie(token, bool(config["SESSION_COOKIE_SECURE"]))

        @after_this_request
        def set_it(response: Response) -> Response:
            response.headers.add("Set-Cookie", cookie)
            return response

    return token
