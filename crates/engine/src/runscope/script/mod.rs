//! Runscope scripts (initial, pre-request and post-response JavaScript) in a sandboxed engine.
