//! The proof that the profiles are trustworthy: every scenario passes on the clean reference
//! server, fails on each server defect it names, and leaves no data behind.

use crate::common;

use common::server;
use scim_server::{DEFAULT_TOKEN, Defect, ServerConfig};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_idp::Profile;
use scimcheck_load::DEFECTS_CAUGHT;
use scimcheck_suites::check::Need;
use scimcheck_suites::prerequisite::Prerequisite;
use scimcheck_suites::{RunOptions, SuiteSettings, Target, catalog, run};
use std::collections::HashSet;

async fn run_profile(
    profile: Profile,
    config: ServerConfig,
    only: &[&str],
) -> (RunResult, RunResult) {
    let scim = server(config).await;
    let target = Target::new(scim.base_url_v2()).bearer(DEFAULT_TOKEN);
    let settings = SuiteSettings {
        only: only.iter().map(|s| (*s).to_owned()).collect(),
        ..SuiteSettings::default()
    };
    let mut events = CollectingSink::default();
    let result = profile
        .run(target, &settings, &RunOptions::default(), &mut events)
        .await
        .expect("the run completes");
    let finished = events
        .events
        .iter()
        .find_map(|e| match e {
            scimcheck_engine::event::RunEvent::RunFinished(r) => Some(r.clone()),
            _ => None,
        })
        .expect("a RunFinished event");
    scim.shutdown().await;
    (result, finished)
}

fn not_passing(result: &RunResult) -> Vec<String> {
    result
        .cases
        .iter()
        .filter(|c| c.verdict != Verdict::Pass)
        .map(|c| format!("{} [{}]: {:?}", c.id, c.verdict.as_str(), c.reason))
        .collect()
}

async fn clean_server_passes(profile: Profile) -> RunResult {
    let (result, finished) = run_profile(profile, ServerConfig::default(), &[]).await;
    assert_eq!(result.cases.len(), profile.scenarios().len());
    assert!(
        not_passing(&result).is_empty(),
        "{:#?}",
        not_passing(&result)
    );
    for case in &result.cases {
        assert!(!case.assertions.is_empty(), "{} judged nothing", case.id);
    }
    assert_eq!(
        finished.notes, result.notes,
        "the event and the result agree"
    );
    let readiness = finished.notes.last().expect("a readiness line");
    assert!(
        readiness.starts_with(&format!("{} readiness: READY", profile.idp())),
        "{readiness}"
    );
    result
}

/// Every request the profile's scenarios sent (method, URL, headers).
fn requests(result: &RunResult) -> Vec<&scimcheck_engine::model::RecordedRequest> {
    result
        .cases
        .iter()
        .flat_map(|c| c.exchanges.iter().map(|e| &e.request))
        .collect()
}

fn user_agent(request: &scimcheck_engine::model::RecordedRequest) -> Option<&str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("user-agent"))
        .map(|(_, v)| v.as_str())
}

/// The URLs of the requests in `sent` that contain `part`.
fn urls_with<'a>(
    sent: &[&'a scimcheck_engine::model::RecordedRequest],
    part: &str,
) -> Vec<&'a str> {
    sent.iter()
        .map(|r| r.url.as_str())
        .filter(|u| u.contains(part))
        .collect()
}

#[tokio::test]
async fn okta_scenarios_pass_on_the_clean_server() {
    let result = clean_server_passes(Profile::Okta).await;
    let sent = requests(&result);
    assert!(
        sent.iter()
            .all(|r| user_agent(r) == Some("Okta SCIM Client 1.0.0"))
    );
    let lookups = urls_with(&sent, "filter=userName");
    assert!(
        !lookups.is_empty()
            && lookups
                .iter()
                .all(|u| u.contains("filter=userName%20eq%20%22")),
        "Okta's lookups encode spaces as %20: {lookups:?}"
    );
    assert!(
        lookups
            .iter()
            .all(|u| u.ends_with("&startIndex=1&count=100")),
        "{lookups:?}"
    );
}

