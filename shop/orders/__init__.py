"""Buying: the cart, checkout, orders split per producer, payments (cash on delivery, Stripe)."""


def init_app(app):
    """Register the order tables, `flask orders`, and the labels of an order part's status for every page."""
    from shop.orders import cli, models  # noqa: F401  (models: the tables, for SQLAlchemy and Alembic)
    from shop.orders.fulfilment import STATUS_LABELS

    app.cli.add_command(cli.orders)
    app.context_processor(lambda: {"part_status": STATUS_LABELS})
