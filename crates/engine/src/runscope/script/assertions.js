// Chai-compatible assertions for Runscope scripts: `assert(...)`, `assert.*`, `expect(...)`.
//
// Runscope bundles Chai, and Okta's scripts (and most hand-written Runscope tests) call
// `assert.ok(...)` or `expect(x).to.equal(y)`. This file is a small re-implementation of the parts
// of that interface those scripts use, with Chai's failure wording ("expected 2 to equal 3",
// "msg: expected …"). bindings.rs wraps it in a function returning `assert`, `expect` and
// `AssertionError`, so its helpers stay private; globals.js evaluates it on a script's first use
// of one of those three (compiling it is most of a script's fixed cost).

class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError";
  }
}

var IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Chai shortens displayed objects and arrays longer than this many characters.
var DISPLAY_LIMIT = 40;

// The type name Chai's `a`/`an` compares against: 'null', 'array', 'date', 'regexp', or `typeof`.
function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  var type = typeof value;
  if (type !== "object") return type;
  return Object.prototype.toString.call(value).slice(8, -1).toLowerCase();
}

function inspectKey(key) {
  return IDENTIFIER.test(key) ? key : "'" + key + "'";
}

// A readable rendering of any value, in the style of Chai's messages: 'text', [ 1, 2 ], { a: 1 }.
function inspect(value, depth, seen) {
  switch (typeName(value)) {
    case "string":
      return "'" + value + "'";
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return String(value) + "n";
    case "function":
      return value.name ? "[Function: " + value.name + "]" : "[Function]";
    case "regexp":
      return String(value);
    case "date":
      return isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
    case "error":
      return "[" + String(value) + "]";
    case "map":
      return "Map(" + value.size + ")";
    case "set":
      return "Set(" + value.size + ")";
    case "array":
      return inspectContainer(value, depth, seen, true);
    case "undefined":
    case "null":
    case "boolean":
    case "symbol":
      return String(value);
    default:
      return inspectContainer(value, depth, seen, false);
  }
}

function inspectContainer(value, depth, seen, isArray) {
  seen = seen || [];
  if (seen.indexOf(value) !== -1) return "[Circular]";
  if ((depth || 0) > 2) return isArray ? "[Array]" : "[Object]";
  seen.push(value);
  var parts = isArray
    ? value.map(function (item) {
        return inspect(item, (depth || 0) + 1, seen);
      })
    : Object.keys(value).map(function (key) {
        return inspectKey(key) + ": " + inspect(value[key], (depth || 0) + 1, seen);
      });
  seen.pop();
  if (parts.length === 0) return isArray ? "[]" : "{}";
  return isArray ? "[ " + parts.join(", ") + " ]" : "{ " + parts.join(", ") + " }";
}

// `inspect`, shortened like Chai's objDisplay when an array or object would be too long to read.
function display(value) {
  var text = inspect(value);
  if (text.length < DISPLAY_LIMIT) return text;
  var type = typeName(value);
  if (type === "array") return "[ Array(" + value.length + ") ]";
  if (type === "object") {
    var keys = Object.keys(value);
    var shown = keys.length > 2 ? keys.slice(0, 2).join(", ") + ", ..." : keys.join(", ");
    return "{ Object (" + shown + ") }";
  }
  return text;
}

// Chai's deep equality: same type, same own enumerable keys, deeply equal values; NaN equals NaN.
function deepEqual(left, right, memo) {
  if (Object.is(left, right)) return true;
  if (typeof left !== "object" || typeof right !== "object" || left === null || right === null) {
    return false;
  }
  var type = typeName(left);
  if (type !== typeName(right)) return false;
  if (type === "date") return Object.is(left.getTime(), right.getTime());
  if (type === "regexp") return String(left) === String(right);
  memo = memo || [];
  for (var i = 0; i < memo.length; i++) {
    if (memo[i][0] === left && memo[i][1] === right) return true;
  }
  memo.push([left, right]);
  if (type === "set") {
    return left.size === right.size && setIncludesAll(right, Array.from(left), memo);
  }
  if (type === "map") {
    return (
      left.size === right.size &&
      Array.from(left).every(function (entry) {
        return right.has(entry[0]) && deepEqual(entry[1], right.get(entry[0]), memo);
      })
    );
  }
  var leftKeys = Object.keys(left);
  var rightKeys = Object.keys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every(function (key) {
    return (
      Object.prototype.hasOwnProperty.call(right, key) && deepEqual(left[key], right[key], memo)
    );
  });
}

