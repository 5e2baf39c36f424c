"""Downloads: counts to hand in, signer lists, the hand-in pack, and the audit log of them all."""

from collections.abc import Sequence
from typing import Any

from flask import Response, abort, render_template, request, stream_with_context
from flask_login import current_user
from sqlalchemy import select

from campaign.campaigners import exports
from campaign.campaigners.blueprint import bp
from campaign.campaigners.campaign_views import campaign_or_404
from campaign.campaigners.forms import SignerExportForm
from campaign.campaigners.handin import handin_export
from campaign.extensions import db
from campaign.models import Campaign
from campaign.models.campaigners import Account, ExportRecord

AUDIT_PAGE = 200


def _download(export: exports.Export) -> Response:
    response = Response(stream_with_context(export.chunks), mimetype=export.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def _audit_rows(campaign_id: int | None = None) -> Sequence[Any]:
    statement = (
        select(ExportRecord, Account.email, Campaign.title)
        .join(Account, Account.id == ExportRecord.account_id)
        .outerjoin(Campaign, Campaign.id == ExportRecord.campaign_id)
        .order_by(ExportRecord.started_at.desc(), ExportRecord.id.desc())
        .limit(AUDIT_PAGE)
    )
    if campaign_id is not None:
        statement = statement.where(ExportRecord.campaign_id == campaign_id)
    return db.session.execute(statement).all()


def _render_exports(campaign: Campaign, form: SignerExportForm, problem=None, status=200):
    return render_template(
        "campaigners/exports.html",
        campaign=campaign,
        form=form,
        problem=problem,
        records=_audit_rows(campaign.id),
    ), status


@bp.get("/campaigns/<int:campaign_id>/exports")
def exports_page(campaign_id: int):
    return _render_exports(campaign_or_404(campaign_id), SignerExportForm())


@bp.get("/campaigns/<int:campaign_id>/exports/counts-by-<by>.<fmt>")
def counts_download(campaign_id: int, by: str, fmt: str):
    if by not in exports.COUNTS_BY or fmt not in ("csv", "json"):
        abort(404)
    campaign = campaign_or_404(campaign_id)
    return _download(
        exports.counts_export(current_user, campaign, by, fmt, ip_address=request.remote_addr)
    )


@bp.post("/campaigns/<int:campaign_id>/exports/signers")
def signers_download(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    form = SignerExportForm()
    if not form.validate_on_submit():
        return _render_exports(campaign, form, status=400)
    try:
        export = exports.signers_export(
            current_user,
            campaign,
            form.format.data,
            everyone=form.everyone.data,
            purpose=form.purpose.data,
            ip_address=request.remote_addr,
        )
    except exports.ExportNotAllowed as error:
        field = form.purpose if current_user.is_admin else form.everyone
        field.errors = [*field.errors, str(error)]
        return _render_exports(campaign, form, status=403 if not current_user.is_admin else 400)
    return _download(export)


@bp.get("/campaigns/<int:campaign_id>/exports/hand-in.pdf")
def handin_download(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    return _download(handin_export(current_user, campaign, ip_address=request.remote_addr))


@bp.get("/audit")
def audit_log():
    return render_template("campaigners/audit.html", records=_audit_rows())
