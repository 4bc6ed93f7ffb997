// Small behaviours asked for in the markup, since the shop's Content-Security-Policy runs no inline script:
// a [data-print] button prints the page; a [data-submit-on-change] field submits its form when changed.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-submit-on-change]")) { event.target.form.submit(); }
  });
}());
