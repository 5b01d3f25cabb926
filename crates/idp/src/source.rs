//! Where every request shape of a profile comes from. A profile is only worth its readiness line
//! if each request it sends is one the IdP really sends, so every scenario carries the public
//! pages (the IdP's own reference, or a public issue thread quoting a captured request) that
//! back its shapes, and names each detail no public page backs as *assumed*. Both reach the
//! product's output: each scenario's case lists them in its log, the run's notes list every
//! assumed detail, and docs/IDP.md's scenario tables are generated from them.

use scimcheck_engine::model::CaseResult;
use scimcheck_suites::check::Check;

/// A public page that documents a request shape or an expectation of an IdP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The page's address (with the section's anchor where there is one).
    pub url: &'static str,
    /// What the page is and which part of it backs the shape.
    pub title: &'static str,
}

/// One scenario of a profile: the check that runs it and what backs its request shapes.
#[derive(Clone)]
pub struct Scenario {
    /// The scenario as a conformance-suite check.
    pub check: Check,
    /// What is sent and what is expected, in one line (docs/IDP.md).
    pub sent: &'static str,
    /// The pages its request shapes come from.
    pub sources: &'static [Source],
    /// The details of its requests or expectations that no public page backs.
    pub assumed: &'static [&'static str],
}

impl Scenario {
    /// The scenario run by `check`, sending what `sent` says; sources and assumptions are added
    /// with [`Scenario::sources`] and [`Scenario::assumed`].
    pub fn new(check: Check, sent: &'static str) -> Self {
        Scenario {
            check,
            sent,
            sources: &[],
            assumed: &[],
        }
    }

    /// The pages its request shapes come from.
    pub fn sources(mut self, sources: &'static [Source]) -> Self {
        self.sources = sources;
        self
    }

    /// The details no public page backs.
    pub fn assumed(mut self, assumed: &'static [&'static str]) -> Self {
        self.assumed = assumed;
        self
    }

    /// The lines its case's log carries: one per source, one per assumed detail.
    pub fn log_lines(&self) -> Vec<String> {
        let sourced = self
            .sources
            .iter()
            .map(|s| format!("source: {} <{}>", s.title, s.url));
        let assumed = self
            .assumed
            .iter()
            .map(|a| format!("assumed (no public source found): {a}"));
        sourced.chain(assumed).collect()
    }
}

/// Adds the sources and assumptions of the scenario `case` ran to its log (nothing when the
/// case is none of `scenarios`, or already carries them).
pub fn annotate(case: &mut CaseResult, scenarios: &[Scenario]) {
    let Some(scenario) = scenarios.iter().find(|s| s.check.id == case.id) else {
        return;
    };
    let lines = scenario.log_lines();
    if lines.iter().all(|l| case.logs.contains(l)) {
        return;
    }
    case.logs.extend(lines);
}

/// The run note listing every assumed detail of the scenarios that ran, so a reader of any
/// report sees what the verdicts rest on besides public sources (`None`: nothing assumed).
pub fn assumed_note(result_ids: &[&str], scenarios: &[Scenario]) -> Option<String> {
    let details: Vec<String> = scenarios
        .iter()
        .filter(|s| result_ids.contains(&s.check.id))
        .flat_map(|s| {
            s.assumed
                .iter()
                .map(move |a| format!("{}: {a}", s.check.id))
        })
        .collect();
    (!details.is_empty()).then(|| {
        format!(
            "Assumed, not backed by a public source ({}): {}",
            details.len(),
            details.join("; ")
        )
    })
}

/// A section of Okta's SCIM 2.0 reference (the developer portal; its text is kept in the public
/// repository okta/okta-developer-docs, docs/reference/scim/scim-20).
macro_rules! okta_scim20 {
    ($anchor:literal) => {
        concat!(
            "https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20/",
            $anchor
        )
    };
}

