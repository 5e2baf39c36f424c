"""The booklet job queue on a real Redis (TEST_REDIS_URL, default database 9): a render queued on
one node is made once by a worker (`flask booklets work`) and served from the shared store by
every node; the pool's promises (single flight, busy, timeout) hold across nodes."""

import io
import os

import pytest
import redis
from pypdf import PdfReader

from campaign.booklets.cache import BookletCache, BookletKey
from campaign.booklets.pool import RenderBusy
from campaign.booklets.queue import RenderQueue, SharedStore, pdf_key

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
HTML = '<html lang="en-GB"><head><title>Queue</title></head><body><p>Hello {}</p></body></html>'
KEY = BookletKey("E08000039", "Amira Khan", "p", "d", 0, 0, "v")


@pytest.fixture
def connection():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_URL}")
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def node(connection):
    """One app node's side of the queue."""
    return RenderQueue(SharedStore(connection, ttl=60), max_pending=4)


def _work(app) -> str:
    """Run a booklet worker until the queue is empty, as `flask booklets work --burst`."""
    app.config["BOOKLET_QUEUE_URL"] = REDIS_URL
    result = app.test_cli_runner().invoke(args=["booklets", "work", "--burst"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_booklet_queued_twice_is_rendered_once_and_served_to_every_node(
    app, node, connection, tmp_path
):
    digest = KEY.digest()
    assert node.submit(digest, HTML.format("A")) is True
    # A second request, on this node or another, waits for the same job.
    other_node = RenderQueue(SharedStore(connection, ttl=60), max_pending=4)
    assert other_node.submit(digest, HTML.format("A")) is False
    assert node.queue.count == 1
    _work(app)
    assert node.store.renders() == 1
    result = node.render(digest, HTML.format("A"), tmp_path / "one" / "a.pdf", timeout=5)
    assert result.rendered is False  # made by the worker before this call
    assert "Hello A" in PdfReader(result.path).pages[0].extract_text()
    # Another node, with a folder of its own, finds it in the shared layer and keeps a copy.
    other_cache = BookletCache(tmp_path / "two", shared=other_node.store)
    copied = other_cache.get(KEY)
    assert copied is not None and copied.read_bytes() == (tmp_path / "one" / "a.pdf").read_bytes()
    assert connection.ttl(pdf_key(digest)) > 0  # the shared copy expires; nodes keep theirs
    assert other_node.submit(digest, HTML.format("A")) is False
    assert node.store.renders() == 1


def test_a_worker_finds_a_booklet_already_made_and_does_not_render_it_again(app, node, connection):
    digest = KEY.digest()
    node.submit(digest, HTML.format("A"))
    connection.set(pdf_key(digest), b"%PDF made meanwhile")
    _work(app)
    assert node.store.renders() == 0
    assert connection.get(pdf_key(digest)) == b"%PDF made meanwhile"


def test_a_full_queue_answers_busy_instead_of_waiting(connection):
    node = RenderQueue(SharedStore(connection, ttl=60), max_pending=1)
    node.submit("a", HTML.format("A"))
    with pytest.raises(RenderBusy):
        node.submit("b", HTML.format("B"))


def test_a_render_slower_than_the_timeout_answers_busy_and_the_job_carries_on(node, tmp_path):
    with pytest.raises(RenderBusy):
        node.render("a", HTML.format("A"), tmp_path / "a.pdf", timeout=0.05)
    assert node.queue.count == 1
    assert not node.idle()


def test_with_redis_away_a_booklet_is_busy_not_an_error(tmp_path):
    away = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    node = RenderQueue(SharedStore(away, ttl=60), max_pending=4)
    assert BookletCache(tmp_path, shared=node.store).get(KEY) is None
    with pytest.raises(RenderBusy):
        node.render("a", HTML.format("A"), tmp_path / "a.pdf", timeout=1)
    assert node.idle() is False


def test_the_app_queues_booklets_when_a_queue_is_configured_and_serves_the_workers_pdf(
    app, connection, tmp_path
):
    from campaign.places import loaders

    loaders.load_all()
    app.config.update(
        BOOKLET_QUEUE_URL=REDIS_URL,
        BOOKLET_CACHE_DIR=str(tmp_path / "node"),
        BOOKLET_RENDER_TIMEOUT=0.2,
    )
    client = app.test_client()
    path = "/local/E08000039/booklet.pdf?name=Queued+Person"
    waiting = client.get(path)
    # No worker yet: the visitor hears "busy", the same answer as a full pool.
    assert waiting.status_code == 503
    assert waiting.headers["Retry-After"] == "5"
    assert "try again in a few seconds" in waiting.get_data(as_text=True)
    _work(app)
    assert SharedStore(connection, ttl=60).renders() == 1
    served = client.get(path)
    assert served.status_code == 200, served.get_data(as_text=True)[:300]
    assert served.headers["X-Booklet-Cache"] == "hit"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(served.data)).pages)
    served.close()
    assert "Queued Person" in text
