"""The programme's KPIs as of a date, computed from certificate validity on that day (no snapshot table): which
products were certified then, by whom, where they could be bought, and what was sold. docs/design.md §9.

"Certified on day D" is the product's latest decision by D (verified or revoked, as sellable() reads it) standing
in force on D: 3★ or more, decided by D, not expired before D, and not yet revoked (Certificate.stood_in_force).
"""
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select

from shop.catalog.models import Product, ProductGroup
from shop.certification.models import DECIDED_STATUSES, Certificate
from shop.clock import vietnam_day
from shop.counter.models import Sale
from shop.extensions import db
from shop.inventory.models import LOCATION_KINDS, Location
from shop.orders.models import Order, SellerOrder
from shop.sellers.models import OWNER_TYPES, SME_SIZES, Seller, SellerChannel
from shop.stamps.services import stamped_products

STARS = (3, 4, 5)
OUTLET_KINDS = tuple(kind for kind in LOCATION_KINDS if kind != "warehouse")
SALES_MONTHS = 12
_LIVE_ONLINE = ("confirmed", "shipped", "delivered")  # a producer's part of an order that went ahead


def _decision_by(day):
    """SQL: the id of the product's latest decision (verified or revoked) dated on or before `day` (a date, or a
    column of dates of an enclosing query, as trend.py's month ends)."""
    return (select(Certificate.id)
            .where(Certificate.product_id == Product.id, Certificate.status.in_(DECIDED_STATUSES),
                   Certificate.decision_date <= day)
            .order_by(Certificate.decision_date.desc(), Certificate.id.desc())
            .limit(1).correlate_except(Certificate).scalar_subquery())


def certified_on(day, province: str | None):
    """SELECT (Product, Certificate, Seller) for every product certified on `day` (a date, or a column of dates of
    an enclosing FROM, as trend.py's month ends), in `province` (its producer's)."""
    query = (select(Product, Certificate, Seller).select_from(Product)
             .join(Certificate, Certificate.product_id == Product.id).join(Seller, Seller.id == Product.seller_id)
             .where(Certificate.stood_in_force(day), Certificate.id == _decision_by(day)))
    return query.where(Seller.province == province) if province else query


def _share(part: int, whole: int) -> float | None:
    """part / whole rounded to 4 places, or None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None


def kpis(day: date, province: str | None) -> dict:
    """Every KPI as of `day` (in `province`, or the whole shop), keyed as the JSON at /office/kpis gives it."""
    rows = db.session.execute(certified_on(day, province)).all()
    producers = {seller.id: seller for _, _, seller in rows}
    stamped = stamped_products([product.id for product, _, _ in rows])
    traceable = sum(1 for product, _, _ in rows if product.gtin or product.id in stamped)
    return {
        "as_of": day.isoformat(), "province": province,
        **certified_figures([certificate.stars for _, certificate, _ in rows]),
        "by_group": _by_group(product.group_id for product, _, _ in rows),
        **owner_figures(producers.values()),
        **_modern_figures(producers),
        **_outlet_figures(province),
        # Certified products carrying a GTIN or active serial stamps (tem điện tử).
        "traceable_products": traceable, "share_traceable": _share(traceable, len(rows)),
        **_expiry_figures([certificate.expires_on for _, certificate, _ in rows], day, province),
        "sales": _sales(day, province),
    }


def _by_group(group_ids) -> dict:
    """Certified products per top-level product group name, every group listed."""
    counts = Counter(group_ids)
    groups = db.session.scalars(select(ProductGroup).where(ProductGroup.parent_id.is_(None))
                                .order_by(ProductGroup.code)).all()
    return {group.name: counts[group.id] for group in groups}


def certified_figures(stars: list[int]) -> dict:
    """The products certified on one day, given by their certificates' `stars`: count, by stars, 4★/5★ shares."""
    counts = Counter(stars)
    return {"certified_products": len(stars), "by_stars": {str(n): counts[n] for n in STARS},
            "share_4_star": _share(counts[4], len(stars)), "share_5_star": _share(counts[5], len(stars))}


def owner_figures(producers) -> dict:
    """Producers (distinct sellers, or rows with their owner_type and enterprise_size) with a certified product:
    their count, by owner type, the HTX and SME shares."""
    producers = list(producers)
    owner_types = Counter(seller.owner_type for seller in producers)
    smes = sum(seller.enterprise_size in SME_SIZES for seller in producers)
    return {"producers": len(producers), "by_owner_type": {kind: owner_types[kind] for kind in OWNER_TYPES},
            "share_htx": _share(owner_types["htx"], len(producers)), "share_sme": _share(smes, len(producers)),
            "sme_producers": smes}  # the share's numerator, for its gap


