"""Group commit for signing: many signatures, one transaction, and the only way a signature in.

At a peak, each signing request doing its own transaction spends most of its time in round trips
and commits. Here request threads hand their validated signature to one writer thread per
process and wait; the writer takes everything that has gathered while it was busy (no added wait
when traffic is light) and hands it to `signing.sign_first_signatures()`, which writes the first
signatures in one transaction; the rest go through `signing.sign()` one at a time. Nobody is
answered before their signature is committed, so nothing accepted is lost. Tests sign through
here too: the writer is the path production takes, so it is the one the suite exercises.

The writer thread stops after a while with nothing to do, and the next signature starts another.
"""

import logging
import queue
import threading
from dataclasses import dataclass

from flask import Flask

from campaign.extensions import db
from campaign.models import Campaign
from campaign.petitions import direct_connection, signing

log = logging.getLogger(__name__)


class Answer:
    """A waiting request's answer, handed over through a lock the request waits to acquire: at a
    peak the writer answers a thousand requests a second, and a Future's condition variable
    (Python code around the same lock) showed in the writer thread's profile."""

    __slots__ = ("_ready", "_outcome", "_error")

    def __init__(self) -> None:
        self._ready = threading.Lock()
        self._ready.acquire()  # released once, when the answer is in
        self._outcome: signing.Outcome | None = None
        self._error: Exception | None = None

    def set_result(self, outcome: signing.Outcome) -> None:
        self._outcome = outcome
        self._ready.release()

    def set_exception(self, error: Exception) -> None:
        self._error = error
        self._ready.release()

    def result(self, timeout: float) -> signing.Outcome:
        if not self._ready.acquire(timeout=timeout):
            raise TimeoutError(f"no answer from the signing writer in {timeout} s")
        if self._error is not None:
            raise self._error
        assert self._outcome is not None
        return self._outcome


@dataclass
class _Item:
    campaign_id: int
    request: signing.SignatureRequest
    done: Answer


class SigningBatcher:
    def __init__(
        self, app: Flask, max_batch: int, timeout: float = 30.0, idle_seconds: float = 60.0
    ) -> None:
        self.app = app
        self.max_batch = max_batch
        self.timeout = timeout
        self.idle_seconds = idle_seconds
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._thread_lock = threading.Lock()

    def submit(self, campaign_id: int, request: signing.SignatureRequest) -> signing.Outcome:
        """Sign, and return once the signature is committed."""
        item = _Item(campaign_id, request, Answer())
        self._queue.put(item)
        with self._thread_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="signing-batcher", daemon=True
                )
                self._thread.start()
        return item.done.result(timeout=self.timeout)

    def _next_batch(self) -> list[_Item] | None:
        try:
            batch = [self._queue.get(timeout=self.idle_seconds)]
        except queue.Empty:
            with self._thread_lock:
                # Anything submitted before this lock was taken is seen here, and anything after
                # it finds no thread and starts one.
                if self._queue.empty():
                    self._thread = None
                    return None
            batch = [self._queue.get()]
        while len(batch) < self.max_batch:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _run(self) -> None:
        try:
            self._write_batches()
        finally:
            direct_connection.close()

    def _write_batches(self) -> None:
        while (batch := self._next_batch()) is not None:
            results: dict[int, signing.Outcome | Exception] = {}
            try:
                with self.app.app_context():
                    try:
                        write(batch, results)
                    finally:
                        db.session.remove()
            except Exception as error:  # noqa: BLE001 - every waiting request must hear back
                log.exception("signing batch of %d failed", len(batch))
                for item in batch:
                    results.setdefault(id(item), error)
            # Answer only once the connection is back in the pool.
            for item in batch:
                result = results[id(item)]
                if isinstance(result, Exception):
                    item.done.set_exception(result)
                else:
                    item.done.set_result(result)


def write(batch: list[_Item], results: dict) -> None:
    """Sign a batch: first signatures together, the rest one at a time, each heard separately."""
    by_campaign: dict[int, list[_Item]] = {}
    for item in batch:
        by_campaign.setdefault(item.campaign_id, []).append(item)
    for campaign_id, items in by_campaign.items():
        rest = signing.sign_first_signatures(campaign_id, [item.request for item in items])
        set_rest = set(rest)
        for index, item in enumerate(items):
            if index not in set_rest:
                results[id(item)] = signing.Outcome.NEW
        for index in rest:
            item = items[index]
            try:
                campaign = db.session.get_one(Campaign, campaign_id)
                results[id(item)] = signing.sign(campaign, item.request)
            except Exception as error:  # noqa: BLE001 - this request alone hears of it
                db.session.rollback()
                results[id(item)] = error


_lock = threading.Lock()


def batcher_for(app: Flask) -> SigningBatcher:
    """This process's batcher, started on first use (so after a server forks its workers)."""
    app = getattr(app, "_get_current_object", lambda: app)()  # the app itself, not the proxy
    batcher = app.extensions.get("signing_batcher")
    if batcher is None:
        with _lock:
            batcher = app.extensions.get("signing_batcher")
            if batcher is None:
                batcher = SigningBatcher(app, max_batch=app.config["SIGNING_BATCH_MAX"])
                app.extensions["signing_batcher"] = batcher
    return batcher
