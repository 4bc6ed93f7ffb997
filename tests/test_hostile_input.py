"""The hostile-input sweep: every route of the URL map, opened by the person it is for, with poisoned
path segments, query strings and form fields — a page or a 4xx, never a 500, on SQLite and PostgreSQL.

Routes come from the URL map and form fields from the pages that hold the forms, so a page or a
field added tomorrow is swept the day it is added. Forms are posted with their CSRF token and
otherwise valid values, one poisoned field at a time, so each field really reaches its validators.
"""
import os
import re
from dataclasses import fields
from datetime import date, timedelta
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import quote

import pytest
from werkzeug.datastructures import FileStorage

from shop import create_app
from shop.accounts.services import reset_token
from shop.catalog.filters import ProductFilters
from shop.clock import now, today
from shop.counter.services import find_on_shelf, sell
from shop.counts.services import save_count
from shop.extensions import db
from shop.inventory.services import find_or_make_batch, receive_stock
from shop.notifications.services import notify
from shop.office.list_imports import stage_list
from shop.orders.cart import new_cart_token, open_cart, set_quantity
from shop.orders.fulfilment import confirm
from shop.sellers.models import SellerMember
from shop.sellers.onboarding import invite_staff
from shop.settlements.services import set_rate
from shop.stamps.services import order_stamps
from shop.transfers.pull_alerts import review_due
from shop.transfers.services import create_transfer, request_stock, return_stock, send_transfer
from tests.accounts.support import PASSWORD, make_user
from tests.certification.test_importer import GOOD_ROWS as IMPORT_ROWS
from tests.certification.test_importer import HEADER as IMPORT_HEADER
from tests.factories import make_certificate, make_order, make_outlet, make_product, make_seller
from tests.support.files import PDF, png_bytes

# Each poison as it travels in a URL or a form body (percent-encoded UTF-8, or bytes that are not UTF-8).
HOSTILE = {
    "nul": quote("A\x00B"),
    "controls and noncharacters": quote("\x01\x1b[2J\x7f\x85\ufdd0\ufffe\U0010ffff"),
    "line breaks": quote("a\r\nb\tc"),
    "10,000 characters": quote("a" * 9_999 + "ẫ"),
    "odd Unicode": quote("\u202egpj.exe 👩\u200d🌾 a\u0301\u0302\u200b"),
    "full-width digits": quote("０９１２３４５６７８"),
    "lone surrogate, bad UTF-8": "%ED%A0%80%FF%C0%AF",
}
GTIN = "8934563138165"
QUERY_KEYS = (*(field.name for field in fields(ProductFilters)), "page", "per_page", "status", "state", "rows", "kind",
              "product", "quantity", "format", "table", "next", "back", "endpoint", "_scheme", "_anchor", "_external",
              "_method", "as_of", "commune", "expiring_within", "within")  # url_for reads; the office's filters
# A plausible value for each text field the forms ask for (hidden and chosen values come from the page).
VALID = {"name": "Trần Văn Minh", "email": "minh@example.vn", "phone": "0912345678", "password": PASSWORD,
         "confirm": PASSWORD, "current": PASSWORD, "commune": "Phường Hoàn Kiếm", "address": "12 Hàng Bạc",
         "tax_code": "4600123457", "quantity": "1", "price_vnd": "150000", "unit": "hộp 200 g",
         "description": "Chè búp\nhái tay", "decision_number": "7/QĐ-UBND", "decision_date": "2026-03-01",
         "authority": "UBND tỉnh Thái Nguyên", "score": "80", "reason": "Hồ sơ thiếu\ntrang 2",
         "carrier": "VNPost", "tracking_number": "VN123456", "shipping_fee_vnd": "20000",
         "free_shipping_over_vnd": "500000", "counted": "3", "low_stock_at": "5", "opening_stock": "10",
         "gtin": GTIN}
