"""The real worker (`flask outbox deliver --loop`) in its own process, killed and stopped."""

import os
import signal
import subprocess
import sys

import pytest
from flask import current_app

from campaign.config import ROOT
from tests.mail.conftest import add_messages
from tests.mail.fake_sendgrid import Fault
from tests.mail.helpers import deliver_until_settled, post_events, statuses, wait_until

pytestmark = pytest.mark.slow


def start_worker(fake, batch: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "FLASK_CONFIG": "test",
        "DATABASE_URL": current_app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_BACKEND": "sendgrid",
        "SENDGRID_API_KEY": fake.api_key,
        "SENDGRID_API_HOST": fake.host,
        "SENDGRID_TIMEOUT": "5",
        "MAIL_BATCH_SIZE": str(batch),
    }
    command = [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "wsgi",
        "outbox",
        "deliver",
        "--loop",
        "--interval",
        "0.1",
    ]
    return subprocess.Popen(  # noqa: S603 - a fixed command, no outside input
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def wait_for_request(fake, worker) -> None:
    if not fake.received.wait(timeout=20):
        worker.kill()
        output = worker.communicate(timeout=10)[0].decode()
        pytest.fail(f"the worker never called the provider: {output[-2000:]}")


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    sendgrid_app, fake_sendgrid, signer, client
):
    ids = add_messages(300)
    fake_sendgrid.fail_next(Fault.slow(1.0))  # the first request is in flight when we kill
    worker = start_worker(fake_sendgrid, batch=100)
    wait_for_request(fake_sendgrid, worker)

    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=10)
    wait_until(lambda: len(fake_sendgrid.accepted) == 100)  # the provider finishes accepting

    assert statuses()["sending"] == 100  # claimed, handed over, never marked
    # SendGrid's `processed` events for that batch reach the webhook and settle it.
    assert post_events(client, signer, fake_sendgrid.events("processed")).status_code == 200
    deliver_until_settled()

    assert statuses() == {"sent": 300}
    counts = fake_sendgrid.custom_arg_counts()
    assert sorted(counts) == sorted(str(i) for i in ids)
    assert set(counts.values()) == {1}


def test_sigterm_lets_the_worker_finish_and_record_the_batch_in_flight(sendgrid_app, fake_sendgrid):
    add_messages(300)
    fake_sendgrid.fail_next(Fault.slow(1.0))
    worker = start_worker(fake_sendgrid, batch=100)
    wait_for_request(fake_sendgrid, worker)

    worker.send_signal(signal.SIGTERM)
    output = worker.communicate(timeout=20)[0].decode()

    assert worker.returncode == 0, output
    assert statuses() == {"sent": 100, "pending": 200}
    assert len(fake_sendgrid.accepted) == 100
    assert "Sent 100" in output