#[tokio::test]
async fn entra_scenarios_pass_on_the_clean_server_in_both_modes() {
    for profile in [Profile::Entra, Profile::EntraLegacy] {
        let result = clean_server_passes(profile).await;
        let sent = requests(&result);
        assert!(
            sent.iter().all(|r| user_agent(r).is_none()),
            "Entra sends no User-Agent"
        );
        let connection = sent.first().expect("the test connection request");
        assert!(
            connection.url.contains("filter=userName+eq+%22"),
            "{}",
            connection.url
        );
        let accept = connection
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("accept"));
        assert_eq!(accept.map(|(_, v)| v.as_str()), Some("application/json"));
    }
}

/// OneLogin's requests as a server logged them: `+`-encoded lookups ending in `&`, paths without
/// a query ending in `?`, an empty User-Agent; users are never PATCHed (OneLogin PUTs).
#[tokio::test]
async fn onelogin_scenarios_pass_on_the_clean_server() {
    let result = clean_server_passes(Profile::OneLogin).await;
    let sent = requests(&result);
    assert!(sent.iter().all(|r| user_agent(r) == Some("")), "{sent:#?}");
    let lookups = urls_with(&sent, "filter=");
    assert!(
        !lookups.is_empty()
            && lookups
                .iter()
                .all(|u| u.contains("filter=userName+eq+%22") && u.ends_with("%22&")),
        "{lookups:?}"
    );
    let writes: Vec<&str> = sent
        .iter()
        .filter(|r| matches!(r.method.as_str(), "PUT" | "PATCH" | "DELETE"))
        .map(|r| r.url.as_str())
        .collect();
    assert!(writes.iter().all(|u| u.ends_with('?')), "{writes:?}");
    assert!(
        sent.iter().any(|r| r.method == "PUT")
            && !sent
                .iter()
                .any(|r| r.method == "PATCH" && r.url.contains("/Users/")),
        "OneLogin changes users by PUT only"
    );
}

/// OneLogin's guide takes a 404 as "no such user" when a lookup matches nothing: it does not
/// fail readiness, while the RFC (and Entra) want 200 with an empty list.
#[tokio::test]
async fn onelogin_accepts_a_404_for_a_lookup_with_no_match() {
    let ids = ["onelogin.connection", "onelogin.users.provision"];
    ready_despite_no_match_404(Profile::OneLogin, &ids).await;
}