# The page whose form posts to each POST-only route.
FORM_PAGE = {
    "orders.cart_add": "catalog.product", "orders.cart_update": "orders.cart", "accounts.logout": "accounts.profile",
    "notifications.read_all": "notifications.inbox", "seller.products.publish": "seller.products.products",
    "seller.dashboard.switch": "seller.dashboard.home", "seller.orders.move": "seller.orders.part",
    "office.decide_certificate": "office.certificate",
    "office.verify_producer": "office.producer", "office.reject_producer": "office.producer",
    "seller.stock.receive": "seller.stock.stock", "seller.stock.count": "seller.stock.stock",
    "seller.stock.warning": "seller.stock.stock",
    "office.outlets.assign_staff": "office.outlets.outlet", "office.outlets.remove_staff": "office.outlets.outlet",
    "seller.transfers.create": "seller.transfers.new_transfer", "seller.transfers.accept": "seller.transfers.transfer",
    "seller.transfers.send": "seller.transfers.transfer", "seller.transfers.cancel": "seller.transfers.transfer",
    "seller.transfers.receive": "seller.transfers.transfer",
    "outlet_transfers.receive": "outlet_transfers.transfer", "outlet_transfers.cancel": "outlet_transfers.transfer",
    "outlet_transfers.return_units": "outlet.stock", "outlet_transfers.request_units": "outlet_transfers.new_request",
    "outlet_sales.sell": "outlet_sales.new_sale", "outlet_sales.void": "outlet_sales.receipt",
    "outlet.set_price": "outlet.stock", "office.speciality": "office.product", "office.gtin": "office.product",
    "office.settlements.mark_paid": "office.settlements.settlements",
    "office.outlets.commission": "office.outlets.outlet", "office.correct_channels": "office.producer",
    "outlet_counts.save": "outlet_counts.sheet", "outlet.set_line_minimum": "outlet.stock",
    "office.imports.upload": "office.imports.imports", "office.imports.confirm": "office.imports.preview",
    "office.expiring.remind": "office.expiring.expiring", "office.targets.save": "office.targets.targets",
    "stamps.province": "stamps.stamp", "seller.stamps.order": "seller.stamps.batch",
    "seller.stamps.void": "seller.stamps.batch",
}
NO_FORM = {"webhooks.stripe_events"}  # Stripe posts signed JSON; it has no page
ANONYMOUS = {"accounts.login", "accounts.register", "accounts.reset_request", "accounts.reset"}


def _endpoints() -> list[str]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "sweep", "TESTING": True})
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()})


class _Forms(HTMLParser):
    """The forms of a page: {action: {field name: value as the page fills it in}}."""

    def __init__(self, html: str, url: str):
        super().__init__()
        self.url, self.forms, self._fields, self._select = url, {}, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._fields = self.forms.setdefault(attrs.get("action") or self.url, {})  # no action: the page itself
        elif self._fields is not None and tag in ("input", "select", "textarea") and attrs.get("name"):
            self._fields.setdefault(attrs["name"], attrs.get("value") or "")
            self._select = attrs["name"] if tag == "select" else None
        elif tag == "option" and self._select and attrs.get("value") and not self._fields[self._select]:
            self._fields[self._select] = attrs["value"]  # the first real choice

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None


def _role(rule) -> str:
    """Who opens the route: the office its pages, a producer's owner the workspace, outlet staff their outlet's,
    nobody the login forms."""
    if rule.endpoint in ANONYMOUS:
        return "anonymous"
    areas = (("/office/", "office"), ("/seller/", "member"), ("/outlet/", "outlet"))  # not /outlets: a buyer's
    return next((role for prefix, role in areas if f"{rule.rule}/".startswith(prefix)), "buyer")


