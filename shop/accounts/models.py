"""The User account; roles come from memberships, outlet staff rows and the is_office flag."""
from flask_login import UserMixin
from sqlalchemy import func

from shop.extensions import db


class User(UserMixin, db.Model):
    """A person with a login: buyer, producer member, outlet staff or office clerk (one person may be several)."""

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    password_hash = db.Column(db.String(255), nullable=True)
    name = db.Column(db.String(200), nullable=False, default="")
    phone = db.Column(db.String(20), nullable=True)
    locale = db.Column(db.String(5), nullable=False, default="vi")
    is_office = db.Column(db.Boolean, nullable=False, default=False)
    is_active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())

    memberships = db.relationship("SellerMember", back_populates="user")
    outlet_posts = db.relationship("OutletStaff", back_populates="user")

    __table_args__ = (db.CheckConstraint("email = lower(email)", name="email_lower"),)

    def get_id(self) -> str:
        """The session's user reference; it stops matching when the password changes (other sessions end)."""
        return f"{self.id}-{(self.password_hash or '')[-12:]}"

    def membership_of(self, seller_id: int):
        """This user's SellerMember row for a producer, or None."""
        return next((m for m in self.memberships if m.seller_id == seller_id), None)

    def __repr__(self):
        return f"<User {self.email}>"
