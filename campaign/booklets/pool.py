"""A bounded pool of render workers, so making PDFs never stalls the rest of the site.

WeasyPrint layout is CPU-bound Python: run in a web thread it holds the interpreter lock and
every other request in that process waits. Renders therefore run in separate worker processes
(started with "spawn", so they inherit no database connections or locks from the web process),
at most `workers` at a time, with at most `max_pending` booklets queued. Past that the caller
gets RenderBusy and the visitor a clear "busy, try again" answer instead of a growing queue.

Two requests for the same booklet share one render (single flight) in this process, and a file
lock in the worker stops two web processes rendering the same booklet at once.
"""

from __future__ import annotations

import fcntl
import gc
import multiprocessing
import os
import resource
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from campaign import config as settings
from campaign.booklets.cache import write_atomically
from campaign.booklets.render import html_to_pdf
from campaign.booklets.splice import RenderJob, render_job
from campaign.booklets.splice import warm_up as warm_up_style


class RenderBusy(Exception):
    """Too many booklets are being made right now; the caller should ask again shortly."""


@dataclass(frozen=True)
class RenderResult:
    path: str
    rendered: bool  # False when another process had already made this booklet
    seconds: float
    worker_peak_rss_mb: float
    worker_pid: int


def render_to_file(job: RenderJob | str, destination: str) -> RenderResult:
    """Render a booklet (or plain HTML) to `destination` unless it already exists.

    Runs in a worker process."""
    started = time.perf_counter()
    path = Path(destination)
    path.parent.mkdir(parents=True, exist_ok=True)
    rendered = False
    with open(f"{destination}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            pdf = html_to_pdf(job) if isinstance(job, str) else render_job(job)
            write_atomically(path, pdf)
            rendered = True
    Path(f"{destination}.lock").unlink(missing_ok=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return RenderResult(destination, rendered, time.perf_counter() - started, peak, os.getpid())


def warm_up() -> None:
    """Ready a render worker process (the pool's, or a queue worker's) for its first booklet."""
    # The laid-out pages a worker keeps (splice.py) are hundreds of thousands of objects, which
    # the default cyclic collector walks every 700 allocations: renders slowed by half as the
    # kept pages grew (bench/booklet.py). Collect the young generation far less often.
    gc.set_threshold(100_000, 50, 100)
    # Pay for imports and font loading when the worker starts, not in the first visitor's wait.
    html_to_pdf('<html lang="en"><title>warm</title><p style="font-family:Lato">Warm</p></html>')
    warm_up_style()


class RenderPool:
    def __init__(
        self,
        workers: int = settings.DEFAULT_BOOKLET_RENDER_WORKERS,
        max_pending: int = settings.DEFAULT_BOOKLET_MAX_PENDING,
        inline: bool = False,
    ) -> None:
        self.workers = workers
        self.max_pending = max_pending
        self.inline = inline
        self._lock = threading.Lock()
        self._in_flight: dict[str, Future] = {}
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=warm_up,
                # A fresh worker now and then keeps any slow growth in memory bounded.
                max_tasks_per_child=200,
            )
        return self._executor

    def submit(self, key: str, job: RenderJob | str, destination: Path) -> Future:
        with self._lock:
            future = self._in_flight.get(key)
            if future is not None:
                return future
            if len(self._in_flight) >= self.max_pending:
                raise RenderBusy
            if self.inline:
                future = Future()
                self._in_flight[key] = future
            else:
                try:
                    future = self._pool().submit(render_to_file, job, str(destination))
                except BrokenProcessPool:
                    self._replace_broken_pool()
                    raise RenderBusy from None
                self._in_flight[key] = future
                future.add_done_callback(lambda _f: self._forget(key))
        if self.inline:
            # Tests and single-process tools: render here, still bounded and deduplicated.
            try:
                future.set_result(render_to_file(job, str(destination)))
            except Exception as error:  # noqa: BLE001 (re-raised to the waiting caller)
                future.set_exception(error)
            finally:
                self._forget(key)
        return future

    def render(
        self, key: str, job: RenderJob | str, destination: Path, timeout: float
    ) -> RenderResult:
        future = self.submit(key, job, destination)
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            # The render carries on and fills the cache; this visitor is asked to come back.
            raise RenderBusy from None
        except BrokenProcessPool:
            # A worker died (killed for memory, say): start afresh; the visitor retries.
            with self._lock:
                self._replace_broken_pool()
            raise RenderBusy from None

    def _replace_broken_pool(self) -> None:
        broken, self._executor = self._executor, None
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)

    def idle(self) -> bool:
        with self._lock:
            return not self._in_flight

    def _forget(self, key: str) -> None:
        with self._lock:
            self._in_flight.pop(key, None)

    def warm(self) -> None:
        """Start the workers now, if not yet started; they warm up in the background."""
        with self._lock:
            if self.inline or self._executor is not None:
                return
            pool = self._pool()
        for _ in range(self.workers):
            pool.submit(os.getpid)

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
