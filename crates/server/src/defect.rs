//! The defect switchboard: documented deviations from SCIM, each turning exactly one rule off.
//!
//! A conformance check is only trustworthy if it can fail. Each [`Defect`] makes the reference
//! server break one rule the way real servers do, so the suite can prove each of its checks
//! against it. A check and the defect that breaks it share their name (e.g. the check
//! `filter-username-case-sensitive` fails against `--defect filter-username-case-sensitive`).

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

/// One deviation from the RFCs (or from what Okta and Entra rely on) the server can be told to
/// commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Defect {
    /// `userName eq` compares case-sensitively although userName has caseExact=false.
    FilterUsernameCaseSensitive,
    /// A second user with an existing userName (in any case) is created instead of 409.
    DuplicateUsernamesAllowed,
    /// A second group with an existing displayName is created instead of 409.
    DuplicateGroupNamesAllowed,
    /// Unknown resource ids answer 400 instead of 404.
    UnknownId400,
    /// Error bodies carry `status` as a JSON number instead of a string.
    ErrorStatusNumber,
    /// Errors are HTML pages instead of SCIM Error JSON.
    HtmlErrorPages,
    /// List responses omit `schemas`.
    ListWithoutSchemas,
    /// `itemsPerPage` echoes the requested `count` instead of the number returned.
    ItemsPerPageIsPageSize,
    /// A given `startIndex` is treated as 0-based (the first page skips one resource); a query
    /// without one still starts at the first match.
    ZeroBasedStartIndex,
    /// `count` is ignored: every match is returned.
    CountIgnored,
    /// `totalResults` is the page size instead of the number of matches.
    TotalResultsIsPageSize,
    /// `attributes` is ignored: full resources are returned.
    AttributesParamIgnored,
    /// `excludedAttributes` is ignored.
    ExcludedAttributesParamIgnored,
    /// `sortBy` is ignored.
    SortIgnored,
    /// An unparseable filter yields 200 with an empty list instead of 400 invalidFilter.
    InvalidFilterIgnored,
    /// The write-only `password` is returned in responses.
    PasswordReturned,
    /// PATCH paths' value filters (`emails[type eq "work"]`) are ignored: every value is hit.
    PatchIgnoresValueFilter,
    /// PATCH refuses ops spelled with capitals (`"Replace"`, as Entra sends).
    PatchRejectsCapitalizedOp,
    /// PATCH refuses string booleans (`"False"`, as Entra sends for `active`).
    PatchRejectsStringBooleans,
    /// PATCH `replace` of `members` is refused.
    MembersReplaceUnsupported,
    /// PUT merges: attributes omitted from the body keep their old values.
    PutKeepsOmittedAttributes,
    /// DELETE only deactivates: the resource is still returned afterwards.
    SoftDelete,
    /// Users with `active: false` answer 404 (Okta expects deactivated users to stay readable).
    DeactivatedUser404,
    /// `If-Match` and `If-None-Match` are ignored.
    EtagIgnored,
    /// No `ETag` header on single-resource responses.
    NoEtagHeader,
    /// Responses are labelled `text/plain` instead of `application/scim+json`.
    WrongContentType,
    /// Request bodies of any media type are accepted instead of 415.
    AnyContentTypeAccepted,
    /// 201 Created carries no `Location` header.
    NoLocationHeader,
    /// `meta.location` is relative instead of absolute.
    MetaLocationRelative,
    /// ServiceProviderConfig says bulk is supported, but /Bulk answers 501.
    SpcAdvertisesUnsupported,
    /// 401 responses have no SCIM Error body.
    UnauthorizedWithoutScimBody,
    /// 401 responses have no `WWW-Authenticate` header.
    UnauthorizedWithoutWwwAuthenticate,
    /// 404 Error bodies have no `detail`.
    NotFoundWithoutDetail,
    /// A client-supplied `id` in POST is used instead of being ignored.
    ClientIdAccepted,
    /// A user's `groups` attribute is not computed.
    GroupsNotComputed,
    /// Deleting a user leaves it in its groups' `members`.
    DeleteKeepsMemberships,
    /// `count=0` returns a full page instead of only `totalResults`.
    CountZeroReturnsResources,
    /// Malformed JSON bodies crash the handler: 500 instead of 400 invalidSyntax.
    MalformedJson500,
    /// Uniqueness conflicts answer 400 instead of 409.
    Conflict400,
    /// Requests without credentials are served as if authenticated.
    AuthNotEnforced,
    /// Any bearer token is accepted, not only the configured ones.
    WrongTokenAccepted,
    /// `POST /{endpoint}/.search` answers 404: only GET queries exist.
    SearchEndpointMissing,
    /// POST without the required userName (or group displayName) stores a generated one.
    MissingRequiredAccepted,
    /// Writes to ServiceProviderConfig, ResourceTypes and Schemas answer 200 instead of 405.
    DiscoveryWritesAllowed,
    /// PATCH `replace` without a `path` (a value object of attributes) answers 400 noTarget.
    PatchReplacePathlessUnsupported,
    /// An explicit `null` attribute value in POST or PUT answers 400 instead of meaning unassigned.
    NullValuesRejected,
    /// A filtered query that matches nothing answers 404 instead of 200 with an empty list.
    NoMatchFilter404,
    /// A `+` in a list query stays a literal plus instead of a space (`filter=userName+eq+"x"`).
    PlusInQueryNotDecoded,
    /// Enterprise extension attributes in POST/PUT bodies are accepted but not stored.
    EnterpriseExtensionDropped,
    /// Request bodies labelled `application/json` answer 415; only `application/scim+json` works.
    JsonMediaTypeRefused,
    /// `a or b and c` is evaluated left to right, as `(a or b) and c`.
    FilterAndOrPrecedence,
    /// `not (…)` is dropped: the inner filter is used as it is.
    FilterNotIgnored,
    /// Filters using `pr` answer 400 invalidFilter.
    FilterPrUnsupported,
    /// `co`, `sw` and `ew` compare case-exactly, also on caseExact=false attributes.
    FilterCoSwEwCaseSensitive,
    /// Value-path filters (`emails[type eq "work"]`) answer 400 invalidFilter.
    FilterValuepathUnsupported,
    /// Fully qualified attribute paths (`urn:…:User:userName`) in filters answer 400 invalidFilter.
    FilterUrnPathUnsupported,
    /// A PATCH whose later operation fails keeps what its earlier operations changed.
    PatchNotAtomic,
    /// PATCH `remove` of a required attribute (userName) answers 200 instead of 400.
    PatchRemoveRequiredAccepted,
    /// PATCH `add` without a `path` (a value object of attributes) changes nothing.
    PatchAddPathlessIgnored,
    /// PATCH `add` through a value filter (`addresses[type eq "work"].formatted`) answers 400
    /// noTarget instead of creating the entry the filter describes.
    PatchAddFilteredPathUnsupported,
    /// PATCH `add` of a member the group already has answers 409 instead of a success that
    /// changes nothing.
    MemberReaddConflict,
    /// `/Me`, when not supported, answers 500 instead of 501 Not Implemented.
    MeUnsupported500,
    /// `/Schemas` leaves `active` out of the User schema although users carry it.
    SchemasOmitReturnedAttribute,
    /// `gt` / `ge` / `lt` / `le` on `meta.created` and `meta.lastModified` compare the text,
    /// not the instants, so a bound written with another UTC offset is misjudged.
    FilterDatetimeAsString,
    /// `/Schemas` leaves out the enterprise extension schema that `/ResourceTypes` lists.
    SchemasOmitExtension,
    /// A PATCH that makes one value `primary` leaves the previous primary value primary too.
    PatchPrimaryNotExclusive,
    /// A client-supplied `meta.created` in POST is stored instead of being ignored (readOnly).
    ReadonlyAttributesStored,
    /// PATCH may change a set `immutable` attribute (a group's `members.value`) instead of 400.
    ImmutableChangesAccepted,
    /// A BulkRequest with more operations than `bulk.maxOperations` is run instead of 413.
    BulkLimitsIgnored,
    /// POST /Users answers 500 whatever the body: no user can be created.
    UserCreationFails,
    /// POST /Groups answers 500 whatever the body: no group can be created.
    GroupCreationFails,
    /// PATCH of a user answers 501 although ServiceProviderConfig says patch is supported.
    UserPatchFails,
    /// Any filter on /Users answers 400 invalidFilter although filter is advertised.
    UserFilterFails,
    /// `/ResourceTypes` gives endpoints as absolute paths (`/scim/v2/Users`), not relative ones.
    ResourceTypesAbsoluteEndpoint,
    /// `/ResourceTypes` gives endpoints as full URLs (`https://host/scim/v2/Users`).
    ResourceTypesUrlEndpoint,
    /// `/ResourceTypes` gives endpoints with a trailing slash (`/Users/`).
    ResourceTypesTrailingSlash,
    /// `GET /ResourceTypes` answers 404.
    ResourceTypesMissing,
    /// `GET /Schemas` answers 404.
    SchemasMissing,
    /// `GET /ResourceTypes` and `GET /Schemas` answer 200 with an HTML page.
    DiscoveryHtml,
    /// The `/ResourceTypes` and `/Schemas` ListResponses have no `totalResults`.
    DiscoveryWithoutTotalResults,
    /// The `/ResourceTypes` and `/Schemas` ListResponses list names (strings), not objects.
    DiscoveryResourcesAsStrings,
    /// The `filter` query parameter is ignored: every list returns all resources.
    FilterIgnored,
    /// Filters using `sw` answer 400 invalidFilter (an `eq`-only filter language).
    FilterSwUnsupported,
    /// POST /Groups with `members: []` answers 400 instead of creating an empty group.
    EmptyMembersRefused,
    /// POST /Groups whose members carry no `$ref` answers 400 (`$ref` treated as required).
    MemberRefRequired,
    /// The `Location` header of a 201 is a relative path while `meta.location` is absolute.
    LocationHeaderRelative,
    /// PATCH `remove` of `members` with a value list removes every member, not the listed ones.
    MembersRemoveValueIgnored,
    /// With this defect on, ServiceProviderConfig has no changePassword and its authenticationSchemes no description.
    SpcIncomplete,
    /// With this defect on, the schemaExtensions entries of /ResourceTypes have no required.
    ResourceTypesIncomplete,
    /// With this defect on, /Schemas also lists the ListResponse, PatchOp and Error message schemas.
    SchemasListMessageSchemas,
    /// With this defect on, complex attributes in /Schemas have no subAttributes.
    SchemasWithoutSubAttributes,
    /// With this defect on, excludedAttributes=id removes id (returned always) too.
    ExcludedAttributesRemovesAlways,
    /// With this defect on, every successful PATCH answers 204 No Content, also one with attributes.
    PatchAttributesNoContent,
    /// With this defect on, a negative count answers 400 instead of an empty page.
    NegativeCountRefused,
    /// With this defect on, list responses have no startIndex.
    ListWithoutStartIndex,
    /// With this defect on, a list query with a parameter the server does not know answers 400.
    UnknownQueryParameterRefused,
    /// With this defect on, gt, ge, lt and le on a Boolean order false before true instead of answering 400 invalidFilter.
    FilterBooleanOrderingAccepted,
    /// With this defect on, each expression inside emails[…] may match a different email.
    FilterValuepathAnyValue,
    /// With this defect on, PATCH remove of a single-valued attribute answers success and keeps the value.
    PatchRemoveSingleValuedIgnored,
    /// With this defect on, PATCH remove of a multi-valued attribute without a value filter answers 400 noTarget.
    PatchRemoveMultiValuedNeedsFilter,
    /// With this defect on, PATCH replace of an attribute that has no value answers 400 noTarget.
    PatchReplaceUnassignedNoTarget,
    /// With this defect on, PATCH replace of a complex attribute replaces the whole object, dropping the sub-attributes the value does not name.
    PatchReplaceComplexOverwrites,
    /// With this defect on, PATCH replace through a value filter is applied as an add, so a filter that matches nothing adds a value instead of 400 noTarget.
    PatchReplaceUnmatchedFilterAdds,
    /// With this defect on, a bulk job without failOnErrors stops at its first failed operation.
    BulkStopsAtFirstError,
    /// With this defect on, the BulkResponse operations carry no bulkId.
    BulkResponseWithoutBulkId,
    /// With this defect on, a resource returned under attributes= has no schemas.
    SchemasDroppedUnderAttributes,
    /// With this defect on, a resource created without externalId gets its userName (or displayName) as externalId.
    ExternalIdInvented,
    /// With this defect on, a new resource's meta.lastModified is a millisecond after its meta.created.
    LastModifiedAfterCreated,
    /// With this defect on, every character outside ASCII in a returned attribute value reads as ?.
    NonAsciiMangled,
    /// With this defect on, a new user's externalId (caseExact) is stored lower-cased.
    CaseExactLowercased,
    /// With this defect on, the 413 for too many bulk operations says only that the request is too large.
    BulkLimitErrorVague,
    /// With this defect on, startIndex and count page /ResourceTypes and /Schemas.
    DiscoveryListsPaged,
    /// With this defect on, POST /.search at the root finds users only.
    RootSearchUsersOnly,
    /// With this defect on, the answer to a PUT shows the meta.created its body sent, not the stored one.
    PutStoresReadOnly,
    /// With this defect on, a filter on /ResourceTypes or /Schemas is ignored: the whole list answers 200.
    DiscoveryFilterServed,
    /// With this defect on, ServiceProviderConfig says patch is not supported.
    SpcPatchUnsupported,
    /// With this defect on, a PATCH that changes nothing is stored as a modification: lastModified and the version move.
    PatchNoopModifies,
    /// With this defect on, filters on the schemas attribute answer 400 invalidFilter.
    FilterSchemasUnsupported,
    /// With this defect on, the User schema in /Schemas also lists name's sub-attributes as top-level attributes named name.givenName and so on.
    SchemasDottedAttributeNames,
    /// With this defect on, the groups named in a POST /Users body take the new user as a member.
    UserGroupsWritable,
    /// With this defect on, PATCH remove through a value filter removes only the matched records' value, keeping the records.
    PatchRemoveFilterKeepsRecords,
    /// With this defect on, PATCH paths qualified by a schema URN (urn:…:enterprise:2.0:User:department) answer 400 invalidPath.
    PatchUrnPathRefused,
}

