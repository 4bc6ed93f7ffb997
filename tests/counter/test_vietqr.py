"""The VietQR payload: EMVCo fields in order, and the CRC held to a published example."""
import re

import pytest

from shop.counter.vietqr import crc16, payload

# Published by liopay/vietqr-php (README, "Build a Static Payment QR Code"), a NAPAS QR ending in its CRC 5802.
PUBLISHED = ("00020101021138480010A00000072701300006970403011621129950446040255204581253037045802VN"
             "5910PHUONG CAC6005HANOI62110307NPS68696304")


def fields(text: str) -> dict[str, str]:
    """The top-level ID → value map of an EMVCo payload (reads ID, two-digit length, value)."""
    found, at = {}, 0
    while at < len(text):
        tag, size = text[at:at + 2], int(text[at + 2:at + 4])
        found[tag], at = text[at + 4:at + 4 + size], at + 4 + size
    return found


def test_the_crc_is_ccitt_false_as_in_a_published_payload():
    assert crc16(PUBLISHED) == "5802"
    assert crc16("123456789") == "29B1"  # CRC-16/CCITT-FALSE's check value


def test_a_sale_payload_names_the_bank_account_amount_and_receipt():
    text = payload("970415", "113366668888", 245_000, "BL-261129-7K2M9Q")
    top = fields(text)
    assert list(top) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert (top["00"], top["01"], top["53"], top["54"], top["58"]) == ("01", "12", "704", "245000", "VN")
    merchant = fields(top["38"])
    assert merchant == {"00": "A000000727", "01": "00069704150112113366668888", "02": "QRIBFTTA"}
    assert fields(merchant["01"]) == {"00": "970415", "01": "113366668888"}
    assert fields(top["62"]) == {"08": "BL-261129-7K2M9Q"}
    assert top["63"] == crc16(text[:-4]) and re.fullmatch(r"[0-9A-F]{4}", top["63"])


@pytest.mark.parametrize("bank_bin, account, amount", [("97041", "1", 1), ("970415", "", 1), ("970415", "1", 0),
                                                       ("970415", "12 34", 1)])
def test_a_payload_without_a_bank_account_or_amount_is_a_mistake(bank_bin, account, amount):
    with pytest.raises(ValueError):
        payload(bank_bin, account, amount, "BL-261129-7K2M9Q")
