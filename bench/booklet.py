"""Benchmark: the personalised booklet (issue 6).

Serves the real app over HTTP on 127.0.0.1 (a threaded server, as in development), on a fresh
SQLite database with the bundled data and the demo petition, and prints:
  - new booklets: end-to-end time for booklets never made before (distinct council and name),
    median and p95 (target: median under 1.5 s);
  - cached booklets: the same requests again (target: under 50 ms);
  - peak memory (VmHWM) of the render worker and of the web process (target: under 300 MB);
  - the latency of a cheap page (/) alone, then while booklets render in the worker pool, and
    while they render inside the web process instead (the design the pool replaces), so the
    ratio shows whether rendering stalls other requests.
Figures vary with the machine's load: compare the ratios printed by one run.

Usage: .venv/bin/python bench/booklet.py [--renders 12] [--cached 100] [--seconds 8]
"""

from __future__ import annotations

import argparse
import csv
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from campaign import create_app  # noqa: E402
from campaign.config import TestConfig  # noqa: E402


def english_councils(limit: int) -> tuple[list[str], str]:
    """`limit` councils spread through the list, and one more (not among them) to warm up on."""
    path = ROOT / "data" / "lookups" / "lad25_to_utla25_england_from_dfeR.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        codes = sorted({row["UTLA25CD"] for row in csv.DictReader(handle)})
    step = max(len(codes) // limit, 2)
    return codes[::step][:limit], codes[1]


def build_app(database: str, booklets: str, inline: bool):
    return create_app(
        TestConfig,
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "BOOKLET_CACHE_DIR": booklets,
            "BOOKLET_RENDER_INLINE": inline,
            "BOOKLET_RENDER_WORKERS": 1,
            "BOOKLET_MAX_PENDING": 16,
            "BOOKLET_RENDER_TIMEOUT": 60,
            "BASE_URL": "http://127.0.0.1:5000",
            # As deployed: not testing, so reading a council page starts its booklet.
            "TESTING": False,
        },
    )


def prepare(database: str) -> None:
    from flask_migrate import upgrade

    from campaign.petitions.demo import load_demo
    from campaign.places import loaders

    app = build_app(database, tempfile.mkdtemp(), inline=True)
    with app.app_context():
        upgrade()
        loaders.load_all()
        load_demo()


def render_cost(database: str, codes: list[str]) -> None:
    """CPU seconds a render takes in this process (full, then spliced for a second name): a
    figure that, unlike wall time, hardly moves with what else the machine is doing."""
    from campaign.booklets import service, splice

    app = build_app(database, tempfile.mkdtemp(), inline=True)
    full, spliced = [], []
    with app.app_context():
        booklets = service.service()
        for code in codes:
            for name, times in (("CPU First", full), ("CPU Second", spliced)):
                job = booklets._job(booklets._plan(code, name, None, None))
                started = time.process_time()
                splice.render_job(job)
                times.append(time.process_time() - started)
    print(
        f"render CPU time in one process: full median {ms(statistics.median(full))}, "
        f"spliced median {ms(statistics.median(spliced))} ({len(codes)} councils)"
    )


class Server:
    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def get(self, path: str) -> tuple[float, int, dict]:
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        headers = dict(response.getheaders())
        connection.close()
        return elapsed, response.status, headers

    def stop(self) -> None:
        self.server.shutdown()


def booklet_path(code: str, name: str) -> str:
    return f"/local/{code}/booklet.pdf?{urlencode({'name': name})}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_pids() -> list[int]:
    me, pids = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(fields[1]) == me and b"resource_tracker" not in command:
                pids.append(int(entry.name))
    return pids


