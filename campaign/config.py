"""Configuration classes: the one place settings are read from the environment, each with its one
default. Secrets come only from the environment; nothing is read at import time except through
these classes' attributes, which the app factory copies in. Everything else reads `app.config`
(tests/test_config.py keeps it so); the one exception is postcode_index_path(), which plain
scripts that run without Flask call directly."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

# Outbox delivery (campaign/mail/delivery.py): the settings' defaults, which its Policy shares.
DEFAULT_MAIL_BATCH_SIZE = 500
DEFAULT_MAIL_LEASE_SECONDS = 120.0
DEFAULT_MAIL_UNCERTAIN_GRACE_SECONDS = 300.0
DEFAULT_MAIL_RETRY_BASE_SECONDS = 10.0
DEFAULT_MAIL_RETRY_CAP_SECONDS = 3600.0
DEFAULT_MAIL_MAX_ATTEMPTS = 10
# SendGrid's API (campaign/mail/sendgrid_backend.py), also its backend's defaults.
DEFAULT_SENDGRID_API_HOST = "https://api.sendgrid.com"
DEFAULT_SENDGRID_TIMEOUT = 10.0
# Booklets (campaign/booklets/pool.py and cache.py), also their classes' defaults.
DEFAULT_BOOKLET_RENDER_WORKERS = 1
DEFAULT_BOOKLET_MAX_PENDING = 8
DEFAULT_BOOKLET_CACHE_MAX_FILES = 5000


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


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


def postcode_index_path() -> str:
    """Where the postcode index lives: read here for the app's config and for the index's own
    build script (campaign/places/postcode_index.py), which runs without Flask."""
    return os.environ.get("POSTCODE_INDEX_PATH") or str(INSTANCE / "postcodes-onspd-2025-11.bin")


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
        # Addresses with letters beyond ASCII before the @ (jürgen@example.de) need SMTPUTF8:
        # the file backend writes them, SendGrid's Mail Send API accepts only ASCII there, so
        # with SendGrid the signing form refuses them with a message saying so.
        self.EMAIL_ALLOW_SMTPUTF8 = _env_flag(
            "EMAIL_ALLOW_SMTPUTF8", self.MAIL_BACKEND != "sendgrid"
        )
        # Partner organisations' logos: checked images, stored under generated names.
        self.LOGO_DIR = os.environ.get("LOGO_DIR", str(INSTANCE / "logos"))
        self.LOGO_MAX_BYTES = _env_int("LOGO_MAX_BYTES", 512 * 1024)
        # Briefings and reports: checked PDFs up to this size, stored under generated names.
        self.RESOURCE_DIR = os.environ.get("RESOURCE_DIR", str(INSTANCE / "resources"))
        self.RESOURCE_MAX_BYTES = _env_int("RESOURCE_MAX_BYTES", 10 * 1024 * 1024)
        self.MAIL_FROM = os.environ.get("MAIL_FROM", "Best Start <petitions@beststart.example.org>")
        self.SENDGRID_API_KEY = os.environ.get("SENDGRID_API_KEY")
        self.SENDGRID_SANDBOX = _env_flag("SENDGRID_SANDBOX")
        self.SENDGRID_API_HOST = os.environ.get("SENDGRID_API_HOST", DEFAULT_SENDGRID_API_HOST)
        self.SENDGRID_TIMEOUT = _env_float("SENDGRID_TIMEOUT", DEFAULT_SENDGRID_TIMEOUT)
        # The Event Webhook's verification key (Mail Settings > Signed Event Webhook).
        self.SENDGRID_WEBHOOK_PUBLIC_KEY = os.environ.get("SENDGRID_WEBHOOK_PUBLIC_KEY")
        self.SENDGRID_WEBHOOK_TOLERANCE_SECONDS = _env_float(
            "SENDGRID_WEBHOOK_TOLERANCE_SECONDS", 600
        )
        # Outbox delivery (campaign/mail/delivery.py).
        self.MAIL_BATCH_SIZE = _env_int("MAIL_BATCH_SIZE", DEFAULT_MAIL_BATCH_SIZE)
        self.MAIL_LEASE_SECONDS = _env_float("MAIL_LEASE_SECONDS", DEFAULT_MAIL_LEASE_SECONDS)
        self.MAIL_UNCERTAIN_GRACE_SECONDS = _env_float(
            "MAIL_UNCERTAIN_GRACE_SECONDS", DEFAULT_MAIL_UNCERTAIN_GRACE_SECONDS
        )
        self.MAIL_RETRY_BASE_SECONDS = _env_float(
            "MAIL_RETRY_BASE_SECONDS", DEFAULT_MAIL_RETRY_BASE_SECONDS
        )
        self.MAIL_RETRY_CAP_SECONDS = _env_float(
            "MAIL_RETRY_CAP_SECONDS", DEFAULT_MAIL_RETRY_CAP_SECONDS
        )
        self.MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", DEFAULT_MAIL_MAX_ATTEMPTS)
        # The largest request body accepted (413 beyond it): no public form comes near 1 MiB.
        # SendGrid's webhook posts are allowed more (campaign/mail/webhooks.py).
        self.MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 1024 * 1024)
        self.REDIS_URL = os.environ.get("REDIS_URL")
        self.RATELIMIT_STORAGE_URI = os.environ.get(
            "RATELIMIT_STORAGE_URI", self.REDIS_URL or "memory://"
        )
        self.RATELIMIT_HEADERS_ENABLED = True
        # Redis down: rate limits fail open to per-process memory rather than refuse everyone
        # (README, "When PostgreSQL or Redis goes away").
        self.RATELIMIT_SWALLOW_ERRORS = True
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.RATELIMIT_ENABLED = _env_flag("RATELIMIT_ENABLED", True)
        self.SIGNING_RATE_LIMIT = os.environ.get("SIGNING_RATE_LIMIT", "30 per minute")
        # Proxies in front of the app (nginx, a CDN) whose X-Forwarded-For/-Proto it trusts, so
        # the per-IP rate limit and the recorded IP are the visitor's, not the load balancer's.
        # 0 (the default) trusts none: a client could otherwise pick its own address.
        self.TRUSTED_PROXY_HOPS = _env_int("TRUSTED_PROXY_HOPS", 0)
        # Group commit: signing requests share transactions (campaign/petitions/batching.py).
        self.SIGNING_BATCH_MAX = _env_int("SIGNING_BATCH_MAX", 500)
        self.POSTCODE_INDEX_PATH = postcode_index_path()
        # Delivering mail inside the web process is for `make run` only; production runs
        # `flask outbox deliver --loop` as its own process.
        self.OUTBOX_DELIVER_IN_PROCESS = _env_flag("OUTBOX_DELIVER_IN_PROCESS")
        self.SIGNING_MIN_FILL_SECONDS = _env_float("SIGNING_MIN_FILL_SECONDS", 3)
        self.CONFIRM_TOKEN_MAX_AGE = _env_int("CONFIRM_TOKEN_MAX_AGE", 14 * 86400)
        self.COUNTS_CACHE_SECONDS = _env_float("COUNTS_CACHE_SECONDS", 2)
        self.CAMPAIGN_CACHE_SECONDS = _env_float("CAMPAIGN_CACHE_SECONDS", 2)
        # How long a process trusts the open data's version before asking the database again.
        self.DATA_VERSION_CACHE_SECONDS = _env_float("DATA_VERSION_CACHE_SECONDS", 10)
        # A session cookie carries no expiry of its own; a stolen one should not work for ever.
        self.CAMPAIGNER_SESSION_HOURS = _env_float("CAMPAIGNER_SESSION_HOURS", 12)
        # PostgreSQL connection pool per process (campaign/database.py); SQLite has none.
        self.DB_POOL_SIZE = _env_int("DB_POOL_SIZE", 10)
        self.DB_MAX_OVERFLOW = _env_int("DB_MAX_OVERFLOW", 30)
        # Engine options given as overrides (tests) win over the backend's own.
        self.SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {}
        # Booklets (campaign/booklets/service.py). Empty cache dir: <instance>/booklets.
        self.BOOKLET_CACHE_DIR = os.environ.get("BOOKLET_CACHE_DIR", "")
        self.BOOKLET_CACHE_MAX_FILES = _env_int(
            "BOOKLET_CACHE_MAX_FILES", DEFAULT_BOOKLET_CACHE_MAX_FILES
        )
        # Render processes per web process.
        self.BOOKLET_RENDER_WORKERS = _env_int(
            "BOOKLET_RENDER_WORKERS", DEFAULT_BOOKLET_RENDER_WORKERS
        )
        # Booklets queued or rendering before visitors are told "busy".
        self.BOOKLET_MAX_PENDING = _env_int("BOOKLET_MAX_PENDING", DEFAULT_BOOKLET_MAX_PENDING)
        # Seconds a visitor waits before "busy, try again".
        self.BOOKLET_RENDER_TIMEOUT = _env_float("BOOKLET_RENDER_TIMEOUT", 20)
        # Render in the web process (tests, tools).
        self.BOOKLET_RENDER_INLINE = _env_flag("BOOKLET_RENDER_INLINE")
        # The job queue and shared booklet cache (campaign/booklets/queue.py): a Redis that the
        # booklet workers (`flask booklets work`) and every app node reach. Empty: render in
        # each web process's own pool, with the folder as the only cache (`make run`).
        self.BOOKLET_QUEUE_URL = os.environ.get("BOOKLET_QUEUE_URL", self.REDIS_URL or "")
        # How long a rendered booklet stays in the shared cache.
        self.BOOKLET_SHARED_CACHE_SECONDS = _env_int("BOOKLET_SHARED_CACHE_SECONDS", 3 * 86400)
        # Strict-Transport-Security: on in production only, where the site is served over HTTPS.
        self.SECURITY_HSTS = _env_flag("SECURITY_HSTS")
        # Privacy (campaign/privacy/): signatures of campaigns closed this long ago lose their
        # personal data; withdrawn signatures lose it after the grace period.
        self.ANONYMISE_AFTER_DAYS = _env_int("ANONYMISE_AFTER_DAYS", 180)
        self.WITHDRAWN_GRACE_DAYS = _env_int("WITHDRAWN_GRACE_DAYS", 7)
        self.ANONYMISE_BATCH_SIZE = _env_int("ANONYMISE_BATCH_SIZE", 1000)
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = True
        # CSRF on every form: Flask-WTF's session token, and on the signing form a session-free
        # signed double-submit token (campaign/petitions/double_submit.py).
        self.WTF_CSRF_ENABLED = True
        self.WTF_CSRF_TIME_LIMIT = None
        self.TEMPLATES_AUTO_RELOAD = False
        # Who runs the site (campaign/core/organisation.py): footer, privacy notice, emails.
        self.ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "")
        self.ORGANISATION_CHARITY_NUMBER = os.environ.get("ORGANISATION_CHARITY_NUMBER", "")
        self.ORGANISATION_EMAIL = os.environ.get("ORGANISATION_EMAIL", "")
        self.ORGANISATION_ADDRESS = os.environ.get("ORGANISATION_ADDRESS", "")
        self.ORGANISATION_LOGO = os.environ.get("ORGANISATION_LOGO", "")  # under static/
        self.ORGANISATION_DEMO = False

    def _name_the_demo_organisation_unless_one_is_set(self) -> None:
        """Outside production a site with no organisation set names the fictional one."""
        if self.ORGANISATION_NAME:
            return
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
        self._name_the_demo_organisation_unless_one_is_set()


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
        # Booklets render in the test process's pool; tests/booklets/test_queue.py covers the queue.
        self.BOOKLET_QUEUE_URL = ""
        self.SIGNING_MIN_FILL_SECONDS = 0.0
        self.COUNTS_CACHE_SECONDS = 0.0
        self.CAMPAIGN_CACHE_SECONDS = 0.0
        self.DATA_VERSION_CACHE_SECONDS = 0.0
        self.MAIL_RETRY_BASE_SECONDS = 0.05
        self.MAIL_RETRY_CAP_SECONDS = 0.5
        self.SERVER_NAME = None
        self._name_the_demo_organisation_unless_one_is_set()


class ProductionConfig(Config):
    # No safe default exists for these in production: a development key, SQLite in instance/,
    # per-process rate limits and links to 127.0.0.1 would each fail quietly.
    REQUIRED = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "BASE_URL")

    def __init__(self) -> None:
        super().__init__()
        required = list(self.REQUIRED)
        if self.MAIL_BACKEND == "sendgrid":
            required.append("SENDGRID_API_KEY")
        missing = [name for name in required if not os.environ.get(name, "").strip()]
        if missing:
            raise RuntimeError(
                "Production needs these settings in the environment, and they are not set: "
                + ", ".join(missing)
                + " (see the Configuration table in README.md)"
            )
        self.SECURITY_HSTS = _env_flag("SECURITY_HSTS", True)


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_class() -> type[Config]:
    """The config FLASK_CONFIG names (development unless set)."""
    return CONFIGS[os.environ.get("FLASK_CONFIG", "development")]
