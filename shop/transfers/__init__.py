"""Consignment transfers between a producer's warehouse and OCOP outlets, returns, outlets' requests, and the
pull alerts that call units back when their certificate lapses."""


def init_app(app):
    """Register the transfer tables, the transfer states in words, and the pull alerts' daily review."""
    from shop.transfers import (
        models,  # (the tables, for SQLAlchemy and Alembic)
        pull_alerts,  # (its receiver of certificates_checked)
    )

    app.context_processor(lambda: {"transfer_state": models.STATE_LABELS, "alert_kind": models.ALERT_KIND_LABELS,
                                   "open_alerts_at": pull_alerts.open_alerts_at})