function setIncludesAll(set, items, memo) {
  var members = Array.from(set);
  return items.every(function (item) {
    return members.some(function (member) {
      return deepEqual(item, member, memo);
    });
  });
}

function sameValue(left, right, deep) {
  return deep ? deepEqual(left, right) : left === right || (left !== left && right !== right);
}

// Whether `subject` contains `needle` as Chai's `include` means it; null when it cannot hold things.
function includes(subject, needle, deep) {
  var type = typeName(subject);
  if (type === "string") return subject.indexOf(needle) !== -1;
  if (type === "array" || type === "set" || type === "map") {
    var items = type === "map" ? Array.from(subject.values()) : Array.from(subject);
    return items.some(function (item) {
      return sameValue(item, needle, deep);
    });
  }
  if (subject !== null && typeof subject === "object") {
    if (needle === null || typeof needle !== "object") return null;
    return Object.keys(needle).every(function (key) {
      return key in subject && sameValue(subject[key], needle[key], deep);
    });
  }
  return null;
}

function failWith(message, text) {
  var hasMessage = message !== undefined && message !== null && message !== "";
  throw new AssertionError(hasMessage ? message + ": " + text : text);
}

// One `expect(subject)` chain: flags set by the words along the chain, checked by the last word.
function Assertion(subject, message) {
  this._obj = subject;
  this._msg = message;
  this._not = false;
  this._deep = false;
  this._any = false;
  this._contains = false;
  this._length = false;
}

// Passes or throws. Templates use #{this} (the subject), #{exp} and #{act}, as Chai's do.
Assertion.prototype._assert = function (ok, positive, negative, expected, actual) {
  if (this._not ? ok : !ok) {
    var subject = this._obj;
    var template = this._not ? negative : positive;
    var text = template.replace(/#\{(this|exp|act)\}/g, function (_, which) {
      if (which === "this") return display(subject);
      return display(which === "exp" ? expected : actual);
    });
    failWith(this._msg, text);
  }
  return this;
};

Assertion.prototype._useMessage = function (message) {
  if (message !== undefined) this._msg = message;
};

// The length (or size) the `length` words compare; fails when the subject has none.
Assertion.prototype._measure = function () {
  var subject = this._obj;
  var type = typeName(subject);
  var size = type === "map" || type === "set" ? subject.size : subject == null ? undefined : subject.length;
  if (typeof size !== "number") failWith(this._msg, "expected " + display(subject) + " to have a length");
  return size;
};

function defineGetter(names, getter) {
  names.forEach(function (name) {
    Object.defineProperty(Assertion.prototype, name, { get: getter, configurable: true });
  });
}

function defineMethod(names, method) {
  names.forEach(function (name) {
    Object.defineProperty(Assertion.prototype, name, {
      value: method,
      writable: true,
      configurable: true,
    });
  });
}

// A word usable both as a call (`.length(3)`) and as a link (`.length.above(2)`), like Chai's
// chainable methods: reading it runs `chain`, and the returned function inherits the assertion.
function defineChainable(names, method, chain) {
  defineGetter(names, function () {
    var assertion = this;
    chain.call(assertion);
    var call = function () {
      return method.apply(assertion, arguments);
    };
    Object.setPrototypeOf(call, assertion);
    return call;
  });
}

defineGetter(
  ["to", "be", "been", "is", "that", "which", "and", "has", "have", "with", "at", "of", "same", "but", "does", "still", "also"],
  function () {
    return this;
  }
);
defineGetter(["not"], function () {
  this._not = true;
  return this;
});
defineGetter(["deep"], function () {
  this._deep = true;
  return this;
});
defineGetter(["any"], function () {
  this._any = true;
  return this;
});
defineGetter(["all"], function () {
  this._any = false;
  return this;
});

