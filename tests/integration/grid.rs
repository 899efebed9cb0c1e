//! Grid cells as query keys: PRIO-GRID and kilometre grids, alone, with a
//! period, with groups and with filters, on a hand-made dataset whose
//! cells are worked out by hand; then properties over random datasets
//! checked against a plain scan written here.

use std::collections::BTreeMap;

use conflict_events::query::{Key, KeyValue, Period, Query};
use conflict_events::space::{KmGrid, PrioGridCell};
use conflict_events::{
    Actor, Confidence, Dataset, DatasetBuilder, DateSpan, Estimate, EstimateSum, GeoPrecision,
    Group, GroupId, GroupKind, Incident, Location, Quantity, Region, Role, Side, SubEventType,
};
use proptest::collection::vec;
use proptest::option::weighted;
use proptest::prelude::*;
use time::macros::date;
use time::{Date, Duration};

use Estimate::{Approximately, Exact};

// ---------------------------------------------------------------------------
// The hand-made dataset
// ---------------------------------------------------------------------------

/// Five incidents in one country, by their notes:
///
/// ```text
/// name  first day   point          fatalities  actors
/// a1    2025-01-05  1.51, 1.21     2           JNIM
/// a2    2025-02-10  1.52, 1.23     3           JNIM / FAMa B
/// a3    2025-01-20  1.90, 1.43     about 4     FAMa
/// b     2025-02-03  0.10, 0.10     1           -
/// x     2025-01-15  no location    5           JNIM
/// ```
///
/// Their cells, by hand:
///
/// - PRIO-GRID: a1, a2 and a3 are in row floor(91.5.. · 2) + 1 = 184 and
///   column floor(181.2.. · 2) + 1 = 363, gid 183 · 720 + 363 = 132123;
///   b in row 181, column 361, gid 180 · 720 + 361 = 129961.
/// - 10 km: rows of 10 / 111.19508 = 0.0899320°. a1: 91.51 / 0.089932 =
///   1017.55, row 1017, whose middle is 1.5059°, so round(40030.2 ·
///   cos 1.5059° / 10) = round(4001.6) = 4002 columns of 0.089955°; 181.21
///   / 0.089955 = 2014.45, column 2014. a2: 1017.66 and 2014.67, the same
///   cell. a3: 91.90 / 0.089932 = 1021.88, row 1021 (middle 1.8656°, 4001
///   columns of 0.089978°), 181.43 / 0.089978 = 2016.39, column 2016. b:
///   90.10 / 0.089932 = 1001.87, row 1001 (middle 0.0669°, 4003 columns of
///   0.089933°), 180.10 / 0.089933 = 2002.61, column 2002.
/// - 50 km: rows of 0.449660°. a1: 91.51 / 0.44966 = 203.51, row 203
///   (middle 1.5059°, round(800.3) = 800 columns of 0.45°), 181.21 / 0.45
///   = 402.69, column 402; a2: 203.53 and 402.73, the same cell; a3: 204.38
///   (800 columns), 181.43 / 0.45 = 403.18: row 204, column 403; b: 200.37,
///   row 200 (middle 0.1569°, round(800.6) = 801 columns of 0.449438°),
///   180.10 / 0.449438 = 400.72, column 400.
struct Hand {
    data: Dataset,
    jnim: GroupId,
}

/// One incident of [`hand`]: name, first day, point, fatalities, actors.
type HandIncident<'a> = (
    &'a str,
    Date,
    Option<(f64, f64)>,
    Estimate,
    &'a [(GroupId, Side)],
);

