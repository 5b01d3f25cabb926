//! The dashboard's names for the run settings engine messages speak of: where on its pages a
//! user sets each one, so a message reading "add its export to the subtests' exports" says
//! where that is here. Settings the dashboard does not offer stay as the engine names them.

use scimcheck_engine::setting::{self, Setting};

/// Where the dashboard sets `setting`, when it does.
fn place(setting: Setting) -> Option<&'static str> {
    Some(match setting {
        Setting::PausePolicy => "the environment's Pause steps",
        Setting::Variables => "the environment's Variables",
        Setting::Credential => "the environment's Authorization",
        Setting::SubtestExports => {
            "here: upload it as a suite given that Runscope test id, on the Suites page"
        }
        _ => return None,
    })
}

/// `text` with where the dashboard sets each setting it names.
pub fn annotate(text: &str) -> String {
    setting::annotate(text, place)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_messages_name_the_dashboards_fields() {
        assert_eq!(
            annotate("add its export to the subtests' exports under that id"),
            "add its export to the subtests' exports (here: upload it as a suite given that Runscope test id, on the Suites page) under that id"
        );
        let unoffered = "raise the per-request timeout";
        assert_eq!(annotate(unoffered), unoffered);
    }
}
