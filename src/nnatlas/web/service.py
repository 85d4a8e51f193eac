"""What the routes serve, computed once per (what, date, language) and kept as encoded bytes.

The atlas is immutable, so a response for a date never changes while the server runs: each is
computed on first request, encoded (and gzip-compressed when large) and kept in a bounded
least-recently-used memo shared by every client.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nnatlas.atlas import Atlas, Snapshot, load
from nnatlas.outputs.export.meta import data_version

#: Responses kept (each a few kB to a few hundred kB; about 20 dates of every route).
KEPT = 256
#: Bodies at least this large are kept gzip-compressed too.
GZIP_FROM = 1024


@dataclass(frozen=True)
class Body:
    """An encoded response body: raw, gzip-compressed (or None), its entity tag and date."""

    raw: bytes
    gz: bytes | None
    etag: str
    as_of: str
    media_type: str = "application/json"


def encode(data: Any, as_of: str, media_type: str = "application/json") -> Body:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False, default=str).encode()
    gz = gzip.compress(raw, compresslevel=6, mtime=0) if len(raw) >= GZIP_FROM else None
    return Body(raw, gz, '"' + hashlib.sha256(raw).hexdigest()[:20] + '"', as_of, media_type)


class Memo:
    """A thread-safe bounded LRU memo; concurrent first requests for one key compute it once."""

    def __init__(self, kept: int = KEPT):
        self.kept = kept
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Any, threading.Lock] = {}

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            value = make()
            with self._lock:
                self._items[key] = value
                self._key_locks.pop(key, None)
                while len(self._items) > self.kept:
                    self._items.popitem(last=False)
            return value


class Service:
    """The atlas being served and the memo of its responses."""

    def __init__(self, data: Path | None = None, standalone: bool = False, atlas: Atlas | None = None):
        self.data, self.standalone = data, standalone
        self.atlas = atlas if atlas is not None else load(data, standalone=standalone)
        self.data_version = data_version(self.atlas, data, standalone=standalone).version
        self.memo = Memo()
        #: Figures are drawn by matplotlib, which is not thread-safe.
        self.draw_lock = threading.Lock()

    def at(self, day: dt.date) -> Snapshot:
        return self.atlas.at(day)

    def body(self, key: tuple, make: Callable[[], Any], as_of: str, media_type: str = "application/json") -> Body:
        """The encoded response for ``key``, made by ``make()`` on first request."""
        return self.memo.get(key, lambda: encode(make(), as_of, media_type))
