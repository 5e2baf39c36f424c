import threading
from dataclasses import replace

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select, update

from campaign.extensions import db
from campaign.mail import worker
from campaign.mail.backends import get_backend
from campaign.mail.delivery import Policy
from campaign.models import OutboxMessage
from campaign.timeutil import utcnow

outbox_cli = AppGroup("outbox", help="Deliver the emails waiting in the outbox.")


@outbox_cli.command("deliver")
@click.option(
    "--loop", is_flag=True, help="Keep delivering until stopped (SIGTERM finishes the pass)."
)
@click.option(
    "--batch",
    type=click.IntRange(1, 5000),
    default=None,
    help="Messages claimed per pass [default: MAIL_BATCH_SIZE].",
)
@click.option("--interval", default=0.5, show_default=True, help="Seconds to wait when idle.")
def deliver_command(loop: bool, batch: int | None, interval: float) -> None:
    """Send due messages, retrying failures with backoff."""
    backend = get_backend()
    policy = Policy.from_config(current_app.config, backend)
    if batch:
        policy = replace(policy, batch_size=batch)
    if loop:
        stop = threading.Event()
        worker.stop_on_signals(stop)
        totals = worker.run(backend, policy, stop, idle_seconds=interval)
    else:
        totals = _one_pass(backend, policy)
    click.echo(
        f"Sent {totals.sent}, retrying {totals.retried}, failed {totals.failed}, "
        f"awaiting evidence {totals.uncertain}."
    )


def _one_pass(backend, policy: Policy) -> worker.Totals:
    stop = threading.Event()
    return worker.run(backend, policy, stop, on_pass=lambda _report: stop.set())


@outbox_cli.command("status")
def status_command() -> None:
    """Messages by state, and the most recent failures with their reasons."""
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    click.echo(
        "  ".join(
            f"{state}: {counts.get(state, 0)}" for state in ("pending", "sending", "sent", "failed")
        )
    )
    failed = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == "failed")
        .order_by(OutboxMessage.id.desc())
        .limit(20)
    ).all()
    for message in failed:
        click.echo(
            f"#{message.id} {message.kind} to {message.to_email} after "
            f"{message.attempts} attempt(s): {message.last_error}"
        )


@outbox_cli.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all-failed", is_flag=True, help="Requeue every failed message.")
def retry_command(ids: tuple[int, ...], all_failed: bool) -> None:
    """Send failed messages again (after fixing what failed them)."""
    if not ids and not all_failed:
        raise click.UsageError("Give message ids, or --all-failed.")
    query = update(OutboxMessage).where(OutboxMessage.status == "failed")
    if ids:
        query = query.where(OutboxMessage.id.in_(ids))
    result = db.session.execute(
        query.values(
            status="pending", attempts=0, claimed_by=None, next_attempt_at=utcnow(), last_error=None
        )
    )
    db.session.commit()
    click.echo(f"Requeued {result.rowcount} message(s).")
