//! The bridge between Rust values and the script's globals: the `host` object the prelude turns
//! into `variables`, `request`, `response` and `log`, and reading the edited request back.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rquickjs::{Ctx, Exception, Function, Object};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::logs::LogBuffer;
use super::{ScriptRequest, ScriptResponse, Variables};

/// The JavaScript evaluated in every fresh context before the script: one function expression
/// taking the host object, installing the globals and returning `exportRequest`.
pub(super) const PRELUDE: &str = concat!(
    "(function (host) {\n\"use strict\";\n",
    include_str!("globals.js"),
    "\n})"
);

/// The Chai-style assertion library as one expression yielding `{assert, expect,
/// AssertionError}`; globals.js evaluates it when a script first touches one of them.
const ASSERTIONS: &str = concat!(
    "(function () {\n\"use strict\";\n",
    include_str!("assertions.js"),
    "\nreturn { assert: assert, expect: expect, AssertionError: AssertionError };\n})()"
);

/// The Rust state a script reaches through its globals, shared with the host functions.
#[derive(Clone)]
pub(super) struct HostState {
    /// The run's variables, moved in for the duration of the script.
    pub(super) variables: Rc<RefCell<Variables>>,
    /// Bytes of names and values held in `variables`, kept current by `variables.set`.
    variable_bytes: Rc<Cell<usize>>,
    /// Most bytes `variables` may hold (0: no cap). Variables live outside the engine's heap, so
    /// without this a script could grow them past the memory limit.
    variable_cap: usize,
    /// The script's log lines.
    pub(super) logs: Rc<RefCell<LogBuffer>>,
}

impl HostState {
    /// State around the run's `variables`, which may grow to `variable_cap` bytes (0: no cap).
    pub(super) fn new(variables: Variables, variable_cap: usize) -> Self {
        let bytes = variables
            .iter()
            .map(|(name, value)| name.len() + value.len())
            .sum();
        Self {
            variables: Rc::new(RefCell::new(variables)),
            variable_bytes: Rc::new(Cell::new(bytes)),
            variable_cap,
            logs: Rc::default(),
        }
    }

    /// `variables.set`: stores the value unless the variables would outgrow their cap.
    fn set_variable(&self, name: String, value: String) -> Result<(), String> {
        let mut variables = self.variables.borrow_mut();
        let old = variables.get(&name).map_or(0, |old| name.len() + old.len());
        let total = self.variable_bytes.get() - old + name.len() + value.len();
        if self.variable_cap != 0 && total > self.variable_cap {
            return Err(format!(
                "variables.set(\"{name}\", …) would make the variables hold {total} bytes, over the \
                 script's memory limit of {} bytes",
                self.variable_cap
            ));
        }
        self.variable_bytes.set(total);
        variables.insert(name, value);
        Ok(())
    }
}

/// Builds the `host` object the prelude receives.
pub(super) fn host_object<'js>(
    ctx: &Ctx<'js>,
    state: &HostState,
    request: Option<&ScriptRequest>,
    response: Option<&ScriptResponse>,
) -> rquickjs::Result<Object<'js>> {
    let host = Object::new(ctx.clone())?;
    let logs = state.logs.clone();
    host.set(
        "log",
        Function::new(ctx.clone(), move |line: String| {
            logs.borrow_mut().push(line)
        })?,
    )?;
    let variables = state.variables.clone();
    host.set(
        "get",
        Function::new(ctx.clone(), move |name: String| {
            variables.borrow().get(&name).cloned()
        })?,
    )?;
    let store = state.clone();
    host.set(
        "set",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, name: String, value: String| {
                store
                    .set_variable(name, value)
                    .map_err(|message| Exception::throw_range(&ctx, &message))
            },
        )?,
    )?;
    host.set("assertions", ASSERTIONS)?;
    if let Some(request) = request {
        host.set("request", request_json(request).to_string())?;
    }
    if let Some(response) = response {
        host.set("response", response_json(response).to_string())?;
    }
    Ok(host)
}

