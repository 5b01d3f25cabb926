//! `{{name}}` templates: Runscope fills variables into URLs, headers, bodies, form fields,
//! assertion values and notes.
//!
//! - `{{ name }}` (spaces allowed) is replaced by the variable's value.
//! - A name that is not defined is left as written (`{{name}}`) and reported in
//!   [`Rendered::undefined`], so the step can say which variable was missing.
//! - Built-ins, used when no variable of that name exists: `timestamp` (Unix seconds),
//!   `utc_datetime` (RFC 3339), `random_int` (0‥2³¹−1).
//! - A `{{` without a closing `}}` is kept as text.
//! - The filled text stops growing at [`MAX_RENDERED_BYTES`] ([`Rendered::too_long`] says so): a
//!   1 MB body repeating `{{v}}` must not ask for gigabytes.
//!
//! ```
//! use scimcheck_engine::runscope::{template, Variables};
//! let mut vars = Variables::new();
//! vars.insert("id".into(), "42".into());
//! let r = template::render("/Users/{{id}}?x={{missing}}", &vars);
//! assert_eq!(r.text, "/Users/42?x={{missing}}");
//! assert_eq!(r.undefined, ["missing"]);
//! ```

use super::Variables;
use rand::Rng;

/// A rendered template.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    /// The text with every defined variable filled in.
    pub text: String,
    /// Names used but not defined, in order of first use, without repeats.
    pub undefined: Vec<String>,
    /// The filled text would have passed [`MAX_RENDERED_BYTES`]; `text` stops before that.
    pub too_long: bool,
}

/// Most bytes one filled template may hold: 16 MiB, twice the largest response body a step reads.
pub const MAX_RENDERED_BYTES: usize = 16 * 1024 * 1024;

/// Fills `template` from `variables`.
pub fn render(template: &str, variables: &Variables) -> Rendered {
    let mut out = Rendered {
        text: String::with_capacity(template.len().min(MAX_RENDERED_BYTES)),
        undefined: Vec::new(),
        too_long: false,
    };
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let (before, after_open) = rest.split_at(open);
        if !out.push(before) {
            return out;
        }
        let inner_start = &after_open[2..];
        let Some(close) = inner_start.find("}}") else {
            out.push(after_open);
            return out;
        };
        let name = inner_start[..close].trim();
        let fits = match lookup(name, variables) {
            Some(value) => out.push(&value),
            None => {
                if !out.undefined.iter().any(|u| u == name) {
                    out.undefined.push(name.to_owned());
                }
                out.push(&after_open[..close + 4])
            }
        };
        if !fits {
            return out;
        }
        rest = &inner_start[close + 2..];
    }
    out.push(rest);
    out
}

impl Rendered {
    /// Appends `piece` unless the text would pass [`MAX_RENDERED_BYTES`]; then marks it too long.
    fn push(&mut self, piece: &str) -> bool {
        if self.text.len() + piece.len() > MAX_RENDERED_BYTES {
            self.too_long = true;
            return false;
        }
        self.text.push_str(piece);
        true
    }
}

fn lookup(name: &str, variables: &Variables) -> Option<String> {
    if let Some(value) = variables.get(name) {
        return Some(value.clone());
    }
    match name {
        "timestamp" => Some(chrono::Utc::now().timestamp().to_string()),
        "utc_datetime" => {
            Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        }
        "random_int" => Some(rand::rng().random_range(0..i32::MAX).to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Variables {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn fills_defined_variables_with_inner_spaces() {
        let r = render("{{a}}-{{ b }}", &vars(&[("a", "1"), ("b", "2")]));
        assert_eq!(
            r,
            Rendered {
                text: "1-2".into(),
                undefined: vec![],
                too_long: false,
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
    }

    #[test]
    fn values_are_not_rendered_again() {
        let r = render("{{a}}", &vars(&[("a", "{{b}}"), ("b", "deep")]));
        assert_eq!(r.text, "{{b}}");
    }

    #[test]
    fn builtins_yield_values_and_variables_win_over_them() {
        let r = render("{{timestamp}}", &vars(&[]));
        assert!(r.text.parse::<i64>().is_ok(), "{}", r.text);
        let r = render("{{random_int}}", &vars(&[]));
        assert!(r.text.parse::<i64>().is_ok(), "{}", r.text);
        let r = render("{{utc_datetime}}", &vars(&[]));
        assert!(
            chrono::DateTime::parse_from_rfc3339(&r.text).is_ok(),
            "{}",
            r.text
        );
        let r = render("{{timestamp}}", &vars(&[("timestamp", "mine")]));
        assert_eq!(r.text, "mine");
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
    }
}
