//! A boundary made ready for many point-in-polygon tests.
//!
//! `geo`'s `Contains` walks every edge of a polygon for each point, and its
//! interval-tree multipolygon answers "strictly inside" only, so a point on
//! a border shared by two regions would fall in neither. A [`Prepared`]
//! boundary keeps its edges in horizontal bands and counts crossings by a
//! half-open rule that gives every point of a shared border to exactly one
//! side.

use geo_types::MultiPolygon;

/// One edge, its end points ordered by latitude (`y0 < y1`).
#[derive(Debug, Clone, Copy)]
struct Edge {
    x0: f64,
    y0: f64,
    y1: f64,
    /// Longitude change per degree of latitude along the edge.
    slope: f64,
    /// The eastern end's longitude: a point east of it cannot see the edge.
    x_max: f64,
}

impl Edge {
    /// The edge from `a` to `b`, in latitude order; `None` when it runs
    /// along a parallel (it never crosses a ray along one) or is not finite.
    fn new(a: (f64, f64), b: (f64, f64)) -> Option<Edge> {
        let ((x0, y0), (x1, y1)) = match a.1.total_cmp(&b.1) {
            std::cmp::Ordering::Less => (a, b),
            std::cmp::Ordering::Greater => (b, a),
            std::cmp::Ordering::Equal => return None,
        };
        let finite = x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite();
        finite.then(|| Edge {
            x0,
            y0,
            y1,
            slope: (x1 - x0) / (y1 - y0),
            x_max: x0.max(x1),
        })
    }

    /// Whether a ray from (`x`, `y`) towards the east crosses the edge,
    /// counting the southern end but not the northern one.
    #[inline]
    fn crossed_by(&self, x: f64, y: f64) -> bool {
        self.y0 <= y && y < self.y1 && x < self.x_max && x < self.x0 + (y - self.y0) * self.slope
    }
}

/// A multipolygon made ready for fast and deterministic point-in-polygon
/// tests: each of its polygons apart, so that parts that overlap (which a
/// valid multipolygon has not, but files do) still hold their points.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    parts: Vec<Part>,
    south: f64,
    north: f64,
    west: f64,
    east: f64,
}

/// One polygon's edges (its exterior and its holes) in horizontal bands.
#[derive(Debug, Clone)]
struct Part {
    /// The edges of band `k` are `edges_by_band[starts[k]..starts[k + 1]]`,
    /// copied into each band they cross so that a test reads one run.
    starts: Vec<usize>,
    edges_by_band: Vec<Edge>,
    /// Edges that cross more than [`LONG`] bands, tested at every point,
    /// so that a polygon of many tall edges (a comb) does not fill its
    /// bands quadratically.
    long: Vec<Edge>,
    south: f64,
    north: f64,
    west: f64,
    east: f64,
    /// Bands per degree of latitude.
    scale: f64,
}

/// How many bands an edge may be copied into.
const LONG: usize = 16;

impl Prepared {
    /// Prepares `area`: every polygon, its holes by the even-odd rule.
    /// Edges with a coordinate that is not finite are left out; `None` when
    /// no polygon has an edge left.
    pub(crate) fn new(area: &MultiPolygon<f64>) -> Option<Prepared> {
        let parts: Vec<Part> = area.iter().filter_map(Part::new).collect();
        let fold = |init: f64, pick: fn(&Part) -> f64, f: fn(f64, f64) -> f64| {
            parts.iter().map(pick).fold(init, f)
        };
        if parts.is_empty() {
            return None;
        }
        let (south, north) = (
            fold(f64::INFINITY, |p| p.south, f64::min),
            fold(f64::NEG_INFINITY, |p| p.north, f64::max),
        );
        let (west, east) = (
            fold(f64::INFINITY, |p| p.west, f64::min),
            fold(f64::NEG_INFINITY, |p| p.east, f64::max),
        );
        Some(Prepared {
            parts,
            south,
            north,
            west,
            east,
        })
    }

    /// Whether the point (`x` longitude, `y` latitude) is inside one of the
    /// polygons. A point on an edge is inside when the area lies to its
    /// east (or, on an edge along a parallel, to its north): of two regions
    /// sharing a border point for point, exactly one holds it.
    #[inline]
    pub(crate) fn contains(&self, x: f64, y: f64) -> bool {
        y >= self.south
            && y < self.north
            && x >= self.west
            && x < self.east
            && self.parts.iter().any(|part| part.contains(x, y))
    }

    /// The bounding box as (west, south, east, north).
    pub(crate) fn bounds(&self) -> (f64, f64, f64, f64) {
        (self.west, self.south, self.east, self.north)
    }
}

