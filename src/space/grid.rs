//! Global grids of cells of a fixed size in kilometres, such as the 10 km
//! grid of ACLED's Conflict Index.

use std::f64::consts::PI;

use geo_types::MultiPolygon;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::space::EARTH_RADIUS_KM;

/// Kilometres in one degree of latitude, and of longitude at the equator.
const KM_PER_DEGREE: f64 = EARTH_RADIUS_KM * PI / 180.0;

/// The largest side of a cell, in kilometres.
const MAX_KM: u16 = 1000;

/// A global grid of cells of about `km` × `km` kilometres.
///
/// ACLED's Conflict Index divides each country "into a 10 km by 10 km
/// spatial grid" without saying how the grid is laid on the sphere. This
/// grid, for a side of `km` kilometres, is:
///
/// - *rows* of `km` of latitude (`km / 111.195` degrees, on a sphere of
///   radius 6,371.0088 km, [`EARTH_RADIUS_KM`]), numbered from 0 at the
///   South Pole; the northernmost row is narrower, ending at 90°;
/// - in each row, *columns* of as close to `km` of longitude as divides
///   the circle of latitude at the row's middle evenly: `n = round(360 ·
///   111.195 · cos(φ) / km)` columns (at least 1) of `360 / n` degrees,
///   numbered from 0 at 180° W.
///
/// So every cell is `km` high and, but for rounding, `km` wide at its
/// middle latitude: an equal-area approximation (about `km²` each) that
/// has no slivers at the antimeridian. Near the poles, where a row holds
/// few columns, cells are less square. [`KmGrid::TEN_KM`] is the grid of
/// ACLED's Conflict Index, 2,002 rows with 4,003 columns at the equator.
///
/// For PRIO-GRID's cells of 0.5° of latitude and longitude, see
/// [`PrioGridCell`](crate::space::PrioGridCell).
///
/// A grid is ordered, and serialised, by its side in kilometres.
///
/// ```
/// use conflict_events::space::KmGrid;
///
/// let grid = KmGrid::new(25)?;
/// // Kayes, Mali: about 14.45° N, 11.44° W.
/// let cell = grid.cell(14.45, -11.44);
/// let near = cell.map(|c| c.centre()).map(|(lat, lon)| {
///     (lat - 14.45).abs() < 0.15 && (lon + 11.44).abs() < 0.15
/// });
/// assert_eq!(near, Some(true));
/// assert_eq!(cell.map(|c| c.grid()), Some(grid));
/// assert_eq!(grid.cell(91.0, 0.0), None);
/// assert!(KmGrid::new(0).is_err());
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct KmGrid(u16);

impl KmGrid {
    /// The grid of ACLED's Conflict Index, of cells of about 10 km × 10 km.
    pub const TEN_KM: KmGrid = KmGrid(10);

    /// The grid of cells of about `km` × `km` kilometres.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] for the field `km` unless it is from 1 to
    /// 1000.
    pub fn new(km: u32) -> Result<KmGrid, Error> {
        u16::try_from(km)
            .ok()
            .filter(|km| (1..=MAX_KM).contains(km))
            .map(KmGrid)
            .ok_or_else(|| {
                Error::invalid(
                    "km",
                    "a whole number of kilometres from 1 to 1000",
                    km.to_string(),
                )
            })
    }

    /// The side of a cell, in kilometres.
    pub fn km(self) -> u32 {
        u32::from(self.0)
    }

    /// The cell holding the point at `lat`, `lon` (degrees); `None` when
    /// either is not finite or out of range.
    ///
    /// Cells are closed to the south and west and open to the north and
    /// east, against the edges [`GridCell::bounds`] gives: a point on a
    /// cell's southern or western edge belongs to it, and so does every
    /// point inside its bounds. 90° N belongs to the top row and 180° E to
    /// the column at 180° W.
    pub fn cell(self, lat: f64, lon: f64) -> Option<GridCell> {
        if !(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0) {
            return None;
        }
        let row = self.row_of(lat);
        self.at(row, column_of(lon, self.columns(row)))
    }

