"""Print sheets of stamps: A4 pages (SVG, drawn in millimetres), a grid of COLUMNS × ROWS stamps, each with the
QR code of its /s/<serial> address, the product's OCOP stars and its serial in text."""
import segno

COLUMNS, ROWS = 5, 6
PER_PAGE = COLUMNS * ROWS
PAGE_MM = (210, 297)
CELL_MM = (39, 46)
QR_MM = 28


def pages_of(stamps) -> list[list]:
    """The stamps split into pages, PER_PAGE on each, in order."""
    return [stamps[start:start + PER_PAGE] for start in range(0, len(stamps), PER_PAGE)]


def qr_drawing(url: str) -> tuple[int, str]:
    """The QR code of `url` (error correction M) as (modules on a side, SVG path of its dark modules, one
    rectangle per run along a row)."""
    rows = list(segno.make(url, error="m").matrix_iter(scale=1, border=0))
    path = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                end = next((at for at in range(x, len(row)) if not row[at]), len(row))
                path.append(f"M{x} {y}h{end - x}v1h{x - end}z")
                x = end
            else:
                x += 1
    return len(rows), "".join(path)


def cells(stamps, url_of) -> list[dict]:
    """Where each stamp of a page goes (its top-left corner in mm), its QR code and its address."""
    left = (PAGE_MM[0] - COLUMNS * CELL_MM[0]) / 2
    top = (PAGE_MM[1] - ROWS * CELL_MM[1]) / 2
    placed = []
    for index, stamp in enumerate(stamps):
        size, path = qr_drawing(url_of(stamp.serial))
        placed.append({"stamp": stamp, "x": left + index % COLUMNS * CELL_MM[0],
                       "y": top + index // COLUMNS * CELL_MM[1], "modules": size, "path": path})
    return placed
