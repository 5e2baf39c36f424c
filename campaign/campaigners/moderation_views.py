"""Moderation: bulk invalidation with a preview and undo, and the public's closure reports."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from campaign.campaigners import invalidation
from campaign.campaigners.blueprint import bp
from campaign.campaigners.campaign_views import campaign_or_404
from campaign.campaigners.forms import InvalidationConfirmForm, InvalidationForm
from campaign.extensions import db
from campaign.models import ClosureReport
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
        "campaigners/invalidate.html",
        campaign=campaign,
        form=form,
        confirm_form=confirm_form,
        found=found,
        problem=problem,
        criteria=_criteria(form) if found else None,
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
    confirm_form = InvalidationConfirmForm(
        formdata=None, data={**form.data, "expected": str(found.total)}
    )
    return _render(campaign, form, confirm_form, found)


@bp.post("/campaigns/<int:campaign_id>/invalidate")
def invalidate(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    confirm_form = InvalidationConfirmForm()
    if not confirm_form.validate_on_submit():
        found = None
        if not any(
            field.errors
            for name, field in confirm_form._fields.items()
            if name not in ("reason", "csrf_token")
        ):
            try:
                found = invalidation.preview(campaign.id, _criteria(confirm_form))
            except invalidation.InvalidationError:
                found = None
        return _render(campaign, confirm_form, confirm_form if found else None, found, status=400)
    expected = int(confirm_form.expected.data) if confirm_form.expected.data.isdigit() else None
    try:
        batch = invalidation.invalidate(
            campaign.id,
            _criteria(confirm_form),
            current_user,
            confirm_form.reason.data,
            expected=expected,
        )
    except invalidation.InvalidationError as error:
        return _render(campaign, confirm_form, problem=str(error), status=409)
    flash(
        f"{batch.matched} signatures invalidated ({batch.confirmed_matched} had been "
        "counted). You can undo this from the dashboard.",
        "success",
    )
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


# --- closure reports from the public (the council pages) --------------------------------------

RECENT_DECISIONS = 50


@bp.get("/reports")
def reports():
    from campaign.places.councils import council
    from campaign.places.reports import pending_reports

    pending = pending_reports()
    recent = list(
        db.session.scalars(
            select(ClosureReport)
            .where(ClosureReport.status != "pending")
            .order_by(ClosureReport.moderated_at.desc(), ClosureReport.id.desc())
            .limit(RECENT_DECISIONS)
        )
    )
    names = {}
    for report in [*pending, *recent]:
        known = council(report.council_code)
        names[report.council_code] = known.name if known else report.council_code
    return render_template(
        "campaigners/reports.html", pending=pending, recent=recent, council_names=names
    )


@bp.post("/reports/<int:report_id>/<any(approve, reject):decision>")
def moderate_report(report_id: int, decision: str):
    from campaign.places.reports import approve_report, reject_report

    act = approve_report if decision == "approve" else reject_report
    report = act(report_id, by=current_user.email)
    if report is None:
        abort(404)
    outcome = (
        "approved: it now shows on the council page"
        if decision == "approve"
        else "rejected: it stays off the council page"
    )
    flash(f"Report about {report.centre_name} {outcome}", "success")
    return redirect(url_for("campaigners.reports"))
