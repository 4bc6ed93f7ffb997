"""Signs that a stamp was copied, read from its checks. Each rule is a small pure function over the checks (anything
with `at`, `province` and `ip_region`, oldest first) and says whether it fires:

- many checks: more than MANY_CHECKS checks in all (a real stamp is checked by a few people: the outlet, the buyer);
- several places: checks from two or more provinces chosen by visitors, or two or more rough regions of their
  addresses, within PLACE_WINDOW of each other (one product cannot be in two provinces within hours);
- after sold out: a check more than SOLD_OUT_GRACE after the batch's last unit was sold, per the ledger (the buyer
  of the last unit checks soon after buying; later checks look like copies still going round).
"""
from datetime import timedelta

from flask_babel import lazy_gettext as _l

MANY_CHECKS = 20
PLACE_WINDOW = timedelta(hours=48)
SOLD_OUT_GRACE = timedelta(days=30)


def many_checks(checks) -> bool:
    """More than MANY_CHECKS checks."""
    return len(checks) > MANY_CHECKS


def several_places(checks) -> bool:
    """Two provinces (as visitors chose them), or two regions (from addresses), within PLACE_WINDOW."""
    for place in ("province", "ip_region"):
        seen = [(check.at, getattr(check, place)) for check in checks if getattr(check, place)]
        for index, (at, where) in enumerate(seen):
            if any(other != where and later - at <= PLACE_WINDOW for later, other in seen[index + 1:]):
                return True
    return False


def after_sold_out(checks, sold_out) -> bool:
    """A check more than SOLD_OUT_GRACE after the batch sold out (`sold_out`: when, or None if units remain)."""
    return sold_out is not None and any(check.at > sold_out + SOLD_OUT_GRACE for check in checks)


RULES = {  # each rule's words, as the stamp's page says which fired
    "many_checks": _l("Tem đã được kiểm tra hơn %(n)s lần — một con tem thật chỉ vài người quét.", n=MANY_CHECKS),
    "several_places": _l("Tem được kiểm tra từ nhiều tỉnh khác nhau trong vòng %(hours)s giờ.",
                         hours=PLACE_WINDOW // timedelta(hours=1)),
    "after_sold_out": _l("Tem vẫn được kiểm tra hơn %(days)s ngày sau khi lô hàng đã bán hết.",
                         days=SOLD_OUT_GRACE.days),
}


def copy_signs(checks, sold_out) -> list[str]:
    """The rules that fire for these checks, in RULES's order (empty: no sign of copying)."""
    fired = {"many_checks": many_checks(checks), "several_places": several_places(checks),
             "after_sold_out": after_sold_out(checks, sold_out)}
    return [rule for rule in RULES if fired[rule]]
