"""The one in-process cache: while one thread computes an expired value again, the others get
the value it replaces rather than all asking the database at once."""

import threading
import time

from campaign.core.cache import Cache


def test_an_expired_value_is_computed_again_by_one_thread_while_the_others_keep_the_old(app):
    app.config["CAMPAIGN_CACHE_SECONDS"] = 0.05
    cache: Cache[str] = Cache(maxsize=10, ttl_setting="CAMPAIGN_CACHE_SECONDS")
    assert cache.get_or_set("gate", lambda: "old") == "old"
    time.sleep(0.06)
    started, release, calls = threading.Event(), threading.Event(), []

    def slow_compute() -> str:
        calls.append(1)
        started.set()
        release.wait(5)
        return "new"

    def ask() -> None:
        with app.app_context():
            answers.append(cache.get_or_set("gate", slow_compute))

    answers: list[str] = []
    first = threading.Thread(target=ask)
    first.start()
    started.wait(5)
    others = [threading.Thread(target=ask) for _ in range(5)]
    for thread in others:
        thread.start()
    for thread in others:
        thread.join(5)
    assert answers == ["old"] * 5  # not held up, and not computing it too
    release.set()
    first.join(5)
    assert answers[-1] == "new"
    assert len(calls) == 1
    assert cache.get_or_set("gate", slow_compute) == "new"


def test_a_failed_computation_lets_the_next_caller_try_again(app):
    app.config["CAMPAIGN_CACHE_SECONDS"] = 0.01
    cache: Cache[str] = Cache(maxsize=10, ttl_setting="CAMPAIGN_CACHE_SECONDS")
    cache.get_or_set("gate", lambda: "old")
    time.sleep(0.02)

    def broken() -> str:
        raise RuntimeError("database gone")

    try:
        cache.get_or_set("gate", broken)
    except RuntimeError:
        pass
    assert cache.get_or_set("gate", lambda: "new") == "new"
