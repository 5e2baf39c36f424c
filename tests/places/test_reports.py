from datetime import date

import pytest

from campaign.places import reports
from campaign.places.facts_build import council_facts


def _report(**overrides):
    values = {
        "centre_name": "Sharrow Family Hub",
        "kind": "closure",
        "happened_on": date(2025, 3, 31),
        "evidence_url": "https://www.example.gov.uk/decision",
        "details": "",
    }
    values.update(overrides)
    return reports.submit_report("E08000039", **values)


def test_a_new_report_waits_and_does_not_show(loaded):
    report = _report()
    assert report.status == "pending"
    assert reports.pending_reports() == [report]
    assert council_facts("E08000039").centres.closed == ()


def test_an_approved_report_shows_marked_as_reported_by_the_public(loaded):
    report = _report(kind="cut", details="Opening hours halved")
    assert reports.approve_report(report.id, by="campaigner@example.org").status == "approved"
    (shown,) = council_facts("E08000039").centres.closed
    assert (shown.name, shown.kind, shown.reported_by_public) == ("Sharrow Family Hub", "cut", True)
    assert shown.evidence_url == "https://www.example.gov.uk/decision"
    assert report.moderated_by == "campaigner@example.org"
    assert reports.pending_reports() == []


def test_a_rejected_report_never_shows(loaded):
    report = _report()
    reports.reject_report(report.id)
    assert council_facts("E08000039").centres.closed == ()


def test_a_report_shows_only_on_its_own_council(loaded):
    reports.approve_report(_report().id)
    assert council_facts("E08000038").centres.closed == ()


@pytest.mark.parametrize("decide", [reports.approve_report, reports.reject_report])
def test_deciding_on_a_missing_report_returns_none(app, decide):
    assert decide(12345) is None


def test_cli_lists_approves_and_rejects_reports(runner):
    first, second = _report(), _report(centre_name="Wybourn Children's Centre")
    listed = runner.invoke(args=["data", "reports"])
    assert (
        f"#{first.id} E08000039 closure of 'Sharrow Family Hub' on 31 March 2025" in listed.output
    )
    assert runner.invoke(args=["data", "approve-report", str(first.id)]).exit_code == 0
    assert runner.invoke(args=["data", "reject-report", str(second.id)]).exit_code == 0
    assert "No reports are waiting." in runner.invoke(args=["data", "reports"]).output
    missing = runner.invoke(args=["data", "approve-report", "999"])
    assert missing.exit_code != 0 and "There is no report #999" in missing.output
