//! Which of the behaviours scimcheck assumes (no readable Runscope page states them; the
//! feature table marks them) a test relies on: its run's notes name them, so a report says where
//! its verdicts rest on scimcheck's reading of Runscope rather than on a Runscope page.
//!
//! Read from the test as written (and the exports its subtests run, the environment, the
//! initial script and the script libraries), so a note names a feature the test carries even
//! when the step using it was skipped.

use std::collections::BTreeSet;

use super::features::{
    BUILT_IN_FUNCTIONS, CONDITIONAL_LOOPS, ENVIRONMENT_OAUTH1, STEP_OAUTH1, SUBTEST_STEPS, XML2JSON,
};
use super::format::{RequestStep, RunscopeTest, Step, StepAuth, StepKind};
use super::runner::RunscopeSettings;
use super::template::functions;

/// Each assumed feature with the words a note names it by.
pub const LABELS: [(&str, &str); 6] = [
    (BUILT_IN_FUNCTIONS, "built-in template functions"),
    (SUBTEST_STEPS, "subtest steps"),
    (CONDITIONAL_LOOPS, "conditional loop steps"),
    (XML2JSON, "the xml2json script helper"),
    (STEP_OAUTH1, "OAuth 1.0a step auth"),
    (ENVIRONMENT_OAUTH1, "the environment's OAuth 1.0 auth"),
];

/// The assumed features `test` uses, in [`LABELS`] order.
pub fn used(test: &RunscopeTest, settings: &RunscopeSettings) -> Vec<&'static str> {
    let mut found = Found::default();
    let mut seen = BTreeSet::new();
    found.steps(&test.steps, settings, &mut seen);
    let settings_templates = settings
        .variables
        .values()
        .chain(settings.headers.iter().map(|(_, value)| value));
    for text in settings_templates {
        found.template(text);
    }
    let settings_scripts = settings.initial_script.iter().chain(
        settings
            .script_libraries
            .iter()
            .map(|library| &library.source),
    );
    for script in settings_scripts {
        found.script(script);
    }
    if matches!(settings.auth, Some(StepAuth::OAuth1(_))) {
        found.0.insert(ENVIRONMENT_OAUTH1);
    }
    LABELS
        .iter()
        .map(|(feature, _)| *feature)
        .filter(|feature| found.0.contains(feature))
        .collect()
}

/// The run note naming `features`, when there are any.
pub fn note(features: &[&str]) -> Option<String> {
    let labels: Vec<&str> = features
        .iter()
        .filter_map(|feature| LABELS.iter().find(|(f, _)| f == feature).map(|(_, l)| *l))
        .collect();
    (!labels.is_empty()).then(|| {
        format!(
            "this test uses Runscope behaviour no readable Runscope page states, which scimcheck \
             assumes: {} (what is assumed: docs/RUNSCOPE.md, the feature table)",
            labels.join(", ")
        )
    })
}

#[derive(Default)]
struct Found(BTreeSet<&'static str>);

impl Found {
    fn steps<'t>(
        &mut self,
        steps: &'t [Step],
        settings: &'t RunscopeSettings,
        seen: &mut BTreeSet<&'t str>,
    ) {
        for step in steps {
            match &step.kind {
                StepKind::Request(request) => self.request(request),
                StepKind::Condition(condition) => {
                    if condition.looping {
                        self.0.insert(CONDITIONAL_LOOPS);
                    }
                    self.template(&condition.left);
                    self.template(condition.right.as_deref().unwrap_or_default());
                    self.steps(&condition.steps, settings, seen);
                }
                StepKind::Subtest(subtest) => {
                    self.0.insert(SUBTEST_STEPS);
                    for (_, value) in &subtest.params {
                        self.template(value);
                    }
                    // Each called export once: a subtest may call itself or its caller.
                    if let Some(called) = settings.subtests.get(&subtest.test_uuid)
                        && seen.insert(&subtest.test_uuid)
                    {
                        self.steps(&called.steps, settings, seen);
                    }
                }
                StepKind::Pause { .. }
                | StepKind::NotRunnable { .. }
                | StepKind::Invalid { .. } => {}
            }
        }
    }

    fn request(&mut self, request: &RequestStep) {
        let fields = [&request.note, &request.method, &request.url, &request.body];
        let pairs = request.headers.iter().chain(&request.form);
        for text in fields
            .into_iter()
            .chain(pairs.flat_map(|(name, value)| [name, value]))
        {
            self.template(text);
        }
        if matches!(request.auth, Some(StepAuth::OAuth1(_))) {
            self.0.insert(STEP_OAUTH1);
        }
        for script in request.before_scripts.iter().chain(&request.scripts) {
            self.script(script);
        }
    }

    /// A template calling a built-in function (`{{uuid}}`, `{{md5(…)}}`).
    fn template(&mut self, text: &str) {
        let calls = text.split("{{").skip(1).any(|after| {
            let name: String = after
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            functions::arguments(&name).is_some()
        });
        if calls {
            self.0.insert(BUILT_IN_FUNCTIONS);
        }
    }

    fn script(&mut self, source: &str) {
        if source.contains("xml2json") {
            self.0.insert(XML2JSON);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runscope::features::{FEATURES, Status};

    #[test]
    fn the_labels_name_every_assumed_feature_and_nothing_else() {
        let assumed: Vec<&str> = FEATURES
            .iter()
            .filter(|f| matches!(f.status, Status::SupportedAssuming(_)))
            .map(|f| f.name)
            .collect();
        let labelled: Vec<&str> = LABELS.iter().map(|(feature, _)| *feature).collect();
        assert_eq!(assumed.len(), labelled.len(), "{assumed:?}");
        for feature in assumed {
            assert!(labelled.contains(&feature), "{feature} has no label");
        }
    }

    #[test]
    fn a_note_names_the_features_in_words() {
        assert_eq!(note(&[]), None);
        let note = note(&[SUBTEST_STEPS, XML2JSON]).unwrap_or_default();
        assert!(
            note.contains("assumes: subtest steps, the xml2json script helper"),
            "{note}"
        );
    }
}