fn hand() -> Hand {
    let mut b = DatasetBuilder::new();
    let country = b.add_region(Region::country("Mali", "MLI".parse().unwrap()));
    let jnim = b.add_group(Group::new("JNIM", GroupKind::Jihadist));
    let fama = b.add_group(Group::new("FAMa", GroupKind::StateForces));
    let principal =
        |group: GroupId, side: Side| Actor::new(group, side, Role::Principal, Confidence::Reported);
    let rows: [HandIncident<'_>; 5] = [
        (
            "a1",
            date!(2025 - 01 - 05),
            Some((1.51, 1.21)),
            Exact(2),
            &[(jnim, Side::A)],
        ),
        (
            "a2",
            date!(2025 - 02 - 10),
            Some((1.52, 1.23)),
            Exact(3),
            &[(jnim, Side::A), (fama, Side::B)],
        ),
        (
            "a3",
            date!(2025 - 01 - 20),
            Some((1.90, 1.43)),
            Approximately(4),
            &[(fama, Side::A)],
        ),
        (
            "b",
            date!(2025 - 02 - 03),
            Some((0.10, 0.10)),
            Exact(1),
            &[],
        ),
        (
            "x",
            date!(2025 - 01 - 15),
            None,
            Exact(5),
            &[(jnim, Side::A)],
        ),
    ];
    for (name, day, point, dead, actors) in rows {
        let mut incident = Incident::builder(SubEventType::Attack, DateSpan::day(day), country)
            .figure(Quantity::Fatalities, dead)
            .notes(name);
        if let Some((lat, lon)) = point {
            incident = incident.location(Location::new(lat, lon, GeoPrecision::Exact).unwrap());
        }
        for &(group, side) in actors {
            incident = incident.actor(principal(group, side));
        }
        b.add_incident(incident.build());
    }
    Hand {
        data: b.build().unwrap(),
        jnim,
    }
}

/// A key value as text: `gid 132123`, `10 km 1017/2014`, a month's first
/// day, a group's name, or `none`.
fn label(data: &Dataset, value: &KeyValue) -> String {
    match value {
        KeyValue::PrioGrid(cell) => format!("gid {}", cell.gid()),
        KeyValue::Cell(cell) => format!("{} km {}/{}", cell.grid().km(), cell.row(), cell.col()),
        KeyValue::Period(day) => day.to_string(),
        KeyValue::Group(g) => data.groups()[g.index()].name().to_owned(),
        KeyValue::None => "none".to_owned(),
        other => format!("{other:?}"),
    }
}

/// Each row's labelled keys, events and best fatalities.
fn rows(data: &Dataset, query: Query<'_>) -> Vec<(Vec<String>, u64, u64)> {
    query
        .run()
        .rows()
        .iter()
        .map(|r| {
            let keys = r.keys().iter().map(|v| label(data, v)).collect();
            (keys, r.events(), r.fatalities().best())
        })
        .collect()
}

fn keys(labels: &[&str]) -> Vec<String> {
    labels.iter().map(|s| (*s).to_owned()).collect()
}

// ---------------------------------------------------------------------------
// Hand-made answers
// ---------------------------------------------------------------------------

#[test]
fn prio_grid_rows_are_cells_by_gid_then_no_location() {
    let h = hand();
    let table = h.data.query().group_by(Key::PrioGrid).run();
    let got: Vec<(KeyValue, u64, EstimateSum)> = table
        .rows()
        .iter()
        .map(|r| (r.keys()[0], r.events(), r.fatalities()))
        .collect();
    let cell = |gid| KeyValue::PrioGrid(PrioGridCell::from_gid(gid).unwrap());
    let sum = |figures: &[Estimate]| figures.iter().sum::<EstimateSum>();
    assert_eq!(
        got,
        [
            (cell(129_961), 1, sum(&[Exact(1)])),
            (
                cell(132_123),
                3,
                sum(&[Exact(2), Exact(3), Approximately(4)])
            ),
            (KeyValue::None, 1, sum(&[Exact(5)])),
        ]
    );
    // 2 + 3 + about 4: a best of 9 with one approximate term.
    assert_eq!(table.rows()[1].fatalities().best(), 9);
    assert_eq!(table.rows()[1].fatalities().approximate(), 1);
    assert_eq!(table.keys(), [Key::PrioGrid]);
}

#[test]
fn a_ten_km_grid_splits_the_prio_grid_cell() {
    let h = hand();
    assert_eq!(
        rows(&h.data, h.data.query().group_by(Key::Grid(KmGrid::TEN_KM))),
        [
            (keys(&["10 km 1001/2002"]), 1, 1),
            (keys(&["10 km 1017/2014"]), 2, 5),
            (keys(&["10 km 1021/2016"]), 1, 4),
            (keys(&["none"]), 1, 5),
        ]
    );
}

