"""Small factories that build shop data through the real services."""
from datetime import date
from itertools import count

from shop.catalog.services import ensure_groups, find_group, find_or_create_product, find_subgroup
from shop.certification.services import record_certificate
from shop.extensions import db
from shop.inventory.models import Location, OutletStaff
from shop.inventory.services import fulfilment_location, receive_stock
from shop.sellers.services import find_or_create_seller

_numbers = count(1)


def make_seller(name="HTX Chè Tân Cương", province="Thái Nguyên", owner_type="htx", status="verified"):
    seller, _ = find_or_create_seller(name, owner_type, province)
    seller.status = status
    db.session.commit()
    return seller


def make_product(name="Chè Tân Cương", *, seller=None, group="Thực phẩm", subgroup=None, price_vnd=150_000,
                 published=True, stock=10, certificate=True, **certificate_fields):
    """A product with (by default) a verified 4★ certificate decided 100 days before 2026-06-15."""
    ensure_groups()
    top = find_group(group)
    product, _ = find_or_create_product(seller or make_seller(), name, top,
                                        subgroup and find_subgroup(top, subgroup))
    product.price_vnd, product.published = price_vnd, published
    if certificate:
        make_certificate(product, **certificate_fields)
    if stock:
        receive_stock(fulfilment_location(product), product, stock, reason="receipt")
    db.session.commit()
    return product


def make_filter_shelf(prefix: str = "") -> None:
    """Four products on sale that every listing filter tells apart (and a 2★ one never shown), named `prefix` + …."""
    tea_htx = make_seller("HTX Chè Tân Cương", province="Thái Nguyên", owner_type="htx")
    fish_co = make_seller("Công ty Khải Hoàn", province="An Giang", owner_type="enterprise")
    make_product(f"{prefix}Chè Tân Cương", seller=tea_htx, stars=4, price_vnd=150_000, subgroup="Chè")
    make_product(f"{prefix}Chè búp", seller=tea_htx, stars=3, price_vnd=90_000, subgroup="Chè")
    make_product(f"{prefix}Nước mắm", seller=fish_co, stars=5, price_vnd=165_000, subgroup="Gia vị")
    make_product(f"{prefix}Rượu", seller=fish_co, stars=4, price_vnd=200_000, group="Đồ uống")
    make_product(f"{prefix}Hai sao", seller=fish_co, stars=2, price_vnd=10_000)


def make_certificate(product, *, stars=4, status="verified", decision_date=date(2026, 3, 7),
                     expires_on=None, authority="UBND tỉnh Thái Nguyên"):
    certificate = record_certificate(
        product, stars=stars, decision_number=f"{next(_numbers)}/QĐ-UBND", decision_date=decision_date,
        expires_on=expires_on, authority=authority, status=status)
    db.session.commit()
    return certificate


def make_outlet(name="Điểm bán OCOP Hồ Gươm", *, slug="diem-ban-ho-guom", kind="sales_point", province="Hà Nội",
                commune="Phường Hoàn Kiếm", staff=(), stock=()):
    """An OCOP outlet with `staff` (users) and consignment `stock` ((product, units) pairs) received in the ledger."""
    outlet = Location(kind=kind, slug=slug, name=name, province=province, commune=commune)
    db.session.add(outlet)
    db.session.add_all(OutletStaff(user=user, location=outlet) for user in staff)
    db.session.flush()
    for product, units in stock:
        receive_stock(outlet, product, units, reason="receipt")
    db.session.commit()
    return outlet


def make_order(*items, today=date(2026, 6, 15), payment_method="cod"):
    """An order placed through the cart and checkout services: `items` are (product, quantity) pairs."""
    from shop.orders.cart import new_cart_token, open_cart, set_quantity
    from shop.orders.checkout import Contact, place_order
    cart = open_cart(None, new_cart_token())
    for product, quantity in items:
        set_quantity(cart, product, quantity, today)
    order = place_order(cart, Contact(name="Trần Văn Minh", phone="0987654321", province="Hà Nội",
                                      commune="Phường Hoàn Kiếm", address="12 Hàng Bạc"), payment_method, today)
    db.session.commit()
    return order
