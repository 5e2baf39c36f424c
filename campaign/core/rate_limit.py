"""A per-address limit on one route in one Redis round trip (in memory when there is no Redis).

Flask-Limiter spends three Redis calls on each limited request (the hit, then a GET and a TTL for
the X-RateLimit headers); at a signing peak those round trips were the largest single cost of a
POST (`BENCH_PROFILE=1 bench/signing_throughput.py`). This counts the hit and reads what the
headers need in one script call, with the same settings: RATELIMIT_ENABLED, RATELIMIT_STORAGE_URI
(shared by every app node when it is Redis) and limit strings such as "30 per minute". The window
is fixed and starts at an address's first request, as Flask-Limiter's default strategy does.
"""

import functools
import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Any

import redis
from flask import current_app, g
from limits import parse

_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('TTL', KEYS[1])}
"""

log = logging.getLogger(__name__)
_clients: dict[str, Any] = {}
_memory: dict[str, tuple[int, float]] = {}
_lock = threading.Lock()


def _hit(key: str, window: int) -> tuple[int, float]:
    """Count one request against `key`; return the count so far and seconds until reset."""
    uri = current_app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith(("redis://", "rediss://", "unix://")):
        script = _clients.get(uri)
        if script is None:
            script = _clients[uri] = redis.Redis.from_url(uri).register_script(_HIT)
        try:
            count, ttl = script(keys=[key], args=[window])
            return int(count), float(max(ttl, 0))
        except redis.RedisError as error:
            # Fail open to this process's memory (README, "When something goes wrong"): a
            # counter store being down must not refuse every signature.
            log.warning("rate limit: Redis unavailable (%s); counting in memory", error)
    now = time.monotonic()
    with _lock:
        count, resets = _memory.get(key, (0, now + window))
        if resets <= now:
            count, resets = 0, now + window
        _memory[key] = (count + 1, resets)
    return count + 1, resets - now


@dataclass(frozen=True)
class Verdict:
    """One request counted: whether it is over the limit, and the X-RateLimit headers (with
    Retry-After when it is)."""

    refused: bool
    headers: dict[str, str]


ALLOWED = Verdict(False, {})  # what every request gets with rate limiting switched off


@functools.lru_cache(maxsize=32)
def _parsed(limit: str) -> tuple[int, int]:
    item = parse(limit)
    return item.amount, item.get_expiry()


def count_request(name: str, limit_setting: str, address: str | None) -> Verdict:
    """Count one request from `address` against the limit the setting names ("30 per minute")."""
    config = current_app.config
    if not config["RATELIMIT_ENABLED"]:
        return ALLOWED
    amount, window = _parsed(config[limit_setting])
    count, reset = _hit(f"bs-limit/{name}/{amount}/{address}", window)
    headers = {
        "X-RateLimit-Limit": str(amount),
        "X-RateLimit-Remaining": str(max(amount - count, 0)),
        "X-RateLimit-Reset": str(math.ceil(time.time() + reset)),
    }
    if count <= amount:
        return Verdict(False, headers)
    return Verdict(True, {**headers, "Retry-After": str(math.ceil(reset) or 1)})


def forget_memory() -> None:
    """Forget the in-memory counts (tests: each starts with none)."""
    with _lock:
        _memory.clear()


def add_headers(response: Any) -> Any:
    """after_request: the limit's headers (g.rate_limit_headers, a Verdict's) on whatever the
    limited view answered (429 too)."""
    response.headers.extend(g.pop("rate_limit_headers", {}))
    return response
