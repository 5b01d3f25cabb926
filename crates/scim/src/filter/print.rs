//! The printer: filters and attribute paths back to text that [`super::parse`] reads back to
//! the same tree.
//!
//! Parentheses are written only where precedence needs them: `and` binds tighter than `or`, and
//! both associate to the left, so `Or(a, Or(b, c))` prints as `a or (b or c)` while
//! `Or(Or(a, b), c)` prints as `a or b or c`. Values print as compact JSON.

use std::fmt;

use super::ast::{AttrPath, CompareOp, Filter};

impl CompareOp {
    /// The operator's keyword as the RFC spells it (`eq`, `ne`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(schema) = &self.schema {
            write!(f, "{schema}:")?;
        }
        f.write_str(&self.name)?;
        if let Some(sub) = &self.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Filter {
    /// Prints the filter; compare values that are not JSON literals (arrays, objects) print as
    /// JSON too, which the parser then rejects — the parser never produces them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_filter(self, f, Level::Or)
    }
}

/// Binding strength, loosest first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Or,
    And,
    Term,
}

fn write_filter(filter: &Filter, f: &mut fmt::Formatter<'_>, context: Level) -> fmt::Result {
    let own = match filter {
        Filter::Or(..) => Level::Or,
        Filter::And(..) => Level::And,
        _ => Level::Term,
    };
    let parenthesise = own < context;
    if parenthesise {
        f.write_str("(")?;
    }
    match filter {
        Filter::Or(left, right) => {
            write_filter(left, f, Level::Or)?;
            f.write_str(" or ")?;
            write_filter(right, f, Level::And)?;
        }
        Filter::And(left, right) => {
            write_filter(left, f, Level::And)?;
            f.write_str(" and ")?;
            write_filter(right, f, Level::Term)?;
        }
        Filter::Not(inner) => {
            f.write_str("not (")?;
            write_filter(inner, f, Level::Or)?;
            f.write_str(")")?;
        }
        Filter::Compare { path, op, value } => write!(f, "{path} {op} {value}")?,
        Filter::Present(path) => write!(f, "{path} pr")?,
        Filter::ValuePath { path, filter } => {
            write!(f, "{path}[")?;
            write_filter(filter, f, Level::Or)?;
            f.write_str("]")?;
        }
    }
    if parenthesise {
        f.write_str(")")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::filter::parse;

    #[test]
    fn prints_parentheses_only_where_precedence_needs_them() {
        for (input, printed) in [
            ("a pr or b pr or c pr", "a pr or b pr or c pr"),
            ("a pr or (b pr or c pr)", "a pr or (b pr or c pr)"),
            ("(a pr or b pr) and c pr", "(a pr or b pr) and c pr"),
            ("a pr and (b pr and c pr)", "a pr and (b pr and c pr)"),
            ("(a pr and b pr) or c pr", "a pr and b pr or c pr"),
            ("NOT(a Eq \"x\")", "not (a eq \"x\")"),
            (
                "emails[type eq \"work\" and value co \"@x\"]",
                "emails[type eq \"work\" and value co \"@x\"]",
            ),
            ("x eq \"tab\\there \\u00e9\"", "x eq \"tab\\there é\""),
            ("x gt -1.5E3", "x gt -1500.0"),
        ] {
            assert_eq!(parse(input).unwrap().to_string(), printed, "for {input}");
        }
    }
}
