"""Request-level guards: whatever arrives on the wire gets a 4xx answer, never a 5xx.

These are properties of the request, not of any one page, so they live here, registered once by
the app factory, rather than in views: a NUL byte (which PostgreSQL's text fields refuse) in the
path or the query (forms refuse control characters field by field, with messages that keep what
was typed); ids in URLs beyond what an integer column holds; a body the server could not read (a
malformed chunked encoding); a form body sent chunked past MAX_CONTENT_LENGTH, the size limit
that Werkzeug enforces up front when a Content-Length is given.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Flask, abort, current_app, request
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter
from werkzeug.wsgi import LimitedStream

# The largest value of a PostgreSQL `integer`, which every id column is.
MAX_ID = 2**31 - 1
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL_IN_QUERY = "The web address contains a character that cannot be used. Check it and try again."
UNREADABLE_BODY = "We could not read what your browser sent. Go back and try again."


class IdConverter(IntegerConverter):
    """`<int:...>` in a URL: a number no row can have does not match, so it is a 404 and never
    reaches the database (where it would overflow the column's type)."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None, max: int = MAX_ID):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)


class _GuardedInput(io.RawIOBase):
    """The server's request body stream, where any failure to read it (Werkzeug's dev server
    raises OSError for a bad chunk size, gunicorn its own parse errors) is the client's
    malformed body: a 400, not a 500."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def _guarded(self, method: str, *args: Any) -> Any:
        try:
            return getattr(self._stream, method)(*args)
        except HTTPException:
            raise
        except Exception as error:  # noqa: BLE001 - any reader failure means an unreadable body
            raise BadRequest(UNREADABLE_BODY) from error

    def read(self, size: int = -1) -> bytes:
        return self._guarded("read", size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._guarded("readline", size)

    def readinto(self, buffer: Any) -> int:
        data = self._guarded("read", len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Unreadable(io.RawIOBase):
    """A body already found unreadable (campaign/petitions/fast_sign.py read it first)."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise BadRequest(UNREADABLE_BODY)


def unreadable_stream() -> io.RawIOBase:
    return _Unreadable()


class _GuardBody:
    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Any) -> Any:
        if "wsgi.input" in environ:
            environ["wsgi.input"] = _GuardedInput(environ["wsgi.input"])
        return self.wsgi_app(environ, start_response)


def _refuse_oversized_streams() -> None:
    """A body sent chunked has no Content-Length to check up front, and Werkzeug cuts such a
    body off silently at MAX_CONTENT_LENGTH: read a form's body here (kept for the form parser)
    and refuse it if it reached the limit, rather than parse a truncated form."""
    if request.content_length is not None or request.mimetype not in FORM_TYPES:
        return
    request.get_data(cache=True)
    stream = request.stream
    if isinstance(stream, LimitedStream) and stream.is_exhausted:
        raise RequestEntityTooLarge()


def _refuse_nul_bytes() -> None:
    if "\x00" in request.path:
        abort(404)
    if any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
        abort(400, NUL_IN_QUERY)


# Pages that take a file larger than the site-wide MAX_CONTENT_LENGTH, and the setting that caps
# the file; the form around it may add this much.
LARGER_BODIES = {
    "campaigners.new_resource": "RESOURCE_MAX_BYTES",
    "campaigners.edit_resource": "RESOURCE_MAX_BYTES",
}
FORM_OVERHEAD_BYTES = 64 * 1024


def allow_larger_bodies() -> None:
    """Registered before CSRF protection, which reads the form: an upload page's own limit must
    be in place before anything parses its body."""
    setting = LARGER_BODIES.get(request.endpoint or "")
    if setting:
        request.max_content_length = current_app.config[setting] + FORM_OVERHEAD_BYTES


def register(app: Flask) -> None:
    """Called by the app factory before any blueprint is registered (the id converter must be
    in place before routes are compiled)."""
    app.url_map.converters["int"] = IdConverter
    app.wsgi_app = _GuardBody(app.wsgi_app)  # type: ignore[method-assign]
    app.before_request(_refuse_oversized_streams)
    app.before_request(_refuse_nul_bytes)
