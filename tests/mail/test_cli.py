from sqlalchemy import update as sa_update

from campaign.core.campaigns import current_wording
from campaign.extensions import db
from campaign.mail.reports import delivery_summary
from campaign.mail.updates import send_campaign_update
from campaign.models import OutboxMessage, Signature, Suppression
from tests.factories import make_campaign
from tests.mail.conftest import add_messages
from tests.mail.fake_sendgrid import Fault
from tests.mail.helpers import one_pass, statuses


def test_deliver_sends_what_is_due_and_says_how_it_went(sendgrid_app, runner, fake_sendgrid):
    add_messages(3)

    result = runner.invoke(args=["outbox", "deliver"])

    assert result.exit_code == 0, result.output
    assert "Sent 3, retrying 0, failed 0" in result.output
    assert statuses() == {"sent": 3}


def test_deliver_with_the_file_backend_writes_one_file_per_message(app, runner, tmp_path):
    add_messages(2)

    runner.invoke(args=["outbox", "deliver"])

    assert len(list((tmp_path / "mail").glob("*.eml"))) == 2


def test_status_lists_counts_and_failures_with_their_reasons(sendgrid_app, runner, fake_sendgrid):
    add_messages(2)
    db.session.get(OutboxMessage, 1).to_email = "broken-address"
    db.session.commit()
    runner.invoke(args=["outbox", "deliver"])

    result = runner.invoke(args=["outbox", "status"])

    assert "pending: 0  sending: 0  sent: 1  failed: 1" in result.output
    assert "#1 confirm to broken-address after 1 attempt(s): SendGrid answered 400" in result.output


def test_retry_requeues_failed_messages_which_then_go(sendgrid_app, runner, fake_sendgrid):
    add_messages(1)
    fake_sendgrid.fail_next(*[Fault.error(500)] * 2)
    sendgrid_app.config["MAIL_MAX_ATTEMPTS"] = 1
    runner.invoke(args=["outbox", "deliver"])
    assert statuses() == {"failed": 1}

    result = runner.invoke(args=["outbox", "retry", "--all-failed"])
    runner.invoke(args=["outbox", "deliver"])
    runner.invoke(args=["outbox", "retry", "1"])
    runner.invoke(args=["outbox", "deliver"])

    assert "Requeued 1 message(s)." in result.output
    assert statuses() == {"sent": 1}
    assert fake_sendgrid.custom_arg_counts() == {"1": 1}


def test_retry_without_ids_or_flag_explains_itself(app, runner):
    result = runner.invoke(args=["outbox", "retry"])

    assert result.exit_code != 0
    assert "Give message ids, or --all-failed." in result.output


def test_unsuppress_lets_mail_reach_a_fixed_mailbox_again(sendgrid_app, runner, fake_sendgrid):
    db.session.add(Suppression(email="person0@example.com", reason="bounce"))
    db.session.commit()

    result = runner.invoke(args=["outbox", "unsuppress", "Person0@Example.com"])
    add_messages(1)
    runner.invoke(args=["outbox", "deliver"])

    assert "may be mailed again" in result.output
    assert statuses() == {"sent": 1}


def test_a_campaign_updates_progress_is_summarised_on_its_own(sendgrid_app, fake_sendgrid):
    campaign = make_campaign()
    wording = current_wording(campaign).id
    for i in range(3):
        db.session.add(
            Signature(
                campaign_id=campaign.id,
                name=f"S{i}",
                email=f"s{i}@example.org",
                email_canonical=f"s{i}@example.org",
                status="confirmed",
                email_updates=True,
                consent_wording_id=wording,
            )
        )
    db.session.commit()
    add_messages(2)  # other mail, not part of the update
    update_id = send_campaign_update(campaign.id, "News", "Body", sent_by="x").id
    db.session.execute(
        sa_update(OutboxMessage)
        .where(OutboxMessage.to_email == "s1@example.org")
        .values(to_email="broken")
    )
    db.session.commit()
    one_pass()

    summary = delivery_summary(campaign_update_id=update_id)

    assert summary.by_status == {"pending": 0, "sending": 0, "sent": 2, "failed": 1}
    assert [f.to_email for f in summary.recent_failures] == ["broken"]


def test_deliver_without_a_sendgrid_key_says_what_is_missing(app, runner):
    app.config.update(MAIL_BACKEND="sendgrid", SENDGRID_API_KEY=None)

    result = runner.invoke(args=["outbox", "deliver"])

    assert result.exit_code == 1
    assert "SENDGRID_API_KEY is not set" in result.output
