"""Notification verbs: tell a user something once (by key), tell a producer's members or an outlet's staff,
count and mark what is unread."""
from flask_babel import force_locale
from sqlalchemy import func, select, update

from shop.clock import now
from shop.extensions import db
from shop.inventory.models import OutletStaff
from shop.notifications.models import Notification
from shop.sellers.models import SellerMember


def notify(user_id: int, kind: str, text: str, *, link: str | None = None, key: str | None = None) -> bool:
    """Add a notification unless this user already has one with `key`; True if one was added."""
    if key is not None and db.session.scalar(select(Notification.id).where(
            Notification.user_id == user_id, Notification.key == key)) is not None:
        return False
    db.session.add(Notification(user_id=user_id, kind=kind, text=text, link=link, key=key))
    db.session.flush()
    return True


def tell_producer(seller_id: int, kind: str, message, *, link: str | None = None) -> None:
    """Notify every member of a producer, in Vietnamese (whoever acted may be working in English)."""
    _tell(select(SellerMember.user_id).where(SellerMember.seller_id == seller_id), kind, message, link)


def tell_outlet(location_id: int, kind: str, message, *, link: str | None = None) -> None:
    """Notify every member of an OCOP outlet's staff, in Vietnamese."""
    _tell(select(OutletStaff.user_id).where(OutletStaff.location_id == location_id), kind, message, link)


def _tell(user_ids, kind: str, message, link: str | None) -> None:
    with force_locale("vi"):
        text = str(message)
    for user_id in db.session.scalars(user_ids):
        notify(user_id, kind, text, link=link)


def unread_count(user_id: int) -> int:
    """How many of this user's notifications are unread."""
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)))


def notifications_of(user_id: int, page: int, per_page: int = 20):
    """A page of this user's notifications, newest first."""
    return db.paginate(select(Notification).where(Notification.user_id == user_id)
                       .order_by(Notification.created_at.desc(), Notification.id.desc()),
                       page=page, per_page=per_page, error_out=False)


def mark_all_read(user_id: int) -> None:
    """Mark every unread notification of this user as read."""
    db.session.execute(update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
                       .values(read_at=now()))
