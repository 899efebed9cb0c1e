//! What lies near a point: within a radius, or the k nearest.

use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};
use serde::Serialize;

use super::EARTH_RADIUS_KM;
use crate::{Dataset, IncidentId, SiteId};

/// One thing found near a point, and how far it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Nearby<Id> {
    id: Id,
    km: f64,
}

impl<Id: Copy> Nearby<Id> {
    /// What was found: an [`IncidentId`], a [`SiteId`] or the caller's own id.
    pub fn id(&self) -> Id {
        self.id
    }

    /// The haversine distance from the point asked about, in kilometres.
    pub fn km(&self) -> f64 {
        self.km
    }
}

/// Points indexed for radius and nearest-neighbour queries by haversine
/// distance on a sphere of radius [`EARTH_RADIUS_KM`].
///
/// Each point is kept as a unit vector: the straight-line (chord) distance
/// between two unit vectors grows with the great-circle distance between
/// their points, so a radius or a k-nearest query among the vectors is one
/// on the sphere, exact across the antimeridian and near the poles. The
/// points are grouped in buckets of neighbours (by quarter-degree cell),
/// and an R-tree ([`rstar`]) over the buckets' boxes finds those a query
/// can reach, so it touches only the candidates near the point while the
/// index costs 28 bytes a point. The distance reported is the
/// great-circle distance, `2R·asin(chord / 2)`, the haversine formula in
/// another form.
///
/// ```
/// use conflict_events::space::PointIndex;
///
/// // Kayes, Bafoulabe and Bamako, by the caller's own ids.
/// let towns = PointIndex::new([(1, 14.4469, -11.4453), (2, 13.8065, -10.8321), (3, 12.6392, -8.0029)]);
/// let near: Vec<u32> = towns.within_km(13.8065, -10.8321, 100.0).iter().map(|n| n.id()).collect();
/// assert_eq!(near, [2, 1]); // nearest first
/// let nearest = towns.nearest(12.0, -8.0, 1);
/// assert_eq!(nearest[0].id(), 3);
/// assert!((nearest[0].km() - 71.077).abs() < 0.001);
/// ```
#[derive(Debug, Clone)]
pub struct PointIndex<Id> {
    /// The buckets' boxes, each with its run of `points`.
    tree: RTree<Bucket>,
    /// The points' unit vectors, bucket by bucket.
    points: Vec<[f64; 3]>,
    /// The points' ids, in the same order.
    ids: Vec<Id>,
}

