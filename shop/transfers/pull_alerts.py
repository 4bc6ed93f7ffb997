"""Pull alerts: every OCOP outlet holding units of a product whose certificate expired, was revoked, was
superseded below 3★ or expires within 30 days is told to take it off the counter and return the units.
Services flush; views commit.

An office decision (revocation, a verified 2★ re-rating, a re-certification) reviews the product's alerts in
the same transaction; `ocop expiry-check` reviews every product held at outlets daily (certificates_checked).
An alert stays open until its outlet holds none of the units (a return took them all) or the product is
certified again. The daily review also raises a best_before alert at every outlet holding units of a batch
past its best-before (a certified product: the alert names its certificate); it closes once none of those
units are left there (returned: returns draw the earliest best-before first), never on re-certification.
Raising is idempotent: an outlet has at most one open alert per product (a unique partial
index); a second review changes the open alert's kind (expiring → expired) instead of raising another.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from shop.catalog.models import Product
from shop.certification.models import CERTIFIED_MIN_STARS, Certificate
from shop.clock import now
from shop.extensions import db
from shop.inventory.models import Batch, Location, StockLevel
from shop.notifications.services import tell_outlet, tell_producer
from shop.signals import certificates_checked
from shop.transfers.models import ALERT_KIND_LABELS, PullAlert

EXPIRING_DAYS = 30  # an alert warns this many days before a certificate expires
_OPEN = PullAlert.closed_at.is_(None)


def alert_kind(product, today) -> str | None:
    """Why an outlet should pull `product` on `today` — expired, revoked, downgraded, expiring — or None."""
    certificate = product.current_certificate
    if certificate is None:
        return None  # never certified (a local speciality): nothing to pull
    if certificate.status == "revoked":
        return "revoked"
    if certificate.stars < CERTIFIED_MIN_STARS:
        return "downgraded"
    if certificate.expires_on < today:
        return "expired"
    return "expiring" if certificate.expires_on <= today + timedelta(days=EXPIRING_DAYS) else None


def review_alerts(product, today) -> int:
    """Raise (or update) the alert at every outlet holding the product when its certificate calls for one,
    else close its open alerts as re-certified; how many alerts were raised or changed."""
    kind = alert_kind(product, today)
    if kind is None:
        _close(PullAlert.product_id == product.id, "recertified", PullAlert.kind != "best_before")
        return 0
    holding = db.session.scalars(select(StockLevel).join(StockLevel.location).where(
        StockLevel.product_id == product.id, StockLevel.on_hand > 0, Location.kind != "warehouse")
        .options(joinedload(StockLevel.location))).all()
    return sum(_raise(line.location, product, kind) for line in holding)


def review_due(today) -> int:
    """The daily review: every product held at an outlet whose certificate calls for an alert, and every
    product with an open alert (it may have been re-certified); how many alerts were raised or changed."""
    certificate = Product.current_certificate_id == Certificate.id
    due = (select(StockLevel.product_id).join(StockLevel.location).join(Product, Product.id == StockLevel.product_id)
           .join(Certificate, certificate)
           .where(StockLevel.on_hand > 0, Location.kind != "warehouse",
                  or_(Certificate.status == "revoked", Certificate.stars < CERTIFIED_MIN_STARS,
                      Certificate.expires_on <= today + timedelta(days=EXPIRING_DAYS))))
    alerted = select(PullAlert.product_id).where(_OPEN)
    products = db.session.scalars(select(Product).where(or_(Product.id.in_(due), Product.id.in_(alerted)))
                                  .order_by(Product.id)).all()
    return sum(review_alerts(product, today) for product in products)


def _past_best_before(day):
    """SQL: the level holds units, at an outlet, of a batch past its best-before on `day`."""
    return (StockLevel.on_hand > 0) & (Location.kind != "warehouse") & (Batch.best_before < day)


def review_best_before(today) -> int:
    """Raise a best_before alert at every outlet holding units of a certified product's batch past its
    best-before (an open alert on the product there already says to pull it); how many were raised."""
    alerted = select(PullAlert.id).where(_OPEN, PullAlert.location_id == Location.id,
                                         PullAlert.product_id == Product.id).exists()
    held = db.session.execute(
        select(Location, Product).select_from(StockLevel).join(StockLevel.location)
        .join(Batch, Batch.id == StockLevel.batch_id).join(Product, Product.id == StockLevel.product_id)
        .where(_past_best_before(today), Product.current_certificate_id.is_not(None), ~alerted)
        .distinct().order_by(Location.id, Product.id)).all()
    return sum(_raise(outlet, product, "best_before") for outlet, product in held)


@certificates_checked.connect
def _review_daily(_app, day) -> int:
    """`ocop expiry-check` asks each day: review_due(day), then review_best_before(day)."""
    return review_due(day) + review_best_before(day)


def close_if_returned(outlet, product, today=None, by: str = "returned") -> None:
    """Close the outlet's open alert on the product once none of its units are left there (all returned, or
    `by` a count that found them gone) — a best_before alert once none of its units past best-before on `today` are."""
    here = select(func.sum(StockLevel.on_hand)).where(StockLevel.location_id == outlet.id,
                                                      StockLevel.product_id == product.id)
    if not db.session.scalar(here):
        _close(PullAlert.product_id == product.id, by, PullAlert.location_id == outlet.id)
    elif today and not db.session.scalar(here.join(StockLevel.location).join(Batch, Batch.id == StockLevel.batch_id)
                                         .where(_past_best_before(today))):
        _close(PullAlert.product_id == product.id, by, PullAlert.location_id == outlet.id,
               PullAlert.kind == "best_before")


def open_alerts(*where):
    """SELECT the open alerts `where` picks, the lapsed before the expiring, oldest first, each with its outlet,
    product, producer, certificate and the product's stock lines there (for `PullAlert.held`)."""
    return (select(PullAlert).join(PullAlert.product).where(_OPEN, *where)
            .options(joinedload(PullAlert.location), joinedload(PullAlert.product).joinedload(Product.seller),
                     joinedload(PullAlert.certificate),
                     selectinload(PullAlert.levels).joinedload(StockLevel.batch))
            .order_by(case((PullAlert.kind == "expiring", 1), else_=0), PullAlert.raised_at, PullAlert.id))


