from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.timeutil import utcnow


class Resource(Model):
    """A briefing or report: a checked PDF kept under a generated name, or a link."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(String(200))
    published_on: Mapped[date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(80), default="")
    file_name: Mapped[str | None] = mapped_column(String(80))
    file_bytes: Mapped[int | None]
    link_url: Mapped[str | None] = mapped_column(String(1000))
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ResourceTag(Model):
    """A resource belongs to a campaign or a council (upper-tier GSS code)."""

    __tablename__ = "resource_tags"
    __table_args__ = (
        UniqueConstraint("resource_id", "campaign_id", "council_code"),
        Index("ix_resource_tags_council_code", "council_code"),
        Index("ix_resource_tags_campaign_id", "campaign_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    council_code: Mapped[str | None] = mapped_column(String(9))


class ResourceDownload(Model):
    """One download (or link followed), with the campaign or council page it came from."""

    __tablename__ = "resource_downloads"
    __table_args__ = (Index("ix_resource_downloads_resource_id", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    council_code: Mapped[str | None] = mapped_column(String(9))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
