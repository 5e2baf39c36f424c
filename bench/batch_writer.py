"""The signing batch writer's own CPU per signature on PostgreSQL, beside a bare psycopg insert.

The writer thread (`campaign/petitions/batching.py`) competes for the interpreter lock with every
request thread of its process, so what matters is the CPU it spends per signature, not its wall
time alone. Here the real `SigningBatcher` runs its real thread over a queue filled beforehand, so
every batch has exactly the size asked for; the thread's CPU clock is read each time it comes
back for the next batch (`_next_batch`), which brackets everything it does for one: taking the
batch, the app context, the reads, the inserts, the commit, the session's removal and answering
the waiting requests. CPU time of one thread barely moves when a shared machine is busy; wall
time is shown beside it.

The anchor, measured in the same run and alternating with the writer (A, B; then B, A): the same
rows (signature ids reserved beforehand, tuples built beforehand) inserted into the same three
tables with psycopg alone, one pipeline of three `executemany` and a commit per batch, timed
with `time.thread_time()` on the calling thread: what storing the rows costs with nothing else.

Run: `.venv/bin/python bench/batch_writer.py` (PostgreSQL on 127.0.0.1), 20-40 s. Settings:
BENCH_ROUNDS (5), BENCH_BATCHES (20 batches per size per round), BENCH_DATABASE
(bench_batch_writer).
Results: a table on stdout and JSON in bench/out/batch_writer.json.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from pathlib import Path

import psycopg
from _postgres import fresh_database

os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
from _production import (  # noqa: E402
    PORT,
    flask,
    load_average,
    production_env,
    row,
    use_environment,
    write_result,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = os.environ.get("BENCH_DATABASE", "bench_batch_writer")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
BATCHES = int(os.environ.get("BENCH_BATCHES", "20"))
SIZES = (10, 20, 50)
SLUG = "best-start-in-life"

_serial = iter(range(10**9))


def requests(count: int) -> list:
    """Signers as the form gives them: unique emails, half asking for updates."""
    from campaign.petitions.signing import SignatureRequest

    made = []
    for _ in range(count):
        n = next(_serial)
        made.append(
            SignatureRequest(
                name=f"Bench Signer {n}",
                email=f"w{n}@example.org",
                postcode="S1 2HH",
                country="United Kingdom",
                council_code="E08000039",
                council_name="Sheffield",
                email_updates=n % 2 == 0,
                ip_address="203.0.113.7",
                user_agent="Mozilla/5.0 (bench)",
                constituency_code="E14001474",
            )
        )
    return made


def writer_round(app, campaign_id: int, size: int) -> tuple[float, float]:
    """The writer thread's CPU seconds and the wall seconds for BATCHES batches of `size`."""
    from campaign.petitions import batching

    marks: list[float] = []

    class TimedBatcher(batching.SigningBatcher):
        def _next_batch(self):
            marks.append(time.thread_time())  # on the writer thread: its CPU so far
            return super()._next_batch()

    batcher = TimedBatcher(app, max_batch=size, idle_seconds=0.01)
    items = [batching._Item(campaign_id, r, batching.Answer()) for r in requests(size * BATCHES)]
    for item in items:
        batcher._queue.put(item)
    # Kept here too: the thread clears `batcher._thread` when it stops.
    thread = batcher._thread = threading.Thread(target=batcher._run, name="signing-batcher")
    started = time.perf_counter()
    thread.start()
    for item in items:
        item.done.result(timeout=60)
    wall = time.perf_counter() - started
    thread.join(timeout=10)
    assert len(marks) == BATCHES + 1, marks  # one before each batch, one before the idle end
    return marks[BATCHES] - marks[0], wall


SIGNATURE_COLUMNS = (
    "id, campaign_id, name, email, email_canonical, household_slot, postcode, country,"
    " council_code, council_name, constituency_code, share_code, status, email_updates,"
    " consent_wording_id, ip_address, user_agent, emails_sent, repeat_attempts, created_at"
)
CONSENT_COLUMNS = (
    "signature_id, email, purpose, action, wording, consent_wording_id, method, ip_address,"
    " created_at"
)
OUTBOX_COLUMNS = (
    "kind, to_email, to_name, subject, text_body, headers, status, attempts, next_attempt_at,"
    " signature_id, created_at"
)


