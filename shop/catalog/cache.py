"""A cache of rendered catalog pages that is never stale.

Every write to the product, certificate, seller or product_group tables
changes `catalog_state.version` to a new random token *in the same
transaction*, by database triggers (migration 0004) — whatever made the write:
the ORM, raw SQL, a bulk load or psql. A cached page is keyed by that version, today's date, the language
and the URL, so a reader gets a cached page only if nothing that sellable()
depends on has changed since it was rendered — a revocation reaches every
worker at its next request. Each worker keeps its own small LRU cache. This
is what Warehouse (PyPI) does with its CDN and purge keys, inside the app.

Only pages that are the same for every visitor may be cached: a page that
touches the session (a form's CSRF token, a cart) is served but not stored —
unless it leaves such parts as holes, `live_part(name)`, filled at every serve
(see `cached_page`).
"""
import re
import secrets
from collections import OrderedDict
from functools import partial, wraps
from threading import Lock

from flask import current_app, render_template, request
from flask.globals import request_ctx
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy import select, update

from shop.catalog.version_watch import watch
from shop.clock import today
from shop.extensions import db
from shop.signals import search_index_changed

MAX_BYTES = 32 * 1024 * 1024  # per worker
PARTS_MAX_CHARS = 4 * 1024 * 1024  # rendered live parts, per worker
# A hole's marker carries a secret of this process (whose cache holds the page), so no text a seller or
# visitor writes can pass for one — not in HTML, an attribute or JSON.
HOLE = f"live-part-{secrets.token_hex(8)}-"
HOLES = re.compile(re.escape(HOLE).encode() + rb"(\w+)")
_HOLES_IN_TEXT = re.compile(re.escape(HOLE) + r"(\w+)")


class CatalogState(db.Model):
    """One row: the catalog's version, a random token replaced by triggers on every catalog write; and on SQLite
    the stock version, counted up by triggers on every write to stock levels, batches and outlets (migration 0029;
    PostgreSQL notifies instead)."""

    __tablename__ = "catalog_state"
    id = db.Column(db.Integer, primary_key=True)
    version = db.Column(db.BigInteger, nullable=False, default=0)
    stock_version = db.Column(db.BigInteger, nullable=False, default=0, server_default="0")


VERSION_QUERY = select(CatalogState.version).where(CatalogState.id == 1)


class PageCache:
    """A thread-safe least-recently-used store of (body, status, headers), bounded in bytes (the length of each
    entry's first item)."""

    def __init__(self, max_bytes: int):
        self.max_bytes, self.used, self.items, self.lock = max_bytes, 0, OrderedDict(), Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, page: tuple[bytes, int, tuple]):
        with self.lock:
            if key in self.items:
                self.used -= len(self.items.pop(key)[0])
            self.items[key] = page
            self.used += len(page[0])
            while self.used > self.max_bytes and self.items:
                self.used -= len(self.items.popitem(last=False)[1][0])


@search_index_changed.connect
def touch_catalog_version(_sender=None) -> None:
    """Give the catalog a new version outside any catalog write: after the search index changed (its signal).

    Pages rendered between a commit and the index update that follows it would
    otherwise stay cached with the old search results.
    """
    with db.engine.begin() as connection:
        connection.execute(update(CatalogState).where(CatalogState.id == 1).values(version=secrets.randbits(53)))


def catalog_version(connect=None) -> int | None:
    """The catalog's version: as this process last heard it (PostgreSQL, shop/catalog/version_watch.py), else read
    on `connect()` or a pooled connection of its own, without starting the ORM session.

    Reading it before the page's own queries is safe: the page then shows data at
    least as new as this version, never older.
    """
    listening = watch(current_app, db.engine)
    heard = listening and listening.version()
    if heard is not None:
        return heard
    if connect is not None:
        return connect().execute(VERSION_QUERY).scalar()
    with db.engine.connect() as own:
        return own.execute(VERSION_QUERY).scalar()


class Reading:
    """The pooled connection a serve reads on, `reading()`, checked out at its first use (a hit whose version was
    heard of needs none)."""

    def __init__(self):
        self.connection = None

    def __call__(self):
        if self.connection is None:
            self.connection = db.engine.connect()
        return self.connection

    def close(self) -> None:
        """Give the connection back to the pool, if one was taken."""
        if self.connection is not None:
            self.connection.close()


def live_part(name: str) -> Markup:
    """A hole in a cached page where the part `name` goes at every serve (template global)."""
    return Markup(HOLE + name)


