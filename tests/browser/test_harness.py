"""The journeys skip only on a developer's machine without a browser; in CI they fail."""

import sys
from pathlib import Path

import pytest

from tests.browser.conftest import _missing, _stop_if_missing


def test_a_missing_chromium_or_axe_core_is_named(tmp_path):
    assert "apt-get install chromium" in _missing(chromium=str(tmp_path / "none"))
    assert "npm ci" in _missing(chromium=sys.executable, axe=Path(tmp_path / "axe.min.js"))


def test_without_chromium_a_developer_skips_with_the_reason():
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        _stop_if_missing("Debian's chromium is not installed", in_ci=False)


def test_without_chromium_ci_fails():
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI"):
        _stop_if_missing("Debian's chromium is not installed", in_ci=True)


def test_with_everything_installed_nothing_stops():
    assert _stop_if_missing(None, in_ci=True) is None