def anchor_round(url: str, campaign_id: int, wording_id: int, size: int) -> tuple[float, float]:
    """CPU and wall seconds of psycopg alone inserting BATCHES batches of the same rows."""
    from psycopg.types.json import Json

    from campaign.timeutil import utcnow

    with psycopg.connect(url) as connection:
        ids = [
            row[0]
            for row in connection.execute(
                "SELECT nextval(pg_get_serial_sequence('signatures', 'id'))"
                " FROM generate_series(1, %s)",
                (size * BATCHES,),
            )
        ]
        connection.commit()
        now = utcnow()
        batches = []
        for start in range(0, len(ids), size):
            signatures, consents, emails = [], [], []
            for signature_id, r in zip(ids[start : start + size], requests(size), strict=True):
                signatures.append(
                    (signature_id, campaign_id, r.name, r.email, r.email, 0, r.postcode, r.country)
                    + (r.council_code, r.council_name, r.constituency_code, f"a{signature_id}")
                    + ("pending", r.email_updates, wording_id, r.ip_address, r.user_agent, 1, 0)
                    + (now,)
                )
                for purpose in ("privacy", "email_updates")[: 1 + r.email_updates]:
                    consents.append(
                        (signature_id, r.email, purpose, "given", "I agree.", wording_id)
                        + ("petition signing form", r.ip_address, now)
                    )
                emails.append(
                    ("confirm", r.email, r.name, "", "", Json({"X-Render-At-Send": "1"}))
                    + ("pending", 0, now, signature_id, now)
                )
            batches.append((signatures, consents, emails))
        cpu_started, started = time.thread_time(), time.perf_counter()
        for signatures, consents, emails in batches:
            with connection.pipeline(), connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO signatures ({SIGNATURE_COLUMNS}) VALUES ({_marks(20)})",
                    signatures,
                )
                cursor.executemany(
                    f"INSERT INTO consent_records ({CONSENT_COLUMNS}) VALUES ({_marks(9)})",
                    consents,
                )
                cursor.executemany(
                    f"INSERT INTO outbox_messages ({OUTBOX_COLUMNS}) VALUES ({_marks(11)})",
                    emails,
                )
            connection.commit()
        return time.thread_time() - cpu_started, time.perf_counter() - started


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


def main() -> int:
    load_before = load_average()
    database_url = fresh_database(DATABASE)
    env = production_env(database_url, PORT)
    for command in (["db", "upgrade"], ["petitions", "load-demo"]):
        flask(env, *command)
    use_environment(env)
    from campaign import create_app

    app = create_app()
    url = database_url.replace("+psycopg", "")
    with psycopg.connect(url) as connection:
        campaign_id, wording_id = connection.execute(
            "SELECT c.id, max(w.id) FROM campaigns c JOIN consent_wordings w"
            " ON w.campaign_id = c.id WHERE c.slug = %s GROUP BY c.id",
            (SLUG,),
        ).fetchone()
    writer_round(app, campaign_id, 10)  # warm: imports, the pool, the wording cache
    anchor_round(url, campaign_id, wording_id, 10)
    runs: dict[int, dict[str, list[tuple[float, float]]]] = {
        size: {"writer": [], "anchor": []} for size in SIZES
    }
    for round_number in range(ROUNDS):
        for size in SIZES:
            sides = [
                ("writer", lambda size=size: writer_round(app, campaign_id, size)),
                ("anchor", lambda size=size: anchor_round(url, campaign_id, wording_id, size)),
            ]
            for side, run in sides if round_number % 2 == 0 else reversed(sides):
                runs[size][side].append(run())
    rows = [
        row(
            f"batch writer CPU per signature, batches of {size}",
            medians["writer_cpu_ms"] * 1000,
            "µs",
            "psycopg alone inserting the same rows",
            medians["anchor_cpu_ms"] * 1000,
            f"wall {medians['writer_wall_ms']:.2f} ms,"
            f" psycopg alone {medians['anchor_wall_ms']:.2f} ms",
        )
        for size, medians in summary(runs).items()
    ]
    write_result("batch_writer", rows, load_before, rounds=ROUNDS, batches_per_round=BATCHES)
    return 0


def summary(runs: dict) -> dict[int, dict[str, float]]:
    """Per size: the median over rounds of CPU and wall ms per signature, writer and anchor."""
    medians = {}
    for size, sides in runs.items():
        signatures = size * BATCHES
        medians[size] = {}
        for side, measured in sides.items():
            cpu = statistics.median(c for c, _ in measured) * 1000 / signatures
            wall = statistics.median(w for _, w in measured) * 1000 / signatures
            medians[size][f"{side}_cpu_ms"] = cpu
            medians[size][f"{side}_wall_ms"] = wall
    return medians


if __name__ == "__main__":
    sys.exit(main())
