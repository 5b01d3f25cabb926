//! `{{…}}` templates: Runscope fills variables and built-in functions into the method, URLs,
//! headers, bodies, form fields, auth fields, assertion values, conditions and notes
//! (runscope.com/docs/api-testing/variables).
//!
//! - `{{ name }}` (spaces allowed) is replaced by the variable's value; values are inserted as
//!   they are, never filled again.
//! - A name that is not a variable may be a built-in value (`timestamp`, `utc_datetime`,
//!   `random_int`, `uuid`) or a call of a built-in function, `{{md5(text)}}`; see
//!   [`functions`]. Variables win over built-in values of the same name.
//! - Templates nest inside a function's arguments: `{{encode_base64({{user}}:{{pass}})}}`
//!   fills `user` and `pass`, then encodes. Only literal commas separate arguments, so a comma
//!   inside a variable's value never splits one; each argument's surrounding spaces are dropped.
//! - A name that is not defined is left as written (`{{name}}`) and reported in
//!   [`Rendered::undefined`]; so is a call with an undefined variable in its arguments.
//! - A function called wrongly (unknown name, wrong arguments) is left as written and
//!   reported in [`Rendered::errors`], so the step can say what is wrong.
//! - A `{{` without its closing `}}` is kept as text, with everything after it.
//! - The filled text stops growing at [`MAX_RENDERED_BYTES`] ([`Rendered::too_long`] says so): a
//!   1 MB body repeating `{{v}}` must not ask for gigabytes; templates nest at most
//!   [`MAX_NESTING`] deep.
//!
//! What a template reads comes from a [`Scope`]: plain variables, or (during a run) variables
//! whose secrets are placeholders — then a function whose argument holds a secret computes on
//! the real value and its result becomes a secret of its own (see [`super::secret`]).
//!
//! ```
//! use scimcheck_engine::runscope::{template, Variables};
//! let mut vars = Variables::new();
//! vars.insert("id".into(), "42".into());
//! let r = template::render("/Users/{{id}}?x={{missing}}&h={{md5({{id}})}}", &vars);
//! assert_eq!(r.text, "/Users/42?x={{missing}}&h=a1d0c6e83f027327d8461063f4ac58a6");
//! assert_eq!(r.undefined, ["missing"]);
//! ```

pub mod functions;
pub mod initial;

use super::Variables;
use functions::Arguments;

/// A rendered template.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    /// The text with every defined variable filled in.
    pub text: String,
    /// Names used but not defined, in order of first use, without repeats.
    pub undefined: Vec<String>,
    /// Functions called wrongly: each names the call and what it expects.
    pub errors: Vec<String>,
    /// The filled text would have passed [`MAX_RENDERED_BYTES`]; `text` stops before that.
    pub too_long: bool,
}

/// Most bytes one filled template may hold: 16 MiB, twice the largest response body a step reads.
pub const MAX_RENDERED_BYTES: usize = 16 * 1024 * 1024;

/// How deep templates may nest inside function arguments: far more than anyone writes, and few
/// enough that a hostile file of `{{` cannot exhaust the stack.
pub const MAX_NESTING: usize = 16;

/// Where a template's names get their values.
pub trait Scope {
    /// The value of the variable `name`, if it is defined.
    fn variable(&mut self, name: &str) -> Option<String>;

    /// `text` with the secrets it holds as placeholders revealed, or `None` when it holds none.
    fn reveal(&self, _text: &str) -> Option<String> {
        None
    }

    /// What stands in the text for `value`, a function's result computed from a secret.
    fn derived(&mut self, value: String) -> String {
        value
    }
}

/// Variables as they are, without secrets.
impl Scope for &Variables {
    fn variable(&mut self, name: &str) -> Option<String> {
        self.get(name).cloned()
    }
}

/// Fills `template` from `variables`.
pub fn render(template: &str, mut variables: &Variables) -> Rendered {
    render_in(template, &mut variables)
}

/// Fills `template` from `scope`.
pub fn render_in(template: &str, scope: &mut dyn Scope) -> Rendered {
    let mut renderer = Renderer {
        scope,
        undefined: Vec::new(),
        errors: Vec::new(),
        too_long: false,
    };
    let text = renderer.expand(template, 0);
    Rendered {
        text,
        undefined: renderer.undefined,
        errors: renderer.errors,
        too_long: renderer.too_long,
    }
}

struct Renderer<'s> {
    scope: &'s mut dyn Scope,
    undefined: Vec<String>,
    errors: Vec<String>,
    too_long: bool,
}

