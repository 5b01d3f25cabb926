// A minimal stand-in for the browser DOM, just what the report's script touches, so the test
// can run the real script in QuickJS. Setting or reading innerHTML throws: the script must only
// ever insert text. Inputs: DATA (the data block's text) and VERDICTS (one per case).
var listeners = {};
function Node(tag) {
  this.tagName = tag; this.children = []; this.attrs = {}; this.className = "";
  this.own = null; this.hidden = false; this.open = false; this.value = ""; this.handlers = {};
}
Object.defineProperty(Node.prototype, "textContent", {
  get: function () {
    return this.own !== null ? this.own : this.children.map(function (c) { return c.textContent; }).join("");
  },
  set: function (v) { this.own = String(v); this.children = []; }
});
Object.defineProperty(Node.prototype, "innerHTML", {
  get: function () { throw new Error("innerHTML read"); },
  set: function () { throw new Error("innerHTML written"); }
});
Object.defineProperty(Node.prototype, "classList", {
  get: function () {
    var names = this.className.split(" ");
    return { contains: function (c) { return names.indexOf(c) !== -1; } };
  }
});
Node.prototype.appendChild = function (child) { if (this.own === "") this.own = null; this.children.push(child); return child; };
Node.prototype.setAttribute = function (k, v) { this.attrs[k] = String(v); };
Node.prototype.getAttribute = function (k) { return k in this.attrs ? this.attrs[k] : null; };
Node.prototype.addEventListener = function (type, f) { this.handlers[type] = f; };
Node.prototype.scrollIntoView = function () {};
Node.prototype.querySelector = function (selector) {
  if (selector === ".body") return this.body;
  if (selector === "details.case:not([hidden])") {
    return this.rows.filter(function (r) { return !r.hidden; })[0] || null;
  }
  throw new Error("unexpected selector " + selector);
};

var rows = VERDICTS.map(function (verdict, i) {
  var d = new Node("details");
  d.className = "case";
  d.setAttribute("data-i", i);
  d.setAttribute("data-v", verdict);
  d.body = new Node("div");
  return d;
});
var group = new Node("section");
group.rows = rows;
var buttons = ["all", "fail", "error", "warn", "skip", "pass"].map(function (f) {
  var b = new Node("button");
  b.className = "chip";
  b.setAttribute("data-filter", f);
  return b;
});
var byId = { "scimcheck-data": new Node("script"), search: new Node("input"), nothing: new Node("p"), expand: new Node("button") };
byId["scimcheck-data"].textContent = DATA;
var document = {
  activeElement: null,
  createElement: function (tag) { return new Node(tag); },
  getElementById: function (id) { return byId[id]; },
  querySelectorAll: function (selector) {
    if (selector === "details.case") return rows;
    if (selector === "section.group") return [group];
    if (selector === "[data-filter]") return buttons;
    throw new Error("unexpected selector " + selector);
  },
  addEventListener: function (type, f) { listeners[type] = f; }
};
var window = { addEventListener: function () {} };
var location = { hash: "" };
