"""For `make run` only: a background poller delivers the outbox inside the web process, so a
developer needs no second process. Delivery state lives in the outbox rows, so nothing is lost
if this thread dies; production runs `flask outbox deliver --loop` instead."""

import logging
import threading
import time

from flask import Flask

from campaign.extensions import db
from campaign.mail import outbox

log = logging.getLogger(__name__)


def start(app: Flask, interval: float = 1.0) -> threading.Thread:
    def run() -> None:
        while True:
            with app.app_context():
                try:
                    outbox.deliver()
                except Exception:  # noqa: BLE001 - keep polling; the failure is logged
                    log.exception("in-process outbox delivery failed")
                    db.session.rollback()
                finally:
                    db.session.remove()
            time.sleep(interval)

    thread = threading.Thread(target=run, name="outbox-poller", daemon=True)
    thread.start()
    return thread
