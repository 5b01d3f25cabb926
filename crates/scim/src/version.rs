//! SCIM 1.1 versus SCIM 2.0: the URNs, envelopes and endpoints that differ, and conversions of
//! resources between the two, so the server and the tester can speak 1.1 to older clients (Okta's
//! 1.1 integration tests) with the same 2.0 model underneath.

/// The SCIM 1.1 core schema URN; 1.1 resources and list envelopes carry it in `schemas`.
pub const V1_CORE: &str = "urn:scim:schemas:core:1.0";
/// The SCIM 1.1 enterprise User extension URN.
pub const V1_ENTERPRISE: &str = "urn:scim:schemas:extension:enterprise:1.0";
