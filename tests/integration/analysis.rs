//! Published indicators: ACLED's weekly aggregates, actor concentration,
//! the Conflict Index indicators, UCDP yearly counts and the allocation of
//! multi-day counts, each on a small hand-made dataset whose answers are
//! worked out by hand in the comments, then properties of the allocation
//! over random spans.

use conflict_events::analysis::{
    CountryIndicators, Measure, acled_weekly, acled_weekly_between, actor_concentration,
    concentration, conflict_indicators, index_window, ucdp_yearly,
};
use conflict_events::query::{Allocation, Key, Period, allocate};
use conflict_events::space::{GridCell, KmGrid};
use conflict_events::*;
use geo_types::{LineString, MultiPolygon, Polygon};
use proptest::prelude::*;
use proptest::sample::select;
use time::macros::date;
use time::{Date, Duration};

fn code(text: &str) -> CountryCode {
    text.parse().unwrap()
}

fn at(lat: f64, lon: f64) -> Location {
    Location::new(lat, lon, GeoPrecision::Exact).unwrap()
}

fn principal(group: GroupId, side: Side) -> Actor {
    Actor::new(group, side, Role::Principal, Confidence::Reported)
}

// ---------------------------------------------------------------------------
// ACLED weekly aggregates
// ---------------------------------------------------------------------------

/// Mali (Kayes > Bafoulabe, Bamako) and Burkina Faso (Sahel), with eight
/// incidents in three ACLED weeks (Saturday to Friday): 3, 10 and 17
/// January 2026 are Saturdays.
fn weekly_world() -> Dataset {
    let mut b = DatasetBuilder::new();
    let mali = b.add_region(Region::country("Mali", code("MLI")));
    let kayes = b.add_region(Region::new("Kayes", code("MLI"), AdminLevel::ADMIN1).parent(mali));
    let bafoulabe =
        b.add_region(Region::new("Bafoulabe", code("MLI"), AdminLevel::ADMIN2).parent(kayes));
    let bamako = b.add_region(Region::new("Bamako", code("MLI"), AdminLevel::ADMIN1).parent(mali));
    let burkina = b.add_region(Region::country("Burkina Faso", code("BFA")));
    let sahel = b.add_region(Region::new("Sahel", code("BFA"), AdminLevel::ADMIN1).parent(burkina));
    let range = Estimate::range(5, Some(7), 9).unwrap();
    for (day, region, sub, dead) in [
        // Friday: the week of Saturday 3 January.
        (
            date!(2026 - 01 - 09),
            kayes,
            SubEventType::Attack,
            Estimate::Exact(2),
        ),
        // Saturday, in an admin2 of Kayes: Kayes's row.
        (
            date!(2026 - 01 - 10),
            bafoulabe,
            SubEventType::Attack,
            Estimate::Exact(3),
        ),
        (
            date!(2026 - 01 - 11),
            kayes,
            SubEventType::Attack,
            Estimate::AtLeast(4),
        ),
        // Friday 16: still the week of Saturday 10.
        (
            date!(2026 - 01 - 16),
            kayes,
            SubEventType::ArmedClash,
            Estimate::Unknown,
        ),
        // Known only to the country, in two countries: two rows.
        (
            date!(2026 - 01 - 10),
            mali,
            SubEventType::PeacefulProtest,
            Estimate::Exact(0),
        ),
        (
            date!(2026 - 01 - 10),
            burkina,
            SubEventType::Attack,
            Estimate::Exact(1),
        ),
        (
            date!(2026 - 01 - 12),
            sahel,
            SubEventType::AirDroneStrike,
            range,
        ),
        (
            date!(2026 - 01 - 17),
            bamako,
            SubEventType::Attack,
            Estimate::Exact(1),
        ),
    ] {
        b.add_incident(
            Incident::builder(sub, DateSpan::day(day), region)
                .figure(Quantity::Fatalities, dead)
                .build(),
        );
    }
    b.build().unwrap()
}

