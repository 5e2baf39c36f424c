"""Benchmark: the personalised booklet as production makes it, beside bare WeasyPrint.

The production layout on one machine (bench/_production.py): gunicorn with FLASK_CONFIG=production
on PostgreSQL and Redis, and a booklet worker (`flask booklets work`) taking render jobs from the
queue (campaign/booklets/queue.py). Each booklet is asked for over HTTP as a visitor would (each
from its own address, sent as the load balancer would: the per-address limit stays on), and
timed end to end: queue, worker, shared store, the node's copy, the response. A 503 "busy, try
again" answer is retried as its page says and counted.

Alternating in the same run, for each council:
  A. a new booklet through the app (the council's first: laid out in full by the worker);
  B. bare WeasyPrint (`HTML(string).write_pdf`) in this process on the same HTML, which this
     process builds from the same database and checks by its cache key, found in the store;
  A'. another advocate's booklet for that council (the worker re-uses the council's pages);
  B'. bare WeasyPrint on that booklet's HTML.
Then cached booklets (a hit) beside a static file from the same node, alternating; and the
worker's peak memory. Figures move with the machine's load: compare the ratios of one run.

Settings: BENCH_BOOKLET_SECONDS (45: time for the A/B rounds; at least 2 councils),
BENCH_BOOKLET_COUNCILS (6 at most), BENCH_BOOKLET_CACHED (20), BENCH_DATABASE (bench_booklet),
BENCH_REDIS_URL, BENCH_PORT (this bench serves on BENCH_PORT + 2).
Results: a table on stdout and JSON in bench/out/booklet.json.
"""

from __future__ import annotations

import csv
import http.client
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import redis
from _postgres import fresh_database
from _production import (
    BIN,
    PORT,
    REDIS_URL,
    ROOT,
    flask,
    load_average,
    production_env,
    row,
    start_gunicorn,
    stop,
    use_environment,
    write_result,
)

sys.path.insert(0, str(ROOT))

DATABASE = os.environ.get("BENCH_DATABASE", "bench_booklet")
SECONDS = float(os.environ.get("BENCH_BOOKLET_SECONDS", "45"))
COUNCILS = int(os.environ.get("BENCH_BOOKLET_COUNCILS", "6"))
CACHED = int(os.environ.get("BENCH_BOOKLET_CACHED", "20"))
SERVE_PORT = PORT + 2
STATIC = "/static/app.css"


def english_councils(limit: int) -> list[str]:
    path = ROOT / "data" / "lookups" / "lad25_to_utla25_england_from_dfeR.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        codes = sorted({row["UTLA25CD"] for row in csv.DictReader(handle)})
    return codes[:: max(len(codes) // limit, 2)][:limit]


class Client:
    """Each request from an address of its own, as nginx would pass it (TRUSTED_PROXY_HOPS=1)."""

    def __init__(self) -> None:
        self.requests = 0
        self.busy = 0

    def get(self, path: str) -> tuple[float, int, dict[str, str]]:
        started = time.perf_counter()
        while True:
            self.requests += 1
            address = f"10.77.{self.requests // 250 % 250}.{self.requests % 250 + 1}"
            connection = http.client.HTTPConnection("127.0.0.1", SERVE_PORT, timeout=120)
            connection.request("GET", path, headers={"X-Forwarded-For": address})
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 503:
                return time.perf_counter() - started, response.status, dict(response.getheaders())
            self.busy += 1  # the page says "try again in a few seconds": do so, sooner
            time.sleep(0.5)


def booklet_path(code: str, name: str) -> str:
    return f"/local/{code}/booklet.pdf?{urlencode({'name': name})}"


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def main() -> int:
    load_before = load_average()
    database_url = fresh_database(DATABASE)
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = production_env(database_url, SERVE_PORT)
    started = time.perf_counter()
    for command in (["db", "upgrade"], ["data", "load"], ["petitions", "load-demo"]):
        flask(env, *command)
    print(f"database ready in {time.perf_counter() - started:.0f} s", flush=True)
    server = start_gunicorn(env, SERVE_PORT)
    worker = subprocess.Popen(
        [BIN / "flask", "booklets", "work"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return measure(env, worker.pid, load_before)
    finally:
        stop([server, worker])


def measure(env: dict[str, str], worker_pid: int, load_before: float) -> int:
    use_environment(env)
    from campaign import create_app
    from campaign.booklets import service as booklets
    from campaign.booklets.queue import pdf_key
    from campaign.booklets.render import html_to_pdf

    app = create_app()
    store = redis.Redis.from_url(REDIS_URL)
    client = Client()
    codes = english_councils(COUNCILS + 1)
    warm, codes = codes[0], codes[1:]
    with app.app_context():
        service = booklets.service()

        def job_for(code: str, name: str):
            plan = service._plan(code, name, None, None)
            return plan.key.digest(), service._job(plan)

        # Warm both sides (the worker's fonts and imports; this process's WeasyPrint) uncounted.
        elapsed, status, _ = client.get(booklet_path(warm, "Warm-up"))
        assert status == 200, status
        html_to_pdf(job_for(warm, "Warm-up")[1].html)
        print(f"first booklet, worker warming up: {elapsed:.1f} s", flush=True)

        first, bare_first, another, bare_another, made = [], [], [], [], []
        deadline = time.monotonic() + SECONDS
        for i, code in enumerate(codes):
            if i >= 2 and time.monotonic() > deadline:
                break
            for name, app_times, bare_times in (
                (f"First {i}", first, bare_first),
                (f"Another {i}", another, bare_another),
            ):
                digest, job = job_for(code, name)
                elapsed, status, headers = client.get(booklet_path(code, name))
                assert status == 200, (status, headers)
                # The same HTML: the node stored it under the key this process computed.
                assert store.exists(pdf_key(digest)), "the app made a different booklet"
                app_times.append(elapsed)
                bare_times.append(timed(html_to_pdf, job.html))
                made.append(booklet_path(code, name))
        renders = int(store.get("booklets:rendered") or 0)
        cached, static = [], []
        for i in range(CACHED):
            elapsed, status, headers = client.get(made[i % len(made)])
            assert status == 200 and headers.get("X-Booklet-Cache") == "hit", (status, headers)
            cached.append(elapsed)
            elapsed, status, _ = client.get(STATIC)
            assert status == 200, status
            static.append(elapsed)

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    councils = f"{len(first)} councils, median"
    rows = [
        row(
            "new booklet, a council's first (queue+worker)",
            ms(first),
            "ms",
            "bare WeasyPrint, same HTML",
            ms(bare_first),
            councils,
        ),
        row(
            "new booklet, another name (spliced)",
            ms(another),
            "ms",
            "bare WeasyPrint, same HTML",
            ms(bare_another),
            councils,
        ),
        row(
            "cached booklet (hit)",
            ms(cached),
            "ms",
            f"static file {STATIC}",
            ms(static),
            f"{len(cached)} each, median",
        ),
        row("booklet worker peak memory", vm_hwm_mb(worker_pid), "MB", "-", 0.0, "VmHWM"),
    ]
    write_result(
        "booklet",
        rows,
        load_before,
        renders=renders,
        busy_answers=client.busy,
        samples={
            "first_s": first,
            "bare_first_s": bare_first,
            "another_s": another,
            "bare_another_s": bare_another,
        },
    )
    print(
        f"renders by the worker: {renders} for {len(made) + 1} booklets asked for "
        f"(each once); busy answers retried: {client.busy}"
    )
    return 0 if renders == len(made) + 1 else 1


if __name__ == "__main__":
    sys.exit(main())
