"""PostgreSQL: each worker hears of a new catalog version, and of products whose stock changed, without a query.

Triggers (migration 0028) NOTIFY the new version on `catalog_version` and the
id of a product whose units or outlets may have changed on `product_stock`
(`*`: every product). Each process keeps one autocommit psycopg connection of
its own that LISTENs on both, opened at its first use (gunicorn forks workers:
a connection is never shared with the parent), reads the version once after
LISTEN, and at each request drains what arrived, without blocking: it reads
its socket while it has input, no query. It also remembers each product
page's live data (`remembered`) until a notification names the product.

PostgreSQL signals the listeners before the writer's COMMIT returns, so a
notification is on its way before anyone can know of the write; what is left
is the (sub-millisecond) time the listener's backend takes to send it. A
commit made by this process closes even that: the next read asks the
listening connection for the version (docs/design.md §8). If the connection
is lost, `version()` says so (None) and the caller queries the version as on
SQLite, until a new connection is made (at most once every RETRY_SECONDS).
"""
import os
from threading import Lock
from time import monotonic

import psycopg
from psycopg import pq
from sqlalchemy import event

from shop.catalog.version_file import VersionFile
from shop.connections import has_input

CHANNELS = ("catalog_version", "product_stock")
PROBE = "catalog_watch_probe"  # a channel of the connection's own: it must hear itself before it is trusted
VERSION = "SELECT version FROM catalog_state WHERE id = 1"
RETRY_SECONDS = 2.0
# A connection that dies silently (a network partition) is found by TCP within about 10 + 5 × 3 seconds.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}
MEMO_SIZE = 50_000  # products' live data remembered per process
EVERY_PRODUCT = "*"
# Connections opened by a parent process: a child must neither use nor close them (closing tells the server to end
# the parent's session), so they are kept here, never finalized.
_inherited = []


