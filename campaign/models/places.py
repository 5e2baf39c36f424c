"""Open data about councils' early-years services, and what the public reports about them.

Figures are stored as published: `value_text` keeps the source's own text (including
suppression marks such as "-"), and the numeric column is None wherever there is no number.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.models.checks import one_of
from campaign.timeutil import utcnow

AREA_LEVELS = ("council", "region", "england")
CENTRE_STATES = ("open", "closed", "proposed")


class Dataset(Model):
    """One bundled file as last loaded: its checksum makes `flask data load` idempotent and
    gives caches (the booklet) a data version."""

    __tablename__ = "datasets"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int]
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class SpendingFigure(Model):
    """Section 251 gross spending on Sure Start children's centres / early years, one area-year."""

    __tablename__ = "spending_figures"
    __table_args__ = (
        UniqueConstraint("year", "level", "la_number"),
        one_of("level", AREA_LEVELS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[str] = mapped_column(String(7))  # "2015-16"
    level: Mapped[str] = mapped_column(String(8))
    la_number: Mapped[str] = mapped_column(String(3), index=True)  # DfE number; 970 England
    area_name: Mapped[str] = mapped_column(String(100))
    gss_code: Mapped[str | None] = mapped_column(String(9))  # as published (may predate 2025)
    line: Mapped[str] = mapped_column(String(200))
    gross_gbp: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    net_gbp: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    source: Mapped[str] = mapped_column(String(300))


class EarlyYearsFigure(Model):
    """One DfE LAIT indicator value for an area and year (e.g. good level of development)."""

    __tablename__ = "early_years_figures"
    __table_args__ = (
        UniqueConstraint("indicator", "year", "la_number"),
        one_of("level", AREA_LEVELS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(40))
    year: Mapped[str] = mapped_column(String(12))
    level: Mapped[str] = mapped_column(String(8))
    la_number: Mapped[str] = mapped_column(String(3), index=True)
    area_name: Mapped[str] = mapped_column(String(100))
    value_text: Mapped[str] = mapped_column(String(40))
    value: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))


class FamilyHubsCouncil(Model):
    """A council's place in the Family Hubs and Start for Life programme or its transformation
    fund."""

    __tablename__ = "family_hubs_councils"
    __table_args__ = (UniqueConstraint("council_code", "programme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_code: Mapped[str] = mapped_column(String(9), index=True)
    la_number: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(100))
    programme: Mapped[str] = mapped_column(String(100))
    trailblazer: Mapped[bool] = mapped_column(default=False)
    announced_name: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text)


class Place(Model):
    """An open children's centre, linked site or family hub with its location."""

    __tablename__ = "places"
    __table_args__ = (Index("ix_places_grid", "easting", "northing"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(40))
    council_code: Mapped[str | None] = mapped_column(String(9), index=True)
    easting: Mapped[int | None]
    northing: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(120))


class Centre(Model):
    """A children's centre in DfE's register (Get Information About Schools), open or closed."""

    __tablename__ = "centres"
    __table_args__ = (one_of("status", CENTRE_STATES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    urn: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type_name: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(10))
    status_name: Mapped[str] = mapped_column(String(80))
    la_number: Mapped[str] = mapped_column(String(3), index=True)
    la_name: Mapped[str] = mapped_column(String(100))
    council_code: Mapped[str | None] = mapped_column(String(9), index=True)
    postcode: Mapped[str | None] = mapped_column(String(8))
    opened_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


REPORT_STATES = ("pending", "approved", "rejected")
REPORT_KINDS = ("closure", "cut")


class ClosureReport(Model):
    """A closure or cut reported by a member of the public; shown once a campaigner approves it."""

    __tablename__ = "closure_reports"
    __table_args__ = (
        one_of("status", REPORT_STATES),
        one_of("kind", REPORT_KINDS),
        Index("ix_closure_reports_council_status", "council_code", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_code: Mapped[str] = mapped_column(String(9))
    centre_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    happened_on: Mapped[date]
    details: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    moderated_at: Mapped[datetime | None]
    moderated_by: Mapped[str | None] = mapped_column(String(254))


class NationalFigure(Model):
    """A national count of children's centres or closures, with its own source."""

    __tablename__ = "national_figures"
    __table_args__ = (UniqueConstraint("as_of", "measure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[str] = mapped_column(String(20))
    measure: Mapped[str] = mapped_column(String(200))
    value: Mapped[int]
    unit: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text)