defineGetter(["ok"], function () {
  return this._assert(!!this._obj, "expected #{this} to be truthy", "expected #{this} to be falsy");
});
defineGetter(["true"], function () {
  return this._assert(this._obj === true, "expected #{this} to be true", "expected #{this} to not be true");
});
defineGetter(["false"], function () {
  return this._assert(this._obj === false, "expected #{this} to be false", "expected #{this} to not be false");
});
defineGetter(["null"], function () {
  return this._assert(this._obj === null, "expected #{this} to be null", "expected #{this} to not be null");
});
defineGetter(["undefined"], function () {
  return this._assert(
    this._obj === undefined,
    "expected #{this} to be undefined",
    "expected #{this} to not be undefined"
  );
});
defineGetter(["NaN"], function () {
  return this._assert(Number.isNaN(this._obj), "expected #{this} to be NaN", "expected #{this} to not be NaN");
});
defineGetter(["exist"], function () {
  return this._assert(this._obj != null, "expected #{this} to exist", "expected #{this} to not exist");
});
// `.empty` as Chai 3.x (the generation Runscope ships) judges it: arrays and strings by length,
// other objects by their own enumerable keys (so a Map or Set, which has none, is empty), and
// anything else by truthiness (`undefined`, `0`, `false` are empty; `5` is not). Chai 4 throws
// for values that are not collections instead; docs/RUNSCOPE.md lists the difference.
defineGetter(["empty"], function () {
  var subject = this._obj;
  var size;
  if (Array.isArray(subject) || typeof subject === "string") size = subject.length;
  else if (subject === null) failWith(this._msg, "expected null to be an array, a string or an object for .empty");
  else if (typeof subject === "object") size = Object.keys(subject).length;
  else size = subject ? 1 : 0;
  return this._assert(size === 0, "expected #{this} to be empty", "expected #{this} to not be empty");
});

defineMethod(["equal", "equals", "eq"], function (expected, message) {
  this._useMessage(message);
  if (this._deep) return this.eql(expected);
  return this._assert(
    this._obj === expected,
    "expected #{this} to equal #{exp}",
    "expected #{this} to not equal #{exp}",
    expected
  );
});
defineMethod(["eql", "eqls"], function (expected, message) {
  this._useMessage(message);
  return this._assert(
    deepEqual(this._obj, expected),
    "expected #{this} to deeply equal #{exp}",
    "expected #{this} to not deeply equal #{exp}",
    expected
  );
});
defineChainable(
  ["include", "includes", "contain", "contains"],
  function (needle, message) {
    this._useMessage(message);
    var found = includes(this._obj, needle, this._deep);
    if (found === null) {
      failWith(
        this._msg,
        "expected " + display(this._obj) + " to be a string, an array, a set, a map or an object for .include"
      );
    }
    var word = this._deep ? "deep include" : "include";
    return this._assert(found, "expected #{this} to " + word + " #{exp}", "expected #{this} to not " + word + " #{exp}", needle);
  },
  function () {
    this._contains = true;
  }
);
defineChainable(
  ["a", "an"],
  function (type, message) {
    this._useMessage(message);
    var expected = String(type).toLowerCase();
    var article = /^[aeiou]/.test(expected) ? "an " : "a ";
    return this._assert(
      typeName(this._obj) === expected,
      "expected #{this} to be " + article + expected,
      "expected #{this} not to be " + article + expected
    );
  },
  function () {}
);
defineChainable(
  ["length", "lengthOf"],
  function (expected, message) {
    this._useMessage(message);
    var size = this._measure();
    return this._assert(
      size === expected,
      "expected #{this} to have a length of #{exp} but got #{act}",
      "expected #{this} to not have a length of #{exp}",
      expected,
      size
    );
  },
  function () {
    this._length = true;
  }
);

