"""Products and the OCOP product classification (Decision 148/QĐ-TTg, Appendix I)."""
from sqlalchemy import func

from shop.extensions import db


class ProductGroup(db.Model):
    """A group (ngành, code "I"), nhóm ("I.4") or phân nhóm ("I.4.a") of Decision 148."""

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(10), nullable=False, unique=True)
    slug = db.Column(db.String(120), nullable=False, unique=True)
    name = db.Column(db.String(200), nullable=False)
    parent_id = db.Column(db.Integer, db.ForeignKey("product_group.id"), nullable=True)

    parent = db.relationship("ProductGroup", remote_side=[id])

    @property
    def lineage(self) -> list["ProductGroup"]:
        """This group and those above it, up to its ngành."""
        line = [self]
        while line[-1].parent is not None:
            line.append(line[-1].parent)
        return line

    def __repr__(self):
        return f"<ProductGroup {self.code} {self.name}>"


class Product(db.Model):
    """Something a producer sells; whether a buyer may see it is sellable()'s call."""

    id = db.Column(db.Integer, primary_key=True)
    seller_id = db.Column(db.Integer, db.ForeignKey("seller.id"), nullable=False, index=True)
    slug = db.Column(db.String(160), nullable=False, unique=True)
    name = db.Column(db.String(300), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    group_id = db.Column(db.Integer, db.ForeignKey("product_group.id"), nullable=False)
    subgroup_id = db.Column(db.Integer, db.ForeignKey("product_group.id"), nullable=True)
    price_vnd = db.Column(db.Integer, nullable=True)
    unit = db.Column(db.String(40), nullable=False, default="sản phẩm")
    image = db.Column(db.String(200), nullable=True)
    published = db.Column(db.Boolean, nullable=False, default=False)
    # The latest decision on this product (verified or revoked), kept by the certificate
    # services; sellable() asks whether it is in force today. See shop/catalog/sellable.py.
    current_certificate_id = db.Column(
        db.Integer, db.ForeignKey("certificate.id", use_alter=True, ondelete="SET NULL"), nullable=True)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
    # The producer is warned on /seller/stock when available units fall to this many (0: only when none are left).
    low_stock_at = db.Column(db.Integer, nullable=False, default=5, server_default="5")
    # Marked by the office: a local speciality (đặc sản địa phương) that is not OCOP. Outlets may sell it at the
    # counter, labelled so; it is never shown as OCOP, and sellable() does not look at it.
    local_speciality = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # Its GTIN-13 (EAN-13 barcode), 13 digits with a valid GS1 check digit (shop/catalog/gtin.py), if it has one.
    gtin = db.Column(db.String(13), nullable=True, unique=True, index=True)  # a unique index: SQLite adds it

    seller = db.relationship("Seller")
    group = db.relationship("ProductGroup", foreign_keys=[group_id])
    subgroup = db.relationship("ProductGroup", foreign_keys=[subgroup_id])
    certificates = db.relationship("Certificate", back_populates="product", foreign_keys="Certificate.product_id",
                                   order_by="Certificate.id")  # as recorded: the first is the first decision on file
    current_certificate = db.relationship("Certificate", foreign_keys=[current_certificate_id], post_update=True)

    __table_args__ = (
        db.CheckConstraint("price_vnd IS NULL OR price_vnd > 0", name="price_positive"),
        db.CheckConstraint("NOT published OR price_vnd IS NOT NULL", name="published_has_price"),
        db.UniqueConstraint("seller_id", "name", name="uq_product_seller_name"),
    )

    def runs_low(self, available: int) -> bool:
        """True when `available` units are at or below the producer's low-stock warning."""
        return available <= self.low_stock_at

    def __repr__(self):
        return f"<Product {self.slug}>"
