//! Runscope's helper libraries in scripts — Underscore (`_`), Moment (`moment`) and CryptoJS —
//! as real scripts call them (request signing, timestamps, list lookups), checked against
//! published vectors (RFC 1321, FIPS 180, RFC 4231) and calendar facts; and what is not
//! provided fails with a sentence naming it.

use scimcheck_engine::runscope::script::{ScriptLimits, Variables, run_script};

/// Runs `source` as an initial script; its error, if any.
fn error_of(source: &str) -> Option<String> {
    run_script(
        source,
        &mut Variables::new(),
        None,
        None,
        &ScriptLimits::default(),
    )
    .error
}

/// Runs `source`, which computes `value`, and returns what it set.
fn value_of(source: &str) -> String {
    let mut variables = Variables::new();
    let script = format!("variables.set('value', (function () {{ {source} }})());");
    let outcome = run_script(
        &script,
        &mut variables,
        None,
        None,
        &ScriptLimits::default(),
    );
    assert_eq!(outcome.error, None, "{source}");
    variables.remove("value").unwrap_or_default()
}

#[test]
fn cryptojs_digests_hmacs_and_encoders_give_the_published_values() {
    for (source, expected) in [
        (
            "return CryptoJS.MD5('abc').toString();",
            "900150983cd24fb0d6963f7d28e17f72",
        ),
        (
            "return CryptoJS.enc.Hex.stringify(CryptoJS.SHA1('abc'));",
            "a9993e364706816aba3e25717850c26c9cd0d89d",
        ),
        (
            "return CryptoJS.enc.Base64.stringify(CryptoJS.SHA256(CryptoJS.enc.Utf8.parse('abc')));",
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
        ),
        (
            "return CryptoJS.HmacSHA256('what do ya want for nothing?', 'Jefe').toString();",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            // A key given as base64 (a WordArray), the signature wanted as base64.
            "var key = CryptoJS.enc.Base64.parse('SmVmZQ==');\n\
             return CryptoJS.HmacSHA256('what do ya want for nothing?', key).toString(CryptoJS.enc.Base64);",
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
        ),
        (
            "return '' + CryptoJS.HmacSHA1('', '');",
            "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d",
        ),
        (
            "return CryptoJS.enc.Utf8.stringify(CryptoJS.enc.Base64.parse('w6lhdQ=='));",
            "éau",
        ),
        ("return CryptoJS.SHA512('').sigBytes;", "64"),
    ] {
        assert_eq!(value_of(source), expected, "{source}");
    }
}

/// CryptoJS's progressive interface, as Runscope's own aws4 script library (github.com/Runscope/
/// script-libraries) signs requests with it: a hash fed in parts is the one-shot hash, and the
/// AWS Signature Version 4 key chain (each HMAC keyed by the one before) gives the signing key
/// AWS publishes for its example secret ("Examples of how to derive a signing key for Signature
/// Version 4").
#[test]
fn cryptojs_hashes_in_parts_as_it_does_at_once() {
    for (source, expected) in [
        (
            "var h = CryptoJS.algo.SHA256.create(); h.update('a'); h.update('bc');\n\
             return h.finalize().toString();",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            "return CryptoJS.algo.SHA1.create().update('ab').finalize('c').toString();",
            "a9993e364706816aba3e25717850c26c9cd0d89d",
        ),
        (
            "var h = CryptoJS.algo.MD5.create().update('discarded'); h.reset();\n\
             return h.update('abc').finalize().toString(CryptoJS.enc.Hex);",
            "900150983cd24fb0d6963f7d28e17f72",
        ),
        (
            "var mac = CryptoJS.algo.HMAC.create(CryptoJS.algo.SHA256, 'Jefe');\n\
             return mac.update('what do ya want ').update('for nothing?').finalize().toString();",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            "function mac(key, text) { return CryptoJS.algo.HMAC.create(CryptoJS.algo.SHA256, key).update(text).finalize(); }\n\
             var key = mac('AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830');\n\
             key = mac(mac(mac(key, 'us-east-1'), 'iam'), 'aws4_request');\n\
             return key.toString(CryptoJS.enc.Hex);",
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
        ),
    ] {
        assert_eq!(value_of(source), expected, "{source}");
    }
    for (source, named) in [
        ("CryptoJS.algo.AES.create();", "CryptoJS.algo.AES"),
        (
            "CryptoJS.algo.SHA256.create().clone();",
            "CryptoJS hasher.clone",
        ),
    ] {
        let error = error_of(source).unwrap_or_default();
        assert!(
            error.contains(&format!("not supported by scimcheck: {named}")),
            "{source}: {error}"
        );
    }
    let error = error_of("CryptoJS.algo.HMAC.create('SHA256', 'k');").unwrap_or_default();
    assert!(
        error.contains("the first argument must be a hasher such as CryptoJS.algo.SHA256"),
        "{error}"
    );
}

