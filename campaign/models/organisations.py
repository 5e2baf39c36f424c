"""Organisations that run campaigns together: a lead and partners, each partner with its own
versioned opt-in wording for contacting signers."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.models.checks import one_of
from campaign.timeutil import utcnow

ORGANISATION_ROLES = ("lead", "partner")


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    website: Mapped[str] = mapped_column(String(500), default="")
    privacy_url: Mapped[str] = mapped_column(String(500), default="")
    charity_number: Mapped[str] = mapped_column(String(20), default="")
    # A generated file name under instance/logos/, never the uploaded one.
    logo_file: Mapped[str | None] = mapped_column(String(80))
    logo_type: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CampaignOrganisation(Model):
    """Who runs a campaign: its lead organisation and its partners, in the order shown."""

    __tablename__ = "campaign_organisations"
    __table_args__ = (
        UniqueConstraint("campaign_id", "organisation_id"),
        one_of("role", ORGANISATION_ROLES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    role: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(default=0)


class PartnerWording(Model):
    """A partner's opt-in wording on one campaign. Never edited: a change is a new version."""

    __tablename__ = "partner_wordings"
    __table_args__ = (UniqueConstraint("campaign_id", "organisation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    version: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(254))
