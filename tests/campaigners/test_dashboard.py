from datetime import datetime, timedelta

import pytest

from campaign.campaigners.dashboard import bursts, densest_window, disposable_domains, summary
from tests.campaigners.helpers import CARDIFF, add_signature, signed_in
from tests.factories import make_campaign


@pytest.fixture
def petition(app):
    return make_campaign()


def test_summary_counts_each_state_the_confirmation_rate_and_duplicates_prevented(petition):
    add_signature(petition, "Ann One", repeat_attempts=2)
    add_signature(petition, "Bob Two")
    add_signature(petition, "Cat Three", status="pending", repeat_attempts=1)
    add_signature(petition, "Dan Four", status="withdrawn")
    add_signature(petition, "Eve Five", status="invalidated")
    figures = summary(petition)
    assert (figures.confirmed, figures.pending, figures.withdrawn, figures.invalidated) == (
        2,
        1,
        1,
        1,
    )
    assert figures.confirmation_rate == pytest.approx(2 / 3)
    assert figures.duplicates_prevented == 3


def test_a_campaign_without_signatures_has_no_confirmation_rate(petition):
    assert summary(petition).confirmation_rate is None


def test_the_densest_window_finds_the_burst_inside_a_longer_stream():
    start = datetime(2026, 11, 1, 9)
    times = [start + timedelta(hours=h) for h in range(5)]
    times += [start + timedelta(hours=2, seconds=20 * s) for s in range(12)]
    most, begins = densest_window(sorted(times))
    assert most == 13
    assert begins == start + timedelta(hours=2)


def test_an_ip_sending_many_signatures_in_minutes_is_flagged_but_a_slow_one_is_not(petition):
    start = datetime(2026, 11, 1, 9)
    for n in range(12):
        add_signature(
            petition,
            f"Burst Person{n}",
            ip="203.0.113.9",
            created_at=start + timedelta(seconds=30 * n),
        )
    for n in range(12):
        add_signature(
            petition, f"Office Person{n}", ip="198.51.100.20", created_at=start + timedelta(hours=n)
        )
    (flagged,) = bursts(petition)
    assert flagged.ip_address == "203.0.113.9"
    assert flagged.most_in_window == 12 and flagged.total == 12


def test_disposable_email_domains_are_counted_and_ordinary_ones_ignored(petition):
    add_signature(petition, "Temp One", email="one@mailinator.com")
    add_signature(petition, "Temp Two", email="two@MAILINATOR.com")
    add_signature(petition, "Real Person", email="real@example.org")
    add_signature(petition, "Gone Temp", email="gone@mailinator.com", status="invalidated")
    assert disposable_domains(petition) == [{"domain": "mailinator.com", "count": 2}]


def test_the_dashboard_page_shows_counts_charts_places_and_abuse(app, client, petition):
    signed_in(client)
    add_signature(petition, "Ann One")
    add_signature(petition, "Bob Two", council=CARDIFF, postcode="CF10 1EP")
    add_signature(petition, "Temp One", email="one@mailinator.com", status="pending")
    page = client.get(f"/campaigners/campaigns/{petition.id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Confirmation rate" in body and "67%" in body
    # Each chart is drawn for a wide screen and for a phone; the stylesheet shows one.
    assert body.count("<svg") == 4 and body.count('class="chart-phone"') == 2
    assert "Yorkshire and The Humber" in body and "Wales" in body
    assert "mailinator.com" in body
    assert "No IP address sent a burst" in body


def test_an_unknown_campaign_is_not_found(app, client):
    signed_in(client)
    assert client.get("/campaigners/campaigns/4242").status_code == 404


def test_a_burst_already_invalidated_is_no_longer_listed_as_suspect(petition):
    start = datetime(2026, 11, 1, 9)
    for n in range(12):
        add_signature(
            petition,
            f"Burst Person{n}",
            ip="203.0.113.9",
            status="invalidated",
            created_at=start + timedelta(seconds=30 * n),
        )
    assert bursts(petition) == []


def test_the_dashboard_looks_at_recent_abuse_unless_asked_for_the_whole_campaign(
    app, client, petition
):
    signed_in(client)
    long_ago = datetime(2025, 1, 1, 9)
    for n in range(12):
        add_signature(
            petition,
            f"Old Burst{n}",
            ip="203.0.113.50",
            created_at=long_ago + timedelta(seconds=10 * n),
        )
    recent = client.get(f"/campaigners/campaigns/{petition.id}").get_data(as_text=True)
    assert "203.0.113.50" not in recent and "Check the whole campaign" in recent
    whole = client.get(f"/campaigners/campaigns/{petition.id}?abuse=all").get_data(as_text=True)
    assert "203.0.113.50" in whole and "Only the last 7 days" in whole


@pytest.mark.parametrize(("signers", "words"), [(1, "The one council"), (2, "All 2 councils")])
def test_the_council_list_is_worded_for_its_count(app, client, petition, signers, words):
    add_signature(petition, "Ann One")
    if signers == 2:
        add_signature(petition, "Cy Three", council=CARDIFF, postcode="CF10 1EP")
    signed_in(client)
    page = client.get(f"/campaigners/campaigns/{petition.id}").get_data(as_text=True)
    assert f"<summary>{words}</summary>" in page
    assert "All 1 councils" not in page