#[test]
fn a_fifty_km_grid_has_the_cells_worked_out_by_hand() {
    let h = hand();
    let fifty = KmGrid::new(50).unwrap();
    assert_eq!(
        rows(&h.data, h.data.query().group_by(Key::Grid(fifty))),
        [
            (keys(&["50 km 200/400"]), 1, 1),
            (keys(&["50 km 203/402"]), 2, 5),
            (keys(&["50 km 204/403"]), 1, 4),
            (keys(&["none"]), 1, 5),
        ]
    );
}

#[test]
fn a_grid_key_with_a_period_key_in_either_order() {
    let h = hand();
    let month = Key::Period(Period::Month);
    // January: a1 and a3 in 132123, x nowhere; February: b in 129961, a2
    // in 132123.
    assert_eq!(
        rows(
            &h.data,
            h.data.query().group_by(month).group_by(Key::PrioGrid)
        ),
        [
            (keys(&["2025-01-01", "gid 132123"]), 2, 6),
            (keys(&["2025-01-01", "none"]), 1, 5),
            (keys(&["2025-02-01", "gid 129961"]), 1, 1),
            (keys(&["2025-02-01", "gid 132123"]), 1, 3),
        ]
    );
    assert_eq!(
        rows(
            &h.data,
            h.data.query().group_by(Key::PrioGrid).group_by(month)
        ),
        [
            (keys(&["gid 129961", "2025-02-01"]), 1, 1),
            (keys(&["gid 132123", "2025-01-01"]), 2, 6),
            (keys(&["gid 132123", "2025-02-01"]), 1, 3),
            (keys(&["none", "2025-01-01"]), 1, 5),
        ]
    );
}

#[test]
fn two_grids_side_by_side() {
    let h = hand();
    let query = h
        .data
        .query()
        .group_by(Key::PrioGrid)
        .group_by(Key::Grid(KmGrid::TEN_KM));
    assert_eq!(
        rows(&h.data, query),
        [
            (keys(&["gid 129961", "10 km 1001/2002"]), 1, 1),
            (keys(&["gid 132123", "10 km 1017/2014"]), 2, 5),
            (keys(&["gid 132123", "10 km 1021/2016"]), 1, 4),
            (keys(&["none", "none"]), 1, 5),
        ]
    );
}

#[test]
fn a_grid_key_with_the_group_key_counts_each_group() {
    let h = hand();
    // FAMa: a2 and a3; JNIM: a1, a2 and x; no group: b. Groups by name.
    assert_eq!(
        rows(
            &h.data,
            h.data.query().group_by(Key::Group).group_by(Key::PrioGrid)
        ),
        [
            (keys(&["FAMa", "gid 132123"]), 2, 7),
            (keys(&["JNIM", "gid 132123"]), 2, 5),
            (keys(&["JNIM", "none"]), 1, 5),
            (keys(&["none", "gid 129961"]), 1, 1),
        ]
    );
    assert_eq!(
        rows(
            &h.data,
            h.data
                .query()
                .group_by(Key::Grid(KmGrid::TEN_KM))
                .group_by(Key::Group)
        ),
        [
            (keys(&["10 km 1001/2002", "none"]), 1, 1),
            (keys(&["10 km 1017/2014", "FAMa"]), 1, 3),
            (keys(&["10 km 1017/2014", "JNIM"]), 2, 5),
            (keys(&["10 km 1021/2016", "FAMa"]), 1, 4),
            (keys(&["none", "JNIM"]), 1, 5),
        ]
    );
}

