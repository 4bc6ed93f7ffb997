"""/office/products: the provincial product database (every product, on sale or not, filtered and paged, as a page
or `?format=csv|xlsx`), and /office/certificates.csv|.xlsx: the official list `ocop import` reads back; and the
tables the other office lists (producers, certificates, outlets, pull alerts, audit log, certificates expiring,
lists imported) download with `?format=`."""
from datetime import UTC, datetime

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import pgettext

from shop.accounts.access import requires
from shop.catalog.models import ProductGroup
from shop.certification.importer import REQUIRED_COLUMNS
from shop.certification.models import STATUS_LABELS as CERTIFICATE_STATUS_LABELS
from shop.clock import VIETNAM, today
from shop.exports import table_file
from shop.extensions import db
from shop.inventory.models import KIND_LABELS as LOCATION_KIND_LABELS
from shop.office import product_database as database
from shop.office.models import ACTION_LABELS
from shop.places import PROVINCE_SLUGS
from shop.sellers.models import OWNER_TYPES
from shop.sellers.models import STATUS_LABELS as SELLER_STATUS_LABELS
from shop.transfers.models import ALERT_KIND_LABELS
from shop.web import parse_page_number

bp = Blueprint("database", __name__)
PER_PAGE = 30


@bp.get("/products")
@requires("office")
def products():
    filters = database.parse_filters(request.args)
    rows = database.product_rows(filters, today())
    if request.args.get("format") is not None:
        return _products_file(request.args["format"], db.session.scalars(rows).unique().all())
    listing = db.paginate(rows, page=parse_page_number(request.args), per_page=PER_PAGE, error_out=False)
    groups = db.session.scalars(db.select(ProductGroup).order_by(ProductGroup.code)).all()
    return render_template("office/products.html", listing=listing, filters=filters, args=filters.as_args(),
                           status_of=database.statuses_of(listing.items, today()),
                           statuses=database.STATUS_LABELS, provinces=PROVINCE_SLUGS, groups=groups,
                           owner_types=OWNER_TYPES)


def _products_file(file_format: str, products: list):
    """The filtered product database as a CSV or XLSX table."""
    status_of = database.statuses_of(products, today())
    headings = [pgettext("column", "Sản phẩm"), _("Cơ sở"), _("Loại hình chủ thể"), _("Tỉnh"), _("Xã/phường"),
                _("Nhóm"), _("Sao"), _("Mã chứng nhận"), _("Số quyết định"), _("Ngày quyết định"),
                _("Hết hạn"), _("Trạng thái")]
    table = [[product.name, product.seller.name, str(OWNER_TYPES[product.seller.owner_type]), product.seller.province,
              product.seller.commune or "", product.group.name, certificate and certificate.stars,
              certificate and certificate.code, certificate and certificate.decision_number,
              certificate and certificate.decision_date, certificate and certificate.expires_on,
              str(database.STATUS_LABELS[status_of[product.id]])]
             for product, certificate in ((product, product.current_certificate) for product in products)]
    return table_file("co-so-du-lieu-ocop", file_format, headings, table)


@bp.get("/certificates.<any(csv, xlsx):file_format>")
@requires("office")
def certificate_list(file_format):
    """Every verified certificate in the columns `ocop import` reads (its product's GTIN too): importing it rebuilds
    them."""
    return table_file("danh-sach-chung-nhan-ocop", file_format, [*REQUIRED_COLUMNS, "gtin"],
                      database.certificate_list_rows())


