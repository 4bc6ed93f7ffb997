"""Transfer verbs: make, request, send, receive, cancel and return consignment transfers. Services flush;
views commit.

Each step moves the transfer's state with one conditional UPDATE (`_advance`): only the request that
finds the transfer still in the state the step starts from goes on, so a double click, a replay or a
cancel racing a receipt changes the units once. Units move only through the inventory verbs, in the
same transaction: sending takes them out of the source (they are in transit, available nowhere),
receiving writes them in at the destination and any shortfall out again as a loss, cancelling a sent
transfer writes them back into the source. Each step tells the other party.
"""
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from shop.catalog.sellable import is_certified
from shop.errors import Conflict, Invalid
from shop.extensions import db
from shop.inventory.services import StockRefused, arrive_stock, dispatch_stock, fulfilment_location
from shop.notifications.services import tell_outlet, tell_producer
from shop.text import reference_number
from shop.transfers.models import STATE_LABELS, Transfer, TransferEvent, TransferLine
from shop.transfers.pull_alerts import close_if_returned

MAX_LINES = 50  # products on one transfer: a van load, one sheet of paper
MAX_NOTE = 300  # characters of a note, as the transfer, its history and the ledger keep it


class TransferRefused(Conflict):
    """The transfer is not in a state this step starts from (already sent, received or cancelled)."""


class TransferInvalid(Invalid):
    """What was asked does not make a transfer: no lines, another producer's product, a shortfall unexplained."""


def create_transfer(seller, outlet, lines, *, note: str | None, user_id: int | None, today) -> Transfer:
    """A draft transfer of the producer's units from its warehouse to an outlet; `lines` are (product, units)."""
    source = fulfilment_location(lines[0][0]) if lines else None
    return _new_transfer(seller, source, outlet, lines, "draft", note=note, user_id=user_id, today=today)


def request_stock(outlet, lines, *, note: str | None, user_id: int | None, today) -> Transfer:
    """An outlet asks a producer for units of its products; the producer turns the request into a transfer."""
    if not lines:
        raise TransferInvalid(_l("Hãy chọn ít nhất một sản phẩm."))
    seller = lines[0][0].seller
    transfer = _new_transfer(seller, fulfilment_location(lines[0][0]), outlet, lines, "requested",
                             note=note, user_id=user_id, today=today)
    _tell(transfer, _l("%(outlet)s đề nghị chuyển %(units)s đơn vị hàng ký gửi (phiếu %(number)s).",
                       outlet=outlet.name, units=transfer.units, number=transfer.number), to="producer")
    return transfer


def accept_request(transfer: Transfer, *, user_id: int | None) -> Transfer:
    """The producer takes up an outlet's request: it becomes a draft transfer, ready to check and send."""
    _advance(transfer, ("requested",), "draft", user_id)
    _tell(transfer, _l("Nhà sản xuất đã nhận đề nghị %(number)s và đang chuẩn bị hàng.", number=transfer.number),
          to="outlet")
    return transfer


def send_transfer(transfer: Transfer, *, by: str, user_id: int | None, today) -> Transfer:
    """Send a draft, by its sender (`by`): its units leave the source at once (only while free) and are in transit."""
    _require_side(transfer, by, _sender(transfer))
    if not transfer.is_return:
        _require_certified(transfer.lines, today)
    _advance(transfer, ("draft",), "sent", user_id)
    for line in list(transfer.lines):
        try:
            sent = dispatch_stock(transfer.source, line.product, line.quantity, reference=transfer.number,
                                  user_id=user_id, batch=line.batch, fresh=not transfer.is_return)
        except StockRefused:
            raise StockRefused(_l("%(place)s không còn đủ %(units)s đơn vị %(name)s để gửi.",
                                  place=transfer.source.name, units=line.quantity, name=line.product.name)) from None
        _by_batch(transfer, line, sent)
    db.session.flush()
    _tell(transfer, _l("Phiếu %(number)s: %(units)s đơn vị đang được chuyển đến %(place)s.",
                       number=transfer.number, units=transfer.units, place=transfer.destination.name),
          to="producer" if transfer.is_return else "outlet")
    return transfer


