//! Okta's Runscope tests, natively: the initial variables Okta's published "Initial Script"
//! would set, and the hints that explain the CRUD test's Okta-org steps.
//!
//! Okta tells users to paste `Initial_Script_Spec.js` (or `Initial_Script_CRUD.js`) into the
//! Runscope environment. scimcheck generates the same variables with the same shapes, so a user
//! runs Okta's file unmodified with nothing to paste:
//!
//! | variable | shape |
//! |---|---|
//! | randomGivenName | `Runscope` + 3 digits |
//! | randomFamilyName | 1 upper-case letter + 8 lower-case letters + 3 digits |
//! | randomEmail, randomUsername | givenName + familyName + `@atko.com` |
//! | randomUsernameCaps | randomUsername in upper case |
//! | InvalidUserEmail | `abcdefgh@atko.com` |
//! | UserIdThatDoesNotExist | `010101001010101011001010101011` |
//!
//! The CRUD test's variables (`okta_user_firstname`, …) follow `Initial_Script_CRUD.js`.

use super::Variables;
use super::format::RunscopeTest;
use rand::Rng;

/// Variables naming the Okta org the CRUD test drives.
const ORG_VARIABLES: [&str; 3] = ["oktaOrgUrl", "oktaAppId", "oktaToken"];

/// Which of Okta's tests a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OktaTest {
    /// The SPEC tests (SCIM 2.0, its 2016 export, SCIM 1.1): drive the SCIM server directly.
    Spec,
    /// The CRUD test: drives an Okta org and checks the SCIM server.
    Crud,
}

/// Recognizes Okta's published tests by name (`Okta SCIM 2.0 SPEC Test`, `Okta SCIM 2.0 CRUD Test`, …).
pub fn recognize(test: &RunscopeTest) -> Option<OktaTest> {
    let name = test.name.to_ascii_lowercase();
    if !name.starts_with("okta scim") {
        return None;
    }
    Some(if name.contains("crud") {
        OktaTest::Crud
    } else {
        OktaTest::Spec
    })
}

fn random_from(rng: &mut impl Rng, alphabet: &[u8], count: usize) -> String {
    (0..count)
        .map(|_| {
            alphabet
                .get(rng.random_range(0..alphabet.len()))
                .copied()
                .map_or('0', char::from)
        })
        .collect()
}

const DIGITS: &[u8] = b"0123456789";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn names(rng: &mut impl Rng) -> (String, String) {
    let given = format!("Runscope{}", random_from(rng, DIGITS, 3));
    let family = format!(
        "{}{}{}",
        random_from(rng, UPPER, 1),
        random_from(rng, LOWER, 8),
        random_from(rng, DIGITS, 3)
    );
    (given, family)
}