/// Okta: the assignment lookup `filter=userName%20eq%20"…"&startIndex=1&count=100`, and 200 with
/// an empty list *or* a 404 error body when nothing matches.
pub const OKTA_USER_EXISTS: Source = Source {
    url: okta_scim20!("#determine-if-the-user-already-exists"),
    title: "Okta SCIM 2.0 reference, Determine if the User already exists",
};
/// Okta: the create body (password, externalId, locale, `groups: []`) and 409 for a duplicate.
pub const OKTA_CREATE_USER: Source = Source {
    url: okta_scim20!("#create-the-user"),
    title: "Okta SCIM 2.0 reference, Create the User",
};
/// Okta: import paging with `startIndex` and `count=100`, integer counters, stable order.
pub const OKTA_RETRIEVE_USERS: Source = Source {
    url: okta_scim20!("#retrieve-users"),
    title: "Okta SCIM 2.0 reference, Retrieve Users",
};
/// Okta: profile updates are a GET then a PUT of the whole user as read, changed attributes
/// overwritten; OIN apps use PUT for every update but (de)activation and password sync.
pub const OKTA_UPDATE_PUT: Source = Source {
    url: okta_scim20!("#update-a-specific-user-put"),
    title: "Okta SCIM 2.0 reference, Update a specific User (PUT)",
};
/// Okta: OIN apps PATCH only to activate, deactivate and sync the password; deactivation is a
/// path-less `replace` of `{"active": false}`; 204 is an acceptable answer; wizard-built apps
/// send all of these as PUT.
pub const OKTA_UPDATE_PATCH: Source = Source {
    url: okta_scim20!("#update-a-specific-user-patch"),
    title: "Okta SCIM 2.0 reference, Update a specific User (PATCH)",
};
/// Okta: no DELETE of users; deactivation is PATCH for OIN apps and PUT for wizard-built apps.
pub const OKTA_DELETE_USERS: Source = Source {
    url: okta_scim20!("#delete-users"),
    title: "Okta SCIM 2.0 reference, Delete Users",
};
/// Okta: Group Push creates the group with `members: []`.
pub const OKTA_CREATE_GROUPS: Source = Source {
    url: okta_scim20!("#create-groups"),
    title: "Okta SCIM 2.0 reference, Create Groups",
};
/// Okta: group import paging and the `displayName eq` lookup (`%20`-encoded, 200 with an empty
/// list when nothing matches).
pub const OKTA_RETRIEVE_GROUPS: Source = Source {
    url: okta_scim20!("#retrieve-groups"),
    title: "Okta SCIM 2.0 reference, Retrieve Groups",
};
/// Okta: the rename is a path-less `replace` whose value repeats the group's `id`, sent with
/// every membership update; wizard-built apps PUT instead.
pub const OKTA_GROUP_NAME: Source = Source {
    url: okta_scim20!("#update-a-specific-group-name"),
    title: "Okta SCIM 2.0 reference, Update a specific Group name",
};
/// Okta: membership updates as one PATCH removing by `members[value eq "…"]` and adding with
/// `value` + `display`; "Push Now" as a `replace` of `members`; the PUT of wizard-built apps
/// (schemas, displayName, members; no id).
pub const OKTA_GROUP_MEMBERS: Source = Source {
    url: okta_scim20!("#update-specific-group-membership"),
    title: "Okta SCIM 2.0 reference, Update specific Group membership",
};
/// Okta: unlinking a pushed group with "Delete the group in the target app" sends DELETE.
pub const OKTA_DELETE_GROUP: Source = Source {
    url: okta_scim20!("#delete-a-specific-group"),
    title: "Okta SCIM 2.0 reference, Delete a specific Group",
};
/// Okta: what it sends follows the provisioning options enabled for the integration in the
/// Admin Console ("whenever a user is assigned … the following requests are made"); the
/// reference never has Okta read ServiceProviderConfig first.
pub const OKTA_PROVISIONING_OPTIONS: Source = Source {
    url: okta_scim20!("#create-users"),
    title: "Okta SCIM 2.0 reference, Create Users (the requests follow the provisioning options enabled in the Admin Console, not ServiceProviderConfig)",
};
/// Okta: the user and group operations an integration performs are chosen in the Okta
/// Integration Wizard when the integration is built, not discovered from the server.
pub const OKTA_OIW_PROVISIONING: Source = Source {
    url: "https://help.okta.com/en-us/content/topics/apps/oiw/provisioning-settings.htm",
    title: "Okta Integration Wizard: Provisioning settings (the user and group operations Okta performs are selected for the integration)",
};
/// Okta's headers as captured on a real request (`Accept: application/scim+json`,
/// `User-Agent: Okta SCIM Client 1.0.0`), in Okta's own documentation change.
pub const OKTA_HEADERS: Source = Source {
    url: "https://github.com/oktadeveloper/okta-blog-archive/pull/1956",
    title: "okta-blog-archive PR #1956, a captured Okta SCIM request with its headers",
};
/// Okta: the SCIM server must answer within 60 seconds or Okta closes the connection.
pub const OKTA_FAQ_TIMEOUT: Source = Source {
    url: "https://developer.okta.com/docs/concepts/scim/faqs/",
    title: "Okta SCIM FAQs (respond within 60 seconds)",
};
/// Okta: on 429 it waits `Retry-After` seconds (integers only; an HTTP-date or no header means
/// five minutes), doubling up to ten attempts.
pub const OKTA_RATE_LIMITS: Source = Source {
    url: "https://developer.okta.com/docs/concepts/scim/#handle-scim-server-rate-limiting-http-429",
    title: "Okta SCIM concepts, Handle SCIM server rate limiting (HTTP 429)",
};
/// Okta's QA test plan for SCIM apps (the C-numbers).
pub const OKTA_TEST_PLAN: Source = Source {
    url: "https://developer.okta.com/standards/SCIM/SCIMFiles/okta-scim-test-plan-v2.xlsx",
    title: "Okta SCIM test plan v2",
};