/// The unit vector of the point at `lat`, `lon` (degrees); `None` when a
/// coordinate is not finite or out of range.
fn unit(lat: f64, lon: f64) -> Option<[f64; 3]> {
    let valid = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
    valid.then(|| {
        let (lat, lon) = (lat.to_radians(), lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    })
}

/// The chord between two unit vectors `km` apart on the sphere.
fn chord(km: f64) -> f64 {
    2.0 * (km / (2.0 * EARTH_RADIUS_KM))
        .min(std::f64::consts::FRAC_PI_2)
        .sin()
}

/// The great-circle distance, in kilometres, of a squared chord.
fn km_of(chord2: f64) -> f64 {
    2.0 * EARTH_RADIUS_KM * (chord2.sqrt() / 2.0).min(1.0).asin()
}

impl<Id: Copy + Ord> PointIndex<Id> {
    /// An index of `points`, each an id with its latitude and longitude in
    /// degrees; points with a coordinate that is not finite or out of
    /// range are left out.
    pub fn new(points: impl IntoIterator<Item = (Id, f64, f64)>) -> PointIndex<Id> {
        // Each point's quarter-degree cell, row-major: neighbours share a
        // bucket, and a bucket's box stays small.
        let mut keyed: Vec<(u32, Id, [f64; 3])> = points
            .into_iter()
            .filter_map(|(id, lat, lon)| {
                let vector = unit(lat, lon)?;
                let row = ((lat + 90.0) * 4.0) as u32;
                let col = ((lon + 180.0) * 4.0) as u32;
                Some((row * 1441 + col, id, vector))
            })
            .collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut buckets = Vec::new();
        let mut start = 0;
        while start < keyed.len() {
            let cell = keyed[start].0;
            let mut end = start;
            while end < keyed.len() && keyed[end].0 == cell && end - start < BUCKET {
                end += 1;
            }
            let (mut lower, mut upper) = (keyed[start].2, keyed[start].2);
            for (_, _, v) in &keyed[start..end] {
                for axis in 0..3 {
                    lower[axis] = lower[axis].min(v[axis]);
                    upper[axis] = upper[axis].max(v[axis]);
                }
            }
            let run = (
                u32::try_from(start).unwrap_or(u32::MAX),
                u32::try_from(end).unwrap_or(u32::MAX),
            );
            buckets.push(GeomWithData::new(
                Rectangle::from_corners(lower, upper),
                run,
            ));
            start = end;
        }
        // The vectors are taken out in place, so that the sorted list and
        // a second copy of its points are never held at once.
        let ids = keyed.iter().map(|(_, id, _)| *id).collect();
        let mut points: Vec<[f64; 3]> = keyed.into_iter().map(|(_, _, v)| v).collect();
        points.shrink_to_fit();
        PointIndex {
            tree: RTree::bulk_load(buckets),
            points,
            ids,
        }
    }

    /// How many points are indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no point is indexed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The points of bucket `run`, each with its squared chord to `centre`.
    fn bucket(&self, run: (u32, u32), centre: [f64; 3]) -> impl Iterator<Item = (f64, Id)> + '_ {
        let range = run.0 as usize..run.1 as usize;
        self.points[range.clone()]
            .iter()
            .zip(&self.ids[range])
            .map(move |(v, id)| (squared(v, &centre), *id))
    }

    /// The points within `km` kilometres of (`lat`, `lon`), nearest first
    /// (ties by id); none for a centre out of range or a radius that is
    /// negative or not a number.
    pub fn within_km(&self, lat: f64, lon: f64, km: f64) -> Vec<Nearby<Id>> {
        let mut found: Vec<Nearby<Id>> = self
            .within(lat, lon, km)
            .map(|(d2, id)| Nearby { id, km: km_of(d2) })
            .collect();
        found.sort_by(|a, b| a.km.total_cmp(&b.km).then(a.id.cmp(&b.id)));
        found
    }

    /// The ids of the points within `km` kilometres of (`lat`, `lon`), in
    /// no particular order.
    pub(crate) fn ids_within_km(
        &self,
        lat: f64,
        lon: f64,
        km: f64,
    ) -> impl Iterator<Item = Id> + '_ {
        self.within(lat, lon, km).map(|(_, id)| id)
    }

    /// The points within `km` of (`lat`, `lon`), each with its squared
    /// chord, in no particular order.
    fn within(&self, lat: f64, lon: f64, km: f64) -> impl Iterator<Item = (f64, Id)> + '_ {
        let centre = unit(lat, lon).filter(|_| km >= 0.0);
        // A hair wider for the buckets, then the exact test on each point.
        let reach = chord(km) * (1.0 + 1e-12) + 1e-15;
        centre.into_iter().flat_map(move |centre| {
            self.tree
                .locate_within_distance(centre, reach * reach)
                .flat_map(move |bucket| self.bucket(bucket.data, centre))
                .filter(move |(d2, _)| km_of(*d2) <= km)
        })
    }

    /// The `k` points nearest to (`lat`, `lon`), nearest first; of points
    /// at the same distance, those with the lower ids. Fewer when fewer
    /// are indexed; none for a centre out of range.
    pub fn nearest(&self, lat: f64, lon: f64, k: usize) -> Vec<Nearby<Id>> {
        let Some(centre) = unit(lat, lon).filter(|_| k > 0) else {
            return Vec::new();
        };
        // The k best so far, worst on top; buckets come nearest first, so
        // once a bucket's box is farther than the worst, none can do better.
        let mut best: std::collections::BinaryHeap<(Distance, Id)> =
            std::collections::BinaryHeap::with_capacity(k.min(self.len()).saturating_add(1));
        for (bucket, box_d2) in self.tree.nearest_neighbor_iter_with_distance_2(&centre) {
            if best.len() == k && best.peek().is_some_and(|(worst, _)| box_d2 > worst.0) {
                break;
            }
            for (d2, id) in self.bucket(bucket.data, centre) {
                best.push((Distance(d2), id));
                if best.len() > k {
                    best.pop();
                }
            }
        }
        best.into_sorted_vec()
            .into_iter()
            .map(|(d2, id)| Nearby {
                id,
                km: km_of(d2.0),
            })
            .collect()
    }
}