#[test]
fn weekly_rows_are_one_per_week_admin1_and_sub_event_type() {
    let data = weekly_world();
    let rows = acled_weekly(&data);
    let got: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.week,
                r.country.as_str(),
                r.admin1.as_deref(),
                r.sub_event_type,
                r.events,
                r.fatalities,
            )
        })
        .collect();
    // Sorted by week, country name (Burkina Faso before Mali), admin1
    // (country-only first), then sub-event type in hierarchy order (armed
    // clash before attack). Kayes's attacks of the week of 10 January are
    // Bafoulabe's 3 and Kayes's "at least 4", whose best figure is its low
    // end: 7. The unknown figure of the armed clash counts 0.
    let expected = [
        (
            date!(2026 - 01 - 03),
            "Mali",
            Some("Kayes"),
            SubEventType::Attack,
            1,
            2,
        ),
        (
            date!(2026 - 01 - 10),
            "Burkina Faso",
            None,
            SubEventType::Attack,
            1,
            1,
        ),
        (
            date!(2026 - 01 - 10),
            "Burkina Faso",
            Some("Sahel"),
            SubEventType::AirDroneStrike,
            1,
            7,
        ),
        (
            date!(2026 - 01 - 10),
            "Mali",
            None,
            SubEventType::PeacefulProtest,
            1,
            0,
        ),
        (
            date!(2026 - 01 - 10),
            "Mali",
            Some("Kayes"),
            SubEventType::ArmedClash,
            1,
            0,
        ),
        (
            date!(2026 - 01 - 10),
            "Mali",
            Some("Kayes"),
            SubEventType::Attack,
            2,
            7,
        ),
        (
            date!(2026 - 01 - 17),
            "Mali",
            Some("Bamako"),
            SubEventType::Attack,
            1,
            1,
        ),
    ];
    assert_eq!(got, expected);
    // Every incident is in exactly one row.
    assert_eq!(rows.iter().map(|r| r.events).sum::<u64>(), 8);
}

#[test]
fn weekly_rows_carry_the_types_and_the_whole_estimate() {
    let data = weekly_world();
    let rows = acled_weekly(&data);
    let protest = &rows[3];
    assert_eq!(protest.disorder_type, DisorderType::Demonstrations);
    assert_eq!(protest.event_type, EventType::Protests);
    assert_eq!(protest.country_code, code("MLI"));
    assert_eq!(protest.admin1_id, None);
    // Kayes's attacks: 3 exact plus "at least 4": low 7, best 7, no high.
    let attacks = rows[5].fatality_estimate;
    assert_eq!(
        (attacks.low(), attacks.best(), attacks.high()),
        (7, 7, None)
    );
    assert_eq!((attacks.terms(), attacks.unbounded()), (2, 1));
    // The armed clash's figure is unknown: 0 best, counted apart.
    let clash = rows[4].fatality_estimate;
    assert_eq!((clash.best(), clash.unknown(), clash.high()), (0, 1, None));
    // The drone strike: 5 to 9, best 7.
    let strike = rows[2].fatality_estimate;
    assert_eq!(
        (strike.low(), strike.best(), strike.high()),
        (5, 7, Some(9))
    );
    assert_eq!(rows[2].event_type, EventType::ExplosionsRemoteViolence);
}

#[test]
fn weekly_rows_between_two_days_keep_only_those_days() {
    let data = weekly_world();
    // Saturday 10 to Friday 16: the five rows of that week, nothing else.
    let rows = acled_weekly_between(&data, date!(2026 - 01 - 10), date!(2026 - 01 - 16));
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r.week == date!(2026 - 01 - 10)));
    assert_eq!(rows.iter().map(|r| r.events).sum::<u64>(), 6);
    // A window that starts mid-week still labels the week by its Saturday.
    let rows = acled_weekly_between(&data, date!(2026 - 01 - 12), date!(2026 - 01 - 12));
    let got: Vec<_> = rows.iter().map(|r| (r.week, r.events)).collect();
    assert_eq!(got, [(date!(2026 - 01 - 10), 1)]);
    assert!(acled_weekly_between(&data, date!(2026 - 02 - 01), date!(2026 - 01 - 01)).is_empty());
}

#[test]
fn weekly_rows_serialise_with_iso_weeks_and_snake_case_types() {
    let data = weekly_world();
    let rows = acled_weekly(&data);
    let json = serde_json::to_value(&rows[0]).unwrap();
    assert_eq!(json["week"], "2026-01-03");
    assert_eq!(json["sub_event_type"], "attack");
    assert_eq!(json["disorder_type"], "political_violence");
    assert_eq!(json["fatalities"], 2);
}

// ---------------------------------------------------------------------------
// Actor concentration
// ---------------------------------------------------------------------------

#[test]
fn concentration_reproduces_the_acledr_examples() {
    // acledR's documentation: five actors with 10 events each give
    // "5" effective actors and "0.2" concentration. Σs² = 5 · (1/5)² = 1/5.
    let even = concentration(&[10, 10, 10, 10, 10]).unwrap();
    assert_eq!((even.hhi, even.effective_actors), (0.2, 5.0));
    assert_eq!((even.actors, even.mean), (5, 10.0));

    // (10, 1, 1, 1, 1): "1.88" and "0.53". Total 14, Σx² = 100 + 4 = 104,
    // so HHI = 104 / 196 = 0.5306... and 1/HHI = 196 / 104 = 1.8846...
    let skewed = concentration(&[10, 1, 1, 1, 1]).unwrap();
    assert_eq!(skewed.hhi, 104.0 / 196.0);
    assert_eq!(skewed.effective_actors, 196.0 / 104.0);
    assert_eq!(format!("{:.2}", skewed.effective_actors), "1.88");
    assert_eq!(format!("{:.2}", skewed.hhi), "0.53");

    // (10, 10, 1, 1, 1): "around 2.61" and "0.38". Total 23, Σx² = 203.
    let two = concentration(&[10, 10, 1, 1, 1]).unwrap();
    assert_eq!(two.hhi, 203.0 / 529.0);
    assert_eq!(
        format!("{:.2} {:.2}", two.effective_actors, two.hhi),
        "2.61 0.38"
    );
}

