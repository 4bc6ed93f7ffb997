"""The authorization matrix: every private route × anonymous, customer, member of A, member of B, office,
and staff of outlet A and of outlet B.

Routes come from the URL map, so a new /seller, /office or /outlet page is
checked the day it is added — and one without an `@requires` role fails here. Every /office route is also
listed in OFFICE_REQUESTS with its downloads and JSON, so a new one fails until it is given its sample requests.
"""
from datetime import timedelta

import pytest

from shop.accounts.services import find_user
from shop.clock import now
from shop.counter.services import find_on_shelf, sell
from shop.counts.services import save_count
from shop.extensions import db
from shop.inventory.services import find_or_make_batch
from shop.sellers.models import SellerMember
from shop.stamps.services import order_stamps
from shop.transfers.services import create_transfer, send_transfer
from tests.accounts.support import log_in, make_user
from tests.conftest import TODAY
from tests.factories import make_certificate, make_order, make_outlet, make_product
from tests.workspace.workflow import producer_signed_up

PRIVATE_PREFIXES = ("/account", "/seller", "/office", "/outlet")
# Pages for people who are not signed in yet: nothing to guard.
PUBLIC = {"accounts.register", "accounts.login", "accounts.logout", "accounts.reset_request", "accounts.reset"}
PEOPLE = ("anonymous", "customer", "member_a", "staff_a", "member_b", "office", "outlet_a", "outlet_b")
# Who may use each area: the policy, written here independently of the decorators it checks.
AREA_ROLES = {"/account": "signed_in", "/seller": "member", "/office": "office", "/outlet": "outlet"}
EXCEPTIONS = {
    "seller.dashboard.home": "signed_in",         # someone without a producer is sent to the application form
    "seller.dashboard.onboarding": "signed_in",   # anyone signed in may apply for a producer
    "seller.dashboard.switch": "signed_in",       # choosing among one's own producers
    "seller.staff.invitation": "signed_in",       # accepting an invitation makes one a member
    "seller.staff.staff": "owner",
    "seller.dashboard.profile": "owner",
    "seller.dashboard.shipping": "owner",
    "seller.dashboard.channels": "owner",
}

# Every /office endpoint, with the requests beyond its bare URL that the matrix also sends (downloads, JSON, filters);
# path arguments come from the `world` fixture's values.
_DOWNLOADS = ("format=csv", "format=xlsx")
OFFICE_REQUESTS = {
    "office.dashboard": (), "office.alerts": _DOWNLOADS, "office.audit": _DOWNLOADS,
    "office.certificates": _DOWNLOADS, "office.database.certificate_list": (), "office.certificate": (),
    "office.decide_certificate": (), "office.document": (),
    "office.expiring.expiring": ("within=90", *_DOWNLOADS), "office.expiring.remind": (),
    "office.imports.imports": _DOWNLOADS, "office.imports.upload": (), "office.imports.preview": (),
    "office.imports.confirm": (),
    "office.kpis.report": ("as_of=2026-06-15&province=Hà Nội",),
    "office.kpis.kpis": ("format=json", *_DOWNLOADS, "as_of=2025-06-15&province=Hà Nội"),
    "office.outlets.outlets": _DOWNLOADS, "office.outlets.outlet": (), "office.outlets.commission": (),
    "office.outlets.assign_staff": (), "office.outlets.remove_staff": (), "office.outlets.new": (),
    "office.producers": _DOWNLOADS, "office.producer": (), "office.correct_channels": (),
    "office.reject_producer": (), "office.verify_producer": (),
    "office.database.products": (*_DOWNLOADS, "stars=4&status=expired"), "office.product": (),
    "office.speciality": (), "office.gtin": (),
    "office.settlements.settlements": (), "office.settlements.mark_paid": (),
    "office.targets.targets": ("province=Hà Tĩnh&year=2026",), "office.targets.save": (),
}


def in_area(path: str, prefix: str) -> bool:
    """Is `path` in the area at `prefix`? /outlet/... is, /outlets (the public directory) is not."""
    return path == prefix or path.startswith(prefix + "/")


