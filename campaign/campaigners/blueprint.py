"""The campaigners' blueprint: everything under /campaigners/ is behind sign-in and the role
table (campaign/campaigners/roles.py), applied here once rather than view by view. The
admin-only accounts and privacy pages are nested blueprints."""

import time

from flask import Blueprint, abort, current_app, request, session
from flask_login import current_user, login_user, logout_user

from campaign.campaigners.roles import may_use
from campaign.extensions import login_manager

bp = Blueprint("campaigners", __name__, url_prefix="/campaigners")
accounts_bp = Blueprint("accounts", __name__, url_prefix="/accounts")
privacy_bp = Blueprint("privacy", __name__, url_prefix="/privacy")

login_manager.login_view = "campaigners.sign_in"
login_manager.login_message = "Sign in to see that page"
login_manager.login_message_category = "info"
ROLE_REFUSED = "Your role does not give you this page. Ask an admin if your work needs it."


@bp.before_request
def require_sign_in():
    if may_use(None, request.endpoint):
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    hours = current_app.config["CAMPAIGNER_SESSION_HOURS"]
    started = session.get("signed_in_at")
    if not isinstance(started, int | float) or time.time() - started > hours * 3600:
        logout_user()
        session.clear()
        return login_manager.unauthorized()
    if not may_use(current_user.role, request.endpoint):
        abort(403, description=ROLE_REFUSED)
    return None


def start_session(account) -> None:
    """Sign the account in on a fresh session (nothing set before it survives: no fixation)."""
    session.clear()
    login_user(account)
    session["signed_in_at"] = time.time()
