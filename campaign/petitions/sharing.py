"""Share links that say where people came from, and reading that back when they sign.

Every link to a petition that the platform hands out carries `?source=` (and the same in
`utm_source`, with `utm_medium` and `utm_campaign` for analytics tools) and, once a signature is
confirmed, that signature's share code in `ref`. The petition page copies them into hidden form
fields, so the signature stores them without cookies or third-party scripts. Anything that
does not look like what we hand out is dropped rather than stored.

Share buttons are plain links to each service's public share address: no scripts, no
tracking pixels, nothing loaded from the services until the person clicks.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
_CODE = re.compile(r"[A-Za-z0-9_-]{8,12}")
_CAMPAIGN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}")

# (source, label) in the order the share step shows them.
CHANNELS = (
    ("whatsapp", "WhatsApp"),
    ("email", "Email"),
    ("facebook", "Facebook"),
    ("x", "X"),
    ("bluesky", "Bluesky"),
    ("link", "Copy the link"),
)


@dataclass(frozen=True)
class Attribution:
    source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    referrer_code: str | None = None


def _clean(value: object, pattern: re.Pattern, lower: bool = False) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if lower:
        value = value.lower()
    return value if pattern.fullmatch(value) else None


def attribution_from(values: Mapping[str, object]) -> Attribution:
    """Where a visitor came from, from a query string or the form's hidden fields."""
    return Attribution(
        source=_clean(values.get("source"), _SLUG, lower=True)
        or _clean(values.get("utm_source"), _SLUG, lower=True),
        utm_medium=_clean(values.get("utm_medium"), _SLUG, lower=True),
        utm_campaign=_clean(values.get("utm_campaign"), _CAMPAIGN),
        referrer_code=_clean(values.get("ref"), _CODE),
    )


def new_share_code() -> str:
    """A signature's code for its share links: 12 random URL-safe characters (72 bits)."""
    return secrets.token_urlsafe(9)


def tracked_url(petition_url: str, slug: str, source: str, share_code: str | None = None) -> str:
    query = {"source": source, "utm_source": source, "utm_medium": "share", "utm_campaign": slug}
    if share_code:
        query["ref"] = share_code
    return f"{petition_url}?{urlencode(query)}"


@dataclass(frozen=True)
class ShareLink:
    source: str
    label: str
    href: str  # where the button goes
    url: str  # the tracked petition link it shares


def share_links(
    petition_url: str, slug: str, title: str, share_code: str | None = None
) -> list[ShareLink]:
    """One plain link per channel, each sharing a petition link tagged with that channel."""
    links = []
    for source, label in CHANNELS:
        url = tracked_url(petition_url, slug, source, share_code)
        text = f"I've signed \u201c{title}\u201d. Will you sign too?"
        email_body = f"{text}\n\n{url}"
        href = {
            "whatsapp": f"https://wa.me/?text={quote(f'{text} {url}')}",
            "email": f"mailto:?subject={quote(title)}&body={quote(email_body)}",
            "facebook": f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}",
            "x": f"https://x.com/intent/post?text={quote(text)}&url={quote(url, safe='')}",
            "bluesky": f"https://bsky.app/intent/compose?text={quote(f'{text} {url}')}",
            "link": url,
        }[source]
        links.append(ShareLink(source, label, href, url))
    return links
