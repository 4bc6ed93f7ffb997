"""Reading transfers: one by number for whoever may see it, lists to page through, units in transit.

A producer sees only its own transfers (its units, wherever they go); outlet staff only those to or from
their outlets. A transfer someone may not see is simply not found (the page answers 404).
"""
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from shop.extensions import db
from shop.inventory.models import Location
from shop.transfers.models import Transfer, TransferEvent, TransferLine

_WHOLE = (selectinload(Transfer.lines).selectinload(TransferLine.product), selectinload(Transfer.source),
          selectinload(Transfer.destination), selectinload(Transfer.events).selectinload(TransferEvent.user))


def transfer_of_producer(number: str, seller_id: int) -> Transfer | None:
    """The producer's transfer with this number (as typed: case and spaces forgiven), or None."""
    return db.session.scalar(select(Transfer).where(Transfer.number == _normal(number),
                                                    Transfer.seller_id == seller_id).options(*_WHOLE))


def transfer_at_outlets(number: str, location_ids) -> Transfer | None:
    """The transfer with this number to or from one of these outlets, or None."""
    return db.session.scalar(select(Transfer).where(Transfer.number == _normal(number), _touches(location_ids))
                             .options(*_WHOLE))


def producer_transfers(seller_id: int, states=None):
    """The producer's transfers, newest first (only those in `states` if given), as a query to page through."""
    query = select(Transfer).where(Transfer.seller_id == seller_id)
    return _listed(query, states)


def outlet_transfers(location_ids, states=None):
    """Transfers to or from these outlets, newest first (only those in `states` if given), to page through."""
    return _listed(select(Transfer).where(_touches(location_ids)), states)


def outlet_inbox(location_id: int):
    """One outlet's transfers to page through: those arriving to receive first, then its requests (and the
    transfers being prepared for it), its returns on the way back, then the received and cancelled; newest first."""
    section = case((Transfer.state == "sent", case((Transfer.destination_id == location_id, 0), else_=2)),
                   (Transfer.state.in_(("requested", "draft")), 1), else_=3)
    query = select(Transfer).where(_touches([location_id]))
    return (_listed(query, None).options(selectinload(Transfer.seller))
            .order_by(None).order_by(section, Transfer.created_at.desc(), Transfer.id.desc()))


def arriving(location_ids) -> dict[int, int]:
    """Transfers sent to each of these outlets and not yet received: {location id: how many}."""
    rows = db.session.execute(select(Transfer.destination_id, func.count()).where(
        Transfer.destination_id.in_(location_ids), Transfer.state == "sent").group_by(Transfer.destination_id))
    return dict(rows.all())


def in_transit(seller_id: int, product_ids) -> dict[int, int]:
    """Units of each product sent and not yet received or cancelled, either way: {product id: units}."""
    rows = db.session.execute(select(TransferLine.product_id, func.sum(TransferLine.quantity))
                              .join(TransferLine.transfer)
                              .where(Transfer.seller_id == seller_id, Transfer.state == "sent",
                                     TransferLine.product_id.in_(product_ids))
                              .group_by(TransferLine.product_id))
    return dict(rows.all())


def waiting_for_producer(seller_id: int) -> dict[str, int]:
    """What waits for the producer: outlets' requests to take up, and returns sent back to receive."""
    returning = select(Location.id).where(Location.kind != "warehouse")
    waiting = select(func.count()).select_from(Transfer).where(Transfer.seller_id == seller_id)
    return {"requested": db.session.scalar(waiting.where(Transfer.state == "requested")),
            "returns": db.session.scalar(waiting.where(Transfer.state == "sent", Transfer.source_id.in_(returning)))}


def _touches(location_ids):
    return or_(Transfer.source_id.in_(location_ids), Transfer.destination_id.in_(location_ids))


def _listed(query, states):
    if states:
        query = query.where(Transfer.state.in_(states))
    return (query.options(selectinload(Transfer.lines), selectinload(Transfer.source),
                          selectinload(Transfer.destination))
            .order_by(Transfer.created_at.desc(), Transfer.id.desc()))


def _normal(number: str) -> str:
    return "".join(number.split()).upper()


def arriving_at(location_id: int) -> list[Transfer]:
    """The transfers sent to this outlet and not yet received, oldest first (the first to unpack)."""
    return list(db.session.scalars(_listed(select(Transfer).where(Transfer.destination_id == location_id), ["sent"])
                                   .options(selectinload(Transfer.seller)).order_by(None)
                                   .order_by(Transfer.created_at, Transfer.id)))
