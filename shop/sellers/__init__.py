"""Producers (chủ thể OCOP) that sell in the shop, and the people who run them."""


def init_app(app):
    """Register the producer tables (producers, members, invitations) and the labels of a producer's status and of
    its members' roles."""
    from shop.sellers import models  # the tables, for SQLAlchemy and Alembic

    app.context_processor(lambda: {"seller_status": models.STATUS_LABELS, "member_role": models.ROLE_LABELS})
