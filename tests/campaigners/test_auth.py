from datetime import timedelta

import pytest

from campaign.campaigners.auth import safe_next, sign_in, throttle_key
from campaign.campaigners.throttle import FREE_ATTEMPTS
from campaign.extensions import db
from campaign.models.campaigners import LoginThrottle
from campaign.timeutil import utcnow
from tests.campaigners.helpers import PASSWORD, forget_cached_user, make_account, signed_in


def _post(client, email, password, next_=None):
    url = "/campaigners/sign-in" + (f"?next={next_}" if next_ else "")
    return client.post(url, data={"email": email, "password": password})


def test_every_campaigners_page_sends_a_signed_out_visitor_to_sign_in_with_next(client):
    response = client.get("/campaigners/audit")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/campaigners/sign-in?next=")


def test_the_right_password_signs_in_and_goes_to_the_campaign_list(client):
    make_account()
    response = _post(client, "Campaigner@Example.org ", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/campaigners/"
    assert client.get("/campaigners/").status_code == 200


def test_a_wrong_password_and_an_unknown_email_get_exactly_the_same_answer(client):
    make_account("known@example.org")
    wrong = _post(client, "known@example.org", "not the password at all")
    unknown = _post(client, "nobody@example.org", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_data(as_text=True).replace("known@", "X@") == unknown.get_data(
        as_text=True
    ).replace("nobody@", "X@")
    assert "The email address or password is not right" in wrong.get_data(as_text=True)


@pytest.mark.parametrize("email", ["known@example.org", "nobody@example.org"])
def test_repeated_failures_lock_the_address_whether_or_not_it_has_an_account(client, email):
    make_account("known@example.org")
    for _ in range(FREE_ATTEMPTS - 1):
        assert _post(client, email, "wrong password here").status_code == 401
    locked = _post(client, email, "wrong password here")
    assert locked.status_code == 429
    assert "Too many attempts for this email address" in locked.get_data(as_text=True)


def test_a_locked_account_is_refused_even_with_the_right_password_until_the_lock_ends(app):
    make_account("known@example.org")
    now = utcnow()
    for _ in range(FREE_ATTEMPTS):
        sign_in("known@example.org", "wrong password here", now)
    assert sign_in("known@example.org", PASSWORD, now).account is None
    later = now + timedelta(minutes=2)
    assert sign_in("known@example.org", PASSWORD, later).account is not None
    # Success clears the record, so earlier failures do not shorten the next allowance.
    assert db.session.get(LoginThrottle, throttle_key("known@example.org")) is None


def test_the_throttle_stores_a_hash_of_the_address_not_the_address(app):
    sign_in("typo@example.org", "wrong password here")
    assert db.session.get(LoginThrottle, throttle_key("typo@example.org")) is not None
    assert "typo" not in throttle_key("typo@example.org")


def test_a_deactivated_account_cannot_sign_in_and_gets_the_ordinary_answer(client):
    account = make_account()
    account.active = False
    db.session.commit()
    response = _post(client, "campaigner@example.org", PASSWORD)
    assert response.status_code == 401
    assert "The email address or password is not right" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/campaigners/",
        "//evil.example/campaigners/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/petitions/x",
        "/campaigners/\r\nLocation: https://evil.example",
        "https:/campaigners/",
        "",
        None,
    ],
)
def test_next_never_leads_outside_the_campaigners_area(target):
    assert safe_next(target) == "/campaigners/"


@pytest.mark.parametrize("target", ["/campaigners/audit", "/campaigners/campaigns/3?x=1"])
def test_next_within_the_campaigners_area_is_followed(target):
    assert safe_next(target) == target


def test_signing_in_with_an_offsite_next_lands_on_the_campaign_list(client):
    make_account()
    response = _post(client, "campaigner@example.org", PASSWORD, next_="https://evil.example/")
    assert response.headers["Location"] == "/campaigners/"


def test_signing_in_with_a_local_next_goes_there(client):
    make_account()
    response = _post(client, "campaigner@example.org", PASSWORD, next_="/campaigners/audit")
    assert response.headers["Location"] == "/campaigners/audit"


def test_session_cookie_is_httponly_samesite_and_secure_outside_development(app):
    from campaign.config import Config, ProductionConfig

    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    production = ProductionConfig.__new__(ProductionConfig)
    Config.__init__(production)
    assert production.SESSION_COOKIE_SECURE is True


def test_the_session_cookie_set_at_sign_in_carries_the_security_flags(client):
    make_account()
    response = _post(client, "campaigner@example.org", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_signing_out_ends_the_session(client):
    signed_in(client)
    assert client.post("/campaigners/sign-out").status_code == 302
    assert client.get("/campaigners/").status_code == 302


def test_a_session_still_works_on_a_later_request_until_the_password_changes(client):
    signed_in(client)
    forget_cached_user()
    assert client.get("/campaigners/").status_code == 200


def test_resetting_a_password_signs_out_sessions_that_used_the_old_one(client):
    from campaign.campaigners.accounts import by_email, set_password

    signed_in(client)
    set_password(by_email("campaigner@example.org"), "another-long-password-42")
    forget_cached_user()
    assert client.get("/campaigners/").status_code == 302


def test_campaigners_pages_are_not_cached(client):
    signed_in(client)
    assert client.get("/campaigners/").headers["Cache-Control"] == "no-store"


def test_a_campaigner_cannot_reach_account_management(client):
    signed_in(client)
    assert client.get("/campaigners/accounts/").status_code == 403


def test_an_admin_can_reach_account_management(client):
    signed_in(client, "admin@example.org", role="admin")
    assert client.get("/campaigners/accounts/").status_code == 200


def test_a_sign_in_form_missing_its_fields_is_answered_with_messages_not_an_error(client):
    response = client.post("/campaigners/sign-in", data={})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Enter your email address" in body and "Enter your password" in body


def test_a_session_older_than_twelve_hours_must_sign_in_again(client):
    import time

    signed_in(client)
    with client.session_transaction() as session:
        session["signed_in_at"] = time.time() - 13 * 3600
    forget_cached_user()
    response = client.get("/campaigners/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/campaigners/sign-in")


def test_a_session_without_a_sign_in_time_is_not_trusted(client):
    signed_in(client)
    with client.session_transaction() as session:
        session.pop("signed_in_at")
    forget_cached_user()
    assert client.get("/campaigners/").status_code == 302
