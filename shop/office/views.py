"""/office: the programme office's queues (producers, certificates), decisions and the audit log; the outlets'
screen (shop/office/outlets.py) is nested under it."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from shop.accounts.access import requires
from shop.catalog.gtin import GtinInvalid
from shop.catalog.models import Product
from shop.certification.models import CERTIFICATE_STATUSES, Certificate
from shop.certification.services import find_certificate, shelf_status
from shop.clock import today
from shop.extensions import db
from shop.office import database, expiring, imports, kpis, outlets, services, settlements, targets
from shop.office.forms import GtinForm
from shop.office.models import AuditEntry
from shop.office.product_database import certificate_history
from shop.sellers.forms import ChannelsForm, channels_form
from shop.sellers.models import SELLER_STATUSES, Seller
from shop.transfers.pull_alerts import open_alert_count, open_alerts
from shop.uploads import send_document
from shop.web import attempt, carry_out, found_or_404, parse_page_number

bp = Blueprint("office", __name__, url_prefix="/office")
bp.register_blueprint(outlets.bp)  # /office/outlets, its own screen: endpoints office.outlets.<view>
bp.register_blueprint(settlements.bp)  # /office/settlements: endpoints office.settlements.<view>
bp.register_blueprint(kpis.bp)  # /office/kpis: endpoint office.kpis.kpis
bp.register_blueprint(database.bp)  # /office/products and /office/certificates.csv|xlsx: office.database.<view>
bp.register_blueprint(imports.bp)  # /office/imports: official lists uploaded, previewed, imported
bp.register_blueprint(expiring.bp)  # /office/expiring: certificates ending soon, reminders by hand
bp.register_blueprint(targets.bp)  # /office/targets: a province's KPI targets per year


def _status(allowed) -> str:
    status = request.args.get("status", "pending")
    if status not in allowed:
        abort(400)
    return status


@bp.get("/")
@requires("office")
def dashboard():
    def count(model, status):
        return db.session.scalar(select(func.count()).select_from(model).where(model.status == status))
    return render_template("office/dashboard.html", pending_sellers=count(Seller, "pending"),
                           pending_certificates=count(Certificate, "pending"), pull_alerts=open_alert_count())


@bp.get("/producers")
@requires("office")
def producers():
    status = _status(SELLER_STATUSES)
    queue = select(Seller).where(Seller.status == status).order_by(Seller.created_at, Seller.id)
    if request.args.get("format") is not None:
        return database.producers_file(request.args["format"], db.session.scalars(queue).all())
    listing = db.paginate(queue, page=parse_page_number(request.args), per_page=30, error_out=False)
    return render_template("office/producers.html", listing=listing, status=status)


@bp.get("/producers/<int:seller_id>")
@requires("office")
def producer(seller_id, channels=None):
    seller = db.get_or_404(Seller, seller_id)
    channels = channels or channels_form(seller)
    history = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "seller",
                                                          AuditEntry.subject_id == seller.id)
                                 .order_by(AuditEntry.at.desc())).all()
    return render_template("office/producer.html", seller=seller, history=history, channels=channels)


@bp.post("/producers/<int:seller_id>/channels")
@requires("office")
def correct_channels(seller_id):
    """The office corrects a producer's enterprise size and declared sales channels (audited)."""
    seller = db.get_or_404(Seller, seller_id)
    form = ChannelsForm()
    if not form.validate():
        return producer(seller_id, channels=form), 400
    done, _unused = attempt(lambda: services.correct_channels(seller, current_user, form.size(),
                                                              form.channels.data), form.channels)
    if not done:
        return producer(seller_id, channels=form), 409
    flash(_("Đã lưu quy mô và kênh bán hàng của %(name)s.", name=seller.name), "success")
    return redirect(url_for("office.producer", seller_id=seller.id), 303)


@bp.post("/producers/<int:seller_id>/verify")
@requires("office")
def verify_producer(seller_id):
    seller = db.get_or_404(Seller, seller_id)
    carry_out(lambda: services.verify_seller(seller, current_user), _("Đã xác minh %(name)s.", name=seller.name))
    return redirect(url_for("office.producer", seller_id=seller.id))


@bp.post("/producers/<int:seller_id>/reject")
@requires("office")
def reject_producer(seller_id):
    seller = db.get_or_404(Seller, seller_id)
    carry_out(lambda: services.reject_seller(seller, current_user, request.form.get("reason", "")),
              _("Đã trả hồ sơ %(name)s kèm lý do.", name=seller.name))
    return redirect(url_for("office.producer", seller_id=seller.id))


