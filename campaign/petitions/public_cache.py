"""Responses that are the same for every visitor, built once per refresh of what they show.

The petition page is rendered once for each campaign and tally the caches hand out, with a
placeholder where each per-visitor value goes: the CSRF token (campaign/petitions/
double_submit.py), the fill-time stamp (fill_time.py) and the four fields a shared link fills in
(`?source=`, `utm_medium`, `utm_campaign`, `ref`; sharing.py). Each visitor's page is the kept
bytes with those values joined in: no Jinja, no session, no query. The link's values are checked
by sharing.attribution_from (anything unlike what we hand out is dropped) and HTML-escaped again
here, since they are whatever a link's author typed.

The count JSON is polled by every open petition page and by anyone embedding the count: at a
peak that is most of the traffic. Its body is serialised once for each tally the counts cache
hands out (so it is exactly as fresh as the counts, COUNTS_CACHE_SECONDS).

What a cache in front may keep (docs/deploy.md, "A CDN in front"):
- count JSON: `public, max-age=1` with an ETag that leaves out when the counts were read, so an
  unchanged count answers 304;
- petition page: `private, no-cache`, `Vary: Cookie`: it carries the visitor's token, so only
  their own browser keeps it, and revalidates it; its ETag covers the page and the visitor's
  token, so a browser that still holds the same cookie gets a 304;
- thank-you page: the same for everyone but on a personal endpoint, so `no-store`.

Answers are plain (status, headers, body) so that Flask views and the fast path
(campaign/petitions/fast_path.py, which answers without Flask while an entry is fresh) share
them.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import parse_qsl

from flask import Request, Response, current_app
from markupsafe import escape
from werkzeug.http import parse_etags

from campaign.core.campaigns import (
    keep_public_campaign,
    kept_public_campaign,
    read_public_campaign,
)
from campaign.core.counts import (
    CampaignCounts,
    campaign_counts,
    keep_counts,
    kept_counts,
    read_counts,
)
from campaign.models import Campaign
from campaign.petitions import double_submit, sharing
from campaign.petitions.fill_time import Stamper, stamper
from campaign.petitions.presenters import campaign_json
from campaign.security_headers import fixed_headers

# A CDN may serve a count this many seconds old on top of the app's own COUNTS_CACHE_SECONDS.
SHARED_MAX_AGE = 1
PAGE_CACHE_CONTROL = "private, no-cache"
JSON_CACHE_CONTROL = f"public, max-age={SHARED_MAX_AGE}"
ATTRIBUTION_SLOTS = ("source", "utm_medium", "utm_campaign", "ref")
SLOTS = ("csrf_token", "started", *ATTRIBUTION_SLOTS)
_SLOT = re.compile("\x00(" + "|".join(SLOTS) + ")\x00")


def placeholder(name: str) -> str:
    """What the kept render holds where a visitor's own value goes (no page can contain NUL)."""
    return f"\x00{name}\x00"


class Visit(NamedTuple):
    """What of a request the kept answers read."""

    cookie: str | None
    query: str
    if_none_match: str | None


class Answer(NamedTuple):
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def visit_of(request: Request) -> Visit:
    return Visit(
        request.headers.get("Cookie"),
        request.query_string.decode("latin-1"),
        request.headers.get("If-None-Match"),
    )


def flask_response(answer: Answer) -> Response:
    return Response(answer.body, status=answer.status, headers=answer.headers)


def _matches(if_none_match: str | None, etag: str) -> bool:
    return bool(if_none_match) and parse_etags(if_none_match).contains_weak(etag.strip('"'))


def _digest(*parts: bytes) -> str:
    return hashlib.blake2b(b"\x00".join(parts), digest_size=10).hexdigest()


