"""`flask data ...`: load the bundled open data, import DfE's centre register, moderate reports."""

import click
from flask.cli import with_appcontext

from campaign.places import constituencies, gias, loaders, reports, versions


@click.group("data", help="Open data about councils: load it, import centres, moderate reports.")
def data_cli() -> None:
    pass


@data_cli.command("load")
@click.option("--force", is_flag=True, help="Reload every dataset even if its file is unchanged.")
@with_appcontext
def load_command(force: bool) -> None:
    """Load the bundled data in data/ (only what changed since the last load)."""
    results = loaders.load_all(force=force)
    versions.forget()
    for result in results:
        state = "loaded" if result.changed else "unchanged"
        click.echo(f"{result.name}: {result.rows} rows {state}")


@data_cli.command("load-mps")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date of the list (default: a YYYY-MM-DD date in the file's name).",
)
@click.option("--allow-older", is_flag=True, help="Load it even if the list loaded is newer.")
@with_appcontext
def load_mps_command(path: str, as_of, allow_older: bool) -> None:
    """Load a list of MPs in the bundled file's columns (PCON24CD, PCON24NM, MP, ID,
    Start date, Party, Party name), replacing the current list."""
    from pathlib import Path

    try:
        result = constituencies.load_mps(
            Path(path), as_of.date() if as_of else None, allow_older=allow_older
        )
    except constituencies.MPListError as error:
        raise click.ClickException(f"{Path(path).name}: {error}") from error
    state = "loaded" if result.changed else "unchanged (the same list is already loaded)"
    click.echo(
        f"MPs: {result.rows} constituencies {state}, list of {constituencies.list_date():%d %B %Y}"
    )


@data_cli.command("import-centres")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_centres_command(path: str) -> None:
    """Import a GIAS children's centres export (open and closed), matched by URN."""
    try:
        report = gias.import_centres(path)
    except gias.ImportFileError as error:
        raise click.ClickException(str(error)) from error
    for heading, items in (
        ("Added", report.added),
        ("Closed", report.closed),
        ("Changed", report.changed),
        ("Rejected", report.errors),
    ):
        for item in items:
            click.echo(f"{heading}: {item}")
    click.echo(report.summary())


@data_cli.command("reports")
@with_appcontext
def reports_command() -> None:
    """List closure reports waiting for a decision."""
    pending = reports.pending_reports()
    if not pending:
        click.echo("No reports are waiting.")
    for r in pending:
        click.echo(
            f"#{r.id} {r.council_code} {r.kind} of {r.centre_name!r} on {r.happened_on:%d %B %Y}"
            f" | evidence: {r.evidence_url}" + (f" | {r.details}" if r.details else "")
        )


@data_cli.command("approve-report")
@click.argument("report_id", type=int)
@click.option("--by", default=None, help="Who approved it (recorded with the decision).")
@with_appcontext
def approve_report_command(report_id: int, by: str | None) -> None:
    """Publish a closure report on its council's page."""
    if reports.approve_report(report_id, by=by) is None:
        raise click.ClickException(f"There is no report #{report_id}.")
    click.echo(f"Report #{report_id} approved: it now shows on the council page.")


@data_cli.command("reject-report")
@click.argument("report_id", type=int)
@click.option("--by", default=None, help="Who rejected it (recorded with the decision).")
@with_appcontext
def reject_report_command(report_id: int, by: str | None) -> None:
    """Keep a closure report off the council page."""
    if reports.reject_report(report_id, by=by) is None:
        raise click.ClickException(f"There is no report #{report_id}.")
    click.echo(f"Report #{report_id} rejected.")
