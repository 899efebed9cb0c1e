//! Tests of the public API, one binary with a module per concern.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test that meets bad data should stop at once and say where"
)]

mod acled;
mod analysis;
mod fixtures;
mod geojson;
mod grid;
mod json;
mod kayes;
mod properties;
mod query;
mod space;
mod ucdp;
mod validation;
