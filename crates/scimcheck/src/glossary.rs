//! How the command line sets each setting the engine's messages name: the flag a user types,
//! shown after the engine's phrase wherever the binary prints ("raise the per-request timeout
//! (--timeout)"). The engine speaks of settings, not flags, because the dashboard and CI
//! recipes start the same runs (`scimcheck_engine::setting`).

use scimcheck_engine::setting::{self, Setting};

/// The flag (or flags) that set `setting`.
pub fn flag(setting: Setting) -> &'static str {
    match setting {
        Setting::PausePolicy => "--pauses",
        Setting::TlsVerification => "--insecure",
        Setting::CaCertificate => "--ca-cert FILE",
        Setting::ClientCertificate => "--client-cert FILE",
        Setting::RequestTimeout => "--timeout",
        Setting::Deadline => "--deadline",
        Setting::Variables => "--var NAME=VALUE",
        Setting::EnvironmentFile => "--env FILE",
        Setting::EnvironmentName => "--environment NAME",
        Setting::SubtestExports => "--subtest UUID=FILE or --subtests DIR",
        Setting::Credential => "--token, --auth or --header",
        Setting::ExtraHeaders => "--header",
        Setting::OAuthTokenUrl => "--oauth-token-url",
        Setting::OAuthClient => "--oauth-client-id, --oauth-client-secret, --oauth-scope",
        Setting::CheckSelection => "--only, --skip",
        Setting::ReadOnly => "--read-only",
        Setting::KeepResources => "--no-cleanup",
        Setting::ShowForeignData => "--show-foreign-data",
        Setting::LoadScenario => "--scenario",
        Setting::WritesBeyondLoopback => "--allow-writes",
        Setting::Concurrency => "--concurrency",
        Setting::LoadUsers => "--users",
        Setting::RequestRate => "--rate",
        Setting::LatencyBudget => "--max-p99",
        Setting::ErrorRateBudget => "--max-error-rate",
    }
}

/// `text` with the flag after each setting it names.
pub fn annotate(text: &str) -> String {
    setting::annotate(text, |setting| Some(flag(setting)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_messages_are_shown_with_the_flags_that_set_what_they_name() {
        assert_eq!(
            annotate("raise the per-request timeout if the server is just slow"),
            "raise the per-request timeout (--timeout) if the server is just slow"
        );
        assert_eq!(
            annotate("trust a CA certificate for a private CA, or turn off TLS verification"),
            "trust a CA certificate (--ca-cert FILE) for a private CA, or turn off TLS verification (--insecure)"
        );
        for setting in Setting::ALL {
            assert!(flag(setting).starts_with("--"), "{setting:?}");
        }
    }
}
