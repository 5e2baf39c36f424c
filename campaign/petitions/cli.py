import click
from flask.cli import AppGroup
from sqlalchemy import select

from campaign.core import counts
from campaign.extensions import db
from campaign.models import Campaign
from campaign.petitions.demo import load_demo
from campaign.petitions.partners_cli import register as register_partner_commands

petitions_cli = AppGroup("petitions", help="Manage petitions and their counts.")
register_partner_commands(petitions_cli)


@petitions_cli.command("load-demo")
def load_demo_command() -> None:
    """Create the demo petition and sign-up (idempotent)."""
    created = load_demo()
    click.echo(f"Created {', '.join(created)}." if created else "Demo campaigns already present.")


@petitions_cli.command("reconcile-counts")
def reconcile_command() -> None:
    """Check every campaign's counters against the signatures table and repair any drift."""
    for campaign in db.session.scalars(select(Campaign).order_by(Campaign.id)):
        changes = counts.reconcile(db.session, campaign.id)
        db.session.commit()
        if not changes:
            click.echo(f"{campaign.slug}: counts exact.")
        for (council, constituency), (was, now) in sorted(changes.items()):
            where = constituency or "no constituency"
            click.echo(
                f"{campaign.slug}: {council or 'outside UK'} was {was}, now {now} ({where})."
            )
