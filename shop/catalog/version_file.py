"""SQLite: the catalog's version and its stock version read straight through the driver, on a connection each
thread keeps of its own; a product page's live data kept while both stand.

A cached page's hit needs only the version (shop/catalog/cache.py). Through
SQLAlchemy's pool that read costs about 150 µs of Python (check a connection
out, build the statement's cache key, reset the connection on its way back);
through the sqlite3 module it costs a few. The connection is in autocommit:
each read is a transaction of its own and sees the last committed versions, so
a revocation, or a sale, still shows at the next request. Triggers count up
the stock version on every write to stock levels, batches and outlets
(migration 0029), so a product page's units and outlets, read after the
versions, are kept for the next request that reads the same versions and day.
gunicorn forks workers: a connection opened by the parent is never used, nor
closed, by a child (closing it would drop the child's own locks on the file).
"""
import os
import sqlite3
import threading
from urllib.parse import quote

VERSIONS = "SELECT version, stock_version FROM catalog_state WHERE id = 1"
BUSY_MS = 10_000  # as the pool's connections wait for a writer (shop/extensions.py)
MEMO_SIZE = 50_000  # products' live data kept per process
_inherited = []  # connections a parent opened: kept, never closed, by its children


class VersionFile:
    """The catalog and stock versions of one SQLite file, read on each thread's own autocommit connection, and the
    live data read since they last changed."""

    def __init__(self, path: str):
        self.path, self.local = path, threading.local()
        self.lock, self.memo, self.memo_tag = threading.Lock(), {}, None

    @classmethod
    def of(cls, engine) -> "VersionFile | None":
        """A reader for `engine`'s database if it is an SQLite file (an in-memory one is each connection's own)."""
        path = engine.url.database
        if engine.dialect.name != "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
            return None
        return cls(os.path.abspath(path))

    def version(self) -> int | None:
        """The committed catalog version, or None when it cannot be read this way (then the caller queries it);
        this thread's next `remembered` goes by the stock version read with it."""
        try:
            self.local.versions = self._connection().execute(VERSIONS).fetchone()
            return self.local.versions[0]
        except (sqlite3.Error, TypeError):  # no file, table or column yet (TypeError: no row)
            self._drop()
            return None

    def remembered(self, key, day, read):
        """The live data `read()` gives as (product id, data) for `key`, kept while the versions this thread read
        last (before `read()`) and `day` stand; `read()` itself if it read none."""
        versions = self.local.__dict__.pop("versions", None)
        if versions is None:
            return read()[1]
        tag = (*versions, day)
        with self.lock:
            if tag != self.memo_tag:
                self.memo, self.memo_tag = {}, tag
            elif key in self.memo:
                return self.memo[key]
        data = read()[1]
        with self.lock:
            if self.memo_tag == tag and len(self.memo) < MEMO_SIZE:
                self.memo[key] = data
        return data

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened in this process."""
        local = self.local
        if getattr(local, "pid", None) != os.getpid():
            if getattr(local, "connection", None) is not None:
                _inherited.append(local.connection)
            local.connection = None
            local.connection = sqlite3.connect(f"file:{quote(self.path)}?mode=rw", uri=True,  # never creates it
                                               timeout=BUSY_MS / 1000, isolation_level=None)
            local.pid = os.getpid()
        return local.connection

    def _drop(self) -> None:
        """Close this thread's connection (a later read opens another)."""
        local = self.local
        if getattr(local, "connection", None) is not None and local.pid == os.getpid():
            local.connection.close()
        local.__dict__.clear()