#[test]
fn concentration_of_nothing_is_none() {
    assert_eq!(concentration(&[]), None);
    assert_eq!(concentration(&[0]), None);
    assert_eq!(concentration(&[0, 0, 0]), None);
}

/// JNIM actor 1 of three incidents (1, 2 and 3 dead), ISSP of one (6
/// dead), FAMa of one in Burkina Faso (0 dead), and one incident with no
/// actor (10 dead).
fn actor_world() -> Dataset {
    let mut b = DatasetBuilder::new();
    let mali = b.add_region(Region::country("Mali", code("MLI")));
    let burkina = b.add_region(Region::country("Burkina Faso", code("BFA")));
    let jnim = b.add_group(Group::new("JNIM", GroupKind::Jihadist));
    let issp = b.add_group(Group::new("ISSP", GroupKind::Jihadist));
    let fama = b.add_group(Group::new("FAMa", GroupKind::StateForces));
    let day = DateSpan::day(date!(2026 - 01 - 10));
    for (group, region, dead) in [
        (Some(jnim), mali, 1),
        (Some(jnim), mali, 2),
        (Some(jnim), burkina, 3),
        (Some(issp), mali, 6),
        (Some(fama), burkina, 0),
        (None, mali, 10),
    ] {
        let mut incident = Incident::builder(SubEventType::Attack, day, region)
            .figure(Quantity::Fatalities, Estimate::Exact(dead));
        if let Some(group) = group {
            incident = incident.perpetrator(group, Confidence::Reported);
        }
        b.add_incident(incident.build());
    }
    b.build().unwrap()
}

#[test]
fn actor_concentration_shares_out_events_or_fatalities() {
    let data = actor_world();
    let table = data.query().group_by(Key::Actor1).run();
    // Events: JNIM 3, ISSP 1, FAMa 1 (the incident with no actor is left
    // out). Total 5, Σx² = 9 + 1 + 1 = 11: HHI 11/25, 25/11 actors.
    let events = actor_concentration(&table, Measure::Events)
        .unwrap()
        .unwrap();
    assert_eq!(
        (events.hhi, events.effective_actors),
        (11.0 / 25.0, 25.0 / 11.0)
    );
    assert_eq!(events.actors, 3);
    // Fatalities: JNIM 6, ISSP 6, FAMa 0. Total 12, Σx² = 72: HHI 1/2,
    // 2 effective actors; FAMa is still one of the 3 actors.
    let dead = actor_concentration(&table, Measure::Fatalities)
        .unwrap()
        .unwrap();
    assert_eq!(
        (dead.hhi, dead.effective_actors, dead.actors),
        (0.5, 2.0, 3)
    );
    assert_eq!(dead.mean, 4.0);
}

#[test]
fn actor_concentration_adds_up_an_actors_rows_under_other_keys() {
    let data = actor_world();
    // JNIM is split over Mali (2) and Burkina Faso (1): the same answer.
    let table = data
        .query()
        .group_by(Key::Country)
        .group_by(Key::Actor1)
        .run();
    assert!(table.rows().len() > 3);
    let events = actor_concentration(&table, Measure::Events)
        .unwrap()
        .unwrap();
    assert_eq!((events.hhi, events.actors), (11.0 / 25.0, 3));
}

#[test]
fn actor_concentration_needs_a_table_grouped_by_actor_1() {
    let data = actor_world();
    let table = data.query().group_by(Key::Country).run();
    let err = actor_concentration(&table, Measure::Events).unwrap_err();
    assert!(matches!(err, Error::InvalidValue { field: "table", .. }));
    assert_eq!(
        err.to_string(),
        "table: expected a table grouped by Key::Actor1, found keys [Country]"
    );
    // Grouped by actor, but nothing in it: no concentration.
    let empty = data
        .query()
        .between(date!(2030 - 01 - 01), date!(2030 - 12 - 31))
        .group_by(Key::Actor1)
        .run();
    assert_eq!(actor_concentration(&empty, Measure::Events).unwrap(), None);
    // Only incidents with no actor 1: nothing to share out.
    let mut b = DatasetBuilder::new();
    let mali = b.add_region(Region::country("Mali", code("MLI")));
    let day = DateSpan::day(date!(2026 - 01 - 10));
    b.add_incident(Incident::builder(SubEventType::Attack, day, mali).build());
    let unattributed = b.build().unwrap();
    let table = unattributed.query().group_by(Key::Actor1).run();
    assert_eq!(table.rows().len(), 1);
    assert_eq!(actor_concentration(&table, Measure::Events).unwrap(), None);
}

