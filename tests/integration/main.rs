//! Tests of the public API, one binary with a module per concern.

mod fixtures;
mod json;
mod kayes;
mod properties;
mod validation;
