// Runscope's bundled helper libraries, as far as real scripts use them: Underscore (`_`),
// Moment (`moment`), CryptoJS and xml2json. Written here (not the libraries themselves),
// covering the functions scripts call; anything else throws "not supported by scimcheck:
// _.name". Bytes (digests, keys, encoded text) travel as lowercase hex through the host's Rust
// functions: digests and HMACs (RustCrypto), base64, UTF-8, Moment's format tokens (chrono) and
// the XML parse behind xml2json (quick-xml).
//
// The body of a function taking `host` and `unsupported` (globals.js) and returning
// `{ _: …, moment: …, CryptoJS: …, xml2json: … }`; globals.js evaluates it when a script first
// uses one.

// An object (or function) whose unknown members throw the "not supported" sentence instead of
// being undefined.
function guarded(name, members) {
  return new Proxy(members, {
    get: function (target, key, receiver) {
      if (typeof key === "symbol" || key in target) return Reflect.get(target, key, receiver);
      return unsupported(name)[key];
    },
  });
}

// ---- Underscore ---------------------------------------------------------------------------

// Underscore's object-oriented wrapper (`_(list).map(…)`, `_.chain`) is not provided.
var u = function () {
  return unsupported("_")();
};

function iteratee(value) {
  if (value === undefined || value === null) return u.identity;
  if (typeof value === "function") return value;
  if (typeof value === "object") return u.matches(value);
  return function (item) {
    return item === null || item === undefined ? undefined : item[value];
  };
}

// [value, key] pairs of an array (index keys) or an object (own keys).
function entries(list) {
  if (list === null || list === undefined) return [];
  if (Array.isArray(list) || typeof list === "string") {
    return Array.prototype.map.call(list, function (v, i) {
      return [v, i];
    });
  }
  return Object.keys(list).map(function (k) {
    return [list[k], k];
  });
}

