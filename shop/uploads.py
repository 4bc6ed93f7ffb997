"""Uploaded files, checked by what they contain (never by name or browser-given type) and by size.

Product photos are public (instance/media/, served at /media/); registration
papers and certificate decisions are private (instance/private/), shown only
to the producer's members and the programme office.
"""
import os
import secrets
from io import BytesIO

from flask import current_app, g
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; more is a decompression bomb, not a product photo
PDF_MAGIC = b"%PDF-"


class UploadRejected(ValueError):
    """The file is not what the form asks for; the message says why."""


def _read_limited(storage) -> bytes:
    limit = current_app.config["MEDIA_MAX_BYTES"]
    data = storage.stream.read(limit + 1)
    if not data:
        raise UploadRejected(_l("Tệp trống."))
    if len(data) > limit:
        raise UploadRejected(_l("Tệp quá lớn: tối đa %(mb)s MB.", mb=limit // (1024 * 1024)))
    return data


def _image_extension(data: bytes) -> str | None:
    """The extension for a JPEG, PNG or WebP that Pillow fully decodes, else None."""
    return _clean_image(data)[1]


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
    """Write under a random name in `folder` (relative to instance/) and return that relative path."""
    relative = os.path.join(folder, f"{secrets.token_hex(12)}.{extension}")
    target = os.path.join(current_app.instance_path, relative)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as out:
        out.write(data)
    g.setdefault("saved_uploads", []).append(target)
    return relative


def discard_saved_uploads() -> None:
    """Delete the files this request saved: the record they belonged to was refused."""
    for path in g.pop("saved_uploads", []):
        if os.path.exists(path):
            os.remove(path)


def save_product_image(storage) -> str:
    """Keep a product photo (JPEG, PNG or WebP) in public media; returns its path under /media/."""
    clean, extension = _clean_image(_read_limited(storage))
    if extension is None:
        raise UploadRejected(_l("Ảnh phải là tệp JPEG, PNG hoặc WebP hợp lệ."))
    return _store(clean, "media/products", extension).removeprefix("media/")


def save_document(storage, kind: str) -> str:
    """Keep a scanned document (PDF or image) privately; returns its path under instance/private/."""
    data = _read_limited(storage)
    extension = "pdf" if data.startswith(PDF_MAGIC) else _image_extension(data)
    if extension is None:
        raise UploadRejected(_l("Tài liệu phải là tệp PDF hoặc ảnh (JPEG, PNG, WebP)."))
    return _store(data, os.path.join("private", kind), extension).removeprefix("private/")


def private_folder() -> str:
    return os.path.join(current_app.instance_path, "private")
