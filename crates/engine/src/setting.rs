//! The settings a run is given, named in the engine's own terms. Messages that tell the user
//! what to change name the setting with [`Setting::phrase`], never a front end's spelling of
//! it: the same run is started from the CLI (flags), the dashboard (form fields) and CI
//! recipes. Each front end maps the settings it offers to how its users set them — the CLI's
//! glossary turns "the per-request timeout" into "the per-request timeout (--timeout)" when it
//! prints, the dashboard's names the form field.

/// A setting named in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Whether Runscope pause steps wait or are skipped.
    PausePolicy,
    /// Whether the server's TLS certificate is verified.
    TlsVerification,
    /// A CA certificate to trust besides the system's.
    CaCertificate,
    /// The client certificate (and key) presented to the target.
    ClientCertificate,
    /// How long one request may take.
    RequestTimeout,
    /// How long the whole run may take.
    Deadline,
    /// Runscope variables given for the run.
    Variables,
    /// A Runscope environment file.
    EnvironmentFile,
    /// Which environment of a test export or bucket is used.
    EnvironmentName,
    /// The exports subtest steps run, by test id.
    SubtestExports,
    /// The Authorization credential sent to the target.
    Credential,
    /// Extra headers sent to the target.
    ExtraHeaders,
    /// The OAuth token endpoint of the client-credentials grant.
    OAuthTokenUrl,
    /// The OAuth client id, secret and scope.
    OAuthClient,
    /// Which checks run (ids, globs, categories).
    CheckSelection,
    /// Running only the checks that change nothing.
    ReadOnly,
    /// Keeping what the run created instead of deleting it.
    KeepResources,
    /// Recording other people's resources as received instead of masked.
    ShowForeignData,
    /// Which load scenario runs.
    LoadScenario,
    /// Letting a writing load scenario run against a target that is not loopback.
    WritesBeyondLoopback,
    /// How many requests a load run keeps in flight.
    Concurrency,
    /// How many users a load scenario creates.
    LoadUsers,
    /// The open model's arrival rate.
    RequestRate,
    /// The p99 latency a load run may not exceed.
    LatencyBudget,
    /// The share of failed requests a load run may not exceed.
    ErrorRateBudget,
}

impl Setting {
    /// Every setting.
    pub const ALL: [Setting; 25] = [
        Setting::PausePolicy,
        Setting::TlsVerification,
        Setting::CaCertificate,
        Setting::ClientCertificate,
        Setting::RequestTimeout,
        Setting::Deadline,
        Setting::Variables,
        Setting::EnvironmentFile,
        Setting::EnvironmentName,
        Setting::SubtestExports,
        Setting::Credential,
        Setting::ExtraHeaders,
        Setting::OAuthTokenUrl,
        Setting::OAuthClient,
        Setting::CheckSelection,
        Setting::ReadOnly,
        Setting::KeepResources,
        Setting::ShowForeignData,
        Setting::LoadScenario,
        Setting::WritesBeyondLoopback,
        Setting::Concurrency,
        Setting::LoadUsers,
        Setting::RequestRate,
        Setting::LatencyBudget,
        Setting::ErrorRateBudget,
    ];

    /// How messages name it, word for word (a front end finds it by this text).
    pub fn phrase(self) -> &'static str {
        match self {
            Setting::PausePolicy => "the pause policy",
            Setting::TlsVerification => "TLS verification",
            Setting::CaCertificate => "a CA certificate",
            Setting::ClientCertificate => "a client certificate",
            Setting::RequestTimeout => "the per-request timeout",
            Setting::Deadline => "the run's deadline",
            Setting::Variables => "the run's variables",
            Setting::EnvironmentFile => "an environment file",
            Setting::EnvironmentName => "the environment's name",
            Setting::SubtestExports => "the subtests' exports",
            Setting::Credential => "the Authorization credential",
            Setting::ExtraHeaders => "the extra headers",
            Setting::OAuthTokenUrl => "the OAuth token URL",
            Setting::OAuthClient => "the OAuth client id, secret and scope",
            Setting::CheckSelection => "the check selection",
            Setting::ReadOnly => "read-only mode",
            Setting::KeepResources => "keeping what the run created",
            Setting::ShowForeignData => "showing foreign data",
            Setting::LoadScenario => "the load scenario",
            Setting::WritesBeyondLoopback => "allowing writes beyond loopback",
            Setting::Concurrency => "the number of requests in flight",
            Setting::LoadUsers => "the number of users to create",
            Setting::RequestRate => "the arrival rate",
            Setting::LatencyBudget => "the p99 latency budget",
            Setting::ErrorRateBudget => "the error-rate budget",
        }
    }
}

/// `text` with each setting's phrase followed by how a front end sets it, `(how)`, once per
/// phrase: a front end's `how` for each setting it offers (e.g. the CLI's flag); a setting the
/// front end does not offer (`None`) is left as the engine named it.
pub fn annotate(text: &str, how: impl Fn(Setting) -> Option<&'static str>) -> String {
    let mut out = text.to_owned();
    for setting in Setting::ALL {
        let phrase = setting.phrase();
        if let (Some(at), Some(how)) = (out.find(phrase), how(setting)) {
            let end = at + phrase.len();
            out.insert_str(end, &format!(" ({how})"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_distinct_and_none_contains_another() {
        for a in Setting::ALL {
            for b in Setting::ALL {
                if a != b {
                    assert!(!a.phrase().contains(b.phrase()), "{a:?} contains {b:?}");
                }
            }
        }
    }

    #[test]
    fn each_phrase_is_annotated_once_where_it_stands() {
        let text = "raise the per-request timeout, or the per-request timeout again";
        let annotated = annotate(text, |s| match s {
            Setting::RequestTimeout => Some("--timeout"),
            _ => Some("?"),
        });
        assert_eq!(
            annotated,
            "raise the per-request timeout (--timeout), or the per-request timeout again"
        );
        assert_eq!(annotate("nothing to say", |_| Some("?")), "nothing to say");
        let unoffered = "raise the per-request timeout";
        assert_eq!(annotate(unoffered, |_| None), unoffered);
    }
}