impl Part {
    fn new(polygon: &geo_types::Polygon<f64>) -> Option<Part> {
        let mut edges = Vec::new();
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for line in ring.lines() {
                edges.extend(Edge::new(
                    (line.start.x, line.start.y),
                    (line.end.x, line.end.y),
                ));
            }
        }
        if edges.is_empty() {
            return None;
        }
        let south = edges.iter().map(|e| e.y0).fold(f64::INFINITY, f64::min);
        let north = edges.iter().map(|e| e.y1).fold(f64::NEG_INFINITY, f64::max);
        // An edge's western end is its southern or its northern one.
        let west = edges
            .iter()
            .map(|e| e.x0.min(e.x0 + (e.y1 - e.y0) * e.slope))
            .fold(f64::INFINITY, f64::min);
        let east = edges
            .iter()
            .map(|e| e.x_max)
            .fold(f64::NEG_INFINITY, f64::max);
        // One band per edge: a band then holds a handful.
        let bands = edges.len().clamp(1, 1 << 16);
        let scale = bands as f64 / (north - south);
        let band_of = |y: f64| (((y - south) * scale) as usize).min(bands - 1);
        let (long, short): (Vec<Edge>, Vec<Edge>) = edges
            .into_iter()
            .partition(|e| band_of(e.y1) - band_of(e.y0) >= LONG);
        let mut starts = vec![0usize; bands + 1];
        for e in &short {
            for k in band_of(e.y0)..=band_of(e.y1) {
                starts[k + 1] += 1;
            }
        }
        for k in 0..bands {
            starts[k + 1] += starts[k];
        }
        let mut fill: Vec<usize> = starts[..bands].to_vec();
        let mut edges_by_band = Vec::new();
        if let Some(first) = short.first() {
            edges_by_band = vec![*first; starts[bands]];
        }
        for e in &short {
            for slot in &mut fill[band_of(e.y0)..=band_of(e.y1)] {
                edges_by_band[*slot] = *e;
                *slot += 1;
            }
        }
        Some(Part {
            starts,
            edges_by_band,
            long,
            south,
            north,
            west,
            east,
            scale,
        })
    }

    #[inline]
    fn contains(&self, x: f64, y: f64) -> bool {
        if !(y >= self.south && y < self.north && x >= self.west && x < self.east) {
            return false;
        }
        let band = (((y - self.south) * self.scale) as usize).min(self.starts.len() - 2);
        let (a, b) = (self.starts[band], self.starts[band + 1]);
        let mut inside = false;
        for e in self.edges_by_band[a..b].iter().chain(&self.long) {
            inside ^= e.crossed_by(x, y);
        }
        inside
    }
}

#[cfg(test)]
mod tests {
    use geo::Contains;
    use geo_types::{LineString, Point, Polygon};
    use proptest::prelude::*;

    use super::*;

    fn square(w: f64, s: f64, e: f64, n: f64) -> LineString<f64> {
        LineString::from(vec![(w, s), (e, s), (e, n), (w, n), (w, s)])
    }

    fn area(exterior: LineString<f64>, holes: Vec<LineString<f64>>) -> MultiPolygon<f64> {
        MultiPolygon(vec![Polygon::new(exterior, holes)])
    }

    #[test]
    fn a_square_with_a_hole() {
        let a = area(square(0.0, 0.0, 4.0, 4.0), vec![square(1.0, 1.0, 2.0, 2.0)]);
        let p = Prepared::new(&a).unwrap_or_else(|| panic!("edges"));
        assert!(p.contains(0.5, 0.5));
        assert!(p.contains(3.0, 3.0));
        assert!(!p.contains(1.5, 1.5));
        assert!(!p.contains(5.0, 1.0));
        assert!(!p.contains(-0.1, 1.0));
        assert_eq!(p.bounds(), (0.0, 0.0, 4.0, 4.0));
    }

    #[test]
    fn the_western_tip_may_be_a_northern_end() {
        // The westernmost vertex, (0, 3), ends both its edges at the north.
        let a = area(
            LineString::from(vec![(1.0, 0.0), (2.0, 1.0), (0.0, 3.0), (1.0, 0.0)]),
            vec![],
        );
        let p = Prepared::new(&a).unwrap_or_else(|| panic!("edges"));
        assert_eq!(p.bounds(), (0.0, 0.0, 2.0, 3.0));
        assert!(p.contains(0.2, 2.5));
    }

