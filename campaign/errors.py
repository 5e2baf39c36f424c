"""Error pages: every error a person can cause gets a page that says what happened, whatever the
request looked like. A Host header no URL can be built from still gets a page: the bare one,
which links by path and needs no url_for."""

import logging
from types import MethodType, TracebackType

from flask import Flask, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from campaign.access_log import masked_path

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    # Flask's own line for an unhandled error names the path, which for an emailed link holds
    # its token: log the masked path instead (campaign/access_log.py).
    app.log_exception = MethodType(_log_exception, app)  # type: ignore[method-assign]

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if request.path.endswith(".json") or request.accept_mimetypes.best == "application/json":
            return {"error": error.name, "message": error.description}, code
        headers = _retry_after(error)
        if request_ctx.url_adapter is None:  # a Host no URL can be built for
            return render_template("errors/bare.html", error=error), code, headers
        try:
            return render_template("errors/http.html", error=error), code, headers
        except Exception:  # noqa: BLE001 - an error page must never itself fail
            log.exception("the error page could not be rendered; answering with the bare one")
            return render_template("errors/bare.html", error=error), code, headers


def _retry_after(error: HTTPException) -> dict[str, str]:
    retry_after = getattr(error, "retry_after", None)
    return {"Retry-After": str(retry_after)} if retry_after else {}


def _log_exception(
    app: Flask,
    exc_info: tuple[type, BaseException, TracebackType] | tuple[None, None, None],
) -> None:
    app.logger.error(
        "Exception on %s [%s]", masked_path(request.path), request.method, exc_info=exc_info
    )