u.identity = function (value) {
  return value;
};
u.each = u.forEach = function (list, fn, context) {
  entries(list).forEach(function (e) {
    fn.call(context, e[0], e[1], list);
  });
  return list;
};
u.map = u.collect = function (list, fn, context) {
  var f = iteratee(fn);
  return entries(list).map(function (e) {
    return f.call(context, e[0], e[1], list);
  });
};
u.reduce = u.foldl = u.inject = function (list, fn, memo, context) {
  var items = entries(list);
  var start = 0;
  if (arguments.length < 3) {
    if (items.length === 0) throw new TypeError("_.reduce of an empty list with no initial value");
    memo = items[0][0];
    start = 1;
  }
  for (var i = start; i < items.length; i++) memo = fn.call(context, memo, items[i][0], items[i][1], list);
  return memo;
};
u.filter = u.select = function (list, fn, context) {
  var f = iteratee(fn);
  return entries(list)
    .filter(function (e) {
      return f.call(context, e[0], e[1], list);
    })
    .map(function (e) {
      return e[0];
    });
};
u.reject = function (list, fn, context) {
  var f = iteratee(fn);
  return u.filter(list, function (v, k, l) {
    return !f.call(context, v, k, l);
  });
};
u.find = u.detect = function (list, fn, context) {
  var f = iteratee(fn);
  var items = entries(list);
  for (var i = 0; i < items.length; i++) {
    if (f.call(context, items[i][0], items[i][1], list)) return items[i][0];
  }
  return undefined;
};
u.every = u.all = function (list, fn, context) {
  var f = iteratee(fn);
  return entries(list).every(function (e) {
    return f.call(context, e[0], e[1], list);
  });
};
u.some = u.any = function (list, fn, context) {
  var f = iteratee(fn);
  return entries(list).some(function (e) {
    return f.call(context, e[0], e[1], list);
  });
};
u.contains = u.includes = u.include = function (list, value) {
  return u.values(list).some(function (item) {
    return item === value || (item !== item && value !== value);
  });
};
u.matches = u.matcher = function (attrs) {
  return function (item) {
    return Object.keys(attrs).every(function (k) {
      return item !== null && item !== undefined && item[k] === attrs[k];
    });
  };
};
u.where = function (list, attrs) {
  return u.filter(list, u.matches(attrs));
};
u.findWhere = function (list, attrs) {
  return u.find(list, u.matches(attrs));
};
u.pluck = function (list, key) {
  return u.map(list, function (item) {
    return item === null || item === undefined ? undefined : item[key];
  });
};
function extreme(list, fn, better) {
  var f = iteratee(fn);
  var best;
  var bestScore;
  entries(list).forEach(function (e) {
    var score = f(e[0], e[1], list);
    if (bestScore === undefined || better(score, bestScore)) {
      best = e[0];
      bestScore = score;
    }
  });
  return best === undefined ? (better(1, 0) ? -Infinity : Infinity) : best;
}
u.max = function (list, fn) {
  return extreme(list, fn, function (a, b) {
    return a > b;
  });
};
u.min = function (list, fn) {
  return extreme(list, fn, function (a, b) {
    return a < b;
  });
};
u.sortBy = function (list, fn) {
  var f = iteratee(fn);
  return entries(list)
    .map(function (e, i) {
      return { value: e[0], score: f(e[0], e[1], list), index: i };
    })
    .sort(function (a, b) {
      if (a.score < b.score) return -1;
      if (a.score > b.score) return 1;
      return a.index - b.index;
    })
    .map(function (e) {
      return e.value;
    });
};
function grouping(add) {
  return function (list, fn) {
    var f = iteratee(fn);
    var out = {};
    entries(list).forEach(function (e) {
      add(out, f(e[0], e[1], list), e[0]);
    });
    return out;
  };
}
u.groupBy = grouping(function (out, key, value) {
  (Object.prototype.hasOwnProperty.call(out, key) ? out[key] : (out[key] = [])).push(value);
});
u.indexBy = grouping(function (out, key, value) {
  out[key] = value;
});
u.countBy = grouping(function (out, key) {
  out[key] = (out[key] || 0) + 1;
});
u.size = function (list) {
  return entries(list).length;
};
u.first = u.head = u.take = function (array, n) {
  if (array === null || array === undefined) return n === undefined ? undefined : [];
  return n === undefined ? array[0] : Array.prototype.slice.call(array, 0, Math.max(0, n));
};
u.last = function (array, n) {
  if (array === null || array === undefined) return n === undefined ? undefined : [];
  if (n === undefined) return array[array.length - 1];
  return Array.prototype.slice.call(array, Math.max(0, array.length - n));
};
u.rest = u.tail = u.drop = function (array, n) {
  return Array.prototype.slice.call(array, n === undefined ? 1 : n);
};
u.initial = function (array, n) {
  return Array.prototype.slice.call(array, 0, Math.max(0, array.length - (n === undefined ? 1 : n)));
};
u.compact = function (array) {
  return u.filter(array, Boolean);
};
u.flatten = function (array, shallow) {
  var out = [];
  (array || []).forEach(function (item) {
    if (Array.isArray(item)) {
      out.push.apply(out, shallow ? item : u.flatten(item));
    } else {
      out.push(item);
    }
  });
  return out;
};
u.uniq = u.unique = function (array) {
  var out = [];
  (array || []).forEach(function (item) {
    if (!u.contains(out, item)) out.push(item);
  });
  return out;
};
u.without = function (array) {
  var drop = Array.prototype.slice.call(arguments, 1);
  return u.difference(array, drop);
};
u.difference = function (array) {
  var others = u.flatten(Array.prototype.slice.call(arguments, 1), true);
  return u.filter(array, function (item) {
    return !u.contains(others, item);
  });
};
u.union = function () {
  return u.uniq(u.flatten(Array.prototype.slice.call(arguments), true));
};
u.intersection = function (array) {
  var others = Array.prototype.slice.call(arguments, 1);
  return u.uniq(array).filter(function (item) {
    return others.every(function (other) {
      return u.contains(other, item);
    });
  });
};
u.zip = function () {
  var arrays = Array.prototype.slice.call(arguments);
  var length = u.max(u.pluck(arrays, "length"));
  return u.range(arrays.length ? length : 0).map(function (i) {
    return u.pluck(arrays, i);
  });
};
u.range = function (start, stop, step) {
  if (stop === undefined) {
    stop = start || 0;
    start = 0;
  }
  step = step || (stop < start ? -1 : 1);
  var out = [];
  for (var i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
};
u.times = function (n, fn, context) {
  return u.range(Math.max(0, n)).map(function (i) {
    return fn.call(context, i);
  });
};
u.random = function (low, high) {
  if (high === undefined) {
    high = low;
    low = 0;
  }
  return low + Math.floor(Math.random() * (high - low + 1));
};
u.keys = function (object) {
  return u.isObject(object) ? Object.keys(object) : [];
};
u.values = function (object) {
  return entries(object).map(function (e) {
    return e[0];
  });
};
u.pairs = function (object) {
  return u.keys(object).map(function (k) {
    return [k, object[k]];
  });
};
u.invert = function (object) {
  var out = {};
  u.keys(object).forEach(function (k) {
    out[object[k]] = k;
  });
  return out;
};
u.extend = u.assign = function (target) {
  Array.prototype.slice.call(arguments, 1).forEach(function (source) {
    if (source) Object.keys(source).forEach(function (k) {
      target[k] = source[k];
    });
  });
  return target;
};
u.defaults = function (target) {
  Array.prototype.slice.call(arguments, 1).forEach(function (source) {
    if (source) Object.keys(source).forEach(function (k) {
      if (target[k] === undefined) target[k] = source[k];
    });
  });
  return target;
};
function picking(keep) {
  return function (object) {
    var names = u.flatten(Array.prototype.slice.call(arguments, 1));
    var out = {};
    u.keys(object).forEach(function (k) {
      if (keep === u.contains(names, k)) out[k] = object[k];
    });
    return out;
  };
}
u.pick = picking(true);
u.omit = picking(false);
u.clone = function (value) {
  if (!u.isObject(value)) return value;
  return Array.isArray(value) ? value.slice() : u.extend({}, value);
};
u.has = function (object, key) {
  return object !== null && object !== undefined && Object.prototype.hasOwnProperty.call(object, key);
};
u.isEqual = function (a, b) {
  if (a === b) return a !== 0 || 1 / a === 1 / b;
  if (a !== a && b !== b) return true;
  if (!u.isObject(a) || !u.isObject(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (u.isDate(a) || u.isDate(b)) return u.isDate(a) && u.isDate(b) && a.getTime() === b.getTime();
  var ka = Object.keys(a);
  var kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(function (k) {
      return u.has(b, k) && u.isEqual(a[k], b[k]);
    })
  );
};
u.isEmpty = function (value) {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value) || typeof value === "string") return value.length === 0;
  return u.keys(value).length === 0;
};
u.isArray = Array.isArray;
u.isObject = function (value) {
  return (typeof value === "object" && value !== null) || typeof value === "function";
};
u.isFunction = function (value) {
  return typeof value === "function";
};
u.isString = function (value) {
  return typeof value === "string";
};
u.isNumber = function (value) {
  return typeof value === "number";
};
u.isBoolean = function (value) {
  return value === true || value === false;
};
u.isDate = function (value) {
  return value instanceof Date;
};
u.isNull = function (value) {
  return value === null;
};
u.isUndefined = function (value) {
  return value === undefined;
};
u.isNaN = function (value) {
  return typeof value === "number" && value !== value;
};
u.isFinite = function (value) {
  return typeof value === "number" && isFinite(value);
};
u.now = Date.now;
var idCounter = 0;
u.uniqueId = function (prefix) {
  idCounter += 1;
  return (prefix === undefined ? "" : String(prefix)) + idCounter;
};