@dataclass(frozen=True)
class KeptPage:
    campaign: Campaign
    tally: CampaignCounts
    chunks: tuple[bytes, ...]  # the kept HTML between the slots
    slots: tuple[str, ...]  # the slot after each chunk but the last
    version: bytes
    tokens: double_submit.Tokens
    stamper: Stamper
    secure_cookie: bool
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, campaign: Campaign, tally: CampaignCounts, html: str) -> KeptPage:
        config = current_app.config
        pieces = _SLOT.split(html)
        headers = (
            ("Content-Type", "text/html; charset=utf-8"),
            ("Cache-Control", PAGE_CACHE_CONTROL),
            ("Vary", "Cookie"),
            *fixed_headers(bool(config["SECURITY_HSTS"])),
        )
        return cls(
            campaign=campaign,
            tally=tally,
            chunks=tuple(piece.encode() for piece in pieces[::2]),
            slots=tuple(pieces[1::2]),
            version=_digest(html.encode()).encode(),
            tokens=double_submit.tokens(config["SECRET_KEY"]),
            stamper=stamper(config["SECRET_KEY"]),
            secure_cookie=bool(config["SESSION_COOKIE_SECURE"]),
            headers=headers,
        )

    def answer(self, visit: Visit) -> Answer:
        headers = list(self.headers)
        token = self.tokens.from_cookie_header(visit.cookie)
        new_token = token is None and "csrf_token" in self.slots
        if new_token:
            token = self.tokens.new()
            headers.append(("Set-Cookie", double_submit.set_cookie(token, self.secure_cookie)))
        values = dict.fromkeys(ATTRIBUTION_SLOTS, b"")
        if visit.query:
            values.update(_attribution(visit.query))
        etag = f'"{_digest(self.version, (token or "").encode(), *values.values())}"'
        headers.append(("ETag", etag))
        if not new_token and _matches(visit.if_none_match, etag):
            return Answer(304, headers, b"")
        values["csrf_token"] = (token or "").encode()
        values["started"] = self.stamper.stamp(self.campaign.slug).encode()
        parts = [self.chunks[0]]
        for slot, chunk in zip(self.slots, self.chunks[1:], strict=True):
            parts += (values[slot], chunk)
        body = b"".join(parts)
        headers.append(("Content-Length", str(len(body))))
        return Answer(200, headers, body)


def _attribution(query: str) -> dict[str, bytes]:
    """A shared link's values, as checked by sharing.py, escaped for an HTML attribute."""
    args: dict[str, str] = {}
    for key, value in parse_qsl(query):
        args.setdefault(key, value)
    came_from = sharing.attribution_from(args)
    found = {
        "source": came_from.source,
        "utm_medium": came_from.utm_medium,
        "utm_campaign": came_from.utm_campaign,
        "ref": came_from.referrer_code,
    }
    return {slot: str(escape(value)).encode() for slot, value in found.items() if value}


@dataclass(frozen=True)
class KeptJson:
    campaign: Campaign
    tally: CampaignCounts
    body: bytes
    etag: str
    headers: tuple[tuple[str, str], ...]

    def answer(self, visit: Visit) -> Answer:
        if _matches(visit.if_none_match, self.etag):
            return Answer(304, [h for h in self.headers if h[0] != "Content-Length"], b"")
        return Answer(200, list(self.headers), self.body)


@dataclass(frozen=True)
class KeptThanks:
    campaign: Campaign
    body: bytes
    headers: tuple[tuple[str, str], ...]

    def answer(self, visit: Visit) -> Answer:
        return Answer(200, list(self.headers), self.body)


_pages: dict[str, KeptPage] = {}
_json: dict[str, KeptJson] = {}
_thanks: dict[str, KeptThanks] = {}
_KEPT: dict[str, Mapping[str, KeptPage | KeptJson | KeptThanks]] = {
    "page": _pages,
    "json": _json,
    "thanks": _thanks,
}
_building: dict[str, threading.Lock] = {}
_claimed: dict[str, float] = {}
_lock = threading.Lock()

RenderPage = Callable[[Campaign, CampaignCounts], str]
RenderThanks = Callable[[Campaign], str]


def _build_lock(slug: str) -> threading.Lock:
    """One build at a time per campaign: the others wait for its result, not render too."""
    with _lock:
        return _building.setdefault(slug, threading.Lock())


def _page_of(campaign: Campaign, tally: CampaignCounts, render: RenderPage) -> KeptPage:
    return KeptPage.of(campaign, tally, render(campaign, tally))


def _json_of(campaign: Campaign, tally: CampaignCounts) -> KeptJson:
    data = campaign_json(campaign, tally)
    body = (current_app.json.dumps(data) + "\n").encode()
    # The tag leaves out when the counts were read, so an unchanged count answers 304.
    etag = f'"{_digest(current_app.json.dumps({**data, "updated_at": None}).encode())}"'
    headers = (
        ("Content-Type", "application/json"),
        ("Cache-Control", JSON_CACHE_CONTROL),
        ("ETag", etag),
        *fixed_headers(bool(current_app.config["SECURITY_HSTS"])),
        ("Content-Length", str(len(body))),
    )
    return KeptJson(campaign, tally, body, etag, headers)


def _thanks_of(campaign: Campaign, render: RenderThanks) -> KeptThanks:
    body = render(campaign).encode()
    headers = (
        ("Content-Type", "text/html; charset=utf-8"),
        *fixed_headers(bool(current_app.config["SECURITY_HSTS"]), personal=True),
        ("Content-Length", str(len(body))),
    )
    return KeptThanks(campaign, body, headers)


