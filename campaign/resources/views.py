"""Public pages: `/resources` (filtered), and each resource's download, counted."""

from flask import Blueprint, abort, redirect, render_template, request
from werkzeug.wrappers import Response

from campaign.extensions import db
from campaign.models import Resource
from campaign.resources import files, library

bp = Blueprint("resources", __name__)


@bp.app_context_processor
def resource_helpers() -> dict:
    # Campaign and council pages list their resources without their views fetching them.
    return {
        "resources_for_campaign": library.for_campaign,
        "resources_for_council": library.for_council,
    }


@bp.get("/resources")
def index():
    topic = request.args.get("topic", "").strip()[:80]
    publisher = request.args.get("publisher", "").strip()[:200]
    council = request.args.get("council", "").strip()[:9]
    topics, publishers = library.choices()
    return render_template(
        "resources/index.html",
        resources=library.find(topic=topic, publisher=publisher, council_code=council),
        topics=topics,
        publishers=publishers,
        topic=topic,
        publisher=publisher,
        council=council,
    )


@bp.get("/resources/<int:resource_id>/download")
def download(resource_id: int):
    resource = db.session.get(Resource, resource_id)
    if resource is None:
        abort(404)
    library.record_download(
        resource,
        campaign_slug=request.args.get("campaign", "")[:80],
        council_code=request.args.get("council", "")[:9],
    )
    if resource.link_url:
        return redirect(resource.link_url, code=302)
    assert resource.file_name is not None  # a resource is a file or a link
    path = files.path_for(resource.file_name)
    if not path.is_file():
        abort(404)
    response = Response(path.read_bytes(), mimetype="application/pdf")
    safe_title = "".join(c if c.isalnum() else "-" for c in resource.title.lower())[:60]
    response.headers["Content-Disposition"] = f'attachment; filename="{safe_title.strip("-")}.pdf"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response
