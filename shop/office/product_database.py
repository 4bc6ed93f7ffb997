"""The provincial OCOP product database: every product with its current certificate, on sale or not, its status
in words, the office's filters, and each product's certificate history."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, not_, or_, select
from sqlalchemy.orm import aliased, joinedload

from shop.catalog.filters import choice_of
from shop.catalog.models import Product, ProductGroup
from shop.catalog.sellable import certified, offered
from shop.certification.models import CERTIFIED_MIN_STARS, DECIDED_STATUSES, Certificate
from shop.extensions import db
from shop.office.models import AuditEntry
from shop.places import PROVINCE_SLUGS
from shop.sellers.models import OWNER_TYPES, Seller
from shop.web import BadFilter, whole_number

STATUS_LABELS = {
    "on_sale": _l("Đang bán"), "not_published": _l("Có chứng nhận, chưa đăng bán"),
    "expired": _l("Chứng nhận đã hết hạn"), "revoked": _l("Chứng nhận đã bị thu hồi"),
    "below_three": _l("Dưới 3 sao, không phải OCOP"), "upcoming": _l("Quyết định chưa đến ngày hiệu lực"),
    "undecided": _l("Chưa có quyết định (chờ xác minh)"),
}
MAX_TEXT = 120
MAX_EXPIRING_DAYS = 1095


def status_clauses(today: date) -> dict:
    """SQL: each status of STATUS_LABELS as a clause on Product; exactly one holds for every product."""
    current = Product.current_certificate
    verified = Certificate.status == "verified"
    rated = Certificate.stars >= CERTIFIED_MIN_STARS
    return {
        "on_sale": and_(offered(), certified(today)),
        "not_published": and_(not_(offered()), certified(today)),
        "expired": current.has(and_(verified, rated, Certificate.expires_on < today)),
        "revoked": current.has(Certificate.status == "revoked"),
        "below_three": current.has(and_(verified, Certificate.stars < CERTIFIED_MIN_STARS)),
        "upcoming": current.has(and_(verified, rated, Certificate.decision_date > today,
                                     Certificate.expires_on >= today)),
        "undecided": Product.current_certificate_id.is_(None),
    }


@dataclass(frozen=True)
class DatabaseFilters:
    """What the office asked of /office/products; every field optional."""

    q: str | None = None
    province: str | None = None       # slug of one of the 34 provinces
    commune: str | None = None
    group: str | None = None          # slug of a group or subgroup
    stars: int | None = None
    owner_type: str | None = None
    status: str | None = None
    expiring_within: int | None = None  # days from today

    def as_args(self) -> dict:
        """The filters set, as query-string arguments (for pagination and export links)."""
        return {name: value for name, value in vars(self).items() if value is not None}


def _text(args, name: str) -> str | None:
    raw = " ".join(args.get(name, "").split())
    if len(raw) > MAX_TEXT:
        raise BadFilter(f"{name} is {len(raw)} characters long; at most {MAX_TEXT}")
    return raw or None


def parse_filters(args) -> DatabaseFilters:
    """The filters from query-string `args`; BadFilter (400) for a value no link or select offers."""
    return DatabaseFilters(
        q=_text(args, "q"), province=choice_of(args, "province", PROVINCE_SLUGS), commune=_text(args, "commune"),
        group=choice_of(args, "group", _group_slugs()), stars=whole_number(args, "stars", 1, 5),
        owner_type=choice_of(args, "owner_type", OWNER_TYPES), status=choice_of(args, "status", STATUS_LABELS),
        expiring_within=whole_number(args, "expiring_within", 1, MAX_EXPIRING_DAYS))


def _group_slugs() -> set[str]:
    return set(db.session.scalars(select(ProductGroup.slug)))


def _contains(column, text: str):
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _conditions(filters: DatabaseFilters, today: date, current) -> list:
    conditions = []
    if filters.q:
        conditions.append(or_(_contains(Product.name, filters.q), _contains(Seller.name, filters.q),
                              _contains(current.code, filters.q), _contains(current.decision_number, filters.q)))
    if filters.province:
        conditions.append(Seller.province == PROVINCE_SLUGS[filters.province])
    if filters.commune:
        conditions.append(_contains(Seller.commune, filters.commune))
    if filters.group:
        chosen = select(ProductGroup.id).where(ProductGroup.slug == filters.group).scalar_subquery()
        conditions.append(or_(Product.group_id == chosen, Product.subgroup_id == chosen))
    if filters.stars:
        conditions.append(current.stars == filters.stars)
    if filters.owner_type:
        conditions.append(Seller.owner_type == filters.owner_type)
    if filters.status:
        conditions.append(status_clauses(today)[filters.status])
    if filters.expiring_within:
        conditions += [certified(today), current.expires_on <= today + timedelta(days=filters.expiring_within)]
    return conditions


def product_rows(filters: DatabaseFilters, today: date):
    """SELECT every Product the filters keep, with its producer, group and current certificate, by name."""
    current = aliased(Certificate)
    return (select(Product)
            .join(Seller, Seller.id == Product.seller_id)
            .outerjoin(current, current.id == Product.current_certificate_id)
            .where(*_conditions(filters, today, current))
            .options(joinedload(Product.seller), joinedload(Product.group), joinedload(Product.current_certificate))
            .order_by(Product.name, Product.id))


def statuses_of(products: list[Product], today: date) -> dict[int, str]:
    """Each product's status (a key of STATUS_LABELS) on `today`, by product id, from status_clauses."""
    status = case(*((clause, name) for name, clause in status_clauses(today).items()), else_="undecided")
    return dict(db.session.execute(select(Product.id, status).where(Product.id.in_([p.id for p in products]))).all())


