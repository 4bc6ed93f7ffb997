"""Layout checks in a real browser: no sideways scrolling, and tap targets a finger can hit.

Target size (WCAG 2.2, 2.5.8, held here to the stricter 44 x 44 CSS px of 2.5.5 on a phone): every visible link,
button, input, select, textarea and summary, and a label that stands in for a hidden control (the filters' sheet
button), must measure at least `minimum` px both ways. What it does not hold:
- a link inline in a sentence (display `inline`, with words of its own paragraph around it): WCAG exempts it,
  since its height is the line's; nav links, chips, pagination and buttons are never inline in a sentence here
  (they are blocks or inline-flex), so they are measured;
- a checkbox or radio is measured by its label, the target a finger actually taps (a click on it ticks the box);
- what is not shown: no size, `visibility: hidden`, `opacity: 0`, or moved off screen (the skip link until focus).
"""

SMALL_CONTROLS = """minimum => {
  const inSentence = el => {
    if (getComputedStyle(el).display !== 'inline' || el.closest('nav')) return false;
    const block = el.parentElement.closest('p, li, dd, td, label, span');
    return block !== null && block.textContent.replace(el.textContent, '').trim().length > 0;
  };
  const hiddenControl = label => label.control && getComputedStyle(label.control).opacity === '0';
  const target = el => (el.type === 'checkbox' || el.type === 'radio') && el.labels.length ? el.labels[0] : el;
  const shown = (el, r) => {
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && style.visibility !== 'hidden' && style.opacity !== '0';
  };
  return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, label')]
    .filter(el => el.tagName !== 'LABEL' || hiddenControl(el))
    .map(el => [el, target(el).getBoundingClientRect()])
    .filter(([el, r]) => shown(el, r) && !inSentence(el) && (r.width < minimum || r.height < minimum))
    .map(([el, r]) => `${el.tagName.toLowerCase()} "${(el.innerText || el.name || el.id).trim().slice(0, 40)}" `
                      + `${Math.round(r.width)}x${Math.round(r.height)}`);
}"""


def horizontal_overflow(page) -> int:
    """How many CSS px the page is wider than the window: 0 when nothing scrolls sideways."""
    return page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def small_controls(page, minimum=44) -> list[str]:
    """The shown controls smaller than `minimum` x `minimum` CSS px, each as `tag "text" WxH` (see the module)."""
    return page.evaluate(SMALL_CONTROLS, minimum)
