//! A global grid of cells of about 10 km by 10 km, for the diffusion
//! indicator of ACLED's Conflict Index.

use std::f64::consts::PI;

use geo_types::MultiPolygon;
use serde::Serialize;

/// The side of a cell, in kilometres.
pub const CELL_KM: f64 = 10.0;

/// The mean Earth radius in kilometres, as the query module's haversine
/// distance uses it.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Kilometres in one degree of latitude, and of longitude at the equator.
const KM_PER_DEGREE: f64 = EARTH_RADIUS_KM * PI / 180.0;

/// The height of a row, in degrees of latitude.
const ROW_DEGREES: f64 = CELL_KM / KM_PER_DEGREE;

/// One cell of a global grid of cells of about 10 km × 10 km (100 km²).
///
/// ACLED's Conflict Index divides each country "into a 10 km by 10 km
/// spatial grid" without saying how the grid is laid on the sphere. This
/// grid is:
///
/// - *rows* of 10 km of latitude (10 / 111.195 degrees, on a sphere of
///   radius 6,371.0088 km), numbered from 0 at the South Pole; the
///   northernmost row is narrower, ending at 90°;
/// - in each row, *columns* of as close to 10 km of longitude as divides
///   the circle of latitude at the row's middle evenly: `n = round(360 ·
///   111.195 · cos(φ) / 10)` columns (at least 1) of `360 / n` degrees,
///   numbered from 0 at 180° W.
///
/// So every cell is 10 km high and, but for rounding, 10 km wide at its
/// middle latitude: an equal-area approximation (about 100 km² each)
/// that has no slivers at the antimeridian. Near the poles, where a row
/// holds few columns, cells are less square.
///
/// ```
/// use conflict_events::analysis::GridCell;
///
/// // Kayes, Mali: about 14.45° N, 11.44° W.
/// let cell = GridCell::containing(14.45, -11.44);
/// let near = cell.map(|c| c.centre()).map(|(lat, lon)| {
///     (lat - 14.45).abs() < 0.05 && (lon + 11.44).abs() < 0.05
/// });
/// assert_eq!(near, Some(true));
/// assert_eq!(GridCell::containing(91.0, 0.0), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct GridCell {
    row: u32,
    col: u32,
}

impl GridCell {
    /// The cell holding the point at `lat`, `lon` (degrees); `None` when
    /// either is not finite or out of range. Points on a cell's southern or
    /// western edge belong to it; 90° N belongs to the top row and 180° E
    /// to the column at 180° W.
    pub fn containing(lat: f64, lon: f64) -> Option<GridCell> {
        if !(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0) {
            return None;
        }
        let row = row_of(lat);
        let n = columns(row);
        let width = 360.0 / f64::from(n);
        let col = (((lon + 180.0) / width).floor() as u32).min(n) % n;
        Some(GridCell { row, col })
    }

    /// The row, from 0 at the South Pole.
    pub fn row(&self) -> u32 {
        self.row
    }

    /// The column, from 0 at 180° W.
    pub fn col(&self) -> u32 {
        self.col
    }

    /// The centre as (latitude, longitude) in degrees: the middle of the
    /// cell's latitudes and of its longitudes.
    pub fn centre(&self) -> (f64, f64) {
        let width = 360.0 / f64::from(columns(self.row));
        (
            row_middle(self.row),
            -180.0 + (f64::from(self.col) + 0.5) * width,
        )
    }

    /// The edges as (south, west, north, east) in degrees.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let width = 360.0 / f64::from(columns(self.row));
        let (south, north) = row_edges(self.row);
        let west = -180.0 + f64::from(self.col) * width;
        (south, west, north, (west + width).min(180.0))
    }

    /// The cells whose centre lies inside `area` (degrees, longitude as x
    /// and latitude as y), in row and column order.
    ///
    /// Each polygon is scanned row by row along the latitude of the
    /// row's centres, with the even-odd rule, so holes are left out; a
    /// centre exactly on an edge may fall either way. Coordinates that are
    /// not finite are skipped.
    pub fn centred_in(area: &MultiPolygon<f64>) -> Vec<GridCell> {
        let mut cells = Vec::new();
        let mut crossings: Vec<f64> = Vec::new();
        for polygon in area {
            let rings: Vec<_> = std::iter::once(polygon.exterior())
                .chain(polygon.interiors())
                .collect();
            let lats = polygon
                .exterior()
                .coords()
                .map(|c| c.y)
                .filter(|y| y.is_finite());
            let (south, north) = lats.fold((f64::INFINITY, f64::NEG_INFINITY), |(s, n), y| {
                (s.min(y), n.max(y))
            });
            if south > north {
                continue;
            }
            for row in row_of(south.clamp(-90.0, 90.0))..=row_of(north.clamp(-90.0, 90.0)) {
                let y = row_middle(row);
                crossings.clear();
                for ring in &rings {
                    for line in ring.lines() {
                        let (a, b) = (line.start, line.end);
                        let finite = a.x.is_finite()
                            && a.y.is_finite()
                            && b.x.is_finite()
                            && b.y.is_finite();
                        if finite && (a.y > y) != (b.y > y) {
                            crossings.push(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
                        }
                    }
                }
                crossings.sort_by(f64::total_cmp);
                let n = columns(row);
                let width = 360.0 / f64::from(n);
                // Columns whose centre -180 + (c + 0.5) · width lies in [west, east).
                let first_col = |x: f64| {
                    let c = ((x + 180.0) / width - 0.5).ceil();
                    c.clamp(0.0, f64::from(n)) as u32
                };
                for pair in crossings.chunks_exact(2) {
                    for col in first_col(pair[0])..first_col(pair[1]) {
                        cells.push(GridCell { row, col });
                    }
                }
            }
        }
        cells.sort_unstable();
        cells.dedup();
        cells
    }
}

