"""Producer onboarding: apply, be verified or rejected by the office, invite staff. Services flush; views commit."""
import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from shop.clock import now
from shop.errors import Conflict
from shop.extensions import db
from shop.sellers.models import Seller, SellerInvitation, SellerMember
from shop.sellers.services import find_seller
from shop.slugs import unique_slug
from shop.text import fold

PROFILE_FIELDS = ("name", "owner_type", "tax_code", "province", "commune", "address", "phone")
INVITATION_DAYS = 7


class OnboardingError(Conflict):
    """A request the producer's state refuses (a name taken, not yet verified, another's invitation); shown to
    the person."""


def apply_as_producer(user, document: str | None, **profile) -> Seller:
    """Register a producer organisation, pending the office's check, with `user` as its owner."""
    if find_seller(profile["name"], profile["province"]) is not None:
        raise OnboardingError(_l("Cơ sở có tên này ở tỉnh này đã có trên Chợ OCOP. "
                                 "Nếu đó là cơ sở của bạn, hãy liên hệ Văn phòng OCOP tỉnh để được giao quản lý."))
    seller = Seller(slug=unique_slug(Seller, profile["name"]), name_key=fold(profile["name"]), status="pending",
                    registration_document=document, **profile)
    db.session.add(seller)
    db.session.add(SellerMember(user=user, seller=seller, role="owner"))
    db.session.flush()
    return seller


def resubmit(seller: Seller, document: str | None, **profile) -> None:
    """Correct a rejected (or still pending) application and send it back to the office's queue."""
    if seller.status not in ("pending", "rejected"):
        raise OnboardingError(_l("Hồ sơ đã được duyệt; liên hệ Văn phòng OCOP để sửa thông tin."))
    other = find_seller(profile["name"], profile["province"])
    if other is not None and other.id != seller.id:
        raise OnboardingError(_l("Cơ sở có tên này ở tỉnh này đã có trên Chợ OCOP."))
    for name, value in profile.items():
        setattr(seller, name, value)
    seller.name_key = fold(seller.name)
    seller.registration_document = document or seller.registration_document
    seller.status, seller.status_reason = "pending", None
    db.session.flush()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_staff(seller: Seller, email: str, invited_by) -> str:
    """Record an invitation to join `seller` as staff; returns the secret token for the emailed link.

    Only a verified producer invites: otherwise anyone could apply and use the shop to mail strangers.
    """
    if seller.status != "verified":
        raise OnboardingError(_l("Cơ sở cần được Văn phòng OCOP xác minh trước khi mời nhân viên."))
    token = secrets.token_urlsafe(32)
    db.session.add(SellerInvitation(seller=seller, email=email.strip().lower(), token_hash=_token_hash(token),
                                    invited_by_id=invited_by.id))
    db.session.flush()
    return token


def open_invitation(token: str) -> SellerInvitation | None:
    """The unused, unexpired (7 days) invitation this token belongs to, or None."""
    return db.session.scalar(select(SellerInvitation).where(
        SellerInvitation.token_hash == _token_hash(token), SellerInvitation.accepted_at.is_(None),
        SellerInvitation.created_at >= now() - timedelta(days=INVITATION_DAYS)))


def accept_invitation(invitation: SellerInvitation, user) -> SellerMember:
    """Make `user` staff of the inviting producer (a member already keeps their role); the link is used up."""
    if user.email != invitation.email:
        raise OnboardingError(_l("Lời mời này gửi tới %(email)s; hãy đăng nhập bằng email đó.",
                                 email=invitation.email))
    invitation.accepted_at = now()
    member = user.membership_of(invitation.seller_id)
    if member is None:
        member = SellerMember(user=user, seller_id=invitation.seller_id, role="staff")
        db.session.add(member)
    db.session.flush()
    return member
