//! Runscope's script globals: `variables`, `request` (editable before the request is sent),
//! `response`, `log` / `console`.

use scimcheck_engine::runscope::script::{
    ScriptLimits, ScriptOutcome, ScriptRequest, ScriptResponse, Variables, run_script,
};

fn pair(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

fn sample_request() -> ScriptRequest {
    ScriptRequest {
        method: "POST".to_owned(),
        url: "http://127.0.0.1:8080/scim/v2/Users".to_owned(),
        headers: vec![
            pair("Content-Type", "application/scim+json"),
            pair("Accept", "application/scim+json"),
            pair("X-Multi", "one"),
            pair("X-Multi", "two"),
        ],
        body: "{\"userName\":\"a\"}".to_owned(),
    }
}

fn sample_response() -> ScriptResponse {
    ScriptResponse {
        status: 201,
        reason: "Created".to_owned(),
        headers: vec![
            pair("content-type", "application/scim+json"),
            pair("set-cookie", "a=1"),
            pair("set-cookie", "b=2"),
        ],
        body: "{\"id\":\"42\",\"userName\":\"a\"}".to_owned(),
        response_time_ms: 12,
        size_bytes: 345,
    }
}

fn initial(source: &str, variables: &mut Variables) -> ScriptOutcome {
    run_script(source, variables, None, None, &ScriptLimits::default())
}

fn before(source: &str, request: &mut ScriptRequest) -> ScriptOutcome {
    let limits = ScriptLimits::default();
    run_script(source, &mut Variables::new(), Some(request), None, &limits)
}

fn after(source: &str) -> ScriptOutcome {
    let mut request = sample_request();
    let response = sample_response();
    let limits = ScriptLimits::default();
    let outcome = run_script(
        source,
        &mut Variables::new(),
        Some(&mut request),
        Some(&response),
        &limits,
    );
    assert_eq!(
        request,
        sample_request(),
        "post-response edits must be ignored"
    );
    outcome
}

#[test]
fn variables_round_trip_as_strings() {
    let mut variables = Variables::from([pair("SCIMBaseURL", "http://x/scim/v2")]);
    let outcome = initial(
        "variables.set('url', variables.get('SCIMBaseURL') + '/Users');
         variables.set('count', 5); variables.set('flag', true); variables.set('obj', {a: 1});
         variables.set('nothing', undefined);
         assert.strictEqual(variables.get('count'), '5');",
        &mut variables,
    );
    assert_eq!(outcome.error, None);
    assert_eq!(variables["url"], "http://x/scim/v2/Users");
    assert_eq!(variables["count"], "5");
    assert_eq!(variables["flag"], "true");
    assert_eq!(variables["obj"], "[object Object]");
    assert_eq!(variables["nothing"], "undefined");
    assert_eq!(variables["SCIMBaseURL"], "http://x/scim/v2");
}

#[test]
fn an_unset_variable_reads_as_undefined() {
    let mut variables = Variables::new();
    assert_eq!(
        initial("assert.isUndefined(variables.get('nope'))", &mut variables).error,
        None
    );
    let outcome = initial("assert.isDefined(variables.get('nope'))", &mut variables);
    assert_eq!(
        outcome.error.as_deref(),
        Some("expected undefined to not be undefined (line 1)")
    );
}

#[test]
fn variables_set_before_a_failure_are_kept() {
    let mut variables = Variables::new();
    let outcome = initial(
        "variables.set('a', 'kept');\nassert.fail('stop')",
        &mut variables,
    );
    assert_eq!(outcome.error.as_deref(), Some("stop (line 2)"));
    assert_eq!(variables["a"], "kept");
}

#[test]
fn initial_scripts_have_no_request_or_response() {
    let mut variables = Variables::new();
    let source = "assert.isUndefined(request); assert.isUndefined(response)";
    assert_eq!(initial(source, &mut variables).error, None);
    let outcome = initial("request.url", &mut variables);
    assert_eq!(
        outcome.error.as_deref(),
        Some("TypeError: cannot read property 'url' of undefined (line 1)")
    );
}

#[test]
fn a_pre_request_script_edits_flow_back() {
    let mut request = sample_request();
    let outcome = before(
        "request.method = 'PUT';
         request.url = request.url + '/42';
         request.headers['content-type'] = 'application/json';
         request.headers['X-New'] = ['a', 'b'];
         delete request.headers['accept'];
         request.body = {userName: 'b'};",
        &mut request,
    );
    assert_eq!(outcome.error, None);
    assert_eq!(request.method, "PUT");
    assert_eq!(request.url, "http://127.0.0.1:8080/scim/v2/Users/42");
    assert_eq!(
        request.headers,
        [
            pair("Content-Type", "application/json"),
            pair("X-Multi", "one"),
            pair("X-Multi", "two"),
            pair("X-New", "a"),
            pair("X-New", "b"),
        ]
    );
    assert_eq!(request.body, "{\"userName\":\"b\"}");
}

#[test]
fn a_pre_request_script_reads_and_edits_the_urls_parts() {
    let mut request = sample_request();
    request.url.push_str("?filter=userName%20eq%20%22a%22");
    let outcome = before(
        "assert.equal(request.scheme, 'http');
         assert.equal(request.host, '127.0.0.1');
         assert.equal(request.path, '/scim/v2/Users');
         assert.deepEqual(request.params.filter, ['userName eq \"a\"']);
         assert.deepEqual(request.headers['Accept'], ['application/scim+json']);
         request.path = request.path + '/42';
         request.params = {attributes: 'userName', count: ['1', '2']};",
        &mut request,
    );
    assert_eq!(outcome.error, None);
    assert_eq!(
        request.url,
        "http://127.0.0.1:8080/scim/v2/Users/42?attributes=userName&count=1&count=2"
    );
    let outcome = before("request.host = 'not a host';", &mut request);
    assert!(
        outcome
            .error
            .as_deref()
            .unwrap_or("")
            .contains("request.host"),
        "{outcome:?}"
    );
}

#[test]
fn a_failing_pre_request_script_leaves_the_request_as_it_was() {
    let mut request = sample_request();
    let outcome = before(
        "request.method = 'DELETE';\nassert.fail('no')",
        &mut request,
    );
    assert_eq!(outcome.error.as_deref(), Some("no (line 2)"));
    assert_eq!(request, sample_request());
}

#[test]
fn a_pre_request_script_reads_the_request() {
    let mut request = sample_request();
    let source = "assert.equal(request.method, 'POST');
         assert.equal(request.headers['content-type'], 'application/scim+json');
         assert.deepEqual(request.headers['X-Multi'], ['one', 'two']);
         assert.equal(JSON.parse(request.body).userName, 'a');";
    assert_eq!(before(source, &mut request).error, None);
    let outcome = before("assert.equal(request.method, 'GET')", &mut request);
    assert_eq!(
        outcome.error.as_deref(),
        Some("expected 'POST' to equal 'GET' (line 1)")
    );
    assert_eq!(
        request,
        sample_request(),
        "reading must not change the request"
    );
}

#[test]
fn replacing_the_request_with_a_non_object_fails_and_keeps_the_original() {
    let mut request = sample_request();
    let outcome = before("request = 'GET /'", &mut request);
    assert_eq!(
        outcome.error.as_deref(),
        Some("TypeError: the script replaced `request` with 'GET /'; it must stay an object")
    );
    assert_eq!(request, sample_request());
}

#[test]
fn post_response_scripts_see_the_response_and_their_request_edits_are_ignored() {
    let source = "assert.strictEqual(response.status, 201);
         assert.strictEqual(response.reason, 'Created');
         assert.strictEqual(response.response_time_ms, 12);
         assert.strictEqual(response.size_bytes, 345);
         assert.deepEqual(response.headers['Content-Type'], ['application/scim+json']);
         assert.deepEqual(response.headers['set-cookie'], ['a=1', 'b=2']);
         assert.equal(JSON.parse(response.body).id, '42');
         assert.equal(request.method, 'POST');
         request.method = 'DELETE';";
    assert_eq!(after(source).error, None);
    let outcome = after("assert.equal(response.status, 200, 'status')");
    assert_eq!(
        outcome.error.as_deref(),
        Some("status: expected 201 to equal 200 (line 1)")
    );
}

#[test]
fn log_and_console_write_lines_with_objects_as_json() {
    let outcome = after(
        "log('status', response.status, {a: [1]}, null, undefined, true);
         console.log('c'); console.info('i'); console.warn('w'); console.error('e'); console.debug('d');
         var cyclic = {}; cyclic.self = cyclic; log(cyclic);",
    );
    assert_eq!(outcome.error, None);
    assert_eq!(
        outcome.logs,
        [
            "status 201 {\"a\":[1]} null undefined true",
            "c",
            "i",
            "w",
            "e",
            "d",
            "[object Object]"
        ]
    );
}

#[test]
fn logs_are_kept_when_the_script_fails() {
    let outcome = after("log('before'); assert.fail('after')");
    assert_eq!(outcome.logs, ["before"]);
    assert_eq!(outcome.error.as_deref(), Some("after (line 1)"));
}

#[test]
fn log_volume_is_capped_and_the_cut_noted() {
    let outcome = after("for (var i = 0; i < 20000; i++) log('0123456789')");
    assert_eq!(outcome.error, None);
    let kept: usize = outcome.logs.iter().map(String::len).sum();
    assert!(kept < 70 * 1024, "kept {kept} bytes of logs");
    let last = outcome.logs.last().map(String::as_str).unwrap_or_default();
    assert!(last.starts_with("[log cut: "), "{last}");
    assert!(last.contains("lines dropped"), "{last}");
}

/// Scripts and libraries run as ordinary JavaScript scripts, not in strict mode (a browser or
/// Node's `vm` runs a script so unless it asks for strict mode): a script may assign a variable it
/// never declared, and a global-style library that finds its global object as `this` of a plain
/// call — the loader of himalaya.js in Runscope's own script-libraries repository — installs
/// itself. A script asking for strict mode still gets it.
#[test]
fn scripts_and_libraries_run_in_ordinary_script_mode_unless_they_ask_for_strict() {
    use scimcheck_engine::runscope::script::{ScriptLibrary, run_script_with};
    let run = |library: &ScriptLibrary, source: &str, variables: &mut Variables| {
        let libraries = std::slice::from_ref(library);
        run_script_with(
            libraries,
            source,
            variables,
            None,
            None,
            &ScriptLimits::default(),
        )
        .error
    };
    let library = ScriptLibrary {
        name: "global-style.js".to_owned(),
        source: "(function (install) { var g = this; g.shout = install(); })(function () {\n  \
                 return function (text) { return String(text).toUpperCase(); };\n});"
            .to_owned(),
    };
    let mut variables = Variables::new();
    let script = "counter = 41; counter += 1; variables.set('said', shout('hi') + counter);";
    assert_eq!(run(&library, script, &mut variables), None);
    assert_eq!(variables.get("said").map(String::as_str), Some("HI42"));

    let strict = format!("'use strict';\n{script}");
    let error = run(&library, &strict, &mut Variables::new()).unwrap_or_default();
    assert!(error.contains("counter is not defined"), "{error}");

    let strict_library = ScriptLibrary {
        name: "strict-global-style.js".to_owned(),
        source: format!("'use strict';\n{}", library.source),
    };
    let error = run(
        &strict_library,
        "variables.set('x', '1');",
        &mut Variables::new(),
    );
    let error = error.unwrap_or_default();
    assert!(error.contains("strict-global-style.js"), "{error}");
}