#[test]
fn filters_narrow_the_cells_and_leave_ids_alone() {
    let h = hand();
    // JNIM's incidents: a1, a2 (one 10 km cell) and x (no location).
    assert_eq!(
        rows(
            &h.data,
            h.data
                .query()
                .involving(h.jnim)
                .group_by(Key::Grid(KmGrid::TEN_KM))
        ),
        [(keys(&["10 km 1017/2014"]), 2, 5), (keys(&["none"]), 1, 5)]
    );
    // 16 January to the end of February: a3, b and a2.
    let window = h
        .data
        .query()
        .between(date!(2025 - 01 - 16), date!(2025 - 02 - 28));
    assert_eq!(
        rows(&h.data, window.clone().group_by(Key::PrioGrid)),
        [(keys(&["gid 129961"]), 1, 1), (keys(&["gid 132123"]), 2, 7)]
    );
    let grouped = window.clone().group_by(Key::PrioGrid);
    assert_eq!(grouped.ids(), window.ids());
    assert_eq!(window.ids().len(), 3);
    // Nothing in the window: no rows.
    let empty = h
        .data
        .query()
        .between(date!(2026 - 01 - 01), date!(2026 - 12 - 31))
        .group_by(Key::PrioGrid);
    assert!(empty.run().rows().is_empty());
}

#[test]
fn grid_keys_and_values_serialise_by_cell() {
    let h = hand();
    let table = h
        .data
        .query()
        .group_by(Key::PrioGrid)
        .group_by(Key::Grid(KmGrid::TEN_KM))
        .run();
    let json = serde_json::to_value(&table).unwrap();
    assert_eq!(
        json["keys"],
        serde_json::json!(["prio_grid", { "grid": 10 }])
    );
    assert_eq!(
        json["rows"][0]["keys"],
        serde_json::json!([
            { "prio_grid": 129_961 },
            { "cell": { "km": 10, "row": 1001, "col": 2002 } }
        ])
    );
    assert_eq!(json["rows"][3]["keys"], serde_json::json!(["none", "none"]));
}

// ---------------------------------------------------------------------------
// Random datasets against a plain scan
// ---------------------------------------------------------------------------

/// A random incident: days from 2024-01-01, a point (or none) and its
/// fatalities.
type Spec = (i64, Option<(f64, f64)>, Estimate);

fn estimate() -> impl Strategy<Value = Estimate> {
    prop_oneof![
        (0..6u32).prop_map(Exact),
        (0..6u32).prop_map(Approximately),
        Just(Estimate::Unknown),
    ]
}

/// Points in a box a few cells wide (the cells are few and close) or
/// anywhere on Earth (far apart), on the map's edges now and then.
fn spot(world: bool) -> impl Strategy<Value = (f64, f64)> {
    let anywhere = if world {
        (-90.0..=90.0f64, -180.0..=180.0f64).boxed()
    } else {
        (14.0..15.5f64, -12.0..-10.5f64).boxed()
    };
    prop_oneof![
        8 => anywhere,
        1 => proptest::sample::select(vec![(90.0, 180.0), (-90.0, -180.0), (0.0, 0.0), (14.5, -11.0)]),
    ]
}

fn specs() -> impl Strategy<Value = Vec<Spec>> {
    any::<bool>()
        .prop_flat_map(|world| vec((0..400i64, weighted(0.85, spot(world)), estimate()), 0..60))
}

fn build(specs: &[Spec]) -> Dataset {
    let mut b = DatasetBuilder::new();
    let country = b.add_region(Region::country("Mali", "MLI".parse().unwrap()));
    for &(offset, point, dead) in specs {
        let day = date!(2024 - 01 - 01) + Duration::days(offset);
        let mut incident = Incident::builder(SubEventType::Attack, DateSpan::day(day), country)
            .figure(Quantity::Fatalities, dead);
        if let Some((lat, lon)) = point {
            incident = incident.location(Location::new(lat, lon, GeoPrecision::Exact).unwrap());
        }
        b.add_incident(incident.build());
    }
    b.build().unwrap()
}

/// The value of `key` for `incident`, by the public types alone.
fn naive(key: Key, incident: &Incident) -> KeyValue {
    let point = incident.location().map(|l| (l.lat(), l.lon()));
    match key {
        Key::PrioGrid => point
            .and_then(|(lat, lon)| PrioGridCell::containing(lat, lon))
            .map_or(KeyValue::None, KeyValue::PrioGrid),
        Key::Grid(grid) => point
            .and_then(|(lat, lon)| grid.cell(lat, lon))
            .map_or(KeyValue::None, KeyValue::Cell),
        Key::Period(p) => KeyValue::Period(p.start(incident.when().start())),
        other => panic!("no naive value for {other:?}"),
    }
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        Just(Key::PrioGrid),
        Just(Key::Grid(KmGrid::TEN_KM)),
        Just(Key::Grid(KmGrid::new(1).unwrap())),
        Just(Key::Grid(KmGrid::new(50).unwrap())),
        Just(Key::Grid(KmGrid::new(1000).unwrap())),
        Just(Key::Period(Period::Month)),
    ]
}

