//! The one error type of the patch module: which operation failed, on which path, and why.

use crate::error::{ScimError, ScimType};

/// Why a PATCH request was refused (RFC 7644 §3.5.2, §3.12).
///
/// A PATCH is atomic, so one failing operation fails the whole request; the error names that
/// operation by its index in `Operations` and by the path it used, so the client can find it in
/// its own request body. A server answers with [`PatchError::status`] and
/// [`PatchError::scim_type`] and the `Display` text as `detail`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct PatchError {
    scim_type: ScimType,
    operation: Option<usize>,
    op_name: Option<String>,
    path: Option<String>,
    detail: String,
}

impl PatchError {
    /// An error not yet tied to an operation; [`PatchError::in_operation`] adds where it happened.
    pub(crate) fn new(scim_type: ScimType, detail: impl Into<String>) -> Self {
        PatchError {
            scim_type,
            operation: None,
            op_name: None,
            path: None,
            detail: detail.into(),
        }
    }

    /// Ties the error to operation `index` (0-based, as in `Operations[index]`), its op name as
    /// the client spelled it and its path.
    pub(crate) fn in_operation(mut self, index: usize, op_name: &str, path: Option<&str>) -> Self {
        self.operation = Some(index);
        self.op_name = Some(op_name.to_owned());
        self.path = path.map(str::to_owned);
        self
    }

    /// The `scimType` keyword of the error response.
    pub fn scim_type(&self) -> ScimType {
        self.scim_type
    }

    /// The HTTP status of the error response (400 for every PATCH error keyword).
    pub fn status(&self) -> u16 {
        self.scim_type.status()
    }

    /// The 0-based index of the failing operation in `Operations`, when one is known.
    pub fn operation(&self) -> Option<usize> {
        self.operation
    }

    /// The path of the failing operation, as the client wrote it.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The explanation without the operation prefix.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    fn describe(&self) -> String {
        let Some(index) = self.operation else {
            return self.detail.clone();
        };
        let op = self.op_name.as_deref().unwrap_or("?");
        match &self.path {
            Some(path) => format!("Operations[{index}] ({op} {path:?}): {}", self.detail),
            None => format!("Operations[{index}] ({op}, no path): {}", self.detail),
        }
    }
}

/// The crate's general protocol error, which the server turns into an RFC 7644 §3.12 body; the
/// detail keeps the operation index and path.
impl From<PatchError> for ScimError {
    fn from(error: PatchError) -> Self {
        ScimError::new(error.scim_type, error.to_string())
    }
}
