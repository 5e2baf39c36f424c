"""The production layout on loopback: nginx (deploy/nginx.conf) in front of two gunicorn app
nodes, with outbox workers and booklet workers, all on one PostgreSQL and one Redis, as
docs/deploy.md describes. Each node keeps booklets in a folder of its own, as on separate
machines: what one node rendered reaches the other only through the shared cache in Redis.

Ports come from LAYOUT_PORT (default 5810): nodes at +0 and +1, nginx at +10.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from campaign.config import ROOT

BASE_PORT = int(os.environ.get("LAYOUT_PORT", "5810"))
REDIS_URL = os.environ.get("LAYOUT_REDIS_URL", "redis://127.0.0.1:6379/8")


class Layout:
    def __init__(
        self,
        database_url: str,
        secret_key: str,
        sendgrid_host: str,
        workers: int = 2,
        booklet_workers: int = 2,
    ):
        self.prefix = Path(tempfile.mkdtemp(prefix="best-start-layout-"))
        self.node_ports = [BASE_PORT, BASE_PORT + 1]
        self.port = BASE_PORT + 10
        self.workers = workers
        self.booklet_workers = booklet_workers
        self.env = {
            **os.environ,
            "FLASK_APP": "wsgi",
            "FLASK_CONFIG": "production",
            "SECRET_KEY": secret_key,
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "TRUSTED_PROXY_HOPS": "1",
            "BASE_URL": f"http://127.0.0.1:{self.port}",
            "OUTBOX_DELIVER_IN_PROCESS": "0",
            "MAIL_BACKEND": "sendgrid",
            "SENDGRID_API_KEY": "SG.fake-key",
            "SENDGRID_API_HOST": sendgrid_host,
            "SENDGRID_TIMEOUT": "5",
            # The booklet queue and shared cache are in REDIS_URL (BOOKLET_QUEUE_URL's default).
            "WEB_WORKERS": "1",
            "WEB_THREADS": "8",
        }
        self.processes: list[subprocess.Popen] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Layout:
        try:
            for port in self.node_ports:
                self._spawn(
                    [
                        Path(sys.executable).parent / "gunicorn",
                        "-c",
                        str(ROOT / "gunicorn.conf.py"),
                        "-b",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                        "wsgi:app",
                    ],
                    BOOKLET_CACHE_DIR=str(self.booklet_dir(port)),
                )
            for _ in range(self.workers):
                self._spawn(
                    [
                        sys.executable,
                        "-m",
                        "flask",
                        "outbox",
                        "deliver",
                        "--loop",
                        "--interval",
                        "0.1",
                    ]
                )
            for n in range(self.booklet_workers):
                self._spawn(
                    [sys.executable, "-m", "flask", "booklets", "work"],
                    stdout=self.booklet_log(n),
                )
            self._spawn(
                [
                    "nginx",
                    "-p",
                    str(self.prefix),
                    "-c",
                    str(self._nginx_conf()),
                    "-g",
                    "daemon off;",
                ]
            )
            for port in [*self.node_ports, self.port]:
                _wait_for(f"http://127.0.0.1:{port}/")
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> Layout:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def booklet_dir(self, port: int) -> Path:
        """The booklet folder of the node on `port` (its first cache layer)."""
        return self.prefix / f"booklets-{port}"

    def booklet_log(self, worker: int) -> Path:
        """Where booklet worker `worker` logs each job (and each booklet rendered or found)."""
        return self.prefix / f"booklet-worker-{worker}.log"

    def _spawn(self, command: list, stdout: Path | None = None, **env: str) -> None:
        output = open(stdout, "w") if stdout else None  # noqa: SIM115 (closed with the process)
        self.processes.append(
            subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env={**self.env, **env},
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
            )
        )
        if output:
            output.close()  # the child holds its own copy

    def _nginx_conf(self) -> Path:
        upstreams = " ".join(f"server 127.0.0.1:{port};" for port in self.node_ports)
        text = (
            (ROOT / "deploy" / "nginx.conf")
            .read_text()
            .replace("@PREFIX@", str(self.prefix))
            .replace("@UPSTREAMS@", upstreams)
            .replace("@LISTEN@", f"127.0.0.1:{self.port}")
        )
        path = self.prefix / "nginx.conf"
        path.write_text(text)
        return path


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - a loopback URL
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer") from None
            time.sleep(0.2)