def policy(rule) -> str:
    return EXCEPTIONS.get(rule.endpoint) or next(role for prefix, role in AREA_ROLES.items()
                                                 if in_area(rule.rule, prefix))


def private_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if any(in_area(rule.rule, prefix) for prefix in PRIVATE_PREFIXES) and rule.endpoint not in PUBLIC]


def test_where_to_buy_is_open_to_everyone(app, client):
    """/outlets and an outlet's page are the shopper's, not the outlet staff's /outlet area."""
    make_outlet()
    for endpoint, path in (("outlets.outlets", "/outlets"), ("outlets.outlet", "/outlets/diem-ban-ho-guom"),
                           ("api.outlets", "/api/v1/outlets"),
                           ("api.outlet_stock", "/api/v1/outlets/diem-ban-ho-guom/stock")):
        assert getattr(app.view_functions[endpoint], "access", None) is None
        assert client.get(path).status_code == 200, path
    assert {rule.endpoint for rule in private_rules(app)}.isdisjoint({"outlets.outlets", "outlets.outlet"})


def test_every_office_route_is_in_the_matrix_with_its_sample_requests(app):
    office = {rule.endpoint for rule in private_rules(app) if in_area(rule.rule, "/office")}
    assert sorted(office - OFFICE_REQUESTS.keys()) == [], "list each new /office route in OFFICE_REQUESTS"
    assert sorted(OFFICE_REQUESTS.keys() - office) == [], "OFFICE_REQUESTS names a route that is gone"


def test_anonymous_programs_asking_for_json_get_a_401_in_json_people_the_login_page(client):
    for answer in (client.get("/office/kpis?format=json"),
                   client.get("/office/products", headers={"Accept": "application/json"})):
        assert (answer.status_code, answer.json["error"]["code"]) == (401, "unauthorized")
    answer = client.get("/office/kpis")
    assert answer.status_code == 302 and answer.location.startswith("/account/login")


def test_every_private_route_is_guarded_as_the_policy_says(app):
    declared = {rule.endpoint: getattr(app.view_functions[rule.endpoint], "access", None)
                for rule in private_rules(app)}
    assert declared == {rule.endpoint: policy(rule) for rule in private_rules(app)}


@pytest.fixture
def world(app):
    """Producer A (with a product, a certificate and a document), producer B, outlets A and B (holding A's
    product) with a member of staff each, A's transfer sent to outlet A, and a client per person."""
    clients = {person: app.test_client() for person in PEOPLE}
    seller_a = producer_signed_up(clients["member_a"], email="a@example.vn")
    producer_signed_up(clients["member_b"], email="b@example.vn", name="HTX Mật Ong Bắc Kạn", tax_code="4700123456")
    make_user("staff@example.vn")
    db.session.add(SellerMember(user=find_user("staff@example.vn"), seller=seller_a, role="staff"))
    log_in(clients["staff_a"], "staff@example.vn")
    product = make_product("Chè của A", seller=seller_a, certificate=False)
    certificate = make_certificate(product, status="pending")
    sold = make_product("Chè bán rồi", seller=make_seller_verified(seller_a))
    part = make_order((sold, 1)).parts[0]
    for person, email, office in (("customer", "khach@example.vn", False), ("office", "vp@ocop.gov.vn", True),
                                  ("outlet_a", "nv-a@ocop.vn", False), ("outlet_b", "nv-b@ocop.vn", False)):
        make_user(email, office=office)
        log_in(clients[person], email)
    outlet = make_outlet(staff=[find_user("nv-a@ocop.vn")], stock=[(sold, 1)])
    make_outlet("Điểm bán B", slug="diem-ban-b", staff=[find_user("nv-b@ocop.vn")], stock=[(sold, 1)])
    transfer = create_transfer(seller_a, outlet, [(sold, 1)], note=None, user_id=None, today=TODAY)
    send_transfer(transfer, by="producer", user_id=None, today=TODAY)  # A's units on their way to outlet A
    sale = sell(outlet, [(find_on_shelf(outlet, sold.slug), 1, None)], payment="cash", user_id=None, today=TODAY)
    count = save_count(outlet, [], note=None, user_id=None)  # outlet A's open stock count
    batch = find_or_make_batch(product, "L1", TODAY, TODAY + timedelta(days=90))
    stamps = order_stamps(seller_a.id, batch, 2, user_id=find_user("a@example.vn").id, at=now())  # A's stamp sheet
    values = {"slug": product.slug, "seller_id": seller_a.id, "code": certificate.code, "token": "not-a-token",
              "name": seller_a.registration_document, "decision": "verify", "part_id": part.id, "step": "confirm",
              "outlet": outlet.slug, "number": transfer.number, "sale": sale.number, "count": count.id,
              "file_format": "xlsx", "batch_id": batch.id, "order_id": stamps.id, "page": 1}
    db.session.commit()
    return clients, values


