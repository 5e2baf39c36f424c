"""Admins answer privacy requests: export everything held about an address, or erase it.
Each is audited (campaign/privacy/audit.py) without recording the address."""

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user

from campaign.campaigners.blueprint import privacy_bp
from campaign.campaigners.forms import PrivacyRequestForm
from campaign.privacy import requests

ERASE_UNCONFIRMED = "Tick the box to confirm you want to erase everything held about this address"


def _render(form: PrivacyRequestForm, status: int = 200):
    return render_template("campaigners/privacy.html", form=form), status


@privacy_bp.get("/")
def index():
    return _render(PrivacyRequestForm())


@privacy_bp.post("/export")
def export():
    form = PrivacyRequestForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    result = requests.export(form.email.data, "web", current_user.id)
    if form.format.data == "json":
        body, mimetype, name = result.as_json(), "application/json", "subject-access.json"
    else:
        body, mimetype, name = result.as_page(), "text/html", "subject-access.html"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@privacy_bp.post("/erase")
def erase():
    form = PrivacyRequestForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    if not form.confirm.data:
        form.confirm.errors = [ERASE_UNCONFIRMED]
        return _render(form, 400)
    result = requests.erase(form.email.data, "web", current_user.id)
    flash(
        f"Erased {result.signatures} signatures and {result.emails} emails; counts are kept."
        + (
            " The address also has a campaigner account: deactivate it on Accounts."
            if result.has_account
            else ""
        ),
        "success",
    )
    return redirect(url_for("campaigners.privacy.index"))
