"""`flask privacy ...`: the privacy notice's promises, from the command line."""

import click
from flask.cli import with_appcontext

from campaign.core.email_addresses import EmailAddressError, checked_email
from campaign.privacy import requests


@click.group("privacy", help="Subject access, erasure and anonymisation.")
def privacy_cli() -> None:
    pass


def _email(value: str) -> str:
    try:
        return checked_email(value)
    except EmailAddressError as error:
        raise click.BadParameter(str(error)) from None


@privacy_cli.command("export", help="Everything held about EMAIL, as JSON or a readable page.")
@click.argument("email")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "html"]), default="json", show_default=True
)
@with_appcontext
def export(email: str, fmt: str) -> None:
    result = requests.export(_email(email), "command")
    click.echo(result.as_json() if fmt == "json" else result.as_page())


@privacy_cli.command("erase", help="Remove EMAIL's personal data everywhere; counts are kept.")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask to confirm.")
@with_appcontext
def erase(email: str, yes: bool) -> None:
    address = _email(email)
    if not yes:
        click.confirm(f"Erase everything held about {address}? This cannot be undone", abort=True)
    result = requests.erase(address, "command")
    click.echo(
        f"Erased {result.signatures} signatures and {result.emails} emails. "
        f"Kept on the do-not-email list: {result.kept_on_do_not_email_list}."
    )
    if result.has_account:
        click.echo("This address also has a campaigner account: an admin can deactivate it.")


@privacy_cli.command(
    "anonymise",
    help="Remove personal data from signatures of long-closed campaigns and from withdrawn "
    "ones past their grace period. Safe to run every night.",
)
@with_appcontext
def anonymise() -> None:
    result = requests.anonymise()
    click.echo(
        f"Anonymised {result.closed_campaigns} signatures of closed campaigns and "
        f"{result.withdrawn} withdrawn signatures."
    )
