"""Cart and checkout forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from shop.forms import choices, email_address, phone_number, strip
from shop.orders.models import MAX_LINE_QUANTITY
from shop.places import PROVINCES

_required = InputRequired(message=_l("Vui lòng điền mục này."))
PAYMENT_LABELS = {"cod": _l("Thanh toán khi nhận hàng (COD)"), "card": _l("Thẻ ngân hàng (Visa, Mastercard)")}


class CartLineForm(FlaskForm):
    product = HiddenField(validators=[_required])
    quantity = IntegerField(_l("Số lượng"), validators=[_required, NumberRange(
        min=0, max=MAX_LINE_QUANTITY, message=_l("Số lượng từ %(min)s đến %(max)s."))])


class LookupForm(FlaskForm):
    number = StringField(_l("Số đơn hàng (ví dụ: DH-261123-7K2M9Q)"), filters=[strip],
                         validators=[_required, Length(max=20)])
    phone = StringField(_l("Số điện thoại đặt hàng"), filters=[strip], validators=[_required, phone_number])


class CheckoutForm(FlaskForm):
    name = StringField(_l("Họ và tên người nhận"), filters=[strip], validators=[_required, Length(max=200)])
    phone = StringField(_l("Số điện thoại"), filters=[strip], validators=[_required, phone_number])
    email = EmailField(_l("Email (không bắt buộc, để nhận xác nhận đơn)"), filters=[strip],
                       validators=[Optional(), email_address])
    province = SelectField(_l("Tỉnh, thành phố"), choices=choices([("", "—")] + [(p, p) for p in PROVINCES]),
                           validators=[_required])
    commune = StringField(_l("Xã, phường"), filters=[strip], validators=[_required, Length(max=120)])
    address = StringField(_l("Số nhà, đường, thôn, xóm"), filters=[strip], validators=[_required, Length(max=300)])
    payment_method = RadioField(_l("Thanh toán"), default="cod", validators=[_required])

    def offer(self, methods) -> None:
        """Offer these payment methods (card only when Stripe is configured)."""
        self.payment_method.choices = choices((m, PAYMENT_LABELS[m]) for m in methods)
