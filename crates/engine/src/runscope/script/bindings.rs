//! The bridge between Rust values and the script's globals: the `host` object the prelude turns
//! into `variables`, `request`, `response` and `log`, and reading the edited request back.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rquickjs::{Ctx, Exception, Function, Object};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::logs::LogBuffer;
use super::{ScriptRequest, ScriptResponse, Variables};
use url::Url;

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
    super::helpers::install(ctx, &host)?;
    if let Some(request) = request {
        host.set("request", request_json(request).to_string())?;
    }
    if let Some(response) = response {
        host.set("response", response_json(response).to_string())?;
    }
    Ok(host)
}

/// `request` as Runscope's scripts page documents it (runscope.com/docs/api-testing/scripts,
/// "Request Data"): `method`, `url`, `body`, and the URL's `scheme`, `host` and `path`; `headers`,
/// `params` (the query) and `form` (a url-encoded body) map each name to the array of its values.
fn request_json(request: &ScriptRequest) -> Value {
    let parts = UrlParts::of(request);
    json!({
        "method": request.method,
        "url": request.url,
        "scheme": parts.scheme,
        "host": parts.host,
        "path": parts.path,
        "params": grouped(&parts.params),
        "form": grouped(&parts.form),
        "headers": grouped(&request.headers),
        "body": request.body,
    })
}

/// Name → array of values, names grouped case-insensitively under their first spelling.
fn grouped(pairs: &[(String, String)]) -> Map<String, Value> {
    group_headers(pairs)
        .into_iter()
        .map(|(name, values)| (name, Value::from(values)))
        .collect()
}

/// The parts of a request a script may read and edit besides its URL and body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct UrlParts {
    scheme: String,
    host: String,
    path: String,
    /// The query's name/value pairs, decoded.
    params: Vec<(String, String)>,
    /// The body's fields when it is `application/x-www-form-urlencoded`.
    form: Vec<(String, String)>,
}

impl UrlParts {
    fn of(request: &ScriptRequest) -> Self {
        let url = Url::parse(&request.url).ok();
        let form_body = request.headers.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("content-type")
                && value.starts_with("application/x-www-form-urlencoded")
        });
        UrlParts {
            scheme: url
                .as_ref()
                .map(|u| u.scheme().to_owned())
                .unwrap_or_default(),
            host: url
                .as_ref()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default(),
            path: url
                .as_ref()
                .map(|u| u.path().to_owned())
                .unwrap_or_default(),
            params: url
                .as_ref()
                .map(|u| u.query_pairs().into_owned().collect())
                .unwrap_or_default(),
            form: if form_body {
                url::form_urlencoded::parse(request.body.as_bytes())
                    .into_owned()
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// `url` with this scheme, host, path and query.
    fn rebuild(&self, url: &str) -> Result<String, String> {
        let mut url = Url::parse(url).map_err(|e| {
            format!(
                "request.url {url:?} is not an absolute URL ({e}), so its parts cannot be edited"
            )
        })?;
        url.set_scheme(&self.scheme).map_err(|()| {
            format!(
                "request.scheme {:?} cannot replace {:?}",
                self.scheme,
                url.scheme()
            )
        })?;
        url.set_host(Some(&self.host))
            .map_err(|e| format!("request.host {:?} is not a host ({e})", self.host))?;
        url.set_path(&self.path);
        if self.params.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(&self.params);
        }
        Ok(url.into())
    }
}

