"""Sign-in, sign-out, the campaign list and changing your own password."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from campaign.campaigners import managing
from campaign.campaigners.accounts import AccountError, set_password
from campaign.campaigners.auth import safe_next
from campaign.campaigners.auth import sign_in as check_sign_in
from campaign.campaigners.blueprint import accounts_bp, bp, start_session
from campaign.campaigners.forms import ChangeOwnPasswordForm, SignInForm
from campaign.campaigners.passwords import verify_password
from campaign.campaigners.throttle import describe_wait
from campaign.core.counts import campaign_counts
from campaign.extensions import limiter

WRONG_DETAILS = "The email address or password is not right"


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("30 per minute;300 per hour", methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = SignInForm()
    problem = None
    status = 200
    if form.validate_on_submit():
        result = check_sign_in(form.email.data, form.password.data)
        if result.account is not None:
            start_session(result.account)
            return redirect(safe_next(request.args.get("next")))
        status = 401 if not result.seconds_locked else 429
        problem = WRONG_DETAILS
        if result.seconds_locked:
            problem = (
                f"Too many attempts for this email address. Wait "
                f"{describe_wait(result.seconds_locked)} and try again"
            )
    elif form.is_submitted():
        status = 400
    return render_template(
        "campaigners/sign_in.html",
        form=form,
        problem=problem,
        next=safe_next(request.args.get("next")),
    ), status


@bp.post("/sign-out")
def sign_out():
    logout_user()
    session.clear()
    flash("You have signed out", "info")
    return redirect(url_for("campaigners.sign_in"))


@bp.get("/")
def home():
    campaigns = managing.all_campaigns()
    totals = {c.id: campaign_counts(c.id).total for c in campaigns}
    return render_template("campaigners/home.html", campaigns=campaigns, totals=totals)


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    form = ChangeOwnPasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append("Your current password is not right")
        else:
            account = current_user._get_current_object()
            try:
                set_password(account, form.password.data)
            except AccountError as error:
                form.password.errors.append(str(error))
            else:
                # The new session token signed every session out, this one included.
                start_session(account)
                flash("Your password has been changed; other sessions are signed out", "success")
                return redirect(url_for("campaigners.home"))
    return render_template("campaigners/password.html", form=form)


# Registering the other views on the blueprint.
from campaign.campaigners import (  # noqa: E402,F401
    account_views,
    campaign_views,
    export_views,
    moderation_views,
    update_views,
)

bp.register_blueprint(accounts_bp)
