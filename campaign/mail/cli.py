import time

import click
from flask.cli import AppGroup

from campaign.mail import outbox

outbox_cli = AppGroup("outbox", help="Deliver the emails waiting in the outbox.")


@outbox_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering until stopped.")
@click.option("--batch", default=100, show_default=True, help="Messages per pass.")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between idle passes.")
def deliver_command(loop: bool, batch: int, interval: float) -> None:
    """Send due messages, retrying failures with backoff."""
    while True:
        sent = outbox.deliver(limit=batch)
        click.echo(f"Delivered {sent} message(s).")
        if not loop:
            return
        if sent < batch:
            time.sleep(interval)
