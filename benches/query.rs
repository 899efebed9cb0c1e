//! The shared workload's queries Q1–Q5 at 10k, 100k and 1M incidents, each
//! checked once against a plain scan of the incidents.
//!
//! Run with `cargo bench --bench query`.

#![expect(
    clippy::expect_used,
    reason = "the bench prepares fixed, valid input; a failure is a bug to see at once"
)]

mod common;

use std::collections::BTreeMap;
use std::hint::black_box;

use common::input;
use conflict_events::io::{ReadOptions, acled};
use conflict_events::query::{Key, KeyValue, Period, Table};
use conflict_events::space::PrioGridCell;
use conflict_events::{AdminLevel, Dataset, EstimateSum, Role, Side, SubEventType};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use geo::{Distance, Haversine};
use geo_types::Point;
use time::macros::date;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// A workload query.
type Query = fn(&Dataset) -> Table;

/// A check of a query's answer against a plain scan.
type Check = fn(&Dataset);

fn q1(data: &Dataset) -> Table {
    data.query()
        .group_by(Key::Country)
        .group_by(Key::Admin1)
        .group_by(Key::Period(Period::IsoWeek))
        .run()
}

fn q2(data: &Dataset) -> Table {
    data.query().group_by(Key::Actor1).run()
}

fn q3(data: &Dataset) -> Table {
    data.query()
        .sub_event_type(SubEventType::AbductionForcedDisappearance)
        .between(date!(2024 - 01 - 01), date!(2025 - 12 - 31))
        .group_by(Key::Country)
        .run()
}

fn q4(data: &Dataset) -> Table {
    data.query().within_km(13.8065, -10.8321, 50.0).run()
}

fn q5(data: &Dataset) -> Table {
    data.query()
        .group_by(Key::Country)
        .group_by(Key::Period(Period::Month))
        .run()
}

/// Events per PRIO-GRID cell and month: the grid key's query.
fn prio_grid_monthly(data: &Dataset) -> Table {
    data.query()
        .group_by(Key::PrioGrid)
        .group_by(Key::Period(Period::Month))
        .run()
}

/// Events per group and month, each incident counted once for each group
/// among its actors: the query of a key with several values an incident.
fn groups_monthly(data: &Dataset) -> Table {
    data.query()
        .group_by(Key::Group)
        .group_by(Key::Period(Period::Month))
        .run()
}

/// The group query's answer checked against a plain scan.
fn check_groups(data: &Dataset) {
    let mut expected = Totals::new();
    for incident in data.incidents() {
        let month = KeyValue::Period(Period::Month.start(incident.when().start()));
        let mut groups: Vec<KeyValue> = incident
            .actors()
            .iter()
            .map(|a| KeyValue::Group(a.group()))
            .collect();
        groups.sort_unstable();
        groups.dedup();
        if groups.is_empty() {
            groups.push(KeyValue::None);
        }
        for group in groups {
            let totals = expected.entry(vec![group, month]).or_default();
            totals.0 += 1;
            totals.1 += incident.figures().fatalities;
        }
    }
    assert_eq!(counts(&groups_monthly(data)), expected);
}

/// The grid query's answer checked against a plain scan: the events of
/// the cells add up to the incidents with a location, and each cell and
/// month holds the incidents a scan puts there.
fn check_prio_grid(data: &Dataset) {
    let mut expected = Totals::new();
    let mut located = 0u64;
    for incident in data.incidents() {
        let cell = incident
            .location()
            .and_then(|l| PrioGridCell::containing(l.lat(), l.lon()));
        located += u64::from(cell.is_some());
        let month = KeyValue::Period(Period::Month.start(incident.when().start()));
        let cell = cell.map_or(KeyValue::None, KeyValue::PrioGrid);
        let totals = expected.entry(vec![cell, month]).or_default();
        totals.0 += 1;
        totals.1 += incident.figures().fatalities;
    }
    let table = prio_grid_monthly(data);
    let in_cells: u64 = table
        .rows()
        .iter()
        .filter(|r| r.keys()[0] != KeyValue::None)
        .map(|r| r.events())
        .sum();
    assert_eq!(in_cells, located);
    assert_eq!(counts(&table), expected);
}