    /// The cells whose centre lies inside `area` (degrees, longitude as x
    /// and latitude as y), in row and column order.
    ///
    /// Each polygon is scanned row by row along the latitude of the
    /// row's centres, with the even-odd rule, so holes are left out; a
    /// centre exactly on an edge may fall either way. Coordinates that are
    /// not finite are skipped.
    pub fn cells_centred_in(self, area: &MultiPolygon<f64>) -> Vec<GridCell> {
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
            for row in self.row_of(south.clamp(-90.0, 90.0))..=self.row_of(north.clamp(-90.0, 90.0))
            {
                let y = self.row_middle(row);
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
                let n = self.columns(row);
                let width = 360.0 / f64::from(n);
                // Columns whose centre -180 + (c + 0.5) · width lies in [west, east).
                let first_col = |x: f64| {
                    let c = ((x + 180.0) / width - 0.5).ceil();
                    c.clamp(0.0, f64::from(n)) as u32
                };
                for pair in crossings.chunks_exact(2) {
                    let cols = first_col(pair[0])..first_col(pair[1]);
                    cells.extend(cols.filter_map(|col| self.at(row, col)));
                }
            }
        }
        cells.sort_unstable();
        cells.dedup();
        cells
    }

    /// The height of a row, in degrees of latitude.
    fn row_degrees(self) -> f64 {
        f64::from(self.0) / KM_PER_DEGREE
    }

    /// How many rows there are: the last is the narrow one ending at 90° N.
    fn rows(self) -> u32 {
        (180.0 / self.row_degrees()).ceil() as u32
    }

    /// The row holding latitude `lat` (in range).
    fn row_of(self, lat: f64) -> u32 {
        row_of(lat, self.row_degrees(), self.rows())
    }

    /// The southern and northern edges of a row: the northern edge is the
    /// next row's southern edge, or 90° for the top row, so rows meet with
    /// no gap or overlap.
    fn row_edges(self, row: u32) -> (f64, f64) {
        let height = self.row_degrees();
        let north = if row + 1 >= self.rows() {
            90.0
        } else {
            row_south(row + 1, height).min(90.0)
        };
        (row_south(row, height), north)
    }

    /// The latitude midway between a row's edges.
    fn row_middle(self, row: u32) -> f64 {
        let (south, north) = self.row_edges(row);
        (south + north) / 2.0
    }

    /// How many columns a row has.
    fn columns(self, row: u32) -> u32 {
        let around =
            360.0 * KM_PER_DEGREE * self.row_middle(row).to_radians().cos() / f64::from(self.0);
        (around.round().max(1.0)) as u32
    }

    /// More columns than any row has: those of a row on the equator, plus
    /// one.
    fn column_bound(self) -> u32 {
        (360.0 * KM_PER_DEGREE / f64::from(self.0)).round() as u32 + 1
    }

    /// The cell at `row`, `col` of this grid; `None` only when they do not
    /// fit the cell's fields, which no row or column of a grid of 1 km or
    /// more reaches.
    fn at(self, row: u32, col: u32) -> Option<GridCell> {
        Some(GridCell {
            km: self.0,
            row: u16::try_from(row).ok()?,
            col: u16::try_from(col).ok()?,
        })
    }

    /// A number for each cell of the grid, in row and column order:
    /// `row · bound + col`, with `bound` more than any row's columns. Below
    /// 20,016 × 40,031 for a grid of 1 km, so within `u32`.
    pub(crate) fn index(self, cell: GridCell) -> u32 {
        u32::from(cell.row) * self.column_bound() + u32::from(cell.col)
    }

    /// The cell numbered `index` by [`KmGrid::index`].
    pub(crate) fn cell_at_index(self, index: u32) -> Option<GridCell> {
        let bound = self.column_bound();
        self.at(index / bound, index % bound)
    }

    /// A [`Locator`] for points from latitude `south` to `north`.
    pub(crate) fn locator(self, south: f64, north: f64) -> Locator {
        let rows = self.rows();
        let height = self.row_degrees();
        let (first, last) = if south <= north {
            (
                row_of(south.clamp(-90.0, 90.0), height, rows),
                row_of(north.clamp(-90.0, 90.0), height, rows),
            )
        } else {
            (0, 0)
        };
        Locator {
            grid: self,
            height,
            rows,
            bound: self.column_bound(),
            first,
            columns: (first..=last).map(|row| self.columns(row)).collect(),
        }
    }
}

