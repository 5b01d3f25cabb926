//! `scimcheck run --profile okta|entra|entra-legacy|onelogin`: which scenarios a profile runs, what backs
//! their request shapes, and the readiness line its report ends with.
//!
//! Wiring (in the `run` command): `Profile` parses from `--profile`, and [`Profile::run`] runs
//! its scenarios with the conformance suite's runner, adding the readiness lines to the final
//! event and result:
//!
//! ```no_run
//! # async fn demo(target: scimcheck_suites::Target, sink: &mut dyn scimcheck_engine::event::EventSink)
//! # -> Result<(), scimcheck_suites::SuiteError> {
//! use scimcheck_idp::Profile;
//! use scimcheck_suites::{RunOptions, SuiteSettings};
//! let profile: Profile = "okta".parse().expect("a known profile");
//! let result = profile.run(target, &SuiteSettings::default(), &RunOptions::default(), sink).await?;
//! println!("{}", result.notes.last().map_or("", String::as_str));
//! # Ok(()) }
//! ```

use crate::entra::shape::Mode;
use crate::judge::{AxisVerdict, axes};
use crate::source::{self, Scenario};
use crate::{entra, okta, onelogin};
use scimcheck_engine::ending::Ending;
use scimcheck_engine::event::{EventSink, RunEvent};
use scimcheck_engine::model::RunResult;
use scimcheck_suites::check::Check;
use scimcheck_suites::{RunOptions, SuiteError, SuiteSettings, Target};
use std::str::FromStr;

/// An identity provider whose way of calling SCIM scimcheck replays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// Okta (SCIM 2.0 provisioning, Group Push).
    Okta,
    /// Microsoft Entra ID (formerly Azure AD) provisioning with the `aadOptscim062020` flag:
    /// the SCIM-compliant PATCH shapes.
    Entra,
    /// Microsoft Entra ID provisioning without the `aadOptscim062020` flag: capitalised ops,
    /// `"False"`, members removed with a value array.
    EntraLegacy,
    /// OneLogin's SCIM Provisioner (SCIM v2 Enterprise): PUT for every user change.
    OneLogin,
}

/// A `--profile` value that names no profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile `{0}`; the profiles are: okta, entra, entra-legacy, onelogin")]
pub struct UnknownProfile(pub String);

impl FromStr for Profile {
    type Err = UnknownProfile;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.to_ascii_lowercase().as_str() {
            "okta" => Ok(Profile::Okta),
            "entra" | "entra-id" | "azure" | "azure-ad" => Ok(Profile::Entra),
            "entra-legacy" => Ok(Profile::EntraLegacy),
            "onelogin" => Ok(Profile::OneLogin),
            _ => Err(UnknownProfile(name.to_owned())),
        }
    }
}

impl Profile {
    /// Every profile, in `--help` order.
    pub const ALL: [Profile; 4] = [
        Profile::Okta,
        Profile::Entra,
        Profile::EntraLegacy,
        Profile::OneLogin,
    ];

