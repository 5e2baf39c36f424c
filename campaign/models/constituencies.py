"""Westminster constituencies (July 2024 boundaries) and the MP sitting for each.

The MP list changes (by-elections, defections), so every row carries the date of the list it
came from, and pages show that date. Postcodes reach a constituency through the postcode index;
this table names it and its MP."""

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model


class Constituency(Model):
    __tablename__ = "constituencies"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)  # PCON24CD
    name: Mapped[str] = mapped_column(String(100))
    # None while a seat is vacant.
    mp_name: Mapped[str | None] = mapped_column(String(100))
    mp_party: Mapped[str | None] = mapped_column(String(20))  # "Lab", "LD", ...
    mp_party_name: Mapped[str | None] = mapped_column(String(100))
    mp_member_id: Mapped[int | None]  # UK Parliament Members API id
    mp_since: Mapped[date | None]
    list_as_of: Mapped[date]  # the date of the MP list this row came from
