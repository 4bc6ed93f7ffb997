"""URL converters that refuse malformed slugs, codes and order numbers with a 404 before any query runs."""
from werkzeug.routing import BaseConverter


class SlugConverter(BaseConverter):
    """`nuoc-mam-phu-quoc`: lower-case ASCII letters, digits and dashes."""

    regex = r"[a-z0-9][a-z0-9-]{0,159}"


class CertificateCodeConverter(BaseConverter):
    """`OCOP-7K2M-QX4P`, in any case."""

    regex = r"[A-Za-z0-9-]{1,20}"


class OrderNumberConverter(BaseConverter):
    """`DH-261123-7K2M9Q` (shop/orders/checkout.py), in any case."""

    regex = r"[Dd][Hh]-[0-9]{6}-[0-9A-Za-z]{6}"


class TransferNumberConverter(BaseConverter):
    """`CK-261129-7K2M9Q` (shop/transfers/services.py), in any case."""

    regex = r"[Cc][Kk]-[0-9]{6}-[0-9A-Za-z]{6}"


class SaleNumberConverter(BaseConverter):
    """`BL-261129-7K2M9Q` (a counter sale's receipt, shop/counter/services.py), in any case."""

    regex = r"[Bb][Ll]-[0-9]{6}-[0-9A-Za-z]{6}"


def init_app(app):
    """Register the converters: <slug:…>, <code:…>, <order_number:…>, <transfer_number:…> and <sale_number:…>."""
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.converters["code"] = CertificateCodeConverter
    app.url_map.converters["order_number"] = OrderNumberConverter
    app.url_map.converters["transfer_number"] = TransferNumberConverter
    app.url_map.converters["sale_number"] = SaleNumberConverter
