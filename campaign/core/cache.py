"""The one in-process cache the app uses, with one rule for freshness.

Every cache is bounded (least recently used entries go first) and every entry is either keyed by
what decides it (say, the data version) or lives for the number of seconds a setting names, read
from `app.config` on each call so that a test can set it to 0. A write in this process forgets its
own key at once; other processes see it when their entry expires."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from cachetools import LRUCache

V = TypeVar("V")

_all_caches: list[Cache[Any]] = []


class Cache(Generic[V]):
    def __init__(self, maxsize: int, ttl_setting: str | None = None) -> None:
        self._entries: LRUCache[Hashable, tuple[float, V]] = LRUCache(maxsize=maxsize)
        self._ttl_setting = ttl_setting
        self._lock = threading.Lock()
        self._computing: set[Hashable] = set()  # keys a thread is computing again
        _all_caches.append(self)

    def get_or_set(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value kept for `key`, computed when there is none or it has expired. When it
        has expired, one thread computes it again while the others keep getting the value
        it replaces: at a peak, every request thread would otherwise ask the database the same
        question at the same moment, once per expiry."""
        ttl = self._ttl()
        if ttl == 0:
            return compute()
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and (ttl is None or now - entry[0] < ttl):
                return entry[1]
            if entry is not None and key in self._computing:
                return entry[1]
            self._computing.add(key)
        try:
            value = compute()
        finally:
            with self._lock:
                self._computing.discard(key)
        with self._lock:
            self._entries[key] = (now, value)
        return value

    def peek(self, key: Hashable, ttl: float) -> V | None:
        """The value kept for `key` if it is younger than `ttl` seconds, without computing it:
        for a caller that cannot reach the database (campaign/petitions/fast_path.py)."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or time.monotonic() - entry[0] >= ttl:
            return None
        return entry[1]

    def put(self, key: Hashable, value: V, computed_at: float) -> None:
        """Keep a value computed elsewhere, as if computed at `computed_at` (time.monotonic()
        when its reading began), so its age still counts from what it was read from."""
        with self._lock:
            self._entries[key] = (computed_at, value)

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _ttl(self) -> float | None:
        if self._ttl_setting is None:
            return None
        from flask import current_app

        return float(current_app.config[self._ttl_setting])


def clear_all() -> None:
    """Forget everything every cache holds (tests, and after a data reload)."""
    for cache in _all_caches:
        cache.clear()