impl Defect {
    /// Every defect, in the order `--list-defects` prints them.
    pub const ALL: &'static [Defect] = &[
        Defect::FilterUsernameCaseSensitive,
        Defect::DuplicateUsernamesAllowed,
        Defect::DuplicateGroupNamesAllowed,
        Defect::UnknownId400,
        Defect::ErrorStatusNumber,
        Defect::HtmlErrorPages,
        Defect::ListWithoutSchemas,
        Defect::ItemsPerPageIsPageSize,
        Defect::ZeroBasedStartIndex,
        Defect::CountIgnored,
        Defect::TotalResultsIsPageSize,
        Defect::AttributesParamIgnored,
        Defect::ExcludedAttributesParamIgnored,
        Defect::SortIgnored,
        Defect::InvalidFilterIgnored,
        Defect::PasswordReturned,
        Defect::PatchIgnoresValueFilter,
        Defect::PatchRejectsCapitalizedOp,
        Defect::PatchRejectsStringBooleans,
        Defect::MembersReplaceUnsupported,
        Defect::PutKeepsOmittedAttributes,
        Defect::SoftDelete,
        Defect::DeactivatedUser404,
        Defect::EtagIgnored,
        Defect::NoEtagHeader,
        Defect::WrongContentType,
        Defect::AnyContentTypeAccepted,
        Defect::NoLocationHeader,
        Defect::MetaLocationRelative,
        Defect::SpcAdvertisesUnsupported,
        Defect::UnauthorizedWithoutScimBody,
        Defect::UnauthorizedWithoutWwwAuthenticate,
        Defect::NotFoundWithoutDetail,
        Defect::ClientIdAccepted,
        Defect::GroupsNotComputed,
        Defect::DeleteKeepsMemberships,
        Defect::CountZeroReturnsResources,
        Defect::MalformedJson500,
        Defect::Conflict400,
        Defect::AuthNotEnforced,
        Defect::WrongTokenAccepted,
        Defect::SearchEndpointMissing,
        Defect::MissingRequiredAccepted,
        Defect::DiscoveryWritesAllowed,
        Defect::PatchReplacePathlessUnsupported,
        Defect::NullValuesRejected,
        Defect::NoMatchFilter404,
        Defect::PlusInQueryNotDecoded,
        Defect::EnterpriseExtensionDropped,
        Defect::JsonMediaTypeRefused,
        Defect::FilterAndOrPrecedence,
        Defect::FilterNotIgnored,
        Defect::FilterPrUnsupported,
        Defect::FilterCoSwEwCaseSensitive,
        Defect::FilterValuepathUnsupported,
        Defect::FilterUrnPathUnsupported,
        Defect::PatchNotAtomic,
        Defect::PatchRemoveRequiredAccepted,
        Defect::PatchAddPathlessIgnored,
        Defect::PatchAddFilteredPathUnsupported,
        Defect::MemberReaddConflict,
        Defect::MeUnsupported500,
        Defect::SchemasOmitReturnedAttribute,
        Defect::FilterDatetimeAsString,
        Defect::SchemasOmitExtension,
        Defect::PatchPrimaryNotExclusive,
        Defect::ReadonlyAttributesStored,
        Defect::ImmutableChangesAccepted,
        Defect::BulkLimitsIgnored,
        Defect::UserCreationFails,
        Defect::GroupCreationFails,
        Defect::UserPatchFails,
        Defect::UserFilterFails,
        Defect::ResourceTypesAbsoluteEndpoint,
        Defect::ResourceTypesUrlEndpoint,
        Defect::ResourceTypesTrailingSlash,
        Defect::ResourceTypesMissing,
        Defect::SchemasMissing,
        Defect::DiscoveryHtml,
        Defect::DiscoveryWithoutTotalResults,
        Defect::DiscoveryResourcesAsStrings,
        Defect::FilterIgnored,
        Defect::FilterSwUnsupported,
        Defect::EmptyMembersRefused,
        Defect::MemberRefRequired,
        Defect::LocationHeaderRelative,
        Defect::MembersRemoveValueIgnored,
        Defect::SpcIncomplete,
        Defect::ResourceTypesIncomplete,
        Defect::SchemasListMessageSchemas,
        Defect::SchemasWithoutSubAttributes,
        Defect::ExcludedAttributesRemovesAlways,
        Defect::PatchAttributesNoContent,
        Defect::NegativeCountRefused,
        Defect::ListWithoutStartIndex,
        Defect::UnknownQueryParameterRefused,
        Defect::FilterBooleanOrderingAccepted,
        Defect::FilterValuepathAnyValue,
        Defect::PatchRemoveSingleValuedIgnored,
        Defect::PatchRemoveMultiValuedNeedsFilter,
        Defect::PatchReplaceUnassignedNoTarget,
        Defect::PatchReplaceComplexOverwrites,
        Defect::PatchReplaceUnmatchedFilterAdds,
        Defect::BulkStopsAtFirstError,
        Defect::BulkResponseWithoutBulkId,
        Defect::SchemasDroppedUnderAttributes,
        Defect::ExternalIdInvented,
        Defect::LastModifiedAfterCreated,
        Defect::NonAsciiMangled,
        Defect::CaseExactLowercased,
        Defect::BulkLimitErrorVague,
        Defect::DiscoveryListsPaged,
        Defect::RootSearchUsersOnly,
        Defect::PutStoresReadOnly,
        Defect::DiscoveryFilterServed,
        Defect::SpcPatchUnsupported,
        Defect::PatchNoopModifies,
        Defect::FilterSchemasUnsupported,
        Defect::SchemasDottedAttributeNames,
        Defect::UserGroupsWritable,
        Defect::PatchRemoveFilterKeepsRecords,
        Defect::PatchUrnPathRefused,
    ];

    /// The kebab-case name used by `--defect` and by the conformance check that catches it.
    pub fn name(self) -> &'static str {
        self.facts().0
    }

    /// The RFC clause (or IdP behaviour) the defect breaks.
    pub fn rfc(self) -> &'static str {
        self.facts().1
    }

    /// What the server does wrong with this defect on.
    pub fn description(self) -> &'static str {
        self.facts().2
    }

    fn facts(self) -> (&'static str, &'static str, &'static str) {
        use Defect::*;
        match self {
            FilterUsernameCaseSensitive => (
                "filter-username-case-sensitive",
                "RFC 7643 §4.1.1 (userName caseExact=false)",
                "filter userName eq matches only the exact case; Okta looks users up in any case",
            ),
            DuplicateUsernamesAllowed => (
                "duplicate-usernames-allowed",
                "RFC 7644 §3.3 (409 uniqueness)",
                "creating a user whose userName exists (in any case) succeeds instead of 409",
            ),
            DuplicateGroupNamesAllowed => (
                "duplicate-group-names-allowed",
                "RFC 7644 §3.3 (409 uniqueness)",
                "creating a group whose displayName exists succeeds instead of 409",
            ),
            UnknownId400 => (
                "unknown-id-400",
                "RFC 7644 §3.12 (404 for unknown resources)",
                "GET/PUT/PATCH/DELETE of an unknown id answers 400 instead of 404",
            ),
            ErrorStatusNumber => (
                "error-status-number",
                "RFC 7644 §3.12 (status is a string)",
                "Error bodies carry status as a JSON number",
            ),
            HtmlErrorPages => (
                "html-error-pages",
                "RFC 7644 §3.12 (errors are SCIM Error JSON)",
                "errors are answered as text/html pages",
            ),
            ListWithoutSchemas => (
                "list-without-schemas",
                "RFC 7644 §3.4.2 (ListResponse schemas)",
                "list responses have no schemas member",
            ),
            ItemsPerPageIsPageSize => (
                "items-per-page-is-page-size",
                "RFC 7644 §3.4.2.4 (itemsPerPage = number returned)",
                "itemsPerPage echoes the requested count, not the number of Resources returned",
            ),
            ZeroBasedStartIndex => (
                "zero-based-start-index",
                "RFC 7644 §3.4.2.4 (startIndex is 1-based)",
                "startIndex=1 skips the first match (a query without startIndex starts at the first)",
            ),
            CountIgnored => (
                "count-ignored",
                "RFC 7644 §3.4.2.4 (count)",
                "count is ignored and every match is returned",
            ),
            TotalResultsIsPageSize => (
                "total-results-is-page-size",
                "RFC 7644 §3.4.2 (totalResults = all matches)",
                "totalResults is the number on this page, not the number of matches",
            ),
            AttributesParamIgnored => (
                "attributes-param-ignored",
                "RFC 7644 §3.4.2.5 (attributes)",
                "the attributes parameter is ignored; full resources are returned",
            ),
            ExcludedAttributesParamIgnored => (
                "excluded-attributes-param-ignored",
                "RFC 7644 §3.4.2.5 (excludedAttributes)",
                "the excludedAttributes parameter is ignored",
            ),
            SortIgnored => (
                "sort-ignored",
                "RFC 7644 §3.4.2.3 (sortBy, sortOrder)",
                "sortBy and sortOrder are ignored while ServiceProviderConfig says sort is supported",
            ),
            InvalidFilterIgnored => (
                "invalid-filter-ignored",
                "RFC 7644 §3.4.2.2 (400 invalidFilter)",
                "an unparseable filter answers 200 with an empty list",
            ),
            PasswordReturned => (
                "password-returned",
                "RFC 7643 §4.1.1 (password returned=never)",
                "the password is returned in responses",
            ),
            PatchIgnoresValueFilter => (
                "patch-ignores-value-filter",
                "RFC 7644 §3.5.2 (valuePath filters)",
                "PATCH emails[type eq \"work\"].value hits every email, not only the matching one",
            ),
            PatchRejectsCapitalizedOp => (
                "patch-rejects-capitalized-op",
                "RFC 7644 §3.5.2 (op is case-insensitive; Entra sends \"Replace\")",
                "PATCH with op \"Replace\" or \"Add\" answers 400",
            ),
            PatchRejectsStringBooleans => (
                "patch-rejects-string-booleans",
                "Entra interop (sends \"True\"/\"False\" for booleans)",
                "PATCH value \"False\" for active answers 400",
            ),
            MembersReplaceUnsupported => (
                "members-replace-unsupported",
                "RFC 7644 §3.5.2.3 (replace members)",
                "PATCH replace of members answers 400",
            ),
            PutKeepsOmittedAttributes => (
                "put-keeps-omitted-attributes",
                "RFC 7644 §3.5.1 (PUT replaces; omitted attributes are cleared)",
                "PUT keeps attributes the body omits",
            ),
            SoftDelete => (
                "soft-delete",
                "RFC 7644 §3.6 (deleted resources answer 404)",
                "DELETE only sets active=false; the resource is still returned",
            ),
            DeactivatedUser404 => (
                "deactivated-user-404",
                "Okta interop (deactivated users stay readable)",
                "users with active=false answer 404",
            ),
            EtagIgnored => (
                "etag-ignored",
                "RFC 7644 §3.14 (If-Match 412, If-None-Match 304)",
                "If-Match and If-None-Match are ignored",
            ),
            NoEtagHeader => (
                "no-etag-header",
                "RFC 7644 §3.14 (ETag header)",
                "single-resource responses carry no ETag header",
            ),
            WrongContentType => (
                "wrong-content-type",
                "RFC 7644 §3.1, §8.1 (application/scim+json)",
                "responses are labelled text/plain",
            ),
            AnyContentTypeAccepted => (
                "any-content-type-accepted",
                "RFC 7644 §3.1 (415 for unsupported media types)",
                "request bodies labelled text/plain (or anything) are accepted",
            ),
            NoLocationHeader => (
                "no-location-header",
                "RFC 7644 §3.3 (Location on 201)",
                "201 Created has no Location header",
            ),
            MetaLocationRelative => (
                "meta-location-relative",
                "RFC 7643 §3.1 (meta.location is the resource's URI)",
                "meta.location is a relative path",
            ),
            SpcAdvertisesUnsupported => (
                "spc-advertises-unsupported",
                "RFC 7643 §5 (ServiceProviderConfig tells the truth)",
                "ServiceProviderConfig says bulk is supported but /Bulk answers 501",
            ),
            UnauthorizedWithoutScimBody => (
                "unauthorized-without-scim-body",
                "RFC 7644 §3.12 (Error body); Okta SPEC test",
                "401 responses have an empty body",
            ),
            UnauthorizedWithoutWwwAuthenticate => (
                "unauthorized-without-www-authenticate",
                "RFC 7235 §3.1, RFC 6750 §3 (WWW-Authenticate on 401)",
                "401 responses have no WWW-Authenticate header",
            ),
            NotFoundWithoutDetail => (
                "not-found-without-detail",
                "RFC 7644 §3.12 (detail); Okta SPEC test",
                "404 Error bodies have no detail",
            ),
            ClientIdAccepted => (
                "client-id-accepted",
                "RFC 7643 §3.1 (id is assigned by the service provider)",
                "an id in the POST body becomes the resource's id",
            ),
            GroupsNotComputed => (
                "groups-not-computed",
                "RFC 7643 §4.1.2 (groups)",
                "a user's groups attribute is never returned",
            ),
            DeleteKeepsMemberships => (
                "delete-keeps-memberships",
                "RFC 7644 §3.6 (a deleted resource is gone everywhere)",
                "a deleted user stays in its groups' members",
            ),
            CountZeroReturnsResources => (
                "count-zero-returns-resources",
                "RFC 7644 §3.4.2.4 (count 0 returns only totalResults)",
                "count=0 is treated as no count and returns a full page",
            ),
            MalformedJson500 => (
                "malformed-json-500",
                "RFC 7644 §3.12 (400 invalidSyntax)",
                "a malformed JSON body answers 500",
            ),
            Conflict400 => (
                "conflict-400",
                "RFC 7644 §3.12 (409 uniqueness)",
                "uniqueness conflicts answer 400 instead of 409",
            ),
            AuthNotEnforced => (
                "auth-not-enforced",
                "RFC 7644 §2 (authentication and authorization)",
                "requests without an Authorization header are served",
            ),
            WrongTokenAccepted => (
                "wrong-token-accepted",
                "RFC 7644 §2; RFC 6750 §3.1 (invalid_token answers 401)",
                "any bearer token is accepted",
            ),
            SearchEndpointMissing => (
                "search-endpoint-missing",
                "RFC 7644 §3.4.3 (POST /.search)",
                "POST /Users/.search and /Groups/.search answer 404",
            ),
            MissingRequiredAccepted => (
                "missing-required-accepted",
                "RFC 7643 §4.1.1, §4.2 (required attributes); RFC 7644 §3.12 (invalidValue)",
                "POST /Users without userName (or /Groups without displayName) is created",
            ),
            DiscoveryWritesAllowed => (
                "discovery-writes-allowed",
                "RFC 7644 §4 (discovery endpoints are read-only: 405)",
                "POST/PUT/PATCH/DELETE on discovery endpoints answer 200",
            ),
            PatchReplacePathlessUnsupported => (
                "patch-replace-pathless-unsupported",
                "RFC 7644 §3.5.2.3 (path is optional for replace)",
                "PATCH replace without a path answers 400 noTarget (Okta deactivates users this way)",
            ),
            NullValuesRejected => (
                "null-values-rejected",
                "RFC 7643 §2.5 (null is equivalent to unassigned)",
                "POST/PUT bodies with an explicit null value answer 400 (Entra sends unmapped attributes as null)",
            ),
            NoMatchFilter404 => (
                "no-match-filter-404",
                "RFC 7644 §3.4.2 (a query answers a ListResponse, totalResults 0)",
                "a filter matching nothing answers 404 (Entra's lookups then fail; Okta's reference accepts the 404)",
            ),
            PlusInQueryNotDecoded => (
                "plus-in-query-not-decoded",
                "RFC 7644 §3.4.2 with form-encoded queries (HTML 4.01 §17.13.4: + is a space)",
                "a + in a list query is read as a plus, so Entra's filter=userName+eq+\"x\" is invalid",
            ),
            EnterpriseExtensionDropped => (
                "enterprise-extension-dropped",
                "RFC 7643 §4.3 (enterprise User extension)",
                "attributes under the enterprise URN in POST/PUT are silently not stored",
            ),
            JsonMediaTypeRefused => (
                "json-media-type-refused",
                "RFC 7644 §3.1, §8.1 (application/json is accepted too)",
                "request bodies labelled application/json answer 415",
            ),
            FilterAndOrPrecedence => (
                "filter-and-or-precedence",
                "RFC 7644 §3.4.2.2 (and binds tighter than or)",
                "`a or b and c` is evaluated as `(a or b) and c`",
            ),
            FilterNotIgnored => (
                "filter-not-ignored",
                "RFC 7644 §3.4.2.2 (not)",
                "`not (…)` is ignored: the inner filter is applied as it is",
            ),
            FilterPrUnsupported => (
                "filter-pr-unsupported",
                "RFC 7644 §3.4.2.2 (pr)",
                "a filter using `pr` answers 400 invalidFilter",
            ),
            FilterCoSwEwCaseSensitive => (
                "filter-co-sw-ew-case-sensitive",
                "RFC 7644 §3.4.2.2; RFC 7643 §2.2 (caseExact)",
                "co, sw and ew compare case-exactly even on caseExact=false attributes such as userName",
            ),
            FilterValuepathUnsupported => (
                "filter-valuepath-unsupported",
                "RFC 7644 §3.4.2.2 (valuePath)",
                "a filter such as emails[type eq \"work\"] answers 400 invalidFilter",
            ),
            FilterUrnPathUnsupported => (
                "filter-urn-path-unsupported",
                "RFC 7644 §3.4.2.2, §3.10 (fully qualified attribute paths)",
                "a filter naming urn:…:User:userName or an enterprise URN path answers 400 invalidFilter",
            ),
            PatchNotAtomic => (
                "patch-not-atomic",
                "RFC 7644 §3.5.2 (a PATCH is applied whole or not at all)",
                "when a later PATCH operation fails, the earlier ones' changes are kept",
            ),
            PatchRemoveRequiredAccepted => (
                "patch-remove-required-accepted",
                "RFC 7644 §3.5.2.2 (removing a required attribute is an error)",
                "PATCH remove of userName answers 200 (the operation is skipped) instead of 400",
            ),
            PatchAddPathlessIgnored => (
                "patch-add-pathless-ignored",
                "RFC 7644 §3.5.2.1 (add without path: the value holds the attributes to add)",
                "PATCH add without a path answers 200 but changes nothing",
            ),
            MemberReaddConflict => (
                "member-readd-conflict",
                "RFC 7644 §3.5.2.1 (adding a value already there changes nothing and SHOULD succeed)",
                "PATCH add of a member the group already has answers 409 uniqueness, so an IdP repeating a membership push fails",
            ),
            PatchAddFilteredPathUnsupported => (
                "patch-add-filtered-path-unsupported",
                "RFC 7644 §3.5.2.1 (add through a valuePath; Entra adds typed entries this way)",
                "PATCH add through a value filter (addresses[type eq \"work\"].formatted) answers 400 noTarget instead of creating the entry",
            ),
            MeUnsupported500 => (
                "me-unsupported-500",
                "RFC 7644 §3.11 (an unsupported /Me answers 501)",
                "/Me for a bearer token (not tied to a user) answers 500 instead of 501",
            ),
            SchemasOmitReturnedAttribute => (
                "schemas-omit-returned-attribute",
                "RFC 7643 §7 (/Schemas describes the attributes resources carry)",
                "/Schemas leaves active out of the User schema while users are returned with it",
            ),
            FilterDatetimeAsString => (
                "filter-datetime-as-string",
                "RFC 7644 §3.4.2.2 (dateTime compared chronologically); RFC 7643 §2.3.5",
                "gt/ge/lt/le on meta.lastModified compare the strings, so other UTC offsets are misjudged",
            ),
            SchemasOmitExtension => (
                "schemas-omit-extension",
                "RFC 7644 §4 (/Schemas serves every schema a ResourceType names); RFC 7643 §6",
                "/Schemas leaves out the enterprise extension schema that /ResourceTypes lists for User",
            ),
            PatchPrimaryNotExclusive => (
                "patch-primary-not-exclusive",
                "RFC 7643 §2.4 (primary true at most once per attribute)",
                "a PATCH making a new email primary leaves the old primary email primary too",
            ),
            ReadonlyAttributesStored => (
                "readonly-attributes-stored",
                "RFC 7643 §2.2, RFC 7644 §3.3 (readOnly values a client sends are ignored)",
                "a meta.created sent in POST becomes the resource's creation time",
            ),
            ImmutableChangesAccepted => (
                "immutable-changes-accepted",
                "RFC 7643 §7 (immutable), §4.2 (Group members.value is immutable); RFC 7644 §3.5.2",
                "PATCH replace of members[value eq \"A\"].value with another id answers 200 instead of 400 mutability",
            ),
            BulkLimitsIgnored => (
                "bulk-limits-ignored",
                "RFC 7644 §3.7.4 (more operations than maxOperations answer 413)",
                "a BulkRequest with more operations than ServiceProviderConfig bulk.maxOperations is run",
            ),
            UserCreationFails => (
                "user-creation-fails",
                "RFC 7644 §3.3 (a created resource answers 201 Created)",
                "POST /Users answers 500 for every body, so no user can be created",
            ),
            GroupCreationFails => (
                "group-creation-fails",
                "RFC 7644 §3.3 (a created resource answers 201 Created)",
                "POST /Groups answers 500 for every body, so no group can be created",
            ),
            UserPatchFails => (
                "user-patch-fails",
                "RFC 7644 §3.5.2 (PATCH, advertised by ServiceProviderConfig patch.supported)",
                "PATCH /Users/{id} answers 501 although ServiceProviderConfig says patch is supported",
            ),
            UserFilterFails => (
                "user-filter-fails",
                "RFC 7644 §3.4.2.2 (filter, advertised by ServiceProviderConfig filter.supported)",
                "every filter on /Users answers 400 invalidFilter although filter is advertised",
            ),
            ResourceTypesAbsoluteEndpoint => (
                "resource-types-absolute-endpoint",
                "RFC 7643 §6 (endpoint is relative to the base URL)",
                "/ResourceTypes gives endpoint \"/scim/v2/Users\" (the base path repeated) instead of \"/Users\"",
            ),
            ResourceTypesUrlEndpoint => (
                "resource-types-url-endpoint",
                "RFC 7643 §6 (endpoint is relative to the base URL)",
                "/ResourceTypes gives endpoint as a full URL (http://host/scim/v2/Users)",
            ),
            ResourceTypesTrailingSlash => (
                "resource-types-trailing-slash",
                "RFC 7644 §3.2 (resources at /Users and /Groups; what IdPs call)",
                "/ResourceTypes gives endpoint \"/Users/\" with a trailing slash",
            ),
            ResourceTypesMissing => (
                "resource-types-missing",
                "RFC 7644 §4 (/ResourceTypes discovers the resource types)",
                "GET /ResourceTypes answers 404",
            ),
            SchemasMissing => (
                "schemas-missing",
                "RFC 7644 §4 (GET /Schemas SHALL return all supported schemas)",
                "GET /Schemas answers 404",
            ),
            DiscoveryHtml => (
                "discovery-html",
                "RFC 7644 §4 (ListResponse form SHALL be used); §8.1 (application/scim+json)",
                "GET /ResourceTypes and GET /Schemas answer 200 with an HTML page",
            ),
            DiscoveryWithoutTotalResults => (
                "discovery-without-total-results",
                "RFC 7644 §4 (ListResponse form); §3.4.2 (totalResults REQUIRED)",
                "the /ResourceTypes and /Schemas ListResponses have no totalResults",
            ),
            DiscoveryResourcesAsStrings => (
                "discovery-resources-as-strings",
                "RFC 7644 §3.4.2 (Resources: a list of complex objects)",
                "the /ResourceTypes and /Schemas ListResponses list names as strings, not resources",
            ),
            FilterIgnored => (
                "filter-ignored",
                "RFC 7644 §3.4.2.2 (a filter selects the resources returned)",
                "the filter parameter is ignored: every list returns all resources (seen on Canaille)",
            ),
            FilterSwUnsupported => (
                "filter-sw-unsupported",
                "RFC 7644 §3.4.2.2 (sw is an operator of the filter language filter.supported advertises)",
                "a filter using sw answers 400 invalidFilter (an eq-only filter language, seen on better-auth)",
            ),
            EmptyMembersRefused => (
                "empty-members-refused",
                "RFC 7643 §4.2 (members is optional; Entra creates groups with members: [])",
                "POST /Groups with an empty members array answers 400 instead of creating an empty group",
            ),
            MemberRefRequired => (
                "member-ref-required",
                "RFC 7643 §4.2, §8.7.1 (members.$ref is optional; IdPs send only value)",
                "POST /Groups with members that carry only value answers 400 ($ref required, seen on Canaille)",
            ),
            LocationHeaderRelative => (
                "location-header-relative",
                "RFC 7644 §3.3 (Location is the created resource's URI, the same as meta.location)",
                "the Location header of a 201 is a relative path (/scim/v2/Users/<id>) while meta.location is absolute",
            ),
            MembersRemoveValueIgnored => (
                "members-remove-value-ignored",
                "RFC 7644 §3.5.2.2 gives remove no value; Entra without aadOptscim062020 and OneLogin name the members to remove in it",
                "PATCH remove of members with a value list removes every member (the path alone is read), not only those listed",
            ),
            SpcIncomplete => (
                "spc-incomplete",
                "RFC 7643 §5 (REQUIRED members)",
                "ServiceProviderConfig has no changePassword and its authenticationSchemes no description",
            ),
            ResourceTypesIncomplete => (
                "resource-types-incomplete",
                "RFC 7643 §6 (schemaExtensions.required is REQUIRED)",
                "the schemaExtensions entries of /ResourceTypes have no required",
            ),
            SchemasListMessageSchemas => (
                "schemas-list-message-schemas",
                "RFC 7644 §3.1 (protocol messages are not resources)",
                "/Schemas also lists the ListResponse, PatchOp and Error message schemas",
            ),
            SchemasWithoutSubAttributes => (
                "schemas-without-sub-attributes",
                "RFC 7643 §7 (subAttributes of complex attributes)",
                "complex attributes in /Schemas have no subAttributes",
            ),
            ExcludedAttributesRemovesAlways => (
                "excluded-attributes-removes-always",
                "RFC 7644 §3.4.2.5 (excludedAttributes has no effect on returned always)",
                "excludedAttributes=id removes id (returned always) too",
            ),
            PatchAttributesNoContent => (
                "patch-attributes-no-content",
                "RFC 7644 §3.5.2 (200 OK when attributes is given)",
                "every successful PATCH answers 204 No Content, also one with attributes",
            ),
            NegativeCountRefused => (
                "negative-count-refused",
                "RFC 7644 §3.4.2.4 (a negative count is read as 0)",
                "a negative count answers 400 instead of an empty page",
            ),
            ListWithoutStartIndex => (
                "list-without-start-index",
                "RFC 7644 §3.4.2 (startIndex is REQUIRED when paginating)",
                "list responses have no startIndex",
            ),
            UnknownQueryParameterRefused => (
                "unknown-query-parameter-refused",
                "RFC 7644 §3.4.2 (unrecognised query parameters are ignored)",
                "a list query with a parameter the server does not know answers 400",
            ),
            FilterBooleanOrderingAccepted => (
                "filter-boolean-ordering-accepted",
                "RFC 7644 §3.4.2.2 (gt, ge, lt, le on a Boolean: 400 invalidFilter)",
                "gt, ge, lt and le on a Boolean order false before true instead of answering 400 invalidFilter",
            ),
            FilterValuepathAnyValue => (
                "filter-valuepath-any-value",
                "RFC 7644 §3.4.2.2 (a valuePath filter applies to one value)",
                "each expression inside emails[…] may match a different email",
            ),
            PatchRemoveSingleValuedIgnored => (
                "patch-remove-single-valued-ignored",
                "RFC 7644 §3.5.2.2 (a removed single-value attribute is unassigned)",
                "PATCH remove of a single-valued attribute answers success and keeps the value",
            ),
            PatchRemoveMultiValuedNeedsFilter => (
                "patch-remove-multi-valued-needs-filter",
                "RFC 7644 §3.5.2.2 (remove without a filter removes all values)",
                "PATCH remove of a multi-valued attribute without a value filter answers 400 noTarget",
            ),
            PatchReplaceUnassignedNoTarget => (
                "patch-replace-unassigned-no-target",
                "RFC 7644 §3.5.2.3 (replace of a missing attribute is an add)",
                "PATCH replace of an attribute that has no value answers 400 noTarget",
            ),
            PatchReplaceComplexOverwrites => (
                "patch-replace-complex-overwrites",
                "RFC 7644 §3.5.2.3 (sub-attributes not in the value are left unchanged)",
                "PATCH replace of a complex attribute replaces the whole object, dropping the sub-attributes the value does not name",
            ),
            PatchReplaceUnmatchedFilterAdds => (
                "patch-replace-unmatched-filter-adds",
                "RFC 7644 §3.5.2.3 (no record matched: 400 noTarget)",
                "PATCH replace through a value filter is applied as an add, so a filter that matches nothing adds a value instead of 400 noTarget",
            ),
            BulkStopsAtFirstError => (
                "bulk-stops-at-first-error",
                "RFC 7644 §3.7 (without failOnErrors, as many operations as possible)",
                "a bulk job without failOnErrors stops at its first failed operation",
            ),
            BulkResponseWithoutBulkId => (
                "bulk-response-without-bulk-id",
                "RFC 7644 §3.7 (the bulkId is returned with the created resource)",
                "the BulkResponse operations carry no bulkId",
            ),
            SchemasDroppedUnderAttributes => (
                "schemas-dropped-under-attributes",
                "RFC 7643 §3 (schemas is REQUIRED in every representation)",
                "a resource returned under attributes= has no schemas",
            ),
            ExternalIdInvented => (
                "external-id-invented",
                "RFC 7643 §3.1 (externalId is set by the provisioning client only)",
                "a resource created without externalId gets its userName (or displayName) as externalId",
            ),
            LastModifiedAfterCreated => (
                "last-modified-after-created",
                "RFC 7643 §3.1 (lastModified of a never-modified resource equals created)",
                "a new resource's meta.lastModified is a millisecond after its meta.created",
            ),
            NonAsciiMangled => (
                "non-ascii-mangled",
                "RFC 7644 §3.8 (UTF-8 JSON)",
                "every character outside ASCII in a returned attribute value reads as ?",
            ),
            CaseExactLowercased => (
                "case-exact-lowercased",
                "RFC 7643 §7 (caseExact values keep their case)",
                "a new user's externalId (caseExact) is stored lower-cased",
            ),
            BulkLimitErrorVague => (
                "bulk-limit-error-vague",
                "RFC 7644 §3.7.4 (the 413 names the limit exceeded)",
                "the 413 for too many bulk operations says only that the request is too large",
            ),
            DiscoveryListsPaged => (
                "discovery-lists-paged",
                "RFC 7644 §4 (discovery endpoints ignore startIndex and count)",
                "startIndex and count page /ResourceTypes and /Schemas",
            ),
            RootSearchUsersOnly => (
                "root-search-users-only",
                "RFC 7644 §3.4.2.1 (a query at the root covers every resource type)",
                "POST /.search at the root finds users only",
            ),
            PutStoresReadOnly => (
                "put-stores-read-only",
                "RFC 7644 §3.5.1 (readOnly values in a PUT are ignored)",
                "the answer to a PUT shows the meta.created its body sent, not the stored one",
            ),
            DiscoveryFilterServed => (
                "discovery-filter-served",
                "RFC 7644 §4 (a filter on discovery answers 403)",
                "a filter on /ResourceTypes or /Schemas is ignored: the whole list answers 200",
            ),
            SpcPatchUnsupported => (
                "spc-patch-unsupported",
                "RFC 7644 §3.5 (service providers support PATCH)",
                "ServiceProviderConfig says patch is not supported",
            ),
            PatchNoopModifies => (
                "patch-noop-modifies",
                "RFC 7644 §3.5.2.1 (an add that changes nothing keeps the modify timestamp)",
                "a PATCH that changes nothing is stored as a modification: lastModified and the version move",
            ),
            FilterSchemasUnsupported => (
                "filter-schemas-unsupported",
                "RFC 7644 §3.4.2.2 (clients may query by schema)",
                "filters on the schemas attribute answer 400 invalidFilter",
            ),
            SchemasDottedAttributeNames => (
                "schemas-dotted-attribute-names",
                "RFC 7643 §2.1 (attribute names follow ATTRNAME)",
                "the User schema in /Schemas also lists name's sub-attributes as top-level attributes named name.givenName and so on",
            ),
            UserGroupsWritable => (
                "user-groups-writable",
                "RFC 7643 §4.1.2 (groups is readOnly; memberships change through the Group)",
                "the groups named in a POST /Users body take the new user as a member",
            ),
            PatchRemoveFilterKeepsRecords => (
                "patch-remove-filter-keeps-records",
                "RFC 7644 §3.5.2.2 (matching records are removed; none left: unassigned)",
                "PATCH remove through a value filter removes only the matched records' value, keeping the records",
            ),
            PatchUrnPathRefused => (
                "patch-urn-path-refused",
                "RFC 7644 §3.5.2 (paths may be qualified by a schema URN)",
                "PATCH paths qualified by a schema URN (urn:…:enterprise:2.0:User:department) answer 400 invalidPath",
            ),
        }
    }
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