/// Events and fatalities per key tuple.
type Totals = BTreeMap<Vec<KeyValue>, (u64, EstimateSum)>;

/// The events and fatalities of each row of a table.
fn counts(table: &Table) -> Totals {
    table
        .rows()
        .iter()
        .map(|r| (r.keys().to_vec(), (r.events(), r.fatalities())))
        .collect()
}

/// The five answers computed by a plain scan, keyed as the queries key them.
fn check(data: &Dataset) {
    let (mut weekly, mut actors, mut abductions, mut monthly) =
        (Totals::new(), Totals::new(), Totals::new(), Totals::new());
    let mut near = (0u64, EstimateSum::default());
    let centre = Point::new(-10.8321, 13.8065);
    for incident in data.incidents() {
        let day = incident.when().start();
        let dead = incident.figures().fatalities;
        let add = |totals: &mut (u64, EstimateSum)| {
            totals.0 += 1;
            totals.1 += dead;
        };
        let place = |level| {
            data.ancestor_at(incident.region(), level)
                .map_or(KeyValue::None, KeyValue::Region)
        };
        let country = place(AdminLevel::COUNTRY);
        let week = KeyValue::Period(Period::IsoWeek.start(day));
        add(weekly
            .entry(vec![country, place(AdminLevel::ADMIN1), week])
            .or_default());
        let actor1 = incident
            .actors()
            .iter()
            .find(|a| a.side() == Side::A && a.role() == Role::Principal)
            .map_or(KeyValue::None, |a| KeyValue::Group(a.group()));
        add(actors.entry(vec![actor1]).or_default());
        if incident.sub_event_type() == SubEventType::AbductionForcedDisappearance
            && (date!(2024 - 01 - 01)..=date!(2025 - 12 - 31)).contains(&day)
        {
            add(abductions.entry(vec![country]).or_default());
        }
        if incident
            .location()
            .is_some_and(|l| Haversine.distance(centre, l.point()) <= 50_000.0)
        {
            add(&mut near);
        }
        add(monthly
            .entry(vec![country, KeyValue::Period(Period::Month.start(day))])
            .or_default());
    }
    assert_eq!(counts(&q1(data)), weekly);
    assert_eq!(counts(&q2(data)), actors);
    assert_eq!(counts(&q3(data)), abductions);
    let q4 = q4(data);
    let radius = q4.rows().first().map(|r| (r.events(), r.fatalities()));
    assert_eq!(radius.unwrap_or_default(), near);
    assert_eq!(counts(&q5(data)), monthly);
}

fn workload(c: &mut Criterion) {
    let queries: [(&str, Query); 5] = [
        ("q1_weekly", q1),
        ("q2_actors", q2),
        ("q3_filter", q3),
        ("q4_radius", q4),
        ("q5_monthly", q5),
    ];
    for n in SIZES {
        let data = acled::read_path(input(n), ReadOptions::new())
            .expect("readable")
            .into_dataset();
        assert_eq!(data.incidents().len(), n);
        check(&data);
        for (name, query) in queries {
            let mut group = c.benchmark_group(name);
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(name, n), &data, |b, data| {
                b.iter(|| black_box(query(data)));
            });
            group.finish();
        }
    }
}

/// The queries of other keys: PRIO-GRID cells, and groups (several an
/// incident), each by month.
fn other_keys(c: &mut Criterion) {
    let queries: [(&str, Query, Check); 2] = [
        ("prio_grid_monthly", prio_grid_monthly, check_prio_grid),
        ("groups_monthly", groups_monthly, check_groups),
    ];
    for n in SIZES {
        let data = acled::read_path(input(n), ReadOptions::new())
            .expect("readable")
            .into_dataset();
        for (name, query, check) in queries {
            check(&data);
            let mut group = c.benchmark_group(name);
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(name, n), &data, |b, data| {
                b.iter(|| black_box(query(data)));
            });
            group.finish();
        }
    }
}

criterion_group!(benches, workload, other_keys);
criterion_main!(benches);
