"""Sessions end when people say so, on the server: a cookie copied before sign-out, a password
change, deactivation or an admin's "sign out everywhere" gets the sign-in page afterwards. And
wrong passwords from one place cannot lock the owner out from another; the owner is told."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from campaign.campaigners.accounts import by_email
from campaign.campaigners.auth import sign_in
from campaign.campaigners.throttle import FREE_ATTEMPTS
from campaign.extensions import db
from campaign.models import OutboxMessage
from campaign.timeutil import utcnow
from tests.campaigners.helpers import (
    PASSWORD,
    csrf_free,
    forget_cached_user,
    make_account,
    signed_in,
)

HOME = "/campaigners/"


def _copy_cookie(source, target) -> None:
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value)


def _sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and "/campaigners/sign-in" in response.headers["Location"]


@pytest.fixture
def thief(app):
    return app.test_client()


def test_a_cookie_copied_before_sign_out_gets_the_sign_in_page_after(app, client, thief):
    csrf_free(app)
    signed_in(client)
    _copy_cookie(client, thief)
    assert thief.get(HOME).status_code == 200  # the copy works while the session lasts
    client.post("/campaigners/sign-out")
    assert _sent_to_sign_in(thief.get(HOME))


def test_a_password_change_ends_a_copied_session(app, client, thief):
    csrf_free(app)
    signed_in(client)
    _copy_cookie(client, thief)
    response = client.post(
        "/campaigners/password",
        data={"current_password": PASSWORD, "password": "a-whole-new-passphrase-42"},
    )
    assert response.status_code == 302
    forget_cached_user()
    assert _sent_to_sign_in(thief.get(HOME))
    forget_cached_user()
    assert client.get(HOME).status_code == 200  # the session that changed it goes on


@pytest.mark.parametrize("action", ["deactivate", "sign-out"])
def test_an_admin_ends_every_session_of_another_account(app, client, thief, action):
    csrf_free(app)
    signed_in(thief, "victim@example.org")
    signed_in(client, "admin@example.org", role="admin")
    victim = by_email("victim@example.org")
    response = client.post(f"/campaigners/accounts/{victim.id}/{action}")
    assert response.status_code == 302
    assert _sent_to_sign_in(thief.get(HOME))


def test_signing_in_starts_a_fresh_session(app, client):
    csrf_free(app)
    make_account()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    client.post(
        "/campaigners/sign-in", data={"email": "campaigner@example.org", "password": PASSWORD}
    )
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session


def _fail(times: int, address: str, now) -> None:
    for _ in range(times):
        sign_in("admin@example.org", "not the password", now, address=address)


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(app):
    make_account("admin@example.org", role="admin")
    now = utcnow()
    _fail(FREE_ATTEMPTS + 3, "203.0.113.9", now)
    assert sign_in("admin@example.org", PASSWORD, now, address="203.0.113.9").seconds_locked
    result = sign_in("admin@example.org", PASSWORD, now + timedelta(seconds=1), "198.51.100.7")
    assert result.account is not None


def test_the_owner_is_emailed_once_when_their_account_is_locked(app):
    make_account("admin@example.org", role="admin")
    _fail(FREE_ATTEMPTS + 2, "203.0.113.9", utcnow())
    notices = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "sign_in_locked")
    ).all()
    assert [n.to_email for n in notices] == ["admin@example.org"]
    assert "203.0.113.9" not in notices[0].text_body


def test_nobody_is_emailed_about_an_address_without_an_account(app):
    _fail(FREE_ATTEMPTS + 1, "203.0.113.9", utcnow())
    assert db.session.scalar(select(OutboxMessage)) is None
