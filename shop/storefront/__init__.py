"""The shopper's screens: home, listing and product pages, producers, where to buy (the OCOP outlets),
certificate checks, search, the cart, checkout and orders, and what search engines read. Each module owns its
blueprint."""
from flask_login import user_loaded_from_cookie, user_logged_in


def init_app(app):
    """Register the storefront's pages, and keep a guest's cart when they log in."""
    from shop.storefront import catalog, certification, orders, outlets, producers, search, seo

    for screen in (catalog, producers, outlets, search, certification, seo, orders):
        app.register_blueprint(screen.bp)
    user_logged_in.connect(orders.merge_guest_cart, app)
    user_loaded_from_cookie.connect(orders.merge_guest_cart, app)
