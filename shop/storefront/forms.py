"""Cart and checkout forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import EmailField, HiddenField, IntegerField, RadioField, SelectField, StringField, TelField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation, ValidationError
from wtforms.widgets import Select

from shop.forms import choices, email_address, phone_number, strip
from shop.orders.models import MAX_LINE_QUANTITY
from shop.places import PROVINCES, communes_of

_required = InputRequired(message=_l("Vui lòng điền mục này."))
PAYMENT_LABELS = {"cod": _l("Thanh toán khi nhận hàng (COD)"), "card": _l("Thẻ ngân hàng (Visa, Mastercard)")}


class PlaceSelect(Select):
    """A select of places (the 34 provinces, a province's communes: hundreds), each option only a value and its
    label, written directly: WTForms' general writer took a third of the checkout page's render."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        selected = " selected" if choice.selected else ""
        return Markup(f'<option value="{escape(choice.value)}"{selected}>{escape(choice.label)}</option>')


class CartLineForm(FlaskForm):
    # A hidden field's label is "": a field without one gets its name translated as its label, for which Flask-WTF
    # reads WTForms' own catalogue from disk at every form built (50 µs of each "add to cart").
    product = HiddenField("", validators=[_required])
    quantity = IntegerField(_l("Số lượng"), validators=[_required, NumberRange(
        min=0, max=MAX_LINE_QUANTITY, message=_l("Số lượng từ %(min)s đến %(max)s."))])


class LookupForm(FlaskForm):
    number = StringField(_l("Số đơn hàng (ví dụ: DH-261123-7K2M9Q)"), filters=[strip],
                         validators=[_required, Length(max=20)])
    phone = StringField(_l("Số điện thoại đặt hàng"), filters=[strip], validators=[_required, phone_number])


class CheckoutForm(FlaskForm):
    """Where the order goes (a commune chosen from the province's list, or typed when it is missing) and how to pay."""

    name = StringField(_l("Họ và tên người nhận"), filters=[strip], validators=[_required, Length(max=200)],
                       render_kw={"autocomplete": "name"})
    phone = TelField(_l("Số điện thoại"), filters=[strip], validators=[_required, phone_number],
                     render_kw={"autocomplete": "tel", "inputmode": "tel"})
    email = EmailField(_l("Email (không bắt buộc, để nhận xác nhận đơn)"), filters=[strip],
                       validators=[Optional(), email_address],
                       render_kw={"autocomplete": "email", "inputmode": "email"})
    province = SelectField(_l("Tỉnh, thành phố"), choices=choices([("", "—")] + [(p, p) for p in PROVINCES]),
                           validators=[_required], render_kw={"autocomplete": "address-level1"}, widget=PlaceSelect())
    commune = SelectField(_l("Xã, phường"), validate_choice=False, render_kw={"autocomplete": "address-level2"},
                          widget=PlaceSelect())
    commune_other = StringField(_l("Xã, phường (nhập tay)"), filters=[strip], validators=[Length(max=120)],
                                render_kw={"autocomplete": "off"})
    address = StringField(_l("Số nhà, đường, thôn, xóm"), filters=[strip], validators=[_required, Length(max=300)],
                          render_kw={"autocomplete": "street-address"})
    payment_method = RadioField(_l("Thanh toán"), default="cod", validators=[_required])

    def offer(self, methods) -> None:
        """Offer these payment methods (card only when Stripe is configured), and the chosen province's communes."""
        self.payment_method.choices = choices((m, PAYMENT_LABELS[m]) for m in methods)
        first = _l("— Chọn xã, phường —") if self.province.data in PROVINCES else _l("— Chọn tỉnh, thành phố trước —")
        self.commune.choices = choices([("", first)] + [(c, c) for c in communes_of(self.province.data)])

    def validate_commune(self, field) -> None:
        """One of the chosen province's wards and communes, unless the buyer typed theirs in the fallback."""
        if self.commune_other.data:
            return
        if not field.data:
            raise StopValidation(_l("Hãy chọn xã, phường (hoặc nhập tay nếu không thấy)."))
        if self.province.data in PROVINCES and field.data not in communes_of(self.province.data):
            raise ValidationError(_l("%(commune)s không thuộc %(province)s: hãy chọn lại trong danh sách.",
                                     commune=field.data, province=self.province.data))

    @property
    def chosen_commune(self) -> str:
        """The commune the order goes to: the one typed in the fallback, else the one chosen."""
        return self.commune_other.data or self.commune.data
