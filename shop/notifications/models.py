"""Notification: a message for one user, read in the app at /account/notifications."""
from sqlalchemy import func

from shop.extensions import db


class Notification(db.Model):
    """A message to a user; `key` makes a repeated job (the daily expiry check) say each thing once."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    kind = db.Column(db.String(30), nullable=False)
    text = db.Column(db.Text, nullable=False)
    link = db.Column(db.String(300), nullable=True)
    key = db.Column(db.String(120), nullable=True)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())
    read_at = db.Column(db.DateTime(timezone=True), nullable=True)

    __table_args__ = (
        db.UniqueConstraint("user_id", "key", name="uq_notification_user_id"),
        db.Index("ix_notification_user_unread", "user_id", "read_at"),
    )
