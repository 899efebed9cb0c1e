//! Tests of grid.
