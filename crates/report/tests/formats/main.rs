//! Black-box tests of every report format, each rendering the same hand-built run
//! ([`fixture::run`]) and checking what a reader (or a parser) gets from it.

mod comparison;
mod empty;
mod fixture;
mod html;
mod json;
mod junit;
mod markdown;
mod rules;
mod sample_files;
mod samples;
mod terminal;