// above/below/least/most: numbers (or dates), or the length after a `length` link.
function defineComparison(names, words, negatedWords, test) {
  defineMethod(names, function (bound, message) {
    this._useMessage(message);
    if (this._length) {
      var size = this._measure();
      return this._assert(
        test(size, bound),
        "expected #{this} to have a length " + words + " #{exp} but got #{act}",
        "expected #{this} to have a length " + negatedWords + " #{exp}",
        bound,
        size
      );
    }
    var type = typeName(this._obj);
    if (type !== "number" && type !== "date") {
      failWith(this._msg, "expected " + display(this._obj) + " to be a number or a date");
    }
    return this._assert(
      test(this._obj, bound),
      "expected #{this} to be " + words + " #{exp}",
      "expected #{this} to be " + negatedWords + " #{exp}",
      bound
    );
  });
}
defineComparison(["above", "gt", "greaterThan"], "above", "at most", function (a, b) {
  return a > b;
});
defineComparison(["below", "lt", "lessThan"], "below", "at least", function (a, b) {
  return a < b;
});
defineComparison(["least", "gte", "greaterThanOrEqual"], "at least", "below", function (a, b) {
  return a >= b;
});
defineComparison(["most", "lte", "lessThanOrEqual"], "at most", "above", function (a, b) {
  return a <= b;
});
defineMethod(["within"], function (start, finish, message) {
  this._useMessage(message);
  var value = this._length ? this._measure() : this._obj;
  var range = display(start) + ".." + display(finish);
  var what = this._length ? "to have a length within " : "to be within ";
  return this._assert(
    value >= start && value <= finish,
    "expected #{this} " + what + range,
    "expected #{this} not " + what + range
  );
});

