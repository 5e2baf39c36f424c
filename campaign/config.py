"""Configuration classes. Secrets come only from the environment; nothing is read at import time
except through these classes' attributes, which the app factory copies in."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{INSTANCE / 'best-start.db'}"
    # Heroku-style URLs name the old driver; psycopg 3 is the one we ship.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


# A made-up organisation for `make run` and the tests; every page says it is fictional.
DEMO_ORGANISATION = {
    "name": "Acorn Lane Families Trust",
    "charity_number": "0000000",
    "email": "hello@acorn-lane.example",
    "address": "1 Example Street, Sampleton",
    "logo": "img/demo-logo.svg",
}


class Config:
    def __init__(self) -> None:
        self.SQLALCHEMY_DATABASE_URI = _database_url()
        self.SECRET_KEY = os.environ.get("SECRET_KEY")
        self.BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
        self.MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
        self.MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR", str(INSTANCE / "mail"))
        self.MAIL_FROM = os.environ.get("MAIL_FROM", "Best Start <petitions@beststart.example.org>")
        self.SENDGRID_API_KEY = os.environ.get("SENDGRID_API_KEY")
        self.SENDGRID_SANDBOX = _env_flag("SENDGRID_SANDBOX")
        self.SENDGRID_API_HOST = os.environ.get("SENDGRID_API_HOST", "https://api.sendgrid.com")
        self.SENDGRID_TIMEOUT = float(os.environ.get("SENDGRID_TIMEOUT", "10"))
        # The Event Webhook's verification key (Mail Settings > Signed Event Webhook).
        self.SENDGRID_WEBHOOK_PUBLIC_KEY = os.environ.get("SENDGRID_WEBHOOK_PUBLIC_KEY")
        self.SENDGRID_WEBHOOK_TOLERANCE_SECONDS = float(
            os.environ.get("SENDGRID_WEBHOOK_TOLERANCE_SECONDS", "600")
        )
        # Outbox delivery (campaign/mail/delivery.py).
        self.MAIL_BATCH_SIZE = int(os.environ.get("MAIL_BATCH_SIZE", "500"))
        self.MAIL_LEASE_SECONDS = float(os.environ.get("MAIL_LEASE_SECONDS", "120"))
        self.MAIL_UNCERTAIN_GRACE_SECONDS = float(
            os.environ.get("MAIL_UNCERTAIN_GRACE_SECONDS", "300")
        )
        self.MAIL_RETRY_BASE_SECONDS = float(os.environ.get("MAIL_RETRY_BASE_SECONDS", "10"))
        self.MAIL_RETRY_CAP_SECONDS = float(os.environ.get("MAIL_RETRY_CAP_SECONDS", "3600"))
        self.MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "10"))
        self.REDIS_URL = os.environ.get("REDIS_URL")
        self.RATELIMIT_STORAGE_URI = os.environ.get(
            "RATELIMIT_STORAGE_URI", self.REDIS_URL or "memory://"
        )
        self.RATELIMIT_HEADERS_ENABLED = True
        self.RATELIMIT_ENABLED = _env_flag("RATELIMIT_ENABLED", True)
        self.SIGNING_RATE_LIMIT = os.environ.get("SIGNING_RATE_LIMIT", "30 per minute")
        # Group commit: signing requests share transactions (campaign/petitions/batching.py).
        self.SIGNING_BATCH = _env_flag("SIGNING_BATCH", True)
        self.POSTCODE_INDEX_PATH = os.environ.get(
            "POSTCODE_INDEX_PATH", str(INSTANCE / "postcodes-onspd-2025-11.bin")
        )
        # Delivering mail inside the web process is for `make run` only; production runs
        # `flask outbox deliver --loop` as its own process.
        self.OUTBOX_DELIVER_IN_PROCESS = _env_flag("OUTBOX_DELIVER_IN_PROCESS")
        self.SIGNING_MIN_FILL_SECONDS = float(os.environ.get("SIGNING_MIN_FILL_SECONDS", "3"))
        self.CONFIRM_TOKEN_MAX_AGE = int(os.environ.get("CONFIRM_TOKEN_MAX_AGE", str(14 * 86400)))
        self.COUNTS_CACHE_SECONDS = float(os.environ.get("COUNTS_CACHE_SECONDS", "2"))
        self.CAMPAIGN_CACHE_SECONDS = float(os.environ.get("CAMPAIGN_CACHE_SECONDS", "2"))
        # How long a process trusts the open data's version before asking the database again.
        self.DATA_VERSION_CACHE_SECONDS = float(os.environ.get("DATA_VERSION_CACHE_SECONDS", "10"))
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = True
        self.WTF_CSRF_TIME_LIMIT = None
        self.TEMPLATES_AUTO_RELOAD = False
        # Who runs the site (campaign/core/organisation.py): footer, privacy notice, emails.
        self.ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "")
        self.ORGANISATION_CHARITY_NUMBER = os.environ.get("ORGANISATION_CHARITY_NUMBER", "")
        self.ORGANISATION_EMAIL = os.environ.get("ORGANISATION_EMAIL", "")
        self.ORGANISATION_ADDRESS = os.environ.get("ORGANISATION_ADDRESS", "")
        self.ORGANISATION_LOGO = os.environ.get("ORGANISATION_LOGO", "")  # under static/
        self.ORGANISATION_DEMO = False
        if not self.ORGANISATION_NAME and not isinstance(self, ProductionConfig):
            self.ORGANISATION_DEMO = True
            self.ORGANISATION_NAME = DEMO_ORGANISATION["name"]
            self.ORGANISATION_CHARITY_NUMBER = DEMO_ORGANISATION["charity_number"]
            self.ORGANISATION_EMAIL = DEMO_ORGANISATION["email"]
            self.ORGANISATION_ADDRESS = DEMO_ORGANISATION["address"]
            self.ORGANISATION_LOGO = DEMO_ORGANISATION["logo"]


class DevelopmentConfig(Config):
    def __init__(self) -> None:
        super().__init__()
        # A fixed key is fine on a developer's machine and never used in production.
        self.SECRET_KEY = self.SECRET_KEY or "development-only-secret-key"
        self.SESSION_COOKIE_SECURE = False
        self.OUTBOX_DELIVER_IN_PROCESS = _env_flag("OUTBOX_DELIVER_IN_PROCESS", True)


class TestConfig(Config):
    __test__ = False  # not a pytest test class, whatever its name
    TESTING = True

    def __init__(self) -> None:
        super().__init__()
        self.TESTING = True
        self.SECRET_KEY = "test-secret-key"  # noqa: S105 - tests only
        self.SESSION_COOKIE_SECURE = False
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.RATELIMIT_ENABLED = False
        # Tests that are about CSRF switch it back on.
        self.WTF_CSRF_ENABLED = False
        # Most tests sign in the request thread; tests/petitions/test_batching.py covers batches.
        self.SIGNING_BATCH = False
        self.SIGNING_MIN_FILL_SECONDS = 0.0
        self.COUNTS_CACHE_SECONDS = 0.0
        self.CAMPAIGN_CACHE_SECONDS = 0.0
        self.DATA_VERSION_CACHE_SECONDS = 0.0
        self.MAIL_RETRY_BASE_SECONDS = 0.05
        self.MAIL_RETRY_CAP_SECONDS = 0.5
        self.SERVER_NAME = None


class ProductionConfig(Config):
    def __init__(self) -> None:
        super().__init__()
        if not self.SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in the environment in production")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
