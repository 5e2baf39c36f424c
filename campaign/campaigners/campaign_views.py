"""Campaigns: create, edit, preview, open, close, consent wording, and each one's dashboard."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from campaign.campaigners import dashboard, invalidation, managing, sources
from campaign.campaigners.blueprint import bp
from campaign.campaigners.forms import CampaignForm, WordingForm
from campaign.charts import bar_chart
from campaign.core import counts
from campaign.core.counts import campaign_counts
from campaign.extensions import db
from campaign.models import Campaign
from campaign.petitions import letters
from campaign.petitions.presenters import constituency_map, constituency_rows, mps_list_date
from campaign.timeutil import utcnow


def campaign_or_404(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    return campaign


def _values(form: CampaignForm) -> dict:
    return {
        "slug": form.slug.data,
        "kind": form.kind.data,
        "title": form.title.data,
        "target": form.target.data or "",
        "topic": form.topic.data or "",
        "summary": form.summary.data or "",
        "body": form.body.data or "",
        "goal": form.goal.data,
        "opens_at": form.opens_at.data,
        "closes_at": form.closes_at.data,
    }


@bp.route("/campaigns/new", methods=["GET", "POST"])
def new_campaign():
    form = CampaignForm()
    if form.validate_on_submit():
        try:
            campaign = managing.create(_values(form), current_user.email)
        except managing.CampaignError as error:
            form.slug.errors = [*form.slug.errors, str(error)]
        else:
            flash("Campaign created as a draft. Check the preview, then open it.", "success")
            return redirect(url_for("campaigners.dashboard", campaign_id=campaign.id))
    status = 400 if form.is_submitted() else 200
    return render_template("campaigners/campaign_form.html", form=form, campaign=None), status


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
def edit_campaign(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    form = CampaignForm(obj=campaign)
    if form.validate_on_submit():
        try:
            managing.update(campaign, _values(form))
        except managing.CampaignError as error:
            form.slug.errors = [*form.slug.errors, str(error)]
        else:
            flash("Changes saved", "success")
            return redirect(url_for("campaigners.dashboard", campaign_id=campaign.id))
    status = 400 if form.is_submitted() else 200
    return render_template("campaigners/campaign_form.html", form=form, campaign=campaign), status


@bp.get("/campaigns/<int:campaign_id>/preview")
def preview_campaign(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    wording = managing.wordings(campaign)
    return render_template(
        "campaigners/preview.html",
        campaign=campaign,
        wording=wording[0] if wording else None,
        paragraphs=[p.strip() for p in campaign.body.split("\n\n") if p.strip()],
    )


@bp.post("/campaigns/<int:campaign_id>/open")
def open_campaign(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    reopening = campaign.state == "closed"
    try:
        managing.open_campaign(campaign)
    except managing.CampaignError as error:
        flash(str(error), "error")
    else:
        closing = "" if campaign.closes_at else ", with no closing time (set one under Edit)"
        verb = "open again" if reopening else "open"
        flash(f"The campaign is {verb} for signatures{closing}", "success")
    return redirect(url_for("campaigners.dashboard", campaign_id=campaign.id))


@bp.get("/campaigns/<int:campaign_id>/close")
def confirm_close(campaign_id: int):
    """Closing stops signing at once, so the red button asks first (no script needed)."""
    campaign = campaign_or_404(campaign_id)
    return render_template(
        "campaigners/close.html", campaign=campaign, total=counts.campaign_counts(campaign.id).total
    )


@bp.post("/campaigns/<int:campaign_id>/close")
def close_campaign(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    try:
        managing.close_campaign(campaign)
    except managing.CampaignError as error:
        flash(str(error), "error")
    else:
        flash("The campaign is closed: no more signatures are taken", "success")
    return redirect(url_for("campaigners.dashboard", campaign_id=campaign.id))


@bp.route("/campaigns/<int:campaign_id>/wording", methods=["GET", "POST"])
def wording(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    versions = managing.wordings(campaign)
    form = WordingForm(obj=versions[0] if versions else None)
    if form.validate_on_submit():
        added = managing.change_wording(
            campaign, form.privacy_text.data, form.updates_text.data, current_user.email
        )
        if added is None:
            flash("The wording is unchanged, so no new version was made", "info")
        else:
            flash(
                f"Version {added.version} of the wording is now shown to new signers; "
                "earlier signatures keep the version they agreed to",
                "success",
            )
        return redirect(url_for("campaigners.wording", campaign_id=campaign.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "campaigners/wording.html", campaign=campaign, form=form, versions=versions
    ), status


@bp.get("/campaigns/<int:campaign_id>", endpoint="dashboard")
def dashboard_page(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    days = dashboard.signed_per_day(campaign)
    councils, regions = dashboard.places(campaign)
    whole = request.args.get("abuse") == "all"
    tally = campaign_counts(campaign.id)
    since = None if whole else utcnow() - dashboard.RECENT_ABUSE
    return render_template(
        "campaigners/dashboard.html",
        campaign=campaign,
        summary=dashboard.summary(campaign),
        days=days,
        days_chart=bar_chart(
            [(d["date"], d["confirmed"]) for d in days],
            title="Confirmed signatures per day",
            value_label="Signatures",
            phone=True,
        ),
        councils=councils,
        regions=regions,
        regions_chart=bar_chart(
            [(r["name"], r["count"]) for r in regions],
            title="Confirmed signatures by region",
            value_label="Signatures",
            horizontal=True,
            phone=True,
        )
        if regions
        else None,
        constituencies=constituency_rows(tally.by_constituency),
        constituency_map=constituency_map(
            tally.by_constituency, f"Confirmed signatures by constituency: {campaign.title}"
        ),
        mps_list_date=mps_list_date(),
        letters=constituency_rows(letters.counts_by_constituency(campaign.id)),
        sources=sources.by_source(campaign.id),
        referrers=sources.by_referrer(campaign.id),
        abuse_since=since,
        bursts=dashboard.bursts(campaign, since),
        disposable=dashboard.disposable_domains(campaign, since),
        batches=invalidation.batches(campaign.id),
    )
