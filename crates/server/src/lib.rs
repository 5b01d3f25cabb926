//! The reference SCIM server: what `scimcheck run` tests when no URL is given, and, through its
//! defect switchboard, the proof that every conformance check can fail.
