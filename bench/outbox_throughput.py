"""Benchmark: can the outbox keep up with 1,000 new signatures a second? (issue 3)

On PostgreSQL (database BENCH_MAIL_DATABASE, default best_mail_bench, rebuilt by the real
migrations), BENCH_PRODUCERS processes (default 3) enqueue confirmation emails at BENCH_RATE per
second in all (default 1,000) for BENCH_SECONDS (default 20): each rendered from the real
templates by `outbox.message_values` and written with one multi-row insert per 20 ms tick, as the
signing path's group commit writes them. BENCH_WORKERS (default 2) real worker processes
(`flask outbox deliver --loop`) hand them to the fake SendGrid server on localhost (a real HTTP
server, the one the tests use), which records when it accepted each message. Prints the
enqueue-to-handed-over latency (p50/p95/p99/max; target p95 within 5 s), the sustained
throughput, and whether anything was lost or handed over twice.

The app itself serves the signed Event Webhook, and `processed` events for what the fake accepted
are posted to it every second, as SendGrid would: that is how hand-overs whose answer was lost
(a request in flight when the provider went away) are settled without sending twice.

With BENCH_OUTAGE_SECONDS=N the fake provider refuses connections for N seconds a third of the
way in, to show the backlog draining (latency then includes the outage, by design).

Usage: .venv/bin/python bench/outbox_throughput.py
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC
from pathlib import Path
from types import SimpleNamespace

import psycopg
from _postgres import fresh_database
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from campaign import create_app  # noqa: E402
from campaign.config import TestConfig  # noqa: E402
from campaign.extensions import db  # noqa: E402
from campaign.mail import outbox  # noqa: E402
from campaign.models import OutboxMessage  # noqa: E402
from tests.mail.fake_sendgrid import FakeSendGrid  # noqa: E402
from tests.mail.webhook_keys import WebhookSigner  # noqa: E402

DATABASE = os.environ.get("BENCH_MAIL_DATABASE", "best_mail_bench")
DATABASE_URL = f"postgresql+psycopg://root@127.0.0.1:5432/{DATABASE}"
RATE = int(os.environ.get("BENCH_RATE", "1000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# Signing requests run in several web processes; one Python process cannot enqueue 1,000/s.
PRODUCERS = int(os.environ.get("BENCH_PRODUCERS", "3"))
OUTAGE = float(os.environ.get("BENCH_OUTAGE_SECONDS", "0"))
TICK = 0.02  # the producer commits a small transaction every 20 ms


def reset_database() -> None:
    fresh_database(DATABASE)
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "FLASK_CONFIG": "test"}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def start_workers(fake: FakeSendGrid, webhook_key: str) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "SENDGRID_WEBHOOK_PUBLIC_KEY": webhook_key,
        "MAIL_UNCERTAIN_GRACE_SECONDS": "10",
        "FLASK_CONFIG": "production",
        "SECRET_KEY": "bench-only",
        "DATABASE_URL": DATABASE_URL,
        "MAIL_BACKEND": "sendgrid",
        "MAIL_RETRY_BASE_SECONDS": "1",
        "SENDGRID_API_KEY": fake.api_key,
        "SENDGRID_API_HOST": fake.host,
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
        "0.05",
    ]
    return [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        for _ in range(WORKERS)
    ]


def produce(index: int, rate: float, ready, go, results) -> None:
    """One producer process: enqueue `rate` messages a second for SECONDS once `go` is set."""
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": DATABASE_URL})
    campaign = SimpleNamespace(title="Best Start in Life", slug="best-start-in-life")
    total = int(SECONDS * rate)
    produced = 0
    with app.app_context():
        db.session.execute(db.select(1))  # connect before the clock starts
        ready.put(index)
        go.wait()
        start_at = time.time()
        while produced < total:
            elapsed = time.time() - start_at
            due = min(int(elapsed * rate) + 1, total) - produced
            rows = []
            for _ in range(max(0, due)):
                produced += 1
                person = f"{index}-{produced}"
                rows.append(
                    outbox.message_values(
                        "confirm",
                        f"p{person}@example.org",
                        {
                            "name": f"Person {person}",
                            "campaign": campaign,
                            "confirm_url": f"http://localhost/c/{person}",
                            "withdraw_url": f"http://localhost/w/{person}",
                            "unsubscribe_url": f"http://localhost/u/{person}",
                        },
                        to_name=f"Person {person}",
                    )
                )
            if rows:
                # As the signing path's group commit does: one multi-row insert per batch.
                db.session.execute(insert(OutboxMessage), rows)
            db.session.commit()
            time.sleep(max(0.0, TICK - (time.time() - start_at - elapsed)))
        db.session.remove()
    results.put((produced, time.time() - start_at))


def created_times(app) -> dict[str, float]:
    with app.app_context():
        rows = db.session.execute(db.select(OutboxMessage.id, OutboxMessage.created_at)).all()
        return {str(i): c.replace(tzinfo=UTC).timestamp() for i, c in rows}


def start_webhook_server(webhook_key: str) -> tuple[subprocess.Popen, int]:
    """The app itself, serving POST /webhooks/sendgrid for the events the provider sends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "FLASK_CONFIG": "production",
        "SECRET_KEY": "bench-only",
        "DATABASE_URL": DATABASE_URL,
        "SENDGRID_WEBHOOK_PUBLIC_KEY": webhook_key,
        "OUTBOX_DELIVER_IN_PROCESS": "0",
    }
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return server, port


