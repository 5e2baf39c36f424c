"""GET /local/<gss-code>/booklet.pdf: the personalised booklet for a council."""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    current_app,
    make_response,
    render_template,
    request,
    send_file,
)

from campaign.booklets import service as booklets
from campaign.booklets.email_link import england_council, send_link
from campaign.booklets.forms import BookletEmailForm
from campaign.booklets.pool import RenderBusy
from campaign.booklets.requests import MAX_NAME_LENGTH, BookletRequestError
from campaign.extensions import limiter
from campaign.places.councils import council

bp = Blueprint("booklets", __name__)

RETRY_AFTER_SECONDS = 5


@bp.get("/local/<code>/booklet.pdf")
# Each new name is a new render and a new file: one address asking for dozens a minute is a
# script, not an advocate, and must not crowd out everyone else's booklets.
@limiter.limit("20 per minute")
def booklet(code: str):
    try:
        result = booklets.service().get(
            code,
            request.args.get("name"),
            request.args.get("petition"),
            request.args.get("postcode"),
        )
    except BookletRequestError as error:
        return _problem(error.message, error.status, code)
    except RenderBusy:
        response = _problem(
            "We are making a lot of booklets right now. Please try again in a few seconds.",
            503,
            code,
        )
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    response = send_file(
        result.path,
        mimetype="application/pdf",
        download_name=f"defend-your-local-services-{_slug(result.council_name)}.pdf",
        conditional=True,
        max_age=3600,
    )
    # The booklet may carry a person's name: keep it out of shared caches.
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Booklet-Cache"] = "hit" if result.from_cache else "miss"
    return response


@bp.post("/local/<code>/booklet/email")
# Each request sends an email to an address someone typed: a few an hour is an advocate.
@limiter.limit("5 per minute;30 per day")
def email_link(code: str):
    form = BookletEmailForm()
    try:
        known = england_council(code)
        if not form.validate_on_submit():
            raise BookletRequestError(form.first_error())
        link = send_link(known, form)
    except BookletRequestError as error:
        page = render_template(
            "booklets/email_link.html",
            code=code,
            error=error.message,
            typed=request.form,
            council_name=getattr(council(code), "name", code),
        )
        return make_response(page, error.status)
    if not current_app.testing:
        try:
            booklets.service().prepare(link.code)
        except Exception:  # noqa: BLE001 (a head start must never cost anyone the email)
            current_app.logger.exception("could not start preparing a booklet")
    return render_template(
        "booklets/email_sent.html",
        code=link.code,
        council_name=getattr(council(link.code), "name", link.code),
    )


@bp.before_app_request
def _warm_render_workers():
    # Someone reading a council page may well ask for its booklet: start a render worker now,
    # so their booklet does not also wait for a process to start (2-4 s), and lay out the
    # council's pages while they read, so theirs needs only its cover and letter.
    if request.endpoint == "places.council" and not current_app.testing:
        service = booklets.service()
        try:
            service.pool.warm()
            service.prepare((request.view_args or {}).get("code", ""))
        except Exception:  # noqa: BLE001 (a head start must never cost anyone the page)
            current_app.logger.exception("could not start preparing a booklet")


@bp.app_template_global()
def booklet_petitions():
    """Open petitions a booklet can promote, for the request form on the council page."""
    from campaign.core.campaigns import open_campaigns

    return [c for c in open_campaigns() if c.kind == "petition"]


@bp.app_context_processor
def _limits():
    return {"booklet_name_max": MAX_NAME_LENGTH}


def _problem(message: str, status: int, code: str):
    page = render_template("booklets/problem.html", message=message, status=status, code=code)
    return make_response(page, status)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "council"
