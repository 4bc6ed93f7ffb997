"""A producer edits its own products: create, change, publish. Services flush; views commit.

Publishing is refused unless the product would then be sellable() — a verified
producer and a certificate in force (certified()) — and has a price, so a producer
never publishes something the shop would hide anyway without being told why
(`publish_blockers`).
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shop.catalog.gtin import GtinInvalid, check_gtin
from shop.catalog.models import Product, ProductGroup
from shop.catalog.sellable import is_certified
from shop.errors import Conflict
from shop.extensions import db
from shop.slugs import unique_slug

EDITABLE = ("name", "group_id", "subgroup_id", "price_vnd", "unit", "description")


class ProductRefused(Conflict):
    """A change the catalog rules refuse (a name taken, a certified product renamed, not yet publishable); shown to
    the producer."""


def own_product(seller, slug: str) -> Product | None:
    """The product with this slug if it belongs to `seller` (another producer's product is not found)."""
    return db.session.scalar(select(Product).where(Product.slug == slug, Product.seller_id == seller.id))


def products_of(seller, page: int, per_page: int = 30):
    """A page of the seller's products, newest first, published or not."""
    return db.paginate(select(Product).where(Product.seller_id == seller.id)
                       .order_by(Product.created_at.desc(), Product.id.desc()),
                       page=page, per_page=per_page, error_out=False)


def _check_groups(group_id: int, subgroup_id: int | None) -> None:
    group = db.session.get(ProductGroup, group_id)
    if group is None or group.parent_id is not None:
        raise ProductRefused(_l("Ngành hàng không hợp lệ."))
    if subgroup_id is not None:
        subgroup = db.session.get(ProductGroup, subgroup_id)
        if subgroup is None or subgroup is group or group not in subgroup.lineage:  # a nhóm or phân nhóm of it
            raise ProductRefused(_l("Nhóm sản phẩm không thuộc ngành hàng đã chọn."))


def _check_name(seller, name: str, product_id: int | None = None) -> None:
    clash = db.session.scalar(select(Product.id).where(Product.seller_id == seller.id, Product.name == name))
    if clash is not None and clash != product_id:
        raise ProductRefused(_l("Cơ sở đã có sản phẩm tên này."))


def create_product(seller, image: str | None = None, **fields) -> Product:
    """A new, unpublished product of `seller`."""
    _check_groups(fields["group_id"], fields.get("subgroup_id"))
    _check_name(seller, fields["name"])
    product = Product(seller=seller, slug=unique_slug(Product, fields["name"], 150), published=False, image=image,
                      **{name: fields.get(name) for name in EDITABLE if name in fields})
    db.session.add(product)
    db.session.flush()
    return product


def update_product(product: Product, image: str | None = None, **fields) -> None:
    """Change a product's details (the slug stays, so links keep working).

    A certified product keeps its name and groups: the certificate vouches for that product, not another.
    """
    certified = product.current_certificate is not None
    if certified and (fields["name"] != product.name or fields["group_id"] != product.group_id
                      or fields.get("subgroup_id") != product.subgroup_id):
        raise ProductRefused(_l("Sản phẩm đã được chứng nhận OCOP: không thể đổi tên hay ngành hàng. "
                                "Hãy liên hệ Văn phòng OCOP."))
    _check_groups(fields["group_id"], fields.get("subgroup_id"))
    _check_name(product.seller, fields["name"], product.id)
    for name in EDITABLE:
        if name in fields:
            setattr(product, name, fields[name])
    product.image = image or product.image
    db.session.flush()


def set_gtin(product: Product, typed: str | None):
    """Give `product` the GTIN-13 typed (empty: none); returns a warning to show (a non-Vietnamese prefix) or None.

    A malformed GTIN, or one another product carries, is refused; the unique index is the last guard against two
    requests racing for the same one.
    """
    gtin, warning = check_gtin(typed) if (typed or "").strip() else (None, None)
    taken = GtinInvalid(_l("Mã GTIN %(gtin)s đã được dùng cho một sản phẩm khác.", gtin=gtin),
                        f"GTIN {gtin} is already another product's")
    if gtin and db.session.scalar(select(Product.id).where(Product.gtin == gtin, Product.id != product.id)):
        raise taken
    product.gtin = gtin
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise taken from None
    return warning


def publish_blockers(product: Product, today: date) -> list:
    """Why this product would not be sellable() today once published (empty when it would), and a missing price."""
    reasons = []
    if not product.seller.verified:
        reasons.append(_l("Cơ sở chưa được Văn phòng OCOP xác minh."))
    if not is_certified(product, today):
        reasons.append(_not_certified_because(product.current_certificate))
    if not product.price_vnd:
        reasons.append(_l("Sản phẩm chưa có giá bán."))
    return reasons


def _not_certified_because(certificate) -> str:
    """Which way the product's current certificate (if any) fails certified()."""
    if certificate is None:
        return _l("Sản phẩm chưa có giấy chứng nhận OCOP đã được xác minh.")
    if certificate.status == "revoked":
        return _l("Giấy chứng nhận OCOP đã bị thu hồi.")
    return _l("Giấy chứng nhận OCOP không còn hiệu lực (hết hạn hoặc dưới 3 sao).")


def set_low_stock_warning(product: Product, units: int) -> None:
    """Warn the producer when the product's available units fall to `units` (0: only when none are left)."""
    product.low_stock_at = units
    db.session.flush()


def set_published(product: Product, published: bool, today: date) -> None:
    """Put a product on sale (only when nothing blocks it) or take it off sale."""
    blockers = publish_blockers(product, today) if published else []
    if blockers:
        raise ProductRefused(_l("Chưa thể đăng bán: %(reasons)s", reasons=" ".join(map(str, blockers))))
    product.published = published
    db.session.flush()
