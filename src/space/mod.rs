//! Space: where incidents happened, in which region, near what, and in
//! which grid cell.
//!
//! - [`RegionIndex`]: the smallest region whose boundary contains a point,
//!   through an R-tree over the regions' bounding boxes and an exact
//!   point-in-polygon test.
//! - [`Dataset::with_boundaries`](crate::Dataset::with_boundaries): merges
//!   boundaries into a dataset's regions and places every incident and
//!   site by its point, reporting each source whose stated region
//!   disagrees with the geometry as a [`Disagreement`].
//! - [`PointIndex`]: incidents or sites within a radius of a point, and the
//!   k nearest, by haversine distance on a sphere of radius
//!   [`EARTH_RADIUS_KM`].
//! - [`PrioGridCell`]: PRIO-GRID's 0.5° cells; [`KmGrid`] and [`GridCell`]:
//!   a grid of cells of a fixed size in kilometres. Both are group-by keys
//!   of a [query](crate::query::Key).
//!
//! Boundaries come from GeoJSON through
//! [`io::geojson`](crate::io::geojson), which also writes incidents, sites
//! and regions (with a query's results attached) back out.
//!
//! Coordinates are WGS 84 degrees; in `geo-types` values, x is the
//! longitude and y the latitude.

mod assign;
mod grid;
mod locate;
pub(crate) mod nearby;
mod polygon;
mod priogrid;

pub use assign::{Disagreement, Located, Placed, Prefer};
pub use grid::{GridCell, KmGrid};
pub use locate::RegionIndex;
pub use nearby::{Nearby, PointIndex};
pub use priogrid::PrioGridCell;

/// The mean Earth radius in kilometres (IUGG), the radius of every
/// haversine distance in the crate, as `geo`'s [`Haversine`](geo::Haversine)
/// uses it.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;
