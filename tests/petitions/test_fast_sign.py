"""Signatures answered before Flask (campaign/petitions/fast_sign.py): the same answer, the same
rules and one decision per POST, and never a 5xx whatever the body."""

import io

import pytest
from sqlalchemy import func, select
from werkzeug.test import create_environ, run_wsgi_app

from campaign.extensions import db
from campaign.models import Signature
from tests.factories import make_campaign
from tests.petitions.helpers import form_data

SIGN = "/petitions/save-our-centres/signatures"


@pytest.fixture(autouse=True)
def petition(app):
    return make_campaign()


def _signatures() -> int:
    return db.session.scalar(select(func.count()).select_from(Signature))


@pytest.fixture
def flask_view_calls(app):
    """How many times the Flask view ran."""
    calls = []
    view = app.view_functions["petitions.sign"]

    def counted(*args, **kwargs):
        calls.append(1)
        return view(*args, **kwargs)

    app.view_functions["petitions.sign"] = counted
    return calls


def test_a_signature_is_answered_before_flask_with_the_views_own_answer(client, flask_view_calls):
    fast = client.post(SIGN, data=form_data())
    assert flask_view_calls == []
    # Multipart is not read by the fast path: the view decides and answers it.
    slow = client.post(
        SIGN, data=form_data(email="grace@example.org"), content_type="multipart/form-data"
    )
    assert flask_view_calls == [1]
    assert _signatures() == 2
    for response in (fast, slow):
        assert response.status_code == 303
        assert response.headers["Location"] == "/petitions/save-our-centres/thank-you"
    assert fast.get_data() == slow.get_data()
    names = lambda r: {k for k in r.headers.keys()} - {"Vary"}  # noqa: E731
    assert names(fast) == names(slow)
    for name in ("Cache-Control", "Pragma", "Content-Security-Policy", "X-Frame-Options"):
        assert fast.headers[name] == slow.headers[name]


def test_a_form_with_mistakes_is_decided_once_and_shown_by_flask(app, client, flask_view_calls):
    app.config.update(RATELIMIT_ENABLED=True, SIGNING_RATE_LIMIT="3 per minute")
    answers = [client.post(SIGN, data=form_data(email="not-an-email")) for _ in range(4)]
    # Each refused POST counted once against the limit: three shown again, then the fourth 429.
    assert [a.status_code for a in answers] == [400, 400, 400, 429]
    assert flask_view_calls == [1, 1, 1, 1]
    assert "Enter an email address in the correct format" in answers[0].get_data(as_text=True)
    assert answers[2].headers["X-RateLimit-Remaining"] == "0"
    assert answers[3].headers["Retry-After"]
    assert _signatures() == 0


def test_the_rate_limit_headers_come_with_a_signature_answered_before_flask(app, client):
    app.config.update(RATELIMIT_ENABLED=True, SIGNING_RATE_LIMIT="3 per minute")
    signed = client.post(SIGN, data=form_data())
    assert signed.status_code == 303
    assert signed.headers["X-RateLimit-Limit"] == "3"
    assert signed.headers["X-RateLimit-Remaining"] == "2"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"name=\xff\xfe&email=ada%40example.org", "application/x-www-form-urlencoded"),
        (b"name=Ada%00&email=ada%40example.org&postcode=S1+2HH&privacy=y", None),
        (b"&".join(b"f%d=x" % i for i in range(500)), None),
        (b"name=" + b"A" * 20_000, None),
        (b"%%%&&&===;;;", None),
        (b"name=Ada", "application/x-www-form-urlencoded; charset=latin-1"),
        (b"", None),
    ],
)
def test_hostile_bodies_get_a_4xx_and_sign_nothing(client, body, content_type):
    response = client.post(
        SIGN, data=body, content_type=content_type or "application/x-www-form-urlencoded"
    )
    assert 400 <= response.status_code < 500
    assert _signatures() == 0


def test_a_body_that_cannot_be_read_is_a_400(app):
    class Broken(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            raise OSError("bad chunk size")

    environ = create_environ(
        SIGN, method="POST", data=b"x" * 30, content_type="application/x-www-form-urlencoded"
    )
    environ["wsgi.input"] = Broken()
    _, status, _ = run_wsgi_app(app, environ, buffered=True)
    assert status.startswith("400")
    assert _signatures() == 0
