"""Till verbs: sell at an outlet's counter and void a sale. Services flush; views commit.

A sale takes each line's units off the outlet's shelf through inventory's `sell_stock`, in the same
transaction as the receipt, with the product's certificate re-checked inside that same UPDATE: a product
whose certificate is not in force is sold only if the office marked it a non-OCOP local speciality. Lines are
taken in product order, so two tills never wait on each other in a cycle. A void moves the sale from sold to
voided with one conditional UPDATE (a double tap voids once) and puts its units back through the ledger.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, false, func, select, update

from shop.catalog.gtin import GtinInvalid, normalized
from shop.catalog.models import Product
from shop.catalog.sellable import certified, is_certified
from shop.certification.models import Certificate
from shop.clock import now
from shop.counter.models import PAYMENTS, Sale, SaleLine
from shop.errors import Conflict, Invalid
from shop.extensions import db
from shop.forms import MAX_PRICE_VND
from shop.inventory.models import StockLevel
from shop.inventory.services import StockRefused, expired_units, sell_stock, unsell_stock
from shop.text import reference_number

MAX_LINES = 50  # products on one receipt
MAX_REASON = 300  # characters of a void's reason, as the sale and the ledger keep it


class SaleRefused(Conflict):
    """The till cannot make this sale now: a product no longer certified, units no longer on the shelf."""


class SaleInvalid(Invalid):
    """What was typed does not make a sale: no lines, an unknown product, no price, no payment."""


def _by_slug(typed: str):
    return Product.slug == typed.lower()


def _by_certificate_code(typed: str):
    return Product.certificates.any(Certificate.code == typed.upper())


def _by_gtin(typed: str):
    """The product whose GTIN-13 this is (an EAN-13 scanned or typed, spaces and dashes allowed)."""
    try:
        return Product.gtin == normalized(typed)
    except GtinInvalid:
        return false()


# How a typed product is found, in order.
LOOKUPS = (_by_slug, _by_certificate_code, _by_gtin)


def find_on_shelf(place, typed: str) -> StockLevel | None:
    """The outlet's stock line of the product typed (a slug, a certificate code or a GTIN-13), or None."""
    typed = " ".join((typed or "").split())
    for lookup in LOOKUPS if typed else ():
        level = db.session.scalar(select(StockLevel).join(StockLevel.product)
                                  .where(StockLevel.location_id == place.id, lookup(typed)))
        if level is not None:
            return level
    return None


def sell(place, lines, *, payment: str, user_id: int | None, today) -> Sale:
    """One receipt for `lines` — (stock line, units, price or None for the outlet's price) — sold at `place`."""
    if payment not in PAYMENTS:
        raise SaleInvalid(_l("Hãy chọn cách trả tiền: tiền mặt hoặc chuyển khoản."))
    merged = _merged(lines)
    sale = Sale(number=reference_number("BL", today), location=place, user_id=user_id, payment=payment,
                state="sold", sold_on=today, total_vnd=0)
    db.session.add(sale)
    for level, units, price in merged:
        sale.lines.append(_sold_line(place, level, units, price, sale.number, user_id, today))
    sale.total_vnd = sum(line.amount_vnd for line in sale.lines)
    db.session.flush()
    return sale


def _merged(lines) -> list[tuple]:
    """[(stock line, units, price)] in product order, a product named twice counted once with both quantities
    (and the first price typed)."""
    merged = {}
    for level, units, price in lines:
        known = merged.setdefault(level.product_id, [level, 0, price])
        known[1] += units
    if not merged:
        raise SaleInvalid(_l("Hãy thêm ít nhất một sản phẩm."))
    if len(merged) > MAX_LINES:
        raise SaleInvalid(_l("Một biên lai có tối đa %(max)s sản phẩm.", max=MAX_LINES))
    return [tuple(merged[product_id]) for product_id in sorted(merged)]


