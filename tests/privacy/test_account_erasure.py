"""Erasing a campaigner's own account: the address, password and sessions go from every table,
what the account did stays on record as "a removed account #N", and the last active admin
cannot be erased."""

from datetime import date

import pytest
from sqlalchemy import String, select

from campaign.campaigners import exports
from campaign.campaigners.lockout_notice import tell_owner_of_lockout
from campaign.core.campaigns import add_wording
from campaign.extensions import db
from campaign.models import Account, ConsentWording, ExportRecord, Milestone, PrivacyAction
from campaign.petitions import outcomes
from campaign.places import reports
from campaign.privacy import staff
from tests.campaigners.helpers import PASSWORD, csrf_free, forget_cached_user, make_account
from tests.factories import make_campaign

LEAVER = "leaver@example.org"


def _every_stored_value() -> str:
    """Every row of every table, as text."""
    rows = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            rows.append(repr(tuple(row)))
    return "\n".join(rows).lower()


@pytest.fixture
def leaver(app):
    """A campaigner who exported, wrote consent wording, recorded a milestone, moderated a
    report and was locked out once (so was emailed)."""
    make_account("admin@example.org", "admin")
    account = make_account(LEAVER.upper(), "campaigner")
    campaign = make_campaign()
    export = exports.counts_export(account, campaign, "council", "csv", ip_address="192.0.2.77")
    b"".join(export.chunks)
    add_wording(campaign, "Privacy words", "Updates words", created_by=LEAVER)
    outcomes.add_milestone(campaign, "handed_in", date(2026, 3, 1), "At the town hall", LEAVER)
    report = reports.submit_report(
        "E08000039",
        centre_name="Hillsborough Family Hub",
        kind="closure",
        happened_on=date(2026, 2, 1),
        evidence_url="https://example.org/news",
    )
    reports.approve_report(report.id, by=LEAVER)
    tell_owner_of_lockout(account)
    db.session.commit()
    return account


def test_the_address_is_gone_from_every_table_and_what_it_did_is_kept_under_a_pseudonym(leaver):
    assert LEAVER in _every_stored_value()
    result = staff.erase_account(LEAVER, "command")
    assert result.label == f"a removed account #{leaver.id}"
    # The consent wording, the milestone and the moderated report; one export; one email.
    assert (result.records_renamed, result.exports_without_address, result.emails) == (3, 1, 1)
    text = _every_stored_value()
    assert LEAVER not in text and "leaver" not in text and "192.0.2.77" not in text
    account = db.session.get(Account, leaver.id)
    assert (account.email, account.active, account.removed) == (result.label, False, True)
    assert db.session.scalar(select(ExportRecord.account_id)) == leaver.id
    wording = db.session.scalar(select(ConsentWording).order_by(ConsentWording.version.desc()))
    assert wording.created_by == result.label
    assert db.session.scalar(select(Milestone.created_by)) == result.label
    audit = db.session.scalar(select(PrivacyAction))
    assert (audit.action, audit.via) == ("erase", "command")
    assert f"campaigner account #{leaver.id}" in audit.detail and "leaver" not in audit.detail


def test_every_column_that_names_an_author_is_renamed():
    """A new `..._by` column holding a campaigner's address must join staff.AUTHOR_COLUMNS."""
    authors = {(c.class_.__tablename__, c.key) for c in staff.AUTHOR_COLUMNS}
    # Not a campaigner: the person who answered for the target; and an outbox worker's id.
    others = {("campaign_responses", "responded_by"), ("outbox_messages", "claimed_by")}
    found = {
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if column.name.endswith("_by") and isinstance(column.type, String)
    }
    assert found - others == authors


def test_the_erased_account_cannot_sign_in_nor_be_found_nor_changed(app, client, leaver):
    csrf_free(app)
    signed = client.post("/campaigners/sign-in", data={"email": LEAVER, "password": PASSWORD})
    assert signed.status_code == 302
    staff.erase_account(LEAVER, "command")
    forget_cached_user()
    # The session it had is over, and neither the old address nor the pseudonym signs in.
    assert client.get("/campaigners/").status_code == 302
    for email in (LEAVER, f"a removed account #{leaver.id}"):
        response = client.post("/campaigners/sign-in", data={"email": email, "password": PASSWORD})
        assert response.status_code == 401


def test_the_last_active_admin_cannot_be_erased_but_one_of_two_can(app):
    only = make_account("only.admin@example.org", "admin")
    with pytest.raises(staff.AccountErasureRefused, match="last active admin"):
        staff.erase_account("only.admin@example.org", "command")
    assert db.session.get(Account, only.id).email == "only.admin@example.org"
    make_account("second.admin@example.org", "admin")
    assert staff.erase_account("only.admin@example.org", "command").account_id == only.id


def test_the_command_confirms_erases_and_refuses_with_a_message(runner, leaver):
    unknown = runner.invoke(args=["privacy", "erase-account", "nobody@example.org", "--yes"])
    assert unknown.exit_code == 1 and "No campaigner account has the address" in unknown.output
    declined = runner.invoke(args=["privacy", "erase-account", LEAVER], input="n\n")
    assert declined.exit_code == 1 and db.session.get(Account, leaver.id).email == LEAVER
    done = runner.invoke(args=["privacy", "erase-account", LEAVER], input="y\n")
    assert done.exit_code == 0, done.output
    assert f"records now name a removed account #{leaver.id}" in done.output
    again = runner.invoke(args=["privacy", "erase-account", LEAVER, "--yes"])
    assert again.exit_code == 1 and "No campaigner account" in again.output
