//! Every Runscope feature and what scimcheck does with it, with the Runscope page that documents
//! it: the source of docs/RUNSCOPE.md's feature table ([`markdown`]), kept fresh by the engine's
//! `runscope_features` test.

/// What scimcheck does with a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// As Runscope documents it.
    Supported,
    /// Supported, but some details are scimcheck's own choice because no Runscope page that
    /// could be read states them; the text names them, so the table marks them as assumed.
    SupportedAssuming(&'static str),
    /// Runs, but differently; the text says how.
    Different(&'static str),
    /// Not implemented (yet); the text says what happens instead.
    NotSupported(&'static str),
    /// Only Runscope's service can do it; the text says why.
    NotApplicable(&'static str),
}

/// One feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    /// The feature, in Runscope's words.
    pub name: &'static str,
    /// What scimcheck does.
    pub status: Status,
    /// The Runscope page that documents it.
    pub source: &'static str,
}

const VARIABLES: &str = "https://www.runscope.com/docs/api-testing/variables";
const SCRIPTS: &str = "https://www.runscope.com/docs/api-testing/scripts";
/// Runscope's own repository of "JavaScript libraries compatible with the Runscope API Test
/// Script Engine", with a sample export using one.
const SCRIPT_LIBRARIES: &str = "https://github.com/Runscope/script-libraries";
const ENVIRONMENTS: &str = "https://www.runscope.com/docs/api/environments";
const STEPS: &str = "https://www.runscope.com/docs/api-testing/test-editor";
const STEP_API: &str = "https://help.blazemeter.com/apidocs/api-monitoring/steps_adding_steps.htm";
const STEP_TYPES: &str = "https://help.blazemeter.com/docs/guide/api-monitoring-test-steps.html";
const STEP_AUTH: &str =
    "https://help.blazemeter.com/apidocs/api-monitoring/steps_defining_auth.htm";

// The features whose details are assumed, by name: [`super::assumed`] names those a test
// uses in its run's notes.
/// The template functions (their ranges and formats are assumed).
pub const BUILT_IN_FUNCTIONS: &str = "Built-in functions: timestamp, utc_datetime, random_int, random_int(a,b), random_string, uuid, encode_base64, decode_base64, url_encode, md5, sha1, sha256, hmac_sha1, hmac_sha256, format_timestamp, timestamp_offset";
/// Subtest steps (their outcome's shape and variables are assumed).
pub const SUBTEST_STEPS: &str = "Subtest steps";
/// Conditional loops (how they repeat is assumed).
pub const CONDITIONAL_LOOPS: &str = "Conditional loop steps";
/// The xml2json script helper (its API is assumed).
pub const XML2JSON: &str = "Script helper library: xml2json";
/// OAuth 1.0a step auth (its signature method is assumed).
pub const STEP_OAUTH1: &str =
    "Steps: OAuth 1.0a auth (`auth_type: oauth_1`, `signature_type` auth_header, query or body)";
/// An environment's OAuth 1.0 auth (read as a step's).
pub const ENVIRONMENT_OAUTH1: &str = "Environments: OAuth 1.0 auth";

const fn feature(name: &'static str, status: Status, source: &'static str) -> Feature {
    Feature {
        name,
        status,
        source,
    }
}

/// Runscope's features, in the order docs/RUNSCOPE.md lists them.
pub const FEATURES: [Feature; 33] = [
    feature(
        "Request steps: method, URL, headers, body, form",
        Status::Supported,
        STEPS,
    ),
    feature(
        "`{{variable}}` templates in every field Runscope fills (method included)",
        Status::Supported,
        VARIABLES,
    ),
    feature(
        BUILT_IN_FUNCTIONS,
        Status::SupportedAssuming(
            "`random_int` without arguments in 0..2^64−1; `utc_datetime` as RFC 3339 to the second with `Z`; hashes and HMACs as lowercase hex; `url_encode` keeping only RFC 3986's unreserved characters; `format_timestamp` with Moment.js tokens in UTC; `random_string` up to 1000 characters",
        ),
        VARIABLES,
    ),
    feature(
        "Nested templates in function arguments",
        Status::Supported,
        VARIABLES,
    ),
    feature(
        "Templates in initial variables, filled once per run",
        Status::Supported,
        VARIABLES,
    ),
    feature(
        "Run-context variables (`runscope_*`)",
        Status::Different(
            "the test's name, a fresh run id and the environment's name; `local` for bucket, region, agent and URLs",
        ),
        VARIABLES,
    ),
    feature(
        "Variable extraction from status, headers, JSON, text, time, size",
        Status::Supported,
        VARIABLES,
    ),
    feature(
        "Extraction and assertions on XML bodies (XPath)",
        Status::Different(
            "an XPath 1.0 subset: /a/b, //b, b[n], *, @attr, text(), count(…); any other expression fails the assertion naming what is not supported",
        ),
        VARIABLES,
    ),
    feature("Assertions and their comparisons", Status::Supported, STEPS),
    feature(
        "Pause steps",
        Status::Different("skipped by default and reported; `--pauses honor` waits"),
        STEPS,
    ),
    feature("Condition steps", Status::Supported, STEPS),
    feature(
        SUBTEST_STEPS,
        Status::SupportedAssuming(
            "run from exports given locally, since an export does not carry its own test id: `runscope --subtest UUID=FILE` or `--subtests DIR` of `UUID.json` files, and in the dashboard the uploaded suites given that Runscope test id; the subtest's steps are reported as `{step}.1`, `{step}.2`, … before the step; its outcome, which the step's assertions and variables read as `response_json`, is `result` (`pass`/`fail`, as Runscope's default subtest assertion reads it) with `test_uuid`, `test_name`, `steps`, `steps_failed` and the subtest's final `variables`; without `use_parent_environment` a subtest starts from the run's initial variables, `params` are added to them; subtests nest at most 8 deep and a test cannot call itself",
        ),
        STEP_API,
    ),
    feature(
        CONDITIONAL_LOOPS,
        Status::SupportedAssuming(
            "the step type `conditional-loop` and its fields (`left_value`, `comparison`, `right_value`, `steps`, as a condition's) are those of Runscope's own API client (github.com/Runscope/mcp-bzm-apitest, src/models/step.py), which also spells a condition `conditional`; the page names the step, not how it loops, so scimcheck judges the condition before each pass and runs the steps while it holds (reported as `{step}.{pass}.1`, …, the judgement before pass 2 onward as `{step}.{pass}`), and fails the loop when it still holds after 50 passes",
        ),
        STEP_TYPES,
    ),
    feature(
        "Ghost Inspector steps",
        Status::NotApplicable("they drive a browser test on Ghost Inspector's service"),
        STEP_API,
    ),
    feature(
        "Incoming Request steps",
        Status::NotApplicable(
            "the page names the step without describing it; by its name it waits for a request sent to Runscope's service, which a local run cannot receive; a step of type `inbound` (the name Runscope's API client, github.com/Runscope/mcp-bzm-apitest, src/models/step.py, gives it) is reported skipped, saying so",
        ),
        STEP_TYPES,
    ),
    feature(
        "Initial, pre-request and post-response scripts",
        Status::Supported,
        SCRIPTS,
    ),
    feature(
        "`request` in scripts: method, url, scheme, host, path, params, form, headers, body (editable before sending)",
        Status::Supported,
        SCRIPTS,
    ),
    feature(
        "Chai assertions (`assert`, `expect`) in scripts",
        Status::Supported,
        SCRIPTS,
    ),
    feature(
        "Script helper libraries: Underscore (`_`), Moment (`moment`), CryptoJS",
        Status::Different(
            "written here as far as real scripts use them (Underscore's collection, array and object functions; Moment's parsing of ISO text and numbers, format, add/subtract, startOf, diff and comparisons; CryptoJS's MD5/SHA-1/SHA-256/SHA-512, their HMACs, the part-by-part hashers of `CryptoJS.algo` (`SHA256.create()`, `HMAC.create(…)`, as Runscope's own aws4 script library signs) and the Hex, Base64, Utf8 and Latin1 encoders); local time is UTC; anything else (`_.template`, `moment.duration`, `CryptoJS.AES`) fails the script with \"not supported by scimcheck: …\"",
        ),
        SCRIPTS,
    ),
    feature(
        XML2JSON,
        Status::SupportedAssuming(
            "Runscope names the library but not its API, so it is taken to be the npm package xml2json (0.12): `xml2json.toJson(xml, options)` with its options `object`, `coerce`, `trim`, `arrayNotation`, `reversible`, `alternateTextNode` and `sanitize` (which that version's toJson does not use), built as that package builds it; `toXml` is not provided",
        ),
        SCRIPTS,
    ),
    feature(
        "Script helper libraries: marked, encode, marshal",
        Status::NotSupported(
            "not provided (Runscope names them without their APIs); using one fails the script with \"not supported by scimcheck: marked()\"",
        ),
        SCRIPTS,
    ),
    feature(
        "Custom script libraries (a bucket's uploaded JavaScript)",
        Status::Different(
            "given as files with `runscope --script-library FILE.js` (repeatable), evaluated before every script in the order given; libraries and scripts run as ordinary (non-strict) JavaScript, so the global-style libraries of Runscope's script-libraries repository (aws4, himalaya) install themselves",
        ),
        SCRIPT_LIBRARIES,
    ),
    feature(
        "Environments: initial_variables, script, headers, basic and OAuth 1.0a auth, stop_on_failure",
        Status::Supported,
        ENVIRONMENTS,
    ),
    feature(
        "Environments carried in a test export: the default one, or one picked by name",
        Status::Supported,
        ENVIRONMENTS,
    ),
    feature(
        "Environments: preserve_cookies",
        Status::Different(
            "cookies are kept for the run, but a cookie goes back only to the origin (scheme, host, port) that set it, never to another port or to the hosts a `Domain` attribute names; cookie values are masked in every output",
        ),
        ENVIRONMENTS,
    ),
    feature(
        "Environments: verify_ssl",
        Status::Different("TLS is always verified unless `--insecure` is given; `false` is noted"),
        ENVIRONMENTS,
    ),
    feature(
        STEP_OAUTH1,
        Status::SupportedAssuming(
            "signed with HMAC-SHA1 (the pages name the placements, not the method) as the request goes on the wire, over its query and url-encoded form parameters (RFC 5849); the step's token and secrets are masked in every output",
        ),
        STEP_AUTH,
    ),
    feature(
        "Steps and environments: client-certificate auth",
        Status::Different(
            "Runscope keeps certificates with the account; a local run is given one (`--client-cert FILE.pem`: the chain and private key) and presents it to the target's origin only, on every request there, when its TLS server asks; a step with `auth_type: client_certificate` is an error without one, or when it calls another origin; an environment naming one is noted with the flag",
        ),
        STEP_AUTH,
    ),
    feature(
        ENVIRONMENT_OAUTH1,
        Status::SupportedAssuming(
            "the environment's `auth` block is read as a step's (basic, oauth_1, client_certificate) and used by every request step without one of its own, signed as OAuth 1.0a steps are (above); its token and secrets are held to the target and masked",
        ),
        STEP_AUTH,
    ),
    feature(
        "OAuth 2.0 auth",
        Status::NotApplicable(
            "Runscope has no OAuth 2.0 auth type (its page names basic, OAuth 1.0a and client certificate, and recommends a subtest that fetches the token, which scimcheck runs); an environment's `oauth_2` block is noted and not used: send the token in an Authorization header",
        ),
        STEP_AUTH,
    ),
    feature(
        "Multipart form and binary bodies",
        Status::NotSupported(
            "a step sending one is an error naming the field; their elements' shape is documented nowhere readable (Runscope's own API client types `multipart_form` and `binary_body` as lists of unspecified objects, \"to send files\": github.com/Runscope/mcp-bzm-apitest, src/models/step.py), so scimcheck does not guess it; send a text body in `body`",
        ),
        STEP_API,
    ),
    feature(
        "Environments: retry_on_failure, regions, remote agents, webhooks, integrations, emails",
        Status::NotApplicable("they belong to Runscope's scheduled runs and notifications"),
        ENVIRONMENTS,
    ),
    feature(
        "Schedules, shared buckets, test-run history",
        Status::NotApplicable("a local run is started by hand or CI; its result is the report"),
        STEPS,
    ),
];

/// The feature table as Markdown, between the markers docs/RUNSCOPE.md keeps it in.
pub fn markdown() -> String {
    let mut out =
        String::from("| Runscope feature | in scimcheck | Runscope's page |\n|---|---|---|\n");
    for feature in FEATURES {
        let status = match feature.status {
            Status::Supported => "supported".to_owned(),
            Status::SupportedAssuming(details) => {
                format!("supported; assumed (no readable Runscope page states them): {details}")
            }
            Status::Different(how) => format!("different: {how}"),
            Status::NotSupported(what) => format!("not supported: {what}"),
            Status::NotApplicable(why) => format!("not applicable locally: {why}"),
        };
        out.push_str(&format!(
            "| {} | {status} | [{}]({}) |\n",
            feature.name,
            feature
                .source
                .trim_start_matches("https://")
                .trim_start_matches("www."),
            feature.source
        ));
    }
    out
}

/// The line before the generated table in docs/RUNSCOPE.md.
pub const START_MARKER: &str =
    "<!-- runscope-features: generated from crates/engine/src/runscope/features.rs -->";
/// The line after it.
pub const END_MARKER: &str = "<!-- /runscope-features -->";
