"""Stock counts at OCOP outlets (kiểm kê): a count sheet saved as it is typed, finished all at once."""


def init_app(app):
    """Register the count tables, and the count states in words."""
    from shop.counts import models  # (the tables, for SQLAlchemy and Alembic)

    app.context_processor(lambda: {"count_state": models.STATE_LABELS})
