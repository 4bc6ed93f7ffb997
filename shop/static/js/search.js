// Search box suggestions: ask /search/suggest 250 ms after the last key, show up to 8 names.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var latest = 0;

  function clear() { list.innerHTML = ""; list.hidden = true; }

  function show(suggestions) {
    clear();
    suggestions.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.name;
      li.setAttribute("role", "option");
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = suggestions.length === 0;
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
  input.addEventListener("keydown", function (event) { if (event.key === "Escape") { clear(); } });
  document.addEventListener("click", function (event) { if (!list.contains(event.target)) { clear(); } });
}());
