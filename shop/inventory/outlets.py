"""The programme office's verbs on OCOP outlets (sales points and centres) and the staff who work there.
Services flush; views commit."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from shop.errors import Conflict
from shop.extensions import db
from shop.inventory.models import Location, OutletStaff
from shop.slugs import unique_slug

OUTLET_FIELDS = ("kind", "name", "province", "commune", "old_district", "address", "opening_hours", "phone",
                 "bank_bin", "bank_account", "bank_account_name")


class OutletRefused(Conflict):
    """A staff change that does not fit who already works at the outlet; the message says why."""


def find_outlet(slug: str) -> Location | None:
    """The OCOP outlet with this slug (never a producer's warehouse), or None."""
    return db.session.scalar(select(Location).where(Location.slug == slug, Location.kind != "warehouse"))


def outlets():
    """Every OCOP outlet, by province then name, as a query to page through."""
    return select(Location).where(Location.kind != "warehouse").order_by(Location.province, Location.name,
                                                                          Location.id)


def create_outlet(**fields) -> Location:
    """A new outlet with a slug made from its name; the slug never changes after."""
    outlet = Location(slug=unique_slug(Location, fields["name"], max_length=160))
    return update_outlet(outlet, **fields)


def update_outlet(outlet: Location, **fields) -> Location:
    """Set the outlet's kind, name, place, opening hours, phone and bank account (empty text is kept as none)."""
    for name in OUTLET_FIELDS:
        setattr(outlet, name, fields.get(name) or None)
    db.session.add(outlet)
    db.session.flush()
    return outlet


def assign_staff(outlet: Location, user) -> OutletStaff:
    """Let `user` work at the outlet: see its stock room and move its stock."""
    if db.session.scalar(select(OutletStaff.id).where(OutletStaff.location_id == outlet.id,
                                                      OutletStaff.user_id == user.id)):
        raise OutletRefused(_l("%(email)s đã là nhân viên của điểm bán này.", email=user.email))
    post = OutletStaff(user_id=user.id, location_id=outlet.id)
    db.session.add(post)
    db.session.flush()
    return post


def remove_staff(outlet: Location, staff_id: int | None):
    """Take a member of staff (their OutletStaff row's id) off the outlet; their account stays, and is returned."""
    post = db.session.get(OutletStaff, staff_id) if staff_id else None
    if post is None or post.location_id != outlet.id:
        raise OutletRefused(_l("Người này không phải nhân viên của điểm bán này."))
    user = post.user
    db.session.delete(post)
    db.session.flush()
    return user


def staff_of(outlet: Location) -> list[OutletStaff]:
    """The outlet's staff, in the order their accounts were made."""
    return list(db.session.scalars(select(OutletStaff).where(OutletStaff.location_id == outlet.id)
                                   .order_by(OutletStaff.user_id)))


def staff_counts(places) -> dict[int, int]:
    """How many people work at each of `places`, by location id (absent: none)."""
    ids = [place.id for place in places]
    return dict(db.session.execute(select(OutletStaff.location_id, func.count()).where(
        OutletStaff.location_id.in_(ids)).group_by(OutletStaff.location_id)).all())
