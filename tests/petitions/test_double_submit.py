"""The signing form's session-free CSRF token: a signed value in a cookie and the same in the
form (campaign/petitions/double_submit.py). Each refusal shows the form again with everything
typed kept and the "page had expired" notice, and signs nothing."""

import re

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import Signature
from campaign.petitions.double_submit import COOKIE, Tokens
from campaign.petitions.signing_post import SESSION_EXPIRED
from tests.factories import make_campaign
from tests.petitions.helpers import sign

PAGE = "/petitions/save-our-centres"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]*)"')


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    make_campaign()
    return app


def _token_from(page) -> str:
    return TOKEN.search(page.get_data(as_text=True)).group(1)


def _cookie(client) -> str | None:
    found = client.get_cookie(COOKIE, path="/petitions")
    return found.value if found else None


def _refused(response, typed_name: str = "Grace Hopper") -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert SESSION_EXPIRED in html
    assert f'value="{typed_name}"' in html
    assert db.session.scalar(select(func.count(Signature.id))) == 0


def test_the_page_sets_a_signed_httponly_cookie_and_no_session(csrf_on, client):
    page = client.get(PAGE)
    cookies = page.headers.getlist("Set-Cookie")
    assert len(cookies) == 1
    assert cookies[0].startswith(f"{COOKIE}={_token_from(page)};")
    for flag in ("HttpOnly", "SameSite=Lax", "Path=/petitions"):
        assert flag in cookies[0]
    assert "session=" not in cookies[0]


def test_the_visitors_own_token_signs(csrf_on, client):
    token = _token_from(client.get(PAGE))
    assert sign(client, csrf_token=token).status_code == 303
    assert db.session.scalar(select(func.count(Signature.id))) == 1


def test_a_token_from_one_visitors_cookie_is_refused_with_another_visitors_form(csrf_on, app):
    mallory, victim = app.test_client(), app.test_client()
    mallorys_token = _token_from(mallory.get(PAGE))
    victim.get(PAGE)  # the victim holds a cookie of their own
    _refused(sign(victim, name="Grace Hopper", csrf_token=mallorys_token))


def test_a_tampered_token_is_refused_even_when_cookie_and_form_agree(csrf_on, client):
    token = _token_from(client.get(PAGE))
    nonce, signature = token.split(".")
    forged = f"{nonce[:-1]}{'A' if nonce[-1] != 'A' else 'B'}.{signature}"
    client.set_cookie(COOKIE, forged, path="/petitions")
    _refused(sign(client, name="Grace Hopper", csrf_token=forged))


def test_a_missing_cookie_is_refused(csrf_on, client):
    token = _token_from(client.get(PAGE))
    client.delete_cookie(COOKIE, path="/petitions")
    _refused(sign(client, name="Grace Hopper", csrf_token=token))


def test_a_missing_form_token_is_refused(csrf_on, client):
    client.get(PAGE)
    _refused(sign(client, name="Grace Hopper"))


def test_an_old_page_left_open_after_the_browser_lost_its_cookie_is_refused_then_signs(
    csrf_on, client
):
    old_token = _token_from(client.get(PAGE))
    client.delete_cookie(COOKIE, path="/petitions")  # the browser was closed and reopened
    client.get(PAGE)  # and another page was opened: a new cookie
    refused = sign(client, name="Grace Hopper", csrf_token=old_token)
    _refused(refused)
    # The form shown again carries the visitor's current token: pressing the button signs.
    again = _token_from(refused)
    assert again == _cookie(client)
    assert sign(client, name="Grace Hopper", csrf_token=again).status_code == 303


def test_a_refusal_without_a_cookie_sets_one_so_the_form_shown_again_signs(csrf_on, client):
    refused = sign(client, name="Grace Hopper", csrf_token="stale")
    _refused(refused)
    assert _cookie(client) == _token_from(refused)
    assert sign(client, csrf_token=_token_from(refused)).status_code == 303


def test_pages_from_before_the_secret_key_changed_are_refused(csrf_on, client):
    token = _token_from(client.get(PAGE))
    csrf_on.config["SECRET_KEY"] = "a-new-secret-key"
    _refused(sign(client, name="Grace Hopper", csrf_token=token))


def test_two_tabs_share_one_token_so_both_sign(csrf_on, client):
    first_tab = _token_from(client.get(PAGE))
    second = client.get(PAGE)
    assert "Set-Cookie" not in second.headers
    assert _token_from(second) == first_tab
    assert sign(client, csrf_token=first_tab).status_code == 303


@pytest.mark.parametrize(
    "token",
    [
        "",
        "x",
        "a" * 49,
        "a" * 24 + "." + "b" * 24,
        "é" * 24 + "." + "b" * 24,
        "\x00" * 49,
        "a" * 24 + "." + "b" * 23 + "=",
    ],
)
def test_malformed_or_unsigned_tokens_are_never_valid(token):
    tokens = Tokens("secret")
    assert not tokens.valid(token)
    assert not tokens.matches(token, token)
    assert tokens.from_cookie_header(f"{COOKIE}={token}") is None


def test_a_token_is_read_only_from_its_own_cookie_name():
    tokens = Tokens("secret")
    token = tokens.new()
    assert tokens.from_cookie_header(f"a=1; {COOKIE}={token}; b=2") == token
    assert tokens.from_cookie_header(f"x{COOKIE}={token}") is None
    assert Tokens("another secret").from_cookie_header(f"{COOKIE}={token}") is None


def test_other_forms_keep_flask_wtfs_session_token(csrf_on, client):
    # The letter form posts without a session token, with the petition cookie held: Flask-WTF
    # refuses it (its error page), since the petition token is not a session token.
    client.get(PAGE)
    response = client.post(
        PAGE + "/letter", data={"postcode": "S1 2HH", "csrf_token": _cookie(client)}
    )
    assert response.status_code == 400
    assert "Your form timed out" in response.get_data(as_text=True)
