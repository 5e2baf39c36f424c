import os
from dataclasses import replace

from campaign.booklets.cache import BookletCache, BookletKey

KEY = BookletKey(
    council="E08000039",
    name="Amira Khan",
    petition="abc",
    data_version="d1",
    local_count=120,
    total_count=4000,
    design_version="v1",
)


def test_a_stored_booklet_is_found_again_by_the_same_key(tmp_path):
    cache = BookletCache(tmp_path)
    assert cache.get(KEY) is None
    path = cache.put(KEY, b"%PDF-1.7 test")
    assert cache.get(KEY) == path
    assert path.read_bytes() == b"%PDF-1.7 test"


def test_every_input_that_changes_the_pages_changes_the_key():
    variants = [
        replace(KEY, council="E08000038"),
        replace(KEY, name="Amira"),
        replace(KEY, petition="other"),
        replace(KEY, data_version="d2"),
        replace(KEY, local_count=130),
        replace(KEY, total_count=4100),
        replace(KEY, design_version="v2"),
    ]
    digests = {KEY.digest(), *(v.digest() for v in variants)}
    assert len(digests) == len(variants) + 1


def test_writes_leave_no_temporary_files_behind(tmp_path):
    cache = BookletCache(tmp_path)
    cache.put(KEY, b"one")
    cache.put(KEY, b"two")
    files = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [f"{KEY.digest()}.pdf"]
    assert cache.get(KEY).read_bytes() == b"two"


def test_prune_removes_the_oldest_booklets_beyond_the_limit(tmp_path):
    cache = BookletCache(tmp_path, max_files=2)
    keys = [replace(KEY, name=f"n{i}") for i in range(4)]
    for i, key in enumerate(keys):
        path = cache.put(key, b"x")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    assert cache.prune() == 2
    assert [cache.get(k) is not None for k in keys] == [False, False, True, True]
