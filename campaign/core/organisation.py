"""Who runs this site: the organisation named in the footer, the privacy notice and every email.

It comes from settings (ORGANISATION_*), so a charity running the platform names itself without
touching a template. The development and test settings name a made-up organisation and say so
on every page: a demonstration must never look like a real charity asking for data."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class Organisation:
    name: str
    charity_number: str
    email: str
    address: str
    logo: str  # a file under static/, or ""
    demo: bool

    @property
    def named(self) -> bool:
        return bool(self.name)

    @property
    def site_name(self) -> str:
        return "Best Start"


def organisation() -> Organisation:
    config = current_app.config
    return Organisation(
        name=config["ORGANISATION_NAME"],
        charity_number=config["ORGANISATION_CHARITY_NUMBER"],
        email=config["ORGANISATION_EMAIL"],
        address=config["ORGANISATION_ADDRESS"],
        logo=config["ORGANISATION_LOGO"],
        demo=bool(config["ORGANISATION_DEMO"]),
    )
