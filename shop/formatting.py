"""Template filters for money, numbers, dates and phone numbers, formatted for the visitor's locale."""
from functools import lru_cache

from babel import Locale
from babel.numbers import format_compact_decimal, get_currency_symbol, get_group_symbol, parse_pattern
from flask_babel import format_currency, format_date, format_decimal, format_percent, format_time, get_locale

from shop.phones import display_phone, phone_uri


def vnd(amount: int | None) -> str:
    """Integer VND as "150.000 ₫" (Vietnamese) or "₫150,000" (English), as Babel's format_currency writes it."""
    if amount is None:
        return ""
    locale = get_locale()
    if locale is None:  # outside an application context: Babel's own default locale
        return format_currency(amount, "VND")
    group, positive, negative = _vnd_format(locale)
    return (positive if amount >= 0 else negative).format(f"{abs(amount):,}".replace(",", group))


@lru_cache(maxsize=8)
def _vnd_format(locale: Locale) -> tuple[str, str, str]:
    """The locale's digit-group mark and its patterns for VND amounts ≥ 0 and < 0 around the grouped digits
    ("{}\u00a0₫", "-{}\u00a0₫"): read once from Babel's data, for an integer amount in groups of three (VND has no
    minor unit); Babel's format_currency costs tens of microseconds at each call."""
    pattern = parse_pattern(locale.currency_formats["standard"])
    symbol = get_currency_symbol("VND", locale)
    return (get_group_symbol(locale), *(f"{prefix}{{}}{suffix}".replace("¤", symbol)
                                        for prefix, suffix in zip(pattern.prefix, pattern.suffix, strict=True)))


def vnd_short(amount: int) -> str:
    """VND in a few characters, for a chart's scale: "250 N ₫", "1,5 Tr ₫" (Vietnamese), "₫250K" (English)."""
    short = format_compact_decimal(amount, format_type="short", locale=get_locale(), fraction_digits=1)
    return f"{short}\u00a0₫" if get_locale().language == "vi" else f"₫{short}"


def day(value) -> str:
    """A date as Vietnamese write it on documents (05/01/2026); in English "Jan 5, 2026"."""
    return format_date(value, "dd/MM/yyyy" if get_locale().language == "vi" else "medium")


def clock_time(value) -> str:
    """A time of day in the shop's time zone (Asia/Ho_Chi_Minh), e.g. 14:05."""
    return format_time(value, "HH:mm")


def number(value: int) -> str:
    """A count with the locale's grouping: "1.000" in Vietnamese, "1,000" in English."""
    return format_decimal(value)


def share(value: float) -> str:
    """A fraction as a percentage with the locale's decimal mark, to one place where it has one: "33,3%" in
    Vietnamese, "33.3%" in English, "20%"."""
    return format_percent(value, "#,##0.#%")


def init_app(app):
    """Register the template filters: vnd, vnd_short, number, share, date, time, phone, tel."""
    app.add_template_filter(vnd, "vnd")
    app.add_template_filter(vnd_short, "vnd_short")
    app.add_template_filter(number, "number")
    app.add_template_filter(share, "share")
    app.add_template_filter(day, "date")
    app.add_template_filter(clock_time, "time")
    app.add_template_filter(display_phone, "phone")
    app.add_template_filter(phone_uri, "tel")
