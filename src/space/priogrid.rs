//! PRIO-GRID's cells of 0.5° by 0.5°.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

/// The side of a cell, in degrees.
const RESOLUTION: f64 = 0.5;

/// Rows, numbered 1 to 360 from south to north.
const ROWS: u32 = 360;

/// Columns, numbered 1 to 720 from west to east.
const COLUMNS: u32 = 720;

/// Cells, numbered 1 to 259,200.
const CELLS: u32 = ROWS * COLUMNS;

/// One cell of PRIO-GRID, the 0.5° × 0.5° global grid of the Peace
/// Research Institute Oslo, named by its `gid`.
///
/// The grid is the one prio-data/priogrid defines in `R/prio_constants.R`:
/// WGS 84 longitude and latitude, a resolution of 0.5°, an extent of
/// −180° to 180° and −90° to 90°, so 360 rows × 720 columns, 259,200 cells.
/// Rows are numbered 1 to 360 from south to north, columns 1 to 720 from
/// west to east, and
///
/// ```text
/// row = floor((lat + 90) · 2) + 1      col = floor((lon + 180) · 2) + 1
/// gid = (row − 1) · 720 + col          (1 to 259,200)
/// ```
///
/// so cell 1 is the south-west corner of the map, at 90° S, 180° W. UCDP
/// GED gives each event's cell in its `priogrid_gid` column.
///
/// Edges: a point on a cell's southern or western edge belongs to it. The
/// map's northern and eastern edges are closed, as raster tools such as
/// terra place `ymax` and `xmax` in the last cell: 90° N falls in row 360
/// and 180° E in column 720. The edges are exact multiples of 0.5°, so a
/// point is placed by comparing it with them, with no rounding.
///
/// Cells are ordered, and serialised, by `gid`; [`Display`](fmt::Display)
/// prints the `gid`. For a grid of cells of a fixed size in kilometres,
/// see [`KmGrid`](crate::space::KmGrid).
///
/// ```
/// use conflict_events::space::PrioGridCell;
///
/// // 1.55° N, 1.25° E: row 184, column 363.
/// let cell = PrioGridCell::containing(1.55, 1.25);
/// assert_eq!(cell.map(|c| (c.gid(), c.row(), c.col())), Some((132_123, 184, 363)));
/// assert_eq!(cell.map(|c| c.centre()), Some((1.75, 1.25)));
/// assert_eq!(cell.map(|c| c.bounds()), Some((1.5, 1.0, 2.0, 1.5)));
/// assert_eq!(PrioGridCell::from_row_col(184, 363), cell);
/// assert_eq!(PrioGridCell::containing(90.5, 0.0), None);
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct PrioGridCell(u32);

impl PrioGridCell {
    /// The cell holding the point at `lat`, `lon` (degrees); `None` when
    /// either is not finite, `lat` is outside −90 to 90 or `lon` outside
    /// −180 to 180.
    ///
    /// A point on a cell's southern or western edge belongs to it; 90° N
    /// belongs to row 360 and 180° E to column 720.
    pub fn containing(lat: f64, lon: f64) -> Option<PrioGridCell> {
        let row = index_of(lat, 90.0, ROWS)?;
        let col = index_of(lon, 180.0, COLUMNS)?;
        PrioGridCell::from_row_col(row, col)
    }

    /// The cell numbered `gid`; `None` unless it is from 1 to 259,200.
    pub fn from_gid(gid: u32) -> Option<PrioGridCell> {
        (1..=CELLS).contains(&gid).then_some(PrioGridCell(gid))
    }

    /// The cell in row `row` (1 to 360, from the south) and column `col`
    /// (1 to 720, from the west); `None` when either is out of range.
    pub fn from_row_col(row: u32, col: u32) -> Option<PrioGridCell> {
        if (1..=ROWS).contains(&row) && (1..=COLUMNS).contains(&col) {
            Some(PrioGridCell((row - 1) * COLUMNS + col))
        } else {
            None
        }
    }

    /// The cell's number, PRIO-GRID's `gid`: from 1 to 259,200.
    pub fn gid(self) -> u32 {
        self.0
    }

    /// The row, from 1 (90° S to 89.5° S) to 360 (89.5° N to 90° N).
    pub fn row(self) -> u32 {
        (self.0 - 1) / COLUMNS + 1
    }

    /// The column, from 1 (180° W to 179.5° W) to 720 (179.5° E to 180° E).
    pub fn col(self) -> u32 {
        (self.0 - 1) % COLUMNS + 1
    }

    /// The centre as (latitude, longitude) in degrees.
    pub fn centre(self) -> (f64, f64) {
        let (south, west, _, _) = self.bounds();
        (south + RESOLUTION / 2.0, west + RESOLUTION / 2.0)
    }