def _modern_figures(producers: dict) -> dict:
    """The producers (of `producers`) selling through modern channels, and their share."""
    modern = _modern(producers)
    return {"share_modern_channels": _share(len(modern), len(producers)), "modern_channel_producers": len(modern)}


def _modern(producers: dict) -> set:
    """The producers (ids of `producers`) selling through modern channels: on this shop, or declared."""
    return _selling_online(producers) | set(db.session.scalars(
        select(SellerChannel.seller_id).where(SellerChannel.seller_id.in_(producers))))


def _selling_online(producers: dict) -> set:
    """The producers (of `producers`) verified to sell on this shop with a product published (as things are now:
    publishing has no history)."""
    return {seller_id for seller_id, in db.session.execute(
        select(Product.seller_id).join(Seller, Seller.id == Product.seller_id)
        .where(Product.seller_id.in_(producers), Product.published.is_(True), Seller.verified).distinct())}


def _outlet_figures(province: str | None) -> dict:
    """OCOP outlets by kind, and the old districts (of the province's locations) with no sales point."""
    query = select(Location.kind, Location.old_district).where(Location.kind.in_(OUTLET_KINDS))
    outlets = db.session.execute(query.where(Location.province == province) if province else query).all()
    kinds = Counter(kind for kind, _ in outlets)
    known = select(Location.old_district).where(Location.old_district.is_not(None))
    districts = set(db.session.scalars(known.where(Location.province == province) if province else known))
    with_outlet = {district for _, district in outlets if district}
    return {"outlets": {kind: kinds[kind] for kind in OUTLET_KINDS},
            "districts_without_outlet": sorted(districts - with_outlet) if districts else None}


def _expiry_figures(ends: list[date], day: date, province: str | None) -> dict:
    """Certified products whose certificate ends (`ends`) within 30 and 90 days of `day`, and products whose last
    3★+ certificate by `day` ended before it with no renewal (revoked ones are not lapsed)."""
    lapsed = (select(Certificate.id).join(Product, Product.id == Certificate.product_id)
              .join(Seller, Seller.id == Product.seller_id)
              .where(Certificate.id == _decision_by(day), Certificate.verified_on(day),
                     Certificate.stars >= STARS[0],
                     Certificate.expires_on < day))
    lapsed = lapsed.where(Seller.province == province) if province else lapsed
    return {"expiring_30": sum(end <= day + timedelta(days=30) for end in ends),
            "expiring_90": sum(end <= day + timedelta(days=90) for end in ends),
            "lapsed": len(db.session.scalars(lapsed).all())}


def months_up_to(day: date, count: int) -> list[str]:
    """The `count` months up to `day`'s, oldest first, as "YYYY-MM"."""
    index = day.year * 12 + day.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def _sales(day: date, province: str | None) -> dict:
    """Sales in VND by channel (online orders, outlets' counter sales) and month, the 12 months up to `day`."""
    months = months_up_to(day, SALES_MONTHS)
    start = date(int(months[0][:4]), int(months[0][5:]), 1)
    online = (select(Order.created_at, SellerOrder.items_vnd).join(Order, Order.id == SellerOrder.order_id)
              .join(Seller, Seller.id == SellerOrder.seller_id)
              .where(SellerOrder.status.in_(_LIVE_ONLINE), Order.created_at >= start - timedelta(days=1),
                     Order.created_at < day + timedelta(days=2)))
    counter = (select(Sale.sold_on, Sale.total_vnd).join(Location, Location.id == Sale.location_id)
               .where(Sale.state == "sold", Sale.sold_on >= start, Sale.sold_on <= day))
    if province:
        online, counter = online.where(Seller.province == province), counter.where(Location.province == province)
    totals = {"online": Counter(), "outlets": Counter()}
    for at, amount in db.session.execute(online):  # placed on the shop's day (Vietnam), not UTC's
        if start <= (placed := vietnam_day(at)) <= day:
            totals["online"][placed.strftime("%Y-%m")] += amount
    for on, amount in db.session.execute(counter):
        totals["outlets"][on.strftime("%Y-%m")] += amount
    return {channel: {month: counts[month] for month in months} for channel, counts in totals.items()}
