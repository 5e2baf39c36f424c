"""When the database goes away: 503 with the designed page and Retry-After, what was typed
kept; pages that do not need the database keep working; the app recovers by itself. When Redis
goes away, rate limits fail open to per-process memory (README explains why)."""

import gc
import time
import warnings

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from campaign import create_app
from campaign.config import TestConfig
from campaign.extensions import db
from campaign.models import Signature
from tests.conftest import POSTGRES
from tests.factories import make_campaign
from tests.outage_proxy import Proxy
from tests.petitions.helpers import SHEFFIELD, form_data
from tests.places.conftest import postcode_index_path  # noqa: F401 - a fixture

# Loopback ports in this suite's range where nothing listens, or where the proxy does.
NOTHING_LISTENS = 5601
PROXY_PORT = 5602


@pytest.fixture
def dead_database_app(postcode_index_path):  # noqa: F811 - the fixture imported above
    url = f"postgresql+psycopg://nobody@127.0.0.1:{NOTHING_LISTENS}/none?connect_timeout=2"
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_a_page_that_needs_the_database_answers_503_with_retry_after(dead_database_app):
    response = dead_database_app.test_client().get("/petitions/save-our-centres")

    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "could not do that just now" in response.get_data(as_text=True)


def test_json_answers_503_as_json(dead_database_app):
    response = dead_database_app.test_client().get("/petitions/save-our-centres.json")

    assert response.status_code == 503
    assert response.json["error"] == "Service Unavailable"
    assert "Retry-After" in response.headers


def test_a_signature_sent_while_the_database_is_down_keeps_what_was_typed(dead_database_app):
    data = form_data(name="Grace Hopper", email="grace@example.org", email_updates="y")

    response = dead_database_app.test_client().post(
        "/petitions/save-our-centres/signatures", data=data
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Retry-After" in response.headers
    assert 'action="/petitions/save-our-centres/signatures"' in page
    for name, value in [("name", "Grace Hopper"), ("email", "grace@example.org")]:
        assert f'name="{name}" value="{value}"' in page
    assert 'name="email_updates" value="y"' in page


@pytest.mark.parametrize("path", ["/privacy", f"/local?postcode={SHEFFIELD}", "/static/app.css"])
def test_pages_that_do_not_need_the_database_keep_working(dead_database_app, path):
    response = dead_database_app.test_client().get(path)
    response.close()

    assert response.status_code in (200, 302)


@pytest.mark.skipif(not POSTGRES, reason="a PostgreSQL connection to cut")
def test_postgresql_going_away_and_coming_back_loses_nothing_and_recovers_by_itself(
    _database,
    postcode_index_path,  # noqa: F811 - the fixture imported above
):
    real = make_url(_database)
    proxy = Proxy(PROXY_PORT, (real.host or "127.0.0.1", real.port or 5432)).up()
    app = create_app(
        TestConfig, {"SQLALCHEMY_DATABASE_URI": real.set(port=PROXY_PORT).render_as_string(False)}
    )
    client = app.test_client()
    try:
        with app.app_context():
            make_campaign()
            assert (
                client.post(
                    "/petitions/save-our-centres/signatures", data=form_data(email="a@example.org")
                ).status_code
                == 303
            )

            proxy.down()
            during = client.post(
                "/petitions/save-our-centres/signatures", data=form_data(email="b@example.org")
            )
            privacy = client.get("/privacy")
            proxy.up()
            started = time.monotonic()
            while (
                answer := client.post(
                    "/petitions/save-our-centres/signatures", data=form_data(email="b@example.org")
                )
            ).status_code != 303:
                assert answer.status_code == 503
                assert time.monotonic() - started < 10, "not recovered within 10 seconds"
                time.sleep(0.2)

            assert (during.status_code, privacy.status_code) == (503, 200)
            assert db.session.scalar(select(func.count(Signature.id))) == 2
    finally:
        proxy.down()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        # Connections cut by the proxy are dropped by the pool without a clean close; collect
        # them here, where that is expected, rather than in whichever test runs next.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()
        _empty(_database)


def _empty(url: str) -> None:
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from tests.conftest import _empty_all_tables

        _empty_all_tables()
        db.engine.dispose()


def test_with_redis_down_signing_still_works_and_limits_fall_back_to_memory(app, client):
    app.config.update(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{NOTHING_LISTENS}/5",
        SIGNING_RATE_LIMIT="2 per minute",
    )
    limited = create_app(TestConfig, dict(app.config))
    make_campaign()
    browser = limited.test_client()

    answers = [
        browser.post(
            "/petitions/save-our-centres/signatures", data=form_data(email=f"p{i}@example.org")
        ).status_code
        for i in range(3)
    ]

    with limited.app_context():
        db.engine.dispose()  # its own engine: close its connections before the next test
    assert answers == [303, 303, 429]
