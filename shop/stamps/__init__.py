"""Serial electronic stamps (tem điện tử): a producer orders them for a batch and prints them; a shopper scans
one at /s/<serial>, which shows the batch and whether this very stamp has been seen where it should not have been."""


def init_app(app):
    """Register the stamp tables."""
    from shop.stamps import models  # noqa: F401  (the tables, for SQLAlchemy and Alembic)
