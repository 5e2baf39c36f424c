"""Registers every command group. Each area keeps its commands beside its code."""

from flask import Flask


def register(app: Flask) -> None:
    from campaign.booklets.briefings import resources_cli
    from campaign.booklets.cli import booklets_cli
    from campaign.campaigners.cli import campaigners_cli
    from campaign.mail.cli import outbox_cli
    from campaign.petitions.cli import petitions_cli
    from campaign.places.cli import data_cli
    from campaign.privacy.cli import privacy_cli

    app.cli.add_command(booklets_cli)
    app.cli.add_command(campaigners_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(petitions_cli)
    app.cli.add_command(data_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(resources_cli)