def forward_events(fake: FakeSendGrid, signer: WebhookSigner, port: int, stop) -> None:
    """Post `processed` events for what the provider accepted, signed, as SendGrid does."""
    sent = 0
    while not stop.is_set():
        stop.wait(1.0)
        events = fake.events("processed", since=sent)
        if not events:
            continue
        body = json.dumps(events).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/webhooks/sendgrid",
            data=body,
            method="POST",
            headers={**signer.headers(body), "Content-Type": "application/json"},
        )
        try:
            urllib.request.urlopen(request, timeout=30).read()
            sent += len(events)
        except OSError:  # the app not up yet, or busy: SendGrid would retry too
            continue


def outbox_states() -> dict[str, int]:
    with psycopg.connect(DATABASE_URL.replace("+psycopg", "")) as connection:
        return dict(
            connection.execute(
                "SELECT status, count(*) FROM outbox_messages GROUP BY status"
            ).fetchall()
        )


def main() -> None:
    reset_database()
    app = create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": DATABASE_URL})
    signer = WebhookSigner()
    webhook, port = start_webhook_server(signer.public_key)
    stop_events = threading.Event()
    with FakeSendGrid() as fake:
        forwarder = threading.Thread(target=forward_events, args=(fake, signer, port, stop_events))
        forwarder.start()
        workers = start_workers(fake, signer.public_key)
        spawn = multiprocessing.get_context("spawn")
        ready, go, results = spawn.Queue(), spawn.Event(), spawn.Queue()
        producers = [
            spawn.Process(target=produce, args=(i, RATE / PRODUCERS, ready, go, results))
            for i in range(PRODUCERS)
        ]
        for process in producers:
            process.start()
        for _ in producers:
            ready.get(timeout=120)
        time.sleep(1)  # the workers are polling by now
        go.set()
        if OUTAGE:
            # The provider goes away mid-run: the backlog must drain once it is back.
            time.sleep(SECONDS / 3)
            fake.go_down(for_seconds=OUTAGE)
        parts = [results.get(timeout=SECONDS + 120) for _ in producers]
        for process in producers:
            process.join()
        produced, took = sum(p for p, _ in parts), max(t for _, t in parts)
        deadline = time.monotonic() + 90
        while len(fake.custom_arg_counts()) < produced and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # the last events reach the webhook
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
        stop_events.set()
        forwarder.join()
        webhook.terminate()
        webhook.wait(timeout=30)
        accepted = list(fake.accepted)
        requests = list(fake.requests)
    created = created_times(app)
    counts = fake.custom_arg_counts()
    latencies = sorted(a.accepted_at - created[a.custom_args["outbox_id"]] for a in accepted)
    first, last = min(created.values()), max(a.accepted_at for a in accepted)
    quantiles = statistics.quantiles(latencies, n=100)
    sizes = [n for status, n in requests if status == 202]
    print(
        f"{WORKERS} worker processes; {PRODUCERS} producer processes enqueueing {RATE}/s "
        f"for {SECONDS:.0f} s; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
        + (f"; provider down for {OUTAGE:.0f} s" if OUTAGE else "")
    )
    print(f"enqueued: {produced} in {took:.1f} s ({produced / took:.0f}/s)")
    print(
        f"handed over: {len(counts)} distinct, lost {produced - len(counts)}, "
        f"sent twice {sum(1 for c in counts.values() if c > 1)}"
    )
    print(f"outbox afterwards: {outbox_states()}")
    print(
        f"requests: {len(sizes)}, personalizations per request: mean "
        f"{statistics.mean(sizes):.0f}, max {max(sizes)}"
    )
    print(
        f"sustained throughput: {len(accepted) / (last - first):.0f} messages/s "
        f"(first enqueue to last hand-over)"
    )
    print(
        f"enqueue-to-handed-over latency: p50 {quantiles[49]:.2f} s, p95 {quantiles[94]:.2f} s,"
        f" p99 {quantiles[98]:.2f} s, max {latencies[-1]:.2f} s (target p95 <= 5 s)"
    )


if __name__ == "__main__":
    main()