/// `xml2json.toJson`, taken to be the npm package xml2json 0.12's (Runscope names the library,
/// not its API): each expected text below is what that package printed for the same call
/// (npm xml2json 0.12.0 with node-expat, run by hand, 2026-12-05) — attributes and text (`$t`)
/// side by side, repeated children as arrays, text beside child elements dropped, an element of
/// nothing but text collapsed to it, and the options coerce, arrayNotation, reversible, trim,
/// alternateTextNode and object.
#[test]
fn xml2json_builds_objects_as_the_npm_library_of_that_name_does() {
    for (xml, options, expected) in [
        (
            r#"<foo attr="value">bar</foo>"#,
            "{}",
            r#"{"foo":{"attr":"value","$t":"bar"}}"#,
        ),
        (
            "<a>\n  <b>1</b>\n  <b>2</b>\n  <c k=\"v\"/>\n</a>",
            "{}",
            r#"{"a":{"b":["1","2"],"c":{"k":"v"}}}"#,
        ),
        ("<a>x<b>y</b>z</a>", "{}", r#"{"a":{"b":"y"}}"#),
        ("<a>  </a>", "{}", r#"{"a":""}"#),
        ("<a><b/></a>", "{}", r#"{"a":{"b":{}}}"#),
        (
            r#"<a n="5"><b>true</b><c>12.5</c><d> </d></a>"#,
            "{coerce: true}",
            r#"{"a":{"n":5,"b":true,"c":12.5,"d":""}}"#,
        ),
        (
            "<a><b>1</b></a>",
            "{arrayNotation: true}",
            r#"{"a":[{"b":["1"]}]}"#,
        ),
        (
            "<a><b>1</b><c>2</c></a>",
            "{arrayNotation: ['c']}",
            r#"{"a":{"b":"1","c":["2"]}}"#,
        ),
        (
            r#"<a k="1">t</a>"#,
            "{reversible: true}",
            r#"{"a":{"k":"1","$t":"t"}}"#,
        ),
        ("<a>  t  </a>", "{trim: false}", r#"{"a":"  t  "}"#),
        (
            "<a>t<b/></a>",
            "{alternateTextNode: 'txt'}",
            r#"{"a":{"b":{}}}"#,
        ),
        (
            r#"<s:Envelope xmlns:s="urn:x"><s:Body><r id="7">A &amp; B</r></s:Body></s:Envelope>"#,
            "{}",
            r#"{"s:Envelope":{"xmlns:s":"urn:x","s:Body":{"r":{"id":"7","$t":"A & B"}}}}"#,
        ),
        (
            r#"<a><b k="1">x</b><b>y</b><b k="2"/></a>"#,
            "{}",
            r#"{"a":{"b":[{"k":"1","$t":"x"},"y",{"k":"2"}]}}"#,
        ),
        (
            r#"<a b="attr"><b>child</b></a>"#,
            "{}",
            r#"{"a":{"b":["attr","child"]}}"#,
        ),
        ("<a><![CDATA[<x>]]></a>", "{}", r#"{"a":"<x>"}"#),
    ] {
        let source = format!("return xml2json.toJson({xml:?}, {options});");
        assert_eq!(value_of(&source), expected, "{xml} {options}");
    }
    let object = "var o = xml2json.toJson('<r><i>1</i><i>2</i><i>3</i></r>', {object: true});\n\
                  return o.r.i.length + ':' + o.r.i[2];";
    assert_eq!(value_of(object), "3:3");
    for (source, named) in [
        (
            "xml2json.toJson('<a><b></a>');",
            "xml2json.toJson: the text is not XML",
        ),
        (
            "xml2json.toJson('{\"id\": 1}');",
            "the text is not XML (no XML element)",
        ),
        (
            "xml2json.toJson('<a/>', {sanitise: true});",
            "unknown option \"sanitise\"",
        ),
        (
            "xml2json.toXml('{}');",
            "not supported by scimcheck: xml2json.toXml",
        ),
    ] {
        let error = error_of(source).unwrap_or_default();
        assert!(error.contains(named), "{source}: {error}");
    }
}

#[test]
fn moment_formats_shifts_and_compares_in_utc() {
    for (source, expected) in [
        (
            "return moment.unix(1000000000).utc().format('ddd, DD MMM YYYY HH:mm:ss') + ' GMT';",
            "Sun, 09 Sep 2001 01:46:40 GMT",
        ),
        (
            "return moment(1000000000123).format();",
            "2001-09-09T01:46:40+00:00",
        ),
        (
            "return moment.utc(1000000000123).format();",
            "2001-09-09T01:46:40Z",
        ),
        (
            // Months are calendar months: the day is clamped to the shorter month.
            "return moment('2020-01-31T00:00:00Z').add(1, 'month').format('YYYY-MM-DD');",
            "2020-02-29",
        ),
        (
            "return moment('2020-01-01T00:00:00Z').subtract({days: 1, hours: 2}).toISOString();",
            "2019-12-30T22:00:00.000Z",
        ),
        (
            "var a = moment('2020-03-01T00:00:00Z'), b = moment('2020-01-15T00:00:00Z');\n\
             return [a.diff(b, 'months'), a.diff(b, 'days'), a.isAfter(b), b.isBefore(a)].join();",
            "1,46,true,true",
        ),
        (
            "return moment('2021-06-15T10:20:30Z').startOf('day').toISOString();",
            "2021-06-15T00:00:00.000Z",
        ),
        (
            "return [moment('x').isValid(), moment('x').format()].join();",
            "false,Invalid date",
        ),
        (
            "return String(Math.abs(moment().unix() - Math.floor(Date.now() / 1000)) <= 1);",
            "true",
        ),
    ] {
        assert_eq!(value_of(source), expected, "{source}");
    }
}

#[test]
fn underscore_finds_groups_and_reshapes_lists() {
    let people = "var people = [{id: 'a', role: 'admin', age: 40}, {id: 'b', role: 'user', age: 30}, {id: 'c', role: 'user', age: 20}];";
    for (source, expected) in [
        ("return _.findWhere(people, {role: 'user'}).id;", "b"),
        (
            "return _.pluck(_.sortBy(people, 'age'), 'id').join();",
            "c,b,a",
        ),
        (
            "return JSON.stringify(_.countBy(people, 'role'));",
            "{\"admin\":1,\"user\":2}",
        ),
        (
            "return _.keys(_.groupBy(people, function (p) { return p.age > 25; })).join();",
            "true,false",
        ),
        (
            "return _.map({x: 1, y: 2}, function (v, k) { return k + v; }).join();",
            "x1,y2",
        ),
        (
            "return _.reduce([1, 2, 3], function (m, n) { return m + n; }, 0);",
            "6",
        ),
        ("return _.uniq([1, 2, 1, 3, 2]).join();", "1,2,3"),
        (
            "return [_.isEmpty({}), _.isEmpty([1]), _.contains([1, 2], 2), _.has({a: 1}, 'b')].join();",
            "true,false,true,false",
        ),
        (
            "return _.range(3).concat(_.range(5, 1, -2)).join();",
            "0,1,2,5,3",
        ),
        (
            "return JSON.stringify(_.omit(_.pick(people[0], 'id', 'role', 'age'), 'age'));",
            "{\"id\":\"a\",\"role\":\"admin\"}",
        ),
        (
            "return _.max(people, 'age').id + _.min(people, function (p) { return p.age; }).id;",
            "ac",
        ),
        (
            "return String(_.isEqual({a: [1, {b: 2}]}, {a: [1, {b: 2}]}));",
            "true",
        ),
        (
            "return _.difference([1, 2, 3, 4], [2], [4]).join() + '|' + _.intersection([1, 2, 3], [2, 3, 4]).join();",
            "1,3|2,3",
        ),
    ] {
        assert_eq!(
            value_of(&format!("{people}\n{source}")),
            expected,
            "{source}"
        );
    }
}

#[test]
fn what_is_not_provided_fails_with_a_sentence_naming_it() {
    for (source, named) in [
        ("_.template('<%= x %>');", "_.template"),
        ("_([1]).map(String);", "_()"),
        ("moment.duration(5, 'minutes');", "moment.duration"),
        ("moment().fromNow();", "moment().fromNow"),
        (
            "moment('01/02/2020', 'MM/DD/YYYY');",
            "moment(text, format)",
        ),
        ("CryptoJS.AES.encrypt('x', 'k');", "CryptoJS.AES"),
        ("CryptoJS.SHA256('x').words;", "WordArray.words"),
        ("marked('# x');", "marked()"),
        ("xml2json.parse('<a/>');", "xml2json.parse"),
        ("encode.htmlEncode('<');", "encode.htmlEncode"),
    ] {
        let error = error_of(source).unwrap_or_default();
        assert!(
            error.contains(&format!("not supported by scimcheck: {named}")),
            "{source}: {error}"
        );
    }
    let own = "var _ = {each: function (a, f) { a.forEach(f); }}; _.each([1], function () {});";
    assert_eq!(error_of(own), None, "a script's own `_` wins");
    let bad_key = "CryptoJS.HmacSHA256('x', CryptoJS.enc.Base64.parse('%%%'));";
    let error = error_of(bad_key).unwrap_or_default();
    assert!(error.contains("not base64"), "{error}");
}