/// A bucket of points: the box of their unit vectors, and where they are
/// in the index's lists.
type Bucket = GeomWithData<Rectangle<[f64; 3]>, (u32, u32)>;

/// At most this many points share a bucket.
const BUCKET: usize = 64;

/// A squared chord, ordered as a number.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Distance(f64);

impl Eq for Distance {}

impl PartialOrd for Distance {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Distance {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The squared distance between two vectors.
fn squared(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

impl Dataset {
    /// The incidents located within `km` kilometres of (`lat`, `lon`),
    /// nearest first, by haversine distance; the index behind it is made on
    /// first use and kept.
    pub fn incidents_within_km(&self, lat: f64, lon: f64, km: f64) -> Vec<Nearby<IncidentId>> {
        self.incident_points().within_km(lat, lon, km)
    }

    /// The `k` located incidents nearest to (`lat`, `lon`), nearest first.
    pub fn nearest_incidents(&self, lat: f64, lon: f64, k: usize) -> Vec<Nearby<IncidentId>> {
        self.incident_points().nearest(lat, lon, k)
    }

    /// The sites located within `km` kilometres of (`lat`, `lon`), nearest
    /// first.
    pub fn sites_within_km(&self, lat: f64, lon: f64, km: f64) -> Vec<Nearby<SiteId>> {
        site_points(self).within_km(lat, lon, km)
    }

    /// The `k` located sites nearest to (`lat`, `lon`), nearest first.
    pub fn nearest_sites(&self, lat: f64, lon: f64, k: usize) -> Vec<Nearby<SiteId>> {
        site_points(self).nearest(lat, lon, k)
    }
}

/// An index of the incidents' points.
pub(crate) fn incident_points(data: &Dataset) -> PointIndex<IncidentId> {
    PointIndex::new(
        data.incidents()
            .iter()
            .enumerate()
            .filter_map(|(i, incident)| {
                let location = incident.location()?;
                let id = IncidentId::new(u32::try_from(i).ok()?);
                Some((id, location.lat(), location.lon()))
            }),
    )
}

/// An index of the sites' points: few, so made for each query.
fn site_points(data: &Dataset) -> PointIndex<SiteId> {
    PointIndex::new(data.sites().iter().enumerate().filter_map(|(s, site)| {
        let location = site.place()?;
        let id = SiteId::new(u32::try_from(s).ok()?);
        Some((id, location.lat(), location.lon()))
    }))
}

#[cfg(test)]
mod tests {
    use geo::{Distance, Haversine};
    use geo_types::Point;
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_antimeridian_and_the_poles_are_no_edge() {
        let index = PointIndex::new([
            (1u32, 0.0, 179.9),
            (2, 0.0, -179.9),
            (3, 89.9, 0.0),
            (4, 89.9, 180.0),
            (5, 0.0, 0.0),
        ]);
        // 0.2° of longitude at the equator: 22.24 km.
        let across: Vec<u32> = index
            .within_km(0.0, 179.9, 25.0)
            .iter()
            .map(|n| n.id())
            .collect();
        assert_eq!(across, [1, 2]);
        let polar: Vec<u32> = index
            .within_km(90.0, 0.0, 12.0)
            .iter()
            .map(|n| n.id())
            .collect();
        assert_eq!(polar, [3, 4]);
        assert_eq!(index.within_km(f64::NAN, 0.0, 10.0), []);
        assert_eq!(index.within_km(0.0, 0.0, -1.0), []);
        assert_eq!(index.nearest(0.0, 0.0, 0), []);
        assert_eq!(index.nearest(0.0, 1.0, 10).len(), 5);
    }

    #[test]
    fn ties_go_to_the_lower_id() {
        let index = PointIndex::new([(9u32, 1.0, 0.0), (4, -1.0, 0.0), (7, 0.0, 1.0)]);
        let ids: Vec<u32> = index.nearest(0.0, 0.0, 2).iter().map(|n| n.id()).collect();
        assert_eq!(ids, [4, 7]);
    }

    #[test]
    fn crowded_cells_split_into_buckets_and_lose_nothing() {
        // 1,000 points on a 0.002° lattice inside one quarter-degree cell,
        // and 20 more spread out: the cell fills 16 buckets.
        let mut points: Vec<(u32, f64, f64)> = (0..1000u32)
            .map(|i| {
                (
                    i,
                    13.80 + f64::from(i / 40) * 0.002,
                    -10.9 + f64::from(i % 40) * 0.002,
                )
            })
            .collect();
        points.extend((0..20u32).map(|i| (1000 + i, 10.0 + f64::from(i), -5.0)));
        let index = PointIndex::new(points.iter().copied());
        assert_eq!(index.len(), 1020);
        let centre = Point::new(-10.86, 13.83);
        let scan = |km: f64| -> Vec<u32> {
            let mut near: Vec<(f64, u32)> = points
                .iter()
                .map(|&(i, la, lo)| (Haversine.distance(centre, Point::new(lo, la)) / 1000.0, i))
                .filter(|(d, _)| *d <= km)
                .collect();
            near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            near.into_iter().map(|(_, i)| i).collect()
        };
        // Points at the same distance either side of the centre may come
        // in either order: the sets must agree.
        for km in [0.5, 2.0, 5.0, 500.0] {
            let mut got: Vec<u32> = index
                .within_km(13.83, -10.86, km)
                .iter()
                .map(|n| n.id())
                .collect();
            let mut expected = scan(km);
            got.sort_unstable();
            expected.sort_unstable();
            assert_eq!(got, expected, "{km} km");
        }
        let all = scan(f64::INFINITY);
        for k in [1, 7, 64, 65, 300, 1020, 2000] {
            let got: Vec<u32> = index
                .nearest(13.83, -10.86, k)
                .iter()
                .map(|n| n.id())
                .collect();
            let expected: Vec<u32> = all.iter().copied().take(k).collect();
            // Equal distances may come in either id order in the scan's
            // floating point; the sets and the distances must agree.
            assert_eq!(got.len(), expected.len(), "k = {k}");
            let mut g = got.clone();
            let mut e = expected.clone();
            g.sort_unstable();
            e.sort_unstable();
            if g != e {
                let far = |ids: &[u32]| -> f64 {
                    ids.iter()
                        .map(|&i| {
                            let (_, la, lo) = points[i as usize];
                            Haversine.distance(centre, Point::new(lo, la))
                        })
                        .fold(0.0, f64::max)
                };
                assert!((far(&got) - far(&expected)).abs() < 1e-6, "k = {k}");
            }
        }
    }

    proptest! {
        #[test]
        fn radius_and_nearest_agree_with_a_haversine_scan(
            points in prop::collection::vec((-89.0..89.0f64, -180.0..180.0f64), 1..200),
            (lat, lon) in (-89.0..89.0f64, -180.0..180.0f64),
            km in 0.0..3000.0f64,
            k in 1usize..10,
        ) {
            let index = PointIndex::new(
                points.iter().enumerate().map(|(i, &(la, lo))| (i, la, lo)),
            );
            let centre = Point::new(lon, lat);
            let mut scan: Vec<(f64, usize)> = points
                .iter()
                .enumerate()
                .map(|(i, &(la, lo))| (Haversine.distance(centre, Point::new(lo, la)) / 1000.0, i))
                .collect();
            scan.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let found = index.within_km(lat, lon, km);
            // Away from the rim, where rounding may decide either way.
            let expected: Vec<usize> = scan.iter().filter(|(d, _)| *d <= km).map(|(_, i)| *i).collect();
            let rim = |d: f64| (d - km).abs() < 1e-6;
            let got: Vec<usize> = found.iter().map(|n| n.id()).collect();
            if !scan.iter().any(|(d, _)| rim(*d)) {
                prop_assert_eq!(got, expected);
            }
            for n in &found {
                let d = scan.iter().find(|(_, i)| *i == n.id()).map_or(f64::NAN, |(d, _)| *d);
                prop_assert!((n.km() - d).abs() < 1e-6, "{} vs {}", n.km(), d);
            }
            let nearest: Vec<f64> = index.nearest(lat, lon, k).iter().map(|n| n.km()).collect();
            let expected: Vec<f64> = scan.iter().take(k).map(|(d, _)| *d).collect();
            prop_assert_eq!(nearest.len(), expected.len());
            for (a, b) in nearest.iter().zip(&expected) {
                prop_assert!((a - b).abs() < 1e-6);
            }
        }
    }
}
