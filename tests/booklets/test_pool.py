import os
from concurrent.futures import Future

import pytest
from pypdf import PdfReader

from campaign.booklets.pool import RenderBusy, RenderPool

HTML = '<html lang="en-GB"><head><title>Pool test</title></head><body><p>Hello {}</p></body></html>'


def test_process_pool_renders_in_another_process_and_shares_one_render_per_key(tmp_path):
    pool = RenderPool(workers=1, max_pending=4)
    try:
        destination = tmp_path / "a.pdf"
        first = pool.submit("a", HTML.format("A"), destination)
        second = pool.submit("a", HTML.format("A"), destination)
        assert first is second
        result = first.result(timeout=60)
        assert result.worker_pid != os.getpid()
        assert result.rendered and result.worker_peak_rss_mb > 0
        assert "Hello A" in PdfReader(destination).pages[0].extract_text()
    finally:
        pool.shutdown()


class _StuckExecutor:
    """Stands in for worker processes that are all busy."""

    def submit(self, *args):
        return Future()


def test_a_full_queue_answers_busy_instead_of_waiting(tmp_path):
    pool = RenderPool(workers=1, max_pending=1)
    pool._executor = _StuckExecutor()
    pool.submit("a", HTML.format("A"), tmp_path / "a.pdf")
    with pytest.raises(RenderBusy):
        pool.submit("b", HTML.format("B"), tmp_path / "b.pdf")


def test_a_render_slower_than_the_timeout_answers_busy_and_carries_on(tmp_path):
    pool = RenderPool(workers=1, max_pending=4)
    pool._executor = _StuckExecutor()
    with pytest.raises(RenderBusy):
        pool.render("a", HTML.format("A"), tmp_path / "a.pdf", timeout=0.01)


def test_an_existing_booklet_is_not_rendered_again_by_a_second_process(tmp_path):
    destination = tmp_path / "a.pdf"
    destination.write_bytes(b"%PDF already made")
    pool = RenderPool(inline=True)
    result = pool.render("a", HTML.format("A"), destination, timeout=5)
    assert result.rendered is False
    assert destination.read_bytes() == b"%PDF already made"


def test_inline_pool_renders_here_for_tests_and_tools(tmp_path):
    pool = RenderPool(inline=True)
    result = pool.render("a", HTML.format("B"), tmp_path / "b.pdf", timeout=30)
    assert result.rendered
    assert "Hello B" in PdfReader(tmp_path / "b.pdf").pages[0].extract_text()


def test_warming_starts_the_workers_once_and_never_for_an_inline_pool():
    inline = RenderPool(inline=True)
    inline.warm()
    assert inline._executor is None
    pool = RenderPool(workers=1)
    pool._executor = _StuckExecutor()  # already started: warming must not start another
    pool.warm()
    assert isinstance(pool._executor, _StuckExecutor)


class _BrokenExecutor:
    """Stands in for a pool whose worker process died."""

    def submit(self, *args):
        from concurrent.futures.process import BrokenProcessPool

        raise BrokenProcessPool("a child process terminated abruptly")

    def shutdown(self, **kwargs):
        pass


def test_a_pool_whose_worker_died_answers_busy_and_starts_afresh(tmp_path):
    pool = RenderPool(workers=1)
    pool._executor = _BrokenExecutor()
    with pytest.raises(RenderBusy):
        pool.render("a", HTML.format("A"), tmp_path / "a.pdf", timeout=1)
    assert pool._executor is None