/// A section of Microsoft's tutorial "Develop and plan provisioning for a SCIM endpoint".
macro_rules! entra_tutorial {
    ($anchor:literal) => {
        concat!(
            "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups",
            $anchor
        )
    };
}

/// Entra: what a SCIM endpoint must support (queries by userName and externalId, PATCH of users
/// and groups, groups read with `excludedAttributes=members`, paging, disabled users still
/// returned, ops compared case-insensitively because Entra sends `Add`, `Replace`, `Remove`):
/// requirements, not capabilities Entra looks up in ServiceProviderConfig first.
pub const ENTRA_REQUIREMENTS: Source = Source {
    url: entra_tutorial!("#understand-the-microsoft-entra-scim-implementation"),
    title: "Microsoft Learn, Understand the Microsoft Entra SCIM implementation",
};
/// Entra: group memberships are synchronised with PATCH once group provisioning is enabled in
/// the app's mappings, so only a SCIM endpoint that supports PATCH can keep them; nothing is
/// negotiated through ServiceProviderConfig.
pub const ENTRA_GROUP_PATCH: Source = Source {
    url: "https://learn.microsoft.com/en-us/answers/a/637791",
    title: "Microsoft Q&A, Azure AD Enterprise Application Provisioning (group members are synchronised with PATCH once the group mapping is enabled)",
};
/// Entra: the attributes it sends are the app's attribute list and mappings, which an admin
/// edits in the portal (enterprise-extension attributes included); Entra does not read them
/// from the server's /ResourceTypes or /Schemas.
pub const ENTRA_ATTRIBUTE_LIST: Source = Source {
    url: "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/customize-application-attributes#editing-the-list-of-supported-attributes",
    title: "Microsoft Learn, Customize attribute mappings: editing the list of supported attributes (what Entra sends comes from the app's mappings)",
};
/// Entra: the tutorial's table of how Entra's user attributes are usually mapped to SCIM (jobTitle
/// to `title`, department to the enterprise `department`, mailNickname to `externalId`…); it
/// has no `nickName`, so no scenario sends one.
pub const ENTRA_DEFAULT_MAPPING: Source = Source {
    url: entra_tutorial!("#design-your-user-and-group-schema"),
    title: "Microsoft Learn, Design your user and group schema (the example mapping of Entra user attributes to SCIM)",
};
/// Entra: the user create body (both schemas, externalId, work email, name, `roles: []`).
pub const ENTRA_CREATE_USER: Source = Source {
    url: entra_tutorial!("#create-user"),
    title: "Microsoft Learn SCIM tutorial, Create User",
};
/// Entra: a query matching nothing answers 200 with an empty ListResponse.
pub const ENTRA_ZERO_RESULTS: Source = Source {
    url: entra_tutorial!("#get-user-by-query---zero-results"),
    title: "Microsoft Learn SCIM tutorial, Get User by query - Zero results",
};
/// Entra: `Replace` of `userName` (a single-valued property).
pub const ENTRA_SINGLE_VALUED: Source = Source {
    url: entra_tutorial!("#update-user-single-valued-properties"),
    title: "Microsoft Learn SCIM tutorial, Update User [Single-valued properties]",
};
/// Entra: groups created without members, read with `excludedAttributes=members`, found by
/// `excludedAttributes=members&filter=displayName eq "…"`, members added with
/// `{"$ref": null, "value": …}`.
pub const ENTRA_GROUP_OPERATIONS: Source = Source {
    url: entra_tutorial!("#group-operations"),
    title: "Microsoft Learn SCIM tutorial, Group Operations",
};
/// Entra: `DELETE /Users/{id}` answers 204.
pub const ENTRA_DELETE_USER: Source = Source {
    url: entra_tutorial!("#delete-user"),
    title: "Microsoft Learn SCIM tutorial, Delete User",
};
/// Entra's `aadOptscim062020` flag: the shapes of disabling a user, adding a single-valued
/// attribute, replacing several attributes and removing a group member, without and with it.
/// It also records that group creation no longer sends the ADSCIM schema URI (fixed 2018).
pub const ENTRA_FLAG: Source = Source {
    url: "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility#flags-to-alter-the-scim-behavior",
    title: "Microsoft Learn, Known issues with SCIM 2.0 compliance: flags to alter the SCIM behavior (aadOptscim062020)",
};
/// Entra's user lookups, test connection included, as a server received them:
/// `filter=userName+eq+%22<guid>%22` (spaces as `+`).
pub const ENTRA_PLUS_LOOKUP: Source = Source {
    url: "https://github.com/AzureAD/SCIMReferenceCode/issues/63",
    title: "AzureAD/SCIMReferenceCode#63, the `+`-encoded userName queries Entra sends (also on Test Connection)",
};
/// Entra adding a work address through `Add` of `addresses[type eq "work"].formatted` to a user
/// with none (flag-off casing), as a server received it.
pub const ENTRA_ADD_FILTERED_ADDRESS: Source = Source {
    url: "https://github.com/thomaspoignant/scim-patch/issues/176",
    title: "thomaspoignant/scim-patch#176, Azure AD's `Add` of `addresses[type eq \"work\"].formatted` with no work address yet",
};
/// Entra ID sending several lowercase `add`s through one unmatched filter
/// (`addresses[type eq "work"].streetAddress`, `….locality`) that must build one entry.
pub const ENTRA_ADD_SAME_FILTER: Source = Source {
    url: "https://github.com/pingidentity/scim2/issues/213",
    title: "pingidentity/scim2#213, Entra ID's `add`s through one `addresses[type eq \"work\"]` filter in one PATCH",
};
/// Entra adding a mobile phone number to a user that has only a work one.
pub const ENTRA_ADD_MOBILE: Source = Source {
    url: "https://github.com/AzureAD/SCIMReferenceCode/pull/48",
    title: "AzureAD/SCIMReferenceCode#48, a PATCH adding a mobile phone number next to a work one",
};
/// A server answering 409 to a member added again, and the report that Azure AD repeats member
/// adds (RFC 7644 §3.5.2.1: a value already there changes nothing and SHOULD succeed).
pub const MEMBER_READD: Source = Source {
    url: "https://github.com/simpleidserver/SimpleIdServer/issues/245",
    title: "SimpleIdServer#245, `add` of an existing member answered 409 (Azure AD repeats member adds)",
};
/// A server answering an Okta wizard-built app's group PUT (its unchanged name) with 409.
pub const OKTA_GROUP_PUT_CONFLICT: Source = Source {
    url: "https://github.com/lightdash/lightdash/issues/15035",
    title: "lightdash#15035, Okta's group PUT (wizard-built app) answered 409 for the group's own name",
};

