//! The suites crate's black-box tests, one module per area, in one test binary: one link
//! instead of one per file (issue 12), and the shared helpers compiled once.

mod at_size;
mod discovery_oddities;
mod generated_docs;
mod legal_answers;
mod proof;
mod real_world;
mod records;
mod requirements;
mod safety;
mod support;
mod variations;
