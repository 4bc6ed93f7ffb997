"""Does a page fit a phone? No sideways scrolling, and no control smaller than a fingertip (WCAG 2.2's
44 x 44 CSS px). For Playwright pages; each answer says what is wrong, so a failing assert reads as a report."""

CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary"
# A radio button or checkbox is tapped through its label (which checks it), so the label is its target.
_SMALL = """([selector, minimum]) => [...document.querySelectorAll(selector)]
  .map(el => [el, ((el.type === 'radio' || el.type === 'checkbox') && el.closest('label')) || el])
  .map(([el, target]) => [el, target.getBoundingClientRect(), getComputedStyle(el)])
  .filter(([el, r, style]) => r.width > 0 && r.height > 0 && r.right > 0 && style.visibility !== 'hidden'
                              && (r.width < minimum || r.height < minimum))
  .map(([el, r]) => `${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute('aria-label') || el.name || '')
                      .trim().slice(0, 40)}" ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def horizontal_overflow(page) -> int:
    """How many CSS px the page is wider than its window: 0 when nothing scrolls sideways."""
    return page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def small_controls(page, minimum: int = 44) -> list[str]:
    """Every visible control (link, button, field, summary) smaller than `minimum` CSS px either way."""
    return page.evaluate(_SMALL, [CONTROLS, minimum])
