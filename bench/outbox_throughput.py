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

Then the drain, beside its anchor in the same run: BENCH_BACKLOG messages (default 10,000) are
committed to the outbox at once and timed until the workers have handed every one over; the
anchor is the same number of the same messages handed to the same fake provider by the same
SendGrid backend code from as many processes, with no outbox (no database) in the way.

Everything runs with the production config (FLASK_CONFIG=production and its required settings).
Usage: .venv/bin/python bench/outbox_throughput.py (PostgreSQL and Redis on 127.0.0.1).
BENCH_MAIL_DATABASE or BENCH_DATABASE names the database. Results: a table on stdout and JSON in
bench/out/outbox.json.
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
from _production import PORT, load_average, production_env, row, use_environment, write_result
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from campaign import create_app  # noqa: E402
from campaign.extensions import db  # noqa: E402
from campaign.mail import outbox  # noqa: E402
from campaign.models import OutboxMessage  # noqa: E402
from tests.mail.fake_sendgrid import FakeSendGrid  # noqa: E402
from tests.mail.webhook_keys import WebhookSigner  # noqa: E402

DATABASE = os.environ.get("BENCH_MAIL_DATABASE") or os.environ.get(
    "BENCH_DATABASE", "best_mail_bench"
)
DATABASE_URL = f"postgresql+psycopg://root@127.0.0.1:5432/{DATABASE}"
RATE = int(os.environ.get("BENCH_RATE", "1000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# Signing requests run in several web processes; one Python process cannot enqueue 1,000/s.
PRODUCERS = int(os.environ.get("BENCH_PRODUCERS", "3"))
OUTAGE = float(os.environ.get("BENCH_OUTAGE_SECONDS", "0"))
BACKLOG = int(os.environ.get("BENCH_BACKLOG", "10000"))
TICK = 0.02  # the producer commits a small transaction every 20 ms
BATCH = 500  # messages per pass, as MAIL_BATCH_SIZE: the anchor hands over as many at a time


def reset_database() -> None:
    fresh_database(DATABASE)
    env = production_env(DATABASE_URL, PORT)
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def start_workers(fake: FakeSendGrid, webhook_key: str) -> list[subprocess.Popen]:
    env = production_env(
        DATABASE_URL,
        PORT,
        SENDGRID_WEBHOOK_PUBLIC_KEY=webhook_key,
        MAIL_UNCERTAIN_GRACE_SECONDS="10",
        MAIL_BACKEND="sendgrid",
        MAIL_RETRY_BASE_SECONDS="1",
        SENDGRID_API_KEY=fake.api_key,
        SENDGRID_API_HOST=fake.host,
    )
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
    app = create_app()  # the environment main() set: production
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
                rows.append(confirmation(f"{index}-{produced}"))
            if rows:
                # As the signing path's group commit does: one multi-row insert per batch.
                db.session.execute(insert(OutboxMessage), rows)
            db.session.commit()
            time.sleep(max(0.0, TICK - (time.time() - start_at - elapsed)))
        db.session.remove()
    results.put((produced, time.time() - start_at))


def confirmation(person: str) -> dict:
    """A confirmation email's outbox row, rendered from the real templates."""
    campaign = SimpleNamespace(title="Best Start in Life", slug="best-start-in-life")
    return outbox.message_values(
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


def bare_sender(index: int, count: int, first_id: int, ready, go, results) -> None:
    """The anchor, in its own process: the backend hands rendered messages straight over."""
    from campaign.mail.sendgrid_backend import SendGridBackend

    app = create_app()
    with app.app_context():
        backend = SendGridBackend.from_config(app.config)
        messages = [
            OutboxMessage(id=first_id + n, **confirmation(f"bare-{index}-{n}"))
            for n in range(count)
        ]
        ready.put(index)
        go.wait()
        started = time.time()
        for start in range(0, count, BATCH):
            results_ = backend.send_many(messages[start : start + BATCH])
            assert not any(r.error for r in results_), [r.error for r in results_ if r.error][:1]
    results.put(time.time() - started)


def drain(app, fake: FakeSendGrid) -> float:
    """Commit BACKLOG messages at once for the running workers; seconds until all handed over."""
    before = len(fake.custom_arg_counts())
    with app.app_context():
        rows = [confirmation(f"backlog-{n}") for n in range(BACKLOG)]
        for start in range(0, BACKLOG, 1000):
            db.session.execute(insert(OutboxMessage), rows[start : start + 1000])
        committed = time.time()
        db.session.commit()
        db.session.remove()
    deadline = time.monotonic() + 120
    while len(fake.custom_arg_counts()) < before + BACKLOG and time.monotonic() < deadline:
        time.sleep(0.05)
    handed = [a.accepted_at for a in fake.accepted if a.accepted_at >= committed]
    return max(handed) - committed


def bare_rate(fake: FakeSendGrid) -> float:
    """Messages a second that WORKERS processes hand to the fake with no outbox in between."""
    # The senders' app (made from the environment they inherit) uses the same fake provider.
    provider = {"SENDGRID_API_KEY": fake.api_key, "SENDGRID_API_HOST": fake.host}
    use_environment({"MAIL_BACKEND": "sendgrid", **provider})
    spawn = multiprocessing.get_context("spawn")
    ready, go, results = spawn.Queue(), spawn.Event(), spawn.Queue()
    share = BACKLOG // WORKERS
    senders = [
        spawn.Process(
            target=bare_sender, args=(i, share, 10_000_000 + i * share, ready, go, results)
        )
        for i in range(WORKERS)
    ]
    for process in senders:
        process.start()
    for _ in senders:
        ready.get(timeout=120)
    go.set()
    took = max(results.get(timeout=180) for _ in senders)
    for process in senders:
        process.join()
    return share * WORKERS / took


def created_times(app) -> dict[str, float]:
    with app.app_context():
        rows = db.session.execute(db.select(OutboxMessage.id, OutboxMessage.created_at)).all()
        return {str(i): c.replace(tzinfo=UTC).timestamp() for i, c in rows}


def start_webhook_server(webhook_key: str) -> tuple[subprocess.Popen, int]:
    """The app itself, serving POST /webhooks/sendgrid for the events the provider sends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = production_env(DATABASE_URL, PORT, SENDGRID_WEBHOOK_PUBLIC_KEY=webhook_key)
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


def main() -> int:
    load_before = load_average()
    reset_database()
    use_environment(production_env(DATABASE_URL, PORT))
    app = create_app()
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
        steady = list(fake.accepted)
        # The drain, then its anchor: the same messages with no outbox in between.
        drain_seconds = drain(app, fake) if BACKLOG else 0.0
        bare = bare_rate(fake) if BACKLOG else 0.0
        time.sleep(2)  # the last events reach the webhook
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
        stop_events.set()
        forwarder.join()
        webhook.terminate()
        webhook.wait(timeout=30)
        accepted = steady
        requests = list(fake.requests)
        counts = fake.custom_arg_counts()
    created = created_times(app)
    bare_ids = {k for k in counts if int(k) >= 10_000_000}
    lost = len(created) - (len(counts) - len(bare_ids))
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
    twice = sum(1 for c in counts.values() if c > 1)
    print(
        f"handed over: {len(counts) - len(bare_ids)} distinct of {len(created)} enqueued "
        f"(steady and backlog), lost {lost}, sent twice {twice}"
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
    sustained = len(accepted) / (last - first)
    rows = [
        row(
            f"outbox steady: handed over/s ({RATE}/s offered)",
            sustained,
            "/s",
            "enqueued/s in the same run",
            produced / took,
            f"p95 {quantiles[94]:.2f} s enqueue to hand-over",
        ),
    ]
    if BACKLOG:
        rows.append(
            row(
                f"outbox drain of {BACKLOG:,} messages/s",
                BACKLOG / drain_seconds,
                "/s",
                "bare backend, no outbox, same fake",
                bare,
                f"{WORKERS} processes each",
            )
        )
    write_result(
        "outbox",
        rows,
        load_before,
        lost=lost,
        sent_twice=twice,
        latency_p50=quantiles[49],
        latency_p95=quantiles[94],
        latency_p99=quantiles[98],
    )
    return 0 if lost == 0 and twice == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