@bp.get("/certificates")
@requires("office")
def certificates():
    status = _status(CERTIFICATE_STATUSES)
    queue = (select(Certificate).where(Certificate.status == status)
             .options(joinedload(Certificate.product).joinedload(Product.seller))
             .order_by(Certificate.created_at, Certificate.id))
    if request.args.get("format") is not None:
        return database.certificates_file(request.args["format"], db.session.scalars(queue).all())
    listing = db.paginate(queue, page=parse_page_number(request.args), per_page=30, error_out=False)
    return render_template("office/certificates.html", listing=listing, status=status)


@bp.get("/certificates/<code:code>")
@requires("office")
def certificate(code):
    certificate = found_or_404(find_certificate(code))
    return render_template("office/certificate.html", certificate=certificate, today=today())


@bp.post("/certificates/<code:code>/<any(verify, reject, revoke):decision>")
@requires("office")
def decide_certificate(code, decision):
    certificate = found_or_404(find_certificate(code))
    reason = request.form.get("reason", "")
    if decision == "verify":
        carry_out(lambda: services.approve_certificate(certificate, current_user, today()),
                  _("Đã xác minh giấy chứng nhận."))
    elif decision == "reject":
        carry_out(lambda: services.reject_certificate(certificate, current_user, reason),
                  _("Đã từ chối giấy chứng nhận."))
    else:
        carry_out(lambda: services.revoke(certificate, current_user, reason, today()),
                  _("Đã thu hồi giấy chứng nhận; sản phẩm đã rời khỏi mọi trang bán."))
    return redirect(url_for("office.certificate", code=certificate.code))


def _product(slug: str) -> Product:
    return found_or_404(db.session.scalar(select(Product).where(Product.slug == slug)))


@bp.get("/products/<slug:slug>")
@requires("office")
def product(slug):
    found = _product(slug)
    return _product_page(found, GtinForm(obj=found))


def _product_page(found: Product, gtin_form: GtinForm, status: int = 200):
    """The office's page on one product, its GTIN form as given."""
    history = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "product",
                                                          AuditEntry.subject_id == found.id)
                                 .order_by(AuditEntry.at.desc())).all()
    return render_template("office/product.html", product=found, shelf=shelf_status(found, today()), history=history,
                           timeline=certificate_history(found, today()), gtin_form=gtin_form), status


@bp.post("/products/<slug:slug>/gtin")
@requires("office")
def gtin(slug):
    found = _product(slug)
    form = GtinForm()
    if form.validate_on_submit():
        done, warning = attempt(lambda: services.correct_gtin(found, current_user, form.gtin.data), form.gtin,
                                {GtinInvalid: form.gtin})
        if done:
            flash(_("Đã lưu mã GTIN."), "success")
            if warning:
                flash(str(warning), "warning")
            return redirect(url_for("office.product", slug=found.slug), 303)
    return _product_page(found, form, 422)


@bp.post("/products/<slug:slug>/speciality")
@requires("office")
def speciality(slug):
    found = _product(slug)
    marked = request.form.get("speciality") == "1"
    done = _("Đã đánh dấu là đặc sản địa phương, không phải OCOP.") if marked else _("Đã bỏ dấu đặc sản địa phương.")
    carry_out(lambda: services.mark_speciality(found, current_user, marked, today()), done)
    return redirect(url_for("office.product", slug=found.slug), 303)


@bp.get("/alerts")
@requires("office")
def alerts():
    """Every outlet's pull alerts still open."""
    if request.args.get("format") is not None:
        return database.alerts_file(request.args["format"], db.session.scalars(open_alerts()).unique().all())
    listing = db.paginate(open_alerts(), page=parse_page_number(request.args), per_page=50,
                          error_out=False)
    return render_template("office/alerts.html", listing=listing)


@bp.get("/audit")
@requires("office")
def audit():
    log = select(AuditEntry).options(joinedload(AuditEntry.actor)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if request.args.get("format") is not None:
        return database.audit_file(request.args["format"], db.session.scalars(log).all())
    listing = db.paginate(log, page=parse_page_number(request.args), per_page=50, error_out=False)
    return render_template("office/audit.html", listing=listing)


@bp.get("/documents/<path:name>")
@requires("office")
def document(name):
    """An uploaded registration paper or certificate scan, for checking side by side."""
    return send_document(name)
