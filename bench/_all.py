"""`make bench`: every benchmark that measures the production config, bounded in time, then one
table of every figure beside its anchor (each measured in the same run as its figure) and the
load average, written to bench/out/summary.md and bench/out/summary.json.

Each script runs in its own process with a duration knob set for this run (unless already set in
the environment) and a timeout; the whole run stays under BENCH_TOTAL_SECONDS (570: ten minutes
less the set-up `make` does first), skipping what would not fit and saying so. A script that
fails or times out is reported in the table, and `make bench` exits non-zero.

Not run here (each still runs on its own, see its docstring): bench/faults.py (outages of
PostgreSQL, Redis and the mail provider, a minute of fault injection with nothing to compare),
bench/signing_timing.py (a check that a repeat signature answers as fast as a new one, not a
throughput figure).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from _production import row

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TOTAL_SECONDS = float(os.environ.get("BENCH_TOTAL_SECONDS", "570"))

# (script, the knobs that bound its time in this run, its timeout in seconds, its JSON)
PLAN: list[tuple[str, dict[str, str], float, str | None]] = [
    # helper-owned: about 4 minutes at its defaults (a 60 s POST round, signers, the GET rounds).
    ("signing_throughput.py", {}, 330, "web.json"),
    # The rest: about 3 minutes together at a load average of 20 (each makes its own database).
    ("booklet.py", {"BENCH_BOOKLET_SECONDS": "8"}, 90, "booklet.json"),
    ("export_signers.py", {"BENCH_EXPORT_ROWS": "200000"}, 70, "export.json"),
    ("postcode_lookup.py", {}, 40, None),
    ("batch_writer.py", {"BENCH_ROUNDS": "3"}, 60, "batch_writer.json"),
    ("outbox_throughput.py", {"BENCH_SECONDS": "6", "BENCH_BACKLOG": "3000"}, 120, "outbox.json"),
]


def run(script: str, knobs: dict[str, str], timeout: float) -> tuple[str, float, str]:
    env = {**knobs, **os.environ}  # what the caller set wins over this run's defaults
    started = time.monotonic()
    log = OUT / f"{Path(script).stem}.log"
    # Its own process group, so a timeout stops the servers and workers it started too.
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / script)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            time.sleep(5)

    timer = threading.Timer(timeout, stop)
    timer.start()
    assert process.stdout is not None
    with open(log, "w") as output:
        for line in process.stdout:  # shown as it comes, and kept in bench/out/<script>.log
            print(line, end="", flush=True)
            output.write(line)
    code = process.wait()
    timer.cancel()
    if timed_out.is_set():
        status = f"timed out after {timeout:.0f} s"
    else:
        status = "ok" if code == 0 else f"failed (exit {code})"
    return status, time.monotonic() - started, str(log.relative_to(ROOT))


def web_rows(result: dict) -> list[dict]:
    """bench/signing_throughput.py's figures (bench/out/web.json) in the common row shape."""

    def mean(runs: list[dict], key: str = "rate") -> float:
        return sum(r[key] for r in runs) / len(runs) if runs else 0.0

    def bare(which: str) -> float:
        # The bare insert rounds beside each figure's own rounds (all of them, if untagged).
        runs = [r for r in result["bare_insert"] if r.get("for") == which]
        return mean(runs or result["bare_insert"])

    const = mean(result["constant"])
    rows = []
    for figure, runs, key, anchor, anchor_value in (
        ("signature POSTs/s", result["posts"], "rate", "bare Flask insert", bare("posts")),
        ("whole signers/s", result["signers"], "signers_rate", "bare insert", bare("signers")),
        ("petition page req/s", result["page"], "rate", "constant JSON", const),
        ("count JSON req/s", result["count_json"], "rate", "constant JSON", const),
    ):
        value = mean(runs, key)
        errors = sum(r["socket_errors"] + r["status_errors"] for r in runs)
        note = (
            f"p50 {max(r['p50_ms'] for r in runs):.0f} ms, p99 "
            f"{max(r['p99_ms'] for r in runs):.0f} ms, {errors} errors"
        )
        rows.append(row(figure, value, "/s", anchor, anchor_value, note))
    pgbench = result["pgbench_insert"]["rate"]
    rows.append(
        row("signature POSTs/s", mean(result["posts"]), "/s", "pgbench raw insert", pgbench)
    )
    rows.append(
        row(
            "count freshness after a confirmation",
            result["freshness_seconds"],
            "s",
            "COUNTS_CACHE_SECONDS",
            2.0,
        )
    )
    loads = [r["load_average"] for r in result["posts"]]
    if loads:
        result["load_average_before"], result["load_average_after"] = min(loads), max(loads)
    return rows


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def summary_table(sections: list[dict]) -> str:
    lines = [
        "| bench | figure | value | anchor (same run) | anchor value | ratio | notes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for section in sections:
        load = section.get("load")
        load_note = f"load {load[0]:.1f}-{load[1]:.1f}" if load else ""
        if not section["rows"]:
            lines.append(
                f"| {section['script']} | {section['status']} ({section['seconds']:.0f} s) "
                f"| | | | | see {section['log']} |"
            )
        for r in section["rows"]:
            ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else ""
            notes = "; ".join(n for n in (r["note"], load_note) if n)
            lines.append(
                f"| {section['script']} | {r['figure']} | {_number(r['value'])} {r['unit']} | "
                f"{r['anchor']} | {_number(r['anchor_value'])} {r['unit']} | {ratio} | {notes} |"
            )
    return "\n".join(lines)


def main() -> int:
    OUT.mkdir(exist_ok=True)
    started = time.monotonic()
    sections, ok = [], True
    for script, knobs, timeout, result_file in PLAN:
        left = TOTAL_SECONDS - (time.monotonic() - started)
        if left < min(timeout, 60):
            sections.append(_section(script, f"skipped: {left:.0f} s of the budget left", 0, ""))
            ok = False
            continue
        if result_file:
            (OUT / result_file).unlink(missing_ok=True)
        print(f"== bench/{script} (at most {min(timeout, left):.0f} s)", flush=True)
        status, seconds, log = run(script, knobs, min(timeout, left))
        section = _section(script, status, seconds, log)
        ok = ok and status == "ok"
        if result_file and (OUT / result_file).exists():
            result = json.loads((OUT / result_file).read_text())
            try:
                section["rows"] = web_rows(result) if result_file == "web.json" else result["rows"]
            except (KeyError, TypeError, ZeroDivisionError):
                section["status"] += f"; its {result_file} has figures this table cannot read"
            if "load_average_before" in result:
                section["load"] = (result["load_average_before"], result["load_average_after"])
        sections.append(section)
    total = time.monotonic() - started
    table = summary_table(sections)
    runs = "; ".join(f"{s['script']} {s['status']} in {s['seconds']:.0f} s" for s in sections)
    footer = (
        f"\n\n{runs}. Total {total:.0f} s on {os.cpu_count()} cores; load average now "
        f"{os.getloadavg()[0]:.1f}. Ratios are the figures to compare between runs."
    )
    (OUT / "summary.md").write_text(table + footer + "\n")
    (OUT / "summary.json").write_text(
        json.dumps({"sections": sections, "total_seconds": total}, indent=1)
    )
    print("\n" + table + footer)
    return 0 if ok else 1


def _section(script: str, status: str, seconds: float, log: str) -> dict:
    return {"script": script, "status": status, "seconds": seconds, "log": log, "rows": []}


if __name__ == "__main__":
    sys.exit(main())
