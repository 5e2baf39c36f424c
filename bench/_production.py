"""What the booklet, export and outbox benches share: the production config as `make serve` runs
it (FLASK_CONFIG=production with its required settings, nothing switched off), gunicorn and
worker processes started from it, the load average, and results written as a table and JSON in
bench/out/ (bench/_all.py gathers them into one table for `make bench`).

Each result row is a figure beside its anchor measured in the same run:
{"figure", "value", "unit", "anchor", "anchor_value", "ratio", "note"}.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
SECRET = "bench-only-secret"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
PORT = int(os.environ.get("BENCH_PORT", "5801"))


def production_env(database_url: str, port: int, **extra: str) -> dict[str, str]:
    """The environment `make serve` needs, pointed at the bench's database, Redis and port."""
    return {
        **os.environ,
        "FLASK_APP": "wsgi",
        "FLASK_CONFIG": "production",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "BASE_URL": f"http://127.0.0.1:{port}",
        "TRUSTED_PROXY_HOPS": "1",
        "OUTBOX_DELIVER_IN_PROCESS": "0",
        "MAIL_FILE_DIR": tempfile.mkdtemp(prefix="bench-mail-"),
        **extra,
    }


def use_environment(env: dict[str, str]) -> None:
    """Make this process's own app (create_app reads the environment) the production one."""
    os.environ.update(env)


def flask(env: dict[str, str], *command: str) -> None:
    subprocess.run([BIN / "flask", *command], cwd=ROOT, env=env, check=True, capture_output=True)


def start_gunicorn(env: dict[str, str], port: int, workers: int = 2) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env={**env, "WEB_WORKERS": str(workers)},
    )
    wait_for(f"http://127.0.0.1:{port}/", server)
    return server


def wait_for(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310 - a loopback URL
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer") from None
            time.sleep(0.2)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def load_average() -> float:
    return os.getloadavg()[0]


def row(
    figure: str, value: float, unit: str, anchor: str, anchor_value: float, note: str = ""
) -> dict[str, object]:
    return {
        "figure": figure,
        "value": value,
        "unit": unit,
        "anchor": anchor,
        "anchor_value": anchor_value,
        "ratio": value / anchor_value if anchor_value else None,
        "note": note,
    }


def table(rows: list[dict]) -> str:
    lines = [f"{'figure':<44}{'value':>12}  {'anchor (same run)':<36}{'value':>12}  ratio"]
    for r in rows:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-"
        lines.append(
            f"{r['figure']:<44}{r['value']:>9.1f} {r['unit']:<3}"
            f"{r['anchor']:<36}{r['anchor_value']:>9.1f} {r['unit']:<3} {ratio}"
            + (f"  ({r['note']})" if r["note"] else "")
        )
    return "\n".join(lines)


def write_result(name: str, rows: list[dict], load_before: float, **extra: object) -> None:
    """Print the table and write bench/out/<name>.json."""
    OUT.mkdir(exist_ok=True)
    result = {
        "bench": name,
        "rows": rows,
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "cores": os.cpu_count(),
        **extra,
    }
    (OUT / f"{name}.json").write_text(json.dumps(result, indent=1))
    print(table(rows))
    print(
        f"load average {load_before:.1f} before, {result['load_average_after']:.1f} after, "
        f"on {os.cpu_count()} cores (compare ratios, not absolute figures)"
    )