def petition_page(campaign: Campaign, render: RenderPage) -> KeptPage:
    """The kept page for the campaign and tally the caches hand out now. `render` renders it
    with placeholders; one thread renders while the others wait for its result."""
    tally = campaign_counts(campaign.id)
    kept = _pages.get(campaign.slug)
    if kept is not None and kept.campaign is campaign and kept.tally is tally:
        return kept
    with _build_lock(campaign.slug):
        kept = _pages.get(campaign.slug)
        if kept is None or kept.campaign is not campaign or kept.tally is not tally:
            kept = _pages[campaign.slug] = _page_of(campaign, tally, render)
    return kept


def count_json(campaign: Campaign) -> KeptJson:
    tally = campaign_counts(campaign.id)
    kept = _json.get(campaign.slug)
    # The same campaign and tally objects mean the same body: both caches hand out new objects
    # when anything changes (and every call does when their settings are 0, as in tests).
    if kept is None or kept.campaign is not campaign or kept.tally is not tally:
        kept = _json[campaign.slug] = _json_of(campaign, tally)
    return kept


def thank_you_page(campaign: Campaign, render: RenderThanks) -> KeptThanks:
    """The thank-you page depends on the campaign alone: rendered once for each campaign object
    the campaign cache hands out."""
    kept = _thanks.get(campaign.slug)
    if kept is None or kept.campaign is not campaign:
        with _build_lock(campaign.slug):
            kept = _thanks.get(campaign.slug)
            if kept is None or kept.campaign is not campaign:
                kept = _thanks[campaign.slug] = _thanks_of(campaign, render)
    return kept


def fresh(slug: str, kind: str, config: Mapping) -> KeptPage | KeptJson | KeptThanks | None:
    """The kept answer of a kind ("page", "json", "thanks") if it is still what the views would
    build, judged by the caches alone: never a query (campaign/petitions/fast_path.py)."""
    kept: KeptPage | KeptJson | KeptThanks | None = _KEPT[kind].get(slug)
    if kept is None:
        return None
    campaign = kept_public_campaign(slug, config["CAMPAIGN_CACHE_SECONDS"])
    if campaign is None or campaign is not kept.campaign:
        return None
    if isinstance(kept, KeptThanks):
        return kept
    if kept_counts(campaign.id, config["COUNTS_CACHE_SECONDS"]) is not kept.tally:
        return None
    return kept


# Refreshing ahead. Were the kept answers rebuilt only once the caches had let go of what they
# were built from, every request in that moment would wait for one thread's queries and render
# (under load, a few hundred milliseconds every 2 seconds). Instead, once what a kept answer was
# built from is past half its life, one request is claimed to rebuild it (`refresh`) while every
# other request is still answered from the kept bytes, which are still within their freshness.
REFRESH_AFTER = 0.5
REFRESH_ASKED = "campaign.petitions.refresh"  # the WSGI environ key the fast path sets


def claim_refresh(slug: str, kept: KeptPage | KeptJson | KeptThanks, config: Mapping) -> bool:
    """Whether this request should rebuild the kept answers ahead of time (one at a time)."""
    campaign_ttl = config["CAMPAIGN_CACHE_SECONDS"]
    counts_ttl = config["COUNTS_CACHE_SECONDS"]
    young = kept_public_campaign(slug, campaign_ttl * REFRESH_AFTER) is kept.campaign and (
        isinstance(kept, KeptThanks)
        or kept_counts(kept.campaign.id, counts_ttl * REFRESH_AFTER) is kept.tally
    )
    if young:
        return False
    now = time.monotonic()
    with _lock:
        # A claim that never finished (say, the request failed) lapses after a while.
        if now - _claimed.get(slug, -1e9) < min(campaign_ttl, counts_ttl) * REFRESH_AFTER:
            return False
        _claimed[slug] = now
    return True


def refresh(slug: str, render_page: RenderPage, render_thanks: RenderThanks) -> None:
    """Read the campaign and its counts afresh and rebuild whichever answers are kept for it,
    then hand out the new campaign and counts: until then the old answers stay in use."""
    with _build_lock(slug):
        read_at = time.monotonic()
        campaign = read_public_campaign(slug)
        tally = read_counts(campaign.id) if campaign is not None else None
        built: list[tuple[dict, object]] = []
        if campaign is not None and tally is not None and campaign.state != "draft":
            if slug in _pages:
                built.append((_pages, _page_of(campaign, tally, render_page)))
            if slug in _json:
                built.append((_json, _json_of(campaign, tally)))
            if slug in _thanks:
                built.append((_thanks, _thanks_of(campaign, render_thanks)))
        keep_public_campaign(slug, campaign, read_at)
        if campaign is not None and tally is not None:
            keep_counts(campaign.id, tally, read_at)
        for kept, answer in built:
            kept[slug] = answer