    #[test]
    fn overlapping_parts_each_hold_their_points() {
        let a = MultiPolygon(vec![
            Polygon::new(square(0.0, 0.0, 2.0, 2.0), vec![]),
            Polygon::new(square(1.0, 1.0, 3.0, 3.0), vec![]),
        ]);
        let p = Prepared::new(&a).unwrap_or_else(|| panic!("edges"));
        assert!(p.contains(1.5, 1.5));
        assert!(p.contains(0.5, 0.5) && p.contains(2.5, 2.5));
        assert!(!p.contains(2.5, 0.5));
        assert_eq!(p.bounds(), (0.0, 0.0, 3.0, 3.0));
    }

    #[test]
    fn a_comb_of_tall_teeth_stays_linear() {
        // 20,000 teeth, each two edges from y = 0 to y = 1: every edge is
        // long, so none is copied into bands.
        let teeth = 20_000;
        let mut ring = vec![(0.0, -1.0)];
        for t in 0..teeth {
            let x = f64::from(t) * 2.0;
            ring.extend([(x, 1.0), (x + 1.0, 1.0), (x + 1.0, 0.0), (x + 2.0, 0.0)]);
        }
        ring.extend([(f64::from(teeth) * 2.0, -1.0), (0.0, -1.0)]);
        let a = area(LineString::from(ring), vec![]);
        let p = Prepared::new(&a).unwrap_or_else(|| panic!("edges"));
        let part = &p.parts[0];
        assert_eq!(part.long.len(), 2 * 20_000 + 1);
        assert!(
            part.edges_by_band.len() < 100,
            "{}",
            part.edges_by_band.len()
        );
        assert!(p.contains(0.5, 0.5) && p.contains(4.5, 0.5));
        assert!(!p.contains(1.5, 0.5));
        assert!(p.contains(1.5, -0.5));
    }

    #[test]
    fn a_shared_border_belongs_to_exactly_one_side() {
        // Four unit squares meeting at (1, 1), the western ones drawn
        // clockwise and the eastern ones counter-clockwise.
        let cw = |w: f64, s: f64| {
            LineString::from(vec![
                (w, s),
                (w, s + 1.0),
                (w + 1.0, s + 1.0),
                (w + 1.0, s),
                (w, s),
            ])
        };
        let squares = [
            area(cw(0.0, 0.0), vec![]),
            area(square(1.0, 0.0, 2.0, 1.0), vec![]),
            area(cw(0.0, 1.0), vec![]),
            area(square(1.0, 1.0, 2.0, 2.0), vec![]),
        ];
        let prepared: Vec<Prepared> = squares.iter().filter_map(Prepared::new).collect();
        let holders = |x: f64, y: f64| -> Vec<usize> {
            (0..4).filter(|&k| prepared[k].contains(x, y)).collect()
        };
        // On the shared meridian: the eastern side; on the shared parallel:
        // the northern side; the common corner: the north-eastern square.
        assert_eq!(holders(1.0, 0.5), [1]);
        assert_eq!(holders(0.5, 1.0), [2]);
        assert_eq!(holders(1.0, 1.0), [3]);
        assert_eq!(holders(1.5, 1.0), [3]);
    }

    #[test]
    fn a_slanted_shared_edge_is_decided_once() {
        // Two triangles sharing the diagonal from (0, 0) to (1, 3), each
        // listing it in its own direction.
        let west = area(
            LineString::from(vec![(0.0, 0.0), (1.0, 3.0), (0.0, 3.0), (0.0, 0.0)]),
            vec![],
        );
        let east = area(
            LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 3.0), (0.0, 0.0)]),
            vec![],
        );
        let (w, e) = match (Prepared::new(&west), Prepared::new(&east)) {
            (Some(w), Some(e)) => (w, e),
            _ => panic!("edges"),
        };
        for k in 1..300 {
            let y = f64::from(k) * 0.01;
            let x = y / 3.0;
            assert!(
                w.contains(x, y) != e.contains(x, y),
                "({x}, {y}) is in both or neither"
            );
        }
    }

    proptest! {
        #[test]
        fn agrees_with_geo_off_the_border(x in -1.0..5.0f64, y in -1.0..5.0f64) {
            let a = area(
                LineString::from(vec![(0.0, 0.0), (4.0, 0.5), (3.0, 4.0), (2.0, 1.5), (0.5, 3.5), (0.0, 0.0)]),
                vec![LineString::from(vec![(2.5, 1.0), (3.0, 1.0), (3.0, 2.0), (2.5, 1.0)])],
            );
            let p = Prepared::new(&a).unwrap_or_else(|| panic!("edges"));
            let geo_says = a.contains(&Point::new(x, y));
            let on_border = !geo_says && geo::Intersects::intersects(&a, &Point::new(x, y));
            if !on_border {
                prop_assert_eq!(p.contains(x, y), geo_says);
            }
        }
    }
}
