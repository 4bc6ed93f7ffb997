"""Form pieces shared by every area: email and Vietnamese phone checks, trimmed text."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice
from wtforms.validators import ValidationError

from shop.phones import normal_phone

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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

