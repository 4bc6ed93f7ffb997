"""The shop's one idea of "today": the date in Vietnam, or SHOP_TODAY when set."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """Today's date in Asia/Ho_Chi_Minh, overridden by the SHOP_TODAY setting."""
    return current_app.config.get("SHOP_TODAY") or datetime.now(VIETNAM).date()


def now() -> datetime:
    """The current moment in UTC, for stored timestamps (shown in Vietnam time by Babel)."""
    return datetime.now(UTC)


def vietnam_day(moment: datetime) -> date:
    """The shop's calendar day (Asia/Ho_Chi_Minh) of a stored moment (SQLite hands it back without its UTC zone)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(VIETNAM).date()
