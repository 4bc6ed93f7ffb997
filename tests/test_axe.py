"""axe-core (tests/vendor/axe.min.js, run in Chromium) finds no serious or critical accessibility violation on the
shop's main pages, on a phone and on a desktop: labels, contrast, landmarks and ARIA."""
from pathlib import Path

import pytest

from tests.support.showcase import PAGES, visiting

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SERIOUS = """async () => (await axe.run(document)).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')}`)"""


@pytest.fixture(scope="module")
def visitors(browser, tmp_path_factory):
    # axe is injected as a script of the page's own, which the shop's Content-Security-Policy rightly forbids
    with visiting(browser, tmp_path_factory.mktemp("demo"), bypass_csp=True) as visitors:
        yield visitors


def serious_violations(page) -> list[str]:
    """axe's serious and critical violations on the page as it stands, one line each with where they are."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(SERIOUS)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_no_serious_accessibility_violation(visitors, name, device):
    page = visitors.visit(name, device)
    assert serious_violations(page) == []
    page.close()


def test_axe_reports_what_it_should(visitors):
    """The run itself: an unlabelled field and grey-on-grey text are found."""
    page = visitors.visit("home", "desktop")
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<input type="text" name="x"><p style="color:#999;background:#aaa">mờ</p>')""")
    found = serious_violations(page)
    assert any(line.startswith("label ") for line in found) and any("color-contrast" in line for line in found)
    page.close()
