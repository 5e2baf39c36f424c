"""Who runs a campaign (its lead and partners), and the partners' opt-in boxes on its form.

The boxes are built here, apart from the signing form, so the signing path only carries the
ticked ones (`SignatureRequest.partner_opt_ins`) through `signing.sign()` and the batch writer."""

from dataclasses import dataclass

from sqlalchemy import select

from campaign.core.cache import Cache
from campaign.core.partner_consent import PartnerOptIn
from campaign.extensions import db
from campaign.models import CampaignOrganisation, Organisation, PartnerWording

FIELD_PREFIX = "partner_"


@dataclass(frozen=True)
class Runner:
    """An organisation as the campaign page shows it."""

    id: int
    name: str
    role: str
    website: str
    privacy_url: str
    charity_number: str
    has_logo: bool


@dataclass(frozen=True)
class PartnerBox:
    """One partner's unticked opt-in on the form, with the current version of its wording."""

    organisation_id: int
    name: str
    wording_id: int
    text: str
    privacy_url: str

    @property
    def field_name(self) -> str:
        return f"{FIELD_PREFIX}{self.organisation_id}"


def runners(campaign_id: int) -> list[Runner]:
    rows = db.session.execute(
        select(CampaignOrganisation.role, Organisation)
        .join(Organisation, Organisation.id == CampaignOrganisation.organisation_id)
        .where(CampaignOrganisation.campaign_id == campaign_id)
        .order_by(CampaignOrganisation.role, CampaignOrganisation.position, Organisation.name)
    ).all()
    return [
        Runner(
            org.id,
            org.name,
            role,
            org.website,
            org.privacy_url,
            org.charity_number,
            org.logo_file is not None,
        )
        for role, org in rows
    ]


# The boxes are read on every signature: cached like the signing gate.
_boxes: Cache[tuple[PartnerBox, ...]] = Cache(maxsize=1000, ttl_setting="CAMPAIGN_CACHE_SECONDS")


def boxes(campaign_id: int) -> tuple[PartnerBox, ...]:
    """Each partner with a wording on this campaign, in the order the page shows them."""
    return _boxes.get_or_set(campaign_id, lambda: _read_boxes(campaign_id))


def forget(campaign_id: int) -> None:
    _boxes.forget(campaign_id)


def _read_boxes(campaign_id: int) -> tuple[PartnerBox, ...]:
    found = []
    for runner in runners(campaign_id):
        wording = db.session.scalar(
            select(PartnerWording)
            .where(
                PartnerWording.campaign_id == campaign_id,
                PartnerWording.organisation_id == runner.id,
            )
            .order_by(PartnerWording.version.desc())
            .limit(1)
        )
        if wording is not None:
            found.append(
                PartnerBox(runner.id, runner.name, wording.id, wording.text, runner.privacy_url)
            )
    return tuple(found)


def ticked(campaign_id: int, form) -> tuple[PartnerOptIn, ...]:
    """The partner boxes ticked in a submitted form; anything else in it is ignored."""
    return tuple(
        PartnerOptIn(box.organisation_id, box.wording_id, box.text)
        for box in boxes(campaign_id)
        if form.get(box.field_name) in ("y", "on", "1", "true")
    )


def add_organisation(name: str, **fields: str) -> Organisation:
    organisation = Organisation(name=name, **fields)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def link(campaign_id: int, organisation_id: int, role: str, position: int = 0) -> None:
    db.session.add(
        CampaignOrganisation(
            campaign_id=campaign_id, organisation_id=organisation_id, role=role, position=position
        )
    )
    db.session.commit()
    forget(campaign_id)


def set_wording(
    campaign_id: int, organisation_id: int, text: str, created_by: str | None
) -> PartnerWording:
    """A new version of a partner's opt-in wording; earlier signers keep theirs."""
    latest = db.session.scalar(
        select(PartnerWording.version)
        .where(
            PartnerWording.campaign_id == campaign_id,
            PartnerWording.organisation_id == organisation_id,
        )
        .order_by(PartnerWording.version.desc())
        .limit(1)
    )
    wording = PartnerWording(
        campaign_id=campaign_id,
        organisation_id=organisation_id,
        version=(latest or 0) + 1,
        text=text,
        created_by=created_by,
    )
    db.session.add(wording)
    db.session.commit()
    forget(campaign_id)
    return wording
