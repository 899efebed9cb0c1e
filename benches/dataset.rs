//! Building a validated, indexed dataset, and summing estimates.
//!
//! Run with `cargo bench --bench dataset`.

#![expect(
    clippy::expect_used,
    reason = "the bench builds fixed, valid input; a failure is a bug to see at once"
)]

use std::hint::black_box;

use conflict_events::{
    AdminLevel, Confidence, DatasetBuilder, DateSpan, Estimate, EstimateSum, ExternalId, Group,
    GroupKind, IdScheme, Incident, Quantity, Region, RegionId, SubEventType,
};
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use time::{Date, Duration, macros::date};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// `n` incidents over 50 groups and a country with 10 regions of 5 cercles
/// each, dated over eight years, made deterministically.
fn builder(n: usize) -> DatasetBuilder {
    let mut data = DatasetBuilder::new();
    let code = "MLI".parse().expect("valid code");
    let mali = data.add_region(Region::country("Mali", code));
    let mut cercles: Vec<RegionId> = Vec::new();
    for r in 0..10 {
        let region = data
            .add_region(Region::new(format!("Region {r}"), code, AdminLevel::ADMIN1).parent(mali));
        for c in 0..5 {
            cercles.push(data.add_region(
                Region::new(format!("Cercle {r}.{c}"), code, AdminLevel::ADMIN2).parent(region),
            ));
        }
    }
    let groups: Vec<_> = (0..50)
        .map(|g| data.add_group(Group::new(format!("Group {g}"), GroupKind::Jihadist)))
        .collect();
    let start: Date = date!(2018 - 01 - 01);
    let mut state: u64 = 42;
    for i in 0..n {
        // xorshift: cheap, deterministic variety.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let day = start + Duration::days((state % 3000) as i64);
        let kind = SubEventType::ALL[(state >> 20) as usize % SubEventType::ALL.len()];
        data.add_incident(
            Incident::builder(
                kind,
                DateSpan::day(day),
                cercles[(state >> 8) as usize % 50],
            )
            .perpetrator(groups[(state >> 32) as usize % 50], Confidence::Reported)
            .figure(Quantity::Fatalities, Estimate::Exact((state % 7) as u32))
            .external_id(ExternalId::new(IdScheme::Acled, format!("MLI{i}")))
            .build(),
        );
    }
    data
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    for n in SIZES {
        let input = builder(n);
        let built = input.clone().build().expect("valid");
        assert_eq!(built.incidents().len(), n);
        let total: usize = (0..50)
            .map(|g| built.incidents_of_group(g.into()).len())
            .sum();
        assert_eq!(total, n);
        assert_eq!(built.incidents_in_region(RegionId::new(0)).len(), n);
        group.throughput(Throughput::Elements(n as u64));
        group.sample_size(10);
        group.bench_with_input(BenchmarkId::new("build", n), &input, |b, input| {
            b.iter_batched(
                || input.clone(),
                |input| black_box(input.build()),
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

fn sum(c: &mut Criterion) {
    let mut group = c.benchmark_group("estimate_sum");
    for n in SIZES {
        let estimates: Vec<Estimate> = (0..n as u32)
            .map(|i| match i % 4 {
                0 => Estimate::Exact(i % 10),
                1 => Estimate::AtLeast(i % 5),
                2 => Estimate::Unknown,
                _ => Estimate::range(i % 3, Some(i % 3 + 1), i % 3 + 4).expect("ordered"),
            })
            .collect();
        // Checked once against the bounds added up by hand: an exact count
        // is its own low, best and high; "at least" has no high; a range
        // gives its low, best and high; unknown adds nothing.
        let once: EstimateSum = estimates.iter().sum();
        let (mut low, mut best) = (0u64, 0u64);
        for i in 0..n as u32 {
            let (l, b) = match i % 4 {
                0 => (i % 10, i % 10),
                1 => (i % 5, i % 5),
                2 => (0, 0),
                _ => (i % 3, i % 3 + 1),
            };
            low += u64::from(l);
            best += u64::from(b);
        }
        assert_eq!((once.low(), once.best(), once.high()), (low, best, None));
        assert_eq!(once.terms(), n as u64);
        assert_eq!(once.unknown(), (n / 4) as u64);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("sum", n), &estimates, |b, estimates| {
            b.iter(|| black_box(estimates.iter().sum::<EstimateSum>()));
        });
    }
    group.finish();
}

criterion_group!(benches, build, sum);
criterion_main!(benches);
