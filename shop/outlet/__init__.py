"""/outlet: the screens of OCOP outlet staff (sales points and OCOP centres). Each module owns its blueprint."""


def init_app(app):
    """Register the outlet staff's pages."""
    from shop.outlet import alerts, counts, dashboard, sales, settlements, stock_room, transfers

    app.register_blueprint(stock_room.bp)
    app.register_blueprint(transfers.bp)
    app.register_blueprint(sales.bp)
    app.register_blueprint(alerts.bp)
    app.register_blueprint(settlements.bp)
    app.register_blueprint(counts.bp)
    app.register_blueprint(dashboard.bp)