defineMethod(["property"], function (name, value, message) {
  var hasValue = arguments.length > 1;
  this._useMessage(message);
  var subject = this._obj;
  var exists = subject !== null && subject !== undefined && name in Object(subject);
  var actual = exists ? subject[name] : undefined;
  var label = (this._deep ? "deep property " : "property ") + display(name);
  if (hasValue) {
    this._assert(
      exists && sameValue(actual, value, this._deep),
      "expected #{this} to have " + label + " of #{exp}, but got #{act}",
      "expected #{this} to not have " + label + " of #{act}",
      value,
      actual
    );
  } else {
    this._assert(exists, "expected #{this} to have " + label, "expected #{this} to not have " + label);
  }
  this._obj = actual;
  return this;
});
defineMethod(["match", "matches"], function (pattern, message) {
  this._useMessage(message);
  var regexp = typeName(pattern) === "regexp" ? pattern : new RegExp(pattern);
  regexp.lastIndex = 0;
  return this._assert(
    regexp.test(this._obj),
    "expected #{this} to match " + regexp,
    "expected #{this} not to match " + regexp
  );
});
defineMethod(["keys", "key"], function () {
  var subject = this._obj;
  var type = typeName(subject);
  var actual;
  if (type === "map" || type === "set") actual = Array.from(subject.keys());
  else if (subject !== null && typeof subject === "object") actual = Object.keys(subject);
  else failWith(this._msg, "expected " + display(subject) + " to be an object, a map or a set for .keys");
  var first = arguments[0];
  var wanted;
  if (arguments.length === 1 && Array.isArray(first)) wanted = first;
  else if (arguments.length === 1 && typeName(first) === "object") wanted = Object.keys(first);
  else wanted = Array.from(arguments);
  if (wanted.length === 0) failWith(this._msg, "keys required");
  var present = function (key) {
    return actual.some(function (own) {
      return sameValue(own, key, false);
    });
  };
  var ok = this._any
    ? wanted.some(present)
    : wanted.every(present) && (this._contains || wanted.length === actual.length);
  var listed = wanted.map(display).join(", ");
  var words =
    (this._any ? "any of " : "") +
    (this._contains ? "contain " : "have ") +
    (wanted.length > 1 ? "keys " : "key ") +
    listed;
  var phrase = this._any
    ? (this._contains ? "contain " : "have ") + "any of keys " + listed
    : words;
  return this._assert(ok, "expected #{this} to " + phrase, "expected #{this} to not " + phrase);
});
defineMethod(["members"], function (expected, message) {
  this._useMessage(message);
  var subject = this._obj;
  if (!Array.isArray(subject) || !Array.isArray(expected)) {
    failWith(this._msg, "expected " + display(subject) + " and " + display(expected) + " to be arrays for .members");
  }
  var deep = this._deep;
  var covered = function (list, items) {
    return items.every(function (item) {
      return includes(list, item, deep);
    });
  };
  var ok = covered(subject, expected) && (this._contains || (subject.length === expected.length && covered(expected, subject)));
  var words = (this._contains ? "be a superset of " : "have the same members as ") + "#{exp}";
  return this._assert(ok, "expected #{this} to " + words, "expected #{this} to not " + words, expected);
});
defineMethod(["string"], function (text, message) {
  this._useMessage(message);
  return this._assert(
    typeof this._obj === "string" && this._obj.indexOf(text) !== -1,
    "expected #{this} to contain #{exp}",
    "expected #{this} to not contain #{exp}",
    text
  );
});
defineMethod(["closeTo", "approximately"], function (expected, delta, message) {
  this._useMessage(message);
  if (typeof this._obj !== "number") failWith(this._msg, "expected " + display(this._obj) + " to be a number");
  return this._assert(
    Math.abs(this._obj - expected) <= delta,
    "expected #{this} to be close to " + display(expected) + " +/- " + display(delta),
    "expected #{this} not to be close to " + display(expected) + " +/- " + display(delta)
  );
});
defineMethod(["satisfy", "satisfies"], function (predicate, message) {
  this._useMessage(message);
  return this._assert(
    !!predicate(this._obj),
    "expected #{this} to satisfy " + display(predicate),
    "expected #{this} to not satisfy " + display(predicate)
  );
});
defineMethod(["oneOf"], function (list, message) {
  this._useMessage(message);
  return this._assert(
    includes(list, this._obj, this._deep) === true,
    "expected #{this} to be one of #{exp}",
    "expected #{this} to not be one of #{exp}",
    list
  );
});
defineMethod(["instanceOf", "instanceof"], function (constructor, message) {
  this._useMessage(message);
  var name = (constructor && constructor.name) || "the given constructor";
  return this._assert(
    this._obj instanceof constructor,
    "expected #{this} to be an instance of " + name,
    "expected #{this} to not be an instance of " + name
  );
});

function expect(subject, message) {
  return new Assertion(subject, message);
}

// expect.fail(message) and assert.fail(message) / assert.fail(actual, expected, message, operator).
function failAssertion(actual, expected, message, operator) {
  if (arguments.length < 2) failWith(undefined, actual === undefined ? "assert.fail()" : String(actual));
  failWith(
    undefined,
    message !== undefined
      ? String(message)
      : "expected " + display(actual) + " to " + (operator || "equal") + " " + display(expected)
  );
}
expect.fail = failAssertion;

// Chai's `assert`: callable as assert(expression, message), plus one method per check.
function assert(expression, message) {
  if (!expression) {
    failWith(undefined, message !== undefined ? String(message) : "expected " + display(expression) + " to be truthy");
  }
}

