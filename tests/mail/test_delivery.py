import threading
from datetime import timedelta

import pytest

from campaign.extensions import db
from campaign.mail.delivery import Policy
from campaign.models import OutboxMessage, Suppression
from campaign.timeutil import utcnow
from tests.conftest import POSTGRES
from tests.mail.conftest import add_messages
from tests.mail.fake_sendgrid import Fault
from tests.mail.helpers import (
    deliver_until_settled,
    expire_leases,
    one_pass,
    post_events,
    statuses,
    wait_until,
)


def all_messages() -> list[OutboxMessage]:
    return db.session.query(OutboxMessage).order_by(OutboxMessage.id).all()


def assert_each_sent_exactly_once(fake, ids):
    counts = fake.custom_arg_counts()
    assert sorted(counts) == sorted(str(i) for i in ids)
    assert set(counts.values()) == {1}, "a message was handed over more than once"


def test_due_messages_go_in_one_request_and_are_marked_sent(sendgrid_app, fake_sendgrid):
    ids = add_messages(300)

    report = one_pass()

    assert (report.claimed, report.sent) == (300, 300)
    assert fake_sendgrid.requests == [(202, 300)]
    assert statuses() == {"sent": 300}
    message = db.session.get(OutboxMessage, ids[0])
    assert message.provider_message_id == fake_sendgrid.accepted[0].message_id
    assert message.sent_at is not None and message.attempts == 1


def test_list_unsubscribe_headers_reach_the_provider(sendgrid_app, fake_sendgrid):
    add_messages(1)

    one_pass()

    headers = fake_sendgrid.accepted[0].headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Unsubscribe"].startswith("<http://localhost/unsubscribe/")


def test_provider_down_for_a_while_loses_nothing_and_sends_nothing_twice(
    sendgrid_app, fake_sendgrid
):
    ids = add_messages(50)
    fake_sendgrid.go_down()

    first, second = one_pass(), deliver_once_more()
    error_while_down = first_error()
    fake_sendgrid.start()  # back on the same port
    deliver_until_settled()

    assert (first.retried, second.retried) == (50, 50)
    assert "could not reach SendGrid" in error_while_down
    assert statuses() == {"sent": 50}
    assert_each_sent_exactly_once(fake_sendgrid, ids)
    assert all(m.attempts == 3 and m.last_error is None for m in all_messages())


def deliver_once_more():
    db.session.query(OutboxMessage).update({"next_attempt_at": utcnow()})
    db.session.commit()
    return one_pass()


def first_error() -> str:
    return db.session.get(OutboxMessage, 1).last_error


def test_a_run_of_server_errors_is_retried_and_each_attempt_is_counted(sendgrid_app, fake_sendgrid):
    ids = add_messages(5)
    fake_sendgrid.fail_next(Fault.error(500), Fault.gateway_html(502), Fault.error(503))

    deliver_until_settled()

    assert_each_sent_exactly_once(fake_sendgrid, ids)
    assert {m.attempts for m in all_messages()} == {4}


def test_a_failed_attempt_is_visible_with_its_reason_and_next_try(sendgrid_app, fake_sendgrid):
    add_messages(2)
    fake_sendgrid.fail_next(Fault.error(500))

    report = one_pass()

    assert report.retried == 2
    for message in all_messages():
        assert message.status == "pending"
        assert "SendGrid answered 500" in message.last_error
        assert message.next_attempt_at > utcnow()


def test_rate_limit_waits_until_the_reset_time_the_provider_gave(sendgrid_app, fake_sendgrid):
    ids = add_messages(3)
    fake_sendgrid.fail_next(Fault.rate_limited(reset_in=2))

    report = one_pass()

    assert report.pause is not None and 1.0 <= report.pause <= 3.5
    assert all(m.next_attempt_at >= utcnow() + timedelta(seconds=0.9) for m in all_messages())
    assert one_pass().claimed == 0  # nothing is due before the reset
    deliver_until_settled()
    assert_each_sent_exactly_once(fake_sendgrid, ids)


def test_a_slow_provider_within_the_timeout_is_fine(sendgrid_app, fake_sendgrid):
    ids = add_messages(3)
    fake_sendgrid.fail_next(Fault.slow(0.2))

    one_pass()

    assert statuses() == {"sent": 3}
    assert_each_sent_exactly_once(fake_sendgrid, ids)


