"""`flask campaigners ...`: accounts from the command line, for the first admin and for
recovering access when no admin can sign in."""

import sys

import click
from flask.cli import with_appcontext

from campaign.campaigners import accounts
from campaign.models.campaigners import ROLES


@click.group("campaigners", help="Campaigner accounts.")
def campaigners_cli() -> None:
    pass


def _read_password() -> str:
    # A terminal gets a hidden prompt typed twice; a pipe (scripts, CI) gives one line on stdin,
    # so the password never appears in the process list or the shell history.
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@campaigners_cli.command(
    "create",
    help="Create an account; the password is read from a "
    "prompt, or from the first line of stdin when piped.",
)
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="campaigner",
    show_default=True,
    help="admin also manages accounts.",
)
@with_appcontext
def create(email: str, role: str) -> None:
    password = _read_password()
    try:
        account = accounts.create_account(email, password, role)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {account.role} account for {account.email}")


@campaigners_cli.command(
    "set-password",
    help="Set a new password for an account (signs it out everywhere); read like `create`.",
)
@click.argument("email")
@with_appcontext
def set_password(email: str) -> None:
    account = accounts.by_email(email)
    if account is None:
        raise click.ClickException(f"No account for {email}")
    try:
        accounts.set_password(account, _read_password())
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Password changed for {account.email}")