def receive_transfer(transfer: Transfer, received: dict[int, int], *, by: str, note: str | None,
                     user_id: int | None) -> Transfer:
    """Receive a sent transfer once, by its receiver (`by`): {product id: units arrived} (absent: all); a
    shortfall needs a note."""
    _require_side(transfer, by, "producer" if transfer.is_return else "outlet")
    note = _kept(note)
    sent = {}
    for line in transfer.lines:  # a product sent in several batches is one count: its units in all of them
        sent[line.product_id] = sent.get(line.product_id, 0) + line.quantity
    counts = {product_id: received.get(product_id, units) for product_id, units in sent.items()}
    for line in transfer.lines:
        if not 0 <= counts[line.product_id] <= sent[line.product_id]:
            raise TransferInvalid(_l("%(name)s: số nhận từ 0 đến %(sent)s.", name=line.product.name,
                                     sent=sent[line.product_id]))
    short = sum(sent[product_id] - counts[product_id] for product_id in sent)
    if short and not note:
        raise TransferInvalid(_l("Nhận thiếu %(short)s đơn vị: hãy ghi lý do (thiếu, vỡ, hỏng...).", short=short))
    _advance(transfer, ("sent",), "received", user_id, note)
    for line in transfer.lines:  # the units arrived fill the product's lines in order (earliest best-before first)
        line.received = min(line.quantity, counts[line.product_id])
        counts[line.product_id] -= line.received
        arrive_stock(transfer.destination, line.product, line.quantity, received=line.received,
                     reference=transfer.number, user_id=user_id, note=note, batch=line.batch)
    message = (_l("Phiếu %(number)s đã được nhận đủ tại %(place)s.", number=transfer.number,
                  place=transfer.destination.name) if not short else
               _l("Phiếu %(number)s đã được nhận tại %(place)s, thiếu %(short)s đơn vị: %(note)s",
                  number=transfer.number, place=transfer.destination.name, short=short, note=note))
    _tell(transfer, message, to="outlet" if transfer.is_return else "producer")
    return transfer


def cancel_transfer(transfer: Transfer, *, by: str, user_id: int | None, note: str | None = None) -> Transfer:
    """Cancel before receipt, by the side allowed (`by`: "producer" or "outlet"); a sent transfer's units go back."""
    was, note = transfer.state, _kept(note)
    _advance(transfer, _cancellable_by(transfer, by), "cancelled", user_id, note)
    if was == "sent":
        for line in transfer.lines:
            arrive_stock(transfer.source, line.product, line.quantity, reference=transfer.number,
                         user_id=user_id, note=note, batch=line.batch)
    _tell(transfer, _l("Phiếu %(number)s đã bị huỷ.", number=transfer.number),
          to="outlet" if by == "producer" else "producer")
    return transfer


def return_stock(outlet, product, quantity: int, *, note: str | None, user_id: int | None, today,
                 batch=None) -> Transfer:
    """An outlet sends a producer's units back: a transfer to its warehouse, sent at once, received by the producer;
    its units are `batch`'s if named, else FEFO (a batch past its best-before first)."""
    if not _kept(note):
        raise TransferInvalid(_l("Hãy ghi lý do trả hàng."))
    transfer = _new_transfer(product.seller, outlet, fulfilment_location(product), [(product, quantity)], "draft",
                             note=note, user_id=user_id, today=today)
    transfer.lines[0].batch = batch
    send_transfer(transfer, by="outlet", user_id=user_id, today=today)
    close_if_returned(outlet, product, today)  # the outlet's pull alert on it, once none of its units are left
    return transfer


def _by_batch(transfer: Transfer, line: TransferLine, sent) -> None:
    """The line carries the batch its units were drawn from; units drawn from several batches (FEFO) become
    one line per batch."""
    first, *more = sent
    line.batch, line.quantity = first.batch, -first.delta
    for movement in more:
        transfer.lines.append(TransferLine(product=line.product, batch=movement.batch, quantity=-movement.delta))


