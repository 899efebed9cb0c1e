//! PRIO-GRID cells.

/// A PRIO-GRID cell (placeholder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct PrioGridCell(u32);