def _sold_line(place, level, units: int, price: int | None, number: str, user_id, today) -> SaleLine:
    """Take one line's units off the shelf, certificate re-checked in the same UPDATE; the receipt's line."""
    product = level.product
    ocop = is_certified(product, today)
    if not ocop and not product.local_speciality:
        raise _lapsed(product)
    price = price or level.price_vnd or product.price_vnd
    if not price or not 0 < price <= MAX_PRICE_VND:
        raise SaleInvalid(_l("%(name)s chưa có giá bán: hãy nhập giá.", name=product.name))
    still = exists().where(Product.id == product.id, certified(today) if ocop else Product.local_speciality)
    try:
        sell_stock(place, product, units, reference=number, only_if=still, user_id=user_id)
    except StockRefused:
        raise _why_not(level, units, still) from None
    return SaleLine(product=product, product_name=product.name, quantity=units, unit_price_vnd=price,
                    stars=product.current_certificate.stars if ocop else None, speciality=not ocop)


def _lapsed(product) -> SaleRefused:
    """The refusal of a product whose certificate is not in force on the day (and not a local speciality)."""
    return SaleRefused(_l("%(name)s đã hết hiệu lực chứng nhận OCOP — hãy rút khỏi quầy và trả nhà sản xuất",
                          name=product.name))


def _why_not(level, units: int, still) -> Conflict | Invalid:
    """Why a line's UPDATE matched nothing: the product no longer passes the check (`still`), its units on the
    shelf are of batches past their best-before, or the units are gone."""
    if not db.session.scalar(select(still)):
        return _lapsed(level.product)
    if expired_units(level.location_id, level.product):
        return SaleInvalid(_l("%(name)s: lô hàng trên quầy đã quá hạn sử dụng, không được bán — hãy rút khỏi quầy "
                              "và trả nhà sản xuất.", name=level.product.name))
    db.session.refresh(level)
    return SaleRefused(_l("Không đủ hàng: %(name)s chỉ còn %(left)s tại quầy (cần %(units)s). Có thể quầy khác vừa "
                          "bán.", name=level.product.name, left=level.on_hand - level.reserved, units=units))


def void_sale(sale: Sale, *, reason: str | None, user_id: int | None) -> Sale:
    """Void a sale once, with a reason: its units go back on the outlet's shelf through the ledger."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise SaleInvalid(_l("Hãy ghi lý do huỷ biên lai."))
    if len(reason) > MAX_REASON:
        raise SaleInvalid(_l("Lý do tối đa %(max)s ký tự.", max=MAX_REASON))
    voided = db.session.execute(update(Sale).where(Sale.id == sale.id, Sale.state == "sold")
                                .values(state="voided", void_reason=reason, voided_by_id=user_id, voided_at=now())
                                .execution_options(synchronize_session=False)).rowcount
    if voided != 1:
        raise SaleRefused(_l("Biên lai %(number)s đã được huỷ rồi.", number=sale.number))
    for line in sorted(sale.lines, key=lambda line: line.product_id):
        unsell_stock(sale.location, line.product, line.quantity, reference=sale.number, note=reason, user_id=user_id)
    db.session.refresh(sale)
    return sale


def sales_at(place_id: int):
    """The outlet's sales, newest first, as a query to page through."""
    return select(Sale).where(Sale.location_id == place_id).order_by(Sale.created_at.desc(), Sale.id.desc())


def takings(place_id: int, day) -> tuple[int, int]:
    """The outlet's sales on `day` that stand (not voided): (how many, their total in dong)."""
    return tuple(db.session.execute(select(func.count(), func.coalesce(func.sum(Sale.total_vnd), 0)).where(
        Sale.location_id == place_id, Sale.sold_on == day, Sale.state == "sold")).one())


def sale_at(number: str, place_id: int) -> Sale | None:
    """The outlet's sale with this number (as typed: case and spaces forgiven), or None."""
    return db.session.scalar(select(Sale).where(Sale.number == "".join(number.split()).upper(),
                                                 Sale.location_id == place_id))


