"""Local advocates' pages: from a postcode to the facts about the council that runs its
children's services. Views are thin: the rules live in location.py, facts.py and reports.py."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for

from campaign.core import campaigns, counts
from campaign.extensions import csrf, limiter
from campaign.places import councils, presenters, reports
from campaign.places.constituencies import constituency
from campaign.places.council_constituencies import council_mps
from campaign.places.facts_build import council_facts
from campaign.places.forms import ClosureReportForm
from campaign.places.location import MALFORMED, NO_COUNCIL, UNKNOWN, locate
from campaign.places.postcodes import MAX_RAW_LENGTH

bp = Blueprint("places", __name__, url_prefix="/local")

MESSAGES = {
    "empty": "Enter your postcode, like S1 2HH",
    MALFORMED: "Enter a real UK postcode, like S1 2HH",
    UNKNOWN: (
        "We cannot find {postcode} in the ONS Postcode Directory. Check it, or try the "
        "postcode of somewhere nearby"
    ),
    NO_COUNCIL: (
        "{postcode} is a postcode without an area of its own (such as a PO box or a large "
        "organisation), so it has no council. Try your home postcode"
    ),
}
SESSION_EXPIRED = "This page had expired. Check your report and press the button again."
TERRITORIES = {"guernsey": "Guernsey", "jersey": "Jersey", "isle_of_man": "the Isle of Man"}
CROWN_DEPENDENCY_MESSAGE = (
    "{postcode} is in {territory}, which has its own government and is not part of the UK's "
    "council system, so we have no council figures for it"
)


@bp.get("")
def lookup():
    raw = request.args.get("postcode")
    if raw is None:
        return render_template("places/lookup.html", typed="", error=None)
    typed = raw[: MAX_RAW_LENGTH * 4]
    if not raw.strip():
        return _lookup_error(typed, MESSAGES["empty"], 400)
    location = locate(raw)
    if location.status == MALFORMED:
        return _lookup_error(typed, MESSAGES[MALFORMED], 400)
    if location.status == UNKNOWN:
        return _lookup_error(typed, MESSAGES[UNKNOWN].format(postcode=location.postcode), 404)
    if location.status == NO_COUNCIL:
        if location.territory:
            message = CROWN_DEPENDENCY_MESSAGE.format(
                postcode=location.postcode, territory=TERRITORIES[location.territory]
            )
        else:
            message = MESSAGES[NO_COUNCIL].format(postcode=location.postcode)
        return _lookup_error(typed, message, 200)
    return redirect(
        url_for("places.council", code=location.council_code, postcode=location.postcode)
    )


def _lookup_error(typed: str, message: str, status: int):
    return render_template("places/lookup.html", typed=typed, error=message), status


@bp.get("/<code>")
def council(code: str):
    return _council_page(code, ClosureReportForm(), status=200)


@bp.post("/<code>/reports")
@limiter.limit("10 per hour", methods=["POST"])
@csrf.exempt  # the form checks its own token, so a stale one re-renders with everything kept
def report(code: str):
    found = councils.council(code)
    if found is None or found.nation != "england":
        abort(404)
    form = ClosureReportForm()
    if not form.validate_on_submit():
        if form.meta.csrf and form.csrf_token.errors:
            form.csrf_token.errors = []
            return _council_page(code, form, status=400, notice=SESSION_EXPIRED)
        return _council_page(code, form, status=400)
    if not form.website.data:  # a person, not a bot filling in the hidden field
        reports.submit_report(
            found.code,
            centre_name=form.centre_name.data,
            kind=form.kind.data,
            happened_on=form.happened_on.data,
            evidence_url=form.evidence_url.data,
            details=form.details.data or "",
        )
    return redirect(url_for("places.council", code=found.code, reported=1, _anchor="report"))


@bp.get("/<code>.json")
def council_json(code: str):
    found = councils.council(code)
    if found is None:
        current = councils.current_council_for(code)
        if current is not None:
            return redirect(url_for("places.council_json", code=current.code, **_kept_args()), 301)
        return jsonify(error="There is no council with this code.", code=code), 404
    if found.nation != "england":
        return jsonify(
            council={"code": found.code, "name": found.name, "nation": found.nation},
            devolved=True,
            message=_devolved_sentence(found),
        )
    facts = council_facts(found.code, **_coordinates(request.args.get("postcode")))
    data = facts.as_json()
    data["petitions"] = [
        {"slug": c.slug, "title": c.title, "signatures_in_council": n}
        for c, n in _petition_counts(found.code)
    ]
    data.update(_mps_json(found.code, request.args.get("postcode")))
    return jsonify(data)


def _council_page(code: str, form: ClosureReportForm, status: int, notice: str | None = None):
    found = councils.council(code)
    if found is None:
        current = councils.current_council_for(code)
        abolished, replaced_by = councils.successors(code)
        if current is None and len(replaced_by) == 1:
            current = replaced_by[0]
        if current is not None:  # a district's code, or a council's code from before 2025
            return redirect(url_for("places.council", code=current.code, **_kept_args()), 301)
        return (
            render_template(
                "places/unknown_council.html",
                code=code,
                abolished=abolished,
                replaced_by=replaced_by,
            ),
            404,
        )
    if found.nation != "england":
        return render_template(
            "places/devolved.html",
            council=found,
            nation=councils.NATION_NAMES[found.nation],
            sentence=_devolved_sentence(found),
            petitions=campaigns.open_campaigns(),
        )
    postcode = request.args.get("postcode", "")
    coordinates = _coordinates(postcode)
    facts = council_facts(found.code, **coordinates)
    return (
        render_template(
            "places/council.html",
            facts=facts,
            council=facts.council,
            shown=presenters.council_page(facts),
            postcode=postcode if coordinates else "",
            petitions=_petition_counts(found.code),
            mps=council_mps(found.code),
            your_mp=_your_mp(postcode),
            form=form,
            notice=notice,
            reported=request.args.get("reported") == "1",
        ),
        status,
    )


# The query arguments the council page and its JSON read, and so the only ones a redirect to the
# current council carries: anything else could steer url_for (`_external`, `_scheme`, ...).
KEPT_ARGUMENTS = ("postcode", "reported")


def _kept_args() -> dict[str, str]:
    return {name: request.args[name] for name in KEPT_ARGUMENTS if name in request.args}


def _your_mp(postcode: str | None):
    """The MP for a postcode the person gave, if it finds one."""
    location = locate(postcode) if postcode else None
    return constituency(location.constituency_code) if location and location.ok else None


def _mps_json(council_code: str, postcode: str | None) -> dict:
    found = council_mps(council_code)
    mine = _your_mp(postcode)
    return {
        "mps": [row.as_json() for row in found.rows],
        "mps_list_date": found.list_date.isoformat() if found.list_date else None,
        "your_mp": {
            "constituency_code": mine.code,
            "constituency": mine.name,
            "mp": mine.mp_name,
            "party": mine.mp_party,
        }
        if mine
        else None,
    }


def _coordinates(postcode: str | None) -> dict:
    if not postcode:
        return {}
    location = locate(postcode)
    if not location.ok or location.easting is None:
        return {}
    return {"easting": location.easting, "northing": location.northing}


def _petition_counts(council_code: str):
    return [
        (c, counts.campaign_counts(c.id).by_council.get(council_code, 0))
        for c in campaigns.open_campaigns()
        if c.kind == "petition"
    ]


def _devolved_sentence(council) -> str:
    nation = councils.NATION_NAMES[council.nation]
    return (
        f"{council.name} is in {nation}. Children's centres and early years services there are "
        f"a devolved matter, run under the {_government(council.nation)}'s own policies, and "
        "the figures on this site cover England only."
    )


def _government(nation: str) -> str:
    return {
        "wales": "Welsh Government",
        "scotland": "Scottish Government",
        "northern_ireland": "Northern Ireland Executive",
    }[nation]