def _cancellable_by(transfer: Transfer, by: str) -> tuple[str, ...]:
    """The states from which `by` may cancel: the sender may take back a draft or a sent transfer."""
    return ("requested", "draft", "sent") if by == _sender(transfer) else ("requested",)


def _sender(transfer: Transfer) -> str:
    """Which side sends the transfer's units: the outlet for a return, else the producer."""
    return "outlet" if transfer.is_return else "producer"


def _require_side(transfer: Transfer, by: str, side: str) -> None:
    if by != side:
        raise TransferRefused(_l("Bước này của phiếu %(number)s do bên kia thực hiện.", number=transfer.number))


def _new_transfer(seller, source, destination, lines, state: str, *, note, user_id, today) -> Transfer:
    merged = _merged(seller, lines)
    transfer = Transfer(number=reference_number("CK", today), seller_id=seller.id, source=source,
                        destination=destination, state=state, note=_kept(note),
                        lines=[TransferLine(product=product, quantity=units) for product, units in merged.items()])
    db.session.add(transfer)
    transfer.events.append(TransferEvent(state=state, user_id=user_id, note=transfer.note))
    db.session.flush()
    return transfer


def _kept(note: str | None) -> str | None:
    """A note as kept: trimmed, None when empty; one longer than MAX_NOTE is refused (nothing is written)."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise TransferInvalid(_l("Ghi chú tối đa %(max)s ký tự.", max=MAX_NOTE))
    return note or None


def _merged(seller, lines) -> dict:
    """{product: units}, a product named twice counted once with both quantities; each the producer's own."""
    merged = {}
    for product, units in lines:
        if product.seller_id != seller.id:
            raise TransferInvalid(_l("%(name)s không phải sản phẩm của nhà sản xuất này.", name=product.name))
        if units < 1:
            raise TransferInvalid(_l("%(name)s: số lượng ít nhất là 1.", name=product.name))
        merged[product] = merged.get(product, 0) + units
    if not merged:
        raise TransferInvalid(_l("Hãy chọn ít nhất một sản phẩm."))
    if len(merged) > MAX_LINES:
        raise TransferInvalid(_l("Một phiếu có tối đa %(max)s sản phẩm.", max=MAX_LINES))
    return merged


def _require_certified(lines, today) -> None:
    """Only units of products with a certificate in force go out to an OCOP outlet."""
    for line in lines:
        if not is_certified(line.product, today):
            raise TransferRefused(_l("%(name)s chưa có hoặc đã hết hiệu lực chứng nhận OCOP: không gửi ra điểm bán.",
                                     name=line.product.name))


def _advance(transfer: Transfer, starts: tuple[str, ...], state: str, user_id: int | None,
             note: str | None = None) -> None:
    """Move the transfer to `state` only if it is still in one of `starts` (one conditional UPDATE decides)."""
    moved = db.session.execute(update(Transfer).where(Transfer.id == transfer.id, Transfer.state.in_(starts))
                               .values(state=state).execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        db.session.refresh(transfer)
        raise TransferRefused(_l("Phiếu %(number)s đang ở trạng thái \u201c%(state)s\u201d: không thể làm bước này.",
                                 number=transfer.number, state=STATE_LABELS[transfer.state]))
    transfer.state = state
    transfer.events.append(TransferEvent(state=state, user_id=user_id, note=(note or "").strip() or None))
    db.session.flush()


def _tell(transfer: Transfer, message, *, to: str) -> None:
    """Notify the other party — `to` the "outlet"'s staff or the "producer"'s members — with a link to its page."""
    urls = current_app.url_map.bind("")  # also outside a request
    if to == "producer":
        tell_producer(transfer.seller_id, "transfer", message,
                      link=urls.build("seller.transfers.transfer", {"number": transfer.number}))
    else:
        tell_outlet(transfer.outlet.id, "transfer", message,
                    link=urls.build("outlet_transfers.transfer", {"number": transfer.number}))
