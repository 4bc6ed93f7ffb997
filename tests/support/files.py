"""Small files for upload tests: a real PNG, a JPEG with GPS data, a real PDF, a fake one, and an executable."""
from io import BytesIO
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

FAKE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # the signature, and nothing a reader can open
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200  # a Windows .exe header


def pdf_bytes(pages: int = 1, password: str | None = None) -> bytes:
    """A real PDF of blank A4 pages, as pypdf writes it (optionally locked with a password)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = pdf_bytes()


def png_bytes(size=(32, 24), colour=(200, 30, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG photo whose EXIF says where it was taken (the GPS block) and with what camera."""
    image = Image.new("RGB", (40, 30), (30, 120, 60))
    exif = Image.Exif()
    exif[0x0110] = "Phone of a producer"  # Model
    exif[0x8825] = {1: "N", 2: (21.0, 35.0, 30.0), 3: "E", 4: (105.0, 50.0, 10.0)}  # GPSInfo: Thái Nguyên
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def upload(data: bytes, name: str):
    """A (stream, filename) pair, as the Flask test client takes for a file field."""
    return BytesIO(data), name


def stored_files(app) -> list:
    """Every uploaded file kept under the instance folder."""
    root = Path(app.instance_path)
    return sorted(p for folder in ("media", "private") for p in (root / folder).rglob("*") if p.is_file())
