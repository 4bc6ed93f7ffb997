"""Buying through the real pages: add to cart, check out, with CSRF tokens like a browser."""
from tests.accounts.support import csrf_token

BUYER = {"name": "Trần Văn Minh", "phone": "0987 654 321", "email": "", "province": "Hà Nội",
         "commune": "Phường Hoàn Kiếm", "address": "12 Hàng Bạc", "payment_method": "cod"}


def add_to_cart(client, product, quantity=1, path=None):
    token = csrf_token(client, path or f"/products/{product.slug}")
    return client.post("/cart/add", data={"product": product.slug, "quantity": str(quantity), "csrf_token": token})


def check_out(client, **fields):
    return client.post("/checkout", data={**BUYER, **fields, "csrf_token": csrf_token(client, "/checkout")})