/// The southern edge of row `row` in rows of `height` degrees.
fn row_south(row: u32, height: f64) -> f64 {
    -90.0 + f64::from(row) * height
}

/// The western edge of column `col` in columns of `width` degrees.
fn column_west(col: u32, width: f64) -> f64 {
    -180.0 + f64::from(col) * width
}

/// The row holding latitude `lat` (in range) in rows of `height` degrees,
/// `rows` of them: the last row whose southern edge, [`row_south`], is at
/// or south of `lat`.
fn row_of(lat: f64, height: f64, rows: u32) -> u32 {
    // `lat + 90` is not negative, so the cast takes the floor (and is
    // quicker than `floor`, a call on some targets).
    let mut row = (((lat + 90.0) / height) as u32).min(rows - 1);
    // The sum and the quotient may round across an edge (they do for
    // some edges of every grid): settle against the exact edges.
    while row > 0 && lat < row_south(row, height) {
        row -= 1;
    }
    while row + 1 < rows && lat >= row_south(row + 1, height) {
        row += 1;
    }
    row
}

/// The column holding longitude `lon` (in range) in a row of `n` columns:
/// the last column whose western edge, [`column_west`], is at or west of
/// `lon`; 180° E is the column at 180° W.
fn column_of(lon: f64, n: u32) -> u32 {
    if lon >= 180.0 {
        return 0;
    }
    let width = 360.0 / f64::from(n);
    // Not negative, so the cast takes the floor.
    let mut col = (((lon + 180.0) / width) as u32).min(n - 1);
    // As for rows: settle against the exact edges.
    while col > 0 && lon < column_west(col, width) {
        col -= 1;
    }
    while col + 1 < n && lon >= column_west(col + 1, width) {
        col += 1;
    }
    col
}

/// A grid's rows over a band of latitudes, with the columns of each worked
/// out once, to place many points: [`Locator::index`] is
/// [`KmGrid::cell`] then [`KmGrid::index`], without a cosine a point.
pub(crate) struct Locator {
    grid: KmGrid,
    height: f64,
    rows: u32,
    bound: u32,
    /// The first row of the band.
    first: u32,
    /// The columns of each row of the band.
    columns: Vec<u32>,
}

impl Locator {
    /// The number [`KmGrid::index`] gives the cell holding `lat`, `lon`;
    /// `None` when [`KmGrid::cell`] gives none. Rows outside the band
    /// have their columns worked out on the spot.
    pub(crate) fn index(&self, lat: f64, lon: f64) -> Option<u32> {
        if !(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0) {
            return None;
        }
        let row = row_of(lat, self.height, self.rows);
        let n = row
            .checked_sub(self.first)
            .and_then(|k| self.columns.get(k as usize))
            .copied()
            .unwrap_or_else(|| self.grid.columns(row));
        Some(row * self.bound + column_of(lon, n))
    }
}

impl TryFrom<u32> for KmGrid {
    type Error = Error;

    /// The grid of cells of `km` kilometres.
    ///
    /// # Errors
    ///
    /// As [`KmGrid::new`].
    fn try_from(km: u32) -> Result<Self, Error> {
        KmGrid::new(km)
    }
}

impl From<KmGrid> for u32 {
    fn from(grid: KmGrid) -> u32 {
        grid.km()
    }
}