impl Renderer<'_> {
    /// `text` with its templates filled; it stops at [`MAX_RENDERED_BYTES`].
    fn expand(&mut self, text: &str, depth: usize) -> String {
        let mut out = String::with_capacity(text.len().min(MAX_RENDERED_BYTES));
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            if !self.append(&mut out, &rest[..open]) {
                return out;
            }
            let after_open = &rest[open + 2..];
            let Some(close) = closing(after_open) else {
                self.append(&mut out, &rest[open..]);
                return out;
            };
            let whole = &rest[open..open + close + 4];
            let value = self.expression(&after_open[..close], whole, depth);
            if !self.append(&mut out, &value) {
                return out;
            }
            rest = &after_open[close + 2..];
        }
        self.append(&mut out, rest);
        out
    }

    /// Appends `piece` unless `out` would pass [`MAX_RENDERED_BYTES`]; then marks it too long.
    fn append(&mut self, out: &mut String, piece: &str) -> bool {
        if self.too_long || out.len() + piece.len() > MAX_RENDERED_BYTES {
            self.too_long = true;
            return false;
        }
        out.push_str(piece);
        true
    }

    /// The value of one `{{inner}}`; `whole` (the template as written) when it has none.
    fn expression(&mut self, inner: &str, whole: &str, depth: usize) -> String {
        if depth >= MAX_NESTING {
            self.error(format!(
                "templates nest more than {MAX_NESTING} deep in {}",
                crate::cap::capped(whole.to_owned(), 80)
            ));
            return whole.to_owned();
        }
        let inner = inner.trim();
        if let Some((name, arguments)) = call_syntax(inner) {
            if let Some(cut) = functions::arguments(name) {
                return self.call(name, cut, arguments, whole, depth);
            }
            if let Some(value) = self.scope.variable(inner) {
                return value;
            }
            self.error(format!(
                "{whole}: `{name}` is not a template function; Runscope's are {}",
                functions::names()
            ));
            return whole.to_owned();
        }
        let name = if inner.contains("{{") {
            self.expand(inner, depth + 1)
        } else {
            inner.to_owned()
        };
        if let Some(value) = self
            .scope
            .variable(&name)
            .or_else(|| functions::value(&name))
        {
            return value;
        }
        if !self.undefined.contains(&name) {
            self.undefined.push(name);
        }
        whole.to_owned()
    }

    /// Calls the function `name` on `arguments` (the text between its parentheses).
    fn call(
        &mut self,
        name: &str,
        cut: Arguments,
        arguments: &str,
        whole: &str,
        depth: usize,
    ) -> String {
        let Some(pieces) = split(arguments, cut) else {
            self.error(format!("{whole}: {}", functions::usage(name)));
            return whole.to_owned();
        };
        let (undefined, errors) = (self.undefined.len(), self.errors.len());
        let args: Vec<String> = pieces
            .iter()
            .map(|piece| self.expand(piece.trim(), depth + 1))
            .collect();
        if self.undefined.len() > undefined || self.errors.len() > errors || self.too_long {
            return whole.to_owned();
        }
        let revealed: Vec<Option<String>> = args.iter().map(|a| self.scope.reveal(a)).collect();
        let from_secret = revealed.iter().any(Option::is_some);
        let args: Vec<String> = args
            .into_iter()
            .zip(revealed)
            .map(|(arg, revealed)| revealed.unwrap_or(arg))
            .collect();
        match functions::call(name, &args) {
            Ok(value) if from_secret => self.scope.derived(value),
            Ok(value) => value,
            Err(problem) => {
                self.error(format!("{whole}: {problem}"));
                whole.to_owned()
            }
        }
    }

    fn error(&mut self, message: String) {
        if !self.errors.contains(&message) {
            self.errors.push(message);
        }
    }
}

