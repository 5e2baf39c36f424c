import threading
from dataclasses import replace

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import delete, update

from campaign.database import rows_changed
from campaign.extensions import db
from campaign.mail import worker
from campaign.mail.backends import get_backend
from campaign.mail.delivery import Policy
from campaign.mail.reports import delivery_summary
from campaign.models import OutboxMessage, Suppression
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
    try:
        backend = get_backend()
    except (ValueError, RuntimeError) as error:  # a missing key or unknown backend: say which
        raise click.ClickException(str(error)) from None
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
    summary = delivery_summary()
    click.echo("  ".join(f"{state}: {count}" for state, count in summary.by_status.items()))
    for failed in summary.recent_failures:
        click.echo(
            f"#{failed.id} {failed.kind} to {failed.to_email} after "
            f"{failed.attempts} attempt(s): {failed.last_error}"
        )


@outbox_cli.command("unsuppress")
@click.argument("email")
def unsuppress_command(email: str) -> None:
    """Allow mail to an address again (after its owner fixed the mailbox that bounced)."""
    removed = rows_changed(delete(Suppression).where(Suppression.email == email.strip().lower()))
    db.session.commit()
    click.echo(f"{email} {'may be mailed again' if removed else 'was not suppressed'}.")


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
    requeued = rows_changed(
        query.values(
            status="pending", attempts=0, claimed_by=None, next_attempt_at=utcnow(), last_error=None
        )
    )
    db.session.commit()
    click.echo(f"Requeued {requeued} message(s).")
