"""Signatures answered before Flask: at a peak almost every signing POST is a good signature.

A WSGI layer inside the proxy fix and the body guard (so the client's address and the body are
what Flask would see). For a small urlencoded POST to a petition's signing address it reads the
form and asks `signing_post.decide()`, the one decision for every signing POST, which checks
and signs. A signature (or a bot caught by the honeypot) is answered here with the redirect the
view would send, with the same headers. Anything else goes on to Flask with the decision in the
environ, for the view to render (the form again with its messages, a 404, a 429); a body this
layer does not read (multipart, chunked, large, not UTF-8) goes on undecided.

What this saves per signature is Flask's request machinery and hooks, the session and a
response object: about a third of the server's CPU per POST at a peak.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.utils import redirect

from campaign.guards import unreadable_stream
from campaign.petitions import signing_post
from campaign.security_headers import fixed_headers

_PATH = re.compile(r"/petitions/([A-Za-z0-9_-]{1,80})/signatures")
_FORM_TYPE = "application/x-www-form-urlencoded"
# A signing form is a few hundred bytes; partner boxes and questions add a few dozen each.
MAX_BODY = 16 * 1024
MAX_FIELDS = 200


class SigningPosts:
    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.headers = fixed_headers(bool(app.config["SECURITY_HSTS"]), personal=True)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            found = _PATH.fullmatch(environ.get("PATH_INFO", ""))
            if found is not None:
                decision = self._decide(found.group(1), environ)
                if decision is not None and decision.to_thank_you:
                    return self._to_thank_you(found.group(1), decision, environ, start_response)
                if decision is not None:
                    environ[signing_post.DECIDED] = decision
        return self.wsgi_app(environ, start_response)

    def _decide(self, slug: str, environ: dict[str, Any]) -> signing_post.Decision | None:
        form = _small_form(environ)
        if form is None:
            return None
        with self.app.app_context():
            try:
                return signing_post.decide(
                    slug,
                    form,
                    environ.get("HTTP_COOKIE"),
                    environ.get("REMOTE_ADDR"),
                    environ.get("HTTP_USER_AGENT", ""),
                )
            except Exception:  # noqa: BLE001 - Flask decides it again, and answers any error
                self.app.logger.exception("signing POST left to Flask")
                return None

    def _to_thank_you(
        self,
        slug: str,
        decision: signing_post.Decision,
        environ: dict[str, Any],
        start_response: Callable,
    ) -> Iterable[bytes]:
        status, headers, body = _redirect(environ.get("SCRIPT_NAME", ""), slug)
        start_response(status, [*headers, *self.headers, *decision.rate_limit_headers.items()])
        return [body]


def _small_form(environ: dict[str, Any]) -> dict[str, str] | None:
    """The form's first value for each field, if the body is one this layer reads; the body is
    put back for Flask either way."""
    content_type, _, parameters = environ.get("CONTENT_TYPE", "").partition(";")
    if content_type.strip().lower() != _FORM_TYPE or parameters.strip().lower() not in (
        "",
        "charset=utf-8",
    ):
        return None
    length = environ.get("CONTENT_LENGTH", "")
    if not length.isdigit() or int(length) > MAX_BODY or environ.get("QUERY_STRING"):
        return None
    try:
        body = environ["wsgi.input"].read(int(length))
    except Exception:  # noqa: BLE001 - the guard's own answer: a 400 from Flask
        environ["wsgi.input"] = unreadable_stream()
        return None
    environ["wsgi.input"] = io.BytesIO(body)
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        return None
    form: dict[str, str] = {}
    for name, value in pairs:
        form.setdefault(name, value)
    return form


@functools.lru_cache(maxsize=1024)
def _redirect(script_name: str, slug: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """The view's redirect to the thank-you page, as bytes: made once per petition."""
    response = redirect(f"{script_name}/petitions/{slug}/thank-you", code=303)
    body = response.get_data()
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
    return response.status, [*headers, ("Content-Length", str(len(body)))], body


def install(app: Flask) -> None:
    """Called by the app factory before the proxy fix and body guard wrap the app, so this
    layer sees what Flask would: the client's own address and a guarded body."""
    app.wsgi_app = SigningPosts(app, app.wsgi_app)  # type: ignore[method-assign]