    /// The `--profile` name.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Okta => "okta",
            Profile::Entra => "entra",
            Profile::EntraLegacy => "entra-legacy",
            Profile::OneLogin => "onelogin",
        }
    }

    /// The name a run of this profile gives its result (`suite`), e.g. "okta profile (Okta)".
    pub fn suite_name(self) -> String {
        format!("{} profile ({})", self.name(), self.idp())
    }

    /// The IdP's product name, for the readiness line.
    pub fn idp(self) -> &'static str {
        match self {
            Profile::Okta => "Okta",
            Profile::Entra => "Microsoft Entra ID",
            Profile::EntraLegacy => "Microsoft Entra ID without aadOptscim062020",
            Profile::OneLogin => "OneLogin",
        }
    }

    /// The profile's scenarios with what backs their request shapes.
    pub fn catalog(self) -> Vec<Scenario> {
        match self {
            Profile::Okta => okta::scenarios(),
            Profile::Entra => entra::scenarios(Mode::Compliant),
            Profile::EntraLegacy => entra::scenarios(Mode::Legacy),
            Profile::OneLogin => onelogin::scenarios(),
        }
    }

    /// The profile's scenarios, as conformance-suite checks.
    ///
    /// A scenario builds on no suite prerequisite: each is a whole IdP lifecycle that makes its
    /// own users and groups, and a profile run sends only the IdP's request shapes — the
    /// suite's generic `prerequisite.*` requests are not what the IdP sends. Their creates are
    /// a shared setup step instead (`scenario::create`), so one refused IdP body is one root
    /// cause.
    pub fn scenarios(self) -> Vec<Check> {
        self.catalog()
            .into_iter()
            .map(|s| s.check.builds_on(&[]))
            .collect()
    }

    /// The lines a profile run ends with: the IdP's own notes (Okta: throttling and timeouts),
    /// the details the scenarios that ran assume without a public source, then the readiness
    /// line with both verdict axes.
    pub fn readiness(self, result: &RunResult) -> Vec<String> {
        let mut lines = match self {
            Profile::Okta => okta::notes(result),
            Profile::Entra | Profile::EntraLegacy | Profile::OneLogin => Vec::new(),
        };
        let ran: Vec<&str> = result.cases.iter().map(|c| c.id.as_str()).collect();
        lines.extend(source::assumed_note(&ran, &self.catalog()));
        let (mut idp_ok, mut rfc_ok, mut judged) = (0, 0, 0);
        let mut failing = Vec::new();
        for case in &result.cases {
            let a = axes(case);
            if a.idp == AxisVerdict::NotJudged {
                continue;
            }
            judged += 1;
            if a.idp == AxisVerdict::Pass {
                idp_ok += 1;
            } else {
                failing.push(case.id.as_str());
            }
            if a.rfc == AxisVerdict::Pass {
                rfc_ok += 1;
            }
        }
        let not_judged = result.cases.len() - judged;
        let verdict = if failing.is_empty() && judged > 0 {
            "READY".to_owned()
        } else if judged == 0 {
            "NOT JUDGED".to_owned()
        } else {
            format!("NOT READY (fails: {})", failing.join(", "))
        };
        lines.push(format!(
            "{} readiness: {verdict} — {idp_ok}/{judged} scenarios would succeed with {}; RFC conformance {rfc_ok}/{judged}{}",
            self.idp(),
            self.idp(),
            if not_judged > 0 {
                format!("; {not_judged} skipped or errored (see their reasons)")
            } else {
                String::new()
            }
        ));
        lines
    }

    /// Runs the profile's scenarios against `target` with the conformance suite's runner; the
    /// `RunFinished` event and the returned result both end with the readiness lines. This is
    /// all `scimcheck run --profile` needs.
    pub async fn run(
        self,
        target: Target,
        settings: &SuiteSettings,
        options: &RunOptions,
        sink: &mut dyn EventSink,
    ) -> Result<RunResult, SuiteError> {
        self.run_to_ending(target, settings, options, sink)
            .await
            .map(|(result, _)| result)
    }

    /// [`Profile::run`], also saying how the run ended (see
    /// [`scimcheck_suites::run_to_ending`]).
    pub async fn run_to_ending(
        self,
        target: Target,
        settings: &SuiteSettings,
        options: &RunOptions,
        sink: &mut dyn EventSink,
    ) -> Result<(RunResult, Ending), SuiteError> {
        let mut sink = ReadinessSink::new(self, sink);
        let (result, ending) = scimcheck_suites::run_to_ending(
            target,
            &self.scenarios(),
            settings,
            options,
            &mut sink,
        )
        .await?;
        Ok((self.with_readiness(result), ending))
    }

    /// `result` named after the profile, with each case's sources and assumptions in its log
    /// and the readiness lines appended to its notes.
    pub fn with_readiness(self, mut result: RunResult) -> RunResult {
        result.suite = self.suite_name();
        let catalog = self.catalog();
        for case in &mut result.cases {
            source::annotate(case, &catalog);
        }
        let lines = self.readiness(&result);
        result.notes.extend(lines);
        result
    }
}

/// An [`EventSink`] that names the run after the profile, adds each scenario's sources and
/// assumptions to its case as it finishes, and a profile's readiness lines to the final
/// `RunFinished` result, before passing them on, so every report built from events carries them.
pub struct ReadinessSink<'a> {
    profile: Profile,
    catalog: Vec<Scenario>,
    inner: &'a mut dyn EventSink,
}

impl<'a> ReadinessSink<'a> {
    /// Wraps `inner` for a run of `profile`.
    pub fn new(profile: Profile, inner: &'a mut dyn EventSink) -> Self {
        ReadinessSink {
            profile,
            catalog: profile.catalog(),
            inner,
        }
    }
}

impl EventSink for ReadinessSink<'_> {
    fn event(&mut self, event: &RunEvent) {
        match event {
            RunEvent::CaseFinished(case) => {
                let mut case = case.clone();
                source::annotate(&mut case, &self.catalog);
                self.inner.event(&RunEvent::CaseFinished(case));
            }
            RunEvent::RunFinished(result) => {
                let result = self.profile.with_readiness(result.clone());
                self.inner.event(&RunEvent::RunFinished(result));
            }
            RunEvent::RunStarted {
                target, planned, ..
            } => self.inner.event(&RunEvent::RunStarted {
                suite: self.profile.suite_name(),
                target: target.clone(),
                planned: *planned,
            }),
            other => self.inner.event(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_parse_by_name_and_alias() {
        assert_eq!("okta".parse(), Ok(Profile::Okta));
        assert_eq!("Entra".parse(), Ok(Profile::Entra));
        assert_eq!("azure-ad".parse(), Ok(Profile::Entra));
        assert_eq!("entra-legacy".parse(), Ok(Profile::EntraLegacy));
        assert_eq!("OneLogin".parse(), Ok(Profile::OneLogin));
        let e = "jumpcloud".parse::<Profile>().unwrap_err();
        assert!(e.to_string().contains("okta, entra"), "{e}");
    }

    #[test]
    fn scenario_ids_are_unique_and_prefixed_by_the_profile() {
        for profile in Profile::ALL {
            let scenarios = profile.scenarios();
            let mut ids: Vec<&str> = scenarios.iter().map(|s| s.id).collect();
            assert!(
                ids.iter().all(|id| id.starts_with(profile.name())),
                "{ids:?}"
            );
            let count = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(
                ids.len(),
                count,
                "duplicate scenario ids in {}",
                profile.name()
            );
        }
    }
}
