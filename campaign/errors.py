"""Error pages: every error a person can cause gets a page that says what happened."""

from types import MethodType, TracebackType

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from campaign.access_log import masked_path


def register(app: Flask) -> None:
    # Flask's own line for an unhandled error names the path, which for an emailed link holds
    # its token: log the masked path instead (campaign/access_log.py).
    app.log_exception = MethodType(_log_exception, app)  # type: ignore[method-assign]

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request.path.endswith(".json") or request.accept_mimetypes.best == "application/json":
            return {"error": error.name, "message": error.description}, error.code
        return render_template("errors/http.html", error=error), error.code


def _log_exception(
    app: Flask,
    exc_info: tuple[type, BaseException, TracebackType] | tuple[None, None, None],
) -> None:
    app.logger.error(
        "Exception on %s [%s]", masked_path(request.path), request.method, exc_info=exc_info
    )
