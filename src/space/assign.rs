//! Placing incidents and sites in regions by their points.

/// Placeholder.
#[derive(Debug)]
pub struct Disagreement;
/// Placeholder.
#[derive(Debug)]
pub struct Located;
/// Placeholder.
#[derive(Debug)]
pub enum Prefer {}