def _local_time(moment: datetime) -> datetime:
    """A stored UTC moment as the shop's wall-clock time (Asia/Ho_Chi_Minh), without a zone, as a table cell."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(VIETNAM).replace(tzinfo=None)


def certificates_file(file_format: str, certificates: list):
    """A certificate queue (one status) as a CSV or XLSX table."""
    headings = [_("Mã"), pgettext("column", "Sản phẩm"), _("Cơ sở"), _("Sao"), _("Số quyết định"),
                _("Ngày quyết định"), _("Hết hạn"), _("Cơ quan cấp"), _("Trạng thái")]
    table = [[c.code, c.product.name, c.product.seller.name, c.stars, c.decision_number, c.decision_date,
              c.expires_on, c.authority, str(CERTIFICATE_STATUS_LABELS[c.status])] for c in certificates]
    return table_file("giay-chung-nhan-ocop", file_format, headings, table)


def producers_file(file_format: str, sellers: list):
    """A producer queue (one status) as a CSV or XLSX table."""
    headings = [_("Cơ sở"), _("Loại hình chủ thể"), _("Mã số thuế"), _("Tỉnh"), _("Xã/phường"), _("Địa chỉ"),
                _("Điện thoại"), _("Ngày gửi"), _("Trạng thái")]
    table = [[s.name, str(OWNER_TYPES[s.owner_type]), s.tax_code or "", s.province, s.commune or "", s.address or "",
              s.phone or "", s.created_at.date(), str(SELLER_STATUS_LABELS[s.status])] for s in sellers]
    return table_file("co-so-san-xuat", file_format, headings, table)


def audit_file(file_format: str, entries: list):
    """The office's audit log as a CSV or XLSX table."""
    headings = [_("Lúc"), _("Người quyết định"), _("Việc"), _("Đối tượng"), _("Lý do")]
    table = [[_local_time(e.at), e.actor.email, str(ACTION_LABELS.get(e.action, e.action)), e.subject_label,
              e.reason or ""] for e in entries]
    return table_file("nhat-ky-van-phong", file_format, headings, table)


def alerts_file(file_format: str, alerts: list):
    """Every outlet's open pull alerts as a CSV or XLSX table."""
    headings = [pgettext("column", "Sản phẩm"), _("Điểm bán"), _("Cơ sở sản xuất"), _("Cảnh báo"),
                _("Mã chứng nhận"), _("Hết hạn"), _("Tồn tại điểm bán"), _("Từ ngày")]
    table = [[a.product.name, a.location.name, a.product.seller.name, str(ALERT_KIND_LABELS[a.kind]),
              a.certificate.code, a.certificate.expires_on, a.units,
              _local_time(a.raised_at)] for a in alerts]
    return table_file("canh-bao-rut-hang", file_format, headings, table)


def outlets_file(file_format: str, places: list, staff: dict):
    """The OCOP outlets, with how many people work at each, as a CSV or XLSX table."""
    headings = [_("Tên"), _("Loại"), _("Tỉnh"), _("Xã, phường"), _("Địa chỉ"), _("Nhân viên")]
    table = [[p.name, str(LOCATION_KIND_LABELS[p.kind]), p.province, p.commune or "", p.address or "",
              staff.get(p.id, 0)] for p in places]
    return table_file("diem-ban-ocop", file_format, headings, table)


def expiring_file(file_format: str, certificates: list, reminded: dict):
    """The certificates expiring soon, with the day the office last reminded each producer, as a CSV or XLSX table."""
    headings = [_("Hết hạn"), _("Mã chứng nhận"), _("Sao"), pgettext("column", "Sản phẩm"), _("Cơ sở"), _("Tỉnh"),
                _("Nhắc lần cuối")]
    table = [[c.expires_on, c.code, c.stars, c.product.name, c.product.seller.name, c.product.seller.province,
              reminded.get(c.id)] for c in certificates]
    return table_file("chung-nhan-sap-het-han", file_format, headings, table)


def imports_file(file_format: str, runs: list):
    """The official lists imported on the web (who, when, the file, its counts) as a CSV or XLSX table."""
    headings = [_("Lúc nhập"), _("Người nhập"), _("Tệp"), "sha256", pgettext("import count", "Tạo mới"),
                pgettext("import count", "Cập nhật"), pgettext("import count", "Không đổi")]
    table = [[_local_time(run.imported_at), run.imported_by.email, run.file_name, run.sha256, run.created,
              run.updated, run.unchanged] for run in runs]
    return table_file("lich-su-nhap-danh-sach", file_format, headings, table)