@dataclass(frozen=True)
class HistoryEvent:
    """One step of a product's certificate history, told in words by the template (`kind`)."""

    day: date | None
    kind: str       # first | renewal | upgrade | downgrade | revoked | lapsed | submitted | rejected
    certificate: Certificate
    other: Certificate | None = None   # the decision this one supersedes


def certificate_history(product: Product, today: date) -> list[HistoryEvent]:
    """The product's certificates as a timeline: the first decision, renewals, upgrades and downgrades (each
    superseding the one before), revocations, lapses with no renewal, and submissions still pending or rejected."""
    events, previous = [], None
    for certificate in sorted(product.certificates, key=lambda c: (c.decision_date, c.id)):
        if certificate.status not in DECIDED_STATUSES:
            kind = "submitted" if certificate.status == "pending" else "rejected"
            events.append(HistoryEvent(certificate.decision_date, kind, certificate))
            continue
        if previous is not None and previous.status == "verified" and previous.expires_on < certificate.decision_date:
            events.append(HistoryEvent(previous.expires_on, "lapsed", previous))
        events.append(HistoryEvent(certificate.decision_date, _decision_kind(previous, certificate), certificate,
                                   previous))
        if certificate.status == "revoked":
            events.append(HistoryEvent(_revoked_on(certificate), "revoked", certificate))
        previous = certificate
    if previous is not None and previous.status == "verified" and previous.expires_on < today:
        events.append(HistoryEvent(previous.expires_on, "lapsed", previous))
    return events


def _decision_kind(previous: Certificate | None, certificate: Certificate) -> str:
    if previous is None:
        return "first"
    if certificate.stars == previous.stars:
        return "renewal"
    return "upgrade" if certificate.stars > previous.stars else "downgrade"


def _revoked_on(certificate: Certificate) -> date | None:
    """The day the office's audit log recorded the revocation, if it did."""
    at = db.session.scalar(select(AuditEntry.at).where(AuditEntry.subject_type == "certificate",
                                                       AuditEntry.subject_id == certificate.id,
                                                       AuditEntry.action == "certificate.revoke"))
    return at and at.date()


def certificate_list_rows() -> list[list]:
    """Every verified certificate as a row of the official list `ocop import` reads (REQUIRED_COLUMNS order, then
    its product's GTIN or "")."""
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.status == "verified")
        .options(joinedload(Certificate.product).joinedload(Product.seller))
        .order_by(Certificate.decision_date, Certificate.id))
    return [[c.product.name, c.product.seller.name, c.product.seller.owner_type, c.product.seller.province, c.stars,
             c.product.group.name, c.product.subgroup.name if c.product.subgroup else "", c.decision_number,
             c.decision_date, c.expires_on, c.authority, c.product.gtin or ""] for c in certificates]
