//! Tests of space.