/// The variables Okta's initial script for `kind` sets, freshly randomized.
pub fn initial_variables(kind: OktaTest, rng: &mut impl Rng) -> Variables {
    let (given, family) = names(rng);
    let email = format!("{given}{family}@atko.com");
    let pairs: Vec<(&str, String)> = match kind {
        OktaTest::Spec => vec![
            ("randomGivenName", given),
            ("randomFamilyName", family),
            ("randomEmail", email.clone()),
            ("randomUsername", email.clone()),
            ("InvalidUserEmail", "abcdefgh@atko.com".into()),
            (
                "UserIdThatDoesNotExist",
                "010101001010101011001010101011".into(),
            ),
            ("randomUsernameCaps", email.to_uppercase()),
        ],
        OktaTest::Crud => {
            let updated = format!("{given}update");
            vec![
                ("okta_user_fullname", format!("{given} {family}")),
                ("okta_user_fullname_update", format!("{updated} {family}")),
                ("okta_user_firstname_update", updated),
                ("okta_user_firstname", given),
                ("okta_user_lastname", family),
                ("okta_user_email", email),
                ("okta_user_title", "Engineer".into()),
                ("okta_user_primaryphone", "415.123.4567".into()),
            ]
        }
    };
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// True for Okta's SCIM 1.1 test, which must run against a SCIM 1.1 base URL.
pub fn targets_scim_1_1(test: &RunscopeTest) -> bool {
    recognize(test).is_some() && test.name.contains("1.1")
}

/// The CRUD test names the SCIM server `SCIMUrl`/`SCIMAuth` where the SPEC tests say
/// `SCIMBaseURL`/`auth`: fills the former from the latter when they are not set.
pub fn alias_crud_variables(variables: &mut Variables) {
    for (crud, spec) in [("SCIMUrl", "SCIMBaseURL"), ("SCIMAuth", "auth")] {
        if !variables.contains_key(crud)
            && let Some(value) = variables.get(spec).cloned()
        {
            variables.insert(crud.to_owned(), value);
        }
    }
}

/// Why a step that needs `undefined` variables cannot run, when they name the Okta org.
pub fn missing_org_reason(undefined: &[String]) -> Option<String> {
    undefined.iter().any(|u| ORG_VARIABLES.contains(&u.as_str())).then(|| {
        "no Okta org at oktaOrgUrl: this step drives an Okta org's management API; give \
         --var oktaOrgUrl=https://YOUR-ORG.okta.com --var oktaAppId=APP_ID --var oktaToken=API_TOKEN"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_named(name: &str) -> RunscopeTest {
        RunscopeTest {
            name: name.into(),
            description: String::new(),
            steps: vec![],
            environments: vec![],
            default_environment_id: None,
        }
    }

    #[test]
    fn recognizes_okta_tests_by_name() {
        assert_eq!(
            recognize(&test_named("Okta SCIM 2.0 SPEC Test")),
            Some(OktaTest::Spec)
        );
        assert_eq!(
            recognize(&test_named("Okta SCIM 1.1 SPEC Test")),
            Some(OktaTest::Spec)
        );
        assert_eq!(
            recognize(&test_named("Okta SCIM 2.0 CRUD Test")),
            Some(OktaTest::Crud)
        );
        assert_eq!(recognize(&test_named("My API test")), None);
    }

    #[test]
    fn only_okta_1_1_targets_scim_1_1() {
        assert!(targets_scim_1_1(&test_named("Okta SCIM 1.1 SPEC Test")));
        assert!(!targets_scim_1_1(&test_named("Okta SCIM 2.0 SPEC Test")));
        assert!(!targets_scim_1_1(&test_named("My 1.1 test")));
    }

    #[test]
    fn spec_variables_have_the_initial_script_shapes() {
        let vars = initial_variables(OktaTest::Spec, &mut rand::rng());
        let given = &vars["randomGivenName"];
        assert!(
            given.len() == 11
                && given.starts_with("Runscope")
                && given[8..].bytes().all(|b| b.is_ascii_digit())
        );
        let family = vars["randomFamilyName"].as_bytes();
        assert_eq!(family.len(), 12);
        assert!(family[0].is_ascii_uppercase());
        assert!(family[1..9].iter().all(u8::is_ascii_lowercase));
        assert!(family[9..].iter().all(u8::is_ascii_digit));
        let email = format!(
            "{}{}@atko.com",
            vars["randomGivenName"], vars["randomFamilyName"]
        );
        assert_eq!(vars["randomEmail"], email);
        assert_eq!(vars["randomUsername"], email);
        assert_eq!(vars["randomUsernameCaps"], email.to_uppercase());
        assert_eq!(vars["InvalidUserEmail"], "abcdefgh@atko.com");
        assert_eq!(
            vars["UserIdThatDoesNotExist"],
            "010101001010101011001010101011"
        );
    }

    #[test]
    fn crud_variables_follow_the_crud_script() {
        let vars = initial_variables(OktaTest::Crud, &mut rand::rng());
        assert_eq!(
            vars["okta_user_firstname_update"],
            format!("{}update", vars["okta_user_firstname"])
        );
        assert_eq!(
            vars["okta_user_fullname"],
            format!(
                "{} {}",
                vars["okta_user_firstname"], vars["okta_user_lastname"]
            )
        );
        assert!(vars["okta_user_email"].ends_with("@atko.com"));
    }

    #[test]
    fn crud_aliases_fill_only_unset_names() {
        let mut vars: Variables = [
            ("SCIMBaseURL".to_string(), "http://x".to_string()),
            ("SCIMAuth".into(), "mine".into()),
            ("auth".into(), "a".into()),
        ]
        .into();
        alias_crud_variables(&mut vars);
        assert_eq!(vars["SCIMUrl"], "http://x");
        assert_eq!(vars["SCIMAuth"], "mine");
    }

    #[test]
    fn org_reason_only_for_org_variables() {
        assert!(
            missing_org_reason(&["oktaOrgUrl".into()])
                .unwrap()
                .starts_with("no Okta org at oktaOrgUrl")
        );
        assert!(missing_org_reason(&["SCIMUrl".into()]).is_none());
    }
}
