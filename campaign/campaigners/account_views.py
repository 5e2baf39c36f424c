"""Admins manage accounts: create them, change roles, reset passwords, deactivate."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from campaign.campaigners import accounts
from campaign.campaigners.blueprint import accounts_bp
from campaign.campaigners.forms import NewAccountForm, PasswordForm, RoleForm
from campaign.extensions import db
from campaign.models.campaigners import ROLES, Account


def _account_or_404(account_id: int) -> Account:
    account = db.session.get(Account, account_id)
    if account is None or account.removed:
        abort(404)
    return account


def _render(form=None, status=200, problem=None):
    return render_template(
        "campaigners/accounts.html",
        accounts=accounts.all_accounts(),
        form=form or NewAccountForm(),
        role_form=RoleForm(),
        password_form=PasswordForm(),
        problem=problem,
        roles=ROLES,
    ), status


@accounts_bp.get("/")
def index():
    return _render()


@accounts_bp.post("/")
def create():
    form = NewAccountForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    try:
        account = accounts.create_account(form.email.data, form.password.data, form.role.data)
    except accounts.AccountError as error:
        message = str(error)
        target = form.password if "password" in message.lower() else form.email
        target.errors = [*target.errors, message]
        return _render(form, 400)
    flash(
        f"Account created for {account.email}. Give them the starting password in person "
        "or by phone, not by email.",
        "success",
    )
    return redirect(url_for("campaigners.accounts.index"))


@accounts_bp.post("/<int:account_id>/role")
def change_role(account_id: int):
    account = _account_or_404(account_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _render(status=400, problem="Choose a role from the list")
    try:
        accounts.set_role(account, form.role.data, current_user)
    except accounts.AccountError as error:
        return _render(status=409, problem=str(error))
    flash(f"{account.email} is now a {account.role}", "success")
    return redirect(url_for("campaigners.accounts.index"))


@accounts_bp.post("/<int:account_id>/deactivate")
def deactivate(account_id: int):
    return _set_active(account_id, False)


@accounts_bp.post("/<int:account_id>/reactivate")
def reactivate(account_id: int):
    return _set_active(account_id, True)


def _set_active(account_id: int, active: bool):
    account = _account_or_404(account_id)
    try:
        accounts.set_active(account, active, current_user)
    except accounts.AccountError as error:
        return _render(status=409, problem=str(error))
    flash(f"{account.email} can {'now' if active else 'no longer'} sign in", "success")
    return redirect(url_for("campaigners.accounts.index"))


@accounts_bp.post("/<int:account_id>/password")
def reset_password(account_id: int):
    account = _account_or_404(account_id)
    form = PasswordForm()
    if not form.validate_on_submit():
        return _render(status=400, problem="Enter a new password")
    try:
        accounts.set_password(account, form.password.data)
    except accounts.AccountError as error:
        return _render(status=400, problem=str(error))
    flash(f"Password reset for {account.email}; their other sessions are signed out", "success")
    return redirect(url_for("campaigners.accounts.index"))


@accounts_bp.post("/<int:account_id>/sign-out")
def sign_out_everywhere(account_id: int):
    account = _account_or_404(account_id)
    accounts.end_sessions(account)
    flash(f"{account.email} is signed out everywhere", "success")
    if account.id == current_user.id:
        return redirect(url_for("campaigners.sign_in"))
    return redirect(url_for("campaigners.accounts.index"))
