// The checkout's commune choice follows its province: a select[data-communes] (the URL of a province's
// communes, "__province__" standing for its name) refills the select #data-communes-for from that JSON.
// Without script the buyer presses "Chọn" ([data-without-script]), which this hides.
(function () {
  "use strict";
  function refill(target, communes) {
    var first = target.options[0];
    first.textContent = target.dataset.placeholder;
    var chosen = target.value;
    target.replaceChildren(first);
    communes.forEach(function (name) { target.add(new Option(name, name, false, name === chosen)); });
  }
  function follow(province) {
    var target = document.getElementById(province.dataset.communesFor);
    if (!target || !province.value) { return; }
    fetch(province.dataset.communes.replace("__province__", encodeURIComponent(province.value)),
          {headers: {Accept: "application/json"}})
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (found) { if (found) { refill(target, found.communes); } })
      .catch(function () { /* the typed fallback stays */ });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-communes]")) { follow(event.target); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-without-script]"), function (button) {
    button.hidden = true;
  });
}());
