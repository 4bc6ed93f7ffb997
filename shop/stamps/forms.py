"""Stamp forms: a producer's order and voiding, a visitor's province on a stamp's page."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from shop.forms import choices, strip
from shop.places import PROVINCES
from shop.stamps.services import MAX_PER_ORDER, normal_serial

_required = InputRequired(message=_l("Vui lòng điền mục này."))


class StampOrderForm(FlaskForm):
    quantity = IntegerField(_l("Số tem cần in"), validators=[_required, NumberRange(
        min=1, max=MAX_PER_ORDER, message=_l("Mỗi lần đặt từ %(min)s đến %(max)s tem."))])


class VoidForm(FlaskForm):
    reason = StringField(_l("Lý do hủy (ví dụ: mất tờ tem)"), filters=[strip],
                         validators=[_required, Length(max=300, message=_l("Tối đa %(max)d ký tự."))])
    serials = TextAreaField(_l("Chỉ hủy các mã tem này (mỗi dòng một mã; để trống: hủy cả tờ)"),
                            validators=[Length(max=20_000, message=_l("Tối đa %(max)d ký tự."))])

    def listed(self) -> list[str]:
        """The serials typed, one a line or separated by commas, blanks skipped."""
        return [typed.strip() for typed in (self.serials.data or "").replace(",", "\n").splitlines() if typed.strip()]

    def validate_serials(self, field):
        """Each listed serial must be one a stamp could carry."""
        wrong = next((typed for typed in self.listed() if normal_serial(typed) is None), None)
        if wrong:
            raise ValidationError(_l("“%(typed)s” không phải mã tem.", typed=wrong[:40]))


class ProvinceForm(FlaskForm):
    province = SelectField(_l("Bạn đang ở tỉnh, thành phố nào?"),
                           choices=choices([("", "—")] + [(p, p) for p in PROVINCES]), validators=[_required])
