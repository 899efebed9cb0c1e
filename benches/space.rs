//! Space at 10k, 100k and 1M points: assigning points to Mali's 50
//! cercles (single-threaded), and a 50 km radius query with the point
//! index against a linear haversine scan of the same incidents; then a
//! whole dataset placed by the cercles at 10k and 100k. Each is checked
//! once.
//!
//! Run with `cargo bench --bench space`. The points of the `assign` group
//! are those `benches/peers/sjoin.py` joins with GeoPandas, for a
//! comparison in one run; the bench writes its counts per cercle to
//! `target/bench-data/space-assign-N.csv` in the script's `--counts` form.

#![expect(
    clippy::expect_used,
    reason = "the bench prepares fixed, valid input; a failure is a bug to see at once"
)]

mod common;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

use common::input;
use conflict_events::io::geojson::{BoundaryLayer, read_regions_path};
use conflict_events::io::{ReadOptions, acled};
use conflict_events::space::{Placed, Prefer, RegionIndex};
use conflict_events::{AdminLevel, Dataset, DatasetBuilder, Region};
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use geo::{Contains, Distance, Haversine, Intersects};
use geo_types::Point;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// The box the points are drawn in: it holds Mali.
const BOX: (f64, f64, f64, f64) = (-12.3, 10.1, 4.3, 25.1);

/// `n` points (lon, lat) uniform in [`BOX`], from SplitMix64 seeded with
/// 42, two draws a point; `benches/peers/sjoin.py` draws the same.
fn points(n: usize) -> Vec<(f64, f64)> {
    let mut state: u64 = 42;
    let mut draw = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    };
    let (west, south, east, north) = BOX;
    (0..n)
        .map(|_| {
            let x = draw();
            let y = draw();
            (west + (east - west) * x, south + (north - south) * y)
        })
        .collect()
}

/// Mali and its 50 cercles, from the committed fixture.
fn cercles() -> Dataset {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut data = DatasetBuilder::new();
    let mali = data.add_region(Region::country("Mali", "MLI".parse().expect("a code")));
    let layer = BoundaryLayer::new(AdminLevel::ADMIN2, "adm2")
        .code("adm2_pcode")
        .under(mali);
    read_regions_path(
        root.join("tests/fixtures/geojson/mali-adm2.geojson"),
        &layer,
        &mut data,
    )
    .expect("the cercles load");
    data.build().expect("the cercles are valid")
}

fn assign(c: &mut Criterion) {
    let data = cercles();
    let index = RegionIndex::of(&data);
    let mut group = c.benchmark_group("assign");
    group.sample_size(10);
    for n in SIZES {
        let pts = points(n);
        // Checked once: every point agrees with geo's `Contains` on the
        // cercle's boundary (no point here lies exactly on a border), and
        // the counts per cercle go to a file for the peer's.
        let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
        for (k, &(lon, lat)) in pts.iter().enumerate() {
            let found = index.locate(lat, lon);
            if k < 20_000 {
                let truth = data.regions().iter().position(|r| {
                    r.boundary()
                        .is_some_and(|b| b.contains(&Point::new(lon, lat)))
                });
                assert_eq!(found.map(|r| r.index()), truth, "point {k}: {lon}, {lat}");
            }
            if let Some(region) = found.and_then(|r| data.region(r)) {
                *counts.entry(region.place_code().unwrap_or("")).or_default() += 1;
            }
        }
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
        std::fs::create_dir_all(&out).expect("target/bench-data can be made");
        let mut text = String::from("code,points\n");
        for (code, k) in &counts {
            text.push_str(&format!("{code},{k}\n"));
        }
        std::fs::write(out.join(format!("space-assign-{n}.csv")), text).expect("counts written");

        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("cercles", n), &pts, |b, pts| {
            b.iter(|| {
                pts.iter()
                    .filter(|&&(lon, lat)| index.locate(black_box(lat), black_box(lon)).is_some())
                    .count()
            });
        });
    }
    group.finish();
}

