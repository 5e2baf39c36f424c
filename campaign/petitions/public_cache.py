"""Responses that are the same for every visitor, built once per refresh of what they show.

The petition page is rendered once for each campaign and tally the caches hand out; what differs
between visitors (the CSRF token in their session, and the fill-time stamp) is filled into the
kept HTML for each request, which costs a few string replacements instead of a Jinja render.

The count JSON is polled by every open petition page and by anyone embedding the count: at a
peak that is most of the traffic. Its body is serialised once for each tally the counts cache
hands out (so it is exactly as fresh as the counts, COUNTS_CACHE_SECONDS), and it carries an ETag
and Cache-Control so that browsers revalidate cheaply and a CDN in front can answer for a second.
"""

import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, request
from flask_wtf.csrf import generate_csrf

from campaign.core.counts import campaign_counts
from campaign.models import Campaign
from campaign.petitions.fill_time import stamp
from campaign.petitions.presenters import campaign_json

# A CDN may serve a count this many seconds old on top of the app's own COUNTS_CACHE_SECONDS.
SHARED_MAX_AGE = 1


@dataclass(frozen=True)
class _Built:
    campaign: Campaign
    tally: object
    body: bytes
    etag: str


_built: dict[int, _Built] = {}
_lock = threading.Lock()


def count_json_response(campaign: Campaign) -> Response:
    tally = campaign_counts(campaign.id)
    built = _built.get(campaign.id)
    # The same campaign and tally objects mean the same body: both caches hand out new objects
    # when anything changes (and every call does when their settings are 0, as in tests).
    if built is None or built.campaign is not campaign or built.tally is not tally:
        data = campaign_json(campaign, tally)
        body = (current_app.json.dumps(data) + "\n").encode()
        # The tag leaves out when the counts were read, so an unchanged count answers 304.
        unchanged = current_app.json.dumps({**data, "updated_at": None}).encode()
        etag = hashlib.blake2b(unchanged, digest_size=10).hexdigest()
        built = _Built(campaign, tally, body, etag)
        with _lock:
            _built[campaign.id] = built
    response = Response(built.body, mimetype="application/json")
    response.set_etag(built.etag)
    response.cache_control.public = True
    response.cache_control.max_age = SHARED_MAX_AGE
    response.make_conditional(request)  # a 304 when the visitor's tag still matches
    return response


_CSRF_SLOT = "\x00csrf\x00"
_STAMP = "\x00started\x00"
_STARTED = re.compile(r'name="started" type="hidden" value="([^"]+)"')


@dataclass(frozen=True)
class _Page:
    campaign: Campaign
    tally: object
    html: str


_pages: dict[int, _Page] = {}


def petition_page(campaign: Campaign, render: Callable[[], str]) -> str:
    """The petition page as a new visitor sees it. `render` renders it for this request (with
    this visitor's CSRF token and a fresh stamp); its result is kept with both cut out."""
    tally = campaign_counts(campaign.id)
    page = _pages.get(campaign.id)
    if page is not None and page.campaign is campaign and page.tally is tally:
        return page.html.replace(_CSRF_SLOT, generate_csrf()).replace(_STAMP, stamp(campaign.slug))
    html = render()
    token, started = generate_csrf(), _STARTED.search(html)
    if started and token in html:
        kept = html.replace(token, _CSRF_SLOT).replace(started.group(1), _STAMP)
        with _lock:
            _pages[campaign.id] = _Page(campaign, tally, kept)
    return html


_kept: dict[tuple[str, int], tuple[Campaign, str]] = {}


def kept_page(name: str, campaign: Campaign, render: Callable[[], str]) -> str:
    """A page that depends on the campaign alone (the thank-you page): rendered once for each
    campaign object the campaign cache hands out."""
    kept = _kept.get((name, campaign.id))
    if kept is not None and kept[0] is campaign:
        return kept[1]
    html = render()
    with _lock:
        _kept[(name, campaign.id)] = (campaign, html)
    return html
