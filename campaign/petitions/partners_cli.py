"""`flask petitions organisation-*`: organisations, who runs which campaign, partners' wording."""

from pathlib import Path

import click
from sqlalchemy import select

from campaign.core.campaigns import by_slug
from campaign.extensions import db
from campaign.models import Account, Organisation
from campaign.models.organisations import ORGANISATION_ROLES
from campaign.petitions import partners
from campaign.petitions.logos import LogoRejected, store_logo


def _organisation(name: str) -> Organisation:
    found = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if found is None:
        raise click.ClickException(f"No organisation is called {name!r}")
    return found


def register(group: click.Group) -> None:
    @group.command("organisation-add")
    @click.argument("name")
    @click.option("--website", default="")
    @click.option("--privacy-url", default="")
    @click.option("--charity-number", default="")
    @click.option("--logo", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def organisation_add(name, website, privacy_url, charity_number, logo) -> None:
        """Add an organisation that can lead or partner campaigns."""
        for url in (website, privacy_url):
            if url and not url.startswith(("https://", "http://")):
                raise click.ClickException(f"{url!r} must start with https:// or http://")
        organisation = partners.add_organisation(
            name, website=website, privacy_url=privacy_url, charity_number=charity_number
        )
        if logo:
            try:
                store_logo(organisation, logo.read_bytes())
            except LogoRejected as error:
                raise click.ClickException(str(error)) from None
        click.echo(f"Added {name}.")

    @group.command("organisation-link")
    @click.argument("slug")
    @click.argument("name")
    @click.option("--role", type=click.Choice(ORGANISATION_ROLES), default="partner")
    @click.option("--wording", help="The partner's opt-in wording on this campaign's form.")
    def organisation_link(slug, name, role, wording) -> None:
        """Say an organisation runs a campaign, as its lead or a partner."""
        campaign = by_slug(slug)
        if campaign is None:
            raise click.ClickException(f"No campaign has the address name {slug!r}")
        organisation = _organisation(name)
        partners.link(campaign.id, organisation.id, role)
        if wording:
            partners.set_wording(campaign.id, organisation.id, wording, "command line")
        click.echo(f"{name} is now {role} on {slug}.")

    @group.command("organisation-member")
    @click.argument("email")
    @click.argument("name")
    def organisation_member(email, name) -> None:
        """Make a campaigner account part of an organisation."""
        account = db.session.scalar(select(Account).where(Account.email == email.lower()))
        if account is None:
            raise click.ClickException(f"No campaigner account for {email}")
        account.organisation_id = _organisation(name).id
        db.session.commit()
        click.echo(f"{email} now works for {name}.")
