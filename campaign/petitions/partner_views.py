"""Partners on the public side: who runs a campaign (with logos), and stopping one partner
contacting you from the link in any email, without touching the others."""

from pathlib import Path

from flask import Response, abort, current_app, render_template, request

from campaign.core import partner_consent
from campaign.core.tokens import read_token
from campaign.extensions import db
from campaign.models import Organisation, Signature
from campaign.petitions import partners, questions
from campaign.petitions.views import bp

METHOD = "partner unsubscribe link in email"


@bp.context_processor
def partner_helpers() -> dict:
    # The petition page (views.py) shows who runs it, the partner boxes and a sign-up's extra
    # questions without its view having to fetch them.
    return {
        "runners_of": partners.runners,
        "partner_boxes_of": partners.boxes,
        "questions_of": questions.for_campaign,
    }


@bp.get("/organisations/<int:organisation_id>/logo")
def logo(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not organisation.logo_file or not organisation.logo_type:
        abort(404)
    path = Path(current_app.config["LOGO_DIR"]) / organisation.logo_file
    if not path.is_file():
        abort(404)
    # Logos are small: read whole, so no file handle outlives the request.
    response = Response(path.read_bytes(), mimetype=organisation.logo_type)
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


def _signature_or_problem(token: str):
    check = read_token("unsubscribe", token)
    if check.problem:
        page = render_template("petitions/link_problem.html", campaign=None, problem=check.problem)
        return None, (page, 400)
    signature = db.session.get(Signature, check.signature_id)
    if signature is None:
        page = render_template("petitions/link_problem.html", campaign=None, problem="invalid")
        return None, (page, 400)
    return signature, None


@bp.route("/unsubscribe/<token>/partners", methods=["GET", "POST"])
def partner_unsubscribe(token: str):
    signature, problem = _signature_or_problem(token)
    if problem:
        return problem
    stopped = None
    if request.method == "POST":
        organisation_id = request.form.get("organisation", type=int)
        organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
        if organisation is None:
            abort(400)
        partner_consent.withdraw(
            db.session, signature, organisation.id, METHOD, request.remote_addr
        )
        db.session.commit()
        stopped = organisation.name
    current = partner_consent.current_partners(db.session, signature.id)
    organisations = [db.session.get(Organisation, org_id) for org_id in current]
    return render_template(
        "petitions/partner_unsubscribe.html", organisations=organisations, stopped=stopped
    )