def make_seller_verified(seller):
    """Producer A verified, so that it can sell (its other product stays uncertified)."""
    seller.status = "verified"
    db.session.commit()
    return seller


def _urls(app, rule, values) -> list[str]:
    """The rule's URL built from the sample `values`, then with each of its OFFICE_REQUESTS queries."""
    missing = sorted(set(rule.arguments) - values.keys())
    assert not missing, f"{rule.endpoint}: give the world fixture sample values for {missing}"
    url = app.url_map.bind("localhost").build(rule.endpoint, {arg: values[arg] for arg in rule.arguments})
    return [url, *(f"{url}?{query}" for query in OFFICE_REQUESTS.get(rule.endpoint, ()))]


def _expected(access: str, person: str, has_object: bool, url: str) -> str:
    """What each person should get: "login" (or "401" for JSON), "403", "404" (another producer's object) or "ok"."""
    if person == "anonymous":
        return "401" if "format=json" in url else "login"
    if access == "signed_in":
        return "ok or 404"  # anyone signed in; a made-up token or producer id is simply not found
    if access == "office":
        return "ok" if person == "office" else "403"
    if access == "outlet":  # staff of outlet B see their own list, never outlet A
        return {"outlet_a": "ok", "outlet_b": "404" if has_object else "ok"}.get(person, "403")
    if person.startswith("outlet"):
        return "403"
    if person in ("customer", "office") or (access == "owner" and person == "staff_a"):
        return "403"
    return "404" if person == "member_b" and has_object else "ok"


def _outcome(response) -> str:
    if response.status_code == 302 and response.location.startswith("/account/login"):
        return "login"
    if response.status_code in (401, 403, 404):
        return str(response.status_code)
    assert response.status_code < 500
    return "ok"


def test_the_matrix(app, world):
    app.config["WTF_CSRF_ENABLED"] = False  # the matrix is about roles; CSRF has its own tests
    clients, values = world
    checked, wrong = 0, []
    for rule in private_rules(app):
        access = policy(rule)
        has_object = bool(set(rule.arguments) & {"slug", "name", "part_id", "outlet", "number", "sale",
                                                    "batch_id", "order_id"})
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        for url, method in [(url, method) for url in _urls(app, rule, values) for method in methods]:
            for person in PEOPLE:
                with clients[person].open(url, method=method) as response:
                    got = _outcome(response)
                want = _expected(access, person, has_object, url)
                checked += 1
                if got not in want.split(" or "):
                    wrong.append(f"{method} {url} as {person}: got {got}, want {want}")
    assert wrong == [], "\n".join(wrong)
    assert checked > 100  # the routes really were walked


@pytest.mark.parametrize("step, fields", [("receive", {"quantity": "5"}), ("count", {"counted": "1", "note": "x"}),
                                          ("warning", {"low_stock_at": "1"})])
def test_a_producer_never_moves_another_producers_stock_through_the_form(app, world, step, fields):
    app.config["WTF_CSRF_ENABLED"] = False
    clients, values = world
    answer = clients["member_b"].post(f"/seller/stock/{step}", data={"product": values["slug"], **fields})
    assert answer.status_code == 404
    answer = clients["member_a"].post(f"/seller/stock/{step}", data={"product": values["slug"], **fields})
    assert answer.status_code == 303  # the form is right: only the producer differed