    /// The edges as (south, west, north, east) in degrees; each is a
    /// multiple of 0.5°, exactly.
    pub fn bounds(self) -> (f64, f64, f64, f64) {
        let south = edge(self.row(), 90.0);
        let west = edge(self.col(), 180.0);
        (south, west, south + RESOLUTION, west + RESOLUTION)
    }
}

/// The southern (western) edge of row (column) `index`, counted from 1 at
/// `-half`.
fn edge(index: u32, half: f64) -> f64 {
    -half + f64::from(index - 1) * RESOLUTION
}

/// The row (column) from 1 to `count` holding `x` on an axis from `-half`
/// to `half`, the last closed; `None` when `x` is not finite or outside.
fn index_of(x: f64, half: f64, count: u32) -> Option<u32> {
    if !(x.is_finite() && (-half..=half).contains(&x)) {
        return None;
    }
    // `x + half` is not negative, so the cast takes the floor (and is
    // quicker than `floor`, a call on some targets); from 0 to `count`.
    let guess = ((x + half) / RESOLUTION) as u32 + 1;
    let mut index = guess.clamp(1, count);
    // `x + half` may round onto an edge: settle against the exact edges.
    if index > 1 && x < edge(index, half) {
        index -= 1;
    } else if index < count && x >= edge(index + 1, half) {
        index += 1;
    }
    Some(index)
}

impl TryFrom<u32> for PrioGridCell {
    type Error = Error;

    /// The cell numbered `gid`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] for the field `gid` unless it is from 1 to
    /// 259,200.
    fn try_from(gid: u32) -> Result<Self, Error> {
        PrioGridCell::from_gid(gid).ok_or_else(|| {
            Error::invalid("gid", "a PRIO-GRID cell from 1 to 259200", gid.to_string())
        })
    }
}

impl From<PrioGridCell> for u32 {
    fn from(cell: PrioGridCell) -> u32 {
        cell.0
    }
}

