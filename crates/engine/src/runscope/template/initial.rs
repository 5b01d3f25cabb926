//! Templates in initial variables: Runscope fills them once, when the run starts
//! (help.blazemeter.com "Dynamic Data and Request Chaining", "Evaluation Order of Initial
//! Variables"), so `{"userName": "user-{{uuid}}"}` gives one name for the whole run.
//!
//! An initial variable may use another one, in any order (`{{base}}/Users` with `base` itself
//! built from `{{host}}`): each is filled once, on first use. A variable that depends on itself
//! (directly or through others) is left as written and reported.
//!
//! A value computed from a credential (`basic = "{{encode_base64(u:{{password}})}}"`) is
//! credential too: [`Filled::secret`] names it, so the run conceals it like the credential.

use super::{Rendered, Scope, render_in};
use crate::runscope::Variables;
use std::collections::{BTreeMap, BTreeSet};

/// The outcome of filling a run's initial variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filled {
    /// Variables whose value was computed from a credential (by name or derived).
    pub secret: BTreeSet<String>,
    /// What could not be filled: `initial variable `x`: …`, one per problem.
    pub problems: Vec<String>,
}

/// Fills the templates in `variables`' values, in place. `is_secret` says which names hold
/// credentials.
pub fn fill(variables: &mut Variables, is_secret: &dyn Fn(&str) -> bool) -> Filled {
    let mut resolver = Resolver {
        raw: variables.clone(),
        done: BTreeMap::new(),
        stack: Vec::new(),
        secret: BTreeSet::new(),
        is_secret,
        problems: Vec::new(),
    };
    let names: Vec<String> = variables.keys().cloned().collect();
    for name in names {
        if let Some(value) = resolver.resolve(&name) {
            variables.insert(name, value);
        }
    }
    Filled {
        secret: resolver.secret,
        problems: resolver.problems,
    }
}

struct Resolver<'a> {
    /// The values as given.
    raw: Variables,
    /// Values filled so far.
    done: BTreeMap<String, String>,
    /// The variables being filled, innermost last (to find cycles and mark secrets).
    stack: Vec<String>,
    /// Names whose values derive from a credential.
    secret: BTreeSet<String>,
    is_secret: &'a dyn Fn(&str) -> bool,
    problems: Vec<String>,
}

impl Resolver<'_> {
    /// The filled value of `name`; `None` when it is not an initial variable or depends on itself.
    fn resolve(&mut self, name: &str) -> Option<String> {
        if let Some(value) = self.done.get(name) {
            return Some(value.clone());
        }
        let raw = self.raw.get(name)?.clone();
        if (self.is_secret)(name) {
            self.secret.insert(name.to_owned());
        }
        if !raw.contains("{{") {
            self.done.insert(name.to_owned(), raw.clone());
            return Some(raw);
        }
        if self.stack.iter().any(|n| n == name) {
            self.problems.push(format!(
                "initial variable `{name}` depends on itself ({} → {name}); left as written",
                self.stack.join(" → ")
            ));
            return None;
        }
        self.stack.push(name.to_owned());
        let Rendered {
            text,
            undefined,
            errors,
            too_long,
        } = render_in(&raw, self);
        self.stack.pop();
        if !undefined.is_empty() {
            self.problems.push(format!(
                "initial variable `{name}` uses undefined variable(s) {}; left as written",
                undefined.join(", ")
            ));
        }
        for error in errors {
            self.problems
                .push(format!("initial variable `{name}`: {error}"));
        }
        if too_long {
            self.problems.push(format!(
                "initial variable `{name}` would exceed {} MiB once filled; it was cut",
                super::MAX_RENDERED_BYTES / (1024 * 1024)
            ));
        }
        self.done.insert(name.to_owned(), text.clone());
        Some(text)
    }
}

impl Scope for Resolver<'_> {
    fn variable(&mut self, name: &str) -> Option<String> {
        let value = self.resolve(name)?;
        if self.secret.contains(name) {
            // Whatever uses a credential is one: mark every variable being filled.
            self.secret.extend(self.stack.iter().cloned());
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runscope::variables_of as vars;

    fn never(_: &str) -> bool {
        false
    }

    #[test]
    fn values_are_filled_once_and_may_use_each_other_in_any_order() {
        let mut v = vars(&[
            ("a_url", "{{host}}/Users/{{id}}"),
            ("host", "https://{{name}}.example"),
            ("id", "{{uuid}}"),
            ("name", "api"),
        ]);
        let filled = fill(&mut v, &never);
        assert_eq!(filled, Filled::default());
        assert!(uuid::Uuid::parse_str(&v["id"]).is_ok(), "{}", v["id"]);
        assert_eq!(v["a_url"], format!("https://api.example/Users/{}", v["id"]));
    }

    #[test]
    fn cycles_and_undefined_names_are_reported_and_left_as_written() {
        let mut v = vars(&[("a", "{{b}}"), ("b", "x{{a}}"), ("c", "{{nope}}")]);
        let filled = fill(&mut v, &never);
        assert_eq!(v["c"], "{{nope}}");
        assert!(
            filled
                .problems
                .iter()
                .any(|p| p.contains("`a` depends on itself")),
            "{:?}",
            filled.problems
        );
        assert!(
            filled
                .problems
                .iter()
                .any(|p| p.contains("`c` uses undefined variable(s) nope")),
            "{:?}",
            filled.problems
        );
    }

    #[test]
    fn wrong_calls_are_problems_naming_the_variable() {
        let mut v = vars(&[("n", "{{random_int(9,1)}}")]);
        let filled = fill(&mut v, &never);
        assert_eq!(v["n"], "{{random_int(9,1)}}");
        assert!(filled.problems[0].starts_with("initial variable `n`: {{random_int(9,1)}}"));
    }

    #[test]
    fn values_computed_from_a_credential_are_credentials() {
        let mut v = vars(&[
            ("password", "pw-1234"),
            ("basic", "Basic {{encode_base64(bob:{{password}})}}"),
            ("header", "{{basic}}"),
            ("user", "bob"),
            ("greeting", "hi {{user}}"),
        ]);
        let filled = fill(&mut v, &|n: &str| n == "password");
        assert_eq!(v["basic"], "Basic Ym9iOnB3LTEyMzQ=");
        assert_eq!(v["header"], v["basic"]);
        let secret: Vec<&str> = filled.secret.iter().map(String::as_str).collect();
        assert_eq!(secret, ["basic", "header", "password"]);
    }
}
