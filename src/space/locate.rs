//! Which region holds a point.

use geo::{Closest, Distance, Haversine, HaversineClosestPoint};
use geo_types::{Line, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::polygon::Prepared;
use crate::{Dataset, Region, RegionId};

/// A region's boundary, ready for tests.
#[derive(Debug, Clone)]
struct Shape {
    region: RegionId,
    level: u8,
    prepared: Prepared,
}

/// An index of region boundaries that finds the smallest region holding a
/// point: an R-tree ([`rstar`]) over the boundaries' bounding boxes picks
/// the candidates, and an exact point-in-polygon test decides.
///
/// Only regions with a [boundary](Region::boundary) take part. Where
/// several hold a point, the one of the highest admin level wins (a cercle
/// before its region); among regions of one level, a point on a border they
/// share point for point belongs to the region east of it (north of it on
/// a border along a parallel), so every point of such a border falls in
/// exactly one; where boundaries overlap, the region with the lowest id
/// wins.
///
/// ```
/// use conflict_events::space::RegionIndex;
/// use conflict_events::{AdminLevel, DatasetBuilder, Region};
/// use geo_types::{MultiPolygon, Polygon, LineString};
///
/// let square = |w: f64, s: f64, e: f64, n: f64| {
///     MultiPolygon(vec![Polygon::new(
///         LineString::from(vec![(w, s), (e, s), (e, n), (w, n), (w, s)]),
///         vec![],
///     )])
/// };
/// let mli = "MLI".parse()?;
/// let mut data = DatasetBuilder::new();
/// let mali = data.add_region(Region::country("Mali", mli).geometry(square(-12.0, 10.0, 4.0, 25.0)));
/// let kayes = data.add_region(
///     Region::new("Kayes", mli, AdminLevel::ADMIN1)
///         .parent(mali)
///         .geometry(square(-12.0, 12.0, -9.0, 16.0)),
/// );
/// let data = data.build()?;
/// let index = RegionIndex::of(&data);
/// assert_eq!(index.locate(13.8065, -10.8321), Some(kayes)); // Bafoulabe
/// assert_eq!(index.locate(16.77, -3.01), Some(mali)); // Timbuktu
/// assert_eq!(index.locate(14.7, -17.4), None); // Dakar
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct RegionIndex {
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, u32>>,
    shapes: Vec<Shape>,
    /// Each region's shape, by region index; `u32::MAX` for none.
    shape_of: Vec<u32>,
}

impl RegionIndex {
    /// An index of `regions`, whose ids are their positions in the slice.
    pub fn new(regions: &[Region]) -> RegionIndex {
        let shapes: Vec<Shape> = regions
            .iter()
            .enumerate()
            .filter_map(|(r, region)| {
                let prepared = Prepared::new(region.boundary()?)?;
                Some(Shape {
                    region: RegionId::new(u32::try_from(r).ok()?),
                    level: region.level().get(),
                    prepared,
                })
            })
            .collect();
        // In the order `locate` prefers them: deepest level first, then id.
        let mut shapes = shapes;
        shapes.sort_by_key(|s| (std::cmp::Reverse(s.level), s.region));
        let boxes = shapes
            .iter()
            .enumerate()
            .map(|(k, shape)| {
                let (west, south, east, north) = shape.prepared.bounds();
                GeomWithData::new(
                    Rectangle::from_corners([west, south], [east, north]),
                    u32::try_from(k).unwrap_or(u32::MAX),
                )
            })
            .collect();
        let mut shape_of = vec![u32::MAX; regions.len()];
        for (k, shape) in shapes.iter().enumerate() {
            shape_of[shape.region.index()] = u32::try_from(k).unwrap_or(u32::MAX);
        }
        RegionIndex {
            tree: RTree::bulk_load(boxes),
            shapes,
            shape_of,
        }
    }

    /// An index of a dataset's regions.
    pub fn of(data: &Dataset) -> RegionIndex {
        RegionIndex::new(data.regions())
    }

    /// How many regions have a boundary in the index.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// The box holding every boundary, as (west, south, east, north) in
    /// degrees; `None` for an empty index.
    pub fn bounds(&self) -> Option<(f64, f64, f64, f64)> {
        let envelope: AABB<[f64; 2]> = self.tree.root().envelope();
        (!self.shapes.is_empty()).then(|| {
            let (lower, upper) = (envelope.lower(), envelope.upper());
            (lower[0], lower[1], upper[0], upper[1])
        })
    }

    /// Whether no region has a boundary.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// The smallest region holding the point at `lat`, `lon` (degrees);
    /// `None` when no boundary holds it or a coordinate is not finite.
    /// Longitude 180° is taken as -180°, the western edge of whatever lies
    /// east of the antimeridian.
    pub fn locate(&self, lat: f64, lon: f64) -> Option<RegionId> {
        self.holders(lat, lon).next().map(|shape| shape.region)
    }

    /// The region of admin level `level` holding the point, when one does.
    pub fn locate_at(&self, lat: f64, lon: f64, level: crate::AdminLevel) -> Option<RegionId> {
        self.holders(lat, lon)
            .find(|shape| shape.level == level.get())
            .map(|shape| shape.region)
    }

    /// Whether `region`'s boundary holds the point, by the rule of
    /// [`locate`](RegionIndex::locate); `false` for a region without one.
    pub fn contains(&self, region: RegionId, lat: f64, lon: f64) -> bool {
        let lon = antimeridian(lon);
        self.shape_of
            .get(region.index())
            .and_then(|&k| self.shapes.get(k as usize))
            .is_some_and(|s| s.prepared.contains(lon, lat))
    }

    /// Whether `region` has a boundary in the index (one with at least one
    /// edge of finite coordinates).
    pub fn has_boundary(&self, region: RegionId) -> bool {
        self.shape_of
            .get(region.index())
            .is_some_and(|&k| (k as usize) < self.shapes.len())
    }

    /// Every region holding the point, in the order [`locate`](RegionIndex::locate)
    /// prefers them (the highest level first, then the lowest id).
    pub(crate) fn holders_in_order(&self, lat: f64, lon: f64) -> smallvec::SmallVec<[RegionId; 4]> {
        self.holders(lat, lon).map(|shape| shape.region).collect()
    }

    /// The shapes whose boundary holds the point, in order of preference:
    /// the shapes are stored in that order, so the candidates' slots sorted.
    fn holders(&self, lat: f64, lon: f64) -> impl Iterator<Item = &Shape> + '_ {
        let lon = antimeridian(lon);
        let mut slots: smallvec::SmallVec<[u32; 16]> = smallvec::SmallVec::new();
        if lat.is_finite() && lon.is_finite() {
            slots.extend(self.tree.locate_all_at_point(&[lon, lat]).map(|c| c.data));
            slots.sort_unstable();
        }
        slots
            .into_iter()
            .filter_map(|k| self.shapes.get(k as usize))
            .filter(move |shape| shape.prepared.contains(lon, lat))
    }
}

