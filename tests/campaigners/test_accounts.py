import pytest

from campaign.campaigners.accounts import by_email
from campaign.extensions import db
from tests.campaigners.helpers import PASSWORD, csrf_free, forget_cached_user, signed_in


@pytest.fixture
def admin(app, client):
    csrf_free(app)
    return signed_in(client, "admin@example.org", role="admin")


def test_an_admin_adds_a_campaigner_who_can_then_sign_in(admin, app):
    response = admin.post(
        "/campaigners/accounts/",
        data={"email": "new@example.org", "role": "campaigner", "password": PASSWORD},
    )
    assert response.status_code == 302
    other = app.test_client()
    signed = other.post(
        "/campaigners/sign-in", data={"email": "new@example.org", "password": PASSWORD}
    )
    assert signed.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "nope", "password": PASSWORD}, "Enter an email address in the correct format"),
        ({"email": "x@example.org", "password": "short"}, "Use a password of at least 12"),
        ({"email": "admin@example.org", "password": PASSWORD}, "already exists"),
        ({"email": "x@example.org", "password": PASSWORD, "role": "king"}, "Not a valid choice"),
    ],
)
def test_bad_new_accounts_get_a_message(admin, data, message):
    response = admin.post("/campaigners/accounts/", data={"role": "campaigner", **data})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_an_admin_cannot_demote_or_deactivate_themselves(admin):
    me = by_email("admin@example.org")
    demoted = admin.post(f"/campaigners/accounts/{me.id}/role", data={"role": "campaigner"})
    assert demoted.status_code == 409
    deactivated = admin.post(f"/campaigners/accounts/{me.id}/deactivate")
    assert "You cannot deactivate your own account" in deactivated.get_data(as_text=True)
    db.session.refresh(me)
    assert me.role == "admin" and me.active


def test_deactivating_an_account_signs_it_out_at_once(admin, app):
    from tests.campaigners.helpers import make_account

    make_account("leaver@example.org")
    other = app.test_client()
    other.post("/campaigners/sign-in", data={"email": "leaver@example.org", "password": PASSWORD})
    leaver = by_email("leaver@example.org")
    assert admin.post(f"/campaigners/accounts/{leaver.id}/deactivate").status_code == 302
    forget_cached_user()
    assert other.get("/campaigners/").status_code == 302


def test_an_admin_resets_a_password_and_promotes_an_account(admin):
    from campaign.campaigners.passwords import verify_password
    from tests.campaigners.helpers import make_account

    account = make_account("helper@example.org")
    admin.post(
        f"/campaigners/accounts/{account.id}/password", data={"password": "another-long-password-7"}
    )
    admin.post(f"/campaigners/accounts/{account.id}/role", data={"role": "admin"})
    db.session.refresh(account)
    assert verify_password(account.password_hash, "another-long-password-7")
    assert account.role == "admin"


def test_changing_your_own_password_needs_the_current_one(app, client):
    csrf_free(app)
    signed_in(client)
    wrong = client.post(
        "/campaigners/password",
        data={"current_password": "not it at all", "password": "another-long-password-7"},
    )
    assert "Your current password is not right" in wrong.get_data(as_text=True)
    right = client.post(
        "/campaigners/password",
        data={"current_password": PASSWORD, "password": "another-long-password-7"},
    )
    assert right.status_code == 302
    forget_cached_user()
    assert client.get("/campaigners/").status_code == 200


def test_no_account_exists_until_someone_creates_one(runner):
    """ASVS 6.3.2: no default account (admin, root, demo) comes with the migrations or the demo
    data; the first one is made with `flask campaigners create`."""
    from sqlalchemy import func, select

    from campaign.models import Account

    for group in ("petitions", "resources"):
        result = runner.invoke(args=[group, "load-demo"])
        assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Account)) == 0
