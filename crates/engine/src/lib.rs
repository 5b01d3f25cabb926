//! The execution side of scimcheck: HTTP exchanges, the one result model every suite and report
//! shares, the runner and its event stream, and the Runscope API-test format with its JavaScript
//! sandbox.

pub mod runscope;
