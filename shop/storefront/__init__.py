"""The shopper's screens: home, listing and product pages, producers, where to buy (the OCOP outlets),
certificate checks, GS1 Digital Link pages, search, the cart, checkout and orders, the places a delivery may go,
and what search engines read. Each module owns its blueprint."""
from flask_login import user_loaded_from_cookie, user_logged_in, user_logged_out


def init_app(app):
    """Register the storefront's pages, keep a guest's cart when they log in, and keep the cart count's cookie."""
    from shop.storefront import (
        catalog,
        certification,
        orders,
        outlets,
        places,
        producers,
        search,
        seo,
        stamps,
        trace,
        visitor_cart,
    )

    for screen in (catalog, producers, outlets, search, certification, trace, stamps, seo, orders, places):
        app.register_blueprint(screen.bp)
    user_logged_in.connect(visitor_cart.merge_guest_cart, app)
    user_loaded_from_cookie.connect(visitor_cart.merge_guest_cart, app)
    user_logged_out.connect(visitor_cart.count_changed, app)
    app.after_request(visitor_cart.renew_count_cookie)
