"""The data version: read once per booklet or page, kept for a setting's seconds, and forgotten
as soon as this process changes the data."""

from datetime import date
from pathlib import Path

import pytest

from campaign.places import gias, reports, versions


@pytest.fixture
def reads(monkeypatch):
    """Counts the reads of the data version from the database."""
    calls = []
    real = versions.data_version

    def counted() -> str:
        calls.append(1)
        return real()

    monkeypatch.setattr(versions, "data_version", counted)
    return calls


@pytest.fixture
def kept(app):
    app.config["DATA_VERSION_CACHE_SECONDS"] = 60
    versions.forget()
    yield
    versions.forget()


def test_a_booklet_reads_the_data_version_once(loaded, client, reads):
    response = client.get("/local/E08000039/booklet.pdf")
    response.get_data()
    response.close()
    assert response.status_code == 200
    assert len(reads) == 1


def test_the_council_page_reads_the_data_version_once(loaded, client, reads):
    response = client.get("/local/E08000039")
    assert response.status_code == 200
    assert len(reads) == 1


def test_the_version_is_kept_for_the_settings_seconds(loaded, kept, reads):
    first = versions.current()
    assert versions.current() == first
    assert len(reads) == 1


def test_approving_a_report_forgets_the_kept_version_at_once(loaded, kept):
    before = versions.current()
    report = reports.submit_report(
        "E08000039",
        centre_name="Sharrow Family Hub",
        kind="cut",
        happened_on=date(2025, 3, 31),
        evidence_url="https://www.example.gov.uk/decision",
    )
    assert versions.current() == before
    reports.approve_report(report.id)
    assert versions.current() != before


def test_flask_data_load_forgets_the_kept_version(loaded, kept, runner, reads):
    versions.current()
    result = runner.invoke(args=["data", "load"])
    assert result.exit_code == 0, result.output
    versions.current()
    assert len(reads) == 2


def test_importing_the_centre_register_forgets_the_kept_version_at_once(loaded, kept):
    before = versions.current()
    gias.import_centres(Path(__file__).parent / "fixtures" / "gias_childrens_centres.csv")
    assert versions.current() != before
