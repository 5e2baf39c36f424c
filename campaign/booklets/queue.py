"""Booklet rendering on a job queue (RQ on Redis), so render workers can live on their own machines.

In production a web process never runs WeasyPrint: it puts a job on the `booklets` queue and
waits (at most BOOKLET_RENDER_TIMEOUT seconds) for the PDF to appear in the shared store, a Redis
key named by the booklet's cache key. Booklet workers (`flask booklets work`, any number, on any
machine that reaches Redis) take the jobs, render with the same code the in-process pool uses
(splice.py keeps a council's laid-out pages between jobs, so a worker runs jobs in its own
process rather than forking one per job) and put the PDF in the store. Every app node reads the
same store, so a booklet rendered behind one node is served from cache behind the others.

The pool's promises hold across nodes: one render per booklet (a claim key taken with SET NX
before enqueueing; whoever loses the race just waits for the winner's PDF, and the worker skips
a booklet already in the store), at most `max_pending` jobs waiting before visitors are told
"busy", and a visitor who waits too long is told to come back while the job carries on.

Jobs carry plain values (the booklet's HTML, and the key it is stored under), never ORM objects:
the worker needs no database.
"""

from __future__ import annotations

import logging
import os
import resource
import time
from pathlib import Path

import redis
from rq import Queue, get_current_job

from campaign.booklets.cache import write_atomically
from campaign.booklets.pool import RenderBusy, RenderResult
from campaign.booklets.render import html_to_pdf
from campaign.booklets.splice import RenderJob, render_job

QUEUE_NAME = "booklets"
# A job (and the claim that stops a second one) expires after this long: a worker killed
# mid-render leaves no booklet stuck, and the next request enqueues it again.
JOB_TIMEOUT_SECONDS = 180
RENDERED_COUNTER = "booklets:rendered"
POLL_SECONDS = 0.02
FAILURE_CHECK_SECONDS = 0.5

log = logging.getLogger(__name__)


def pdf_key(digest: str) -> str:
    return f"booklets:pdf:{digest}"


def _claim_key(digest: str) -> str:
    return f"booklets:claim:{digest}"


class SharedStore:
    """Rendered booklets in Redis, shared by every node, each kept for `ttl` seconds."""

    def __init__(self, connection: redis.Redis, ttl: int) -> None:
        self.connection = connection
        self.ttl = ttl

    def get(self, digest: str) -> bytes | None:
        try:
            value = self.connection.get(pdf_key(digest))
        except redis.RedisError:
            log.warning("booklet store unreachable: treating %s as not yet made", digest[:12])
            return None
        return value if isinstance(value, bytes) else None

    def put(self, digest: str, pdf: bytes) -> None:
        self.connection.set(pdf_key(digest), pdf, ex=self.ttl)

    def renders(self) -> int:
        """How many booklets the workers have rendered (never the ones they found made)."""
        return int(self.connection.get(RENDERED_COUNTER) or 0)


def render_into_store(digest: str, job: RenderJob | str, ttl: int) -> dict[str, object]:
    """The job a booklet worker runs: render unless already stored, then store."""
    current = get_current_job()
    assert current is not None, "runs only inside an RQ worker"
    store = SharedStore(current.connection, ttl)
    started = time.perf_counter()
    rendered = False
    try:
        if not store.connection.exists(pdf_key(digest)):
            pdf = html_to_pdf(job) if isinstance(job, str) else render_job(job)
            store.put(digest, pdf)
            store.connection.incr(RENDERED_COUNTER)
            rendered = True
    finally:
        store.connection.delete(_claim_key(digest))
    seconds = time.perf_counter() - started
    log.info("booklet %s %s in %.2f s", digest[:12], "rendered" if rendered else "found", seconds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rendered": rendered, "seconds": seconds, "peak_mb": peak, "pid": os.getpid()}


class RenderQueue:
    """The web side: the same calls as RenderPool, with the work done by booklet workers."""

    inline = False

    def __init__(self, store: SharedStore, max_pending: int) -> None:
        self.store = store
        self.max_pending = max_pending
        self.queue = Queue(QUEUE_NAME, connection=store.connection)

    def submit(self, key: str, job: RenderJob | str, destination: Path | None = None) -> bool:
        """Queue the render unless someone already has; True if this call queued it."""
        try:
            if self.store.connection.exists(pdf_key(key)):
                return False
            if self.queue.count >= self.max_pending:
                raise RenderBusy
            if not self.store.connection.set(
                _claim_key(key), os.getpid(), nx=True, ex=JOB_TIMEOUT_SECONDS
            ):
                return False  # single flight: another request, here or on another node
            self.queue.enqueue(
                render_into_store,
                key,
                job,
                self.store.ttl,
                job_id=f"booklet-{key}",
                job_timeout=JOB_TIMEOUT_SECONDS,
                ttl=JOB_TIMEOUT_SECONDS,
                result_ttl=60,
                failure_ttl=86400,
            )
        except redis.RedisError:
            # Redis away: no booklet can be queued or found; the visitor is asked to retry.
            log.warning("booklet queue unreachable", exc_info=True)
            raise RenderBusy from None
        return True

    def render(
        self, key: str, job: RenderJob | str, destination: Path, timeout: float
    ) -> RenderResult:
        started = time.perf_counter()
        queued = self.submit(key, job, destination)
        deadline = time.monotonic() + timeout
        next_check = time.monotonic() + FAILURE_CHECK_SECONDS
        while (pdf := self.store.get(key)) is None:
            now = time.monotonic()
            if now > deadline:
                raise RenderBusy  # the job carries on and fills the store
            if now > next_check:
                self._raise_if_failed(key)
                next_check = now + FAILURE_CHECK_SECONDS
            time.sleep(POLL_SECONDS)
        write_atomically(destination, pdf)
        return RenderResult(str(destination), queued, time.perf_counter() - started, 0.0, 0)

    def _raise_if_failed(self, key: str) -> None:
        job = self.queue.fetch_job(f"booklet-{key}")
        if job is not None and job.is_failed:
            job.delete()
            raise RuntimeError(f"the booklet worker could not render {key[:12]}")

    def idle(self) -> bool:
        try:
            return self.queue.count == 0 and self.queue.started_job_registry.count == 0
        except redis.RedisError:
            return False

    def warm(self) -> None:
        """Nothing to start here: the workers are processes of their own."""

    def shutdown(self) -> None:
        self.store.connection.close()