// ---------------------------------------------------------------------------
// Conflict Index indicators
// ---------------------------------------------------------------------------

/// A square from 0.01° to 0.51° of latitude and longitude.
///
/// Its cells by hand (rows of h = 10 / 111.19508 = 0.0899322°, numbered
/// from the South Pole; rows this close to the equator have 4003 columns
/// of w = 360 / 4003 = 0.0899326°, numbered from 180° W): row r's middle
/// is −90 + (r + 0.5)·h, inside (0.01, 0.51) for r = 1001 (0.067°) to
/// 1005 (0.427°); column c's middle is −180 + (c + 0.5)·w, inside for
/// c = 2002 (0.045°) to 2006 (0.405°). 5 × 5 = 25 cells.
fn square() -> MultiPolygon<f64> {
    let ring = LineString::from(vec![
        (0.01, 0.01),
        (0.51, 0.01),
        (0.51, 0.51),
        (0.01, 0.51),
        (0.01, 0.01),
    ]);
    MultiPolygon(vec![Polygon::new(ring, vec![])])
}

struct IndexWorld {
    data: Dataset,
    jnim: GroupId,
    dozo: GroupId,
    bandits: GroupId,
    turncoats: GroupId,
}

/// Squareland (the square above as its boundary, with one admin1), Mali
/// (no boundary) and Niger (no incidents), for the window of an update on
/// 1 December 2025: 1 December 2024 to 30 November 2025.
fn index_world() -> IndexWorld {
    let mut b = DatasetBuilder::new();
    let square_land = b.add_region(Region::country("Squareland", code("XSQ")).geometry(square()));
    let north = b.add_region(
        Region::new("Squareland North", code("XSQ"), AdminLevel::ADMIN1).parent(square_land),
    );
    let mali = b.add_region(Region::country("Mali", code("MLI")));
    b.add_region(Region::country("Niger", code("NER")));
    let jnim = b.add_group(Group::new("JNIM", GroupKind::Jihadist));
    let fama = b.add_group(Group::new("FAMa", GroupKind::StateForces));
    let dozo = b.add_group(Group::new("Dozo", GroupKind::IdentityMilitia));
    let bandits = b.add_group(Group::new("Bandits", GroupKind::Criminal));
    let wagner = b.add_group(Group::new("Wagner", GroupKind::ExternalForces));
    let rioters = b.add_group(Group::new("Rioters", GroupKind::Rioters));
    let turncoats = b.add_group(Group::new("Turncoats", GroupKind::StateForces));
    let recoded = b.add_group(Group::new("Recoded", GroupKind::Rebel));
    let allies = b.add_group(Group::new("Allies", GroupKind::Rebel));
    let june = DateSpan::day(date!(2025 - 06 - 01));
    let exact = |n| Estimate::Exact(n);

    // Cell A (0.2°, 0.2°): 10 JNIM attacks on civilians, 1 dead each.
    for _ in 0..10 {
        b.add_incident(
            Incident::builder(SubEventType::Attack, june, square_land)
                .location(at(0.2, 0.2))
                .perpetrator(jnim, Confidence::Reported)
                .civilians_targeted(true)
                .figure(Quantity::Fatalities, exact(1))
                .build(),
        );
    }
    // Cell B (0.4°, 0.4°), in the admin1: 9 clashes of FAMa and the Dozo,
    // 2 dead each; one short of a high-violence cell.
    for _ in 0..9 {
        b.add_incident(
            Incident::builder(SubEventType::ArmedClash, june, north)
                .location(at(0.4, 0.4))
                .perpetrator(fama, Confidence::Reported)
                .actor(principal(dozo, Side::B))
                .figure(Quantity::Fatalities, exact(2))
                .build(),
        );
    }
    // Cell C (0.6°, 0.6°), outside the boundary: bandits against Wagner,
    // at least 5 dead.
    b.add_incident(
        Incident::builder(SubEventType::ArmedClash, june, square_land)
            .location(at(0.6, 0.6))
            .perpetrator(bandits, Confidence::Reported)
            .actor(principal(wagner, Side::B))
            .figure(Quantity::Fatalities, Estimate::AtLeast(5))
            .build(),
    );
    // Mob violence on civilians, no location: political violence.
    b.add_incident(
        Incident::builder(SubEventType::MobViolence, june, square_land)
            .perpetrator(rioters, Confidence::Reported)
            .civilians_targeted(true)
            .figure(Quantity::Fatalities, exact(1))
            .build(),
    );
    // A clash where the coded actor types decide: Turncoats (state forces
    // by kind) coded as a rebel group count; Recoded (a rebel group by
    // kind) coded as external forces does not; Allies, an associated
    // actor, does not.
    b.add_incident(
        Incident::builder(SubEventType::ArmedClash, june, square_land)
            .actor(principal(turncoats, Side::A).coded_as(ActorKind::RebelGroup))
            .actor(principal(recoded, Side::B).coded_as(ActorKind::ExternalOtherForces))
            .actor(Actor::new(
                allies,
                Side::A,
                Role::Associated,
                Confidence::Reported,
            ))
            .figure(Quantity::Fatalities, exact(0))
            .build(),
    );
    // Not political violence: a peaceful protest and a violent
    // demonstration (3 dead), both in cell A.
    for (sub, dead) in [
        (SubEventType::PeacefulProtest, 0),
        (SubEventType::ViolentDemonstration, 3),
    ] {
        b.add_incident(
            Incident::builder(sub, june, square_land)
                .location(at(0.2, 0.2))
                .actor(principal(rioters, Side::A))
                .figure(Quantity::Fatalities, exact(dead))
                .build(),
        );
    }
    // Outside the window: the day before it starts and the update day.
    for day in [date!(2024 - 11 - 30), date!(2025 - 12 - 01)] {
        b.add_incident(
            Incident::builder(SubEventType::Attack, DateSpan::day(day), square_land)
                .location(at(0.2, 0.2))
                .perpetrator(jnim, Confidence::Reported)
                .civilians_targeted(true)
                .figure(Quantity::Fatalities, exact(100))
                .build(),
        );
    }
    // Mali: one JNIM attack on civilians, 3 dead.
    b.add_incident(
        Incident::builder(
            SubEventType::Attack,
            DateSpan::day(date!(2025 - 03 - 01)),
            mali,
        )
        .location(at(14.45, -11.44))
        .perpetrator(jnim, Confidence::Reported)
        .civilians_targeted(true)
        .figure(Quantity::Fatalities, exact(3))
        .build(),
    );
    IndexWorld {
        data: b.build().unwrap(),
        jnim,
        dozo,
        bandits,
        turncoats,
    }
}

