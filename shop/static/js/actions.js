// Small behaviours asked for in the markup, since the shop's Content-Security-Policy runs no inline script:
// a [data-print] button prints the page; a [data-submit-on-change] field submits its form when changed;
// a [data-narrows="ID"] select offers in select #ID only the options whose data-group is its value.
(function () {
  "use strict";
  function narrow(chooser) {
    var target = document.getElementById(chooser.dataset.narrows);
    if (!target) { return; }
    Array.prototype.forEach.call(target.querySelectorAll("option[data-group]"), function (option) {
      var other = option.dataset.group !== chooser.value;
      option.hidden = option.disabled = other;
      if (other && option.selected) { target.value = ""; }
    });
    Array.prototype.forEach.call(target.querySelectorAll("optgroup"), function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-submit-on-change]")) { event.target.form.submit(); }
    if (event.target.matches("[data-narrows]")) { narrow(event.target); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-narrows]"), narrow);
  });
}());