/// One cell of a [`KmGrid`], which it carries: a cell knows its own size,
/// centre and edges.
///
/// Cells are ordered by grid, then row (from the south), then column (from
/// the west), and serialised as `{"km": 10, "row": 1002, "col": 2003}`.
///
/// ```
/// use conflict_events::space::KmGrid;
///
/// let cell = KmGrid::TEN_KM.cell(0.2, 0.2);
/// assert_eq!(cell.map(|c| (c.row(), c.col())), Some((1002, 2003)));
/// let inside = cell.map(|c| c.bounds()).map(|(south, west, north, east)| {
///     south <= 0.2 && 0.2 < north && west <= 0.2 && 0.2 < east
/// });
/// assert_eq!(inside, Some(true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct GridCell {
    km: u16,
    row: u16,
    col: u16,
}

impl GridCell {
    /// The grid the cell belongs to.
    pub fn grid(self) -> KmGrid {
        KmGrid(self.km)
    }

    /// The row, from 0 at the South Pole.
    pub fn row(self) -> u32 {
        u32::from(self.row)
    }

    /// The column, from 0 at 180° W.
    pub fn col(self) -> u32 {
        u32::from(self.col)
    }

    /// The centre as (latitude, longitude) in degrees: the middle of the
    /// cell's latitudes and of its longitudes.
    pub fn centre(self) -> (f64, f64) {
        let grid = self.grid();
        let width = 360.0 / f64::from(grid.columns(self.row()));
        (
            grid.row_middle(self.row()),
            -180.0 + (f64::from(self.col) + 0.5) * width,
        )
    }

    /// The edges as (south, west, north, east) in degrees.
    ///
    /// A cell's northern (eastern) edge is the southern (western) edge of
    /// the cell beyond it, exactly, or 90° (180°) at the map's edge, so the
    /// cells of a grid tile the map with no gap or overlap; and
    /// [`KmGrid::cell`] places a point by comparing it with these edges.
    pub fn bounds(self) -> (f64, f64, f64, f64) {
        let grid = self.grid();
        let n = grid.columns(self.row());
        let width = 360.0 / f64::from(n);
        let (south, north) = grid.row_edges(self.row());
        let col = u32::from(self.col);
        let east = if col + 1 >= n {
            180.0
        } else {
            column_west(col + 1, width).min(180.0)
        };
        (south, column_west(col, width), north, east)
    }
}

#[cfg(test)]
mod tests {
    use geo_types::{LineString, Polygon};

    use super::*;

    const TEN: KmGrid = KmGrid::TEN_KM;

    fn grid(km: u32) -> KmGrid {
        KmGrid::new(km).unwrap_or(KmGrid::TEN_KM)
    }

    #[test]
    fn the_grid_has_2002_rows_and_4003_columns_at_the_equator() {
        assert_eq!(TEN.rows(), 2002);
        assert_eq!(TEN.columns(TEN.row_of(0.0)), 4003);
        // The top row, 89.954° to 90°, is 1.6 cells round: 2 columns.
        assert_eq!(TEN.columns(TEN.rows() - 1), 2);
    }

