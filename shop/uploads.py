"""Uploaded files, checked by what they contain (never by name or browser-given type) and by size.

Product photos are public (media/, served at /media/); registration
papers and certificate decisions are private (private/), shown only
to the producer's members and the programme office. Images are re-encoded
without their metadata; a PDF must open in pypdf and have a page. Files are
kept in the MEDIA_STORE (shop/media_store.py): under instance/, or in the database.

A file lives as long as the record naming it: one saved by a refused request
is deleted, and one a committed change replaced is deleted after the commit.
"""
import hashlib
import os
import secrets
from io import BytesIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

from shop import media_store
from shop.errors import Invalid

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; more is a decompression bomb, not a product photo
# Narrower copies of each product photo, for `srcset`: a card on a phone, a card on a sharp screen, a product page.
THUMBNAIL_WIDTHS = (320, 640, 1280)
PDF_MAGIC = b"%PDF-"


class UploadRejected(Invalid):
    """The file is not what the form asks for; the message says why."""


def _read_limited(storage) -> bytes:
    limit = current_app.config["MEDIA_MAX_BYTES"]
    data = storage.stream.read(limit + 1)
    if not data:
        raise UploadRejected(_l("Tệp trống."))
    if len(data) > limit:
        raise UploadRejected(_l("Tệp quá lớn: tối đa %(mb)s MB.", mb=limit // (1024 * 1024)))
    return data


def _clean_image(data: bytes) -> tuple[bytes | None, str | None]:
    """(the image re-encoded without its metadata, its extension), or (None, None) if it is not an image.

    Decoding every pixel rejects a renamed executable or a truncated photo; re-encoding drops
    EXIF data such as the GPS position of a producer's home.
    """
    try:
        with Image.open(BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS or image.width * image.height > MAX_IMAGE_PIXELS:
                return None, None
            image.load()
            out = BytesIO()
            image.save(out, image.format, **({"quality": 90} if image.format in ("JPEG", "WEBP") else {}))
            return out.getvalue(), IMAGE_FORMATS[image.format]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None, None


def _store(data: bytes, folder: str, extension: str) -> str:
    """Keep under a random name in `folder` (relative to instance/) and return that relative path."""
    return _write(data, os.path.join(folder, f"{secrets.token_hex(12)}.{extension}"))


def _write(data: bytes, relative: str) -> str:
    """Keep `data` as `relative` (to instance/), dropped again if the request is refused; returns `relative`."""
    media_store.store().save(relative, data)
    return relative


def _retire(folder: str, replaced: str | None) -> None:
    """Note a file the new upload replaces, to delete once the change is committed."""
    if replaced:
        media_store.store().retire(os.path.join(folder, replaced))


def uploads_refused() -> None:
    """Drop the files this request saved: the record they belonged to was refused (the old ones stay)."""
    media_store.store().refused()


def uploads_committed() -> None:
    """Keep the files this request saved and delete those they replaced: the change is committed."""
    media_store.store().committed()


def thumbnail_name(name: str, width: int) -> str:
    """Where the copy of photo `name` (a path under /media/) `width` pixels wide is kept."""
    stem, extension = os.path.splitext(name)
    return f"{stem}-{width}w{extension}"


def _thumbnails(clean: bytes) -> dict[int, bytes]:
    """The photo scaled down to each of THUMBNAIL_WIDTHS (never up: a narrow photo is kept as it is)."""
    copies = {}
    for width in THUMBNAIL_WIDTHS:
        with Image.open(BytesIO(clean)) as image:
            kind = image.format
            image.thumbnail((width, image.height))
            out = BytesIO()
            image.save(out, kind, **({"quality": 82} if kind in ("JPEG", "WEBP") else {}))
            copies[width] = out.getvalue()
    return copies


def save_product_image(storage, replacing: str | None = None) -> str:
    """Keep a product photo (JPEG, PNG or WebP) and its narrower copies in public media; returns its path under /media/.

    The photo it is `replacing` (and its copies) is deleted once the change is committed, so /media answers 404 for it.
    """
    clean, extension = _clean_image(_read_limited(storage))
    if extension is None:
        raise UploadRejected(_l("Ảnh phải là tệp JPEG, PNG hoặc WebP hợp lệ."))
    if replacing:
        for old in (replacing, *(thumbnail_name(replacing, width) for width in THUMBNAIL_WIDTHS)):
            _retire("media", old)
    name = _store(clean, "media/products", extension).removeprefix("media/")
    for width, copy in _thumbnails(clean).items():
        _write(copy, os.path.join("media", thumbnail_name(name, width)))
    return name


def _check_pdf(data: bytes) -> None:
    """Refuse a PDF that pypdf cannot open, that has no page, or that needs a password to read."""
    try:
        reader = PdfReader(BytesIO(data))
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception:  # a hostile file may trip any error inside the parser: then it is not a PDF
        pages, encrypted = 0, False
    if encrypted:
        raise UploadRejected(_l("Tệp PDF đã đặt mật khẩu hoặc mã hoá: hãy gửi bản không khoá."))
    if not pages:
        raise UploadRejected(_l("Tệp PDF bị hỏng hoặc không có trang nào."))


def save_document(storage, kind: str, replacing: str | None = None) -> str:
    """Keep a scanned document privately (a PDF with pages, or an image re-encoded without metadata).

    Returns its path under instance/private/; the document it is `replacing` is deleted once committed.
    """
    data = _read_limited(storage)
    if data.startswith(PDF_MAGIC):
        _check_pdf(data)
        extension = "pdf"
    else:
        data, extension = _clean_image(data)
    if extension is None:
        raise UploadRejected(_l("Tài liệu phải là tệp PDF hoặc ảnh (JPEG, PNG, WebP)."))
    _retire("private", replacing)
    return _store(data, os.path.join("private", kind), extension).removeprefix("private/")


def send_document(name: str):
    """A private document as a download, never rendered by the browser on the shop's origin.

    Images (re-encoded on upload) are shown inline; anything else is an attachment. Either
    way a sandboxing policy keeps it from running scripts or reaching the shop if opened.
    """
    inline = name.rsplit(".", 1)[-1] in IMAGE_FORMATS.values()
    response = media_store.store().send("private", name, max_age=0, as_attachment=not inline)
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'none'"
    return response


TABLE_EXTENSIONS = ("csv", "xlsx")
ZIP_MAGIC = b"PK\x03\x04"


def _table_kind(data: bytes, filename: str) -> str | None:
    """"csv" or "xlsx" when the name says so and the content agrees (UTF-8 text; a zip holding a workbook)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx" and data.startswith(ZIP_MAGIC) and b"xl/workbook.xml" in data:
        return "xlsx"
    if extension == "csv" and b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "csv"
    return None


def save_table_file(storage) -> tuple[str, str]:
    """Keep an uploaded list (.csv in UTF-8 or .xlsx) privately under a random name in instance/imports/;
    returns (its path under instance/, its sha256)."""
    data = _read_limited(storage)
    kind = _table_kind(data, storage.filename or "")
    if kind is None:
        raise UploadRejected(_l("Danh sách phải là tệp .csv (UTF-8) hoặc .xlsx hợp lệ."))
    return _store(data, "imports", kind), hashlib.sha256(data).hexdigest()
