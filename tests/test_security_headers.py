"""Security headers on every blueprint's responses, and no-store on everything personal."""

import pytest

from campaign import create_app
from campaign.config import TestConfig
from campaign.security_headers import CONTENT_SECURITY_POLICY

# One request per blueprint (and the static files); a new blueprint without one fails below.
SAMPLES = {
    "petitions": ("GET", "/"),
    "places": ("GET", "/local"),
    "booklets": ("POST", "/local/E08000039/booklet/email"),
    "campaigners": ("GET", "/campaigners/sign-in"),
    "webhooks": ("POST", "/webhooks/sendgrid"),
    "resources": ("GET", "/resources"),
    "static": ("GET", "/static/app.css"),
}

PERSONAL = [
    ("GET", "/campaigners/sign-in"),
    ("GET", "/petitions/no-such/thank-you"),
    ("GET", "/petitions/no-such/confirm/abc"),
    ("GET", "/petitions/no-such/withdraw/abc"),
    ("GET", "/unsubscribe/abc"),
    ("POST", "/local/E08000039/booklet/email"),
]


def test_every_blueprint_has_a_sample_request(app):
    top_level = {name.split(".", 1)[0] for name in app.blueprints}
    assert top_level | {"static"} == set(SAMPLES)


@pytest.mark.parametrize("blueprint", sorted(SAMPLES))
def test_every_blueprint_answers_with_the_security_headers(client, blueprint):
    method, path = SAMPLES[blueprint]
    response = client.open(path, method=method)
    response.close()  # static files are streamed from an open file
    headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # not outside production


def test_the_policy_allows_no_inline_script_or_style_and_no_framing():
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "img-src 'self' data:" in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(("method", "path"), PERSONAL)
def test_personal_pages_are_never_stored(client, method, path):
    assert client.open(path, method=method).headers["Cache-Control"] == "no-store"


def test_public_pages_may_be_cached(client):
    assert client.get("/privacy").headers.get("Cache-Control") != "no-store"


def test_hsts_is_sent_when_switched_on_as_in_production(_database):
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": _database, "SECURITY_HSTS": True})
    response = app.test_client().get("/privacy")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_switches_hsts_on_by_default(monkeypatch):
    from campaign.config import ProductionConfig

    for name, value in {
        "SECRET_KEY": "x" * 32,
        "DATABASE_URL": "postgresql://db.example/best",
        "REDIS_URL": "redis://cache.example/0",
        "BASE_URL": "https://beststart.example.org",
        "MAIL_BACKEND": "file",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SECURITY_HSTS", raising=False)
    assert ProductionConfig().SECURITY_HSTS is True


def test_the_pages_carry_no_inline_script_or_style():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    # Emails and the hand-in PDF are not served as web pages; the CSP does not reach them.
    pages = [p for p in root.rglob("*.html") if "email" not in p.parts and "handin" not in p.parts]
    assert pages
    for page in pages:
        text = page.read_text()
        assert "<script" not in text and "<style" not in text, page
        assert " style=" not in text and " on" + "click=" not in text, page
