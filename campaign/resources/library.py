"""The resource library: adding and editing resources, finding them, counting downloads."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, select

from campaign.extensions import db
from campaign.models import Campaign, Resource, ResourceDownload, ResourceTag
from campaign.resources import files


class ResourceRejected(ValueError):
    """The resource cannot be saved as given; the message says what to change."""


@dataclass
class ResourceValues:
    title: str
    summary: str
    publisher: str
    published_on: date
    topic: str = ""
    link_url: str = ""
    pdf: bytes | None = None
    campaign_ids: list[int] = field(default_factory=list)
    council_codes: list[str] = field(default_factory=list)


def save(values: ResourceValues, by: str, resource: Resource | None = None) -> Resource:
    """Create (or, given `resource`, edit) a resource: a PDF, or an http(s) link."""
    link = values.link_url.strip()
    if link and not link.lower().startswith(("https://", "http://")):
        raise ResourceRejected("The link must start with https:// or http://")
    has_file = values.pdf is not None or (resource is not None and resource.file_name)
    if not link and not has_file:
        raise ResourceRejected("Upload a PDF or give a link")
    if link and values.pdf is not None:
        raise ResourceRejected("Upload a PDF or give a link, not both")
    stored = files.store(values.pdf) if values.pdf is not None else None
    if resource is None:
        resource = Resource(created_by=by)
        db.session.add(resource)
    resource.title, resource.summary = values.title, values.summary
    resource.publisher, resource.published_on = values.publisher, values.published_on
    resource.topic = values.topic
    if stored:
        resource.file_name, resource.file_bytes, resource.link_url = (
            stored,
            len(values.pdf or b""),
            None,
        )
    elif link:
        resource.link_url, resource.file_name, resource.file_bytes = link, None, None
    db.session.flush()
    db.session.execute(delete(ResourceTag).where(ResourceTag.resource_id == resource.id))
    for campaign_id in dict.fromkeys(values.campaign_ids):
        db.session.add(ResourceTag(resource_id=resource.id, campaign_id=campaign_id))
    for code in dict.fromkeys(values.council_codes):
        db.session.add(ResourceTag(resource_id=resource.id, council_code=code))
    db.session.commit()
    return resource


def tags(resource_id: int) -> tuple[list[int], list[str]]:
    rows = db.session.execute(
        select(ResourceTag.campaign_id, ResourceTag.council_code).where(
            ResourceTag.resource_id == resource_id
        )
    ).all()
    return [c for c, _ in rows if c], [code for _, code in rows if code]


def find(
    topic: str = "", publisher: str = "", campaign_id: int | None = None, council_code: str = ""
) -> list[Resource]:
    statement = select(Resource)
    if topic:
        statement = statement.where(Resource.topic == topic)
    if publisher:
        statement = statement.where(Resource.publisher == publisher)
    if campaign_id is not None:
        statement = statement.where(
            Resource.id.in_(
                select(ResourceTag.resource_id).where(ResourceTag.campaign_id == campaign_id)
            )
        )
    if council_code:
        statement = statement.where(
            Resource.id.in_(
                select(ResourceTag.resource_id).where(ResourceTag.council_code == council_code)
            )
        )
    return list(db.session.scalars(statement.order_by(Resource.published_on.desc(), Resource.id)))


def for_campaign(campaign_id: int) -> list[Resource]:
    return find(campaign_id=campaign_id)


def for_council(council_code: str) -> list[Resource]:
    return find(council_code=council_code)


def choices() -> tuple[list[str], list[str]]:
    """Topics and publishers in the library, for the filters."""
    topics = db.session.scalars(select(Resource.topic).where(Resource.topic != "").distinct())
    publishers = db.session.scalars(select(Resource.publisher).distinct())
    return sorted(topics), sorted(publishers)


def record_download(resource: Resource, campaign_slug: str = "", council_code: str = "") -> None:
    """Count a download against the page it came from (a campaign or a council), if any."""
    campaign_id = (
        db.session.scalar(select(Campaign.id).where(Campaign.slug == campaign_slug))
        if campaign_slug
        else None
    )
    code = council_code if council_code and len(council_code) == 9 else None
    db.session.add(
        ResourceDownload(resource_id=resource.id, campaign_id=campaign_id, council_code=code)
    )
    db.session.commit()


def download_counts(resource_id: int) -> dict[str, int]:
    """Downloads of one resource: in all, and by the campaign or council they came from."""
    rows = db.session.execute(
        select(Campaign.title, ResourceDownload.council_code, func.count())
        .select_from(ResourceDownload)
        .outerjoin(Campaign, Campaign.id == ResourceDownload.campaign_id)
        .where(ResourceDownload.resource_id == resource_id)
        .group_by(Campaign.title, ResourceDownload.council_code)
    ).all()
    counts: dict[str, int] = {"all": 0}
    for title, code, n in rows:
        counts["all"] += n
        key = f"campaign: {title}" if title else f"council: {code}" if code else "elsewhere"
        counts[key] = counts.get(key, 0) + n
    return counts
