//! Placeholder.
/// Placeholder.
#[derive(Debug)]
pub struct RegionIndex;
