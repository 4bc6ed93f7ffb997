"""Programme office forms: an OCOP outlet's details, a member of staff to assign to it, an official list to import,
a province's KPI targets."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, Regexp, ValidationError

from shop.accounts.services import find_user
from shop.forms import choices, email_address, phone_number, strip
from shop.inventory.models import KIND_LABELS
from shop.office.kpi_targets import LABELS, SHARES, TARGETED, YEARS
from shop.places import PROVINCES, province_named

_required = InputRequired(message=_l("Vui lòng điền mục này."))
OUTLET_KINDS = [(kind, label) for kind, label in KIND_LABELS.items() if kind != "warehouse"]


def _one_of(values) -> AnyOf:
    """The choice must be one the list offers (said in Vietnamese, unlike WTForms' own check)."""
    return AnyOf(list(values), message=_l("Hãy chọn một mục trong danh sách."))


def _at_most(limit: int) -> Length:
    return Length(max=limit, message=_l("Tối đa %(max)d ký tự."))


class GtinForm(FlaskForm):
    gtin = StringField(_l("Mã vạch GTIN-13 (để trống: bỏ mã)"), filters=[strip],
                       validators=[Optional(), _at_most(40)], render_kw={"inputmode": "numeric"})


class OutletForm(FlaskForm):
    kind = SelectField(_l("Loại điểm"), choices=choices(OUTLET_KINDS), validate_choice=False,
                       validators=[_required, _one_of(kind for kind, _label in OUTLET_KINDS)])
    name = StringField(_l("Tên điểm bán hoặc trung tâm"), filters=[strip], validators=[_required, _at_most(300)])
    province = SelectField(_l("Tỉnh, thành phố"), choices=choices([("", "—")] + [(p, p) for p in PROVINCES]),
                           validate_choice=False, validators=[_required, _one_of(PROVINCES)])
    commune = StringField(_l("Xã, phường"), filters=[strip], validators=[_required, _at_most(120)])
    old_district = StringField(_l("Huyện cũ (trước 1/7/2025, để tra cứu)"), filters=[strip],
                               validators=[Optional(), _at_most(120)])
    address = StringField(_l("Địa chỉ"), filters=[strip], validators=[_required, _at_most(300)])
    opening_hours = StringField(_l("Giờ mở cửa (ví dụ: 7:30–17:00, cả tuần)"), filters=[strip],
                                validators=[Optional(), _at_most(120)])
    phone = StringField(_l("Số điện thoại"), filters=[strip], validators=[Optional(), phone_number])
    bank_bin = StringField(_l("Mã BIN ngân hàng (6 số, cho mã VietQR)"), filters=[strip],
                           validators=[Optional(), Regexp(r"^[0-9]{6}$", message=_l("Mã BIN gồm đúng 6 chữ số."))])
    bank_account = StringField(_l("Số tài khoản nhận chuyển khoản"), filters=[strip], validators=[
        Optional(), Regexp(r"^[0-9A-Za-z]{1,19}$", message=_l("Số tài khoản: tối đa 19 chữ số hoặc chữ cái."))])
    bank_account_name = StringField(_l("Tên chủ tài khoản"), filters=[strip], validators=[Optional(), _at_most(70)])

    def validate(self, extra_validators=None):
        """The fields, then the bank account as a whole: a VietQR code needs both the bank and the account."""
        valid = super().validate(extra_validators)
        if bool(self.bank_account.data) != bool(self.bank_bin.data):
            self.bank_account.errors = [*self.bank_account.errors, _l(
                "Hãy điền cả mã BIN ngân hàng và số tài khoản (hoặc để trống cả hai).")]
            return False
        return valid


class StaffForm(FlaskForm):
    email = EmailField(_l("Email của nhân viên"), filters=[strip], validators=[_required, email_address])

    def validate_email(self, field):
        """The person must already have an account: the office assigns people, it never makes accounts."""
        self.user = find_user(field.data)
        if self.user is None:
            raise ValidationError(_l("Chưa có tài khoản nào dùng email này. Người đó cần đăng ký trước."))


PERCENT = r"^(100([.,]0{1,2})?|[0-9]{1,2}([.,][0-9]{1,2})?)$"  # 0–100 with at most two decimals: 12,5 or 12.5


class CommissionForm(FlaskForm):
    """An outlet's commission on consignment sales, or (a producer chosen) its override for that producer."""

    seller = SelectField(_l("Áp dụng cho"), validate_choice=False)
    rate = StringField(_l("Hoa hồng, phần trăm (để trống để bỏ)"), filters=[strip], validators=[
        Optional(), Regexp(PERCENT, message=_l("Nhập phần trăm từ 0 đến 100, tối đa hai số lẻ (ví dụ 12,5)."))])

    def offer(self, producers) -> "CommissionForm":
        """Offer the outlet's own rate and each of `producers`; the choice must be one of them."""
        self.seller.choices = choices([("", _l("Mọi nhà sản xuất (mức của điểm bán)"))] +
                                      [(str(producer.id), producer.name) for producer in producers])
        self.seller.validators = [_one_of(choice.value for choice in self.seller.choices)]
        return self

    @property
    def rate_bp(self) -> int | None:
        """The rate typed, in basis points (12,5 % → 1250), or None when left empty."""
        if not self.rate.data:
            return None
        whole, _sep, cents = self.rate.data.replace(",", ".").partition(".")
        return int(whole) * 100 + int((cents + "00")[:2])


class ListUploadForm(FlaskForm):
    """An official certificate list to preview, then import."""

    file = FileField(_l("Danh sách chứng nhận OCOP (.csv UTF-8 hoặc .xlsx, tối đa 5 MB)"),
                     validators=[FileRequired(message=_l("Hãy chọn tệp danh sách."))])


class TargetChoiceForm(FlaskForm):
    """Which province's targets, for which year (the query string of /office/targets); no province: all, the
    defaults only."""

    class Meta:
        csrf = False

    province = StringField(_l("Tỉnh"), filters=[strip])
    year = StringField(_l("Năm"), filters=[strip], validators=[_required])

    def validate_province(self, field):
        """A current or former province name, with or without diacritics, kept as its current name."""
        if field.data and not province_named(field.data):
            raise ValidationError(_l("Không có tỉnh này. Hãy chọn một tỉnh trong danh sách."))
        field.data = province_named(field.data) if field.data else None

    def validate_year(self, field):
        """A year the programme could plan for."""
        if not re.fullmatch(r"[0-9]{4}", field.data or "") or not YEARS[0] <= int(field.data) <= YEARS[1]:
            raise ValidationError(_l("Năm phải từ %(low)s đến %(high)s.", low=YEARS[0], high=YEARS[1]))


COUNT = r"^[0-9]{1,6}$"


def field_name(kpi: str) -> str:
    """The targets form's field for a KPI ("outlets.sales_point" → "outlets_sales_point")."""
    return kpi.replace(".", "_")


class TargetsForm(TargetChoiceForm):
    """One province's targets for one year: a percent per share, a whole number per count; empty: the default."""

    class Meta:
        csrf = True

    def validate_province(self, field):
        """Only a province's targets are saved: all provinces keep the plans' defaults."""
        if not field.data:
            raise ValidationError(_l("Hãy chọn một tỉnh."))
        super().validate_province(field)

    def targets(self) -> dict:
        """The targets typed, by KPI: a share as a fraction (12,5 → 0.125), a count as a number, empty as None."""
        typed = {kpi: self[field_name(kpi)].data for kpi in TARGETED}
        return {kpi: None if not text else (round(float(text.replace(",", ".")) / 100, 4) if kpi in SHARES
                                             else int(text)) for kpi, text in typed.items()}


for _kpi in TARGETED:
    setattr(TargetsForm, field_name(_kpi), StringField(LABELS[_kpi], filters=[strip], validators=[Optional(), (
        Regexp(PERCENT, message=_l("Nhập phần trăm từ 0 đến 100, tối đa hai số lẻ (ví dụ 12,5)."))
        if _kpi in SHARES else Regexp(COUNT, message=_l("Nhập số nguyên từ 0 trở lên.")))]))
