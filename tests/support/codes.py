"""Images of the codes staff scan, made here for the scanning tests: a QR code (segno, a runtime dependency already)
and an EAN-13 barcode (drawn by hand from the GS1 tables: no barcode library is installed), and a Y4M video of an
image for Chromium's fake camera."""
import io

import segno
from PIL import Image

L_CODES = ("0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111",
           "0001011")
G_CODES = tuple(code.translate(str.maketrans("01", "10"))[::-1] for code in L_CODES)
R_CODES = tuple(code.translate(str.maketrans("01", "10")) for code in L_CODES)
PARITIES = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL")
QUIET_MODULES = 11


def ean13_check_digit(first12: str) -> str:
    """The 13th digit: weights 1 and 3 alternating from the left over the first 12."""
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(first12))
    return str((10 - total % 10) % 10)


def ean13_modules(first12: str) -> str:
    """The 95 modules (1 = bar) of the EAN-13 code of `first12` plus its check digit."""
    digits = first12 + ean13_check_digit(first12)
    left = "".join((L_CODES if parity == "L" else G_CODES)[int(digit)]
                   for parity, digit in zip(PARITIES[int(digits[0])], digits[1:7], strict=True))
    right = "".join(R_CODES[int(digit)] for digit in digits[7:])
    return "101" + left + "01010" + right + "101"


def ean13_png(first12: str, module_px: int = 3, height_px: int = 90) -> bytes:
    """A PNG of the EAN-13 barcode, black bars on white with the quiet zones either side."""
    modules = "0" * QUIET_MODULES + ean13_modules(first12) + "0" * QUIET_MODULES
    image = Image.new("L", (len(modules) * module_px, height_px + 20), 255)
    for index, module in enumerate(modules):
        if module == "1":
            image.paste(0, (index * module_px, 10, (index + 1) * module_px, 10 + height_px))
    return _png(image)


def qr_png(text: str, scale: int = 6) -> bytes:
    """A PNG of the QR code of `text`, as the certificate label prints it (error correction M)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def y4m_video(png: bytes, size=(640, 480), frames: int = 5) -> bytes:
    """A short grey video (YUV 4:2:0) showing the image centred on white, for --use-file-for-fake-video-capture."""
    width, height = size
    frame = Image.new("L", size, 255)
    picture = Image.open(io.BytesIO(png)).convert("L")
    picture.thumbnail((width - 40, height - 40))
    frame.paste(picture, ((width - picture.width) // 2, (height - picture.height) // 2))
    chroma = bytes([128]) * (width // 2 * height // 2)
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    return header + (b"FRAME\n" + frame.tobytes() + chroma + chroma) * frames


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
