"""Template filters for money, numbers, dates and phone numbers, formatted for the visitor's locale."""
from babel.numbers import format_compact_decimal
from flask_babel import format_currency, format_date, format_decimal, format_percent, format_time, get_locale

from shop.phones import display_phone, phone_uri


def vnd(amount: int | None) -> str:
    """Integer VND as "150.000 ₫" (Vietnamese) or "₫150,000" (English)."""
    return "" if amount is None else format_currency(amount, "VND")


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