TOKEN_HOLE = live_part("csrf_token")  # in a rendered live part, where this visitor's CSRF token goes


def rendered_part(template: str, key: tuple | None = None, printed: dict | None = None, **context) -> str:
    """`template` rendered with `context` for a live part: once per language and `key` (by default the context, of
    hashable values), then kept (per worker, bounded); a form's `csrf_token()` is rendered as a hole and filled
    with this visitor's token, and so are the `printed` values (which the template must only print, never test),
    escaped: a part showing a figure that moves at every sale is kept whatever the figure.

    A cached page's hit thus renders nothing: it replaces a string, and touches the session only where it
    shows a form.
    """
    rendered = current_app.extensions.setdefault("live_part_cache", PageCache(PARTS_MAX_CHARS))
    printed = printed or {}
    key = (str(get_locale()), template, tuple(sorted(printed)),
           *(sorted(context.items()) if key is None else key))
    stored = rendered.get(key)
    if stored is None:
        holes = {name: live_part(name) for name in printed}
        stored = (render_template(template, csrf_token=lambda: TOKEN_HOLE, **holes, **context),)  # sized by its html
        rendered.put(key, stored)
    return _filled(stored[0], printed)


def layout_part(name: str, caller, **values) -> Markup:
    """The HTML of the block `{% call(value, ...) layout_part(name, value=...) %}`, a part of the layout the same on
    every page of a language but for `values`: rendered once per language and mount point with a hole where each
    value is printed, then kept (per worker); at each call the holes are filled with the values, escaped. The block
    must only print its values, never test them, and hold nothing that differs per visitor (no form and its CSRF
    token, no `current_user`): what it renders first is what every page of the language shows."""
    kept = current_app.extensions.setdefault("layout_parts", {})
    key = (str(get_locale()), request.script_root, name)
    html = kept.get(key)
    if html is None:
        html = kept[key] = str(caller(**{value: live_part(value) for value in values}))
    return Markup(_filled(html, values))


def _filled(html: str, values: dict) -> str:
    """`html` with its holes filled: a form's CSRF token with this visitor's, the others with `values`, escaped."""
    return _HOLES_IN_TEXT.sub(lambda hole: generate_csrf() if hole[1] == "csrf_token" else escape(values[hole[1]]),
                              html)


def cached_page(view=None, *, live_parts=None):
    """Serve the view's page from the cache while the catalog version and today's date stand.

    A page may hold parts that differ per visitor or change without a new catalog
    version (a stock figure, a form with the visitor's CSRF token): the view
    renders `live_part(name)` in their place, the page is stored with these holes,
    and at every serve `live_parts(connect, **view_args)` gives {name: HTML} to
    fill them, reading on `connect()`, the connection the version was read on (if it was read).
    """
    if view is None:
        return partial(cached_page, live_parts=live_parts)

    @wraps(view)
    def serve(*args, **kwargs):
        reading = Reading()  # for the version and the live parts
        try:
            version = catalog_version(reading)
            key = (version, today(), str(get_locale()), request.scheme, request.host, request.path,
                   tuple(sorted(request.args.items(multi=True))))
            cache = current_app.extensions.setdefault("catalog_cache", PageCache(MAX_BYTES))
            stored = cache.get(key)
            if stored is not None:
                body, status, headers = stored
                response = current_app.response_class(body, status=status, headers=headers)
            else:
                response = current_app.make_response(view(*args, **kwargs))
                response.vary.add("Cookie")  # the language cookie picks the page
                if version is not None and not _visitor_specific(response):
                    cache.put(key, (response.get_data(), response.status_code,
                                    (("Content-Type", response.content_type), ("Vary", response.headers["Vary"]))))
            if live_parts is not None:
                _fill(response, partial(live_parts, reading), kwargs)
        finally:
            reading.close()
        return response
    return serve


def _fill(response, live_parts, view_args: dict) -> None:
    """Put the live parts into the holes of the page, if it has any (a 404 has none)."""
    body = response.get_data()
    if HOLES.search(body):
        parts = {name: str(html).encode() for name, html in live_parts(**view_args).items()}
        response.set_data(HOLES.sub(lambda hole: parts[hole[1].decode()], body))


def _visitor_specific(response) -> bool:
    """Did rendering read the session or set a cookie? Then the page belongs to one visitor."""
    # request_ctx.session (and the `session` proxy) would itself mark the session accessed.
    opened = request_ctx._session
    return (opened is not None and opened.accessed) or "Set-Cookie" in response.headers
