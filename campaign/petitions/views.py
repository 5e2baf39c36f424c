"""Public pages for supporters. Views are thin: parse, call the domain, render or redirect."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from sqlalchemy.exc import OperationalError

from campaign.config import ROOT
from campaign.core import campaigns, counts
from campaign.core.organisation import organisation
from campaign.core.tokens import read_petition_token, read_token
from campaign.extensions import csrf, db, limiter
from campaign.petitions import (
    double_submit,
    letters,
    public_cache,
    share_image,
    sharing,
    signing,
    signing_post,
)
from campaign.petitions.fill_time import stamp
from campaign.petitions.forms import LetterForm, SignatureForm
from campaign.petitions.presenters import (
    constituency_map,
    constituency_rows,
    council_rows,
    mps_list_date,
)
from campaign.petitions.signing_post import Answer
from campaign.timeutil import utcnow
from campaign.urls import external_url

bp = Blueprint("petitions", __name__)


def _campaign_or_404(slug: str):
    campaign = campaigns.by_slug(slug)
    if campaign is None or campaign.state == "draft":
        abort(404)
    return campaign


def _public_campaign_or_404(slug: str):
    campaign = campaigns.public_campaign(slug)
    if campaign is None or campaign.state == "draft":
        abort(404)
    return campaign


@bp.get("/")
def home():
    listed = campaigns.open_campaigns()
    totals = {c.id: counts.campaign_counts(c.id).total for c in listed}
    return render_template("petitions/home.html", campaigns=listed, totals=totals)


def _petition_html(campaign, form, notice=None, tally=None) -> str:
    if tally is None:
        tally = counts.campaign_counts(campaign.id)
    return render_template(
        "petitions/show.html",
        campaign=campaign,
        form=form,
        tally=tally,
        notice=notice,
        is_open=campaign.is_open(utcnow()),
        wording=campaigns.current_wording(campaign),
        top_councils=council_rows(tally)[:10],
        constituencies=constituency_rows(tally.by_constituency),
        constituency_map=constituency_map(
            tally.by_constituency, f"Signatures by constituency: {campaign.title}"
        ),
        mps_list_date=mps_list_date(),
    )


def _render_petition(campaign, form, status=200, notice=None):
    """The form again for this visitor (after a POST), with a new stamp and their token."""
    form.started.data = stamp(campaign.slug)
    form.csrf_token.data = double_submit.token_for_this_visitor()
    return _petition_html(campaign, form, notice), status


def _kept_petition_html(campaign, tally) -> str:
    """The page every visitor gets, with placeholders for what is theirs (public_cache.py)."""
    form = SignatureForm(
        **{slot: public_cache.placeholder(slot) for slot in public_cache.ATTRIBUTION_SLOTS}
    )
    form.started.data = public_cache.placeholder("started")
    form.csrf_token.data = public_cache.placeholder("csrf_token")
    return _petition_html(campaign, form, tally=tally)


def _kept_thank_you_html(campaign) -> str:
    # The same page whatever happened, so its links carry no signer's code: kept for everyone.
    return render_template(
        "petitions/thank_you.html", campaign=campaign, share=_share_links(campaign)
    )


def _refresh_if_asked(slug: str) -> None:
    """The fast path picked this request to rebuild the kept answers ahead of time."""
    if not request.environ.get(public_cache.REFRESH_ASKED):
        return
    try:
        public_cache.refresh(slug, _kept_petition_html, _kept_thank_you_html)
    except OperationalError:
        # The kept answers are still fresh: answer from them; the next claim tries again.
        db.session.rollback()
        current_app.logger.warning("could not refresh the kept pages of %s", slug)


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    return send_from_directory(ROOT / "static", "favicon.ico", max_age=86400)


@bp.get("/petitions/<slug>/share.png")
def share_png(slug: str):
    """The picture a shared link shows: title and live count, redrawn only when they change."""
    campaign = _campaign_or_404(slug)
    total = counts.campaign_counts(campaign.id).total
    png = share_image.draw(campaign.title, total, campaign.goal, organisation().site_name)
    response = Response(png, mimetype="image/png")
    # Link previews fetch once and keep it; a few minutes' staleness is the count's own.
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/privacy")
def privacy():
    config = current_app.config
    return render_template(
        "petitions/privacy.html",
        anonymise_after_days=config["ANONYMISE_AFTER_DAYS"],
        withdrawn_grace_days=config["WITHDRAWN_GRACE_DAYS"],
    )


@bp.get("/petitions/<slug>")
def show(slug: str):
    # While the kept page is fresh, campaign/petitions/fast_path.py answers before Flask does.
    _refresh_if_asked(slug)
    campaign = _public_campaign_or_404(slug)
    kept = public_cache.petition_page(campaign, _kept_petition_html)
    return public_cache.flask_response(kept.answer(public_cache.visit_of(request)))


@bp.get("/petitions/<slug>.json")
def show_json(slug: str):
    _refresh_if_asked(slug)
    kept = public_cache.count_json(_public_campaign_or_404(slug))
    return public_cache.flask_response(kept.answer(public_cache.visit_of(request)))


@bp.post("/petitions/<slug>/signatures")
@csrf.exempt  # a session-free token (double_submit.py): a stale one re-renders, all kept
def sign(slug: str):
    # A signature is usually answered before Flask (fast_sign.py), which sends the rest here
    # with its decision; a POST that layer does not take (say, a multipart body) is decided here.
    decision = request.environ.get(signing_post.DECIDED) or signing_post.decide(
        slug,
        request.form,
        request.headers.get("Cookie"),
        request.remote_addr,
        request.user_agent.string,
    )
    g.rate_limit_headers = decision.rate_limit_headers
    if decision.answer is Answer.NOT_FOUND:
        abort(404)
    if decision.answer is Answer.RATE_LIMITED:
        abort(429)
    if decision.to_thank_you:
        return redirect(url_for(".thank_you", slug=slug), code=303)
    assert decision.submitted is not None  # every other answer shows the form again
    form = SignatureForm.shown_again(decision.submitted)
    return _render_petition(_campaign_or_404(slug), form, decision.status, decision.notice)


def _share_links(campaign, code: str | None = None):
    petition_url = external_url("petitions.show", slug=campaign.slug)
    return sharing.share_links(petition_url, campaign.slug, campaign.title, code)


@bp.get("/petitions/<slug>/thank-you")
def thank_you(slug: str):
    _refresh_if_asked(slug)
    campaign = _public_campaign_or_404(slug)
    kept = public_cache.thank_you_page(campaign, _kept_thank_you_html)
    return public_cache.flask_response(kept.answer(public_cache.visit_of(request)))


def _link_problem(campaign, problem: str):
    """An emailed link that is expired or broken: say which, and how to get a new one."""
    page = render_template("petitions/link_problem.html", campaign=campaign, problem=problem)
    return page, 400


@bp.route("/petitions/<slug>/confirm/<token>", methods=["GET", "POST"])
def confirm(slug: str, token: str):
    campaign = _campaign_or_404(slug)
    max_age = current_app.config["CONFIRM_TOKEN_MAX_AGE"]
    check = read_petition_token("confirm", token, campaign.id, max_age)
    if check.problem:
        return _link_problem(campaign, check.problem)
    if request.method == "GET":
        # Mail scanners follow links: a GET only shows the button.
        return render_template("petitions/confirm.html", campaign=campaign)
    assert check.signature_id is not None  # a check without a problem names one
    state = signing.confirm(check.signature_id)
    code = signing.share_code(check.signature_id) if state == "confirmed" else None
    return render_template(
        "petitions/confirmed.html",
        campaign=campaign,
        state=state,
        share=_share_links(campaign, code),
    )


@bp.get("/petitions/<slug>/letter")
def letter(slug: str):
    campaign = _campaign_or_404(slug)
    typed = request.args.get("postcode", "")
    if not typed:
        return _postcode_step(campaign)
    found = letters.find_mp(typed)
    if found.problem or found.mp is None:
        return _postcode_step(campaign, typed[:40], found.problem)
    text = letters.first_draft(campaign, found)
    form = LetterForm(postcode=found.postcode, subject=text.subject, body=text.body)
    return _render_letter(campaign, form, found)


@bp.post("/petitions/<slug>/letter")
@limiter.limit("30 per hour", methods=["POST"])
def send_letter(slug: str):
    campaign = _campaign_or_404(slug)
    form = LetterForm()
    found = letters.find_mp(form.postcode.data or "")
    if found.problem or found.mp is None:
        return _postcode_step(campaign, "", found.problem)
    route = request.form.get("route")
    if not form.validate() or route not in letters.LETTER_ROUTES:
        return _render_letter(campaign, form, found, status=400)
    body = form.body.data.replace("\r\n", "\n")
    kept = body if form.keep_copy.data else None
    letters.record(campaign.id, found.mp.code, route, kept)
    return render_template(
        "petitions/letter_ready.html",
        campaign=campaign,
        route=route,
        mp=found.mp,
        contact_page=letters.contact_page(found.mp),
        subject=form.subject.data,
        body=body,
        mailto=letters.mailto(form.subject.data, body),
        long_letter=len(letters.mailto(form.subject.data, body)) > letters.MAILTO_COMFORTABLE,
    )


def _postcode_step(campaign, typed: str = "", error: str | None = None):
    page = render_template(
        "petitions/letter.html",
        campaign=campaign,
        form=None,
        mp=None,
        typed=typed,
        error=error,
    )
    return page, 400 if error else 200


def _render_letter(campaign, form, found, status=200):
    page = render_template(
        "petitions/letter.html",
        campaign=campaign,
        form=form,
        mp=found.mp,
        contact_page=letters.contact_page(found.mp),
        typed=found.postcode,
        error=None,
    )
    return page, status


@bp.route("/petitions/<slug>/withdraw/<token>", methods=["GET", "POST"])
def withdraw(slug: str, token: str):
    campaign = _campaign_or_404(slug)
    check = read_petition_token("withdraw", token, campaign.id)
    if check.problem:
        return _link_problem(campaign, check.problem)
    if request.method == "GET":
        return render_template("petitions/withdraw.html", campaign=campaign)
    assert check.signature_id is not None  # a check without a problem names one
    state = signing.withdraw(check.signature_id, request.remote_addr)
    return render_template("petitions/withdrawn.html", campaign=campaign, state=state)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click unsubscribe posts without a form token; the link is the key.
def unsubscribe(token: str):
    check = read_token("unsubscribe", token)
    if check.problem:
        return _link_problem(None, check.problem)
    if request.method == "GET":
        return render_template("petitions/unsubscribe.html")
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    method = "one-click unsubscribe (mail client)" if one_click else "unsubscribe link in email"
    assert check.signature_id is not None  # a check without a problem names one
    found = signing.unsubscribe(check.signature_id, method, request.remote_addr)
    if not found:
        return _link_problem(None, "invalid")
    return render_template("petitions/unsubscribed.html")
