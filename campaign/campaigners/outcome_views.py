"""Outcomes: milestones, the target's response, and emailing that response once to signers."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from campaign.campaigners.blueprint import bp
from campaign.campaigners.campaign_views import campaign_or_404
from campaign.campaigners.outcome_forms import EmailResponseForm, MilestoneForm, ResponseForm
from campaign.mail.updates import UpdateRejected, recipients
from campaign.petitions import outcomes


def _render(campaign, milestone_form=None, response_form=None, email_form=None, status=200):
    story = outcomes.outcome(campaign.id)
    return render_template(
        "campaigners/outcome.html",
        campaign=campaign,
        story=story,
        milestone_names=outcomes.MILESTONE_NAMES,
        milestone_form=milestone_form or MilestoneForm(formdata=None),
        response_form=response_form or ResponseForm(formdata=None, obj=story.response),
        email_form=email_form or EmailResponseForm(formdata=None),
        audience=len(recipients(campaign.id)),
    ), status


def _back(campaign):
    return redirect(url_for("campaigners.outcome", campaign_id=campaign.id))


@bp.get("/campaigns/<int:campaign_id>/outcome")
def outcome(campaign_id: int):
    return _render(campaign_or_404(campaign_id))


@bp.post("/campaigns/<int:campaign_id>/milestones")
def add_milestone(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    form = MilestoneForm()
    if not form.validate_on_submit():
        return _render(campaign, milestone_form=form, status=400)
    outcomes.add_milestone(
        campaign, form.kind.data, form.happened_on.data, form.note.data or "", current_user.email
    )
    flash("Milestone added", "success")
    return _back(campaign)


@bp.post("/campaigns/<int:campaign_id>/milestones/<int:milestone_id>/delete")
def remove_milestone(campaign_id: int, milestone_id: int):
    campaign = campaign_or_404(campaign_id)
    if outcomes.remove_milestone(campaign, milestone_id):
        flash("Milestone removed", "success")
    else:
        flash("That milestone was already removed", "info")
    return _back(campaign)


@bp.post("/campaigns/<int:campaign_id>/response")
def record_response(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    form = ResponseForm()
    if not form.validate_on_submit():
        return _render(campaign, response_form=form, status=400)
    outcomes.record_response(
        campaign, form.responded_by.data, form.responded_on.data, form.text.data, current_user.email
    )
    flash("Response saved: it shows on the petition page", "success")
    return _back(campaign)


@bp.post("/campaigns/<int:campaign_id>/response/email")
def email_response(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    form = EmailResponseForm()
    if not form.validate_on_submit():
        return _render(campaign, email_form=form, status=400)
    try:
        update = outcomes.email_response(campaign, current_user.email)
    except LookupError:
        form.confirm.errors = [*form.confirm.errors, "Save the response before emailing it"]
        return _render(campaign, email_form=form, status=400)
    except outcomes.AlreadyEmailed:
        flash("The response has already been emailed to signers; it is not sent twice", "info")
        return _back(campaign)
    except UpdateRejected as error:
        form.confirm.errors = [*form.confirm.errors, str(error)]
        return _render(campaign, email_form=form, status=400)
    flash(f"Response queued for {update.recipient_count:,} people", "success")
    return _back(campaign)