/// Where the `}}` closing a template opened just before `text` starts: templates opened inside
/// it are skipped with theirs.
fn closing(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 1usize;
    let mut i = 0;
    while i + 1 < bytes.len() {
        match &bytes[i..i + 2] {
            b"{{" => {
                depth += 1;
                i += 2;
            }
            b"}}" => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    None
}

/// `name(arguments)` as name and argument text, when `inner` has that shape.
fn call_syntax(inner: &str) -> Option<(&str, &str)> {
    let open = inner.find('(')?;
    let name = inner[..open].trim_end();
    let arguments = inner[open + 1..].strip_suffix(')')?;
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    (starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some((name, arguments))
}

/// Cuts a call's argument text as `cut` says; `None` when the count is wrong.
fn split(arguments: &str, cut: Arguments) -> Option<Vec<&str>> {
    let commas = top_level_commas(arguments);
    let blank = arguments.trim().is_empty();
    match cut {
        Arguments::None => blank.then(Vec::new),
        Arguments::One => (!blank).then(|| vec![arguments]),
        Arguments::NoneOrTwo if blank => Some(Vec::new()),
        Arguments::NoneOrTwo => match commas.as_slice() {
            [comma] => Some(vec![&arguments[..*comma], &arguments[comma + 1..]]),
            _ => None,
        },
        Arguments::TwoFirstComma | Arguments::TwoLastComma => {
            let comma = if cut == Arguments::TwoFirstComma {
                commas.first()
            } else {
                commas.last()
            }?;
            Some(vec![&arguments[..*comma], &arguments[comma + 1..]])
        }
    }
}

/// Byte positions of the commas of `text` outside nested templates.
fn top_level_commas(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut commas = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'{', Some(b'{')) => {
                depth += 1;
                i += 2;
            }
            (b'}', Some(b'}')) if depth > 0 => {
                depth -= 1;
                i += 2;
            }
            (b',', _) if depth == 0 => {
                commas.push(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    commas
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runscope::variables_of as vars;

    #[test]
    fn fills_defined_variables_with_inner_spaces() {
        let r = render("{{a}}-{{ b }}", &vars(&[("a", "1"), ("b", "2")]));
        assert_eq!(
            r,
            Rendered {
                text: "1-2".into(),
                ..Rendered::default()
            }
        );
    }

    #[test]
    fn undefined_variables_are_kept_and_reported_once() {
        let r = render("{{x}}/{{x}}/{{y}}", &vars(&[]));
        assert_eq!(r.text, "{{x}}/{{x}}/{{y}}");
        assert_eq!(r.undefined, ["x", "y"]);
    }

    #[test]
    fn unclosed_braces_are_text() {
        let r = render("a {{b", &vars(&[("b", "no")]));
        assert_eq!(r.text, "a {{b");
        assert!(r.undefined.is_empty());
        let r = render("{{b}} {{ x {{b}}", &vars(&[("b", "yes")]));
        assert_eq!(r.text, "yes {{ x {{b}}");
    }

    #[test]
    fn values_are_not_rendered_again() {
        let r = render("{{a}}", &vars(&[("a", "{{b}}"), ("b", "deep")]));
        assert_eq!(r.text, "{{b}}");
        let r = render("{{md5({{a}})}}", &vars(&[("a", "{{b}}"), ("b", "deep")]));
        assert_eq!(r.text, functions::call("md5", &["{{b}}".into()]).unwrap());
    }

    #[test]
    fn builtins_yield_values_and_variables_win_over_them() {
        let r = render("{{timestamp}}", &vars(&[]));
        assert!(r.text.parse::<i64>().is_ok(), "{}", r.text);
        let r = render("{{random_int}} {{ uuid }} {{uuid()}}", &vars(&[]));
        assert!(r.undefined.is_empty() && r.errors.is_empty(), "{r:?}");
        let r = render("{{timestamp}}", &vars(&[("timestamp", "mine")]));
        assert_eq!(r.text, "mine");
    }

    #[test]
    fn nested_templates_fill_function_arguments() {
        let v = vars(&[("user", "alice"), ("pass", "s3cret,x)")]);
        let r = render("Basic {{encode_base64({{user}}:{{pass}})}}", &v);
        assert_eq!(r.text, "Basic YWxpY2U6czNjcmV0LHgp");
        assert!(r.errors.is_empty() && r.undefined.is_empty(), "{r:?}");
        // Nested functions, and spaces around arguments dropped.
        let r = render(
            "{{url_encode( {{decode_base64({{b64}})}} )}}",
            &vars(&[("b64", "YSBi")]),
        );
        assert_eq!(r.text, "a%20b");
    }

    #[test]
    fn literal_commas_cut_arguments_and_variable_commas_do_not() {
        let v = vars(&[("msg", "a,b"), ("key", "k,1")]);
        let r = render("{{hmac_sha256({{msg}}, {{key}})}}", &v);
        let expected = functions::call("hmac_sha256", &["a,b".into(), "k,1".into()]).unwrap();
        assert_eq!(r.text, expected);
        // The HMAC's message may hold literal commas; its key is after the last one.
        let r = render("{{hmac_sha1(x,y,key)}}", &v);
        let expected = functions::call("hmac_sha1", &["x,y".into(), "key".into()]).unwrap();
        assert_eq!(r.text, expected);
        // format_timestamp's format may hold commas.
        let r = render("{{format_timestamp(0, MMM D, YYYY)}}", &v);
        assert_eq!(r.text, "Jan 1, 1970");
        let r = render("{{md5(a,b)}}", &v);
        assert_eq!(r.text, functions::call("md5", &["a,b".into()]).unwrap());
    }

    #[test]
    fn random_int_with_a_range_is_a_function() {
        for _ in 0..50 {
            let r = render("{{random_int(2,6)}}", &vars(&[]));
            let n: i64 = r.text.parse().unwrap();
            assert!((2..=6).contains(&n));
        }
    }

    #[test]
    fn undefined_variables_inside_a_call_keep_the_call_as_written() {
        let r = render("{{md5({{nope}})}}", &vars(&[]));
        assert_eq!(r.text, "{{md5({{nope}})}}");
        assert_eq!(r.undefined, ["nope"]);
        assert!(r.errors.is_empty());
    }

    #[test]
    fn wrong_calls_are_errors_naming_the_call() {
        let r = render("x {{random_int(6,2)}} y", &vars(&[]));
        assert_eq!(r.text, "x {{random_int(6,2)}} y");
        assert!(
            r.errors[0].starts_with("{{random_int(6,2)}}: ") && r.errors[0].contains("greater"),
            "{:?}",
            r.errors
        );
        let r = render("{{random_int(1,2,3)}}", &vars(&[]));
        assert!(
            r.errors[0].contains("{{random_int(1,6)}}"),
            "{:?}",
            r.errors
        );
        let r = render("{{sha512(x)}}", &vars(&[]));
        assert!(
            r.errors[0].contains("`sha512` is not a template function")
                && r.errors[0].contains("hmac_sha256"),
            "{:?}",
            r.errors
        );
        let r = render("{{md5()}}", &vars(&[]));
        assert!(r.errors[0].contains("{{md5(value)}}"), "{:?}", r.errors);
        let r = render("{{uuid(4)}}", &vars(&[]));
        assert!(r.errors[0].contains("no arguments"), "{:?}", r.errors);
    }

    #[test]
    fn a_variable_named_like_a_call_is_still_found() {
        let r = render("{{f(x)}}", &vars(&[("f(x)", "v")]));
        assert_eq!(r.text, "v");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "{{md5(".repeat(10_000) + &")}}".repeat(10_000);
        let r = render(&deep, &vars(&[]));
        assert!(
            r.errors.iter().any(|e| e.contains("nest more than")),
            "{:?}",
            r.errors
        );
        let opens = "{{".repeat(500_000);
        assert_eq!(render(&opens, &vars(&[])).text, opens);
    }

    #[test]
    fn expansion_stops_at_the_cap_instead_of_allocating_it_all() {
        let value = "v".repeat(20 * 1024);
        let template = "{{v}}".repeat(200_000); // 1 MB asking for 4 GB
        let r = render(&template, &vars(&[("v", &value)]));
        assert!(r.too_long);
        assert!(r.text.len() <= MAX_RENDERED_BYTES, "{}", r.text.len());
        assert!(!render("{{v}}{{v}}", &vars(&[("v", &value)])).too_long);
    }

    #[test]
    fn multibyte_text_around_templates_survives() {
        let r = render("é{{a}}ü", &vars(&[("a", "ß")]));
        assert_eq!(r.text, "éßü");
        let r = render("{{ü(x)}}{{sha1(é)}}", &vars(&[]));
        assert_eq!(r.undefined, ["ü(x)"]);
        assert!(
            r.text
                .ends_with(&functions::call("sha1", &["é".into()]).unwrap())
        );
    }

    /// A scope whose `s` is the placeholder `<S>` of the secret `real`.
    struct Sealed {
        derived: Vec<String>,
    }

    impl Scope for Sealed {
        fn variable(&mut self, name: &str) -> Option<String> {
            (name == "s").then(|| "<S>".to_owned())
        }
        fn reveal(&self, text: &str) -> Option<String> {
            text.contains("<S>").then(|| text.replace("<S>", "real"))
        }
        fn derived(&mut self, value: String) -> String {
            self.derived.push(value);
            format!("<D{}>", self.derived.len())
        }
    }

    #[test]
    fn functions_of_secrets_compute_on_the_value_and_yield_a_placeholder() {
        let mut scope = Sealed { derived: vec![] };
        let r = render_in("{{s}} {{encode_base64(u:{{s}})}} {{md5(x)}}", &mut scope);
        assert_eq!(
            r.text,
            format!(
                "<S> <D1> {}",
                functions::call("md5", &["x".into()]).unwrap()
            )
        );
        assert_eq!(scope.derived, ["dTpyZWFs"]); // base64("u:real")
    }
}
