"""A per-address limit on one route in one Redis round trip (in memory when there is no Redis).

Flask-Limiter spends three Redis calls on each limited request (the hit, then a GET and a TTL for
the X-RateLimit headers); at a signing peak those round trips were the largest single cost of a
POST (`BENCH_PROFILE=1 bench/signing_throughput.py`). This counts the hit and reads what the
headers need in one script call, with the same settings: RATELIMIT_ENABLED, RATELIMIT_STORAGE_URI
(shared by every app node when it is Redis) and limit strings such as "30 per minute". The window
is fixed and starts at an address's first request, as Flask-Limiter's default strategy does.
"""

import functools
import math
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from flask import abort, current_app, g, request
from flask.typing import ResponseReturnValue
from limits import parse

_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('TTL', KEYS[1])}
"""

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
        count, ttl = script(keys=[key], args=[window])
        return int(count), float(max(ttl, 0))
    now = time.monotonic()
    with _lock:
        count, resets = _memory.get(key, (0, now + window))
        if resets <= now:
            count, resets = 0, now + window
        _memory[key] = (count + 1, resets)
    return count + 1, resets - now


View = Callable[..., ResponseReturnValue]


def limit_per_address(name: str, limit_setting: str) -> Callable[[View], View]:
    """Refuse (429) an address's requests beyond the limit the setting names, POSTs only."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def limited(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            config = current_app.config
            if request.method != "POST" or not config["RATELIMIT_ENABLED"]:
                return view(*args, **kwargs)
            item = parse(config[limit_setting])
            window = item.get_expiry()
            count, reset = _hit(f"bs-limit/{name}/{item.amount}/{request.remote_addr}", window)
            g.rate_limit_headers = {
                "X-RateLimit-Limit": str(item.amount),
                "X-RateLimit-Remaining": str(max(item.amount - count, 0)),
                "X-RateLimit-Reset": str(math.ceil(time.time() + reset)),
            }
            if count > item.amount:
                g.rate_limit_headers["Retry-After"] = str(math.ceil(reset) or 1)
                abort(429)
            return view(*args, **kwargs)

        return limited

    return decorate


def forget_memory() -> None:
    """Forget the in-memory counts (tests: each starts with none)."""
    with _lock:
        _memory.clear()


def add_headers(response: Any) -> Any:
    """after_request: the limit's headers on whatever the limited view answered (429 too)."""
    response.headers.extend(g.pop("rate_limit_headers", {}))
    return response
