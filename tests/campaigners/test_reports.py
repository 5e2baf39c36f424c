from datetime import date

import pytest

from campaign.extensions import db
from campaign.models import ClosureReport
from campaign.places.reports import submit_report
from tests.campaigners.helpers import csrf_free, signed_in


@pytest.fixture
def moderator(app, client):
    csrf_free(app)
    return signed_in(client)


def _report(**fields):
    values = {
        "centre_name": "Firth Park Children's Centre",
        "kind": "closure",
        "happened_on": date(2025, 3, 31),
        "evidence_url": "https://www.sheffield.gov.uk/news/centre-closure",
    }
    values.update(fields)
    return submit_report("E08000039", **values)


def test_pending_reports_are_listed_with_their_council_and_evidence(moderator):
    _report(details="Closed at the end of March")
    page = moderator.get("/campaigners/reports").get_data(as_text=True)
    assert "Firth Park Children&#39;s Centre" in page and "Sheffield" in page
    assert 'href="https://www.sheffield.gov.uk/news/centre-closure"' in page
    assert 'rel="noopener noreferrer nofollow"' in page


def test_approving_a_report_publishes_it_and_records_who_decided(moderator):
    report = _report()
    response = moderator.post(f"/campaigners/reports/{report.id}/approve")
    assert response.status_code == 302
    db.session.expire_all()
    decided = db.session.get(ClosureReport, report.id)
    assert decided.status == "approved" and decided.moderated_by == "campaigner@example.org"


def test_rejecting_a_report_keeps_it_off_the_council_page(moderator):
    from campaign.places.reports import approved_reports

    report = _report()
    moderator.post(f"/campaigners/reports/{report.id}/reject")
    assert approved_reports("E08000039") == []
    page = moderator.get("/campaigners/reports").get_data(as_text=True)
    assert "No reports are waiting" in page and "rejected by campaigner@example.org" in page


def test_an_evidence_link_that_is_not_http_is_shown_as_text_not_a_link(moderator):
    _report(evidence_url="javascript:alert(1)")
    page = moderator.get("/campaigners/reports").get_data(as_text=True)
    assert 'href="javascript:' not in page


@pytest.mark.parametrize(
    "path", ["/campaigners/reports/999/approve", "/campaigners/reports/1/publish"]
)
def test_unknown_reports_or_decisions_are_not_found(moderator, path):
    assert moderator.post(path).status_code == 404
