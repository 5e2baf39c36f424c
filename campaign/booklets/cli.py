"""`flask booklets work`: a booklet worker, taking render jobs from the queue (queue.py)."""

from __future__ import annotations

import gc
import logging

import click
import redis
from flask import current_app
from flask.cli import AppGroup
from rq import Queue, SimpleWorker

from campaign.booklets.pool import warm_up
from campaign.booklets.queue import QUEUE_NAME

booklets_cli = AppGroup("booklets", help="Render booklets for the app nodes.")


@booklets_cli.command("work")
@click.option("--burst", is_flag=True, help="Render what is queued, then stop.")
def work_command(burst: bool) -> None:
    """Take booklet jobs from BOOKLET_QUEUE_URL and render them, one at a time, until stopped
    (SIGTERM finishes the current booklet). Run as many as the machines have cores."""
    url = current_app.config["BOOKLET_QUEUE_URL"]
    if not url:
        raise click.ClickException(
            "BOOKLET_QUEUE_URL (or REDIS_URL) must name the Redis the app nodes queue booklets "
            "on; without it each web process renders its own."
        )
    connection = redis.Redis.from_url(url)
    thresholds = gc.get_threshold()
    # Fonts and imports before the first job, not in the first visitor's wait (and a collector
    # tuned for the laid-out pages the worker keeps).
    warm_up()
    # In this process, not a fork per job: the laid-out pages it keeps (splice.py) make the
    # next booklet for the same council a fraction of the work.
    worker = SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection)
    # One line per booklet (rendered, or found already made) beside RQ's own job lines.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        worker.work(burst=burst, logging_level="INFO")
    finally:
        gc.set_threshold(*thresholds)  # a --burst run inside another process leaves it as it was