    #[test]
    fn cells_are_about_ten_km_square_away_from_the_poles() {
        for lat in [-60.0, -30.0, 0.0, 14.45, 45.0, 70.0] {
            let Some(cell) = TEN.cell(lat, 10.0) else {
                panic!("{lat} has no cell");
            };
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
        let top = TEN.cell(90.0, 180.0).map(|c| (c.row(), c.col()));
        assert_eq!(top, Some((2001, 0)));
        let bottom = TEN.cell(-90.0, -180.0).map(|c| (c.row(), c.col()));
        assert_eq!(bottom, Some((0, 0)));
        assert_eq!(TEN.cell(f64::NAN, 0.0), None);
        assert_eq!(TEN.cell(0.0, 180.5), None);
        let east = TEN.cell(0.0, 179.99).map(GridCell::col);
        assert_eq!(east, Some(4002));
    }

    #[test]
    fn a_point_lies_inside_its_cell() {
        for km in [1, 10, 25, 50, 1000] {
            for (lat, lon) in [(14.45, -11.44), (-33.9, 151.2), (0.0, 0.0), (89.99, 3.0)] {
                let Some(cell) = grid(km).cell(lat, lon) else {
                    panic!("{lat}, {lon} has no cell");
                };
                let (south, west, north, east) = cell.bounds();
                assert!(south <= lat && lat <= north && west <= lon && lon < east);
                assert_eq!(cell.grid().km(), km);
            }
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
        let cells = TEN.cells_centred_in(&area);
        for cell in &cells {
            let (lat, lon) = cell.centre();
            assert!((0.0..1.0).contains(&lat) && (0.0..1.0).contains(&lon));
            assert!(!((0.4..0.6).contains(&lat) && (0.4..0.6).contains(&lon)));
        }
        // About 111 km by 111 km less 22 km by 22 km: some 120 cells.
        assert!((110..=135).contains(&cells.len()), "{}", cells.len());
    }

    #[test]
    fn a_25_km_grid_has_the_cells_centred_in_a_square_worked_out_by_hand() {
        // 0.1° to 1.1° both ways, less 0.6° to 0.8° both ways.
        let square = |w: f64, s: f64, e: f64, n: f64| {
            LineString::from(vec![(w, s), (e, s), (e, n), (w, n), (w, s)])
        };
        let area = MultiPolygon(vec![Polygon::new(
            square(0.1, 0.1, 1.1, 1.1),
            vec![square(0.6, 0.6, 0.8, 0.8)],
        )]);
        // Rows of 0.224830°: the middles of rows 401 to 404 are 0.2693°,
        // 0.4941°, 0.7189° and 0.9438° (row 405's, 1.1686°, is out). Each
        // has 1601 columns of 0.224859°, whose centres -180 + (c + 0.5) ·
        // 0.224859 are 0.2249°, 0.4497°, 0.6746° and 0.8994° for columns
        // 801 to 804 (805's, 1.1243°, is out). The hole holds the centre
        // of row 403, column 803 alone.
        let got: Vec<(u32, u32)> = grid(25)
            .cells_centred_in(&area)
            .iter()
            .map(|c| (c.row(), c.col()))
            .collect();
        let expected: Vec<(u32, u32)> = (401..=404)
            .flat_map(|row| (801..=804).map(move |col| (row, col)))
            .filter(|cell| *cell != (403, 803))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn grid_sizes_from_1_to_1000_km_are_accepted() {
        assert_eq!(KmGrid::new(10).map(KmGrid::km).ok(), Some(10));
        assert_eq!(KmGrid::new(1).map(KmGrid::km).ok(), Some(1));
        assert_eq!(KmGrid::new(1000).map(KmGrid::km).ok(), Some(1000));
        for km in [0, 1001, 65_546, u32::MAX] {
            let Err(error) = KmGrid::new(km) else {
                panic!("{km} km is not a grid");
            };
            assert_eq!(
                error.to_string(),
                format!("km: expected a whole number of kilometres from 1 to 1000, found {km}")
            );
        }
    }

    #[test]
    fn a_25_km_grid_has_801_rows_and_1601_columns_at_the_equator() {
        let g = grid(25);
        // 180° is 180 · 111.195 = 20,015.1 km: 800.6 rows of 25 km.
        assert_eq!(g.rows(), 801);
        // The equator is in row floor(90 · 111.195 / 25) = 400; its
        // circle, 40,030.2 km, is 1,601.2 cells of 25 km.
        assert_eq!(g.row_of(0.0), 400);
        assert_eq!(g.columns(400), 1601);
        // The top row, 89.864° to 90°, is 1.9 cells round: 2 columns.
        assert_eq!(g.columns(800), 2);
    }

    #[test]
    fn cells_of_a_25_km_grid_are_25_km_high_and_about_25_km_wide() {
        let g = grid(25);
        for lat in [-75.0, -60.0, -30.0, -0.1, 0.0, 14.45, 45.0, 60.0, 75.0] {
            for lon in [-180.0, -11.44, 0.0, 100.0, 179.9] {
                let Some(cell) = g.cell(lat, lon) else {
                    panic!("{lat}, {lon} has no cell");
                };
                let (south, west, north, east) = cell.bounds();
                let mid = ((south + north) / 2.0).to_radians();
                let high = (north - south) * KM_PER_DEGREE;
                let wide = (east - west) * KM_PER_DEGREE * mid.cos();
                assert!((high - 25.0).abs() < 1e-9, "{lat}: {high}");
                assert!((wide - 25.0).abs() < 0.1, "{lat}: {wide}");
            }
        }
    }

    #[test]
    fn cells_know_their_grid_and_order_by_it_first() {
        let (Some(ten), Some(coarse)) = (TEN.cell(0.2, 0.2), grid(25).cell(-80.0, -170.0)) else {
            panic!("both points have cells");
        };
        assert_eq!(ten.grid(), TEN);
        assert_eq!((ten.row(), ten.col()), (1002, 2003));
        // The 10 km cell comes first though its row and column are higher.
        assert!(ten < coarse);
        assert!(coarse.row() < ten.row());
    }

    #[test]
    fn cells_and_grids_serialise_as_documented() -> Result<(), serde_json::Error> {
        let cell = TEN.cell(0.2, 0.2);
        assert_eq!(
            serde_json::to_string(&cell)?,
            r#"{"km":10,"row":1002,"col":2003}"#
        );
        assert_eq!(serde_json::to_string(&TEN)?, "10");
        assert_eq!(serde_json::from_str::<KmGrid>("25").ok(), Some(grid(25)));
        assert!(serde_json::from_str::<KmGrid>("0").is_err());
        Ok(())
    }

    #[test]
    fn the_cell_index_counts_in_row_and_column_order_and_reads_back() {
        for km in [1, 10, 25, 1000] {
            let g = grid(km);
            let cells: Vec<GridCell> = [
                (-90.0, -180.0),
                (0.0, 0.0),
                (0.0, 0.1),
                (1.0, 179.0),
                (90.0, 179.9),
            ]
            .into_iter()
            .filter_map(|(lat, lon)| g.cell(lat, lon))
            .collect();
            let indexes: Vec<u32> = cells.iter().map(|c| g.index(*c)).collect();
            assert!(indexes.is_sorted(), "{km}: {indexes:?}");
            for (cell, index) in cells.iter().zip(&indexes) {
                assert_eq!(g.cell_at_index(*index), Some(*cell));
            }
        }
        // The largest index, on the 1 km grid, is within u32.
        let fine = grid(1);
        assert_eq!(fine.rows(), 20_016);
        assert_eq!(fine.column_bound(), 40_031);
    }

    /// The cell of the 10 km grid as the crate first computed it, with its
    /// constants and `floor`, to check that the general grid kept it.
    fn first_ten_km_cell(lat: f64, lon: f64) -> (u32, u32) {
        const CELL_KM: f64 = 10.0;
        const ROW_DEGREES: f64 = CELL_KM / KM_PER_DEGREE;
        let rows = (180.0 / ROW_DEGREES).ceil() as u32;
        let row = (((lat + 90.0) / ROW_DEGREES).floor().max(0.0) as u32).min(rows - 1);
        let south = -90.0 + f64::from(row) * ROW_DEGREES;
        let middle = (south + (south + ROW_DEGREES).min(90.0)) / 2.0;
        let around = 360.0 * KM_PER_DEGREE * middle.to_radians().cos() / CELL_KM;
        let n = (around.round().max(1.0)) as u32;
        let width = 360.0 / f64::from(n);
        let col = (((lon + 180.0) / width).floor() as u32).min(n) % n;
        (row, col)
    }

    #[test]
    fn every_cell_of_three_grids_holds_its_south_west_corner() {
        // Placed by the quotient `(lat + 90) / height` alone, with no
        // settling, the corners of 970 of the 4,602 cells of the 333 km
        // grid fall in a neighbour.
        for km in [25, 333, 1000] {
            let g = grid(km);
            for row in 0..g.rows() {
                for col in 0..g.columns(row) {
                    let Some(cell) = g.at(row, col) else {
                        panic!("{km} km: {row}/{col} is a cell");
                    };
                    let (south, west, _, _) = cell.bounds();
                    assert_eq!(g.cell(south, west), Some(cell), "{km} km: {row}/{col}");
                }
            }
        }
    }

    #[test]
    fn neighbouring_cells_share_their_edges_exactly() {
        for km in [1, 7, 10, 25, 333] {
            let g = grid(km);
            for row in [0, 1, g.rows() / 2, g.rows() - 2] {
                let (_, north) = g.row_edges(row);
                let (south, _) = g.row_edges(row + 1);
                assert_eq!(north.to_bits(), south.to_bits(), "{km} km: row {row}");
                let n = g.columns(row);
                for col in [0, n / 2, n - 2] {
                    let (Some(a), Some(b)) = (g.at(row, col), g.at(row, col + 1)) else {
                        panic!("{km} km: {row}/{col} is a cell");
                    };
                    assert_eq!(a.bounds().3.to_bits(), b.bounds().1.to_bits());
                }
            }
            let top = g.at(g.rows() - 1, 0).map(GridCell::bounds);
            assert_eq!(top.map(|b| (b.1, b.2)), Some((-180.0, 90.0)));
            let last = g.columns(0) - 1;
            assert_eq!(g.at(0, last).map(|c| c.bounds().3), Some(180.0));
        }
    }

    #[test]
    fn a_point_just_west_of_180_is_in_the_last_column() {
        // The last double below 180 is 180 − 2⁻⁴⁵, but `lon + 180` rounds
        // to 360, whose quotient by 360 / 4003 is 4003, one past the last
        // column, 4002. 180° E itself is in column 0, as documented.
        let lon = 180.0f64.next_down();
        assert_eq!(TEN.cell(0.0, lon).map(GridCell::col), Some(4002));
        assert_eq!(TEN.cell(0.0, 180.0).map(GridCell::col), Some(0));
    }

    proptest::proptest! {
        #[test]
        fn the_ten_km_grid_keeps_the_cells_it_had(
            lat in -90.0..=90.0f64,
            lon in -180.0..=180.0f64,
        ) {
            let cell = TEN.cell(lat, lon).map(|c| (c.row(), c.col()));
            proptest::prop_assert_eq!(cell, Some(first_ten_km_cell(lat, lon)));
        }

        #[test]
        fn a_cell_holds_its_south_west_corner_and_every_point_inside(
            km in 1..=1000u32,
            at in (0.0..1.0f64, 0.0..1.0f64),
            inside in (0.001..0.999f64, 0.001..0.999f64),
        ) {
            let g = grid(km);
            let row = ((at.0 * f64::from(g.rows())) as u32).min(g.rows() - 1);
            let n = g.columns(row);
            let col = ((at.1 * f64::from(n)) as u32).min(n - 1);
            let cell = g.at(row, col);
            proptest::prop_assert!(cell.is_some());
            let (south, west, north, east) = cell.map_or((0.0, 0.0, 0.0, 0.0), GridCell::bounds);
            proptest::prop_assert_eq!(g.cell(south, west), cell);
            let lat = south + inside.0 * (north - south);
            let lon = west + inside.1 * (east - west);
            proptest::prop_assert!(south < lat && lat < north && west < lon && lon < east);
            proptest::prop_assert_eq!(g.cell(lat, lon), cell, "{}, {}", lat, lon);
        }

        #[test]
        fn a_locator_numbers_points_as_cell_and_index_do(
            km in 1..=1000u32,
            band in (-90.0..=90.0f64, -90.0..=90.0f64),
            lat in -90.0..=90.0f64,
            lon in -180.0..=180.0f64,
        ) {
            let g = grid(km);
            // Points in the band and out of it, and off the map.
            let locator = g.locator(band.0.min(band.1), band.0.max(band.1));
            let expected = g.cell(lat, lon).map(|c| g.index(c));
            proptest::prop_assert_eq!(locator.index(lat, lon), expected);
            proptest::prop_assert_eq!(locator.index(lat + 180.0, lon), None);
            proptest::prop_assert_eq!(g.locator(1.0, -1.0).index(lat, lon), expected);
        }
    }
}