def _visitor(app, role: str):
    """A client signed in as `role` (a buyer, a producer's owner, the office, outlet staff, or nobody) in a small
    shop whose every object exists, and the values for each route's path, so the pages behind the routes really run."""
    user = make_user("nguoi@example.vn", office=role == "office")
    seller, pending = make_seller(), make_seller("HTX Mật Ong Bắc Kạn", province="Bắc Kạn", status="pending")
    seller.registration_document = pending.registration_document = _file(app, "private/registrations/a.pdf", PDF)
    product = make_product("Chè Tân Cương", seller=seller)
    product.image = _file(app, "media/products/a.png", png_bytes())
    product.gtin = GTIN  # its GS1 Digital Link page and trace exist
    certificate = make_certificate(make_product("Chè búp", seller=seller, certificate=False), status="pending")
    order = make_order((product, 1))
    order.user_id = user.id
    confirm(order.parts[0])
    set_quantity(open_cart(user.id, new_cart_token()), product, 1, today())
    notify(user.id, "welcome", "Xin chào")
    if role == "member":
        db.session.add_all([SellerMember(user=user, seller=s, role="owner") for s in (seller, pending)])
    # The office gets a post too, so that the outlet page shows a staff row to remove.
    outlet = make_outlet(staff=[user] if role in ("outlet", "office") else [], stock=[(product, 3)])
    sale = sell(outlet, [(find_on_shelf(outlet, product.slug), 1, None)], payment="transfer", user_id=None,  # 2 left
                today=today())
    outlet.bank_bin, outlet.bank_account = "970415", "113366668888"  # the receipt shows its VietQR code
    transfers = _transfers(seller, product, outlet)
    _lapsed_at(outlet, seller)
    set_rate(outlet, None, 1000)  # the office's settlements page offers to mark the outlet's settlement paid
    count = save_count(outlet, [], note=None, user_id=None)  # the outlet's open stock count
    batch = find_or_make_batch(product, "L1", today(), today() + timedelta(days=90))
    stamps = order_stamps(seller.id, batch, 2, user_id=user.id, at=now())  # a stamp sheet, and /s/<serial>
    values = {"slug": product.slug, "code": certificate.code, "decision": "reject", "number": order.number,
              "seller_id": pending.id, "part_id": order.parts[0].id, "step": "ship",
              "name": seller.registration_document, "media.file.name": product.image, "filename": "css/shop.css",
              "i18n.set_language.code": "en", "token": invite_staff(seller, user.email, user),
              "accounts.reset.token": reset_token(user), "outlet": outlet.slug, "province": "Hà Nội",
              "outlets.outlet.slug": outlet.slug, "api.outlet_stock.slug": outlet.slug, "sale": sale.number,
              "count": count.id, "gtin": f"0{GTIN}", "batch": "L-1", **transfers,
              "batch_id": batch.id, "order_id": stamps.id, "page": 1, "serial": stamps.stamps[0].serial}
    values["file_format"] = "csv"  # /office/certificates.csv, the list `ocop import` reads back
    if role == "outlet":
        values |= _outlet_transfers(outlet, product)
    if role == "office":
        values |= _office_lists(user) | {"office.targets.targets?": "province=H%C3%A0%20T%C4%A9nh&year=2026"}
    db.session.commit()
    client = app.test_client()
    if role != "anonymous":
        with client.session_transaction() as session:  # as the login form would leave it, without its slow hash
            session.update({"_user_id": user.get_id(), "_fresh": True, "seller_id": seller.id})
    return client, values


def _transfers(seller, product, outlet) -> dict:
    """A transfer for each step of the producer's transfer page: {"<endpoint>.number": its number}."""
    asked = request_stock(outlet, [(product, 1)], note=None, user_id=None, today=today())
    draft = create_transfer(seller, outlet, [(product, 1)], note=None, user_id=None, today=today())
    back = return_stock(outlet, product, 1, note="Bán chậm", user_id=None, today=today())
    steps = {"transfer": draft, "send": draft, "cancel": draft, "accept": asked, "receive": back}
    return {"<transfer_number>": draft.number,  # any other route naming a transfer
            **{f"seller.transfers.{step}.number": made.number for step, made in steps.items()}}


def _lapsed_at(outlet, seller) -> None:
    """A product whose certificate expired on the outlet's shelf, so the alerts pages list a pull alert."""
    lapsed = make_product("Mật ong hết hạn", seller=seller, decision_date=date(2022, 1, 1), stock=0)
    receive_stock(outlet, lapsed, 2, reason="receipt")
    review_due(today())


def _outlet_transfers(outlet, product) -> dict:
    """A transfer sent to the outlet (its page has the receive form) and a request of the outlet's (it may
    withdraw it), each route's number; the request form's page names a product in its query."""
    arriving = create_transfer(product.seller, outlet, [(product, 1)], note=None, user_id=None, today=today())
    send_transfer(arriving, by="producer", user_id=None, today=today())
    asked = request_stock(outlet, [(product, 1)], note=None, user_id=None, today=today())
    return {"outlet_transfers.transfer.number": arriving.number, "outlet_transfers.receive.number": arriving.number,
            "outlet_transfers.cancel.number": asked.number, "outlet_transfers.new_request?": f"product={product.slug}"}


def _office_lists(user) -> dict:
    """An official list uploaded and waiting for confirmation, and a certificate expiring in 20 days (the
    expiring list offers to remind its producer): each route's value."""
    upload = FileStorage(BytesIO(("\n".join([IMPORT_HEADER, IMPORT_ROWS[2]]) + "\n").encode()), filename="ds.csv")
    staged = stage_list(upload, user)
    reachable = make_seller("HTX Miến Dong", province="Thái Nguyên")  # someone speaks for it here: it can be reminded
    db.session.add(SellerMember(user=make_user("chu-mien@example.vn"), seller=reachable, role="owner"))
    expiring = make_product("Miến dong", seller=reachable, decision_date=date(2023, 9, 1),
                            expires_on=today() + timedelta(days=20)).current_certificate
    return {"office.imports.preview.token": staged.token, "office.imports.confirm.token": staged.token,
            "office.expiring.remind.code": expiring.code}