def cheap_page_latency(server: Server, seconds: float, load=None) -> list[float]:
    """Latency of GET / every 50 ms for `seconds`, optionally while `load` runs in threads."""
    stop = threading.Event()
    threads = []
    if load:
        threads = [threading.Thread(target=load, args=(stop, n), daemon=True) for n in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # let the renders start
    latencies = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        elapsed, status, _ = server.get("/")
        assert status == 200, status
        latencies.append(elapsed)
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    return latencies


def render_load(server: Server, codes: list[str], tag: str):
    def run(stop: threading.Event, worker: int) -> None:
        i = 0
        while not stop.is_set():
            server.get(booklet_path(codes[i % len(codes)], f"Load {tag} {worker}-{i}"))
            i += 1

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=12)
    parser.add_argument("--cached", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--readers", type=int, default=5)
    parser.add_argument("--reading", type=float, default=3.0)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-booklet-")
    database = os.path.join(workdir, "bench.db")
    prepare(database)
    codes, warm_up_council = english_councils(args.renders + args.readers)
    codes, reading_councils = codes[: args.renders], codes[args.renders :]
    print(
        f"load average before: {os.getloadavg()[0]:.1f} (2 cores; other work on the machine "
        "slows every figure)"
    )

    render_cost(database, codes[:5])
    pooled = Server(build_app(database, os.path.join(workdir, "pooled"), inline=False))
    started = time.perf_counter()
    elapsed, status, _ = pooled.get(booklet_path(warm_up_council, "Warm-up"))
    print(f"first booklet, including starting the render worker: {ms(elapsed)} ({status})")
    print(f"(worker start-up and warm-up included; {time.perf_counter() - started:.1f} s)")

    # Each council twice: a first booklet (laid out in full), then one for another advocate
    # (the worker re-uses the council's pages and lays out only the cover and letter).
    first, another, made = [], [], []
    for i in range(args.renders):
        code = codes[i % len(codes)]
        for name, times in ((f"First {i}", first), (f"Another {i}", another)):
            elapsed, status, headers = pooled.get(booklet_path(code, name))
            assert status == 200 and headers.get("X-Booklet-Cache") == "miss", (status, headers)
            times.append(elapsed)
            made.append((code, name))
    cached = []
    for i in range(args.cached):
        elapsed, status, headers = pooled.get(booklet_path(*made[i % len(made)]))
        assert status == 200 and headers.get("X-Booklet-Cache") == "hit", (status, headers)
        cached.append(elapsed)
    new = first + another

    def summary(values: list[float]) -> str:
        return (
            f"median {ms(statistics.median(values))}, p95 {ms(percentile(values, 95))}, "
            f"min {ms(min(values))}, max {ms(max(values))}"
        )

    print(f"new booklets, all ({len(new)}): {summary(new)}")
    print(f"  first booklet for a council ({len(first)} councils): {summary(first)}")
    print(f"  a new advocate's booklet for a council already made: {summary(another)}")
    print(f"cached booklets ({len(cached)}): {summary(cached)}")

    # The usual path: read the council page (which starts laying out its booklet in the idle
    # worker), spend a few seconds on it, then ask for a booklet with one's name.
    after_reading = []
    for i, code in enumerate(reading_councils):
        status = pooled.get(f"/local/{code}")[1]
        assert status == 200, status
        time.sleep(args.reading)
        elapsed, status, headers = pooled.get(booklet_path(code, f"Reader {i}"))
        assert status == 200 and headers.get("X-Booklet-Cache") == "miss", (status, headers)
        after_reading.append(elapsed)
    print(
        f"after reading the council page for {args.reading:.0f} s ({len(after_reading)} "
        f"councils): {summary(after_reading)}"
    )

    workers = worker_pids()
    peaks = ", ".join(f"pid {pid}: {vm_hwm_mb(pid):.0f} MB" for pid in workers)
    print(
        f"peak memory (VmHWM): render worker(s) {peaks or 'none found'}; "
        f"this process {vm_hwm_mb(os.getpid()):.0f} MB (the web app, the benchmark's client and "
        "the CPU-time renders above)"
    )

    alone = cheap_page_latency(pooled, args.seconds)
    with_pool = cheap_page_latency(pooled, args.seconds, render_load(pooled, codes, "pool"))
    pooled.stop()
    inline = Server(build_app(database, os.path.join(workdir, "inline"), inline=True))
    in_process = cheap_page_latency(inline, args.seconds, render_load(inline, codes, "inline"))
    inline.stop()

    def line(label: str, values: list[float]) -> str:
        return (
            f"  {label}: median {ms(statistics.median(values))}, p95 "
            f"{ms(percentile(values, 95))}, max {ms(max(values))} ({len(values)} requests)"
        )

    print("cheap page (GET /) latency:")
    print(line("alone", alone))
    print(line("while 2 clients render booklets in the worker pool", with_pool))
    print(line("while 2 clients render booklets inside the web process", in_process))
    ratio = statistics.median(with_pool) / statistics.median(alone)
    print(
        f"  median slowdown with the pool: x{ratio:.1f}; rendering in-process: "
        f"x{statistics.median(in_process) / statistics.median(alone):.1f}"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
