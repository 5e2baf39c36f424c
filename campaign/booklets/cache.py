"""Rendered booklets on disk, so the same booklet is never rendered twice.

A booklet is named by a hash of everything that changes its pages: the council, the advocate's
name, the petition, the council's data, the bucketed signature count and the design version
(templates, styles, fonts, code). Change any of them and the name changes; nothing else can make
a stored PDF stale, so entries never need invalidating, only pruning when the folder grows.
Files are written to a temporary name and renamed into place, so a reader never sees half a PDF,
and every process on the machine (web workers, render workers) shares the same folder.

With a shared layer (production: the Redis store the booklet workers fill, queue.py) the folder
is the first layer only: a booklet missing here is looked for there and, when found, copied
here, so a booklet rendered behind one node is served from cache behind every other.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from campaign import config as settings


class SharedLayer(Protocol):
    def get(self, digest: str) -> bytes | None: ...


@dataclass(frozen=True)
class BookletKey:
    council: str
    name: str
    petition: str  # slug, title, last edit and link base: anything printed about it
    data_version: str
    local_count: int  # bucketed (requests.count_bucket), so the key moves only at round numbers
    total_count: int
    design_version: str

    def digest(self) -> str:
        canonical = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


class BookletCache:
    def __init__(
        self,
        directory: str | os.PathLike[str],
        max_files: int = settings.DEFAULT_BOOKLET_CACHE_MAX_FILES,
        shared: SharedLayer | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.max_files = max_files
        self.shared = shared
        self.directory.mkdir(parents=True, exist_ok=True)

    def path_for(self, key: BookletKey) -> Path:
        digest = key.digest()
        # Two levels, so one folder never holds tens of thousands of files.
        return self.directory / digest[:2] / f"{digest}.pdf"

    def get(self, key: BookletKey) -> Path | None:
        path = self.path_for(key)
        if path.is_file():
            return path
        pdf = self.shared.get(key.digest()) if self.shared is not None else None
        return write_atomically(path, pdf) if pdf is not None else None

    def put(self, key: BookletKey, pdf: bytes) -> Path:
        return write_atomically(self.path_for(key), pdf)

    def prune(self) -> int:
        """Remove the least recently written files beyond max_files; returns how many."""
        files = sorted(self.directory.glob("*/*.pdf"), key=lambda p: p.stat().st_mtime)
        excess = files[: max(0, len(files) - self.max_files)]
        for path in excess:
            path.unlink(missing_ok=True)
        return len(excess)


def fingerprint(*parts: object) -> str:
    """A short stable hash of the values a booklet is made from."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def write_atomically(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