/// `request` as scripts see it: a header appearing once is a string, repeated ones an array.
fn request_json(request: &ScriptRequest) -> Value {
    let mut headers = Map::new();
    for (name, values) in group_headers(&request.headers) {
        let value = match values.as_slice() {
            [single] => Value::from(single.as_str()),
            _ => Value::from(values),
        };
        headers.insert(name, value);
    }
    json!({
        "method": request.method,
        "url": request.url,
        "headers": headers,
        "body": request.body,
    })
}

/// `response` as Runscope documents it: every header is an array of its values.
fn response_json(response: &ScriptResponse) -> Value {
    let headers: Map<String, Value> = group_headers(&response.headers)
        .into_iter()
        .map(|(name, values)| (name, Value::from(values)))
        .collect();
    json!({
        "status": response.status,
        "reason": response.reason,
        "headers": headers,
        "body": response.body,
        "response_time_ms": response.response_time_ms,
        "size_bytes": response.size_bytes,
    })
}

/// Groups header values by name, ignoring case, in order of first appearance; the first
/// spelling of a name is the one scripts see.
fn group_headers(headers: &[(String, String)]) -> Vec<(String, Vec<String>)> {
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in headers {
        match grouped
            .iter_mut()
            .find(|(seen, _)| seen.eq_ignore_ascii_case(name))
        {
            Some((_, values)) => values.push(value.clone()),
            None => grouped.push((name.clone(), vec![value.clone()])),
        }
    }
    grouped
}

/// The request as `exportRequest` (globals.js) serializes it after a pre-request script.
#[derive(Deserialize)]
struct ExportedRequest {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// Reads the JSON `exportRequest` produced back into `request`.
pub(super) fn apply_exported(json: &str, request: &mut ScriptRequest) -> Result<(), String> {
    let exported: ExportedRequest = serde_json::from_str(json)
        .map_err(|error| format!("could not read back the edited request: {error}"))?;
    request.method = exported.method;
    request.url = exported.url;
    request.headers = exported.headers;
    request.body = exported.body;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_owned(), value.to_owned())
    }

    #[test]
    fn headers_group_case_insensitively_under_the_first_spelling() {
        let grouped = group_headers(&[
            pair("Set-Cookie", "a=1"),
            pair("Content-Type", "application/scim+json"),
            pair("set-cookie", "b=2"),
        ]);
        assert_eq!(
            grouped,
            [
                (
                    "Set-Cookie".to_owned(),
                    vec!["a=1".to_owned(), "b=2".to_owned()]
                ),
                (
                    "Content-Type".to_owned(),
                    vec!["application/scim+json".to_owned()]
                ),
            ]
        );
    }

    #[test]
    fn request_headers_are_strings_unless_repeated_and_response_headers_always_arrays() {
        let headers = vec![pair("Accept", "a"), pair("X-Two", "1"), pair("X-Two", "2")];
        let request = ScriptRequest {
            headers: headers.clone(),
            ..ScriptRequest::default()
        };
        let response = ScriptResponse {
            headers,
            ..ScriptResponse::default()
        };
        assert_eq!(
            request_json(&request)["headers"],
            json!({"Accept": "a", "X-Two": ["1", "2"]})
        );
        assert_eq!(
            response_json(&response)["headers"],
            json!({"Accept": ["a"], "X-Two": ["1", "2"]})
        );
    }

    #[test]
    fn a_malformed_export_is_an_error_and_leaves_the_request_alone() {
        let mut request = ScriptRequest {
            method: "GET".to_owned(),
            ..ScriptRequest::default()
        };
        let error = apply_exported("{\"method\": 1}", &mut request).unwrap_err();
        assert!(
            error.starts_with("could not read back the edited request"),
            "{error}"
        );
        assert_eq!(request.method, "GET");
    }
}
