"""Seller (an OCOP producer organisation) and its members."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.ext.hybrid import hybrid_property

from shop.extensions import db, one_of

# Owner types of OCOP producers ("chủ thể OCOP"): a cooperative (HTX), a
# cooperative group (smaller and less formal than an HTX), a company, and a
# registered household business.
OWNER_TYPES = {
    "htx": _l("Hợp tác xã (HTX)"),
    "tht": _l("Tổ hợp tác"),
    "enterprise": _l("Doanh nghiệp"),
    "household": _l("Hộ sản xuất, kinh doanh có đăng ký"),
}
OWNER_TYPE_EXPLANATIONS = {
    "htx": _l("Tổ chức kinh tế tập thể do các thành viên tự nguyện thành lập để cùng sản xuất, kinh doanh."),
    "tht": _l("Nhóm từ hai cá nhân trở lên hợp tác theo hợp đồng; nhỏ và ít ràng buộc hơn hợp tác xã."),
    "enterprise": _l("Công ty đăng ký theo Luật Doanh nghiệp."),
    "household": _l("Hộ gia đình sản xuất, kinh doanh có đăng ký kinh doanh."),
}
# pending: waiting for the programme office; rejected: the office said why (the producer may correct and
# resubmit); verified: may sell; suspended: stopped by the office.
SELLER_STATUSES = ("pending", "verified", "rejected", "suspended")
STATUS_LABELS = {"pending": _l("Chờ xác minh"), "verified": _l("Đã xác minh"), "rejected": _l("Bị từ chối"),
                 "suspended": _l("Tạm dừng")}
# Enterprise size (Decree 80/2021): micro, small and medium make an SME; None until the producer or office says.
ENTERPRISE_SIZES = {"micro": _l("Siêu nhỏ"), "small": _l("Nhỏ"), "medium": _l("Vừa"), "large": _l("Lớn")}
SME_SIZES = ("micro", "small", "medium")
# Modern sales channels a producer declares (selling on this shop counts without declaring it).
SALES_CHANNELS = {"supermarket": _l("Chuỗi siêu thị"), "ecommerce": _l("Sàn thương mại điện tử"),
                  "website": _l("Trang web riêng"), "facebook": _l("Facebook"), "zalo": _l("Zalo"),
                  "export": _l("Xuất khẩu")}
MEMBER_ROLES = ("owner", "staff")
ROLE_LABELS = {"owner": _l("Chủ cơ sở"), "staff": _l("Nhân viên")}


class Seller(db.Model):
    """A producer: HTX, tổ hợp tác, enterprise or registered household."""

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(120), nullable=False, unique=True)
    name = db.Column(db.String(300), nullable=False)
    name_key = db.Column(db.String(300), nullable=False)  # fold(name): matches "Sản xuất" to "sản xuất"
    owner_type = db.Column(db.String(20), nullable=False)
    tax_code = db.Column(db.String(20), nullable=True)
    province = db.Column(db.String(60), nullable=False)
    commune = db.Column(db.String(120), nullable=True)
    address = db.Column(db.String(300), nullable=True)
    phone = db.Column(db.String(20), nullable=True)
    status = db.Column(db.String(20), nullable=False, default="pending")
    status_reason = db.Column(db.Text, nullable=True)  # why the office rejected or suspended it
    registration_document = db.Column(db.String(200), nullable=True)  # media path of the uploaded licence
    shipping_fee_vnd = db.Column(db.Integer, nullable=True)  # flat fee per order; None: the shop's default
    free_shipping_over_vnd = db.Column(db.Integer, nullable=True)  # free from this subtotal on; None: never
    enterprise_size = db.Column(db.String(10), nullable=True)  # one of ENTERPRISE_SIZES; None: not said yet
    verified_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=True)
    verified_at = db.Column(db.DateTime(timezone=True), nullable=True)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())

    members = db.relationship("SellerMember", back_populates="seller")
    channels = db.relationship("SellerChannel", cascade="all, delete-orphan", order_by="SellerChannel.channel")

    __table_args__ = (
        db.CheckConstraint(one_of("owner_type", OWNER_TYPES), name="owner_type"),
        db.CheckConstraint(one_of("status", SELLER_STATUSES), name="status"),
        db.UniqueConstraint("name_key", "province", name="uq_seller_name_key_province"),
        db.CheckConstraint("shipping_fee_vnd >= 0 AND free_shipping_over_vnd > 0", name="shipping"),
        db.CheckConstraint("enterprise_size IS NULL OR " + one_of("enterprise_size", ENTERPRISE_SIZES),
                           name="enterprise_size"),
    )

    @hybrid_property
    def verified(self) -> bool:
        """Verified by the programme office (not pending, rejected or suspended): only then may it sell."""
        return self.status == "verified"

    @property
    def owner_type_label(self) -> str:
        return OWNER_TYPES[self.owner_type]

    @property
    def owner_type_explanation(self) -> str:
        return OWNER_TYPE_EXPLANATIONS[self.owner_type]

    def __repr__(self):
        return f"<Seller {self.slug}>"


class SellerChannel(db.Model):
    """A modern sales channel a producer declares it sells through (a supermarket chain, Zalo...)."""

    id = db.Column(db.Integer, primary_key=True)
    seller_id = db.Column(db.Integer, db.ForeignKey("seller.id"), nullable=False)
    channel = db.Column(db.String(20), nullable=False)

    __table_args__ = (
        db.CheckConstraint(one_of("channel", SALES_CHANNELS), name="channel"),
        db.UniqueConstraint("seller_id", "channel", name="uq_seller_channel_seller_channel"),
    )


class SellerMember(db.Model):
    """A user who runs a producer's shop, as its owner or as staff."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    seller_id = db.Column(db.Integer, db.ForeignKey("seller.id"), nullable=False)
    role = db.Column(db.String(10), nullable=False, default="staff")

    seller = db.relationship("Seller", back_populates="members")
    user = db.relationship("User", back_populates="memberships")

    __table_args__ = (
        db.UniqueConstraint("user_id", "seller_id", name="uq_seller_member_user_seller"),
        db.CheckConstraint(one_of("role", MEMBER_ROLES), name="role"),
    )


class SellerInvitation(db.Model):
    """An owner's invitation for someone to join the producer as staff; accepted once, by link."""

    id = db.Column(db.Integer, primary_key=True)
    seller_id = db.Column(db.Integer, db.ForeignKey("seller.id"), nullable=False, index=True)
    email = db.Column(db.String(254), nullable=False)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)  # sha256 of the emailed token
    invited_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
    accepted_at = db.Column(db.DateTime(timezone=True), nullable=True)

    seller = db.relationship("Seller")
