(function () {
  "use strict";
  // Every value from the run is inserted with textContent or as an attribute-free text node:
  // nothing from the server is ever parsed as HTML or used as a link.
  var source = document.getElementById("scimcheck-data");
  var cases = JSON.parse(source.textContent);

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function size(bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1048576) return (bytes / 1024).toFixed(1) + " KiB";
    return (bytes / 1048576).toFixed(1) + " MiB";
  }
  function utf8Length(text) {
    var bytes = 0;
    for (var i = 0; i < text.length; i += 1) {
      var code = text.charCodeAt(i);
      if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (code >= 0xd800 && code < 0xdc00) { bytes += 4; i += 1; }
      else bytes += 3;
    }
    return bytes;
  }
  function readable(body) {
    var trimmed = body.trim();
    if (trimmed[0] === "{" || trimmed[0] === "[") {
      try { return JSON.stringify(JSON.parse(trimmed), null, 2); } catch (e) { /* not JSON */ }
    }
    return body;
  }
  function facts(host, rows) {
    var dl = el("dl", "facts");
    var any = false;
    rows.forEach(function (row) {
      if (!row[1]) return;
      dl.appendChild(el("dt", null, row[0]));
      dl.appendChild(el("dd", row[2] || null, row[1]));
      any = true;
    });
    if (any) host.appendChild(dl);
  }
  function headerTable(headers) {
    var table = el("table", "headers");
    headers.forEach(function (pair) {
      var tr = el("tr");
      tr.appendChild(el("td", null, pair[0]));
      tr.appendChild(el("td", null, pair[1]));
      table.appendChild(tr);
    });
    return table;
  }
  function bodyBlock(part, body) {
    if (!body) { part.appendChild(el("div", "empty", "no body")); return; }
    part.appendChild(el("pre", null, readable(body)));
  }
  function exchange(ex, index, count) {
    var box = el("div", "exchange");
    var req = ex.request;
    var line = el("div", "line");
    if (count > 1) line.appendChild(el("span", "label", "#" + (index + 1)));
    line.appendChild(el("span", "method", req.method));
    line.appendChild(el("span", "url", req.url));
    var res = ex.response;
    if (res) {
      line.appendChild(el("span", "status s" + String(res.status).charAt(0), res.status + " " + res.reason));
      line.appendChild(el("span", "label", res.time_ms + " ms · " + size(res.size_bytes)));
    }
    box.appendChild(line);
    var request = el("div", "part");
    request.appendChild(el("div", "label", "Request"));
    request.appendChild(headerTable(req.headers));
    bodyBlock(request, req.body);
    box.appendChild(request);
    if (res) {
      var response = el("div", "part");
      response.appendChild(el("div", "label", "Response"));
      response.appendChild(headerTable(res.headers));
      bodyBlock(response, res.body);
      if (res.body_truncated) {
        response.appendChild(el("div", "cut", "Body cut by scimcheck: kept " +
          size(utf8Length(res.body)) + " of " + size(res.size_bytes) + " received."));
      }
      box.appendChild(response);
    } else {
      box.appendChild(el("div", "transport", "No response: " + (ex.error || "nothing was recorded")));
    }
    return box;
  }
  // What was wanted, in the words the terminal uses (Rule::wanted): the rules that invert
  // their expected value would otherwise show the same value under Expected and Actual.
  function wanted(a) {
    if (a.rule === "not-equal") { return "a value other than " + a.expected; }
    if (a.rule === "excludes") { return "no " + a.expected + " among them"; }
    return a.expected;
  }
  function assertionTable(list) {
    var table = el("table");
    var head = el("tr");
    ["", "Check", "Expected", "Actual"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    table.appendChild(head);
    list.forEach(function (a) {
      var tr = el("tr", a.passed ? null : "failed");
      tr.appendChild(el("td", a.passed ? "ok" : "ko", a.passed ? "✓" : "✗"));
      var what = el("td", null, a.description);
      if (a.note) { what.appendChild(el("div", "empty", a.note)); }
      tr.appendChild(what);
      var expected = el("td"); expected.appendChild(el("code", null, wanted(a))); tr.appendChild(expected);
      var actual = el("td"); actual.appendChild(el("code", null, a.actual)); tr.appendChild(actual);
      table.appendChild(tr);
    });
    return table;
  }
  function render(c, host) {
    facts(host, [
      ["Reason", c.reason],
      ["Hint", c.hint, "hint"],
      ["RFC", c.rfc_section],
      ["Requires", (c.requirements || []).map(function (r) {
        return r.section + " " + r.keyword + ": " + r.text + " (" + r.id + ")";
      }).join("; ")],
      ["Severity", c.severity],
      ["Tags", (c.tags || []).join(", ")],
      ["Id", c.id]
    ]);
    if (c.assertions.length) {
      host.appendChild(el("h3", null, "Assertions"));
      host.appendChild(assertionTable(c.assertions));
    }
    if (c.exchanges.length) {
      host.appendChild(el("h3", null, c.exchanges.length === 1 ? "Exchange" : c.exchanges.length + " exchanges"));
      c.exchanges.forEach(function (ex, i) { host.appendChild(exchange(ex, i, c.exchanges.length)); });
    }
    if (c.logs.length) {
      host.appendChild(el("h3", null, "Logs"));
      host.appendChild(el("pre", null, c.logs.join("\n")));
    }
  }

  var rows = Array.prototype.slice.call(document.querySelectorAll("details.case"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));
  document.addEventListener("toggle", function (event) {
    var d = event.target;
    if (!d.classList || !d.classList.contains("case") || !d.open || d.getAttribute("data-done")) return;
    d.setAttribute("data-done", "1");
    var host = d.querySelector(".body");
    host.textContent = "";
    render(cases[Number(d.getAttribute("data-i"))], host);
  }, true);

  // Search text per case, built once: id, title, category, reason, RFC, hint, tags, URLs.
  var haystack = rows.map(function (d) {
    var c = cases[Number(d.getAttribute("data-i"))];
    var parts = [c.id, c.title, c.category, c.reason, c.rfc_section, c.hint, (c.tags || []).join(" ")];
    c.exchanges.forEach(function (ex) { parts.push(ex.request.method + " " + ex.request.url); });
    return parts.filter(Boolean).join("\n").toLowerCase();
  });
  var search = document.getElementById("search");
  var nothing = document.getElementById("nothing");
  var filter = "all";
  function apply() {
    var query = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (d, i) {
      var visible = (filter === "all" || d.getAttribute("data-v") === filter) &&
        (!query || haystack[i].indexOf(query) !== -1);
      d.hidden = !visible;
      if (visible) shown += 1;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("details.case:not([hidden])"); });
    nothing.hidden = shown !== 0;
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (b) {
      if (b.classList.contains("chip")) b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === filter));
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (b) {
    b.addEventListener("click", function () { filter = b.getAttribute("data-filter"); apply(); });
  });
  search.addEventListener("input", apply);
  document.getElementById("expand").addEventListener("click", function () {
    var open = rows.some(function (d) { return !d.hidden && !d.open; });
    rows.forEach(function (d) { if (!d.hidden) d.open = open; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== search) { event.preventDefault(); search.focus(); }
  });
  apply();

  // report.html#<case id> opens that case, so terminals and CI logs can link straight to it.
  function openFromHash() {
    var wanted = decodeURIComponent(location.hash.slice(1));
    if (!wanted) return;
    var index = cases.findIndex(function (c) { return c.id === wanted; });
    var row = rows.filter(function (d) { return Number(d.getAttribute("data-i")) === index; })[0];
    if (!row) return;
    row.open = true;
    row.scrollIntoView();
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
})();