class CatalogWatch:
    """A process's LISTENing connection: the catalog's version and the products' live data, kept from
    notifications."""

    def __init__(self, engine):
        self.connect_args = engine.dialect.create_connect_args(engine.url)
        self.lock, self.pid, self.connection, self.retry_at = Lock(), None, None, 0.0
        self.ending = self.probed = False
        self.current, self.committed_here = None, False
        self.memo, self.products, self.memo_tag, self.heard = {}, {}, None, 0
        event.listen(engine, "commit", self._committed)
        event.listen(engine, "engine_disposed", lambda _engine: self.close())

    def version(self) -> int | None:
        """The catalog's version as last heard, or None if this process cannot listen (then query it)."""
        with self.lock:
            return self.current if self._heard_all() else None

    def remembered(self, key, day, read):
        """The live data `read()` gives as (product id, data) for `key`, remembered while no notification names
        the product and the catalog version and `day` stand; `read()` itself when this process cannot listen."""
        with self.lock:
            if not self._heard_all():
                return read()[1]
            if (self.current, day) != self.memo_tag:
                self._forget(EVERY_PRODUCT)
                self.memo_tag = (self.current, day)
            if key in self.memo:
                return self.memo[key]
            heard, tag = self.heard, self.memo_tag
        product_id, data = read()
        with self.lock:  # kept only if nothing was heard since the drain before the read
            if self._heard_all() and (self.heard, self.memo_tag, self.current) == (heard, tag, tag[0]) \
                    and len(self.memo) < MEMO_SIZE:
                self.memo[key] = data
                self.products.setdefault(product_id, []).append(key)
        return data

    def close(self) -> None:
        """Stop listening (the engine was disposed); a later read listens again."""
        with self.lock:
            self._drop()

    def _committed(self, _connection) -> None:
        """A transaction of this process commits: the next read asks the server, not to race the notification."""
        self.committed_here = True

    def _heard_all(self) -> bool:
        """Drain what the server sent (connecting first if needed); False when there is no listening connection."""
        if self.pid != os.getpid():
            self._drop()
            self.pid = os.getpid()
        if self.connection is None and not self._listen():
            return False
        try:
            if self.committed_here:
                self.committed_here = False
                self.current = self.connection.execute(VERSION).fetchone()[0]
            self._receive()
        except psycopg.Error:
            self._drop()
            return False
        return True

    def _receive(self) -> None:
        """Take in the notifications that arrived, reading the socket without waiting until it has nothing more
        to read; OperationalError if the connection is lost (closed, or its server process told it is ending).

        One read takes the data that came before the end of a lost connection, not the end itself: the socket is
        read again while it has input.
        """
        pgconn = self.connection.pgconn
        pgconn.consume_input()
        while has_input(pgconn.socket):
            pgconn.consume_input()
        while (notification := pgconn.notifies()) is not None:
            self._hear(notification.relname.decode(), notification.extra.decode())
        if self.ending or pgconn.status != pq.ConnStatus.OK:
            raise psycopg.OperationalError("the listening connection is lost")

    def _listen(self) -> bool:
        """Open the listening connection and read the version after LISTEN; False (try later) if it fails."""
        if monotonic() < self.retry_at:
            return False
        self.retry_at = monotonic() + RETRY_SECONDS
        args, kwargs = self.connect_args
        try:
            self.connection = psycopg.connect(*args, **(KEEPALIVES | kwargs), autocommit=True)
            self.ending = self.probed = False
            self.connection.add_notify_handler(lambda notification: self._hear(notification.channel,
                                                                                notification.payload))
            self.connection.add_notice_handler(self._noticed)
            for channel in (*CHANNELS, PROBE):
                self.connection.execute(f"LISTEN {channel}")
            self.connection.execute(f"NOTIFY {PROBE}")
            self.current = self.connection.execute(VERSION).fetchone()[0]
        except psycopg.Error:
            self._drop()
            return False
        if not self.probed:  # not heard back (a pooler in transaction mode): no notification would come
            self._drop()
            return False
        self.committed_here = False
        self._forget(EVERY_PRODUCT)
        return True

    def _noticed(self, diagnostic) -> None:
        """A message the server sent unasked: FATAL when it ends the listening session (pg_terminate_backend, a
        shutdown)."""
        if diagnostic.severity_nonlocalized in ("FATAL", "PANIC"):
            self.ending = True

    def _hear(self, channel: str, payload: str) -> None:
        """Take one notification in: a new version, or a product (or every one) whose live data changed."""
        if channel == "catalog_version":
            self.current = int(payload)
        elif channel == PROBE:
            self.probed = True
        else:
            self.heard += 1
            self._forget(payload if payload == EVERY_PRODUCT else int(payload))

    def _forget(self, product_id) -> None:
        """Drop the remembered live data of `product_id`, or of every product."""
        if product_id == EVERY_PRODUCT:
            self.memo.clear()
            self.products.clear()
            return
        for key in self.products.pop(product_id, ()):
            self.memo.pop(key, None)

    def _drop(self) -> None:
        """Let go of the listening connection (closing it only if this process opened it) and what it told."""
        if self.connection is not None:
            if self.pid == os.getpid():
                self.connection.close()
            else:
                _inherited.append(self.connection)
        self.connection, self.current = None, None
        self._forget(EVERY_PRODUCT)


def watch(app, engine) -> CatalogWatch | VersionFile | None:
    """The app's catalog watch, made at first use: heard on PostgreSQL through psycopg, read through the driver on
    an SQLite file (shop/catalog/version_file.py); None on any other database."""
    if "catalog_watch" not in app.extensions:
        app.extensions.setdefault("catalog_watch", _watch_for(engine))
    return app.extensions["catalog_watch"]


def _watch_for(engine) -> CatalogWatch | VersionFile | None:
    """The kind of watch `engine`'s database allows."""
    if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg":
        return CatalogWatch(engine)
    return VersionFile.of(engine)
