//! IdP simulation: scimcheck speaks to a SCIM server the way Okta, Microsoft Entra ID and
//! OneLogin do, so a team learns "will this work with Okta? with Entra?" before anyone opens an
//! IdP tenant.
//!
//! Two things live here:
//! - **Profiles** ([`profile`]): `scimcheck run --profile okta|entra|entra-legacy|onelogin`. Each
//!   profile is a list of lifecycle scenarios written as conformance-suite checks
//!   (crates/suites), so they share the suite's runner, test-data generator and cleanup
//!   registry. Every request is shaped as that IdP sends it ([`okta::shape`],
//!   [`entra::shape`], [`onelogin::shape`]), and every scenario names the public pages its
//!   shapes come from and the details it assumes ([`source`]); every judgement is marked as an RFC rule or an IdP
//!   expectation, which gives each scenario two verdict axes and each run a readiness line
//!   ([`Profile::readiness`]).
//! - **The Okta-org simulator** ([`oktasim`]): the slice of Okta's management API that Okta's
//!   published "SCIM 2.0 CRUD Test" drives, performing the SCIM calls Okta would make against
//!   the target synchronously, so the CRUD test runs with no Okta org and no pauses.
//!
//! Not for: RFC conformance in general (crates/suites), printing (crates/report), the Runscope
//! format (crates/engine).

pub mod call;
pub mod doc;
pub mod entra;
pub mod judge;
pub mod okta;
pub mod oktasim;
pub mod onelogin;
pub mod profile;
mod scenario;
pub mod source;
pub mod testplan;
pub use profile::{Profile, ReadinessSink, UnknownProfile};