/// OneLogin: the calls its SCIM provisioning makes (Get User with userName filter, Create User,
/// Get User by ID, Update User, Get Groups, Create Group, Patch Group, Delete User, Get Users);
/// "Enable" looks up a userName it knows does not exist and reads an empty list or a 404 alike.
pub const ONELOGIN_API_FLOW: Source = Source {
    url: "https://developers.onelogin.com/scim/implement-scim-api",
    title: "OneLogin developers, Implement RESTful SCIM APIs for your app (the calls OneLogin makes; Example API Flow)",
};
/// OneLogin: what happens to an app user deleted in OneLogin: Delete, Suspend or Do Nothing.
pub const ONELOGIN_TEST: Source = Source {
    url: "https://developers.onelogin.com/scim/test-your-scim",
    title: "OneLogin developers, Test Your SCIM Implementation (When users are deleted: Delete, Suspend, Do Nothing)",
};
/// OneLogin's own sample SCIM API, "that handles and responds to all of the SCIM requests made
/// by OneLogin": PUT /Users/:id (userName, name, active), DELETE /Users/:id (answered 200),
/// GET and POST /Groups (displayName), PATCH /Groups/:id.
pub const ONELOGIN_SAMPLE: Source = Source {
    url: "https://github.com/onelogin/onelogin-scim-node",
    title: "onelogin/onelogin-scim-node, OneLogin's sample server for the SCIM requests OneLogin makes",
};
/// OneLogin (SCIM v2 Enterprise app) requests as a server logged them:
/// `GET /Users?filter=userName+eq+%22…%22&`, `PUT /Users/{id}?`, and a 165-byte
/// `PATCH /Groups/{id}?` adding a member, with `Content-Type: application/scim+json` and an
/// empty User-Agent.
pub const ONELOGIN_CAPTURE: Source = Source {
    url: "https://github.com/goauthentik/authentik/issues/11249",
    title: "authentik#11249, the requests OneLogin's SCIM v2 Enterprise app sent (lookup, PUT, group PATCH)",
};
/// A SCIM v2 Enterprise JSON template as an app vendor publishes it for OneLogin: both schemas,
/// userName, name, title, a primary work email, the enterprise department.
pub const ONELOGIN_TEMPLATE: Source = Source {
    url: "https://www.livingsecurity.com/migration/support/configuring-scim-for-onelogin",
    title: "Living Security, Configuring SCIM for OneLogin (a SCIM v2 Enterprise JSON template)",
};
/// A section of Okta's guide "Build a SCIM 2.0 server with entitlements" (kept in the public
/// repository okta/okta-developer-docs, docs/guides/scim-with-entitlements).
macro_rules! okta_entitlements {
    ($anchor:literal) => {
        concat!(
            "https://developer.okta.com/docs/guides/scim-with-entitlements/main/",
            $anchor
        )
    };
}

