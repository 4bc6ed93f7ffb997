"""/seller: a producer's workspace, one blueprint made of its screens' blueprints.

Each screen module owns its blueprint; this package nests them under /seller, so their
endpoints read `seller.<screen>.<view>` (`seller.products.edit_product`).
"""
from flask import Blueprint


def init_app(app):
    """Register /seller with its screens: dashboard, products, stock, transfers, certificates, staff, orders,
    the pull alerts at outlets, settlements and serial stamps."""
    from shop.workspace import (
        alerts,
        certificates,
        dashboard,
        orders,
        products,
        settlements,
        staff,
        stamps,
        stock,
        transfers,
    )

    seller = Blueprint("seller", __name__, url_prefix="/seller")
    for screen in (dashboard, products, stock, transfers, certificates, staff, orders, alerts, settlements, stamps):
        seller.register_blueprint(screen.bp)
    app.register_blueprint(seller)