/// Bafoulabe, the shared workload's Q4 centre.
const CENTRE: (f64, f64) = (13.8065, -10.8321);

/// The incidents within 50 km of [`CENTRE`], by a haversine scan of all.
fn scan(data: &Dataset) -> usize {
    let centre = Point::new(CENTRE.1, CENTRE.0);
    data.incidents()
        .iter()
        .filter_map(|i| i.location())
        .filter(|l| Haversine.distance(centre, Point::new(l.lon(), l.lat())) <= 50_000.0)
        .count()
}

fn radius(c: &mut Criterion) {
    let mut group = c.benchmark_group("radius");
    for n in SIZES {
        let data = acled::read_path(input(n), ReadOptions::new())
            .expect("the bench input loads")
            .into_dataset();
        // Checked once; this also builds the index outside the timing.
        let found = data.incidents_within_km(CENTRE.0, CENTRE.1, 50.0).len();
        assert_eq!(found, scan(&data));
        assert_eq!(
            data.query().within_km(CENTRE.0, CENTRE.1, 50.0).ids().len(),
            found
        );
        // The 10 nearest: the 10 smallest distances of a scan.
        let centre = Point::new(CENTRE.1, CENTRE.0);
        let mut all: Vec<f64> = data
            .incidents()
            .iter()
            .filter_map(|i| i.location())
            .map(|l| Haversine.distance(centre, Point::new(l.lon(), l.lat())) / 1000.0)
            .collect();
        all.sort_by(f64::total_cmp);
        let nearest = data.nearest_incidents(CENTRE.0, CENTRE.1, 10);
        assert_eq!(nearest.len(), all.len().min(10));
        for (n, d) in nearest.iter().zip(&all) {
            assert!((n.km() - d).abs() < 1e-6, "{} km, a scan says {d}", n.km());
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("index", n), &data, |b, data| {
            b.iter(|| {
                data.incidents_within_km(black_box(CENTRE.0), CENTRE.1, 50.0)
                    .len()
            });
        });
        group.bench_with_input(BenchmarkId::new("scan", n), &data, |b, data| {
            b.iter(|| scan(black_box(data)));
        });
        group.bench_with_input(BenchmarkId::new("nearest_10", n), &data, |b, data| {
            b.iter(|| {
                data.nearest_incidents(black_box(CENTRE.0), CENTRE.1, 10)
                    .len()
            });
        });
    }
    group.finish();
}

/// A dataset placed by the cercles' boundaries: the merge, a point test
/// per incident and the rebuild, at the sizes a risk team's own data has.
fn place(c: &mut Criterion) {
    let boundaries = cercles();
    let mut group = c.benchmark_group("place");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let data = acled::read_path(input(n), ReadOptions::new())
            .expect("the bench input loads")
            .into_dataset();
        // Checked once: an incident placed in a region with a boundary
        // lies in it (geo's closed test), and each disagreeing incident the
        // geometry places went where it says.
        let located = data
            .clone()
            .with_boundaries(&boundaries, Prefer::Geometry)
            .expect("the boundaries merge");
        let placed = located.dataset();
        for incident in placed.incidents() {
            let (Some(at), Some(boundary)) = (
                incident.location(),
                placed.region(incident.region()).and_then(Region::boundary),
            ) else {
                continue;
            };
            assert!(boundary.intersects(&Point::new(at.lon(), at.lat())));
        }
        for d in located.disagreements() {
            if let (Placed::Incident(id), Some(to)) = (d.placed(), d.located()) {
                assert_eq!(placed.incident(id).map(|i| i.region()), Some(to));
            }
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("cercles", n), &data, |b, data| {
            b.iter_batched(
                || data.clone(),
                |data| {
                    data.with_boundaries(&boundaries, Prefer::Geometry)
                        .map(|l| l.disagreements().len())
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, assign, radius, place);
criterion_main!(benches);
