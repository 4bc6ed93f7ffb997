// Search box suggestions: ask /search/suggest 250 ms after the last key, show up to 8 names.
// A combobox (WAI-ARIA): arrow keys move through the names, Enter opens the chosen one, Escape closes;
// focus stays in the box and aria-activedescendant says which name is chosen.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var latest = 0;
  var active = -1;

  function options() { return list.querySelectorAll("[role=option]"); }

  function choose(index) {
    var all = options();
    active = all.length ? (index + all.length) % all.length : -1;
    Array.prototype.forEach.call(all, function (option, n) {
      option.setAttribute("aria-selected", n === active ? "true" : "false");
    });
    if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }

  function clear() {
    list.innerHTML = "";
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    choose(-1);
  }

  function show(suggestions) {
    clear();
    suggestions.forEach(function (item, n) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.name;
      a.tabIndex = -1;  // reached with the arrow keys from the box, not with Tab
      // The link itself is the option: an option may not hold a link (axe: nested-interactive)
      a.id = "q-option-" + n;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      li.setAttribute("role", "none");
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = suggestions.length === 0;
    input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { clear(); return; }
    timer = setTimeout(function () {
      var asked = ++latest;
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text))
        .then(function (answer) { return answer.ok ? answer.json() : { suggestions: [] }; })
        .then(function (body) { if (asked === latest) { show(body.suggestions); } })
        .catch(clear);
    }, 250);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clear(); return; }
    if (list.hidden) { return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      choose(event.key === "ArrowDown" ? active + 1 : (active < 0 ? -1 : active - 1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();  // open the chosen product rather than search for the typed words
      window.location.href = options()[active].href;
    }
  });
  document.addEventListener("click", function (event) { if (!list.contains(event.target)) { clear(); } });
}());