/// Longitude 180° as -180°: the same meridian, where a boundary split at
/// the antimeridian (as RFC 7946 asks) has its western edge.
fn antimeridian(lon: f64) -> f64 {
    if lon == 180.0 { -180.0 } else { lon }
}

/// The edges of `region`'s boundary, each with its distance from the
/// point at `lat`, `lon` in a plane of degrees where longitudes are shrunk
/// by the cosine of the latitude (so that near the point a degree is about
/// the same both ways); `None` when the region has no boundary.
fn edges_by_plane_distance(region: &Region, lat: f64, lon: f64) -> Option<Vec<(f64, Line<f64>)>> {
    let boundary = region.boundary()?;
    let k = lat.to_radians().cos().max(1e-9);
    let (px, py) = (lon * k, lat);
    let mut edges = Vec::new();
    for polygon in boundary {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for line in ring.lines() {
                let (ax, ay) = (line.start.x * k, line.start.y);
                let (bx, by) = (line.end.x * k, line.end.y);
                let (dx, dy) = (bx - ax, by - ay);
                let length2 = dx * dx + dy * dy;
                let t = if length2 > 0.0 {
                    (((px - ax) * dx + (py - ay) * dy) / length2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let (cx, cy) = (ax + t * dx, ay + t * dy);
                let d = ((px - cx).powi(2) + (py - cy).powi(2)).sqrt();
                if d.is_finite() {
                    edges.push((d, line));
                }
            }
        }
    }
    Some(edges)
}

/// Whether the point at `lat`, `lon` lies on an edge of `region`'s
/// boundary, as a straight line in longitude and latitude (the test of
/// [`RegionIndex`] counts some border points out).
pub(crate) fn on_boundary(region: &Region, lat: f64, lon: f64) -> bool {
    edges_by_plane_distance(region, lat, lon)
        .is_some_and(|edges| edges.iter().any(|(d, _)| *d <= 1e-12))
}

/// The haversine distance in kilometres from the point at `lat`, `lon` to
/// the nearest point of `region`'s boundary (its edges taken as great-circle
/// arcs, as `geo` measures them); `None` when the region has none. Meant for
/// points known to lie outside: the nearest edges in a local plane are
/// measured on the sphere, not all of them.
pub(crate) fn distance_km(region: &Region, lat: f64, lon: f64) -> Option<f64> {
    let edges = edges_by_plane_distance(region, lat, lon)?;
    let nearest = edges.iter().map(|(d, _)| *d).fold(f64::INFINITY, f64::min);
    // Generous: the plane shrinks longitudes by the point's own latitude,
    // which is off by a little for edges far north or south of it.
    let reach = nearest * 1.5 + 0.01;
    let point = Point::new(lon, lat);
    edges
        .iter()
        .filter(|(d, _)| *d <= reach)
        .filter_map(|(_, line)| match line.haversine_closest_point(&point) {
            Closest::Intersection(_) => Some(0.0),
            Closest::SinglePoint(p) => Some(Haversine.distance(point, p) / 1000.0),
            Closest::Indeterminate => None,
        })
        .reduce(f64::min)
}

#[cfg(test)]
mod tests {
    use geo_types::{LineString, MultiPolygon, Polygon};
    use proptest::prelude::*;

    use super::*;
    use crate::AdminLevel;

    fn region(ring: Vec<(f64, f64)>) -> Region {
        Region::new(
            "R",
            "MLI".parse().unwrap_or_else(|_| panic!("code")),
            AdminLevel::ADMIN1,
        )
        .geometry(MultiPolygon(vec![Polygon::new(
            LineString::from(ring),
            vec![],
        )]))
    }

    #[test]
    fn a_point_on_a_parallel_edge_is_on_the_boundary() {
        let r = region(vec![
            (-12.0, 12.0),
            (-9.0, 12.0),
            (-9.0, 16.0),
            (-12.0, 16.0),
            (-12.0, 12.0),
        ]);
        assert!(on_boundary(&r, 16.0, -10.0));
        assert!(on_boundary(&r, 14.0, -9.0));
        assert!(!on_boundary(&r, 14.0, -10.0));
    }

    proptest! {
        #[test]
        fn the_nearest_edges_give_geos_distance(
            lat in -70.0..70.0f64,
            lon in -30.0..30.0f64,
            base in -60.0..60.0f64,
        ) {
            // An irregular heptagon some degrees across, at latitude `base`.
            let ring: Vec<(f64, f64)> = [
                (0.0, 0.0), (4.0, -1.0), (7.0, 2.0), (6.0, 6.0), (3.0, 4.5), (1.0, 7.0), (-2.0, 3.0), (0.0, 0.0),
            ]
            .iter()
            .map(|&(x, y)| (x, y + base))
            .collect();
            let r = region(ring);
            let Some(boundary) = r.boundary() else { panic!("a boundary") };
            let point = Point::new(lon, lat);
            let full = match boundary.haversine_closest_point(&point) {
                Closest::SinglePoint(p) => Haversine.distance(point, p) / 1000.0,
                _ => 0.0,
            };
            let inside = Prepared::new(boundary).is_some_and(|p| p.contains(lon, lat));
            if !inside && full > 0.0 {
                let ours = distance_km(&r, lat, lon).unwrap_or(f64::NAN);
                prop_assert!((ours - full).abs() < 1e-6 * full.max(1.0), "{ours} vs {full}");
            }
        }
    }
}
