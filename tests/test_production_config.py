"""ProductionConfig refuses to start without the settings it has no safe default for."""

import pytest

from campaign.config import ProductionConfig

PRODUCTION = {
    "SECRET_KEY": "a-real-secret",
    "DATABASE_URL": "postgresql://db.example.org/best_start",
    "REDIS_URL": "redis://cache.example.org:6379/0",
    "BASE_URL": "https://beststart.example.org",
}


def set_environment(monkeypatch, values: dict) -> None:
    for name in (*PRODUCTION, "MAIL_BACKEND", "SENDGRID_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_production_config_starts_with_every_required_setting(monkeypatch):
    set_environment(monkeypatch, PRODUCTION)
    config = ProductionConfig()
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://db.example.org/best_start"
    assert config.BASE_URL == "https://beststart.example.org"


def test_production_config_names_every_missing_setting_in_one_message(monkeypatch):
    set_environment(monkeypatch, {"DATABASE_URL": PRODUCTION["DATABASE_URL"], "BASE_URL": " "})
    with pytest.raises(RuntimeError) as error:
        ProductionConfig()
    message = str(error.value)
    assert "not set: SECRET_KEY, REDIS_URL, BASE_URL (" in message
    assert "DATABASE_URL" not in message


def test_production_config_needs_the_sendgrid_key_only_when_sendgrid_sends(monkeypatch):
    set_environment(monkeypatch, {**PRODUCTION, "MAIL_BACKEND": "sendgrid"})
    with pytest.raises(RuntimeError, match=r"not set: SENDGRID_API_KEY \("):
        ProductionConfig()
    monkeypatch.setenv("SENDGRID_API_KEY", "SG.key")
    assert ProductionConfig().SENDGRID_API_KEY == "SG.key"
