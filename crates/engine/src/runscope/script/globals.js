// Runscope's script globals: variables, request, response, log and console.
//
// The body of the prelude function; `host` is the object built by bindings.rs (log/get/set
// functions, the request/response as JSON text, the assertion library's source). Returns the function
// the host calls after a pre-request script to read back the (possibly edited) request.

// Header names are case-insensitive in HTTP; scripts write `headers["Content-Type"]` whatever
// casing the server used, so lookups and writes match an existing name regardless of case.
function caseInsensitive(target) {
  function existing(key) {
    if (typeof key !== "string" || Object.prototype.hasOwnProperty.call(target, key)) return key;
    var lower = key.toLowerCase();
    var names = Object.keys(target);
    for (var i = 0; i < names.length; i++) {
      if (names[i].toLowerCase() === lower) return names[i];
    }
    return key;
  }
  return new Proxy(target, {
    get: function (object, key) {
      return object[existing(key)];
    },
    set: function (object, key, value) {
      object[existing(key)] = value;
      return true;
    },
    has: function (object, key) {
      return existing(key) in object;
    },
    deleteProperty: function (object, key) {
      return delete object[existing(key)];
    },
  });
}

function logText(value) {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object") {
    try {
      var json = JSON.stringify(value);
      if (json !== undefined) return json;
    } catch (cyclic) {
      // Fall through to String(): a cyclic object still logs something.
    }
  }
  return String(value);
}

function log() {
  host.log(Array.prototype.map.call(arguments, logText).join(" "));
}

function fromHost(json) {
  if (json === undefined) return undefined;
  var value = JSON.parse(json);
  value.headers = caseInsensitive(value.headers);
  return value;
}

// `{name: value or [values]}` as [name, value] pairs, in order; null and undefined values drop.
function pairs(source) {
  var out = [];
  Object.keys(source || {}).forEach(function (name) {
    var value = source[name];
    if (value === undefined || value === null) return;
    (Array.isArray(value) ? value : [value]).forEach(function (item) {
      out.push([name, String(item)]);
    });
  });
  return out;
}

function bodyText(body) {
  if (body === undefined || body === null) return "";
  if (typeof body === "object") return JSON.stringify(body);
  return String(body);
}

// Indirect eval, taken before the script can replace `eval`: evaluates in the global scope.
var evaluate = eval;
var library;

// `assert`, `expect` and `AssertionError` compile the assertion library on first use; a script
// that never asserts (an initial script, a logging one) does not pay for it. Assigning to one of
// the names replaces it, as it would a plain global.

globalThis.log = log;
globalThis.console = { log: log, info: log, warn: log, error: log, debug: log };
globalThis.variables = Object.freeze({
  get: function (name) {
    return host.get(String(name));
  },
  set: function (name, value) {
    host.set(String(name), String(value));
  },
});
// Runscope's bundled helper libraries: Underscore, Moment, CryptoJS and xml2json are written
// here as far as real scripts use them (helpers.js, compiled on first use like the assertions);
// the others are not provided. Using something not provided fails with a sentence naming it, not a bare
// "is not defined". A script may still define its own of any of these names.
function unsupported(name) {
  function fail(what) {
    throw new Error("not supported by scimcheck: " + what + " (see docs/RUNSCOPE.md, Script helper libraries)");
  }
  return new Proxy(function () {}, {
    get: function (target, key) {
      if (typeof key === "symbol") return undefined;
      fail(name + "." + String(key));
    },
    apply: function () {
      fail(name + "()");
    },
    construct: function () {
      fail("new " + name + "()");
    },
  });
}
function replaceable(name, get) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get: get,
    set: function (value) {
      Object.defineProperty(globalThis, name, { value: value, writable: true, configurable: true });
    },
  });
}
var helpers;
["_", "moment", "CryptoJS", "xml2json"].forEach(function (name) {
  replaceable(name, function () {
    if (helpers === undefined) helpers = evaluate(host.helpers)(host, unsupported);
    return helpers[name];
  });
});
["marked", "encode", "marshal"].forEach(function (name) {
  replaceable(name, function () {
    return unsupported(name);
  });
});
["assert", "expect", "AssertionError"].forEach(function (name) {
  replaceable(name, function () {
    if (library === undefined) library = evaluate(host.assertions);
    return library[name];
  });
});
globalThis.request = fromHost(host.request);
globalThis.response = fromHost(host.response);

return function exportRequest() {
  var edited = globalThis.request;
  if (edited === null || typeof edited !== "object") {
    var shown = typeof edited === "string" ? "'" + edited + "'" : String(edited);
    throw new TypeError("the script replaced `request` with " + shown + "; it must stay an object");
  }
  return JSON.stringify({
    method: String(edited.method),
    url: String(edited.url),
    scheme: String(edited.scheme),
    host: String(edited.host),
    path: String(edited.path),
    params: pairs(edited.params),
    form: pairs(edited.form),
    headers: pairs(edited.headers),
    body: bodyText(edited.body),
  });
};
