"""Each partner's campaigners export only the signers who opted in to that partner, in every
export format; the lead's team exports the campaign's own opt-ins; others get nothing."""

import csv
import io

import pytest
from sqlalchemy import select

from campaign.core import partner_consent
from campaign.extensions import db
from campaign.models import Account, ConsentRecord
from campaign.petitions import partners
from tests.campaigners.helpers import add_signature, csrf_free, signed_in
from tests.factories import make_campaign


def _opt_in(signature, organisation, wording) -> None:
    opt_in = partner_consent.PartnerOptIn(organisation.id, wording.id, wording.text)
    values = partner_consent.record_values(signature, opt_in, "given", "tests")
    db.session.add(ConsentRecord(**values))
    db.session.commit()


@pytest.fixture
def coalition(app):
    campaign = make_campaign()
    lead = partners.add_organisation("Lead")
    first = partners.add_organisation("First")
    second = partners.add_organisation("Second")
    outsider = partners.add_organisation("Outsider")
    partners.link(campaign.id, lead.id, "lead")
    for org in (first, second):
        partners.link(campaign.id, org.id, "partner")
    first_words = partners.set_wording(campaign.id, first.id, "First may email me.", "t")
    second_words = partners.set_wording(campaign.id, second.id, "Second may email me.", "t")
    only_first = add_signature(campaign, "Only First", email_updates=False)
    only_second = add_signature(campaign, "Only Second", email_updates=True)
    both = add_signature(campaign, "Both Partners", email_updates=False)
    left_first = add_signature(campaign, "Left First", email_updates=False)
    add_signature(campaign, "Pending First", status="pending", email_updates=False)
    _opt_in(only_first, first, first_words)
    _opt_in(only_second, second, second_words)
    _opt_in(both, first, first_words)
    _opt_in(both, second, second_words)
    _opt_in(left_first, first, first_words)
    partner_consent.withdraw(db.session, left_first, first.id, "tests")
    db.session.commit()
    return campaign, {"lead": lead, "first": first, "second": second, "outsider": outsider}


def _member(app, client, organisation):
    csrf_free(app)
    signed_in(client, f"{organisation.name.lower()}@example.org")
    account = db.session.scalar(
        select(Account).where(Account.email.like(f"{organisation.name.lower()}@%"))
    )
    account.organisation_id = organisation.id
    db.session.commit()
    return client


def _names(response, fmt: str) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    if fmt == "csv":
        rows = csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig")))
        return sorted(row["name"] for row in rows)
    items = response.get_json()["_embedded"]["osdi:signatures"]
    people = [item["_embedded"]["osdi:person"] for item in items]
    return sorted(f"{p['given_name']} {p['family_name']}" for p in people)


@pytest.mark.parametrize("fmt", ["csv", "osdi"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("first", ["Both Partners", "Only First"]),
        ("second", ["Both Partners", "Only Second"]),
        ("lead", ["Only Second"]),  # the campaign's own updates opt-in
    ],
)
def test_each_organisation_exports_only_its_own_opt_ins(app, client, coalition, fmt, who, expected):
    campaign, orgs = coalition
    member = _member(app, client, orgs[who])
    response = member.post(
        f"/campaigners/campaigns/{campaign.id}/exports/signers", data={"format": fmt}
    )
    assert _names(response, fmt) == expected


@pytest.mark.parametrize("fmt", ["csv", "osdi"])
def test_an_organisation_that_does_not_run_the_campaign_exports_nothing(
    app, client, coalition, fmt
):
    campaign, orgs = coalition
    member = _member(app, client, orgs["outsider"])
    response = member.post(
        f"/campaigners/campaigns/{campaign.id}/exports/signers", data={"format": fmt}
    )
    assert response.status_code in (400, 403)
    assert "Your organisation does not run this campaign" in response.get_data(as_text=True)
    assert "Only First" not in response.get_data(as_text=True)
