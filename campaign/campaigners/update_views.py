"""Campaign updates: write once, preview, and the outbox sends a copy to every signer who opted
in (or only those in the councils, regions or constituencies chosen)."""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from campaign.campaigners import audiences
from campaign.campaigners.blueprint import bp
from campaign.campaigners.campaign_views import campaign_or_404
from campaign.campaigners.forms import CampaignUpdateForm
from campaign.extensions import db
from campaign.mail.reports import delivery_summary
from campaign.mail.updates import (
    UpdateRejected,
    preview,
    recipients,
    send_campaign_update,
)
from campaign.models import CampaignUpdate
from campaign.timeutil import utcnow

# A double click or a resubmitted form must not mail everyone twice.
REPEAT_WINDOW = timedelta(minutes=30)


def _form(campaign) -> CampaignUpdateForm:
    form = CampaignUpdateForm()
    offered = audiences.choices(campaign.id)
    form.councils.choices = offered.councils
    form.regions.choices = offered.regions
    form.constituencies.choices = offered.constituencies
    return form


def _audience(campaign, form):
    return audiences.audience(
        campaign.id,
        form.councils.data or [],
        form.regions.data or [],
        form.constituencies.data or [],
    )


def _render(campaign, form, status=200, previewed=None):
    sent = list(
        db.session.scalars(
            select(CampaignUpdate)
            .where(CampaignUpdate.campaign_id == campaign.id)
            .order_by(CampaignUpdate.created_at.desc())
        )
    )
    return render_template(
        "campaigners/updates.html",
        campaign=campaign,
        form=form,
        audience=len(recipients(campaign.id)),
        previewed=previewed,
        sent=[(update, delivery_summary(update.id, failures=5)) for update in sent],
    ), status


@bp.get("/campaigns/<int:campaign_id>/updates")
def updates(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    return _render(campaign, _form(campaign))


@bp.post("/campaigns/<int:campaign_id>/updates")
def send_update(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    form = _form(campaign)
    if not form.validate_on_submit():
        return _render(campaign, form, 400)
    chosen = _audience(campaign, form)
    if request.form.get("action") == "preview":
        try:
            shown = preview(campaign.id, form.subject.data, form.body.data, chosen)
        except UpdateRejected as error:
            form.body.errors = [*form.body.errors, str(error)]
            return _render(campaign, form, 400)
        return _render(campaign, form, previewed=(shown, chosen))
    if not form.confirm.data:
        form.confirm.errors = [*form.confirm.errors, "Tick the box to confirm you want to send it"]
        return _render(campaign, form, 400)
    repeat = db.session.scalar(
        select(CampaignUpdate.created_at).where(
            CampaignUpdate.campaign_id == campaign.id,
            CampaignUpdate.subject == " ".join(form.subject.data.split()),
            CampaignUpdate.created_at >= utcnow() - REPEAT_WINDOW,
        )
    )
    if repeat is not None:
        form.subject.errors = [
            *form.subject.errors,
            f"An update with this subject was sent at {repeat:%H:%M} UTC; change the subject "
            "to send another",
        ]
        return _render(campaign, form, 409)
    try:
        update = send_campaign_update(
            campaign.id, form.subject.data, form.body.data, current_user.email, chosen
        )
    except UpdateRejected as error:
        form.body.errors = [*form.body.errors, str(error)]
        return _render(campaign, form, 400)
    flash(f"Update queued for {update.recipient_count:,} people", "success")
    return redirect(url_for("campaigners.updates", campaign_id=campaign.id))
