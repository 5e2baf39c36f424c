"""Getting a booklet: from the cache when it exists, otherwise rendered once, by the booklet
workers behind the job queue (queue.py, production) or in this process's render pool (pool.py).

The order of work keeps the cached path cheap: check the request, look up the council's facts
and the petition's count (both in memory or one small query), build the cache key, and only on a
miss build the HTML and hand it to a render worker.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import redis
from flask import current_app

from campaign.booklets.cache import BookletCache, BookletKey, fingerprint
from campaign.booklets.content import PetitionInfo, build_content
from campaign.booklets.pool import RenderBusy, RenderPool
from campaign.booklets.qr import qr_svg
from campaign.booklets.queue import RenderQueue, SharedStore
from campaign.booklets.render import design_version, render_html
from campaign.booklets.requests import (
    BookletRequestError,
    clean_name,
    clean_petition_slug,
    count_bucket,
)
from campaign.booklets.splice import RenderJob


@dataclass(frozen=True)
class Booklet:
    path: Path
    council_name: str
    from_cache: bool


@dataclass(frozen=True)
class _Plan:
    """A checked request: what the booklet will be made of, and its cache key."""

    key: BookletKey
    council_name: str
    coordinates: tuple[int, int] | None
    constituency: str | None  # of the person's postcode: whose MP the letter names
    campaign: object
    data_version: str


class BookletService:
    def __init__(self, cache: BookletCache, pool: RenderPool | RenderQueue, timeout: float) -> None:
        self.cache = cache
        self.pool = pool
        self.timeout = timeout
        self._renders = 0

    def get(
        self,
        council_code: str,
        raw_name: str | None,
        raw_petition: str | None,
        raw_postcode: str | None = None,
    ) -> Booklet:
        plan = self._plan(council_code, raw_name, raw_petition, raw_postcode)
        cached = self.cache.get(plan.key)
        if cached is not None:
            return Booklet(cached, plan.council_name, from_cache=True)
        job = self._job(plan)
        path = self.cache.path_for(plan.key)
        result = self.pool.render(plan.key.digest(), job, path, self.timeout)
        self._renders += 1
        if self._renders % 100 == 0:
            self.cache.prune()
        return Booklet(Path(result.path), plan.council_name, from_cache=False)

    def prepare(self, council_code: str) -> bool:
        """Start the council's booklet (no name, default petition) if the pool is idle.

        Called when someone reads a council page: their booklet, which often follows, then
        needs only its cover and letter laid out. Speculative work never queues ahead of a
        booklet someone asked for, so it is skipped whenever a render is under way.
        """
        if self.pool.inline or not self.pool.idle():
            return False
        try:
            plan = self._plan(council_code, None, None, None)
        except BookletRequestError:
            return False
        if self.cache.get(plan.key) is not None:
            return False
        try:
            self.pool.submit(plan.key.digest(), self._job(plan), self.cache.path_for(plan.key))
        except RenderBusy:
            return False
        return True

    def _plan(self, council_code, raw_name, raw_petition, raw_postcode) -> _Plan:
        from campaign.booklets import facts_adapter

        name = clean_name(raw_name)
        slug = clean_petition_slug(raw_petition)
        council_name = facts_adapter.council_name(council_code)
        if council_name is None and (council_code[:1] in {"W", "S", "N"}):
            raise BookletRequestError(
                "Children's centres in Wales, Scotland and Northern Ireland are a devolved "
                "matter, and the figures in our booklets cover councils in England. Our "
                "petitions are still open to you.",
                status=404,
            )
        if council_name is None:
            raise BookletRequestError(
                f"We have no figures for a council with the code \u201c{council_code[:20]}\u201d. "
                "Booklets cover councils in England: find yours by postcode and ask for the "
                "booklet from its page.",
                status=404,
            )
        coordinates = coordinates_of(raw_postcode)
        campaign = choose_petition(slug)
        local, total = _counts(campaign, council_code)
        # Everything in the key is cheap to find; the council's full facts load only on a miss.
        version = facts_adapter.data_version()
        key = BookletKey(
            council=council_code,
            name=name,
            petition=_petition_version(campaign),
            data_version=fingerprint(version, coordinates),
            local_count=local,
            total_count=total,
            design_version=design_version(),
        )
        # The constituency follows from the coordinates (it was found from them when the
        # postcode index was built), so the key already tells booklets for different MPs apart.
        constituency = constituency_of(raw_postcode) if coordinates else None
        return _Plan(key, council_name, coordinates, constituency, campaign, version)

    def _job(self, plan: _Plan) -> RenderJob:
        from campaign.booklets import facts_adapter

        key = plan.key
        inputs = facts_adapter.inputs_for(
            key.council, plan.coordinates, plan.data_version, plan.constituency
        )
        petition = _petition_info(plan.campaign, key.local_count, key.total_count)
        content = build_content(inputs, key.name, petition)
        return RenderJob(
            html=render_html(content),
            personal_html=render_html(content, personal_only=True),
            base_key=replace(key, name="").digest(),
        )


def service() -> BookletService:
    """The app's booklet service, made on first use (after any fork, and after test config)."""
    app = current_app
    existing = app.extensions.get("booklets")
    if existing is None:
        config = app.config
        directory = config["BOOKLET_CACHE_DIR"] or str(Path(app.instance_path) / "booklets")
        renderer, shared = _renderer(config)
        existing = BookletService(
            BookletCache(directory, int(config["BOOKLET_CACHE_MAX_FILES"]), shared),
            renderer,
            float(config["BOOKLET_RENDER_TIMEOUT"]),
        )
        app.extensions["booklets"] = existing
    return existing


