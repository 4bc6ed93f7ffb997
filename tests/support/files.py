"""Small files for upload tests: a real PNG, a PDF, and an executable wearing an image's name."""
from io import BytesIO

from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200  # a Windows .exe header


def png_bytes(size=(32, 24), colour=(200, 30, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, name: str):
    """A (stream, filename) pair, as the Flask test client takes for a file field."""
    return BytesIO(data), name