// ---- Moment (UTC) -------------------------------------------------------------------------

var UNIT_MS = { millisecond: 1, second: 1000, minute: 60000, hour: 3600000, day: 86400000, week: 604800000 };
var UNIT_NAMES = {
  ms: "millisecond", milliseconds: "millisecond", millisecond: "millisecond",
  s: "second", seconds: "second", second: "second",
  m: "minute", minutes: "minute", minute: "minute",
  h: "hour", hours: "hour", hour: "hour",
  d: "day", days: "day", day: "day",
  w: "week", weeks: "week", week: "week",
  M: "month", months: "month", month: "month",
  Q: "quarter", quarters: "quarter", quarter: "quarter",
  y: "year", years: "year", year: "year",
};

function unitOf(name) {
  var unit = UNIT_NAMES[name];
  if (unit === undefined) throw new Error("not supported by scimcheck: moment unit '" + name + "'");
  return unit;
}

// `at` moved by `amount` of `unit`: fixed-length units by milliseconds, months and years by
// the calendar (the day of month clamped to the target month's length, as Moment does).
function shifted(at, amount, unit) {
  if (UNIT_MS[unit] !== undefined) return at + amount * UNIT_MS[unit];
  var months = unit === "year" ? amount * 12 : unit === "quarter" ? amount * 3 : amount;
  var d = new Date(at);
  var day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  var last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

// A moment is an instant; `_utc` marks Moment's UTC mode, which only changes how `format()`
// without a format writes the offset ("Z" rather than "+00:00"): local time here is UTC.
function Moment(at, utc) {
  this._at = at;
  this._utc = utc;
}

function toMillis(input) {
  if (input === undefined) return Date.now();
  if (input instanceof Moment) return input._at;
  if (input instanceof Date) return input.getTime();
  if (typeof input === "number") return input;
  if (typeof input === "string") return Date.parse(input);
  if (Array.isArray(input)) {
    return Date.UTC(input[0], input[1] || 0, input[2] === undefined ? 1 : input[2], input[3] || 0, input[4] || 0, input[5] || 0, input[6] || 0);
  }
  return NaN;
}

function creating(utc) {
  return function (input, format) {
    if (format !== undefined) {
      throw new Error("not supported by scimcheck: moment(text, format) (give ISO 8601 text or a number)");
    }
    return new Moment(toMillis(input), utc);
  };
}
var moment = creating(false);
moment.utc = creating(true);
moment.unix = function (seconds) {
  return new Moment(seconds * 1000, false);
};
moment.isMoment = function (value) {
  return value instanceof Moment;
};
moment.now = Date.now;

function changed(m, amount, unit) {
  if (typeof amount === "object" && amount !== null) {
    var at = m._at;
    Object.keys(amount).forEach(function (k) {
      at = shifted(at, amount[k], unitOf(k));
    });
    m._at = at;
  } else {
    m._at = shifted(m._at, Number(amount), unitOf(unit === undefined ? "ms" : unit));
  }
  return m;
}

var GETTERS = {
  year: "getUTCFullYear", month: "getUTCMonth", date: "getUTCDate", day: "getUTCDay",
  hour: "getUTCHours", hours: "getUTCHours", minute: "getUTCMinutes", minutes: "getUTCMinutes",
  second: "getUTCSeconds", seconds: "getUTCSeconds", millisecond: "getUTCMilliseconds",
  milliseconds: "getUTCMilliseconds",
};

var momentMembers = {
  format: function (format) {
    if (!this.isValid()) return "Invalid date";
    var standard = this._utc ? "YYYY-MM-DDTHH:mm:ss[Z]" : "YYYY-MM-DDTHH:mm:ssZ";
    return host.formatTime(this._at, format === undefined ? standard : String(format));
  },
  toISOString: function () {
    return new Date(this._at).toISOString();
  },
  toJSON: function () {
    return this.isValid() ? this.toISOString() : null;
  },
  toString: function () {
    return new Date(this._at).toUTCString();
  },
  toDate: function () {
    return new Date(this._at);
  },
  valueOf: function () {
    return this._at;
  },
  unix: function () {
    return Math.floor(this._at / 1000);
  },
  isValid: function () {
    return this._at === this._at;
  },
  clone: function () {
    return new Moment(this._at, this._utc);
  },
  // Local time is UTC here: utc() and local() switch the mode and nothing else.
  utc: function () {
    this._utc = true;
    return this;
  },
  local: function () {
    this._utc = false;
    return this;
  },
  utcOffset: function () {
    return 0;
  },
  add: function (amount, unit) {
    return changed(this, amount, unit);
  },
  subtract: function (amount, unit) {
    if (typeof amount === "object" && amount !== null) {
      var negated = {};
      Object.keys(amount).forEach(function (k) {
        negated[k] = -amount[k];
      });
      return changed(this, negated);
    }
    return changed(this, -Number(amount), unit);
  },
  startOf: function (unit) {
    var d = new Date(this._at);
    switch (unitOf(unit)) {
      case "year":
        d.setUTCMonth(0, 1);
      // falls through
      case "month":
        d.setUTCDate(1);
      // falls through
      case "day":
        d.setUTCHours(0);
      // falls through
      case "hour":
        d.setUTCMinutes(0);
      // falls through
      case "minute":
        d.setUTCSeconds(0);
      // falls through
      case "second":
        d.setUTCMilliseconds(0);
        break;
      default:
        throw new Error("not supported by scimcheck: moment().startOf('" + unit + "')");
    }
    this._at = d.getTime();
    return this;
  },
  diff: function (other, unit, precise) {
    var ms = this._at - toMillis(other);
    var name = unit === undefined ? "ms" : unit;
    var value;
    if (UNIT_MS[unitOf(name)] !== undefined) {
      value = ms / UNIT_MS[unitOf(name)];
    } else {
      var a = new Date(this._at);
      var b = new Date(toMillis(other));
      var months = (a.getUTCFullYear() - b.getUTCFullYear()) * 12 + a.getUTCMonth() - b.getUTCMonth();
      if (months > 0 && shifted(b.getTime(), months, "month") > a.getTime()) months -= 1;
      if (months < 0 && shifted(b.getTime(), months, "month") < a.getTime()) months += 1;
      value = unitOf(name) === "year" ? months / 12 : unitOf(name) === "quarter" ? months / 3 : months;
    }
    return precise ? value : value < 0 ? Math.ceil(value) : Math.floor(value);
  },
  isBefore: function (other) {
    return this._at < toMillis(other);
  },
  isAfter: function (other) {
    return this._at > toMillis(other);
  },
  isSame: function (other) {
    return this._at === toMillis(other);
  },
};
Object.keys(GETTERS).forEach(function (name) {
  momentMembers[name] = function () {
    return new Date(this._at)[GETTERS[name]]();
  };
});
momentMembers.constructor = Moment;
Moment.prototype = guarded("moment()", momentMembers);

// ---- CryptoJS -----------------------------------------------------------------------------

// CryptoJS's byte container, holding its bytes as lowercase hex.
function WordArray(hex) {
  this._hex = hex;
  this.sigBytes = hex.length / 2;
}
WordArray.prototype.toString = function (encoder) {
  return (encoder || Hex).stringify(this);
};
WordArray.prototype.concat = function (other) {
  this._hex += other._hex;
  this.sigBytes = this._hex.length / 2;
  return this;
};
WordArray.prototype.clone = function () {
  return new WordArray(this._hex);
};
WordArray.prototype = guarded("WordArray", WordArray.prototype);

var Hex = {
  stringify: function (words) {
    return words._hex;
  },
  parse: function (text) {
    var hex = String(text).toLowerCase();
    if (!/^([0-9a-f]{2})*$/.test(hex)) throw new Error("CryptoJS.enc.Hex.parse: not hex text: " + text);
    return new WordArray(hex);
  },
};
var Utf8 = {
  stringify: function (words) {
    return host.hexUtf8(words._hex);
  },
  parse: function (text) {
    return new WordArray(host.utf8Hex(String(text)));
  },
};
var Latin1 = {
  stringify: function (words) {
    var out = "";
    for (var i = 0; i < words._hex.length; i += 2) out += String.fromCharCode(parseInt(words._hex.substr(i, 2), 16));
    return out;
  },
  parse: function (text) {
    var hex = "";
    for (var i = 0; i < text.length; i++) hex += ("0" + (text.charCodeAt(i) & 0xff).toString(16)).slice(-2);
    return new WordArray(hex);
  },
};
var Base64 = {
  stringify: function (words) {
    return host.base64(words._hex);
  },
  parse: function (text) {
    return new WordArray(host.unbase64(String(text)));
  },
};

// Text is hashed as its UTF-8 bytes, as CryptoJS does.
function bytesOf(value) {
  return value instanceof WordArray ? value._hex : host.utf8Hex(String(value));
}

function digest(algorithm) {
  return function (message) {
    return new WordArray(host.digest(algorithm, bytesOf(message)));
  };
}

function hmac(algorithm) {
  return function (message, key) {
    return new WordArray(host.hmac(algorithm, bytesOf(key), bytesOf(message)));
  };
}

// CryptoJS's progressive interface (crypto-js 3.x, `CryptoJS.algo.SHA256.create()` and
// `CryptoJS.algo.HMAC.create(CryptoJS.algo.SHA256, key)`, then `update(…)`… and `finalize(…)`),
// as Runscope's own aws4 script library signs with it. The parts are kept as hex and hashed by
// the host when finalized, so a part-by-part hash equals the one-shot one.
function Progressive(algorithm, keyHex) {
  this._algorithm = algorithm;
  this._key = keyHex;
  this._hex = "";
}
Progressive.prototype.update = function (message) {
  this._hex += bytesOf(message);
  return this;
};
Progressive.prototype.finalize = function (message) {
  if (message !== undefined) this.update(message);
  var hex = this._key === undefined ? host.digest(this._algorithm, this._hex) : host.hmac(this._algorithm, this._key, this._hex);
  return new WordArray(hex);
};
Progressive.prototype.reset = function () {
  this._hex = "";
  return this;
};
Progressive.prototype = guarded("CryptoJS hasher", Progressive.prototype);

function hasher(algorithm) {
  return guarded("CryptoJS.algo." + algorithm.toUpperCase(), {
    _algorithm: algorithm,
    create: function () {
      return new Progressive(algorithm);
    },
  });
}

var algo = {
  MD5: hasher("md5"),
  SHA1: hasher("sha1"),
  SHA256: hasher("sha256"),
  SHA512: hasher("sha512"),
};
algo.HMAC = guarded("CryptoJS.algo.HMAC", {
  create: function (hasherAlgo, key) {
    if (!hasherAlgo || typeof hasherAlgo._algorithm !== "string") {
      throw new Error("CryptoJS.algo.HMAC.create: the first argument must be a hasher such as CryptoJS.algo.SHA256");
    }
    return new Progressive(hasherAlgo._algorithm, bytesOf(key));
  },
});

var CryptoJS = guarded("CryptoJS", {
  algo: guarded("CryptoJS.algo", algo),
  MD5: digest("md5"),
  SHA1: digest("sha1"),
  SHA256: digest("sha256"),
  SHA512: digest("sha512"),
  HmacMD5: hmac("md5"),
  HmacSHA1: hmac("sha1"),
  HmacSHA256: hmac("sha256"),
  HmacSHA512: hmac("sha512"),
  enc: guarded("CryptoJS.enc", { Hex: Hex, Utf8: Utf8, Latin1: Latin1, Base64: Base64 }),
  lib: guarded("CryptoJS.lib", {
    WordArray: {
      create: function () {
        return new WordArray("");
      },
    },
  }),
});

// ---- xml2json -----------------------------------------------------------------------------

// Runscope lists an `xml2json` library without its API; taken to be the npm package of that
// name (buglabs/node-xml2json, 0.12), whose `toJson(xml, options)` builds an object from the
// parser's events: an element is an object of its attributes, its text under `$t` (dropped when
// it also has element children), a repeated child becomes an array, and an element with nothing
// but text collapses to that text. The XML is parsed in Rust (`host.xmlEvents`).
var TO_JSON_OPTIONS = ["object", "reversible", "coerce", "sanitize", "trim", "arrayNotation", "alternateTextNode"];

function coerced(coerce, value, key) {
  if (!coerce || value.trim() === "") return value;
  if (typeof coerce[key] === "function") return coerce[key](value);
  var number = Number(value);
  if (!isNaN(number)) return number;
  var lower = value.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : value;
}

function toJson(xml, options) {
  var o = options || {};
  Object.keys(o).forEach(function (key) {
    if (TO_JSON_OPTIONS.indexOf(key) < 0) throw new Error("xml2json.toJson: unknown option \"" + key + "\"");
  });
  var textKey = o.alternateTextNode ? (typeof o.alternateTextNode === "string" ? o.alternateTextNode : "_t") : "$t";
  var trim = o.trim === undefined ? true : o.trim;
  var forced = Array.isArray(o.arrayNotation) ? o.arrayNotation : [];
  var always = o.arrayNotation === true;
  var root = {};
  var current = root;
  var ancestors = [];
  var lastStarted = null;
  JSON.parse(host.xmlEvents(String(xml))).forEach(function (event) {
    var name = event[1];
    if (event[0] === "start") {
      lastStarted = name;
      var attrs = {};
      event[2].forEach(function (pair) {
        attrs[pair[0]] = coerced(o.coerce, pair[1], pair[0]);
      });
      if (!(name in current)) current[name] = always || forced.indexOf(name) >= 0 ? [attrs] : attrs;
      else if (!(current[name] instanceof Array)) current[name] = [current[name], attrs];
      else current[name].push(attrs);
      ancestors.push(current);
      current = attrs;
    } else if (event[0] === "text") {
      current[textKey] = (current[textKey] || "") + name;
    } else {
      if (current[textKey]) {
        if (trim) current[textKey] = current[textKey].trim();
        current[textKey] = coerced(o.coerce, current[textKey], name);
      }
      if (lastStarted !== name) delete current[textKey];
      var ancestor = ancestors.pop();
      if (!o.reversible && textKey in current && Object.keys(current).length === 1) {
        if (ancestor[name] instanceof Array) ancestor[name].push(ancestor[name].pop()[textKey]);
        else ancestor[name] = current[textKey];
      }
      current = ancestor;
    }
  });
  if (o.object) return root;
  return JSON.stringify(root).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

return {
  _: guarded("_", u),
  moment: guarded("moment", moment),
  CryptoJS: CryptoJS,
  xml2json: guarded("xml2json", { toJson: toJson }),
};