def _file(app, relative: str, data: bytes) -> str:
    """Write `data` under instance/; returns its path inside media/ or private/."""
    path = os.path.join(app.instance_path, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(data)
    return relative.split("/", 1)[1]


def _url(app, endpoint, values, like: str | None = None) -> str:
    """The route's URL with each variable's value: the one given for `like` (the route a page is opened for) or
    for this endpoint, else for the variable's converter ("<transfer_number>"), else for its name."""
    rule = next(app.url_map.iter_rules(endpoint))
    converters = {kind: name for name, kind in app.url_map.converters.items()}
    args = {arg: values.get(f"{like}.{arg}", values.get(f"{endpoint}.{arg}", values.get(
                f"<{converters[type(rule._converters[arg])]}>", values.get(arg))))
            for arg in rule.arguments}
    return app.url_map.bind("localhost").build(endpoint, args)


def _poisoned_paths(rule) -> list[str]:
    """The rule's path with every variable set to each poison."""
    if not rule.arguments:
        return []
    return [re.sub(r"<[^>]+>", poison.replace("\\", "\\\\"), rule.rule) for poison in HOSTILE.values()]


def _poisoned_queries() -> list[str]:
    """Every known parameter set to each poison (the poison as a name too), then each parameter twice."""
    queries = ["&".join(f"{key}={poison}" for key in (*QUERY_KEYS, poison)) for poison in HOSTILE.values()]
    return queries + ["&".join(f"{key}=1&{key}=2" for key in QUERY_KEYS)]


def _poisoned_forms(form: dict) -> list[str]:
    """The form's valid body with one field set to each poison in turn, an unknown poisoned field, each field twice."""
    valid = {name: value or VALID.get(name, "Giá trị thử") for name, value in form.items()}
    bodies = [_encoded({**valid, name: None}) + f"&{quote(name)}={poison}"
              for name in valid if name != "csrf_token" for poison in HOSTILE.values()]
    bodies += [_encoded(valid) + f"&{poison}={poison}" for poison in HOSTILE.values()]
    return bodies + [_encoded(valid) + "&" + _encoded(valid)]


def _encoded(fields: dict) -> str:
    return "&".join(f"{quote(name)}={quote(value)}" for name, value in fields.items() if value is not None)


def _form_fields(client, app, rule, values) -> dict:
    """The fields of the form that posts to this route, as its page renders them."""
    url = _url(app, rule.endpoint, values)
    shows = FORM_PAGE.get(rule.endpoint, rule.endpoint)
    page_url = _url(app, shows, values, like=rule.endpoint) + (f"?{values[shows + '?']}" if f"{shows}?" in values
                                                               else "")
    page = client.get(page_url)
    forms = _Forms(page.get_data(as_text=True), page_url).forms
    assert url in forms, f"{rule.endpoint}: no form posting to {url} on its page ({page.status_code})"
    return forms[url]


def _hostile_requests(app, client, rule, method, values):
    """(target, body, is it a form) for this route and method: poisoned paths, then queries or form bodies."""
    url = _url(app, rule.endpoint, values)
    yield from ((path, "", False) for path in _poisoned_paths(rule))
    if method == "GET":
        yield from ((f"{url}?{query}", "", False) for query in _poisoned_queries())
    elif rule.endpoint in NO_FORM:
        yield from ((url, f"{poison}={poison}", False) for poison in HOSTILE.values())
    else:
        yield from ((url, body, True) for body in _poisoned_forms(_form_fields(client, app, rule, values)))


@pytest.mark.hostile_input
@pytest.mark.parametrize("endpoint", _endpoints())
def test_no_route_answers_hostile_input_with_a_server_error(app, endpoint):
    rules = list(app.url_map.iter_rules(endpoint))
    client, values = _visitor(app, _role(rules[0]))
    failures, form_answers = [], []
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for target, body, is_form in _hostile_requests(app, client, rule, method, values):
                with client.open(target, method=method, data=body.encode(),
                                 content_type="application/x-www-form-urlencoded") as answer:
                    if answer.status_code >= 500:
                        failures.append(f"{method} {target[:120]} {body[:200]!r} -> {answer.status_code}")
                    if is_form:
                        form_answers.append(answer.status_code)
    assert failures == [], "\n".join(failures)
    assert form_answers == [] or set(form_answers) != {400}  # the forms were processed, not refused for CSRF