def open_alerts_at(location_id: int) -> list[PullAlert]:
    """The outlet's open alerts (for its stock room's banner and its page)."""
    return db.session.scalars(open_alerts(PullAlert.location_id == location_id)).all()


def open_alert_count(seller_id: int | None = None) -> int:
    """How many alerts are open (on the producer's products, if `seller_id` is given)."""
    query = select(func.count()).select_from(PullAlert).join(PullAlert.product).where(_OPEN)
    return db.session.scalar(query if seller_id is None else query.where(Product.seller_id == seller_id))


def _close(which, reason: str, *more) -> None:
    """Close the open alerts `which` (and `more`) select, for `reason` (returned or recertified)."""
    db.session.execute(update(PullAlert).where(_OPEN, which, *more).values(closed_at=now(), closed_by=reason))


def _raise(outlet, product, kind: str) -> int:
    """Open the outlet's alert on the product, or bring its open one to `kind`; 1 if something changed."""
    certificate_id = product.current_certificate_id
    alert = db.session.scalar(select(PullAlert).where(PullAlert.location_id == outlet.id,
                                                      PullAlert.product_id == product.id, _OPEN))
    if alert is not None and (alert.kind, alert.certificate_id) == (kind, certificate_id):
        return 0
    if alert is not None:
        alert.kind, alert.certificate_id = kind, certificate_id
        db.session.flush()
    else:
        try:
            with db.session.begin_nested():  # a review running at the same moment raised it first
                db.session.add(PullAlert(location_id=outlet.id, product_id=product.id,
                                         certificate_id=certificate_id, kind=kind))
        except IntegrityError:
            return 0
    _tell(outlet, product, kind)
    return 1


def _tell(outlet, product, kind: str) -> None:
    """Tell the outlet's staff and the producer's members, each with a link to their alerts page."""
    message = _l("%(outlet)s: %(product)s — %(why)s. Hãy rút khỏi quầy và trả nhà sản xuất.",
                 outlet=outlet.name, product=product.name, why=ALERT_KIND_LABELS[kind])
    if kind == "expiring":
        message = _l("%(outlet)s: chứng nhận OCOP của %(product)s hết hạn ngày %(day)s; chuẩn bị trả nhà sản xuất "
                     "nếu không được chứng nhận lại.", outlet=outlet.name, product=product.name,
                     day=product.current_certificate.expires_on.strftime("%d/%m/%Y"))
    urls = current_app.url_map.bind("")  # also outside a request (cron)
    tell_outlet(outlet.id, "pull_alert", message, link=urls.build("outlet_alerts.alerts", {"outlet": outlet.slug}))
    tell_producer(product.seller_id, "pull_alert", message, link=urls.build("seller.alerts.alerts"))
