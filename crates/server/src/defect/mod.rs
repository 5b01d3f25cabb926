//! The defect switchboard: documented deviations from SCIM, each turning exactly one rule off.
//!
//! A conformance check is only trustworthy if it can fail. Each [`Defect`] makes the reference
//! server break one rule the way real servers do, so the suite can prove each of its checks
//! against it. A check names the defects that break it by their kebab-case names (e.g. the check
//! `filter.username-case-insensitive` fails against `--defect filter-username-case-sensitive`).
//!
//! Every defect is defined once, in the table at the end of this module: its variant, the RFC
//! clause it breaks and what the server then does. The enum, [`Defect::ALL`] and the names are
//! generated from that table; the name is derived from the variant (see [`name`]), so it cannot
//! drift from it.
//!
//! What a defect does lives in this module too, one file per area (`filter`, `list`, `patch`), behind
//! hooks the rule code calls in one line, so the rule code reads as the RFC.

pub mod filter;
pub mod list;
mod name;
pub mod patch;

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

/// Generates [`Defect`], [`Defect::ALL`] and the per-defect facts from one table.
macro_rules! defects {
    ($($variant:ident { rfc: $rfc:literal, does: $does:literal, },)*) => {
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

defects! {
    FilterUsernameCaseSensitive {
        rfc: "RFC 7643 §4.1.1 (userName caseExact=false)",
        does: "filter userName eq matches only the exact case; Okta looks users up in any case",
    },
    DuplicateUsernamesAllowed {
        rfc: "RFC 7644 §3.3 (409 uniqueness)",
        does: "creating a user whose userName exists (in any case) succeeds instead of 409",
    },
    DuplicateGroupNamesAllowed {
        rfc: "RFC 7644 §3.3 (409 uniqueness)",
        does: "creating a group whose displayName exists succeeds instead of 409",
    },
    UnknownId400 {
        rfc: "RFC 7644 §3.12 (404 for unknown resources)",
        does: "GET/PUT/PATCH/DELETE of an unknown id answers 400 instead of 404",
    },
    ErrorStatusNumber {
        rfc: "RFC 7644 §3.12 (status is a string)",
        does: "Error bodies carry status as a JSON number",
    },
    ErrorWithoutStatus {
        rfc: "RFC 7644 §3.12 (status is REQUIRED)",
        does: "Error bodies have no status member",
    },
    HtmlErrorPages {
        rfc: "RFC 7644 §3.12 (errors are SCIM Error JSON)",
        does: "errors are answered as text/html pages",
    },
    ListWithoutSchemas {
        rfc: "RFC 7644 §3.4.2 (ListResponse schemas)",
        does: "list responses have no schemas member",
    },
    ItemsPerPageIsPageSize {
        rfc: "RFC 7644 §3.4.2.4 (itemsPerPage = number returned)",
        does: "itemsPerPage echoes the requested count, not the number of Resources returned",
    },
    ZeroBasedStartIndex {
        rfc: "RFC 7644 §3.4.2.4 (startIndex is 1-based)",
        does: "startIndex=1 skips the first match (a query without startIndex starts at the first)",
    },
    CountIgnored {
        rfc: "RFC 7644 §3.4.2.4 (count)",
        does: "count is ignored and every match is returned",
    },
    TotalResultsIsPageSize {
        rfc: "RFC 7644 §3.4.2 (totalResults = all matches)",
        does: "totalResults is the number on this page, not the number of matches",
    },
    AttributesParamIgnored {
        rfc: "RFC 7644 §3.4.2.5 (attributes)",
        does: "the attributes parameter is ignored; full resources are returned",
    },
    ExcludedAttributesParamIgnored {
        rfc: "RFC 7644 §3.4.2.5 (excludedAttributes)",
        does: "the excludedAttributes parameter is ignored",
    },
    SortIgnored {
        rfc: "RFC 7644 §3.4.2.3 (sortBy, sortOrder)",
        does: "sortBy and sortOrder are ignored while ServiceProviderConfig says sort is supported",
    },
    SortSubAttributeIgnored {
        rfc: "RFC 7644 §3.4.2.3 (a complex attribute sorts by the sub-attribute its path names)",
        does: "a sortBy naming a sub-attribute other than value (name.familyName) is ignored",
    },
    SortMultiValuedByFirst {
        rfc: "RFC 7644 §3.4.2.3 (a multi-valued attribute sorts by its primary value)",
        does: "a multi-valued sortBy (emails.value) sorts by the first value listed, not the primary one",
    },
    SortMissingValuesFirst {
        rfc: "RFC 7644 §3.4.2.3 (no data: last if ascending, first if descending)",
        does: "resources without a value for sortBy come first when ascending and last when descending",
    },
    SortCaseExactIgnored {
        rfc: "RFC 7644 §3.4.2.3 (case-exact attributes sort case-sensitively)",
        does: "caseExact attributes such as externalId sort ignoring letter case",
    },
    InvalidFilterIgnored {
        rfc: "RFC 7644 §3.4.2.2 (400 invalidFilter)",
        does: "an unparseable filter answers 200 with an empty list",
    },
    PasswordReturned {
        rfc: "RFC 7643 §4.1.1 (password returned=never)",
        does: "the password is returned in responses",
    },
    PatchIgnoresValueFilter {
        rfc: "RFC 7644 §3.5.2 (valuePath filters)",
        does: "PATCH emails[type eq \"work\"].value hits every email, not only the matching one",
    },
    PatchRejectsCapitalizedOp {
        rfc: "RFC 7644 §3.5.2 (op is case-insensitive; Entra sends \"Replace\")",
        does: "PATCH with op \"Replace\" or \"Add\" answers 400",
    },
    PatchRejectsStringBooleans {
        rfc: "Entra interop (sends \"True\"/\"False\" for booleans)",
        does: "PATCH value \"False\" for active answers 400",
    },
    MembersReplaceUnsupported {
        rfc: "RFC 7644 §3.5.2.3 (replace members)",
        does: "PATCH replace of members answers 400",
    },
    PutKeepsOmittedAttributes {
        rfc: "RFC 7644 §3.5.1 (PUT replaces; omitted attributes are cleared)",
        does: "PUT keeps attributes the body omits",
    },
    SoftDelete {
        rfc: "RFC 7644 §3.6 (deleted resources answer 404)",
        does: "DELETE only sets active=false; the resource is still returned",
    },
    Delete200 {
        rfc: "RFC 7644 §3.6 (a successful DELETE SHALL answer 204 No Content)",
        does: "a successful DELETE answers 200 with an empty body instead of 204",
    },
    DeactivatedUser404 {
        rfc: "Okta interop (deactivated users stay readable)",
        does: "users with active=false answer 404",
    },
    EtagIgnored {
        rfc: "RFC 7644 §3.14 (If-Match 412, If-None-Match 304)",
        does: "If-Match and If-None-Match are ignored",
    },
    NoEtagHeader {
        rfc: "RFC 7644 §3.14 (ETag header)",
        does: "single-resource responses carry no ETag header",
    },
    WrongContentType {
        rfc: "RFC 7644 §3.1, §8.1 (application/scim+json)",
        does: "responses are labelled text/plain",
    },
    AnyContentTypeAccepted {
        rfc: "RFC 7644 §3.1 (415 for unsupported media types)",
        does: "request bodies labelled text/plain (or anything) are accepted",
    },
    NoLocationHeader {
        rfc: "RFC 7644 §3.3 (Location on 201)",
        does: "201 Created has no Location header",
    },
    MetaLocationRelative {
        rfc: "RFC 7643 §3.1 (meta.location is the resource's URI)",
        does: "meta.location is a relative path",
    },
    SpcAdvertisesUnsupported {
        rfc: "RFC 7643 §5 (ServiceProviderConfig tells the truth)",
        does: "ServiceProviderConfig says bulk is supported but /Bulk answers 501",
    },
    UnauthorizedWithoutScimBody {
        rfc: "RFC 7644 §3.12 (Error body); Okta SPEC test",
        does: "401 responses have an empty body",
    },
    UnauthorizedWithoutWwwAuthenticate {
        rfc: "RFC 7235 §3.1, RFC 6750 §3 (WWW-Authenticate on 401)",
        does: "401 responses have no WWW-Authenticate header",
    },
    NotFoundWithoutDetail {
        rfc: "RFC 7644 §3.12 (detail); Okta SPEC test",
        does: "404 Error bodies have no detail",
    },
    ClientIdAccepted {
        rfc: "RFC 7643 §3.1 (id is assigned by the service provider)",
        does: "an id in the POST body becomes the resource's id",
    },
    GroupsNotComputed {
        rfc: "RFC 7643 §4.1.2 (groups)",
        does: "a user's groups attribute is never returned",
    },
    DeleteKeepsMemberships {
        rfc: "RFC 7644 §3.6 (a deleted resource is gone everywhere)",
        does: "a deleted user stays in its groups' members",
    },
    CountZeroReturnsResources {
        rfc: "RFC 7644 §3.4.2.4 (count 0 returns only totalResults)",
        does: "count=0 is treated as no count and returns a full page",
    },
    MalformedJson500 {
        rfc: "RFC 7644 §3.12 (400 invalidSyntax)",
        does: "a malformed JSON body answers 500",
    },
    Conflict400 {
        rfc: "RFC 7644 §3.12 (409 uniqueness)",
        does: "uniqueness conflicts answer 400 instead of 409",
    },
    AuthNotEnforced {
        rfc: "RFC 7644 §2 (authentication and authorization)",
        does: "requests without an Authorization header are served",
    },
    WrongTokenAccepted {
        rfc: "RFC 7644 §2; RFC 6750 §3.1 (invalid_token answers 401)",
        does: "any bearer token is accepted",
    },
    SearchEndpointMissing {
        rfc: "RFC 7644 §3.4.3 (POST /.search)",
        does: "POST /Users/.search and /Groups/.search answer 404",
    },
    MissingRequiredAccepted {
        rfc: "RFC 7643 §4.1.1, §4.2 (required attributes); RFC 7644 §3.12 (invalidValue)",
        does: "POST /Users without userName (or /Groups without displayName) is created",
    },
    DiscoveryWritesAllowed {
        rfc: "RFC 7644 §4 (discovery endpoints are read-only: 405)",
        does: "POST/PUT/PATCH/DELETE on discovery endpoints answer 200",
    },
    PatchReplacePathlessUnsupported {
        rfc: "RFC 7644 §3.5.2.3 (path is optional for replace)",
        does: "PATCH replace without a path answers 400 noTarget (Okta deactivates users this way)",
    },
    NullValuesRejected {
        rfc: "RFC 7643 §2.5 (null is equivalent to unassigned)",
        does: "POST/PUT bodies with an explicit null value answer 400 (Entra sends unmapped attributes as null)",
    },
    NoMatchFilter404 {
        rfc: "RFC 7644 §3.4.2 (a query answers a ListResponse, totalResults 0)",
        does: "a filter matching nothing answers 404 (Entra's lookups then fail; Okta's reference accepts the 404)",
    },
    PlusInQueryNotDecoded {
        rfc: "RFC 7644 §3.4.2 with form-encoded queries (HTML 4.01 §17.13.4: + is a space)",
        does: "a + in a list query is read as a plus, so Entra's filter=userName+eq+\"x\" is invalid",
    },
    EnterpriseExtensionDropped {
        rfc: "RFC 7643 §4.3 (enterprise User extension)",
        does: "attributes under the enterprise URN in POST/PUT are silently not stored",
    },
    JsonMediaTypeRefused {
        rfc: "RFC 7644 §3.1, §8.1 (application/json is accepted too)",
        does: "request bodies labelled application/json answer 415",
    },
    FilterAndOrPrecedence {
        rfc: "RFC 7644 §3.4.2.2 (and binds tighter than or)",
        does: "`a or b and c` is evaluated as `(a or b) and c`",
    },
    FilterNotIgnored {
        rfc: "RFC 7644 §3.4.2.2 (not)",
        does: "`not (…)` is ignored: the inner filter is applied as it is",
    },
    FilterPrUnsupported {
        rfc: "RFC 7644 §3.4.2.2 (pr)",
        does: "a filter using `pr` answers 400 invalidFilter",
    },
    FilterCoSwEwCaseSensitive {
        rfc: "RFC 7644 §3.4.2.2; RFC 7643 §2.2 (caseExact)",
        does: "co, sw and ew compare case-exactly even on caseExact=false attributes such as userName",
    },
    FilterValuepathUnsupported {
        rfc: "RFC 7644 §3.4.2.2 (valuePath)",
        does: "a filter such as emails[type eq \"work\"] answers 400 invalidFilter",
    },
    FilterUrnPathUnsupported {
        rfc: "RFC 7644 §3.4.2.2, §3.10 (fully qualified attribute paths)",
        does: "a filter naming urn:…:User:userName or an enterprise URN path answers 400 invalidFilter",
    },
    PatchNotAtomic {
        rfc: "RFC 7644 §3.5.2 (a PATCH is applied whole or not at all)",
        does: "when a later PATCH operation fails, the earlier ones' changes are kept",
    },
    PatchRemoveRequiredAccepted {
        rfc: "RFC 7644 §3.5.2.2 (removing a required attribute is an error)",
        does: "PATCH remove of userName answers 200 (the operation is skipped) instead of 400",
    },
    PatchAddPathlessIgnored {
        rfc: "RFC 7644 §3.5.2.1 (add without path: the value holds the attributes to add)",
        does: "PATCH add without a path answers 200 but changes nothing",
    },
    PatchAddFilteredPathUnsupported {
        rfc: "RFC 7644 §3.5.2.1 (add through a valuePath; Entra adds typed entries this way)",
        does: "PATCH add through a value filter (addresses[type eq \"work\"].formatted) answers 400 noTarget instead of creating the entry",
    },
    MemberReaddConflict {
        rfc: "RFC 7644 §3.5.2.1 (adding a value already there changes nothing and SHOULD succeed)",
        does: "PATCH add of a member the group already has answers 409 uniqueness, so an IdP repeating a membership push fails",
    },
    MeUnsupported500 {
        rfc: "RFC 7644 §3.11 (an unsupported /Me answers 501)",
        does: "/Me for a bearer token (not tied to a user) answers 500 instead of 501",
    },
    SchemasOmitReturnedAttribute {
        rfc: "RFC 7643 §7 (/Schemas describes the attributes resources carry)",
        does: "/Schemas leaves active out of the User schema while users are returned with it",
    },
    FilterDatetimeAsString {
        rfc: "RFC 7644 §3.4.2.2 (dateTime compared chronologically); RFC 7643 §2.3.5",
        does: "gt/ge/lt/le on meta.lastModified compare the strings, so other UTC offsets are misjudged",
    },
    SchemasOmitExtension {
        rfc: "RFC 7644 §4 (/Schemas serves every schema a ResourceType names); RFC 7643 §6",
        does: "/Schemas leaves out the enterprise extension schema that /ResourceTypes lists for User",
    },
    PatchPrimaryNotExclusive {
        rfc: "RFC 7643 §2.4 (primary true at most once per attribute)",
        does: "a PATCH making a new email primary leaves the old primary email primary too",
    },
    ReadonlyAttributesStored {
        rfc: "RFC 7643 §2.2, RFC 7644 §3.3 (readOnly values a client sends are ignored)",
        does: "a meta.created sent in POST becomes the resource's creation time",
    },
    ImmutableChangesAccepted {
        rfc: "RFC 7643 §7 (immutable), §4.2 (Group members.value is immutable); RFC 7644 §3.5.2",
        does: "PATCH replace of members[value eq \"A\"].value with another id answers 200 instead of 400 mutability",
    },
    BulkLimitsIgnored {
        rfc: "RFC 7644 §3.7.4 (more operations than maxOperations answer 413)",
        does: "a BulkRequest with more operations than ServiceProviderConfig bulk.maxOperations is run",
    },
    UserCreationFails {
        rfc: "RFC 7644 §3.3 (a created resource answers 201 Created)",
        does: "POST /Users answers 500 for every body, so no user can be created",
    },
    GroupCreationFails {
        rfc: "RFC 7644 §3.3 (a created resource answers 201 Created)",
        does: "POST /Groups answers 500 for every body, so no group can be created",
    },
    UserPatchFails {
        rfc: "RFC 7644 §3.5.2 (PATCH, advertised by ServiceProviderConfig patch.supported)",
        does: "PATCH /Users/{id} answers 501 although ServiceProviderConfig says patch is supported",
    },
    UserFilterFails {
        rfc: "RFC 7644 §3.4.2.2 (filter, advertised by ServiceProviderConfig filter.supported)",
        does: "every filter on /Users answers 400 invalidFilter although filter is advertised",
    },
    ResourceTypesAbsoluteEndpoint {
        rfc: "RFC 7643 §6 (endpoint is relative to the base URL)",
        does: "/ResourceTypes gives endpoint \"/scim/v2/Users\" (the base path repeated) instead of \"/Users\"",
    },
    ResourceTypesUrlEndpoint {
        rfc: "RFC 7643 §6 (endpoint is relative to the base URL)",
        does: "/ResourceTypes gives endpoint as a full URL (http://host/scim/v2/Users)",
    },
    ResourceTypesTrailingSlash {
        rfc: "RFC 7644 §3.2 (resources at /Users and /Groups; what IdPs call)",
        does: "/ResourceTypes gives endpoint \"/Users/\" with a trailing slash",
    },
    ResourceTypesMissing {
        rfc: "RFC 7644 §4 (/ResourceTypes discovers the resource types)",
        does: "GET /ResourceTypes answers 404",
    },
    SchemasMissing {
        rfc: "RFC 7644 §4 (GET /Schemas SHALL return all supported schemas)",
        does: "GET /Schemas answers 404",
    },
    DiscoveryHtml {
        rfc: "RFC 7644 §4 (ListResponse form SHALL be used); §8.1 (application/scim+json)",
        does: "GET /ResourceTypes and GET /Schemas answer 200 with an HTML page",
    },
    DiscoveryWithoutTotalResults {
        rfc: "RFC 7644 §4 (ListResponse form); §3.4.2 (totalResults REQUIRED)",
        does: "the /ResourceTypes and /Schemas ListResponses have no totalResults",
    },
    DiscoveryResourcesAsStrings {
        rfc: "RFC 7644 §3.4.2 (Resources: a list of complex objects)",
        does: "the /ResourceTypes and /Schemas ListResponses list names as strings, not resources",
    },
    FilterIgnored {
        rfc: "RFC 7644 §3.4.2.2 (a filter selects the resources returned)",
        does: "the filter parameter is ignored: every list returns all resources (seen on Canaille)",
    },
    FilterSwUnsupported {
        rfc: "RFC 7644 §3.4.2.2 (sw is an operator of the filter language filter.supported advertises)",
        does: "a filter using sw answers 400 invalidFilter (an eq-only filter language, seen on better-auth)",
    },
    EmptyMembersRefused {
        rfc: "RFC 7643 §4.2 (members is optional; Entra creates groups with members: [])",
        does: "POST /Groups with an empty members array answers 400 instead of creating an empty group",
    },
    MemberRefRequired {
        rfc: "RFC 7643 §4.2, §8.7.1 (members.$ref is optional; IdPs send only value)",
        does: "POST /Groups with members that carry only value answers 400 ($ref required, seen on Canaille)",
    },
    LocationHeaderRelative {
        rfc: "RFC 7644 §3.3 (Location is the created resource's URI, the same as meta.location)",
        does: "the Location header of a 201 is a relative path (/scim/v2/Users/<id>) while meta.location is absolute",
    },
    MembersRemoveValueIgnored {
        rfc: "RFC 7644 §3.5.2.2 gives remove no value; Entra without aadOptscim062020 and OneLogin name the members to remove in it",
        does: "PATCH remove of members with a value list removes every member (the path alone is read), not only those listed",
    },
    PatchLostUpdate {
        rfc: "RFC 7644 §3.5.2 (each PATCH applies to the resource as it is); IdP group push from parallel workers",
        does: "PATCH applies its operations to a copy read before a delay and saves it unlocked: concurrent PATCHes silently lose each other's changes",
    },
    UniquenessCheckRacy {
        rfc: "RFC 7644 §3.3 (409 uniqueness), under concurrent creates",
        does: "POST checks the name is free, waits, then inserts without checking again: simultaneous creates of one userName all answer 201",
    },
    IfMatchCheckRacy {
        rfc: "RFC 7644 §3.14 (If-Match: 412 when the resource's version has changed), under concurrent updates",
        does: "PUT and PATCH compare If-Match with the stored version, wait, then write without comparing again: simultaneous updates guarded by one ETag all succeed, each silently overwriting the last",
    },
    ThrottleWithoutRetryAfter {
        rfc: "RFC 6585 §4 (429 MAY say when to retry with Retry-After); IdPs back off by it",
        does: "past 20 requests in one second, answers 429 with no Retry-After header",
    },
    SlowUnderLoad {
        rfc: "IdP latency budgets (Okta times out a SCIM request after 60 s; a provisioning cycle has its own budget)",
        does: "above four requests arriving within a quarter second, answers one second late",
    },
    EntitlementValuesWithoutDisplayName {
        rfc: "Okta's Role and Entitlement schemas (displayName required), Build a SCIM 2.0 server with entitlements",
        does: "serves the values of its role and entitlement catalogs with `name` instead of `displayName`",
    },
    EntitlementCatalogUnpaged {
        rfc: "RFC 7644 §3.4.2.4 (startIndex and count), on the entitlement catalogs Okta pages through",
        does: "answers every value of a role or entitlement catalog on one page, whatever startIndex and count ask",
    },
    UserGrantsDropped {
        rfc: "RFC 7643 §4.1.2 (roles, entitlements); Okta grants through them",
        does: "silently drops `roles` and `entitlements` from a user's POST and PUT",
    },
    PutMergesGrants {
        rfc: "RFC 7644 §3.5.1 (PUT replaces), for the roles and entitlements Okta revokes by PUT",
        does: "adds the roles and entitlements a PUT sends to those the user had instead of replacing them, so a revoked grant stays",
    },
    SpcIncomplete {
        rfc: "RFC 7643 §5 (REQUIRED members)",
        does: "ServiceProviderConfig's changePassword has no supported and its authenticationSchemes no description",
    },
    SpcSupportedAsString {
        rfc: "RFC 7643 §5 (supported is a REQUIRED Boolean)",
        does: "ServiceProviderConfig gives sort's supported as the string \"true\"",
    },
    ResourceTypesIncomplete {
        rfc: "RFC 7643 §6 (schemaExtensions.required is REQUIRED)",
        does: "the schemaExtensions entries of /ResourceTypes have no required",
    },
    SchemasListMessageSchemas {
        rfc: "RFC 7644 §3.1 (protocol messages are not resources)",
        does: "/Schemas also lists the ListResponse, PatchOp and Error message schemas",
    },
    SchemasWithoutSubAttributes {
        rfc: "RFC 7643 §7 (subAttributes of complex attributes)",
        does: "complex attributes in /Schemas have no subAttributes",
    },
    ExcludedAttributesRemovesAlways {
        rfc: "RFC 7644 §3.4.2.5 (excludedAttributes has no effect on returned always)",
        does: "excludedAttributes=id removes id (returned always) too",
    },
    PatchAttributesNoContent {
        rfc: "RFC 7644 §3.5.2 (200 OK when attributes is given)",
        does: "every successful PATCH answers 204 No Content, also one with attributes",
    },
    NegativeCountRefused {
        rfc: "RFC 7644 §3.4.2.4 (a negative count is read as 0)",
        does: "a negative count answers 400 instead of an empty page",
    },
    ListWithoutStartIndex {
        rfc: "RFC 7644 §3.4.2 (startIndex is REQUIRED when paginating)",
        does: "list responses have no startIndex",
    },
    UnknownQueryParameterRefused {
        rfc: "RFC 7644 §3.4.2 (unrecognised query parameters are ignored)",
        does: "a list query with a parameter the server does not know answers 400",
    },
    FilterBooleanOrderingAccepted {
        rfc: "RFC 7644 §3.4.2.2 (gt, ge, lt, le on a Boolean: 400 invalidFilter)",
        does: "gt, ge, lt and le on a Boolean order false before true instead of answering 400 invalidFilter",
    },
    FilterEmailsCaseSensitive {
        rfc: "RFC 7644 §3.4.2.2; RFC 7643 §4.1.2 (emails.value is caseExact=false)",
        does: "emails.value eq compares case-exactly, so an email in other letter case is not found",
    },
    FilterCaseExactIgnored {
        rfc: "RFC 7644 §3.4.2.2 (string comparisons follow caseExact); RFC 7643 §3.1 (externalId caseExact)",
        does: "filters compare externalId (caseExact=true) ignoring letter case",
    },
    FilterEscapesNotDecoded {
        rfc: "RFC 7644 §3.4.2.2 (compValue is a JSON string)",
        does: "a \\uXXXX escape in a filter value is compared as written instead of decoded",
    },
    PatchReadOnlyAccepted {
        rfc: "RFC 7644 §3.5.2 (an operation must suit the attribute's mutability), §3.12 (mutability)",
        does: "a PATCH operation on a readOnly attribute (meta.created, id, groups) is dropped and the PATCH answers 200",
    },
    PatchAddReplacesMultiValued {
        rfc: "RFC 7644 §3.5.2.1 (add to a multi-valued attribute adds a value)",
        does: "a PATCH add with a path naming a multi-valued attribute (emails) replaces its values instead of appending",
    },
    PatchAddDuplicatesValues {
        rfc: "RFC 7644 §3.5.2.1 (adding a value already there: no change)",
        does: "a PATCH add of a value a multi-valued attribute already holds (an email) stores it a second time",
    },
    FilterBinaryOrderingAccepted {
        rfc: "RFC 7644 §3.4.2.2 (gt, ge, lt, le on a Binary: 400 invalidFilter)",
        does: "gt, ge, lt and le on x509Certificates.value (Binary) are read as pr instead of answering 400 invalidFilter",
    },
    FilterValuepathAnyValue {
        rfc: "RFC 7644 §3.4.2.2 (a valuePath filter applies to one value)",
        does: "each expression inside emails[…] may match a different email",
    },
    PatchRemoveSingleValuedIgnored {
        rfc: "RFC 7644 §3.5.2.2 (a removed single-value attribute is unassigned)",
        does: "PATCH remove of a single-valued attribute answers success and keeps the value",
    },
    PatchRemoveMultiValuedNeedsFilter {
        rfc: "RFC 7644 §3.5.2.2 (remove without a filter removes all values)",
        does: "PATCH remove of a multi-valued attribute without a value filter answers 400 noTarget",
    },
    PatchReplaceUnassignedNoTarget {
        rfc: "RFC 7644 §3.5.2.3 (replace of a missing attribute is an add)",
        does: "PATCH replace of an attribute that has no value answers 400 noTarget",
    },
    PatchReplaceComplexOverwrites {
        rfc: "RFC 7644 §3.5.2.3 (sub-attributes not in the value are left unchanged)",
        does: "PATCH replace of a complex attribute replaces the whole object, dropping the sub-attributes the value does not name",
    },
    PatchReplaceUnmatchedFilterAdds {
        rfc: "RFC 7644 §3.5.2.3 (no record matched: 400 noTarget)",
        does: "PATCH replace through a value filter is applied as an add, so a filter that matches nothing adds a value instead of 400 noTarget",
    },
    BulkStopsAtFirstError {
        rfc: "RFC 7644 §3.7 (without failOnErrors, as many operations as possible)",
        does: "a bulk job without failOnErrors stops at its first failed operation",
    },
    BulkResponseWithoutBulkId {
        rfc: "RFC 7644 §3.7 (the bulkId is returned with the created resource)",
        does: "the BulkResponse operations carry no bulkId",
    },
    SchemasDroppedUnderAttributes {
        rfc: "RFC 7643 §3 (schemas is REQUIRED in every representation)",
        does: "a resource returned under attributes= has no schemas",
    },
    ExternalIdInvented {
        rfc: "RFC 7643 §3.1 (externalId is set by the provisioning client only)",
        does: "a resource created without externalId gets its userName (or displayName) as externalId",
    },
    LastModifiedAfterCreated {
        rfc: "RFC 7643 §3.1 (lastModified of a never-modified resource equals created)",
        does: "a new resource's meta.lastModified is a millisecond after its meta.created",
    },
    NonAsciiMangled {
        rfc: "RFC 7644 §3.8 (UTF-8 JSON)",
        does: "every character outside ASCII in a returned attribute value reads as ?",
    },
    CaseExactLowercased {
        rfc: "RFC 7643 §7 (caseExact values keep their case)",
        does: "a new user's externalId (caseExact) is stored lower-cased",
    },
    BulkLimitErrorVague {
        rfc: "RFC 7644 §3.7.4 (the 413 names the limit exceeded)",
        does: "the 413 for too many bulk operations says only that the request is too large",
    },
    DiscoveryListsPaged {
        rfc: "RFC 7644 §4 (discovery endpoints ignore startIndex and count)",
        does: "startIndex and count page /ResourceTypes and /Schemas",
    },
    RootSearchUsersOnly {
        rfc: "RFC 7644 §3.4.2.1 (a query at the root covers every resource type)",
        does: "POST /.search at the root finds users only",
    },
    PutStoresReadOnly {
        rfc: "RFC 7644 §3.5.1 (readOnly values in a PUT are ignored)",
        does: "the answer to a PUT shows the meta.created its body sent, not the stored one",
    },
    DiscoveryFilterServed {
        rfc: "RFC 7644 §4 (a filter on discovery answers 403)",
        does: "a filter on /ResourceTypes or /Schemas is ignored: the whole list answers 200",
    },
    SpcPatchUnsupported {
        rfc: "RFC 7644 §3.5 (service providers support PATCH)",
        does: "ServiceProviderConfig says patch is not supported",
    },
    PatchNoopModifies {
        rfc: "RFC 7644 §3.5.2.1 (an add that changes nothing keeps the modify timestamp)",
        does: "a PATCH that changes nothing is stored as a modification: lastModified and the version move",
    },
    FilterSchemasUnsupported {
        rfc: "RFC 7644 §3.4.2.2 (clients may query by schema)",
        does: "filters on the schemas attribute answer 400 invalidFilter",
    },
    SchemasDottedAttributeNames {
        rfc: "RFC 7643 §2.1 (attribute names follow ATTRNAME)",
        does: "the User schema in /Schemas also lists name's sub-attributes as top-level attributes named name.givenName and so on",
    },
    UserGroupsWritable {
        rfc: "RFC 7643 §4.1.2 (groups is readOnly; memberships change through the Group)",
        does: "the groups named in a POST /Users body take the new user as a member",
    },
    PatchRemoveFilterKeepsRecords {
        rfc: "RFC 7644 §3.5.2.2 (matching records are removed; none left: unassigned)",
        does: "PATCH remove through a value filter removes only the matched records' value, keeping the records",
    },
    DiscoveryServesGroups {
        rfc: "RFC 7644 §4 (/ServiceProviderConfig SHALL return a ServiceProviderConfig; /ResourceTypes and /Schemas list ResourceTypes and Schemas)",
        does: "GET /ServiceProviderConfig, /ResourceTypes and /Schemas answer the ListResponse of /Groups (seen on SAML Jackson with its documented routing)",
    },
    FilterOnlyFirstEq {
        rfc: "RFC 7644 §3.4.2.2 (pr, and every other part of a filter, selects resources too)",
        does: "a filter is read as its first `eq` comparison alone, so `nickName pr and userName eq \"x\"` finds x without a nickName (seen on SAML Jackson, which reads only the value after `eq `)",
    },
    UnknownPathsServeGroups {
        rfc: "RFC 7644 §3.12 (404: the endpoint does not exist)",
        does: "bulk is not offered (ServiceProviderConfig says so) and /Bulk, like every path that names no endpoint, is served as the Groups collection: a POST there creates a group (seen on Jackson)",
    },
    GroupMembersIgnoredOnCreate {
        rfc: "RFC 7643 §4.2 (members); Okta and Entra create groups with their members",
        does: "POST /Groups answers 201 with members: [] and stores none of the members it was sent (seen on Jackson)",
    },
    PatchUrnPathRefused {
        rfc: "RFC 7644 §3.5.2 (paths may be qualified by a schema URN)",
        does: "PATCH paths qualified by a schema URN (urn:…:enterprise:2.0:User:department) answer 400 invalidPath",
    },
}

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
