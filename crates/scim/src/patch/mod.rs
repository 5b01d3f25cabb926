//! SCIM PATCH (RFC 7644 §3.5.2): paths, and applying `add` / `replace` / `remove` operations to a
//! resource.
//!
//! ```
//! use scim::leniency::Leniency;
//! use scim::message::PatchOperation;
//! use scim::schema::core;
//! use serde_json::json;
//!
//! let user = json!({"userName": "bjensen", "active": true});
//! let ops: Vec<PatchOperation> =
//!     serde_json::from_value(json!([{"op": "Replace", "path": "active", "value": "False"}]))?;
//! let patched = scim::patch::apply(&user, &ops, core::user(), &Leniency::interop())?;
//! assert_eq!(patched["active"], json!(false));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The rules where the RFC leaves a choice, and what this module chose:
//!
//! - **Atomic.** [`apply`] works on a copy; the first failing operation fails the request and
//!   the input is untouched.
//! - **Unassigned.** `null`, `""` and `[]` mean "no value" (RFC 7643 §2.5): a replace with them
//!   clears the attribute (with a value filter: removes the selected values), an add of them
//!   changes nothing.
//! - **remove of an absent attribute** (no filter) succeeds and changes nothing, so removing twice
//!   is idempotent: the state asked for already holds. A remove or replace whose *value filter*
//!   matches nothing is `noTarget` (RFC 7644 §3.12), so those are not idempotent.
//! - **add through a filter that matches nothing** creates the value the filter describes when it
//!   is `eq` comparisons joined by `and` (`emails[type eq "work"].value`), else `noTarget`.
//! - **Mutability.** Writing an attribute's current value is not a change and is accepted, even
//!   for `readOnly` ones (Okta sends the group's own `id` in a rename); any other write to a
//!   `readOnly` attribute, a change of a set `immutable` one, or clearing a `required` one is
//!   `mutability`. `readOnly` sub-attributes inside a value object (`manager.displayName`) are
//!   ignored, as RFC 7644 §3.5.1 has servers do for PUT.
//! - **Multi-valued add** skips values already present (same `value`, no conflicting `type`),
//!   filling in sub-attributes they lack; at most one value stays `primary`, the newest winning.
//! - **A sub-attribute of a multi-valued attribute** needs a value filter:
//!   `emails[type eq "work"].value`, not `emails.value` (`invalidPath`), since the RFC does not
//!   say which values the latter means.
//! - **Unknown attributes** named by a `path` are `invalidPath`: there is nothing to operate on.
//!   Inside a value (a key of a path-less value, a sub-attribute of a complex value) they are
//!   ignored, exactly as POST and PUT ignore them ([`crate::validate`]). Wrongly typed values are
//!   `invalidValue`; values are checked by the same code PUT uses ([`crate::validate::value_of`]),
//!   which states the one difference: a `null` sub-attribute in a PATCH value clears it.
//! - **A path naming a whole extension**
//!   (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`) treats the extension's
//!   object as one complex attribute: add and replace write the
//!   attributes the value names, remove (or replace with `null`) clears them all. RFC 7644's
//!   `attrPath` always ends in an attribute name, but clients such as scim2-tester send this.
//! - **Interop** deviations (string booleans, Entra's remove with a value list, Entra's bare
//!   manager id) are accepted only as the [`Leniency`](crate::leniency::Leniency) policy says.

mod apply;
mod error;
mod multi;
mod path;
mod value;

pub use apply::apply;
pub use error::PatchError;
pub use path::{PatchPath, PathError};
