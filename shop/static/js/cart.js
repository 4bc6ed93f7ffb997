// The header's cart badge. Catalog pages are cached the same for everyone, so the count is not in the page:
// the server keeps it in the `cart_count` cookie, and this shows it (with a label a screen reader reads).
(function () {
  "use strict";
  var found = /(?:^|;\s*)cart_count=(\d{1,6})(?:;|$)/.exec(document.cookie);
  var badge = document.querySelector("[data-cart-count]");
  var count = found ? parseInt(found[1], 10) : 0;
  if (!badge || !count) { return; }
  var link = badge.closest("a");
  badge.textContent = String(count);
  badge.hidden = false;
  link.setAttribute("aria-label", count === 1 ? link.dataset.labelOne : link.dataset.labelMany.replace("{n}", count));
}());