/// Okta: with entitlements, provisioning starts with `/ResourceTypes` (the catalogs and their
/// endpoints), then `/Schemas` (extensions Okta does not know), then every value of each
/// resource type whose schema is Okta's Role or Entitlement URN, at the endpoint it names.
pub const OKTA_ENTITLEMENT_CALLS: Source = Source {
    url: okta_entitlements!("#endpoint-call-sequence"),
    title: "Okta guide, Build a SCIM 2.0 server with entitlements: Endpoint call sequence",
};
/// Okta: an entitlement has `id`, `displayName` and `type` (required; the ResourceType's name)
/// and an optional `description`; a role the same without `type`.
pub const OKTA_ENTITLEMENT_SCHEMAS: Source = Source {
    url: okta_entitlements!("#entitlements-schema"),
    title: "Okta guide, Build a SCIM 2.0 server with entitlements: Entitlements and Roles schemas",
};
/// Okta: create, update and import carry a user's grants in the User's `roles` (`value`,
/// `display`) and `entitlements` (`value`, `display`, `type`).
pub const OKTA_ENTITLEMENT_USERS: Source = Source {
    url: okta_entitlements!("#user-with-entitlements-and-roles"),
    title: "Okta guide, Build a SCIM 2.0 server with entitlements: User operations, User with entitlements and roles",
};
/// Okta's Entitlements Runscope test (required for OIN submission): one
/// `GET {{SCIMBaseURL}}{{EntitlementEndpoint}}?count=1&startIndex=1` per catalog, expecting 200,
/// a ListResponse, non-empty `Resources`, numeric `startIndex` and `totalResults`, and
/// `itemsPerPage` 1.
pub const OKTA_ENTITLEMENTS_TEST: Source = Source {
    url: "https://developer.okta.com/standards/SCIM/SCIMFiles/Okta-SCIM-20-Entitlements-Test.json",
    title: "Okta SCIM 2.0 Entitlements Test (Runscope export)",
};
/// Okta's developer blog, watching Okta's calls: discovery reads `/ResourceTypes`, `/Schemas`
/// and each catalog; granting a role or custom entitlement to an assigned user is a PUT of the
/// user carrying it in `roles` / `entitlements`.
pub const OKTA_ENTITLEMENTS_WORKSHOP: Source = Source {
    url: "https://developer.okta.com/blog/2026/01/21/user-entitlements-workshop",
    title: "Okta developer blog, Take User Provisioning to the Next Level with Entitlements",
};
