"""Faults under a signing load: nothing accepted is lost, nothing is doubled, and the app
recovers by itself.

On loopback only, bounded in time (about a minute) and in count: client threads sign at full
speed against gunicorn (production config, group commit) while this script restarts PostgreSQL,
kills a web worker (SIGKILL) and kills the mail worker (SIGKILL, then starts another). PostgreSQL
is a throwaway cluster of the script's own (initdb into a temporary directory, as the `postgres`
user when run as root), so a fresh clone needs only the PostgreSQL server binaries; mail goes to
the fake SendGrid from the test suite, which counts every hand-over by outbox id.

Then it checks that every signature answered with the thank-you redirect is stored exactly once
with its consent record and its confirmation email, that every email was handed over at most
once, and prints what clients saw during each fault and how long recovery took.

Run: `.venv/bin/python bench/faults.py` (BENCH_SECONDS, BENCH_CLIENTS to change the load).
"""

from __future__ import annotations

import glob
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.mail.fake_sendgrid import FakeSendGrid  # noqa: E402 - after the path is set

PG_PORT, WEB_PORT, SENDGRID_PORT = 5610, 5620, 5630  # this project's bench port range
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
MAX_REQUESTS = 20_000  # a bound on the load whatever the machine's speed
SLUG = "best-start-in-life"
BIN = Path(sys.executable).parent


@dataclass
class Answer:
    at: float
    status: str  # "303", "503", ... or the exception's name
    email: str


@dataclass
class Fault:
    name: str
    at: float
    back_at: float = 0.0  # when the fault's action finished (the server is up again)
    recovered_at: float | None = None
    seen: Counter = field(default_factory=Counter)