/// The rows of `keys` over the incidents of `data` whose first day is in
/// `bounds`, by a plain scan: in the values' own order (gid; row then
/// column; date; none last), which a `BTreeMap` keeps.
fn scan(
    data: &Dataset,
    keys: &[Key],
    bounds: Option<(Date, Date)>,
) -> Vec<(Vec<KeyValue>, (u64, EstimateSum))> {
    let mut totals: BTreeMap<Vec<KeyValue>, (u64, EstimateSum)> = BTreeMap::new();
    for incident in data.incidents() {
        let day = incident.when().start();
        if bounds.is_some_and(|(from, to)| !(from..=to).contains(&day)) {
            continue;
        }
        let values: Vec<KeyValue> = keys.iter().map(|k| naive(*k, incident)).collect();
        let total = totals.entry(values).or_default();
        total.0 += 1;
        total.1 += incident.figures().fatalities;
    }
    totals.into_iter().collect()
}

/// The rows of a query grouped by `keys` over `bounds`.
fn run(
    data: &Dataset,
    keys: &[Key],
    bounds: Option<(Date, Date)>,
) -> Vec<(Vec<KeyValue>, (u64, EstimateSum))> {
    let mut query = data.query();
    if let Some((from, to)) = bounds {
        query = query.between(from, to);
    }
    for key in keys {
        query = query.group_by(*key);
    }
    query
        .run()
        .rows()
        .iter()
        .map(|r| (r.keys().to_vec(), (r.events(), r.fatalities())))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every combination of up to four grid and period keys, over all the
    /// incidents or a window of them, gives the rows of a plain scan.
    #[test]
    fn grid_rows_match_a_plain_scan(
        specs in specs(),
        keys in vec(key(), 1..=4),
        window in weighted(0.4, (0..400i64, 0..400i64)),
    ) {
        let data = build(&specs);
        let bounds = window.map(|(a, b)| {
            let day = |offset| date!(2024 - 01 - 01) + Duration::days(offset);
            (day(a.min(b)), day(a.max(b)))
        });
        prop_assert_eq!(run(&data, &keys, bounds), scan(&data, &keys, bounds));
    }

    /// With the group key too (each incident counted once per group), the
    /// grid values are those of a plain scan.
    #[test]
    fn grid_rows_with_groups_match_a_plain_scan(specs in specs(), grid in key()) {
        let data = build(&specs);
        let table = data.query().group_by(grid).group_by(Key::Group).run();
        // No incident has an actor: one row per cell, group none.
        let got: Vec<(Vec<KeyValue>, (u64, EstimateSum))> = table
            .rows()
            .iter()
            .map(|r| (r.keys()[..1].to_vec(), (r.events(), r.fatalities())))
            .collect();
        prop_assert!(table.rows().iter().all(|r| r.keys()[1] == KeyValue::None));
        prop_assert_eq!(got, scan(&data, &[grid], None));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Three grids and days of some 40 to 80 incidents spread over the
    /// Earth make millions of combinations, too many to lay out densely:
    /// the totals are hashed, and still match.
    #[test]
    fn many_combinations_are_totalled_by_hashing(
        specs in vec((0..400i64, (-90.0..=90.0f64, -180.0..=180.0f64).prop_map(Some), estimate()), 40..80),
    ) {
        let data = build(&specs);
        let keys = [
            Key::PrioGrid,
            Key::Grid(KmGrid::new(1).unwrap()),
            Key::Grid(KmGrid::TEN_KM),
            Key::Period(Period::Day),
        ];
        prop_assert_eq!(run(&data, &keys, None), scan(&data, &keys, None));
    }
}

// ---------------------------------------------------------------------------
// PRIO-GRID cells against UCDP's own
// ---------------------------------------------------------------------------

/// A row's latitude, longitude and UCDP's `priogrid_gid`.
type UcdpPlace = (f64, f64, u32);

/// What a UCDP GED file says of each row's place, read with the csv crate
/// alone, by column name. Rows of UCDP's website export end with a comma,
/// one field more than the header: the reader is flexible.
fn ucdp_cells(input: impl std::io::Read) -> Vec<UcdpPlace> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|c| c == name).unwrap();
    let (lat, lon, gid) = (at("latitude"), at("longitude"), at("priogrid_gid"));
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (
                record[lat].parse().unwrap(),
                record[lon].parse().unwrap(),
                record[gid].parse().unwrap(),
            )
        })
        .collect()
}

