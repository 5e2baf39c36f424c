"""How many signatures a second the web tier takes, end to end, on this machine.

gunicorn serves the real app (production config, CSRF on, threaded workers from
gunicorn.conf.py, signing by group commit) on PostgreSQL; wrk posts the real
signing form with a valid session cookie and CSRF token and a unique email per request. The
figure that matters is confirmed rows in the database per second of load, against the 1,000 a
second the platform is designed for. Run: `.venv/bin/python bench/signing_throughput.py`
(needs PostgreSQL on 127.0.0.1 and `wrk`, Debian package `wrk`).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg
from _postgres import fresh_database

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("BENCH_DATABASE", "best_bench")
DATABASE_URL = f"postgresql+psycopg://root@127.0.0.1:5432/{DATABASE}"
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
SLUG = "best-start-in-life"

LUA = r"""
local counter = 0
local thread_id = 0
function setup(thread) thread_id = thread_id + 1; thread:set("tid", thread_id) end
function request()
  counter = counter + 1
  local body = "name=Bench+Person+" .. counter .. "&email=bench" .. tid .. "x" .. counter ..
    "%40example.org&postcode=S1+2HH&privacy=y&csrf_token=" .. os.getenv("CSRF") ..
    "&started=" .. os.getenv("STARTED")
  return wrk.format("POST", "/petitions/SLUG/signatures", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = os.getenv("COOKIE"),
  }, body)
end
""".replace("SLUG", SLUG)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env() -> dict:
    return {
        **os.environ,
        "FLASK_APP": "wsgi",
        "FLASK_CONFIG": "production",
        "SECRET_KEY": "bench-secret",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "BASE_URL": "http://127.0.0.1",
        "RATELIMIT_ENABLED": "0",
        "SIGNING_MIN_FILL_SECONDS": "0",
        "OUTBOX_DELIVER_IN_PROCESS": "0",
        "MAIL_FILE_DIR": tempfile.mkdtemp(),
    }


def session_for(port: int) -> tuple[str, str, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/petitions/{SLUG}") as response:
        html = response.read().decode()
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', html).group(1)
    return cookie, csrf, started


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def count_signatures() -> int:
    with psycopg.connect(DATABASE_URL.replace("+psycopg", "")) as connection:
        return connection.execute("SELECT count(*) FROM signatures").fetchone()[0]


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)")
        return 1
    fresh_database(DATABASE)
    env = server_env()
    bin_dir = Path(sys.executable).parent
    for command in (["db", "upgrade"], ["petitions", "load-demo"]):
        subprocess.run(
            [bin_dir / "flask", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    port = free_port()
    server = subprocess.Popen(
        [
            bin_dir / "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(port)
        cookie, csrf, started = session_for(port)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA)
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                f"-d{SECONDS}s",
                "--latency",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            env={**os.environ, "COOKIE": cookie, "CSRF": csrf, "STARTED": started},
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = count_signatures()
    print(result.stdout)
    rate = stored / SECONDS
    print(
        f"gunicorn workers: {WORKERS} (threaded), connections: {CONNECTIONS}, "
        f"cores: {os.cpu_count()}, group commit: {env.get('SIGNING_BATCH', '1')}"
    )
    print(
        f"signatures stored: {stored} in {SECONDS}s = {rate:.0f}/s "
        f"({rate / 1000:.2f}x the 1,000/s design target)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
