//! The PATCH request body (RFC 7644 §3.5.2). What the operations *do* lives in `crate::patch`;
//! this is their shape.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::{Request, keyword};
use crate::error::{ScimError, ScimType};
use crate::schema::urn;

/// A PATCH body: `schemas` and a non-empty list of `Operations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchOp {
    /// Must contain `urn:ietf:params:scim:api:messages:2.0:PatchOp`.
    pub schemas: Vec<String>,
    /// The operations, applied in order, all or none.
    #[serde(rename = "Operations", alias = "operations")]
    pub operations: Vec<PatchOperation>,
}

/// One PATCH operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchOperation {
    /// `add`, `replace` or `remove`.
    pub op: PatchOpKind,
    /// The target, e.g. `emails[type eq "work"].value`; absent means the resource itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The value. `None` when the member is absent; `Some(Value::Null)` when it is `null`,
    /// which a replace uses to clear the target.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<Value>,
}

/// Keeps an explicit `null` apart from an absent member.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// The three PATCH operations. Read case-insensitively: RFC 7644 defines the lowercase names,
/// and Microsoft Entra ID sends `"Replace"`, `"Add"`, `"Remove"`. Written lowercase.
///
/// Any other `op` (JSON Patch's `move`, `copy`, `test`, or a typo) makes the body fail
/// [`Request::parse`] with `invalidSyntax`: RFC 7644 names no keyword for it, and a body whose
/// `op` is outside the PatchOp schema's three values "did not conform to the request schema"
/// (§3.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PatchOpKind {
    /// Add values (RFC 7644 §3.5.2.1).
    Add,
    /// Remove values (RFC 7644 §3.5.2.2).
    Remove,
    /// Replace values (RFC 7644 §3.5.2.3).
    Replace,
}

impl PatchOpKind {
    /// The RFC's lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            PatchOpKind::Add => "add",
            PatchOpKind::Remove => "remove",
            PatchOpKind::Replace => "replace",
        }
    }
}

impl<'de> Deserialize<'de> for PatchOpKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        keyword::deserialize(
            deserializer,
            "PATCH op",
            &[
                ("add", PatchOpKind::Add),
                ("remove", PatchOpKind::Remove),
                ("replace", PatchOpKind::Replace),
            ],
        )
    }
}

impl Request for PatchOp {
    const URN: &'static str = urn::PATCH_OP;
    const NAME: &'static str = "PatchOp";

    fn schemas(&self) -> &[String] {
        &self.schemas
    }

    /// RFC 7644 §3.5.2: at least one operation; `remove` needs a `path` (`noTarget`);
    /// `add` and `replace` need a `value` (`invalidValue`).
    fn check(&self) -> Result<(), ScimError> {
        if self.operations.is_empty() {
            return Err(ScimError::invalid_syntax(
                "the PatchOp body's \"Operations\" is empty; give at least one operation",
            ));
        }
        for (index, operation) in self.operations.iter().enumerate() {
            match (operation.op, &operation.path, &operation.value) {
                (PatchOpKind::Remove, None, _) => {
                    return Err(ScimError::new(
                        ScimType::NoTarget,
                        format!(
                            "Operations[{index}]: a remove needs a \"path\" naming what to remove"
                        ),
                    ));
                }
                (PatchOpKind::Add | PatchOpKind::Replace, _, None) => {
                    return Err(ScimError::invalid_value(format!(
                        "Operations[{index}]: \"{}\" needs a \"value\"",
                        operation.op.as_str()
                    )));
                }
                _ => {}
            }
        }
        Ok(())
    }
}