class Cluster:
    """A PostgreSQL cluster of this script's own, on PG_PORT."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb")]
        if not found or not found[-1]:
            raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = Path(found[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "root")

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bin / tool), *args], check=True, capture_output=True
        )

    def _ctl(self, *args: str) -> None:
        options = f"-p {PG_PORT} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-o", options, "-w", *args)

    def start(self) -> None:
        self._ctl("-l", str(self.dir / "log"), "start")

    def restart(self) -> None:
        self._ctl("-m", "fast", "restart", "-l", str(self.dir / "log"))

    def stop(self) -> None:
        self._ctl("-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://root@127.0.0.1:{PG_PORT}/{database}"


def server_env(cluster: Cluster, fake: FakeSendGrid) -> dict:
    return {
        **os.environ,
        "FLASK_APP": "wsgi",
        "FLASK_CONFIG": "production",
        "SECRET_KEY": "bench-secret",
        "DATABASE_URL": cluster.url("faults").replace("postgresql://", "postgresql+psycopg://"),
        "RATELIMIT_ENABLED": "0",
        # Production requires these; rate limits are off for the load, so Redis is not asked.
        "REDIS_URL": "redis://127.0.0.1:5640/5",
        "BASE_URL": f"http://127.0.0.1:{WEB_PORT}",
        "SIGNING_MIN_FILL_SECONDS": "0",
        "OUTBOX_DELIVER_IN_PROCESS": "0",
        "WEB_WORKERS": "2",
        "WEB_THREADS": "16",
        "MAIL_BACKEND": "sendgrid",
        "SENDGRID_API_KEY": fake.api_key,
        "SENDGRID_API_HOST": fake.host,
        "MAIL_LEASE_SECONDS": "5",
        "MAIL_UNCERTAIN_GRACE_SECONDS": "5",
        "DB_POOL_SIZE": "5",
        "DB_MAX_OVERFLOW": "10",
    }


class Signer(threading.Thread):
    """One browser: fetches the form (cookie, CSRF token), then signs as fast as it is answered."""

    def __init__(self, number: int, stop: threading.Event, answers: list[Answer], t0: float):
        super().__init__(daemon=True)
        self.number, self.stop_event, self.answers, self.t0 = number, stop, answers, t0

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=15)

    def _session(self) -> tuple[str, str, str] | None:
        try:
            connection = self._connection()
            connection.request("GET", f"/petitions/{SLUG}")
            response = connection.getresponse()
            html = response.read().decode()
            connection.close()
            cookie = (response.getheader("Set-Cookie") or "").split(";", 1)[0]
            csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
            started = re.search(r'name="started" type="hidden" value="([^"]+)"', html)
            return (cookie, csrf.group(1), started.group(1)) if csrf and started else None
        except (OSError, http.client.HTTPException):
            return None

    def run(self) -> None:
        session, sent, connection = None, 0, self._connection()
        while not self.stop_event.is_set() and len(self.answers) < MAX_REQUESTS:
            session = session or self._session()
            if session is None:
                time.sleep(0.1)
                continue
            sent += 1
            email = f"c{self.number}n{sent}@example.org"
            body = urllib.parse.urlencode(
                {
                    "name": f"Bench Person {sent}",
                    "email": email,
                    "postcode": "S1 2HH",
                    "privacy": "y",
                    "csrf_token": session[1],
                    "started": session[2],
                }
            )
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": session[0],
            }
            try:
                connection.request("POST", f"/petitions/{SLUG}/signatures", body, headers)
                response = connection.getresponse()
                response.read()
                status = str(response.status)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
                connection = self._connection()
            self.answers.append(Answer(time.monotonic() - self.t0, status, email))


def start_mail_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [BIN / "flask", "outbox", "deliver", "--loop"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def gunicorn_workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def run_faults(cluster: Cluster, env: dict, t0: float, web: subprocess.Popen) -> list[Fault]:
    """The three faults, a third of the run apart; returns when they are done."""
    faults = []
    step = SECONDS / 4
    time.sleep(step)
    faults.append(Fault("restart PostgreSQL", time.monotonic() - t0))
    cluster.restart()
    faults[-1].back_at = time.monotonic() - t0
    time.sleep(step)
    faults.append(Fault("kill a web worker", time.monotonic() - t0))
    os.kill(gunicorn_workers(web.pid)[0], signal.SIGKILL)
    faults[-1].back_at = time.monotonic() - t0
    time.sleep(step)
    faults.append(Fault("kill the mail worker", time.monotonic() - t0))
    env["_mail"].send_signal(signal.SIGKILL)
    env["_mail"].wait()
    env["_mail"] = start_mail_worker(env["_env"])
    faults[-1].back_at = time.monotonic() - t0
    return faults


def summarise(faults: list[Fault], answers: list[Answer], mail_sent_at: list[float]) -> None:
    ends = [f.at for f in faults[1:]] + [float("inf")]
    for fault, end in zip(faults, ends, strict=True):
        window = [a for a in answers if fault.at <= a.at < end]
        if fault.name == "kill the mail worker":
            later = [t for t in mail_sent_at if t > fault.back_at]
            fault.recovered_at = later[0] if later else None
        else:
            # The first signature accepted once the fault's action was over.
            ok = [a.at for a in window if a.status == "303" and a.at > fault.back_at]
            fault.recovered_at = ok[0] if ok else None
        until = fault.recovered_at or end
        fault.seen = Counter(a.status for a in window if a.at <= until)


def check(env: dict, answers: list[Answer], fake: FakeSendGrid) -> dict[str, int]:
    accepted = {a.email for a in answers if a.status == "303"}
    with psycopg.connect(env["DATABASE_URL"].replace("+psycopg", "")) as connection:
        rows = connection.execute(
            "SELECT s.email, count(*) OVER (PARTITION BY s.email_canonical),"
            " (SELECT count(*) FROM consent_records c WHERE c.signature_id = s.id),"
            " (SELECT count(*) FROM outbox_messages o WHERE o.to_email = s.email)"
            " FROM signatures s"
        ).fetchall()
        outbox = dict(
            connection.execute("SELECT status, count(*) FROM outbox_messages GROUP BY status")
        )
    stored = {email for email, *_ in rows}
    handed = fake.custom_arg_counts()
    return {
        "answered 303 (accepted)": len(accepted),
        "stored": len(stored),
        "lost (accepted, not stored)": len(accepted - stored),
        "doubled (stored twice)": sum(1 for _, n, *_ in rows if n > 1),
        "stored without consent record": sum(1 for *_, c, _ in rows if c == 0),
        "stored without an email queued": sum(1 for *_, o in rows if o == 0),
        "emails handed over once": sum(1 for n in handed.values() if n == 1),
        "emails handed over twice or more": sum(1 for n in handed.values() if n > 1),
        **{f"outbox {status}": count for status, count in sorted(outbox.items())},
    }


def main() -> int:
    cluster = Cluster()
    cluster.start()
    with psycopg.connect(cluster.url(), autocommit=True) as connection:
        connection.execute("CREATE DATABASE faults")
    fake = FakeSendGrid(port=SENDGRID_PORT).start()
    env = server_env(cluster, fake)
    processes: list[subprocess.Popen] = []
    try:
        for command in (["db", "upgrade"], ["petitions", "load-demo"]):
            subprocess.run(
                [BIN / "flask", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        web = subprocess.Popen(
            [
                BIN / "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "-b",
                f"127.0.0.1:{WEB_PORT}",
                "--log-level",
                "critical",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        processes.append(web)
        control = {"_env": env, "_mail": start_mail_worker(env)}
        wait_for_web()
        answers: list[Answer] = []
        stop = threading.Event()
        t0 = time.monotonic()
        signers = [Signer(i, stop, answers, t0) for i in range(CLIENTS)]
        watching = threading.Event()
        mail_sent_at = watch_mail(fake, t0, watching)
        for signer in signers:
            signer.start()
        faults = run_faults(cluster, control, t0, web)
        time.sleep(max(0.0, SECONDS - (time.monotonic() - t0)))
        stop.set()
        for signer in signers:
            signer.join(timeout=20)
        settle_mail(env, deadline=time.monotonic() + 30)
        watching.set()
        processes.append(control["_mail"])
        summarise(faults, answers, mail_sent_at)
        results = check(env, answers, fake)
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        fake.stop()
        cluster.stop()
    print_report(faults, results, answers)
    bad = results["lost (accepted, not stored)"] + results["doubled (stored twice)"]
    return 1 if bad or results["emails handed over twice or more"] else 0


def wait_for_web() -> None:
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=1)
            connection.request("GET", "/privacy")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def watch_mail(fake: FakeSendGrid, t0: float, stop: threading.Event) -> list[float]:
    """When each hand-over reached the provider (seconds into the run)."""
    times: list[float] = []

    def watch() -> None:
        seen = 0
        while not stop.is_set():
            count = len(fake.accepted)
            if count > seen:
                times.append(time.monotonic() - t0)
                seen = count
            time.sleep(0.05)

    threading.Thread(target=watch, daemon=True).start()
    return times


def settle_mail(env: dict, deadline: float) -> None:
    url = env["DATABASE_URL"].replace("+psycopg", "")
    while time.monotonic() < deadline:
        with psycopg.connect(url) as connection:
            busy = connection.execute(
                "SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending')"
            ).fetchone()[0]
        if not busy:
            return
        time.sleep(0.5)


def print_report(faults: list[Fault], results: dict[str, int], answers: list[Answer]) -> None:
    print(f"{len(answers)} signing requests from {CLIENTS} clients in {SECONDS:.0f} s")
    overall = Counter(a.status for a in answers)
    print("answers: " + ", ".join(f"{status}: {n}" for status, n in overall.most_common()))
    print(f"{'':34} {'value':>8}")
    for name, value in results.items():
        print(f"{name:34} {value:>8}")
    print()
    print(f"{'fault':22} {'at s':>6} {'lasted s':>9} {'recovered s':>12}  clients saw meanwhile")
    for fault in faults:
        lasted = fault.back_at - fault.at
        took = f"{fault.recovered_at - fault.at:.1f}" if fault.recovered_at else "not seen"
        seen = ", ".join(f"{status}: {n}" for status, n in fault.seen.most_common())
        print(f"{fault.name:22} {fault.at:6.1f} {lasted:9.1f} {took:>12}  {seen or '-'}")
    print("recovered s: from the fault to the first signature accepted (mail: handed over) after")
    print("it ended; 303 is the thank-you redirect, 503 the designed 'could not save' page.")


if __name__ == "__main__":
    raise SystemExit(main())
