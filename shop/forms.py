"""Form pieces shared by every area: email and Vietnamese phone checks, trimmed text, repeated quantities."""
import re
from itertools import zip_longest

from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from shop.errors import Invalid
from shop.phones import normal_phone

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
UNITS = re.compile(r"[0-9]{1,7}")
MAX_UNITS = 1_000_000  # units on one line of a transfer or a count: far beyond one OCOP delivery
MAX_PRICE_VND = 1_000_000_000  # a price typed at an outlet: a billion dong for one unit, inside an int
PRICE = re.compile(r"[0-9]{1,3}(?:[., ]?[0-9]{3})*")  # 150000, 150.000, 150,000 or 150 000


def email_address(_form, field):
    """A plausible address: one @, a dot in the domain, no spaces, at most 254 characters."""
    if not EMAIL.match(field.data or "") or len(field.data) > 254:
        raise ValidationError(_l("Email không hợp lệ (ví dụ: ten@example.vn)."))


def phone_number(_form, field):
    """A Vietnamese mobile or fixed-line number, however typed, kept in its normal form ("0912345678")."""
    if not field.data:
        return
    normal = normal_phone(field.data)
    if normal is None:
        raise ValidationError(_l("Số điện thoại không hợp lệ (ví dụ: 0912 345 678)."))
    field.data = normal


def strip(value):
    return value.strip() if isinstance(value, str) else value


def record_id(value) -> str:
    """A select's value for a record: the form's object gives the record itself, a browser sends its id."""
    return str(getattr(value, "id", value) if value is not None else "")


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the options of a select or radio field."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def typed_price(typed: str | None) -> int | None:
    """A price in dong as people type it (thousands may be grouped: 150.000), None when left empty; else `Invalid`."""
    typed = (typed or "").strip()
    if not typed:
        return None
    price = int(re.sub(r"[^0-9]", "", typed)) if PRICE.fullmatch(typed) else 0
    if not 1 <= price <= MAX_PRICE_VND:
        raise Invalid(_l("Giá là số đồng từ 1 đến %(most)s (ví dụ: 150.000).", most=MAX_PRICE_VND))
    return price


def quantity_pairs(data, most: int = 50) -> list[tuple[str, int]]:
    """The repeated `product`/`quantity` pairs a form posts, as [(slug, units)]; rows left empty are skipped.

    A row naming a product needs a whole number of units from 1 to MAX_UNITS; else `Invalid` says which row.
    """
    pairs = []
    for row, (slug, units) in enumerate(zip_longest(data.getlist("product"), data.getlist("quantity")), 1):
        slug, units = (slug or "").strip(), (units or "").strip()
        if not slug and not units:
            continue
        if not slug or not UNITS.fullmatch(units) or not 1 <= int(units) <= MAX_UNITS:
            raise Invalid(_l("Dòng %(row)s: chọn sản phẩm và số lượng từ 1 đến %(most)s.", row=row, most=MAX_UNITS))
        pairs.append((slug, int(units)))
    if len(pairs) > most:
        raise Invalid(_l("Tối đa %(most)s dòng.", most=most))
    return pairs


class QuantityRows(Field):
    """A form's repeated `product`/`quantity` rows as one field: its data is quantity_pairs' [(slug, units)], its
    `rows` the (product, quantity) pairs as typed (to show them again), and a bad row is its error."""

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors, self.data, self.rows = [], [], []
        if formdata is None:
            return
        self.rows = list(zip_longest(formdata.getlist("product"), formdata.getlist("quantity"), fillvalue=""))
        try:
            self.data = quantity_pairs(formdata)
        except Invalid as problem:
            self.process_errors.append(str(problem))


def counted_units(data, prefix: str, slugs) -> dict[str, int]:
    """The `<prefix><slug>` fields a form posts, as {slug: units}; a field absent or left empty is not in it."""
    counted = {}
    for slug in slugs:
        units = (data.get(f"{prefix}{slug}") or "").strip()
        if units and not UNITS.fullmatch(units):
            raise Invalid(_l("Số lượng phải là số nguyên không âm."))
        if units:
            counted[slug] = int(units)
    return counted


def received_units(data, lines) -> dict[int, int]:
    """A receive form's `received-<slug>` fields over a transfer's `lines`, as {product id: units}; a line
    left out is not in it (it arrived in full)."""
    by_slug = {line.product.slug: line.product_id for line in lines}
    return {by_slug[slug]: units for slug, units in counted_units(data, "received-", by_slug).items()}