fn index(
    world: &IndexWorld,
    populated: Option<&dyn Fn(GridCell) -> bool>,
) -> Vec<CountryIndicators> {
    let (from, to) = index_window(date!(2025 - 12 - 01)).unwrap();
    assert_eq!((from, to), (date!(2024 - 12 - 01), date!(2025 - 11 - 30)));
    conflict_indicators(&world.data, from, to, populated)
}

#[test]
fn conflict_indicators_count_political_violence_in_the_window() {
    let world = index_world();
    let rows = index(&world, None);
    let names: Vec<&str> = rows.iter().map(|r| r.country.as_str()).collect();
    assert_eq!(names, ["Squareland", "Mali", "Niger"]);
    let sq = &rows[0];
    // Political violence: 10 attacks + 9 clashes + 1 clash in C + 1 mob
    // violence + 1 clash of coded actors = 22; not the protest, the
    // violent demonstration or the two attacks outside the window.
    assert_eq!(sq.events, 22);
    // Deadliness: 10·1 + 9·2 + 5 (the low end of "at least 5") + 1 + 0 = 34.
    assert_eq!(sq.deadliness, 34);
    assert_eq!((sq.fatalities.low(), sq.fatalities.high()), (34, None));
    // Danger: the 10 attacks and the mob violence targeted civilians.
    assert_eq!(sq.danger, 11);
    // Fragmentation: JNIM (jihadist), the Dozo (identity militia, side B),
    // the bandits (criminal) and the Turncoats (coded as a rebel group);
    // not FAMa, Wagner, the rioters, Recoded or the associated Allies.
    let mut expected = vec![world.jnim, world.dozo, world.bandits, world.turncoats];
    expected.sort();
    assert_eq!(sq.armed_groups, expected);
    assert_eq!(sq.fragmentation, 4);
    assert_eq!(
        (sq.from, sq.to),
        (date!(2024 - 12 - 01), date!(2025 - 11 - 30))
    );

    let mali = &rows[1];
    assert_eq!((mali.events, mali.deadliness, mali.danger), (1, 3, 1));
    assert_eq!(mali.armed_groups, [world.jnim]);

    let niger = &rows[2];
    assert_eq!(
        (
            niger.events,
            niger.deadliness,
            niger.danger,
            niger.fragmentation
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(niger.diffusion.high_violence_cells, 0);
    assert_eq!(niger.diffusion.cells, None);
}

#[test]
fn diffusion_is_the_share_of_high_violence_cells() {
    let world = index_world();
    let rows = index(&world, None);
    let d = rows[0].diffusion;
    // Cell A has 10 political-violence events (the protest and the violent
    // demonstration there do not count), B 9, C 1: one high-violence cell.
    // The country's cells: the square's 25, plus C, outside it but holding
    // one of its incidents: 26.
    assert_eq!((d.high_violence_cells, d.cells), (1, Some(26)));
    assert_eq!(d.proportion, Some(1.0 / 26.0));
    // Mali has no boundary: its cells are unknown.
    assert_eq!(rows[1].diffusion.cells, None);
    assert_eq!(rows[1].diffusion.proportion, None);
}

#[test]
fn diffusion_counts_only_the_cells_the_caller_says_are_populated() {
    let world = index_world();
    // Cells whose centre is south of 0.3°: rows 1001 to 1003 (middles
    // 0.067°, 0.157°, 0.247°), 3 × 5 = 15 of the square's cells; A (row
    // 1002) is one of them, C (row 1007) is not.
    let south = |cell: GridCell| cell.centre().0 < 0.3;
    let rows = index(&world, Some(&south));
    let d = rows[0].diffusion;
    assert_eq!((d.high_violence_cells, d.cells), (1, Some(15)));
    assert_eq!(d.proportion, Some(1.0 / 15.0));
    // Leave out A's cell and no cell is high-violence.
    let a = KmGrid::TEN_KM.cell(0.2, 0.2).unwrap();
    let not_a = move |cell: GridCell| cell != a;
    let rows = index(&world, Some(&not_a));
    let d = rows[0].diffusion;
    assert_eq!(
        (d.high_violence_cells, d.cells, d.proportion),
        (0, Some(25), Some(0.0))
    );
    // Leave out every cell: no proportion.
    let none = |_: GridCell| false;
    let d = index(&world, Some(&none))[0].diffusion;
    assert_eq!((d.cells, d.proportion), (Some(0), None));
}

#[test]
fn the_square_has_the_cells_worked_out_by_hand() {
    let cells = KmGrid::TEN_KM.cells_centred_in(&square());
    let got: Vec<(u32, u32)> = cells.iter().map(|c| (c.row(), c.col())).collect();
    let expected: Vec<(u32, u32)> = (1001..=1005)
        .flat_map(|row| (2002..=2006).map(move |col| (row, col)))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        KmGrid::TEN_KM.cell(0.2, 0.2).map(|c| (c.row(), c.col())),
        Some((1002, 2003))
    );
}

#[test]
fn the_index_window_is_the_twelve_months_before_the_update() {
    assert_eq!(
        index_window(date!(2026 - 01 - 14)),
        Some((date!(2025 - 01 - 14), date!(2026 - 01 - 13)))
    );
    assert_eq!(
        index_window(date!(2024 - 02 - 29)),
        Some((date!(2023 - 03 - 01), date!(2024 - 02 - 28)))
    );
    assert_eq!(index_window(Date::MIN), None);
    let next = Date::MIN.next_day().unwrap();
    assert_eq!(index_window(next), Some((Date::MIN, Date::MIN)));
    // An empty or reversed window gives every country with zeros.
    let world = index_world();
    let rows = conflict_indicators(
        &world.data,
        date!(2025 - 12 - 31),
        date!(2025 - 01 - 01),
        None,
    );
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.events == 0 && r.fragmentation == 0));
}

