"""OCOP certificates: star ratings decided by the authorities, their validity and verification."""


def init_app(app):
    """Register the certificate table, `flask ocop` (import a certificate list, expiry check) and the labels
    of a certificate's status and of its authority's level for every page."""
    from shop.certification import cli, models  # noqa: F401  (models: the table, for SQLAlchemy and Alembic)

    app.cli.add_command(cli.ocop)
    app.context_processor(lambda: {"certificate_status": models.STATUS_LABELS,
                                   "authority_level": models.AUTHORITY_LEVEL_LABELS})