/// Every PATCH operation a run of `profile` sent.
async fn patch_operations(profile: Profile) -> Vec<serde_json::Value> {
    let (result, _) = run_profile(profile, ServerConfig::default(), &[]).await;
    requests(&result)
        .into_iter()
        .filter(|r| r.method == "PATCH")
        .filter_map(|r| serde_json::from_str::<serde_json::Value>(&r.body).ok())
        .flat_map(|body| body["Operations"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// The shapes `aadOptscim062020` changes are never mixed: the flag-on profile sends no string
/// boolean, no capitalised path-less replace and no member removal by value array; the flag-off
/// profile sends no path-less replace, no lowercase op and no `members[value eq]` removal.
#[tokio::test]
async fn the_two_entra_modes_never_mix() {
    let on = patch_operations(Profile::Entra).await;
    assert!(
        on.iter()
            .any(|op| op["op"] == "replace" && op.get("path").is_none())
    );
    for op in &on {
        assert!(!op["value"].is_string() || op["path"] != "active", "{op}");
        let pathless = op.get("path").is_none();
        assert!(!(pathless && op["op"] == "Replace"), "{op}");
        let by_value = op["path"] == "members" && op["op"].as_str() == Some("Remove");
        assert!(
            !by_value,
            "flag-on removes members by members[value eq]: {op}"
        );
    }
    let off = patch_operations(Profile::EntraLegacy).await;
    assert!(off.iter().any(|op| op["value"] == "False"));
    for op in &off {
        assert!(
            op.get("path").is_some(),
            "flag-off sends no path-less op: {op}"
        );
        let name = op["op"].as_str().unwrap_or_default();
        assert!(name.starts_with(char::is_uppercase), "{op}");
        let filtered = op["path"]
            .as_str()
            .unwrap_or_default()
            .starts_with("members[");
        assert!(
            !filtered,
            "flag-off removes members with a value array: {op}"
        );
    }
}

/// Okta's reference calls a 404 error body "another acceptable response" to a lookup that
/// matches nothing: the Okta profile must not fail readiness for it.
#[tokio::test]
async fn okta_accepts_a_404_for_a_lookup_with_no_match() {
    ready_despite_no_match_404(Profile::Okta, &["okta.assign.create"]).await;
}

/// Entitlements are an Okta Identity Governance option: against a server whose /ResourceTypes
/// names no Role or Entitlement resource type, the entitlement scenarios skip (saying why) and
/// the readiness line does not count them against the server.
#[tokio::test]
async fn okta_entitlement_scenarios_skip_on_a_server_without_catalogs() {
    let scenarios = Profile::Okta.scenarios();
    let ids: Vec<&str> = scenarios
        .iter()
        .map(|s| s.id)
        .filter(|id| id.starts_with("okta.entitlements."))
        .collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    let config = ServerConfig {
        entitlement_types: Vec::new(),
        ..ServerConfig::default()
    };
    let (result, finished) = run_profile(Profile::Okta, config, &ids).await;
    let verdicts: Vec<(&str, Verdict)> = result
        .cases
        .iter()
        .map(|c| (c.id.as_str(), c.verdict))
        .collect();
    assert_eq!(verdicts.len(), 4);
    assert!(
        verdicts.iter().all(|(_, v)| *v == Verdict::Skip),
        "{verdicts:?}"
    );
    assert!(
        result.cases.iter().all(|c| c
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("no entitlements"))),
        "{:#?}",
        result.cases.iter().map(|c| &c.reason).collect::<Vec<_>>()
    );
    let readiness = finished.notes.last().cloned().unwrap_or_default();
    assert!(!readiness.contains("NOT READY"), "{readiness}");
}

/// Runs `ids` of `profile` on a server answering 404 to lookups that match nothing: every one
/// passes and the readiness line says READY.
async fn ready_despite_no_match_404(profile: Profile, ids: &[&str]) {
    let config = ServerConfig::default().with_defect(Defect::NoMatchFilter404);
    let (result, finished) = run_profile(profile, config, ids).await;
    assert_eq!(result.cases.len(), ids.len());
    assert!(
        not_passing(&result).is_empty(),
        "{:#?}",
        not_passing(&result)
    );
    let readiness = finished.notes.last().expect("a readiness line");
    assert!(
        readiness.starts_with(&format!("{} readiness: READY", profile.idp())),
        "{readiness}"
    );
}

/// Each scenario's case names its sources and assumptions in the product's output, and the run
/// lists every assumed detail.
#[tokio::test]
async fn a_run_says_where_each_shape_comes_from_and_what_it_assumes() {
    let ids = ["entra.users.update", "entra.users.pagination"];
    let (result, finished) = run_profile(Profile::Entra, ServerConfig::default(), &ids).await;
    let update = result.cases.iter().find(|c| c.id == ids[0]).expect("ran");
    assert!(
        update.logs.iter().any(|l| l.starts_with("source: ")
            && l.contains("aadOptscim062020")
            && l.contains("https://learn.microsoft.com/")),
        "{:#?}",
        update.logs
    );
    let paging = result.cases.iter().find(|c| c.id == ids[1]).expect("ran");
    assert!(
        paging
            .logs
            .iter()
            .any(|l| l.starts_with("assumed (no public source found): ") && l.contains("count=5")),
        "{:#?}",
        paging.logs
    );
    let note = finished
        .notes
        .iter()
        .find(|n| n.starts_with("Assumed, not backed by a public source"))
        .expect("the run lists its assumptions");
    assert!(
        note.contains("entra.users.pagination: the page size `count=5`"),
        "{note}"
    );
}

/// Every reference-server defect proves something: a conformance check, a prerequisite of the
/// suite, an IdP scenario or a load verdict (`scimcheck_load::DEFECTS_CAUGHT`) names it, so the
/// suite's proof, the test below or the load tests run it. A defect no
/// one names is dead weight.
#[test]
fn every_defect_is_named_by_a_check_or_a_scenario() {
    let checks = catalog::all();
    let prerequisites = Prerequisite::ALL.map(Prerequisite::check);
    let scenarios = Profile::ALL.iter().flat_map(|p| p.scenarios());
    let named: HashSet<&str> = checks
        .into_iter()
        .chain(prerequisites)
        .chain(scenarios)
        .flat_map(|check| check.defects.iter().copied())
        .collect();
    let loaded: HashSet<&str> = DEFECTS_CAUGHT.iter().map(|(name, _)| *name).collect();
    let orphans: Vec<&str> = Defect::ALL
        .iter()
        .map(|defect| defect.name())
        .filter(|name| !named.contains(name) && !loaded.contains(name))
        .collect();
    assert!(
        orphans.is_empty(),
        "defects no check or scenario names: {orphans:?}"
    );
}

#[tokio::test]
async fn every_scenario_fails_on_each_defect_it_names() {
    let mut survived = Vec::new();
    for profile in Profile::ALL {
        for scenario in profile.scenarios() {
            assert!(
                !scenario.defects.is_empty(),
                "{} names no defect that breaks it",
                scenario.id
            );
            for name in scenario.defects {
                let defect: Defect = name
                    .parse()
                    .unwrap_or_else(|_| panic!("{name} is a server defect"));
                let config = ServerConfig::default().with_defect(defect);
                let (result, finished) = run_profile(profile, config, &[scenario.id]).await;
                let verdict = result.cases.first().map(|c| c.verdict);
                if verdict != Some(Verdict::Fail) {
                    survived.push(format!("{} survived {name}: {verdict:?}", scenario.id));
                }
                let readiness = finished.notes.last().cloned().unwrap_or_default();
                if !readiness.contains("NOT READY") {
                    survived.push(format!(
                        "{} on {name}: readiness says {readiness}",
                        scenario.id
                    ));
                }
            }
        }
    }
    assert!(survived.is_empty(), "{survived:#?}");
}

/// `totalResults` of `/Users` and `/Groups`.
async fn counts(base: &str) -> (u64, u64) {
    let client = reqwest::Client::new();
    let mut totals = Vec::new();
    for endpoint in ["Users", "Groups"] {
        let body: serde_json::Value = client
            .get(format!("{base}/{endpoint}?count=0"))
            .bearer_auth(DEFAULT_TOKEN)
            .send()
            .await
            .expect("the server answers")
            .json()
            .await
            .expect("a ListResponse");
        totals.push(
            body["totalResults"]
                .as_u64()
                .expect("an integer totalResults"),
        );
    }
    (totals[0], totals[1])
}

#[tokio::test]
async fn profiles_leave_no_data_behind() {
    let scim = server(ServerConfig::default().with_seed(3, 2)).await;
    let before = counts(&scim.base_url_v2()).await;
    for profile in Profile::ALL {
        let target = Target::new(scim.base_url_v2()).bearer(DEFAULT_TOKEN);
        let result = run(
            target,
            &profile.scenarios(),
            &SuiteSettings::default(),
            &RunOptions::default(),
            &mut CollectingSink::default(),
        )
        .await
        .expect("the run completes");
        assert!(result.succeeded(), "{:#?}", not_passing(&result));
    }
    assert_eq!(
        counts(&scim.base_url_v2()).await,
        before,
        "users and groups left behind"
    );
    scim.shutdown().await;
}

#[tokio::test]
async fn the_two_axes_tell_an_idp_quirk_from_an_rfc_violation() {
    use scimcheck_idp::judge::{AxisVerdict, axes};
    let cases = [
        // Rejecting Entra's "False" is RFC-conformant, but Entra fails.
        (
            Profile::EntraLegacy,
            "entra-legacy.users.disable",
            Defect::PatchRejectsStringBooleans,
            AxisVerdict::Pass,
        ),
        // Hiding deactivated users is allowed by the RFC, but Okta cannot reactivate them.
        (
            Profile::Okta,
            "okta.deactivate.reactivate",
            Defect::DeactivatedUser404,
            AxisVerdict::Pass,
        ),
        // 404 for a filter matching nothing breaks the RFC and the IdP.
        (
            Profile::Entra,
            "entra.connection",
            Defect::NoMatchFilter404,
            AxisVerdict::Fail,
        ),
        // Hiding suspended users is allowed by the RFC, but OneLogin reactivates them by id.
        (
            Profile::OneLogin,
            "onelogin.users.suspend",
            Defect::DeactivatedUser404,
            AxisVerdict::Pass,
        ),
        // A remove of members with a value list read as the path alone (every member goes) is
        // the RFC's letter, but OneLogin loses the members it did not name.
        (
            Profile::OneLogin,
            "onelogin.groups.members",
            Defect::MembersRemoveValueIgnored,
            AxisVerdict::Pass,
        ),
    ];
    for (profile, id, defect, rfc) in cases {
        let (result, _) =
            run_profile(profile, ServerConfig::default().with_defect(defect), &[id]).await;
        let case = result.cases.first().expect("the scenario ran");
        let a = axes(case);
        assert_eq!(
            (a.rfc, a.idp),
            (rfc, AxisVerdict::Fail),
            "{id} with {defect}: {:?}",
            case.reason
        );
    }
}

/// The pages a case listed: its GETs with `startIndex` whose URL has no filter, or the filter
/// `only_filter`.
fn pages_listed(case: &scimcheck_engine::model::CaseResult, only_filter: Option<&str>) -> usize {
    case.exchanges
        .iter()
        .map(|e| e.request.url.as_str())
        .filter(|u| u.contains("startIndex="))
        .filter(|u| match only_filter {
            Some(filter) => u.contains(filter),
            None => !u.contains("filter="),
        })
        .count()
}

/// On a server holding more users than an import reads, Okta's import reads a bounded number
/// of pages, says where it stopped and passes; Entra's paging reads only the users it created.
#[tokio::test]
async fn imports_and_paging_stay_bounded_on_a_server_with_many_users() {
    let many = || ServerConfig::default().with_seed(1_200, 2);
    let (okta, _) = run_profile(Profile::Okta, many(), &["okta.import.users"]).await;
    let (entra, _) = run_profile(Profile::Entra, many(), &["entra.users.pagination"]).await;
    let case = |result: &RunResult, id: &str| {
        let case = result.cases.iter().find(|c| c.id == id).expect(id).clone();
        assert_eq!(case.verdict, Verdict::Pass, "{id}: {:?}", case.reason);
        case
    };
    assert_eq!(
        okta.suite, "okta profile (Okta)",
        "a profile run is named after it"
    );
    assert_eq!(entra.suite, "entra profile (Microsoft Entra ID)");
    let import = case(&okta, "okta.import.users");
    assert_eq!(pages_listed(&import, None), 20, "two imports of 10 pages");
    assert!(
        import.logs.iter().any(
            |l| l.starts_with("import stopped after 10 pages: read 1000 resources of the 1203")
        ),
        "{:?}",
        import.logs
    );
    let paging = case(&entra, "entra.users.pagination");
    assert_eq!(
        pages_listed(&paging, Some("filter=userName%20sw%20")),
        3,
        "11 users in pages of 5"
    );
    assert_eq!(pages_listed(&paging, None), 0, "no unfiltered page");
}

/// Canaille refused Okta's user body (`name.formatted` required) and Entra's (`emails.primary`):
/// every scenario failed with the same 400 and the profiles had no root cause. The first
/// scenario to fail the create fails; the others that meet the same refusal are blocked by it.
#[tokio::test]
async fn a_refused_create_is_one_root_cause_in_each_profile() {
    for profile in [Profile::Okta, Profile::Entra] {
        let config = ServerConfig::default().with_defect(Defect::UserCreationFails);
        let (result, _) = run_profile(profile, config, &[]).await;
        let failed: Vec<&str> = result
            .cases
            .iter()
            .filter(|c| c.verdict == Verdict::Fail)
            .map(|c| c.id.as_str())
            .collect();
        let blocked: Vec<_> = result
            .cases
            .iter()
            .filter(|c| c.verdict == Verdict::Blocked)
            .collect();
        assert!(
            blocked.len() >= 5,
            "{}: {:#?}",
            profile.name(),
            not_passing(&result)
        );
        let roots: Vec<&str> = result.root_causes.iter().map(|r| r.case.as_str()).collect();
        assert_eq!(
            roots.len(),
            1,
            "{}: {roots:?} {:#?}",
            profile.name(),
            not_passing(&result)
        );
        assert!(failed.contains(&roots[0]), "{}: {failed:?}", profile.name());
        for case in blocked {
            assert_eq!(case.blocked_by.as_deref(), Some(roots[0]), "{}", case.id);
        }
    }
}

/// Entra's paging scenario selects its own users with `userName sw`, which Entra never sends
/// (found on @boxyhq/saml-jackson, whose filter knows only `eq`): a server that refuses the
/// filter or ignores it is not judged on paging — the scenario is skipped saying why.
#[tokio::test]
async fn entra_paging_is_not_judged_where_its_scoping_filter_does_not_work() {
    for defect in [Defect::FilterSwUnsupported, Defect::FilterIgnored] {
        let config = ServerConfig::default().with_defect(defect);
        let (result, _) = run_profile(Profile::Entra, config, &["entra.users.pagination"]).await;
        let paging = result
            .cases
            .iter()
            .find(|c| c.id == "entra.users.pagination")
            .expect("the scenario ran");
        assert_eq!(
            paging.verdict,
            Verdict::Skip,
            "{defect}: {:?}",
            paging.reason
        );
        assert!(
            paging
                .reason
                .as_deref()
                .is_some_and(|r| r.ends_with("paging not judged")),
            "{defect}: {:?}",
            paging.reason
        );
    }
}

/// Okta, Entra and OneLogin send their filters and PATCHes without reading
/// ServiceProviderConfig, and Entra the enterprise extension without reading /ResourceTypes:
/// their scenarios need only the resource types they provision (OneLogin's template also the
/// enterprise extension), so an advertisement never skips one.
#[test]
fn idp_scenarios_need_no_advertised_capability() {
    for profile in [
        Profile::Okta,
        Profile::Entra,
        Profile::EntraLegacy,
        Profile::OneLogin,
    ] {
        for scenario in profile.scenarios() {
            let allowed = |need: &Need| match need {
                Need::Users | Need::Groups => true,
                Need::EnterpriseUser => profile == Profile::OneLogin,
                _ => false,
            };
            assert!(
                scenario.needs.iter().all(allowed),
                "{} needs {:?}",
                scenario.id,
                scenario.needs
            );
        }
    }
}

/// Jackson advertised nothing, and the profiles skipped Okta's and Entra's group PATCHes
/// although those IdPs send them regardless. With PATCH unadvertised and a member removal that
/// goes wrong (Okta and Entra remove through `members[value eq …]`, OneLogin with a value
/// list), the member scenarios fail as they would for the IdP.
#[tokio::test]
async fn an_unadvertised_but_broken_patch_fails_the_idp_member_scenarios() {
    for (profile, id, broken) in [
        (
            Profile::Okta,
            "okta.groups.members",
            Defect::PatchIgnoresValueFilter,
        ),
        (
            Profile::Entra,
            "entra.groups.members",
            Defect::PatchIgnoresValueFilter,
        ),
        (
            Profile::OneLogin,
            "onelogin.groups.members",
            Defect::MembersRemoveValueIgnored,
        ),
    ] {
        let config = ServerConfig::default()
            .with_defect(Defect::SpcPatchUnsupported)
            .with_defect(broken);
        let (result, _) = run_profile(profile, config, &[id]).await;
        let case = result.cases.iter().find(|c| c.id == id).expect("the case");
        assert_eq!(case.verdict, Verdict::Fail, "{id}: {:?}", case.reason);
        let readiness = result.notes.last().expect("a readiness line");
        assert!(readiness.contains(&format!("fails: {id}")), "{readiness}");
    }
}

/// Entra sends the enterprise extension from its attribute mappings: a /ResourceTypes that
/// cannot be read no longer skips `entra.users.create`, which says it sent the extension
/// unlisted and still fails when the server drops it.
#[tokio::test]
async fn entra_sends_the_enterprise_extension_when_resource_types_cannot_be_read() {
    let id = "entra.users.create";
    let unreadable = ServerConfig::default().with_defect(Defect::ResourceTypesMissing);
    let (result, _) = run_profile(Profile::Entra, unreadable, &[id]).await;
    let case = result.cases.iter().find(|c| c.id == id).expect("the case");
    assert_eq!(case.verdict, Verdict::Pass, "{:?}", case.reason);
    assert!(
        case.logs
            .iter()
            .any(|l| l.starts_with("/ResourceTypes lists no enterprise extension")),
        "{:#?}",
        case.logs
    );
    let dropped = ServerConfig::default()
        .with_defect(Defect::ResourceTypesMissing)
        .with_defect(Defect::EnterpriseExtensionDropped);
    let (result, _) = run_profile(Profile::Entra, dropped, &[id]).await;
    let case = result.cases.iter().find(|c| c.id == id).expect("the case");
    assert_eq!(case.verdict, Verdict::Fail, "{:?}", case.reason);
}

/// REAL-WORLD problem 10: the Entra scenarios update and clear only attributes of Entra's
/// default mapping, so a server without the optional `nickName` (which Entra never maps;
/// Canaille and better-auth lack it) is still READY in both modes.
#[tokio::test]
async fn entra_is_ready_on_a_server_without_nick_name() {
    let config = ServerConfig {
        unsupported_user_attributes: vec!["nickName".into()],
        ..ServerConfig::default()
    };
    for profile in [Profile::Entra, Profile::EntraLegacy] {
        let (result, _) = run_profile(profile, config.clone(), &[]).await;
        assert!(
            not_passing(&result).is_empty(),
            "{profile:?}: {:#?}",
            not_passing(&result)
        );
    }
}

/// A server without `title` (left out of /Schemas, a PATCH of it answered 400 invalidPath, as
/// mlflow-oidc-auth answers Entra's default mapping) refuses Entra's update that adds it:
/// Entra fails, but the refusal is the one the RFC prescribes, so the scenario's RFC axis holds
/// and its log names the attribute.
#[tokio::test]
async fn a_write_of_an_attribute_the_server_lacks_fails_the_idp_not_the_rfc() {
    use scimcheck_idp::judge::{AxisVerdict, axes};
    let id = "entra.users.update";
    let config = ServerConfig {
        unsupported_user_attributes: vec!["title".into()],
        ..ServerConfig::default()
    };
    let (result, _) = run_profile(Profile::Entra, config, &[id]).await;
    let case = result.cases.iter().find(|c| c.id == id).expect("the case");
    let a = axes(case);
    assert_eq!(
        (a.rfc, a.idp),
        (AxisVerdict::Pass, AxisVerdict::Fail),
        "{:?}",
        case.reason
    );
    assert!(
        case.logs.iter().any(|l| l.contains("has no title")),
        "{:#?}",
        case.logs
    );
    // The same refusal of an attribute the server declares is the RFC's failure too.
    let (result, _) = run_profile(
        Profile::Entra,
        ServerConfig::default().with_defect(Defect::PatchReplacePathlessUnsupported),
        &[id],
    )
    .await;
    let case = result.cases.iter().find(|c| c.id == id).expect("the case");
    assert_eq!(axes(case).rfc, AxisVerdict::Fail, "{:?}", case.reason);
}