// ---------------------------------------------------------------------------
// UCDP yearly counts
// ---------------------------------------------------------------------------

#[test]
fn ucdp_yearly_sums_low_best_and_high_per_country_year_and_type() {
    let mut b = DatasetBuilder::new();
    let mali = b.add_region(Region::country("Mali", code("MLI")));
    let kayes = b.add_region(Region::new("Kayes", code("MLI"), AdminLevel::ADMIN1).parent(mali));
    let burkina = b.add_region(Region::country("Burkina Faso", code("BFA")));
    let range = |low, best, high| Estimate::range(low, best, high).unwrap();
    let span = |from, to| DateSpan::new(from, to, TimePrecision::Days).unwrap();
    for (when, region, violence, dead) in [
        // Runs into 2025 but starts in 2024: a 2024 event.
        (
            span(date!(2024 - 12 - 31), date!(2025 - 01 - 02)),
            mali,
            Some(ViolenceType::StateBased),
            range(4, Some(5), 7),
        ),
        (
            DateSpan::day(date!(2025 - 01 - 05)),
            mali,
            Some(ViolenceType::StateBased),
            range(1, Some(2), 3),
        ),
        (
            DateSpan::day(date!(2025 - 02 - 01)),
            mali,
            Some(ViolenceType::StateBased),
            Estimate::Exact(10),
        ),
        // In an admin1 of Mali: Mali's.
        (
            DateSpan::day(date!(2025 - 06 - 01)),
            kayes,
            Some(ViolenceType::StateBased),
            Estimate::Approximately(20),
        ),
        (
            DateSpan::day(date!(2025 - 02 - 01)),
            mali,
            Some(ViolenceType::OneSided),
            Estimate::AtLeast(3),
        ),
        // No type of violence: left out.
        (
            DateSpan::day(date!(2025 - 03 - 01)),
            mali,
            None,
            Estimate::Exact(50),
        ),
        (
            DateSpan::day(date!(2025 - 05 - 05)),
            burkina,
            Some(ViolenceType::NonState),
            range(0, None, 4),
        ),
    ] {
        let mut incident = Incident::builder(SubEventType::ArmedClash, when, region)
            .figure(Quantity::Fatalities, dead);
        if let Some(violence) = violence {
            incident = incident.violence_type(violence);
        }
        b.add_incident(incident.build());
    }
    let data = b.build().unwrap();
    let rows = ucdp_yearly(&data);
    let got: Vec<_> = rows
        .iter()
        .map(|r| {
            let f = r.fatalities;
            (
                r.country.as_str(),
                r.year,
                r.violence_type,
                r.events,
                (f.low(), f.best(), f.high()),
            )
        })
        .collect();
    // Mali 2025 state-based: lows 1 + 10 + 20 = 31, bests 2 + 10 + 20 = 32,
    // highs 3 + 10 + 20 = 33. "At least 3" has no high. The range with no
    // best adds its low (0) to best.
    let expected = [
        (
            "Burkina Faso",
            2025,
            ViolenceType::NonState,
            1,
            (0, 0, Some(4)),
        ),
        ("Mali", 2024, ViolenceType::StateBased, 1, (4, 5, Some(7))),
        (
            "Mali",
            2025,
            ViolenceType::StateBased,
            3,
            (31, 32, Some(33)),
        ),
        ("Mali", 2025, ViolenceType::OneSided, 1, (3, 3, None)),
    ];
    assert_eq!(got, expected);
    assert_eq!(rows[3].fatalities.unbounded(), 1);
}

