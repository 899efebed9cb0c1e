//! Placeholder.
/// Placeholder.
#[derive(Debug)]
pub struct PointIndex;
/// Placeholder.
#[derive(Debug)]
pub struct Nearby;