def test_a_timed_out_request_the_provider_accepted_is_settled_by_its_events_not_resent(
    sendgrid_app, fake_sendgrid, signer, client
):
    sendgrid_app.config["SENDGRID_TIMEOUT"] = 0.5
    ids = add_messages(4)
    fake_sendgrid.fail_next(Fault.slow(1.5))  # longer than the timeout

    report = one_pass()
    wait_until(lambda: len(fake_sendgrid.accepted) == 4)  # accepted after the client gave up

    assert report.uncertain == 4
    assert report.pause is not None  # the worker lets a struggling provider breathe
    assert statuses() == {"sending": 4}
    assert "awaiting provider events" in all_messages()[0].last_error
    assert post_events(client, signer, fake_sendgrid.events("processed")).status_code == 200
    assert statuses() == {"sent": 4}
    expire_leases()
    one_pass()
    assert_each_sent_exactly_once(fake_sendgrid, ids)


@pytest.mark.parametrize(
    "fault",
    [Fault.malformed(), Fault.hang_up_after_accepting()],
    ids=["malformed-not-accepted", "hang-up-after-accepting"],
)
def test_an_unclear_answer_is_resent_only_when_no_event_proves_the_hand_over(
    sendgrid_app, fake_sendgrid, signer, client, fault
):
    ids = add_messages(3)
    fake_sendgrid.fail_next(fault)
    one_pass()
    assert statuses() == {"sending": 3}

    post_events(client, signer, fake_sendgrid.events("processed"))  # none if nothing accepted
    expire_leases()
    deliver_until_settled()

    assert statuses() == {"sent": 3}
    assert_each_sent_exactly_once(fake_sendgrid, ids)


def test_without_a_webhook_an_unclear_hand_over_is_failed_visibly_not_resent(
    sendgrid_app, fake_sendgrid
):
    sendgrid_app.config["SENDGRID_WEBHOOK_PUBLIC_KEY"] = None
    add_messages(2)
    fake_sendgrid.fail_next(Fault.hang_up_after_accepting())
    one_pass()
    expire_leases()

    report = one_pass()

    assert report.recovered == {"sent": 0, "requeued": 0, "failed": 2}
    assert statuses() == {"failed": 2}
    assert "outcome unknown" in all_messages()[0].last_error
    assert len(fake_sendgrid.accepted) == 2


def test_a_rejected_address_fails_for_good_with_the_reason_and_the_rest_are_sent(
    sendgrid_app, fake_sendgrid
):
    add_messages(3)
    bad = db.session.get(OutboxMessage, 2)
    bad.to_email = "no-at-sign.example.com"
    db.session.commit()

    one_pass()

    assert statuses() == {"sent": 2, "failed": 1}
    assert "SendGrid answered 400" in db.session.get(OutboxMessage, 2).last_error


def test_giving_up_after_the_last_attempt_is_recorded(sendgrid_app, fake_sendgrid):
    add_messages(1)
    fake_sendgrid.fail_next(*[Fault.error(500)] * 3)

    deliver_until_settled(max_attempts=3)

    [message] = all_messages()
    assert (message.status, message.attempts) == ("failed", 3)
    assert message.last_error.startswith("gave up after 3 attempts")


def test_suppressed_addresses_are_not_mailed_and_say_why(sendgrid_app, fake_sendgrid):
    add_messages(2)
    db.session.add(Suppression(email="person1@example.com", reason="bounce"))
    db.session.commit()

    one_pass()

    assert [m.status for m in all_messages()] == ["sent", "failed"]
    assert "suppression list (bounce)" in all_messages()[1].last_error
    assert fake_sendgrid.custom_arg_counts("outbox_id").keys() == {"1"}


def test_messages_not_yet_due_wait_for_their_time(sendgrid_app, fake_sendgrid):
    add_messages(1)
    db.session.query(OutboxMessage).update({"next_attempt_at": utcnow() + timedelta(minutes=5)})
    db.session.commit()

    assert one_pass().claimed == 0


@pytest.mark.parametrize("attempts", [1, 2, 5, 12])
def test_backoff_grows_exponentially_with_jitter_and_is_capped(attempts):
    policy = Policy(retry_base_seconds=10, retry_cap_seconds=600)
    ceiling = min(600, 10 * 2 ** (attempts - 1))

    delays = {policy.backoff(attempts) for _ in range(50)}

    assert all(ceiling / 2 <= d <= ceiling for d in delays)
    assert len(delays) > 1


def test_backoff_never_retries_before_the_provider_reset():
    assert Policy(retry_base_seconds=1).backoff(1, retry_after=30) >= 30


@pytest.mark.skipif(not POSTGRES, reason="concurrent workers need PostgreSQL row locks")
def test_four_workers_at_once_share_the_queue_without_sending_anything_twice(
    sendgrid_app, fake_sendgrid
):
    ids = add_messages(2000)
    barrier = threading.Barrier(4)
    claimed: list[int] = []

    def work() -> None:
        with sendgrid_app.app_context():
            barrier.wait()
            while (report := one_pass(batch_size=100)).claimed:
                claimed.append(report.claimed)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(claimed) == 2000
    assert statuses() == {"sent": 2000}
    assert_each_sent_exactly_once(fake_sendgrid, ids)