// assert.name(subject, [argument], [message]) is expect(subject, message)...name(argument).
var assertMethods = {
  ok: function (value, message) { expect(value, message).is.ok; },
  notOk: function (value, message) { expect(value, message).not.ok; },
  equal: function (actual, expected, message) {
    // Chai's assert.equal is loose (==); everything else is strict.
    new Assertion(actual, message)._assert(
      actual == expected,
      "expected #{this} to equal #{exp}",
      "expected #{this} to not equal #{exp}",
      expected
    );
  },
  notEqual: function (actual, expected, message) {
    new Assertion(actual, message)._assert(
      actual != expected,
      "expected #{this} to not equal #{exp}",
      "expected #{this} to equal #{exp}",
      expected
    );
  },
  strictEqual: function (actual, expected, message) { expect(actual, message).to.equal(expected); },
  notStrictEqual: function (actual, expected, message) { expect(actual, message).not.equal(expected); },
  deepEqual: function (actual, expected, message) { expect(actual, message).to.eql(expected); },
  notDeepEqual: function (actual, expected, message) { expect(actual, message).not.eql(expected); },
  isTrue: function (value, message) { expect(value, message).is.true; },
  isNotTrue: function (value, message) { expect(value, message).not.true; },
  isFalse: function (value, message) { expect(value, message).is.false; },
  isNotFalse: function (value, message) { expect(value, message).not.false; },
  isNull: function (value, message) { expect(value, message).is.null; },
  isNotNull: function (value, message) { expect(value, message).not.null; },
  isUndefined: function (value, message) { expect(value, message).is.undefined; },
  isDefined: function (value, message) { expect(value, message).not.undefined; },
  isNaN: function (value, message) { expect(value, message).is.NaN; },
  isNotNaN: function (value, message) { expect(value, message).not.NaN; },
  exists: function (value, message) { expect(value, message).to.exist; },
  notExists: function (value, message) { expect(value, message).not.exist; },
  isEmpty: function (value, message) { expect(value, message).is.empty; },
  isNotEmpty: function (value, message) { expect(value, message).not.empty; },
  typeOf: function (value, type, message) { expect(value, message).to.be.a(type); },
  notTypeOf: function (value, type, message) { expect(value, message).not.a(type); },
  instanceOf: function (value, constructor, message) { expect(value, message).instanceOf(constructor); },
  notInstanceOf: function (value, constructor, message) { expect(value, message).not.instanceOf(constructor); },
  include: function (haystack, needle, message) { expect(haystack, message).to.include(needle); },
  notInclude: function (haystack, needle, message) { expect(haystack, message).not.include(needle); },
  deepInclude: function (haystack, needle, message) { expect(haystack, message).deep.include(needle); },
  lengthOf: function (value, length, message) { expect(value, message).lengthOf(length); },
  property: function (object, name, message) { expect(object, message).to.have.property(name); },
  notProperty: function (object, name, message) { expect(object, message).not.property(name); },
  propertyVal: function (object, name, value, message) { expect(object, message).to.have.property(name, value); },
  notPropertyVal: function (object, name, value, message) { expect(object, message).not.property(name, value); },
  deepPropertyVal: function (object, name, value, message) { expect(object, message).deep.property(name, value); },
  match: function (value, pattern, message) { expect(value, message).to.match(pattern); },
  notMatch: function (value, pattern, message) { expect(value, message).not.match(pattern); },
  isAbove: function (value, bound, message) { expect(value, message).above(bound); },
  isBelow: function (value, bound, message) { expect(value, message).below(bound); },
  isAtLeast: function (value, bound, message) { expect(value, message).least(bound); },
  isAtMost: function (value, bound, message) { expect(value, message).most(bound); },
  oneOf: function (value, list, message) { expect(value, message).oneOf(list); },
  sameMembers: function (actual, expected, message) { expect(actual, message).to.have.members(expected); },
  sameDeepMembers: function (actual, expected, message) { expect(actual, message).to.have.deep.members(expected); },
  includeMembers: function (actual, expected, message) { expect(actual, message).to.include.members(expected); },
  closeTo: function (actual, expected, delta, message) { expect(actual, message).to.be.closeTo(expected, delta); },
  hasAllKeys: function (object, keys, message) { expect(object, message).all.keys(keys); },
  hasAnyKeys: function (object, keys, message) { expect(object, message).any.keys(keys); },
  fail: failAssertion,
};
assertMethods.isOk = assertMethods.ok;
assertMethods.isNotOk = assertMethods.notOk;
["Array", "Object", "String", "Number", "Boolean", "Function"].forEach(function (type) {
  var name = type.toLowerCase();
  assertMethods["is" + type] = function (value, message) { expect(value, message).to.be.a(name); };
  assertMethods["isNot" + type] = function (value, message) { expect(value, message).not.a(name); };
});
Object.assign(assert, assertMethods);
