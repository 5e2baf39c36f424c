"""Admins answer privacy requests: export everything held about an address, erase it, or erase a
campaigner's own account. Each is audited (campaign/privacy/audit.py) without the address."""

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user

from campaign.campaigners.blueprint import privacy_bp
from campaign.campaigners.forms import AccountErasureForm, PrivacyRequestForm
from campaign.privacy import requests, staff

ERASE_UNCONFIRMED = "Tick the box to confirm you want to erase everything held about this address"
ACCOUNT_UNCONFIRMED = "Tick the box to confirm you want to erase this account"


def _render(
    form: PrivacyRequestForm | None = None,
    status: int = 200,
    account_form: AccountErasureForm | None = None,
):
    return render_template(
        "campaigners/privacy.html",
        form=form or PrivacyRequestForm(),
        account_form=account_form or _account_form(),
    ), status


def _account_form() -> AccountErasureForm:
    # Prefixed: its fields share the page with the request form's, so they need their own ids.
    return AccountErasureForm(prefix="account")


@privacy_bp.get("/")
def index():
    return _render()


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
            " The address also has a campaigner account: erase it below if that is asked too."
            if result.has_account
            else ""
        ),
        "success",
    )
    return redirect(url_for("campaigners.privacy.index"))


@privacy_bp.post("/erase-account")
def erase_account():
    form = _account_form()
    if not form.validate_on_submit():
        return _render(status=400, account_form=form)
    if not form.confirm.data:
        form.confirm.errors = [ACCOUNT_UNCONFIRMED]
        return _render(status=400, account_form=form)
    try:
        result = staff.erase_account(form.email.data, "web", current_user.id)
    except staff.AccountErasureRefused as error:
        form.email.errors = [*form.email.errors, str(error)]
        return _render(status=409, account_form=form)
    flash(
        f"Erased the account: it is now {result.label} wherever it is on record."
        + (
            " The address also signed petitions: erase the address above to remove those."
            if result.signatures_under_the_address
            else ""
        ),
        "success",
    )
    return redirect(url_for("campaigners.privacy.index"))
