"""Colours readable by everyone: WCAG AA contrast (4.5:1) for the shop's text colours."""
import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parent.parent / "shop/static/css/shop.css").read_text()
COLOURS = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("text, background", [
    ("ink", "paper"), ("muted", "paper"), ("brand", "paper"), ("brand-ink", "brand"), ("star", "star-bg"),
    ("brand-dark", "paper"), ("brand-ink", "brand-dark"),  # prices; a button under the pointer
    ("muted", "brand-tint"), ("brand", "brand-tint"),  # the footer's words and links, the chips
])
def test_text_colours_meet_wcag_aa(text, background):
    assert contrast(COLOURS[text], COLOURS[background]) >= 4.5


def test_muted_text_is_readable_on_white_cards_and_the_5_star_badge():
    five_star = re.search(r"\.stars-5 \{ background: (#[0-9a-fA-F]{6})", CSS).group(1)
    assert contrast(COLOURS["muted"], "#ffffff") >= 4.5 and contrast(COLOURS["brand"], "#ffffff") >= 4.5
    assert contrast(COLOURS["star"], five_star) >= 4.5


def test_the_edges_of_fields_and_the_keyboard_focus_stand_out():
    """WCAG 1.4.11: a field's border against white, and the focus ring on the paper and on the green header, 3:1."""
    assert contrast(COLOURS["field"], "#ffffff") >= 3
    assert contrast(COLOURS["brand"], COLOURS["paper"]) >= 3 and contrast(COLOURS["focus"], COLOURS["brand"]) >= 3
