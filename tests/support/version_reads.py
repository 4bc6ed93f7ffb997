"""How many queries a cached page's hit makes to learn the catalog version."""
from shop.extensions import db


def version_reads() -> int:
    """1 on SQLite (the hit reads the version); 0 on PostgreSQL, where each worker hears it by LISTEN/NOTIFY
    (shop/catalog/version_watch.py, tests/catalog/test_version_watch.py)."""
    return int(db.engine.dialect.name != "postgresql")