/// The rows whose `priogrid_gid` is not the cell `containing` gives, each
/// with the gid it gives; and how many rows lie on a 0.5° line of latitude
/// or longitude (doubling is exact, so such a coordinate doubles to a whole
/// number).
fn against_ucdp(rows: &[UcdpPlace]) -> (Vec<(UcdpPlace, Option<u32>)>, usize) {
    let differ = rows
        .iter()
        .map(|&(lat, lon, gid)| {
            let ours = PrioGridCell::containing(lat, lon).map(|c| c.gid());
            ((lat, lon, gid), ours)
        })
        .filter(|&((_, _, gid), ours)| ours != Some(gid))
        .collect();
    let on_a_line = rows
        .iter()
        .filter(|(lat, lon, _)| (lat * 2.0).fract() == 0.0 || (lon * 2.0).fract() == 0.0)
        .count();
    (differ, on_a_line)
}

/// UCDP's `priogrid_gid` is the cell [`PrioGridCell::containing`] gives
/// for each of the 40 rows of the Mali extract, two of them on 0.5° lines:
/// id 151515 at exactly 20° N, 3° W (UCDP's cell 158755: row floor(110 ·
/// 2) + 1 = 221, column floor(177 · 2) + 1 = 355, 220 · 720 + 355), and
/// id 256872 at 14.666667° N, 4° W (cell 150833: row 210, column 353).
#[test]
fn prio_grid_cells_are_ucdps_in_the_mali_extract() {
    let rows = ucdp_cells(&include_bytes!("../fixtures/ucdp/mali-extract.csv")[..]);
    assert_eq!(rows.len(), 40);
    let (differ, on_a_line) = against_ucdp(&rows);
    assert_eq!(differ, []);
    assert_eq!(on_a_line, 2);
    let on_edges = [(20.0, -3.0, 158_755), (14.666_667, -4.0, 150_833)];
    for (lat, lon, gid) in on_edges {
        assert!(rows.contains(&(lat, lon, gid)), "{lat}, {lon}");
    }
}

/// UCDP's `priogrid_gid` is the cell [`PrioGridCell::containing`] gives
/// for every row of both shared files: all 2,120 of Mali's and all 1,504
/// of Burkina Faso's match, none differ. Rows on a 0.5° line test the
/// edge rule: 88 of Mali's (57 on a line of latitude, 86 on one of
/// longitude, 55 on both, all 55 at whole degrees of both) and 22 of
/// Burkina Faso's (9, 16 and 3). UCDP puts each in the cell to its north
/// and east, as `containing` does: a point on a cell's southern or western
/// edge belongs to it.
#[test]
#[ignore = "reads the shared data file ../shared/data/ucdp-ged-mali.csv"]
fn prio_grid_cells_are_ucdps_in_the_shared_files() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    for (name, count, lines) in [
        ("ucdp-ged-mali.csv", 2_120, 88),
        ("ucdp-ged-burkina-faso.csv", 1_504, 22),
    ] {
        let path = dir.join(name);
        if !path.exists() {
            eprintln!("skipped: {} is absent", path.display());
            continue;
        }
        let rows = ucdp_cells(std::fs::File::open(&path).unwrap());
        assert_eq!(rows.len(), count, "{name}");
        let (differ, on_a_line) = against_ucdp(&rows);
        assert_eq!(differ, [], "{name}");
        assert_eq!(on_a_line, lines, "{name}");
    }
}
