"""Vietnam's 34 provinces since 2025-07-01, the 63 they replaced, and their 3,321 wards and communes.

Resolution 202/2025/QH15 merged 63 provinces into 34 and abolished districts.
Producers and outlets store the current province name; certificates issued
before the reform name a former province, which `province_named` maps.
"""
from functools import cache

from shop.text import fold, slugify

# Current province → former provinces merged into it (itself included when it kept its name).
MERGERS = {
    "Hà Nội": [], "Huế": ["Thừa Thiên Huế"], "Lai Châu": [], "Điện Biên": [],
    "Sơn La": [], "Lạng Sơn": [], "Quảng Ninh": [], "Thanh Hóa": [],
    "Nghệ An": [], "Hà Tĩnh": [], "Cao Bằng": [],
    "Tuyên Quang": ["Hà Giang"],
    "Lào Cai": ["Yên Bái"],
    "Thái Nguyên": ["Bắc Kạn"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Giang"],
    "Hưng Yên": ["Thái Bình"],
    "Hải Phòng": ["Hải Dương"],
    "Ninh Bình": ["Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Bình"],
    "Đà Nẵng": ["Quảng Nam"],
    "Quảng Ngãi": ["Kon Tum"],
    "Gia Lai": ["Bình Định"],
    "Khánh Hòa": ["Ninh Thuận"],
    "Lâm Đồng": ["Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Phú Yên"],
    "Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Bình Phước"],
    "Tây Ninh": ["Long An"],
    "Cần Thơ": ["Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Tiền Giang"],
    "Cà Mau": ["Bạc Liêu"],
    "An Giang": ["Kiên Giang"],
}
PROVINCES = sorted(MERGERS, key=fold)
PROVINCE_SLUGS = {slugify(name): name for name in PROVINCES}

_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp ")


def _key(text: str) -> str:
    key = fold(text).replace("–", "-").replace(" - ", "-")
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


_BY_KEY = {_key(name): name for name in PROVINCES}
_BY_KEY.update({_key(old): new for new, olds in MERGERS.items() for old in olds})


def province_named(text: str) -> str | None:
    """The current province for a current or former name, with or without diacritics."""
    return _BY_KEY.get(_key(text))

# Centrally-run cities (thành phố trực thuộc trung ương); the rest are tỉnh.
CITIES = ("Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh")


def people_committee(province: str) -> str:
    """The province's People's Committee, as written on its decisions: "UBND tỉnh Hà Tĩnh"."""
    return f"UBND {'thành phố' if province in CITIES else 'tỉnh'} {province}"


# Wards and communes (phường, xã, đặc khu) in force since 2025-07-01: the `vietnam-provinces` package (pinned in
# requirements.txt), which takes them from the General Statistics Office's list. Only this module imports it.
def _ward_key(name: str) -> str:
    """Sort "Phường Hoàn Kiếm" under H: by the name, not its kind."""
    for kind in ("phường ", "xã ", "đặc khu "):
        if name.lower().startswith(kind):
            return fold(name[len(kind):])
    return fold(name)


@cache
def _communes() -> dict[str, tuple[str, ...]]:
    from vietnam_provinces import Province, Ward

    ours = {province.code: province_named(province.name) for province in Province.iter_all()}
    found: dict[str, list[str]] = {name: [] for name in PROVINCES}
    for ward in Ward.iter_all():
        found[ours[ward.province_code]].append(ward.name)
    return {name: tuple(sorted(wards, key=_ward_key)) for name, wards in found.items()}


def communes_of(province: str | None) -> tuple[str, ...]:
    """The wards and communes of one of the 34 provinces, by name (none for anything else)."""
    return _communes().get(province or "", ())