// ---------------------------------------------------------------------------
// Allocation of multi-day counts
// ---------------------------------------------------------------------------

fn days(from: Date, to: Date) -> DateSpan {
    DateSpan::new(from, to, TimePrecision::Days).unwrap()
}

fn amounts(parts: &[(Date, u64)]) -> Vec<u64> {
    parts.iter().map(|(_, n)| *n).collect()
}

#[test]
fn acled_even_split_gives_the_remainder_to_the_first_days() {
    let three = days(date!(2026 - 01 - 01), date!(2026 - 01 - 03));
    let split = |total| {
        amounts(&allocate(
            total,
            three,
            Period::Day,
            Allocation::AcledEvenSplit,
        ))
    };
    // The codebook's example, then 13 and 14: one extra each to the first days.
    assert_eq!(split(12), [4, 4, 4]);
    assert_eq!(split(13), [5, 4, 4]);
    assert_eq!(split(14), [5, 5, 4]);
    assert_eq!(split(2), [1, 1, 0]);
    assert_eq!(split(0), [0, 0, 0]);
    let starts: Vec<Date> = allocate(1, three, Period::Day, Allocation::AcledEvenSplit)
        .iter()
        .map(|(d, _)| *d)
        .collect();
    assert_eq!(
        starts,
        [
            date!(2026 - 01 - 01),
            date!(2026 - 01 - 02),
            date!(2026 - 01 - 03)
        ]
    );
}

#[test]
fn acled_even_split_adds_up_the_days_of_each_period() {
    // Saturday 10 to Tuesday 13 January 2026, 7 dead: days 2, 2, 2, 1.
    // ISO weeks: Saturday and Sunday in the week of Monday 5 (4), Monday
    // and Tuesday in the week of Monday 12 (3).
    let span = days(date!(2026 - 01 - 10), date!(2026 - 01 - 13));
    assert_eq!(
        allocate(7, span, Period::IsoWeek, Allocation::AcledEvenSplit),
        [(date!(2026 - 01 - 05), 4), (date!(2026 - 01 - 12), 3)]
    );
    // The whole span is one ACLED week (from Saturday 10).
    assert_eq!(
        allocate(7, span, Period::AcledWeek, Allocation::AcledEvenSplit),
        [(date!(2026 - 01 - 10), 7)]
    );
    assert_eq!(
        allocate(7, span, Period::IsoWeek, Allocation::StartDate),
        [(date!(2026 - 01 - 05), 7), (date!(2026 - 01 - 12), 0)]
    );
}

#[test]
fn prio_grid_proportional_hands_the_residual_to_the_largest_remainders() {
    // 30 January to 2 March 2025: 2 days in January, 28 in February, 2 in
    // March, 32 in all. 10 dead: 10·2/32 = 0.625, 10·28/32 = 8.75, 0.625.
    // Floors 0, 8, 0; residual 2: February (remainder 0.75) first, then
    // January and March tie at 0.625 and the earlier, January, wins.
    let span = days(date!(2025 - 01 - 30), date!(2025 - 03 - 02));
    assert_eq!(
        allocate(10, span, Period::Month, Allocation::PrioGridProportional),
        [
            (date!(2025 - 01 - 01), 1),
            (date!(2025 - 02 - 01), 9),
            (date!(2025 - 03 - 01), 0)
        ]
    );
    // ACLED's split of the same: 10 over 32 days is 1 on each of the
    // first 10 days: 2 in January, 8 in February.
    assert_eq!(
        amounts(&allocate(
            10,
            span,
            Period::Month,
            Allocation::AcledEvenSplit
        )),
        [2, 8, 0]
    );
}

