"""Moderation: bulk invalidation with a preview and undo, and the public's closure reports."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from campaign.campaigners import invalidation
from campaign.campaigners.blueprint import bp
from campaign.campaigners.campaign_views import campaign_or_404
from campaign.campaigners.forms import InvalidationConfirmForm, InvalidationForm
from campaign.extensions import db
from campaign.models.campaigners import InvalidationBatch


def _criteria(form: InvalidationForm) -> invalidation.Criteria:
    return invalidation.Criteria(
        ip_address=form.ip_address.data or None,
        email_domain=form.email_domain.data or None,
        email=form.email.data or None,
        window_start=form.window_start.data,
        window_end=form.window_end.data,
    )


def _render(campaign, form, confirm_form=None, found=None, problem=None, status=200):
    return render_template(
        "campaigners/invalidate.html", campaign=campaign, form=form, confirm_form=confirm_form,
        found=found, problem=problem, criteria=_criteria(form) if found else None,
    ), status


@bp.get("/campaigns/<int:campaign_id>/invalidate")
def invalidate_preview(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    form = InvalidationForm(request.args)
    if not request.args:
        return _render(campaign, InvalidationForm(formdata=None))
    if not form.validate():
        return _render(campaign, form, status=400)
    try:
        found = invalidation.preview(campaign.id, _criteria(form))
    except invalidation.InvalidationError as error:
        return _render(campaign, form, problem=str(error), status=400)
    confirm_form = InvalidationConfirmForm(formdata=None, data={
        **form.data, "expected": str(found.total)})
    return _render(campaign, form, confirm_form, found)


@bp.post("/campaigns/<int:campaign_id>/invalidate")
def invalidate(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    confirm_form = InvalidationConfirmForm()
    if not confirm_form.validate_on_submit():
        found = None
        if not any(field.errors for name, field in confirm_form._fields.items()
                   if name not in ("reason", "csrf_token")):
            try:
                found = invalidation.preview(campaign.id, _criteria(confirm_form))
            except invalidation.InvalidationError:
                found = None
        return _render(campaign, confirm_form, confirm_form if found else None, found,
                       status=400)
    expected = int(confirm_form.expected.data) if confirm_form.expected.data.isdigit() else None
    try:
        batch = invalidation.invalidate(campaign.id, _criteria(confirm_form), current_user,
                                        confirm_form.reason.data, expected=expected)
    except invalidation.InvalidationError as error:
        return _render(campaign, confirm_form, problem=str(error), status=409)
    flash(f"{batch.matched} signatures invalidated ({batch.confirmed_matched} had been "
          "counted). You can undo this from the dashboard.", "success")
    return redirect(url_for("campaigners.dashboard", campaign_id=campaign.id))


@bp.post("/invalidations/<int:batch_id>/undo")
def undo_invalidation(batch_id: int):
    batch = db.session.get(InvalidationBatch, batch_id)
    if batch is None:
        abort(404)
    try:
        restored = invalidation.undo(batch.id, current_user)
    except invalidation.InvalidationError as error:
        flash(str(error), "error")
    else:
        flash(f"Undone: {restored} signatures restored to what they were", "success")
    return redirect(url_for("campaigners.dashboard", campaign_id=batch.campaign_id))
