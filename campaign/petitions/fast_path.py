"""The public reads at a peak, answered before Flask: the petition page, its count JSON and the
thank-you page, straight from the kept answers (campaign/petitions/public_cache.py).

A WSGI layer around the app. For a GET of one of those three addresses it asks public_cache
whether the kept answer is still the one the view would build now (the campaign and counts
caches still hand out the objects it was built from); if so it answers with it, else it passes
the request to Flask, whose view builds the answer afresh (reading the database, rendering the
page) and keeps it. So what a visitor gets is the same either way, and as fresh as the caches:
only the cost differs. Once a kept answer is past half its life, one request is sent to the
view to rebuild it ahead of time (public_cache.claim_refresh) while the others are still
answered from it. A Flask request costs about 170 microseconds of this app's hooks
(session, rate limiter, guards, headers) before a view runs; the kept answer costs a dictionary
look-up, a token, a stamp and a join.

Anything unusual goes to Flask: other methods, a query string carrying a NUL (the guards answer
400), a slug that is not plain. The security headers are the same fixed set the app's hook adds
(campaign/security_headers.py), worked out when the answer was kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

from campaign.petitions import public_cache

_PATH = re.compile(r"/petitions/([A-Za-z0-9_-]{1,80})(\.json|/thank-you)?")
_KIND = {None: "page", ".json": "json", "/thank-you": "thanks"}
_STATUS = {200: "200 OK", 304: "304 Not Modified"}


class PublicReads:
    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.config = app.config
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET":
            answer = self._kept_answer(environ)
            if answer is not None:
                start_response(_STATUS[answer.status], answer.headers)
                return [answer.body]
        return self.wsgi_app(environ, start_response)

    def _kept_answer(self, environ: dict[str, Any]) -> public_cache.Answer | None:
        found = _PATH.fullmatch(environ.get("PATH_INFO", ""))
        if found is None:
            return None
        query = environ.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            return None
        slug = found.group(1)
        kept = public_cache.fresh(slug, _KIND[found.group(2)], self.config)
        if kept is None:
            return None
        if public_cache.claim_refresh(slug, kept, self.config):
            environ[public_cache.REFRESH_ASKED] = True  # this one goes to the view, to rebuild
            return None
        visit = public_cache.Visit(
            environ.get("HTTP_COOKIE"), query, environ.get("HTTP_IF_NONE_MATCH")
        )
        return kept.answer(visit)


def install(app: Flask) -> None:
    """Called last by the app factory, so this layer sees each request first."""
    app.wsgi_app = PublicReads(app, app.wsgi_app)  # type: ignore[method-assign]
