"""`flask privacy ...`: the privacy notice's promises, from the command line."""

import click
from flask.cli import with_appcontext

from campaign.core.email_addresses import EmailAddressError, checked_email
from campaign.privacy import requests, staff


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
        click.echo(
            "This address also has a campaigner account: `flask privacy erase-account` erases it."
        )


@privacy_cli.command(
    "erase-account",
    help="Erase the campaigner account with address EMAIL: its address, password and sessions "
    "go; what it did stays on record as 'a removed account #N'.",
)
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask to confirm.")
@with_appcontext
def erase_account(email: str, yes: bool) -> None:
    if not yes:
        click.confirm(
            f"Erase the campaigner account {email.strip()}? This cannot be undone", abort=True
        )
    try:
        result = staff.erase_account(email, "command")
    except staff.AccountErasureRefused as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Erased the account; {result.records_renamed} records now name {result.label}; "
        f"{result.exports_without_address} exports lost their internet address; "
        f"{result.emails} emails to it were scrubbed."
    )
    if result.signatures_under_the_address:
        click.echo(
            f"The address also signed {result.signatures_under_the_address} times: "
            "`flask privacy erase` removes those."
        )


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
