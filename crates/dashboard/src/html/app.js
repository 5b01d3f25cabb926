// scimcheck dashboard: the only script the pages load (the CSP forbids inline script).
// It never builds markup from data: live cases arrive as HTML the server already escaped.
(function () {
  "use strict";
  function onReady(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  onReady(function () {
    var live = document.getElementById("live");
    if (live && window.EventSource) {
      var list = document.getElementById("cases");
      var progress = document.getElementById("progress");
      var source = new EventSource(live.getAttribute("data-events"));
      source.addEventListener("case", function (e) {
        list.insertAdjacentHTML("beforeend", e.data);
      });
      source.addEventListener("progress", function (e) {
        var p = JSON.parse(e.data);
        if (progress) { progress.max = Math.max(p.planned, p.done, 1); progress.value = p.done; }
        Object.keys(p).forEach(function (name) {
          var el = document.querySelector('[data-count="' + name + '"]');
          if (el) el.textContent = String(p[name]);
        });
      });
      source.addEventListener("done", function () {
        source.close();
        window.location.reload();
      });
    }
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (!window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
      });
    });
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = document.getElementById(button.getAttribute("data-copy"));
        if (input && navigator.clipboard) navigator.clipboard.writeText(input.value);
      });
    });
    var suite = document.getElementById("suite");
    var categories = document.getElementById("categories");
    if (suite && categories) {
      var sync = function () { categories.hidden = suite.value !== "builtin"; };
      suite.addEventListener("change", sync);
      sync();
    }
  });
})();
