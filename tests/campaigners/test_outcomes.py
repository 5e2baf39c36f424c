"""The campaigners' outcome page: milestones, the response, and emailing it once."""

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import Milestone, OutboxMessage, TargetResponse
from tests.campaigners.helpers import add_signature, csrf_free, signed_in
from tests.factories import make_campaign

RESPONSE = {
    "responded_by": "the Department for Education",
    "responded_on": "2026-03-01",
    "text": "Thank you for your petition.",
}


@pytest.fixture
def petition(app):
    campaign = make_campaign(state="closed")
    add_signature(campaign, "Opted In", email_updates=True)
    return campaign


@pytest.fixture
def campaigner(app, client):
    # Emailing every signer is an admin's work (campaigners/roles.py; tests/campaigners/
    # test_roles.py proves who may do what), and an admin may do all of this page.
    csrf_free(app)
    return signed_in(client, "admin@example.org", role="admin")


def test_a_campaigner_records_milestones_and_the_response(campaigner, petition):
    base = f"/campaigners/campaigns/{petition.id}"
    added = campaigner.post(
        f"{base}/milestones", data={"kind": "handed_in", "happened_on": "2026-02-01"}
    )
    assert added.status_code == 302
    assert campaigner.post(f"{base}/response", data=RESPONSE).status_code == 302
    page = campaigner.get(f"{base}/outcome").get_data(as_text=True)
    assert "Handed in" in page and "Email the response to 1 person" in page
    milestone = db.session.scalar(select(Milestone))
    assert campaigner.post(f"{base}/milestones/{milestone.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Milestone)) == 0


def test_emailing_the_response_twice_sends_one_copy(campaigner, petition):
    base = f"/campaigners/campaigns/{petition.id}"
    campaigner.post(f"{base}/response", data=RESPONSE)
    first = campaigner.post(f"{base}/response/email", data={"confirm": "y"})
    second = campaigner.post(f"{base}/response/email", data={"confirm": "y"})
    assert first.status_code == second.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    page = campaigner.get(f"{base}/outcome").get_data(as_text=True)
    assert "Emailed to signers on" in page and "Email the response to" not in page


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("milestones", {"kind": "handed_in", "happened_on": ""}, "Enter the date"),
        (
            "milestones",
            {"kind": "handed_in", "happened_on": "31/02/2026"},
            "Enter the date, like 2026-03-01",
        ),
        ("milestones", {"kind": "sunk", "happened_on": "2026-02-01"}, "Not a valid choice"),
        ("response", {**RESPONSE, "text": ""}, "Enter the text of the response"),
        ("response", {**RESPONSE, "responded_by": "<b>x</b>"}, "without &lt; or &gt;"),
        ("response/email", {}, "Tick the box to confirm"),
        ("response/email", {"confirm": "y"}, "Save the response before emailing it"),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(campaigner, petition, path, data, message):
    response = campaigner.post(f"/campaigners/campaigns/{petition.id}/{path}", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(TargetResponse)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
