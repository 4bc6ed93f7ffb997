"""Search verbs: find product ids for a query, keep the index in step with the database."""
import logging
import threading

from flask import current_app
from sqlalchemy import and_, or_, select

from shop.catalog.models import Product
from shop.clock import today
from shop.extensions import db
from shop.search.backends import search_index
from shop.search.documents import product_documents
from shop.search.matching import Matches
from shop.search.models import SearchBacklog
from shop.search.postgres import PostgresSearch
from shop.search.sync import catch_up, changes_of, index_changed, take_off_backlog
from shop.search.whoosh_index import SearchUnavailable
from shop.signals import certificates_expired
from shop.text import slugify

log = logging.getLogger(__name__)


def find_matches(text: str, criteria=None) -> Matches:
    """Products matching `text` and the listing's `criteria`, best first; from the database while the index is rebuilt.

    The database fallback ignores `criteria`: the listing applies them again anyway.
    """
    return _from_index_or_database(lambda index: index.search(text, criteria), lambda: _database_matches(text))


def suggest_ids(text: str, limit: int) -> list[int]:
    """Ids of products whose names start like `text`, for the search box."""
    return _from_index_or_database(lambda index: index.suggest(text, limit),
                                   lambda: _database_matches(text).ids()[:limit])


def close_words(text: str) -> str:
    """Indexed words close to those of `text`, as one query ("" if none): where to look when it found nothing."""
    return _from_index_or_database(lambda index: " ".join(index.close_words(text)), lambda: "")


def _from_index_or_database(ask_index, ask_database):
    if current_app.extensions.get("search_rebuilding"):  # a new index is empty until its commit
        return ask_database()
    try:
        return ask_index(search_index())
    except SearchUnavailable as problem:
        log.warning("search index unavailable (%s); rebuilding, answering from the database", problem)
        rebuild_in_background()
        return ask_database()


def _database_matches(text: str) -> Matches:
    """A plain name match, for while the index is missing: each word in the name, case-insensitively, or typed
    without diacritics in its slug; newest first."""
    terms = [word for word in text.split() if word.strip()][:10]
    if not terms:
        return Matches()
    condition = and_(*[_in_name(term) for term in terms])
    return Matches(select(Product.id.label("product_id"), (-Product.id).label("position"))
                   .where(condition).subquery("matched"))


def _in_name(term: str):
    """`term` in a product's name as typed, or folded ("mat" finds "Mật ong") in its slug."""
    folded = slugify(term)
    typed = Product.name.ilike(f"%{term}%")
    return or_(typed, Product.slug.contains(folded, autoescape=True)) if folded else typed


def reindex(progress=lambda: None) -> int:
    """Rebuild the whole index from the database; returns how many products were indexed."""
    backend = search_index()
    if isinstance(backend, PostgresSearch):
        count = backend.rebuild(today())
    else:
        covered = []  # backlog entries older than the rebuild's read: it covers them

        def read_rows():
            with db.engine.connect() as connection:
                covered.extend(connection.scalars(select(SearchBacklog.id)))
            return product_documents(today())

        count = backend.rebuild(read_rows, progress)
        take_off_backlog(covered)
        catch_up()  # changes committed during the rebuild, which waited for it
    index_changed()  # cached search pages were computed with the old index
    return count


@certificates_expired.connect
def _forget_expired_daily(_app, day) -> int:
    """`ocop expiry-check` asks each day: forget_expired(day)."""
    return forget_expired(day)


def forget_expired(day) -> int:
    """Drop from the index the products whose certificate expired before `day` (run daily); how many.

    Searches never show them either way (sellable() decides); this keeps them from
    taking places in the index's first round of matches. The Whoosh backlog is
    caught up too, in case a busy index left changes waiting.
    """
    backend = search_index()
    if isinstance(backend, PostgresSearch):
        return backend.forget_expired(day)
    removed = []

    def read_changes():  # read again under the lock: a product renewed meanwhile stays
        with db.engine.connect() as connection:
            rows, gone = changes_of(expired, connection, day)
        removed.extend(gone)
        return rows, gone

    try:
        expired = set(backend.expired_ids(day))
        if expired:
            backend.write(read_changes)
            index_changed()
    except SearchUnavailable:
        return 0  # the next rebuild leaves them out
    catch_up()
    return len(removed)


def rebuild_in_background() -> None:
    """Start one rebuild thread per process (Whoosh's write lock keeps processes from colliding)."""
    app = current_app._get_current_object()
    if app.extensions.get("search_rebuilding"):
        return
    app.extensions["search_rebuilding"] = True

    def run():
        try:
            with app.app_context():
                reindex()
        except Exception:  # noqa: BLE001 - a failed rebuild must not kill the worker; it is retried next time
            log.exception("search index rebuild failed")
        finally:
            app.extensions["search_rebuilding"] = False

    threading.Thread(target=run, name="search-rebuild", daemon=True).start()
