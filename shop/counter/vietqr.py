"""VietQR: the EMVCo merchant-presented QR payload that Vietnamese banking apps read for a transfer through
NAPAS 24/7 (service QRIBFTTA: to a bank account), built locally — no call to any outside service.

Each field is ID, two-digit length, value: 00 format "01"; 01 "12" (dynamic: this amount, this sale);
38 the beneficiary (00 NAPAS's GUID A000000727, 01 the bank's BIN and the account number, 02 the service);
53 currency 704 (VND); 54 the amount; 58 country VN; 62 → 08 the purpose (the receipt's number); and 63 the
CRC-16/CCITT-FALSE of everything before it, "6304" included, as four hex digits.
"""
import re

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
BIN = re.compile(r"[0-9]{6}")
ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16(text: str) -> str:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, start 0xFFFF) of `text`'s bytes, as four upper-case hex digits."""
    crc = 0xFFFF
    for byte in text.encode():
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1) & 0xFFFF
    return f"{crc:04X}"


def payload(bank_bin: str, account: str, amount_vnd: int, purpose: str) -> str:
    """The VietQR text asking for `amount_vnd` dong to the account at the bank with this BIN, for `purpose`."""
    if not BIN.fullmatch(bank_bin) or not ACCOUNT.fullmatch(account) or amount_vnd <= 0:
        raise ValueError("a VietQR needs a 6-digit bank BIN, an account number and an amount")
    beneficiary = _field("00", bank_bin) + _field("01", account)
    text = (_field("00", "01") + _field("01", "12")
            + _field("38", _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", TO_ACCOUNT))
            + _field("53", "704") + _field("54", str(amount_vnd)) + _field("58", "VN")
            + _field("62", _field("08", purpose[:25])) + "6304")
    return text + crc16(text)
