"""Producer workspace forms: onboarding, products, certificates, staff invitations, stock and transfers."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import HiddenInput

from shop.clock import today
from shop.forms import QuantityRows, choices, email_address, phone_number, record_id, strip
from shop.inventory.outlets import find_outlet
from shop.inventory.services import BATCH_CODE
from shop.places import PROVINCES
from shop.sellers.models import OWNER_TYPES

_required = InputRequired(message=_l("Vui lòng điền mục này."))
_short = Length(max=300, message=_l("Tối đa %(max)d ký tự."))


class ProducerForm(FlaskForm):
    name = StringField(_l("Tên cơ sở (HTX, tổ hợp tác, doanh nghiệp, hộ kinh doanh)"), filters=[strip],
                       validators=[_required, _short])
    owner_type = RadioField(_l("Loại chủ thể"), choices=choices(OWNER_TYPES.items()), validators=[_required])
    tax_code = StringField(_l("Mã số thuế hoặc số đăng ký kinh doanh"), filters=[strip], validators=[
        _required, Regexp(r"^[0-9]{8,13}(-[0-9]{3})?$", message=_l("Mã số gồm 8–13 chữ số (có thể thêm -xxx)."))])
    province = SelectField(_l("Tỉnh, thành phố"), choices=choices([("", "—")] + [(p, p) for p in PROVINCES]),
                           validators=[_required])
    commune = StringField(_l("Xã, phường"), filters=[strip], validators=[_required, Length(max=120)])
    address = StringField(_l("Địa chỉ"), filters=[strip], validators=[_required, _short])
    phone = StringField(_l("Số điện thoại"), filters=[strip], validators=[_required, phone_number])
    document = FileField(_l("Giấy đăng ký kinh doanh (PDF hoặc ảnh, tối đa 5 MB)"))


class ProductForm(FlaskForm):
    name = StringField(_l("Tên sản phẩm"), filters=[strip], validators=[_required, _short])
    group = SelectField(_l("Ngành hàng"), coerce=record_id, validators=[_required],
                        render_kw={"data-narrows": "subgroup"})
    subgroup = SelectField(_l("Nhóm sản phẩm"), coerce=record_id, validators=[Optional()])
    price_vnd = IntegerField(_l("Giá bán (đồng)"), validators=[_required, NumberRange(
        min=1_000, max=100_000_000, message=_l("Giá từ 1.000 ₫ đến 100.000.000 ₫."))])
    unit = StringField(_l("Đơn vị bán (ví dụ: chai 500 ml, hộp 200 g)"), filters=[strip],
                       validators=[_required, Length(max=40)])
    description = TextAreaField(_l("Mô tả"), filters=[strip], validators=[Optional(), Length(max=5000)])
    image = FileField(_l("Ảnh sản phẩm (JPEG, PNG hoặc WebP, tối đa 5 MB)"))
    gtin = StringField(_l("Mã vạch GTIN-13 (EAN-13, không bắt buộc)"), filters=[strip],
                       validators=[Optional(), Length(max=40)], render_kw={"inputmode": "numeric"})
    opening_stock = IntegerField(_l("Số lượng đang có trong kho (không bắt buộc)"), validators=[
        Optional(), NumberRange(min=0, max=1_000_000, message=_l("Từ 0 đến 1.000.000."))])


class CertificateForm(FlaskForm):
    product = SelectField(_l("Sản phẩm"), validators=[_required])
    decision_number = StringField(_l("Số quyết định"), filters=[strip], validators=[_required, Length(max=80)])
    decision_date = DateField(_l("Ngày quyết định"), validators=[_required])
    stars = SelectField(_l("Số sao"), choices=choices((n, f"{n}★") for n in (3, 4, 5)), validators=[_required])
    score = IntegerField(_l("Điểm đánh giá (không bắt buộc)"), validators=[Optional(), NumberRange(min=0, max=100)])
    authority = StringField(_l("Cơ quan công nhận (ví dụ: UBND tỉnh Thái Nguyên)"), filters=[strip],
                            validators=[_required, Length(max=200)])
    document = FileField(_l("Bản scan quyết định (PDF hoặc ảnh, tối đa 5 MB)"))


class ShippingForm(FlaskForm):
    shipping_fee_vnd = IntegerField(_l("Phí vận chuyển mỗi đơn (đồng; để trống: mức chung của sàn)"),
                                    validators=[Optional(), NumberRange(min=0, max=1_000_000)])
    free_shipping_over_vnd = IntegerField(_l("Miễn phí vận chuyển cho đơn từ (đồng; để trống: không miễn phí)"),
                                          validators=[Optional(), NumberRange(min=1, max=100_000_000)])


class InviteForm(FlaskForm):
    email = EmailField(_l("Email người được mời"), filters=[strip], validators=[_required, email_address])


_units = NumberRange(min=1, max=1_000_000, message=_l("Số lượng từ 1 đến 1.000.000."))
_note = Length(max=300, message=_l("Tối đa %(max)d ký tự."))


class ReceiveForm(FlaskForm):
    """Units received into the warehouse, of a batch (lô: its code, production date and best-before) if named."""

    product = HiddenField("", validators=[_required])
    receipt = HiddenField("", validators=[Optional(), Regexp(r"^[A-Za-z0-9_-]{8,40}$")])  # this form's own reference
    quantity = IntegerField(_l("Số lượng nhập"), validators=[_required, _units])
    note = StringField(_l("Ghi chú (không bắt buộc)"), filters=[strip], validators=[Optional(), _note])
    batch_code = StringField(_l("Mã lô (không bắt buộc)"), filters=[strip], validators=[
        Optional(), Length(max=20, message=_l("Mã lô tối đa %(max)d ký tự."))])
    produced_on = DateField(_l("Ngày sản xuất"), validators=[Optional()])
    best_before = DateField(_l("Hạn sử dụng"), validators=[Optional()])

    def validate_batch_code(self, field):
        """A batch names both its dates, best-before after production and not already past."""
        if not field.data:
            return
        if not BATCH_CODE.fullmatch(field.data):  # GS1 AI 10's characters, so a Digital Link can name the batch
            raise ValidationError(_l("Mã lô chỉ gồm chữ không dấu, chữ số và các dấu - . / _ (không dấu cách)."))
        if not self.produced_on.data or not self.best_before.data:
            raise ValidationError(_l("Lô hàng cần ngày sản xuất và hạn sử dụng."))
        if self.best_before.data <= self.produced_on.data:
            raise ValidationError(_l("Hạn sử dụng phải sau ngày sản xuất."))
        if self.best_before.data < today():
            raise ValidationError(_l("Lô này đã quá hạn sử dụng: không nhập kho để bán."))


class CountForm(FlaskForm):
    product = HiddenField("", validators=[_required])
    batch = HiddenField("", filters=[strip])  # the batch code of the line counted; empty: the product as a whole
    no_batch = HiddenField("")  # "1": the line of the units received with no batch
    expected = IntegerField("", widget=HiddenInput(), validators=[Optional()])  # the on hand the counter was shown
    counted = IntegerField(_l("Số đếm được"), validators=[_required, NumberRange(
        min=0, max=1_000_000, message=_l("Số đếm từ 0 đến 1.000.000."))])
    note = StringField(_l("Lý do chênh lệch (bắt buộc khi khác số trên sổ)"), filters=[strip],
                       validators=[Optional(), _note])


class WarningForm(FlaskForm):
    product = HiddenField("", validators=[_required])
    low_stock_at = IntegerField(_l("Cảnh báo khi chỉ còn"), validators=[_required, NumberRange(
        min=0, max=1_000_000, message=_l("Từ 0 đến 1.000.000."))])


class TransferForm(FlaskForm):
    """A consignment transfer: the outlet (a slug; the page groups the choices by province), the rows, a note."""

    outlet = StringField(_l("Điểm bán nhận hàng"), filters=[strip], validators=[_required])
    lines = QuantityRows("")
    note = StringField(_l("Ghi chú (không bắt buộc)"), filters=[strip], validators=[Optional(), _note])

    def validate_outlet(self, field):
        """The outlet must be an OCOP outlet the shop knows (never a producer's warehouse)."""
        self.place = find_outlet(field.data)
        if self.place is None:
            raise ValidationError(_l("Hãy chọn một điểm bán OCOP trong danh sách."))