/// `response` as Runscope documents it: every header is an array of its values.
fn response_json(response: &ScriptResponse) -> Value {
    json!({
        "status": response.status,
        "reason": response.reason,
        "headers": grouped(&response.headers),
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
    scheme: String,
    host: String,
    path: String,
    params: Vec<(String, String)>,
    form: Vec<(String, String)>,
}

/// Reads the JSON `exportRequest` produced back into `request`. Edits to `scheme`, `host`,
/// `path` or `params` rebuild the URL, unless the script set `url` itself (then `url` wins);
/// edits to `form` re-encode the body, unless the script set `body` itself.
pub(super) fn apply_exported(json: &str, request: &mut ScriptRequest) -> Result<(), String> {
    let exported: ExportedRequest = serde_json::from_str(json)
        .map_err(|error| format!("could not read back the edited request: {error}"))?;
    let before = UrlParts::of(request);
    let url_edited = exported.url != request.url;
    let body_edited = exported.body != request.body;
    let edited = UrlParts {
        scheme: exported.scheme,
        host: exported.host,
        path: exported.path,
        params: exported.params,
        form: exported.form,
    };
    let mut result = ScriptRequest {
        method: exported.method,
        url: exported.url,
        headers: exported.headers,
        body: exported.body,
    };
    let parts_edited = (&edited.scheme, &edited.host, &edited.path, &edited.params)
        != (&before.scheme, &before.host, &before.path, &before.params);
    if parts_edited && !url_edited {
        result.url = edited.rebuild(&result.url)?;
    }
    if edited.form != before.form && !body_edited {
        result.body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&edited.form)
            .finish();
    }
    *request = result;
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
    fn header_values_are_arrays_as_runscope_passes_them() {
        let headers = vec![pair("Accept", "a"), pair("X-Two", "1"), pair("X-Two", "2")];
        let request = ScriptRequest {
            headers: headers.clone(),
            ..ScriptRequest::default()
        };
        let response = ScriptResponse {
            headers,
            ..ScriptResponse::default()
        };
        let expected = json!({"Accept": ["a"], "X-Two": ["1", "2"]});
        assert_eq!(request_json(&request)["headers"], expected);
        assert_eq!(response_json(&response)["headers"], expected);
    }

    fn form_request() -> ScriptRequest {
        ScriptRequest {
            method: "POST".into(),
            url: "https://api.example:8443/v1/Users?filter=userName%20eq%20%22a%22&tag=1&tag=2"
                .into(),
            headers: vec![pair("Content-Type", "application/x-www-form-urlencoded")],
            body: "grant_type=password&scope=a+b".into(),
        }
    }

    #[test]
    fn the_url_parts_params_and_form_are_readable() {
        let json = request_json(&form_request());
        assert_eq!(json["scheme"], "https");
        assert_eq!(json["host"], "api.example");
        assert_eq!(json["path"], "/v1/Users");
        assert_eq!(
            json["params"],
            json!({"filter": ["userName eq \"a\""], "tag": ["1", "2"]})
        );
        assert_eq!(
            json["form"],
            json!({"grant_type": ["password"], "scope": ["a b"]})
        );
        let plain = request_json(&ScriptRequest::default());
        assert_eq!(
            (plain["host"].clone(), plain["form"].clone()),
            (json!(""), json!({}))
        );
    }

    /// The export of `request` with `edit` applied to its JSON, as globals.js would write it.
    fn export(request: &ScriptRequest, edit: impl FnOnce(&mut Value)) -> String {
        let mut json = request_json(request);
        edit(&mut json);
        let pairs = |v: &Value| -> Vec<(String, String)> {
            v.as_object()
                .into_iter()
                .flatten()
                .flat_map(|(name, values)| {
                    values.as_array().into_iter().flatten().map(move |value| {
                        (name.clone(), value.as_str().unwrap_or_default().to_owned())
                    })
                })
                .collect()
        };
        json!({
            "method": json["method"], "url": json["url"], "scheme": json["scheme"],
            "host": json["host"], "path": json["path"], "params": pairs(&json["params"]),
            "form": pairs(&json["form"]), "headers": pairs(&json["headers"]), "body": json["body"],
        })
        .to_string()
    }

    #[test]
    fn edited_parts_rebuild_the_url_and_an_edited_form_the_body() {
        let mut request = form_request();
        let exported = export(&request, |json| {
            json["scheme"] = json!("http");
            json["host"] = json!("other.example");
            json["path"] = json!("/v2/Groups");
            json["params"] = json!({"count": ["5"]});
            json["form"]["scope"] = json!(["c"]);
        });
        apply_exported(&exported, &mut request).unwrap();
        assert_eq!(request.url, "http://other.example:8443/v2/Groups?count=5");
        assert_eq!(request.body, "grant_type=password&scope=c");
    }

    #[test]
    fn an_edited_url_or_body_wins_over_edited_parts() {
        let mut request = form_request();
        let exported = export(&request, |json| {
            json["url"] = json!("https://set.example/x");
            json["host"] = json!("ignored.example");
            json["body"] = json!("raw");
            json["form"] = json!({"ignored": ["1"]});
        });
        apply_exported(&exported, &mut request).unwrap();
        assert_eq!(
            (request.url.as_str(), request.body.as_str()),
            ("https://set.example/x", "raw")
        );
        let mut unchanged = form_request();
        apply_exported(&export(&unchanged, |_| {}), &mut unchanged).unwrap();
        assert_eq!(unchanged, form_request());
    }

    #[test]
    fn a_part_that_cannot_be_applied_is_an_error() {
        let mut request = form_request();
        let exported = export(&request, |json| json["host"] = json!("bad host name"));
        let error = apply_exported(&exported, &mut request).unwrap_err();
        assert!(error.contains("request.host"), "{error}");
        assert_eq!(request, form_request(), "nothing is applied");
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