impl fmt::Display for PrioGridCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn gid(lat: f64, lon: f64) -> Option<u32> {
        PrioGridCell::containing(lat, lon).map(PrioGridCell::gid)
    }

    #[test]
    fn points_fall_in_the_cells_worked_out_by_hand() {
        // (1.55, 1.25): row floor(91.55 · 2) + 1 = 184, col floor(181.25 ·
        // 2) + 1 = 363, gid 183 · 720 + 363 = 132123.
        assert_eq!(gid(1.55, 1.25), Some(132_123));
        // (0, 0): row 181, col 361, gid 180 · 720 + 361 = 129961.
        assert_eq!(gid(0.0, 0.0), Some(129_961));
        // (-10.55, 20.23): row 159, col 401, gid 158 · 720 + 401 = 114161.
        assert_eq!(gid(-10.55, 20.23), Some(114_161));
        // (82, -102.99): row 345, col 155, gid 344 · 720 + 155 = 247835.
        assert_eq!(gid(82.0, -102.99), Some(247_835));
        // (10.51, 2.29): row 202, col 365, gid 201 · 720 + 365 = 145085.
        assert_eq!(gid(10.51, 2.29), Some(145_085));
        assert_eq!(
            PrioGridCell::from_row_col(151, 412).map(PrioGridCell::gid),
            Some(108_412)
        );
    }

    #[test]
    fn gid_row_and_column_agree_both_ways() {
        let cell = PrioGridCell::from_gid(132_123);
        assert_eq!(cell.map(|c| (c.row(), c.col())), Some((184, 363)));
        // Not 183 · 720 + 362 with zero-based indices, which is 721 less.
        assert_eq!(
            PrioGridCell::from_row_col(184, 363).map(PrioGridCell::gid),
            Some(132_123)
        );
        let ends = [(1, 1, 1), (720, 1, 720), (721, 2, 1), (259_200, 360, 720)];
        for (gid, row, col) in ends {
            let cell = PrioGridCell::from_gid(gid);
            assert_eq!(cell.map(|c| (c.row(), c.col())), Some((row, col)));
            assert_eq!(PrioGridCell::from_row_col(row, col), cell);
        }
    }

    #[test]
    fn centre_and_bounds_are_half_degree_multiples() {
        let Some(cell) = PrioGridCell::from_gid(108_412) else {
            panic!("108412 is a cell");
        };
        // Row 151: -90 + 150 · 0.5 = -15 to -14.5; column 412: -180 + 411
        // · 0.5 = 25.5 to 26.
        assert_eq!(cell.bounds(), (-15.0, 25.5, -14.5, 26.0));
        assert_eq!(cell.centre(), (-14.75, 25.75));
        let first = PrioGridCell::from_gid(1).map(PrioGridCell::bounds);
        assert_eq!(first, Some((-90.0, -180.0, -89.5, -179.5)));
        let last = PrioGridCell::from_gid(259_200).map(PrioGridCell::centre);
        assert_eq!(last, Some((89.75, 179.75)));
    }

    #[test]
    fn a_point_on_a_south_or_west_edge_belongs_to_the_cell() {
        // 1.5° N, 1.0° E is the south-west corner of row 184, column 363.
        assert_eq!(gid(1.5, 1.0), Some(132_123));
        // Just south or west of it: the row or column before.
        assert_eq!(gid(1.499_999, 1.0), Some(132_123 - 720));
        assert_eq!(gid(1.5, 0.999_999), Some(132_122));
        // A hair below the equator is in row 180, not 181.
        assert_eq!(
            PrioGridCell::containing(-1e-17, 0.0).map(PrioGridCell::row),
            Some(180)
        );
    }

    #[test]
    fn the_north_and_east_edges_of_the_map_are_closed() {
        let corner = PrioGridCell::containing(90.0, 180.0);
        assert_eq!(corner.map(|c| (c.row(), c.col())), Some((360, 720)));
        assert_eq!(corner.map(PrioGridCell::gid), Some(259_200));
        assert_eq!(gid(-90.0, -180.0), Some(1));
        assert_eq!(
            PrioGridCell::containing(90.0, 0.0).map(PrioGridCell::row),
            Some(360)
        );
        assert_eq!(
            PrioGridCell::containing(0.0, 180.0).map(PrioGridCell::col),
            Some(720)
        );
    }

    #[test]
    fn no_cell_for_points_off_the_map_or_not_numbers() {
        for (lat, lon) in [
            (90.000_001, 0.0),
            (-90.5, 0.0),
            (0.0, 180.000_001),
            (0.0, -181.0),
            (f64::NAN, 0.0),
            (0.0, f64::NAN),
            (f64::INFINITY, 0.0),
            (0.0, f64::NEG_INFINITY),
        ] {
            assert_eq!(PrioGridCell::containing(lat, lon), None, "{lat}, {lon}");
        }
    }

    #[test]
    fn out_of_range_numbers_are_refused() {
        assert_eq!(PrioGridCell::from_gid(0), None);
        assert_eq!(PrioGridCell::from_gid(259_201), None);
        assert_eq!(PrioGridCell::from_row_col(0, 1), None);
        assert_eq!(PrioGridCell::from_row_col(361, 1), None);
        assert_eq!(PrioGridCell::from_row_col(1, 0), None);
        assert_eq!(PrioGridCell::from_row_col(1, 721), None);
        let Err(error) = PrioGridCell::try_from(0) else {
            panic!("0 is not a cell");
        };
        assert_eq!(
            error.to_string(),
            "gid: expected a PRIO-GRID cell from 1 to 259200, found 0"
        );
    }

    #[test]
    fn serde_writes_and_checks_the_gid() -> Result<(), serde_json::Error> {
        let cell = PrioGridCell::from_gid(132_123);
        assert_eq!(serde_json::to_string(&cell)?, "132123");
        assert_eq!(serde_json::from_str::<PrioGridCell>("132123").ok(), cell);
        assert!(serde_json::from_str::<PrioGridCell>("0").is_err());
        assert!(serde_json::from_str::<PrioGridCell>("259201").is_err());
        assert_eq!(cell.map(|c| c.to_string()).as_deref(), Some("132123"));
        Ok(())
    }

    #[test]
    fn cells_order_by_gid() {
        let (a, b) = (
            PrioGridCell::from_gid(129_961),
            PrioGridCell::from_gid(132_123),
        );
        assert!(a < b);
    }

    proptest! {
        #[test]
        fn every_point_lies_within_its_cell(lat in -90.0..=90.0f64, lon in -180.0..=180.0f64) {
            let cell = PrioGridCell::containing(lat, lon);
            prop_assert!(cell.is_some());
            let (south, west, north, east) = cell.map_or((0.0, 0.0, 0.0, 0.0), PrioGridCell::bounds);
            prop_assert!(south <= lat && west <= lon, "{lat}, {lon} in {cell:?}");
            // Open to the north and east, but for the map's own edges.
            prop_assert!(lat < north || lat == 90.0, "{lat}, {lon} in {cell:?}");
            prop_assert!(lon < east || lon == 180.0, "{lat}, {lon} in {cell:?}");
        }

        #[test]
        fn gid_row_col_gid_round_trips(gid in 1..=259_200u32) {
            let cell = PrioGridCell::from_gid(gid);
            let back = cell.and_then(|c| PrioGridCell::from_row_col(c.row(), c.col()));
            prop_assert_eq!(back.map(PrioGridCell::gid), Some(gid));
        }
    }
}