def _renderer(config) -> tuple[RenderPool | RenderQueue, SharedStore | None]:
    """The job queue and its shared store when BOOKLET_QUEUE_URL names a Redis (production),
    else render processes inside this web process (`make run`, tests, tools)."""
    url = config["BOOKLET_QUEUE_URL"]
    if url and not config["BOOKLET_RENDER_INLINE"]:
        store = SharedStore(redis.Redis.from_url(url), int(config["BOOKLET_SHARED_CACHE_SECONDS"]))
        return RenderQueue(store, int(config["BOOKLET_MAX_PENDING"])), store
    pool = RenderPool(
        workers=int(config["BOOKLET_RENDER_WORKERS"]),
        max_pending=int(config["BOOKLET_MAX_PENDING"]),
        inline=bool(config["BOOKLET_RENDER_INLINE"]),
    )
    return pool, None


def constituency_of(raw_postcode: str | None) -> str | None:
    from campaign.places.location import locate

    location = locate(raw_postcode) if raw_postcode else None
    return location.constituency_code if location is not None and location.ok else None


def coordinates_of(raw_postcode: str | None) -> tuple[int, int] | None:
    """Where the nearest centres are measured from, if the person gave their postcode."""
    if not raw_postcode or not raw_postcode.strip():
        return None
    from campaign.places.location import locate

    location = locate(raw_postcode)
    if not location.ok or location.easting is None or location.northing is None:
        raise BookletRequestError(
            "We could not find that postcode, so we cannot list the nearest centres. Check it "
            "(for example S1 2HH), or leave it out."
        )
    return location.easting, location.northing


def choose_petition(slug: str | None):
    from campaign.core.campaigns import by_slug, open_campaigns

    if slug is None:
        petitions = [c for c in open_campaigns() if c.kind == "petition"]
        return petitions[0] if petitions else None
    campaign = by_slug(slug)
    if campaign is None or campaign.state == "draft":
        raise BookletRequestError(
            "We could not find that petition. Choose one from the list on the council page.",
            status=404,
        )
    if campaign.state != "open":
        raise BookletRequestError(
            f"The petition \u201c{campaign.title}\u201d has closed, so the booklet cannot ask "
            "people to sign it. Choose an open petition, or leave the choice empty."
        )
    return campaign


def _counts(campaign, council_code: str) -> tuple[int, int]:
    if campaign is None:
        return 0, 0
    from campaign.core.counts import campaign_counts

    counts = campaign_counts(campaign.id)
    return count_bucket(counts.by_council.get(council_code, 0)), count_bucket(counts.total)


def _petition_version(campaign) -> str:
    if campaign is None:
        return ""
    updated = campaign.updated_at.isoformat() if campaign.updated_at else ""
    return fingerprint(campaign.slug, campaign.title, updated, current_app.config["BASE_URL"])


def _petition_info(campaign, local: int, total: int) -> PetitionInfo | None:
    if campaign is None:
        return None
    from campaign.urls import external_url

    url = external_url("petitions.show", slug=campaign.slug)
    return PetitionInfo(
        slug=campaign.slug,
        title=campaign.title,
        url=url,
        qr=qr_svg(url, f"QR code: the petition \u201c{campaign.title}\u201d at {url}"),
        local_count=local,
        total_count=total,
    )
