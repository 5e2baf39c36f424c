"""Browser journeys: Debian's Chromium driven by Playwright against a live server on a free port.

The server is the app under test, served by Werkzeug in a thread with the safeguards a visitor
meets in production switched on: CSRF tokens, the signed 3-second minimum fill time and group
commit, with the count and campaign caches at their production freshness (2 seconds). Rate
limits stay off (every journey signs from 127.0.0.1). Mail goes to the file backend as `.eml`.

Without Chromium (or Playwright, or axe-core from `npm ci`) the journeys are skipped with the
reason, except in CI (CI=true), where a missing browser is a failure."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.browser.journey import ARTIFACTS, AXE_SCRIPT, CHROMIUM, Journey

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def _missing(chromium: str = CHROMIUM, axe: Path = AXE_SCRIPT) -> str | None:
    if not Path(chromium).exists():
        return f"Debian's chromium is not installed at {chromium} (apt-get install chromium)"
    if not axe.exists():
        return f"axe-core is not installed at {axe} (npm ci, which `make install` runs)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    return None


def _stop_if_missing(missing: str | None, in_ci: bool) -> None:
    """Skip where a developer has no browser; in CI a missing browser is a failure."""
    if missing is None:
        return
    if in_ci:
        pytest.fail(f"browser journeys cannot run in CI: {missing}")
    pytest.skip(missing)


@pytest.fixture(scope="session")
def browser():
    _stop_if_missing(_missing(), os.environ.get("CI", "").lower() == "true")
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app):
    """The test's app on an OS-assigned port, as production would configure a visitor's view."""
    app.config.update(
        WTF_CSRF_ENABLED=True,
        SIGNING_MIN_FILL_SECONDS=3.0,
        COUNTS_CACHE_SECONDS=2.0,
        CAMPAIGN_CACHE_SECONDS=2.0,
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(params=sorted(WIDTHS))
def journey(request, browser, live_server):
    """A fresh browser context at phone or desktop width, recording each step."""
    width, height = WIDTHS[request.param]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        base_url=live_server,
        accept_downloads=True,
        # Lets axe-core's script in once the pages send a strict Content-Security-Policy.
        bypass_csp=True,
    )
    name = request.node.originalname.removeprefix("test_")
    recorder = Journey(context.new_page(), ARTIFACTS / name / request.param, live_server)
    yield recorder
    context.close()


def pytest_terminal_summary(terminalreporter):
    if ARTIFACTS.exists():
        count = len(list(ARTIFACTS.rglob("*.png")))
        terminalreporter.write_line(f"browser journeys: {count} screenshots in {ARTIFACTS}")
