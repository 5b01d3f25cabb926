//! The defect switchboard: documented deviations from SCIM, each turning exactly one rule off.
//!
//! A conformance check is only trustworthy if it can fail. Each [`Defect`] makes the reference
//! server break one rule the way real servers do, so the suite can prove each of its checks
//! against it. A check names the defects that break it by their kebab-case names (e.g. the check
//! `filter.username-case-insensitive` fails against `--defect filter-username-case-sensitive`).
//!
//! Every defect is defined once, in one row of the defect table in its area's file (`protocol`,
//! `discovery`, `resources`, `filter`, `list`, `patch`, `transport`): its variant, the RFC
//! clause it breaks, what the server then does, and its observation — a probe and the answer
//! the correct server gives it. [`defect_table!`] hands the rows of every area to
//! [`defects!`], which generates the enum, [`Defect::ALL`] and the facts, and to the observation
//! test (crates/server/tests/it/defects.rs), which runs every probe against the correct server
//! and against one committing the defect (both serving TLS); the name is derived from the
//! variant (see [`name`]), so it cannot drift from it.
//!
//! What a defect does lives beside its row where the area has hooks (`discovery`, `filter`,
//! `list`, `patch`, `resources`, `transport`: functions the rule code calls in one line, so the
//! rule code reads as the RFC); the other defects are committed where their rule is (e.g.
//! `crate::respond`). So a new defect in an area with hooks is one file: its row, its
//! observation and what it does.

pub mod discovery;
pub mod filter;
pub mod list;
mod name;
pub mod patch;
mod protocol;
pub mod resources;
pub mod transport;

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

/// Generates [`Defect`], [`Defect::ALL`] and the per-defect facts from the table's rows (the
/// observations are for the test that runs them).
macro_rules! defects {
    (; $($variant:ident { rfc: $rfc:literal, does: $does:literal, observe: $($observation:tt)* },)*) => {
        /// One deviation from the RFCs (or from what Okta and Entra rely on) the server can be
        /// told to commit.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Defect {
            $(
                #[doc = concat!("With this defect on, ", $does, ". Breaks ", $rfc, ".")]
                $variant,
            )*
        }

        impl Defect {
            /// Every defect, in the order `--list-defects` prints them.
            pub const ALL: &'static [Defect] = &[$(Defect::$variant),*];

            /// The kebab-case name used by `--defect` and by the checks that it breaks.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Defect::$variant => name::kebab_case!($variant),)*
                }
            }

            /// The RFC clause (or IdP behaviour) the defect breaks.
            pub const fn rfc(self) -> &'static str {
                match self {
                    $(Defect::$variant => $rfc,)*
                }
            }

            /// What the server does wrong with this defect on.
            pub const fn description(self) -> &'static str {
                match self {
                    $(Defect::$variant => $does,)*
                }
            }
        }
    };
}

/// The list of every defect; the same as [`Defect::ALL`], for callers that prefer a function.
pub fn all_defects() -> &'static [Defect] {
    Defect::ALL
}

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A defect name that names no defect.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown defect '{0}': run `scimcheck serve --list-defects` for the names")]
pub struct UnknownDefect(pub String);

impl FromStr for Defect {
    type Err = UnknownDefect;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Defect::ALL
            .iter()
            .copied()
            .find(|d| d.name() == s)
            .ok_or_else(|| UnknownDefect(s.to_owned()))
    }
}

/// The defects a server instance commits; empty means the server follows every rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefectSet(HashSet<Defect>);

impl DefectSet {
    /// No defects: the correct server.
    pub fn none() -> Self {
        Self::default()
    }

    /// Adds `defect` to the set.
    pub fn with(mut self, defect: Defect) -> Self {
        self.0.insert(defect);
        self
    }

    /// Whether the server commits `defect`.
    pub fn has(&self, defect: Defect) -> bool {
        self.0.contains(&defect)
    }

    /// Whether no defect is on.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<Defect> for DefectSet {
    fn from_iter<I: IntoIterator<Item = Defect>>(iter: I) -> Self {
        DefectSet(iter.into_iter().collect())
    }
}

/// Hands every defect's row, area by area, to `$then!` as `; Variant { rfc, does, observe }, …`:
/// to [`defects!`] here, which makes the enum and its facts, and to the observation test
/// (crates/server/tests/it/defects.rs), which runs each `observe` probe. Each area's rows live in
/// its file beside what its defects do, so a new defect is written in one place.
#[macro_export]
#[doc(hidden)]
macro_rules! defect_table {
    ($then:path) => {
        $crate::defect_rows_protocol! { $crate::defect_rows_discovery, $crate::defect_rows_resources, $crate::defect_rows_filter, $crate::defect_rows_list, $crate::defect_rows_patch, $crate::defect_rows_transport, $then ; }
    };
}

crate::defect_table!(defects);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_parse_back() {
        let mut seen = HashSet::new();
        for &d in Defect::ALL {
            assert!(seen.insert(d.name()), "duplicate name {}", d.name());
            assert!(
                d.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                d.name()
            );
            assert_eq!(d.name().parse::<Defect>(), Ok(d));
            assert!(!d.rfc().is_empty() && !d.description().is_empty());
        }
        assert!(Defect::ALL.len() >= 30);
    }

    #[test]
    fn unknown_name_is_a_typed_error() {
        let err = "no-such-defect".parse::<Defect>().unwrap_err();
        assert!(err.to_string().contains("--list-defects"));
    }
}
