"""The campaigners' blueprint: everything under /campaigners/ is behind sign-in, applied here
once rather than view by view. The admin-only accounts pages are a nested blueprint."""

import time

from flask import Blueprint, abort, current_app, request, session
from flask_login import current_user, login_user, logout_user

from campaign.extensions import login_manager

bp = Blueprint("campaigners", __name__, url_prefix="/campaigners")
accounts_bp = Blueprint("accounts", __name__, url_prefix="/accounts")

OPEN_ENDPOINTS = {"campaigners.sign_in"}

login_manager.login_view = "campaigners.sign_in"
login_manager.login_message = "Sign in to see that page"
login_manager.login_message_category = "info"


@bp.before_request
def require_sign_in():
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    hours = current_app.config["CAMPAIGNER_SESSION_HOURS"]
    started = session.get("signed_in_at")
    if not isinstance(started, int | float) or time.time() - started > hours * 3600:
        logout_user()
        session.clear()
        return login_manager.unauthorized()
    return None


def start_session(account) -> None:
    """Sign the account in on a fresh session (nothing set before it survives: no fixation)."""
    session.clear()
    login_user(account)
    session["signed_in_at"] = time.time()


@accounts_bp.before_request
def require_admin():
    if not current_user.is_authenticated or not current_user.is_admin:
        abort(403)


@bp.after_request
def never_cache(response):
    # Pages and exports here hold personal data: keep them out of shared and browser caches.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
