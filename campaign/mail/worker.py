"""The long-running outbox worker behind `flask outbox deliver --loop`.

SIGTERM or SIGINT asks it to stop: the pass in progress finishes (its requests complete or time
out, and every outcome is recorded) before it exits, so a deploy never strands a claimed batch.
Any number of workers may run at once; they share the queue through row locks.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass

from campaign.extensions import db
from campaign.mail.delivery import PassReport, Policy, default_worker_id, deliver_once

log = logging.getLogger(__name__)


@dataclass
class Totals:
    passes: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    uncertain: int = 0


def stop_on_signals(stop: threading.Event) -> None:
    def request_stop(signum, _frame) -> None:
        log.info(
            "outbox worker: %s received, finishing the current pass", signal.Signals(signum).name
        )
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, request_stop)


def run(
    backend,
    policy: Policy,
    stop: threading.Event,
    idle_seconds: float = 0.5,
    on_pass: Callable[[PassReport], None] | None = None,
) -> Totals:
    """Deliver until `stop` is set. Sleeps only when idle or when the provider asked to wait."""
    worker_id = default_worker_id()
    totals = Totals()
    while not stop.is_set():
        try:
            report = deliver_once(backend, policy, worker_id)
        except Exception:  # noqa: BLE001 - a database blip must not kill the worker; rows are safe
            log.exception("outbox worker: pass failed; retrying shortly")
            db.session.rollback()
            stop.wait(idle_seconds)
            continue
        finally:
            db.session.remove()
        totals.passes += 1
        for name in ("sent", "retried", "failed", "uncertain"):
            setattr(totals, name, getattr(totals, name) + getattr(report, name))
        if on_pass:
            on_pass(report)
        if report.pause:
            stop.wait(report.pause)
        elif report.claimed < policy.batch_size:
            stop.wait(idle_seconds)
    return totals