#[test]
fn prio_grid_proportional_small_counts_and_whole_shares() {
    let three = days(date!(2026 - 01 - 01), date!(2026 - 01 - 03));
    let prio = |total| {
        amounts(&allocate(
            total,
            three,
            Period::Day,
            Allocation::PrioGridProportional,
        ))
    };
    // Shares of 1/3: 1 dead goes to the first day (all tie).
    assert_eq!(prio(1), [1, 0, 0]);
    // 2 dead: floors all 0, residual 2, the first two days. PRIO-GRID's
    // "last period" rule would add 1 to the third and make 3; not here.
    assert_eq!(prio(2), [1, 1, 0]);
    // Whole shares are exact: 2, 2, 2.
    assert_eq!(prio(6), [2, 2, 2]);
    // 7: floors 2, 2, 2 and one left, to the first day.
    assert_eq!(prio(7), [3, 2, 2]);
    // A one-day event in a year: one period, all of it.
    assert_eq!(
        allocate(
            5,
            DateSpan::day(date!(2025 - 07 - 04)),
            Period::Year,
            Allocation::PrioGridProportional
        ),
        [(date!(2025 - 01 - 01), 5)]
    );
}

const POLICIES: [Allocation; 3] = [
    Allocation::StartDate,
    Allocation::AcledEvenSplit,
    Allocation::PrioGridProportional,
];

const PERIODS: [Period; 5] = [
    Period::Day,
    Period::IsoWeek,
    Period::AcledWeek,
    Period::Month,
    Period::Year,
];

proptest! {
    #[test]
    fn allocations_always_add_up_to_the_count(
        start in 0i64..3000,
        length in 0i64..800,
        total in prop_oneof![0u64..50, 0u64..1_000_000, Just(u64::MAX)],
        period in select(&PERIODS[..]),
        policy in select(&POLICIES[..]),
    ) {
        let from = date!(2020 - 01 - 01) + Duration::days(start);
        let span = days(from, from + Duration::days(length));
        let parts = allocate(total, span, period, policy);
        // The amounts (u64, so never negative) add up to the count.
        let sum: u128 = parts.iter().map(|(_, n)| u128::from(*n)).sum();
        prop_assert_eq!(sum, u128::from(total));
        // One pair per period overlapped, in order, from the first day's.
        let expected: Vec<Date> = period.starts(span.start(), span.end()).collect();
        let starts: Vec<Date> = parts.iter().map(|(d, _)| *d).collect();
        prop_assert_eq!(starts, expected);
    }

    #[test]
    fn each_policy_keeps_its_own_rule(
        start in 0i64..3000,
        length in 0i64..400,
        total in 0u64..100_000,
        period in select(&PERIODS[..]),
    ) {
        let from = date!(2020 - 01 - 01) + Duration::days(start);
        let span = days(from, from + Duration::days(length));
        let n = u64::from(span.days());
        // ACLED by day: each day F / n or one more, the larger ones first.
        let by_day = amounts(&allocate(total, span, Period::Day, Allocation::AcledEvenSplit));
        prop_assert!(by_day.iter().all(|&x| x == total / n || x == total / n + 1));
        prop_assert!(by_day.windows(2).all(|w| w[0] >= w[1]));
        // ACLED by period: the sum of those days.
        for (period_start, amount) in allocate(total, span, period, Allocation::AcledEvenSplit) {
            let next = period.next(period_start).unwrap();
            let own: u64 = by_day
                .iter()
                .enumerate()
                .filter(|(k, _)| {
                    let day = span.start() + Duration::days(*k as i64);
                    period_start <= day && day < next
                })
                .map(|(_, x)| x)
                .sum();
            prop_assert_eq!(amount, own);
        }
        // PRIO-GRID: within one unit of the exact share F · overlap / n.
        for (period_start, amount) in allocate(total, span, period, Allocation::PrioGridProportional) {
            let next = period.next(period_start).unwrap();
            let first = period_start.max(span.start());
            let last = (next - Duration::days(1)).min(span.end());
            let overlap = (last - first).whole_days() as u64 + 1;
            let exact = u128::from(total) * u128::from(overlap);
            let floor = exact / u128::from(n);
            let ceil = exact.div_ceil(u128::from(n));
            prop_assert!(u128::from(amount) == floor || u128::from(amount) == ceil);
        }
    }
}