/// How many rows there are: the last is the narrow one ending at 90° N.
fn rows() -> u32 {
    (180.0 / ROW_DEGREES).ceil() as u32
}

/// The row holding latitude `lat` (in range).
fn row_of(lat: f64) -> u32 {
    (((lat + 90.0) / ROW_DEGREES).floor().max(0.0) as u32).min(rows() - 1)
}

/// The southern and northern edges of a row.
fn row_edges(row: u32) -> (f64, f64) {
    let south = -90.0 + f64::from(row) * ROW_DEGREES;
    (south, (south + ROW_DEGREES).min(90.0))
}

/// The latitude midway between a row's edges.
fn row_middle(row: u32) -> f64 {
    let (south, north) = row_edges(row);
    (south + north) / 2.0
}

/// How many columns a row has.
fn columns(row: u32) -> u32 {
    let around = 360.0 * KM_PER_DEGREE * row_middle(row).to_radians().cos() / CELL_KM;
    (around.round().max(1.0)) as u32
}

#[cfg(test)]
mod tests {
    use geo_types::{LineString, Polygon};

    use super::*;

    #[test]
    fn the_grid_has_2002_rows_and_4003_columns_at_the_equator() {
        assert_eq!(rows(), 2002);
        assert_eq!(columns(row_of(0.0)), 4003);
        // The top row, 89.954° to 90°, is 1.6 cells round: 2 columns.
        assert_eq!(columns(rows() - 1), 2);
    }

    #[test]
    fn cells_are_about_ten_km_square_away_from_the_poles() {
        for lat in [-60.0, -30.0, 0.0, 14.45, 45.0, 70.0] {
            let cell = GridCell::containing(lat, 10.0).unwrap_or(GridCell { row: 0, col: 0 });
            let (south, west, north, east) = cell.bounds();
            let mid = ((south + north) / 2.0).to_radians();
            let high = (north - south) * KM_PER_DEGREE;
            let wide = (east - west) * KM_PER_DEGREE * mid.cos();
            assert!((high - 10.0).abs() < 1e-9, "{lat}: {high}");
            assert!((wide - 10.0).abs() < 0.02, "{lat}: {wide}");
        }
    }

    #[test]
    fn the_edges_of_the_map_fall_in_cells() {
        let top = GridCell::containing(90.0, 180.0);
        assert_eq!(top, Some(GridCell { row: 2001, col: 0 }));
        assert_eq!(
            GridCell::containing(-90.0, -180.0),
            Some(GridCell { row: 0, col: 0 })
        );
        assert_eq!(GridCell::containing(f64::NAN, 0.0), None);
        assert_eq!(GridCell::containing(0.0, 180.5), None);
        let east = GridCell::containing(0.0, 179.99).map(|c| c.col);
        assert_eq!(east, Some(4002));
    }

    #[test]
    fn a_point_lies_inside_its_cell() {
        for (lat, lon) in [(14.45, -11.44), (-33.9, 151.2), (0.0, 0.0), (89.99, 3.0)] {
            let Some(cell) = GridCell::containing(lat, lon) else {
                panic!("{lat}, {lon} has no cell");
            };
            let (south, west, north, east) = cell.bounds();
            assert!(south <= lat && lat <= north && west <= lon && lon < east);
        }
    }

    #[test]
    fn a_square_with_a_hole_holds_the_cells_centred_in_it() {
        // One degree square at the equator, less the middle tenth of it.
        let square = |w: f64, s: f64, e: f64, n: f64| {
            LineString::from(vec![(w, s), (e, s), (e, n), (w, n), (w, s)])
        };
        let area = MultiPolygon(vec![Polygon::new(
            square(0.0, 0.0, 1.0, 1.0),
            vec![square(0.4, 0.4, 0.6, 0.6)],
        )]);
        let cells = GridCell::centred_in(&area);
        for cell in &cells {
            let (lat, lon) = cell.centre();
            assert!((0.0..1.0).contains(&lat) && (0.0..1.0).contains(&lon));
            assert!(!((0.4..0.6).contains(&lat) && (0.4..0.6).contains(&lon)));
        }
        // About 111 km by 111 km less 22 km by 22 km: some 120 cells.
        assert!((110..=135).contains(&cells.len()), "{}", cells.len());
    }
}

/// A grid of cells of a fixed size in kilometres (placeholder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct KmGrid(u32);
