//! Queries and series: every filter, key and measure on small hand-made
//! datasets whose answers are worked out by hand, then properties over
//! random datasets checked against naive scans written here.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use conflict_events::query::{Key, KeyValue, Period, Query, Row, Series, Table};
use conflict_events::{
    Actor, AdminLevel, Blockade, BlockadeId, Commodity, Confidence, Dataset, DatasetBuilder,
    DateSpan, Estimate, EstimateSum, EventType, GeoPrecision, Group, GroupId, GroupKind, Incident,
    IncidentBuilder, IncidentId, Location, Quantity, Region, RegionId, Role, Side, Site, SiteId,
    SiteKind, SubEventType, Target, TimePrecision,
};
use proptest::collection::vec;
use proptest::option::weighted;
use proptest::prelude::*;
use proptest::sample::select;
use time::macros::date;
use time::{Date, Duration, Month};

// ---------------------------------------------------------------------------
// The hand-made world
// ---------------------------------------------------------------------------

/// The entities every dataset here shares.
///
/// Region ids are chosen so that a country's divisions are not all
/// numbered before the next country's: Bamako (7) is Mali's (0) but comes
/// after Burkina Faso (4) and its Sahel (5). Nor are they together by
/// name, the order rows come in: Bafoulabe, Bamako, Burkina Faso, Diamou,
/// Kayes, Kita, Mali, Sahel, Soum. Groups by name: Dozo, FAMa, ISSP, JNIM.
struct World {
    /// 0: a country.
    mali: RegionId,
    /// 1: admin1 of Mali.
    kayes: RegionId,
    /// 2: admin2 of Kayes.
    bafoulabe: RegionId,
    /// 3: admin2 of Kayes.
    kita: RegionId,
    /// 4: a country.
    burkina: RegionId,
    /// 5: admin1 of Burkina Faso.
    sahel: RegionId,
    /// 6: admin2 of Sahel.
    soum: RegionId,
    /// 7: admin1 of Mali.
    bamako: RegionId,
    /// 8: admin3 of Bafoulabe.
    diamou: RegionId,
    /// Groups 0 to 3.
    jnim: GroupId,
    fama: GroupId,
    issp: GroupId,
    dozo: GroupId,
    /// Site 0, in Diamou.
    plant: SiteId,
    /// Site 1, in Kita.
    mine: SiteId,
    /// Blockade 0, imposed by JNIM.
    fuel: BlockadeId,
    /// Blockade 1, imposed by ISSP.
    food: BlockadeId,
}

impl World {
    fn regions(&self) -> [RegionId; 9] {
        [
            self.mali,
            self.kayes,
            self.bafoulabe,
            self.kita,
            self.burkina,
            self.sahel,
            self.soum,
            self.bamako,
            self.diamou,
        ]
    }

    fn groups(&self) -> [GroupId; 4] {
        [self.jnim, self.fama, self.issp, self.dozo]
    }

    fn sites(&self) -> [SiteId; 2] {
        [self.plant, self.mine]
    }

    fn blockades(&self) -> [BlockadeId; 2] {
        [self.fuel, self.food]
    }
}

/// A builder holding the world's regions, groups, sites and blockades.
fn world() -> (DatasetBuilder, World) {
    let mut b = DatasetBuilder::new();
    let mli = "MLI".parse().unwrap();
    let bfa = "BFA".parse().unwrap();
    let mali = b.add_region(Region::country("Mali", mli));
    let kayes = b.add_region(Region::new("Kayes", mli, AdminLevel::ADMIN1).parent(mali));
    let bafoulabe = b.add_region(Region::new("Bafoulabe", mli, AdminLevel::ADMIN2).parent(kayes));
    let kita = b.add_region(Region::new("Kita", mli, AdminLevel::ADMIN2).parent(kayes));
    let burkina = b.add_region(Region::country("Burkina Faso", bfa));
    let sahel = b.add_region(Region::new("Sahel", bfa, AdminLevel::ADMIN1).parent(burkina));
    let soum = b.add_region(Region::new("Soum", bfa, AdminLevel::ADMIN2).parent(sahel));
    let bamako = b.add_region(Region::new("Bamako", mli, AdminLevel::ADMIN1).parent(mali));
    let diamou = b.add_region(Region::new("Diamou", mli, AdminLevel::ADMIN3).parent(bafoulabe));
    let jnim = b.add_group(Group::new("JNIM", GroupKind::Jihadist));
    let fama = b.add_group(Group::new("FAMa", GroupKind::StateForces));
    let issp = b.add_group(Group::new("ISSP", GroupKind::Jihadist));
    let dozo = b.add_group(Group::new("Dozo", GroupKind::IdentityMilitia));
    let plant = b.add_site(Site::new(
        "Diamou lime plant",
        SiteKind::IndustrialPlant,
        diamou,
    ));
    let mine = b.add_site(Site::new("Kita mine", SiteKind::Mine, kita));
    let fuel = b.add_blockade(
        Blockade::new("Fuel blockade", Commodity::Fuel, date!(2025 - 09 - 03)).imposed_by(jnim),
    );
    let food = b.add_blockade(
        Blockade::new("Djibo siege", Commodity::Food, date!(2022 - 02 - 01)).imposed_by(issp),
    );
    let w = World {
        mali,
        kayes,
        bafoulabe,
        kita,
        burkina,
        sahel,
        soum,
        bamako,
        diamou,
        jnim,
        fama,
        issp,
        dozo,
        plant,
        mine,
        fuel,
        food,
    };
    (b, w)
}

/// An incident named `name` (its notes) on `day` in `region` with `dead`
/// fatalities.
fn incident(
    name: &str,
    day: Date,
    region: RegionId,
    kind: SubEventType,
    dead: Estimate,
) -> IncidentBuilder {
    Incident::builder(kind, DateSpan::day(day), region)
        .figure(Quantity::Fatalities, dead)
        .notes(name)
}

fn point(lat: f64, lon: f64) -> Location {
    Location::new(lat, lon, GeoPrecision::Exact).unwrap()
}

fn range(low: u32, best: Option<u32>, high: u32) -> Estimate {
    Estimate::range(low, best, high).unwrap()
}

fn on_side_b(group: GroupId) -> Actor {
    Actor::new(group, Side::B, Role::Principal, Confidence::Reported)
}

fn associated(group: GroupId) -> Actor {
    Actor::new(group, Side::A, Role::Associated, Confidence::Reported)
}

/// Bafoulabe town, the centre of the shared workload's radius query (Q4).
const BAFOULABE: (f64, f64) = (13.8065, -10.8321);

/// The hand-made dataset: 22 incidents, named by their notes. In date
/// order (ties in the order added: i before v, o before p):
///
/// ```text
/// name first day   region       sub-event (type)       fatalities     actor1 / others      site  blockade  km from Bafoulabe
/// a    2024-02-29  Mali         Attack (VAC)           1              JNIM
/// b    2025-06-15  Soum         Armed clash (Battles)  10-20 best 12  ISSP / Dozo B
/// c    2025-09-05  Bafoulabe    Looting (SD)           0              JNIM                       fuel      0
/// d    2025-10-14  Kita         Attack (VAC)           at least 3     JNIM                 mine  fuel
/// e    2025-11-02  Bamako       Peaceful protest       0              -
/// f    2025-12-20  Kayes        Armed clash (Battles)  about 20       JNIM / FAMa B                        97.0
/// u    2025-12-24  Kayes        Looting (SD)           0              -   (a span to 12-27)
/// g    2025-12-26  Diamou       Attack (VAC)           2              JNIM                 plant           22.2
/// h    2025-12-27  Bafoulabe    Abduction (VAC)        unknown        JNIM                 plant
/// i    2025-12-28  Sahel        Air/drone (ERV)        5              FAMa / ISSP B                        far
/// v    2025-12-28  Kita         Grenade (ERV)          1              Dozo
/// j    2025-12-29  Kita         IED (ERV)              4              ISSP / JNIM A assoc.
/// k    2025-12-31  Mali         Other (SD)             unknown        JNIM
/// l    2026-01-01  Bamako       Arrests (SD)           0              FAMa                                 far
/// m    2026-01-03  Soum         Attack (VAC)           3-7            ISSP                                 far
/// n    2026-01-04  Bafoulabe    Attack (VAC)           1-3 best 2     JNIM                 plant fuel      66.7
/// o    2026-01-05  Kayes        Change to group (SD)   0              FAMa
/// p    2026-01-05  Burkina Faso Armed clash (Battles)  7              Dozo / ISSP B
/// q    2026-01-10  Kita         Attack (VAC)           about 10       - / Dozo B           mine
/// r    2026-01-12  Sahel        Attack (VAC)           3              ISSP                       food      far
/// s    2026-02-01  Bafoulabe    Mob violence (Riots)   1              -
/// t    2026-03-15  Kayes        Shelling (ERV)         at least 2     JNIM
/// ```
///
/// Weekdays: 2025-12-20 and 12-27, 2026-01-03 and 01-10 are Saturdays;
/// 2025-12-22 and 12-29, 2026-01-05 and 01-12 are Mondays.
fn sample() -> (Dataset, World) {
    use Estimate::{Approximately, AtLeast, Exact, Unknown};
    use SubEventType as S;
    let (mut b, w) = world();
    let (lat, lon) = BAFOULABE;
    let reported = Confidence::Reported;
    // Added out of date order, on purpose.
    let incidents = [
        incident(
            "t",
            date!(2026 - 03 - 15),
            w.kayes,
            S::ShellingArtilleryMissileAttack,
            AtLeast(2),
        )
        .perpetrator(w.jnim, reported),
        incident("a", date!(2024 - 02 - 29), w.mali, S::Attack, Exact(1))
            .perpetrator(w.jnim, reported),
        incident(
            "n",
            date!(2026 - 01 - 04),
            w.bafoulabe,
            S::Attack,
            range(1, Some(2), 3),
        )
        .perpetrator(w.jnim, reported)
        .target(Target::site(w.plant))
        .enforces(w.fuel)
        .location(point(lat + 0.6, lon)),
        incident(
            "b",
            date!(2025 - 06 - 15),
            w.soum,
            S::ArmedClash,
            range(10, Some(12), 20),
        )
        .perpetrator(w.issp, reported)
        .actor(on_side_b(w.dozo)),
        incident(
            "c",
            date!(2025 - 09 - 05),
            w.bafoulabe,
            S::LootingPropertyDestruction,
            Exact(0),
        )
        .perpetrator(w.jnim, reported)
        .enforces(w.fuel)
        .location(point(lat, lon)),
        incident("d", date!(2025 - 10 - 14), w.kita, S::Attack, AtLeast(3))
            .perpetrator(w.jnim, reported)
            .target(Target::site(w.mine))
            .enforces(w.fuel),
        incident(
            "e",
            date!(2025 - 11 - 02),
            w.bamako,
            S::PeacefulProtest,
            Exact(0),
        ),
        incident(
            "f",
            date!(2025 - 12 - 20),
            w.kayes,
            S::ArmedClash,
            Approximately(20),
        )
        .perpetrator(w.jnim, reported)
        .actor(on_side_b(w.fama))
        .location(point(14.45, -11.44)),
        incident("g", date!(2025 - 12 - 26), w.diamou, S::Attack, Exact(2))
            .perpetrator(w.jnim, reported)
            .target(Target::site(w.plant))
            .location(point(lat + 0.2, lon)),
        incident(
            "h",
            date!(2025 - 12 - 27),
            w.bafoulabe,
            S::AbductionForcedDisappearance,
            Unknown,
        )
        .perpetrator(w.jnim, Confidence::Suspected)
        .target(Target::site(w.plant)),
        incident(
            "i",
            date!(2025 - 12 - 28),
            w.sahel,
            S::AirDroneStrike,
            Exact(5),
        )
        .perpetrator(w.fama, reported)
        .actor(on_side_b(w.issp))
        .location(point(14.1, -1.6)),
        incident("v", date!(2025 - 12 - 28), w.kita, S::Grenade, Exact(1))
            .perpetrator(w.dozo, reported),
        incident(
            "j",
            date!(2025 - 12 - 29),
            w.kita,
            S::RemoteExplosiveLandmineIed,
            Exact(4),
        )
        .perpetrator(w.issp, reported)
        .actor(associated(w.jnim)),
        incident("k", date!(2025 - 12 - 31), w.mali, S::Other, Unknown)
            .perpetrator(w.jnim, reported),
        incident("l", date!(2026 - 01 - 01), w.bamako, S::Arrests, Exact(0))
            .perpetrator(w.fama, reported)
            .location(point(12.65, -8.0)),
        incident(
            "m",
            date!(2026 - 01 - 03),
            w.soum,
            S::Attack,
            range(3, None, 7),
        )
        .perpetrator(w.issp, reported)
        .location(point(14.0, -1.5)),
        incident(
            "o",
            date!(2026 - 01 - 05),
            w.kayes,
            S::ChangeToGroupActivity,
            Exact(0),
        )
        .perpetrator(w.fama, reported),
        incident(
            "p",
            date!(2026 - 01 - 05),
            w.burkina,
            S::ArmedClash,
            Exact(7),
        )
        .perpetrator(w.dozo, reported)
        .actor(on_side_b(w.issp)),
        incident(
            "q",
            date!(2026 - 01 - 10),
            w.kita,
            S::Attack,
            Approximately(10),
        )
        .actor(on_side_b(w.dozo))
        .target(Target::site(w.mine)),
        incident("r", date!(2026 - 01 - 12), w.sahel, S::Attack, Exact(3))
            .perpetrator(w.issp, reported)
            .enforces(w.food)
            .location(point(13.9, -1.4)),
        incident(
            "s",
            date!(2026 - 02 - 01),
            w.bafoulabe,
            S::MobViolence,
            Exact(1),
        ),
        Incident::builder(
            S::LootingPropertyDestruction,
            DateSpan::new(
                date!(2025 - 12 - 24),
                date!(2025 - 12 - 27),
                TimePrecision::Days,
            )
            .unwrap(),
            w.kayes,
        )
        .figure(Quantity::Fatalities, Exact(0))
        .notes("u"),
    ];
    for i in incidents {
        b.add_incident(i.build());
    }
    (b.build().unwrap(), w)
}

/// The names of incidents `ids`, in the order given.
fn names(data: &Dataset, ids: &[IncidentId]) -> String {
    ids.iter()
        .map(|id| data.incident(*id).unwrap().notes().unwrap())
        .collect()
}

/// The names of the incidents `query` keeps, in date order, after checking
/// that [`Query::run`] counts as many as [`Query::ids`] lists.
fn kept(data: &Dataset, query: &Query<'_>) -> String {
    let ids = query.ids();
    let events: u64 = query.run().rows().iter().map(Row::events).sum();
    assert_eq!(events, ids.len() as u64, "run and ids disagree");
    names(data, &ids)
}

/// Each row's key values and events.
fn counts(table: &Table) -> Vec<(Vec<KeyValue>, u64)> {
    table
        .rows()
        .iter()
        .map(|r| (r.keys().to_vec(), r.events()))
        .collect()
}

/// An estimate sum's parts: low, best, high of the bounded terms, terms,
/// unknown, unbounded, approximate.
fn parts(s: EstimateSum) -> [u64; 7] {
    [
        s.low(),
        s.best(),
        s.high_of_bounded(),
        s.terms(),
        s.unknown(),
        s.unbounded(),
        s.approximate(),
    ]
}

fn reg(id: RegionId) -> KeyValue {
    KeyValue::Region(id)
}

fn grp(id: GroupId) -> KeyValue {
    KeyValue::Group(id)
}

fn per(day: Date) -> KeyValue {
    KeyValue::Period(day)
}

/// The one row of an ungrouped query.
fn total(query: &Query<'_>) -> Row {
    let rows = query.run().into_rows();
    assert_eq!(rows.len(), 1, "an ungrouped query has one row");
    rows.into_iter().next().unwrap()
}

// ---------------------------------------------------------------------------
// Filters, each alone
// ---------------------------------------------------------------------------

#[test]
fn the_sample_is_in_date_order_ties_as_added() {
    let (data, _) = sample();
    assert_eq!(data.incidents().len(), 22);
    // `ids` of the unfiltered query: every incident, in date order.
    assert_eq!(kept(&data, &data.query()), "abcdefughivjklmnopqrst");
}

#[test]
fn between_keeps_incidents_by_first_day_both_ends_included() {
    let (data, _) = sample();
    let between = |from, to| kept(&data, &data.query().between(from, to));
    // g (12-26) and k (12-31) on the ends are in; u spans 12-24..27 but
    // starts before, so it is out.
    assert_eq!(
        between(date!(2025 - 12 - 26), date!(2025 - 12 - 31)),
        "ghivjk"
    );
    assert_eq!(between(date!(2025 - 12 - 27), date!(2025 - 12 - 27)), "h");
    assert_eq!(between(date!(2025 - 12 - 24), date!(2025 - 12 - 24)), "u");
    assert_eq!(between(date!(2026 - 01 - 05), date!(2026 - 01 - 05)), "op");
    assert_eq!(between(date!(2024 - 02 - 29), date!(2024 - 02 - 29)), "a");
    // Open ends far out: everything; a gap with no incident: nothing.
    assert_eq!(
        between(date!(2000 - 01 - 01), date!(2100 - 01 - 01)),
        "abcdefughivjklmnopqrst"
    );
    assert_eq!(between(date!(2025 - 12 - 21), date!(2025 - 12 - 23)), "");
    // From after to: nothing.
    assert_eq!(between(date!(2025 - 12 - 31), date!(2025 - 12 - 26)), "");
}

#[test]
fn in_region_includes_the_regions_inside_and_several_are_a_union() {
    let (data, w) = sample();
    let within = |regions: &[RegionId]| {
        let q = regions.iter().fold(data.query(), |q, r| q.in_region(*r));
        kept(&data, &q)
    };
    // Mali: its own a, k; Kayes's, Bafoulabe's, Diamou's, Kita's and Bamako's.
    assert_eq!(within(&[w.mali]), "acdefughvjklnoqst");
    assert_eq!(within(&[w.kayes]), "cdfughvjnoqst");
    // Bafoulabe holds Diamou's g.
    assert_eq!(within(&[w.bafoulabe]), "cghns");
    assert_eq!(within(&[w.diamou]), "g");
    assert_eq!(within(&[w.burkina]), "bimpr");
    assert_eq!(within(&[w.soum]), "bm");
    // Overlapping regions count each incident once.
    assert_eq!(within(&[w.kayes, w.bafoulabe]), "cdfughvjnoqst");
    assert_eq!(within(&[w.bafoulabe, w.sahel]), "bcghimnrs");
    assert_eq!(within(&[w.bamako, w.burkina]), "beilmpr");
    assert_eq!(within(&[w.mali, w.burkina]), "abcdefughivjklmnopqrst");
}

#[test]
fn involving_takes_any_side_and_role_and_several_are_a_union() {
    let (data, w) = sample();
    let with = |groups: &[GroupId]| {
        let q = groups.iter().fold(data.query(), |q, g| q.involving(*g));
        kept(&data, &q)
    };
    // JNIM as actor 1, and j where it is associated.
    assert_eq!(with(&[w.jnim]), "acdfghjknt");
    // FAMa on side B in f.
    assert_eq!(with(&[w.fama]), "filo");
    // Dozo on side B in b and q.
    assert_eq!(with(&[w.dozo]), "bvpq");
    assert_eq!(with(&[w.issp]), "bijmpr");
    assert_eq!(with(&[w.jnim, w.dozo]), "abcdfghvjknpqt");
}

#[test]
fn actor1_is_the_principal_of_side_a_only() {
    let (data, w) = sample();
    let with = |groups: &[GroupId]| {
        let q = groups.iter().fold(data.query(), |q, g| q.actor1(*g));
        kept(&data, &q)
    };
    // Not j, where JNIM is associated.
    assert_eq!(with(&[w.jnim]), "acdfghknt");
    // Not b or q, where Dozo is on side B.
    assert_eq!(with(&[w.dozo]), "vp");
    assert_eq!(with(&[w.jnim, w.fama]), "acdfghiklnot");
}

#[test]
fn event_and_sub_event_type_filters_and_their_unions() {
    let (data, _) = sample();
    let q = || data.query();
    assert_eq!(
        kept(&data, &q().event_type(EventType::ViolenceAgainstCivilians)),
        "adghmnqr"
    );
    assert_eq!(
        kept(
            &data,
            &q().event_type(EventType::Battles)
                .event_type(EventType::Riots)
        ),
        "bfps"
    );
    assert_eq!(kept(&data, &q().event_type(EventType::Protests)), "e");
    assert_eq!(
        kept(&data, &q().sub_event_type(SubEventType::Attack)),
        "adgmnqr"
    );
    assert_eq!(
        kept(
            &data,
            &q().sub_event_type(SubEventType::Attack)
                .sub_event_type(SubEventType::Grenade)
        ),
        "adgvmnqr"
    );
    assert_eq!(
        kept(
            &data,
            &q().sub_event_type(SubEventType::LootingPropertyDestruction)
        ),
        "cu"
    );
    // A type no incident has.
    assert_eq!(
        kept(&data, &q().sub_event_type(SubEventType::ChemicalWeapon)),
        ""
    );
    // Five or more sub-event types at once (every Explosions/Remote
    // violence one but chemical weapons, and attacks).
    let many = [
        SubEventType::AirDroneStrike,
        SubEventType::SuicideBomb,
        SubEventType::ShellingArtilleryMissileAttack,
        SubEventType::RemoteExplosiveLandmineIed,
        SubEventType::Grenade,
        SubEventType::Attack,
    ];
    let query = many.iter().fold(q(), |q, s| q.sub_event_type(*s));
    assert_eq!(kept(&data, &query), "adgivjmnqrt");
}

#[test]
fn at_site_and_enforcing_and_their_unions() {
    let (data, w) = sample();
    let q = || data.query();
    assert_eq!(kept(&data, &q().at_site(w.plant)), "ghn");
    assert_eq!(kept(&data, &q().at_site(w.mine)), "dq");
    assert_eq!(kept(&data, &q().at_site(w.mine).at_site(w.plant)), "dghnq");
    assert_eq!(kept(&data, &q().enforcing(w.fuel)), "cdn");
    assert_eq!(kept(&data, &q().enforcing(w.food)), "r");
    assert_eq!(
        kept(&data, &q().enforcing(w.fuel).enforcing(w.food)),
        "cdnr"
    );
}

/// Incidents around Bafoulabe at known haversine distances on the sphere
/// of R = 6371.0088 km, where one degree of arc is 111.195 km:
///
/// - `o` at the centre (0 km); `x` has no location;
/// - `n`, `s`: 0.449 degrees north and south, 49.927 km;
/// - `N`, `S`: 0.451 degrees north and south, 50.149 km;
/// - `e`, `w`: 0.46 degrees east and west along the parallel,
///   2R asin(cos 13.8065 sin 0.23) = 49.672 km;
/// - `E`: 0.47 degrees east, 50.752 km;
/// - `z`: 0.4628 degrees east, 49.974 km.
///
/// One incident a day from 2025-01-01, in that order.
fn around_bafoulabe() -> Dataset {
    let (mut b, w) = world();
    let (lat, lon) = BAFOULABE;
    let points = [
        ("o", Some((lat, lon))),
        ("x", None),
        ("n", Some((lat + 0.449, lon))),
        ("s", Some((lat - 0.449, lon))),
        ("N", Some((lat + 0.451, lon))),
        ("S", Some((lat - 0.451, lon))),
        ("e", Some((lat, lon + 0.46))),
        ("w", Some((lat, lon - 0.46))),
        ("E", Some((lat, lon + 0.47))),
        ("z", Some((lat, lon + 0.4628))),
    ];
    for (k, (name, at)) in points.into_iter().enumerate() {
        let day = date!(2025 - 01 - 01) + Duration::days(k as i64);
        let mut i = incident(
            name,
            day,
            w.bafoulabe,
            SubEventType::Attack,
            Estimate::Exact(1),
        );
        if let Some((lat, lon)) = at {
            i = i.location(point(lat, lon));
        }
        b.add_incident(i.build());
    }
    b.build().unwrap()
}

#[test]
fn within_km_keeps_points_inside_the_radius_along_a_meridian() {
    let data = around_bafoulabe();
    let (lat, lon) = BAFOULABE;
    let within = |km| kept(&data, &data.query().within_km(lat, lon, km));
    // 49.927 km in, 50.149 km out, north and south alike; `x`, with no
    // location, never.
    assert_eq!(within(50.0), "onsewz");
    assert_eq!(within(1e6), "onsNSewEz");
    assert_eq!(within(50.2), "onsNSewz");
    assert_eq!(within(49.95), "onsew");
    assert_eq!(within(10.0), "o");
    // A radius of 0 keeps the centre itself.
    assert_eq!(within(0.0), "o");
}

#[test]
fn within_km_keeps_points_inside_the_radius_along_a_parallel() {
    let data = around_bafoulabe();
    let (lat, lon) = BAFOULABE;
    let within = |km| kept(&data, &data.query().within_km(lat, lon, km));
    // 49.672 km in at 49.8 km, where 49.927 km is out; 50.752 km out at
    // 50.7 km and in at 51 km.
    assert_eq!(within(49.8), "oew");
    assert_eq!(within(50.7), "onsNSewz");
    assert_eq!(within(51.0), "onsNSewEz");
}

#[test]
fn within_km_one_degree_of_latitude_is_111_195_km() {
    let (mut b, w) = world();
    b.add_incident(
        incident(
            "a",
            date!(2025 - 01 - 01),
            w.mali,
            SubEventType::Attack,
            Estimate::Exact(1),
        )
        .location(point(14.0, -10.0))
        .build(),
    );
    let data = b.build().unwrap();
    let within = |km| kept(&data, &data.query().within_km(13.0, -10.0, km));
    assert_eq!(within(111.2), "a");
    assert_eq!(within(111.19), "");
}

/// The box before the haversine distance once took 111.320 km per degree
/// of longitude (more than the sphere's 111.195) at the centre's latitude,
/// and dropped points just inside the radius along a parallel.
#[test]
fn within_km_keeps_a_point_just_inside_the_radius_east_of_the_centre() {
    let data = around_bafoulabe();
    let (lat, lon) = BAFOULABE;
    // z is 49.974 km east of Bafoulabe (0.4628 degrees of longitude); the
    // box allows 50 / (111.320 cos 13.8065) = 0.46252 degrees.
    assert_eq!(
        kept(&data, &data.query().within_km(lat, lon, 50.0)),
        "onsewz"
    );
    // On the equator: one degree of longitude is 111.195 km.
    let (mut b, w) = world();
    b.add_incident(
        incident(
            "a",
            date!(2025 - 01 - 01),
            w.mali,
            SubEventType::Attack,
            Estimate::Exact(1),
        )
        .location(point(0.0, 1.0))
        .build(),
    );
    let data = b.build().unwrap();
    assert_eq!(kept(&data, &data.query().within_km(0.0, 0.0, 111.25)), "a");
}

/// Near a pole the circle spans more longitude than km / (111.32 cos lat)
/// of the centre; the box once dropped such points.
#[test]
fn within_km_keeps_a_point_across_the_pole() {
    let (mut b, w) = world();
    // From 89 N 0 E over the pole to 89.5 N 180 E: 1.5 degrees of arc,
    // 166.79 km.
    b.add_incident(
        incident(
            "a",
            date!(2025 - 01 - 01),
            w.mali,
            SubEventType::Attack,
            Estimate::Exact(1),
        )
        .location(point(89.5, 180.0))
        .build(),
    );
    let data = b.build().unwrap();
    assert_eq!(kept(&data, &data.query().within_km(89.0, 0.0, 200.0)), "a");
}

#[test]
fn filters_combine_with_and() {
    let (data, w) = sample();
    let (lat, lon) = BAFOULABE;
    let q = || data.query();
    // Within 100 km of Bafoulabe: c (0), f (97.0), g (22.2), n (66.7).
    assert_eq!(kept(&data, &q().within_km(lat, lon, 100.0)), "cfgn");
    assert_eq!(kept(&data, &q().within_km(lat, lon, 50.0)), "cg");
    // ... of them, violence against civilians: g, n; in December 2025: g.
    let near_vac = q()
        .within_km(lat, lon, 100.0)
        .event_type(EventType::ViolenceAgainstCivilians);
    assert_eq!(kept(&data, &near_vac), "gn");
    assert_eq!(
        kept(
            &data,
            &near_vac
                .clone()
                .between(date!(2025 - 12 - 01), date!(2025 - 12 - 31))
        ),
        "g"
    );
    // Mali, JNIM in any role, December-January, violence against
    // civilians: of f g h j k n (JNIM, Mali, Dec-Jan), g h n are VAC.
    let mali_jnim = q()
        .in_region(w.mali)
        .involving(w.jnim)
        .between(date!(2025 - 12 - 01), date!(2026 - 01 - 31));
    assert_eq!(kept(&data, &mali_jnim), "fghjkn");
    let vac = mali_jnim
        .clone()
        .event_type(EventType::ViolenceAgainstCivilians);
    assert_eq!(kept(&data, &vac), "ghn");
    // Their fatalities: 2 + unknown + (1, 2, 3).
    let row = total(&vac);
    assert_eq!(parts(row.fatalities()), [3, 4, 5, 3, 1, 0, 0]);
    assert_eq!(row.fatalities().high(), None);
    // Actor 1 JNIM at the plant (g h n): JNIM is actor 1 of all three.
    assert_eq!(kept(&data, &q().actor1(w.jnim).at_site(w.plant)), "ghn");
    assert_eq!(kept(&data, &q().actor1(w.fama).enforcing(w.fuel)), "");
    // FAMa in Sahel in any role, and as actor 1: i.
    assert_eq!(kept(&data, &q().in_region(w.sahel).involving(w.fama)), "i");
    assert_eq!(kept(&data, &q().in_region(w.sahel).actor1(w.fama)), "i");
    assert_eq!(
        kept(
            &data,
            &q().in_region(w.soum)
                .actor1(w.issp)
                .sub_event_type(SubEventType::Attack)
        ),
        "m"
    );
    // Filters that share no incident.
    assert_eq!(kept(&data, &q().in_region(w.burkina).involving(w.jnim)), "");
    assert_eq!(kept(&data, &q().at_site(w.mine).enforcing(w.food)), "");
}

/// The three list filters were once joined with OR across kinds.
#[test]
fn involving_at_site_and_enforcing_narrow_each_other() {
    let (data, w) = sample();
    let q = || data.query();
    // At the plant (g h n) and enforcing the fuel blockade (c d n): n.
    assert_eq!(kept(&data, &q().at_site(w.plant).enforcing(w.fuel)), "n");
    assert_eq!(
        kept(
            &data,
            &q().actor1(w.jnim).at_site(w.plant).enforcing(w.fuel)
        ),
        "n"
    );
    // FAMa (f i l o) at the plant (g h n): nothing.
    assert_eq!(kept(&data, &q().involving(w.fama).at_site(w.plant)), "");
    // Dozo (b v p q) enforcing the food blockade (r): nothing.
    assert_eq!(kept(&data, &q().involving(w.dozo).enforcing(w.food)), "");
}

#[test]
fn event_type_and_sub_event_type_filters_narrow_each_other() {
    let (data, _) = sample();
    // Violence against civilians (a d g h m n q r) and attacks (a d g m n
    // q r): the attacks.
    let q = data
        .query()
        .event_type(EventType::ViolenceAgainstCivilians)
        .sub_event_type(SubEventType::Attack);
    assert_eq!(kept(&data, &q), "adgmnqr");
    // Battles and attacks share nothing.
    let q = data
        .query()
        .event_type(EventType::Battles)
        .sub_event_type(SubEventType::Attack);
    assert_eq!(kept(&data, &q), "");
}

#[test]
fn a_query_that_keeps_nothing_has_no_rows() {
    let (data, w) = sample();
    let q = data.query().in_region(w.burkina).involving(w.jnim);
    assert!(q.run().rows().is_empty());
    assert!(q.group_by(Key::Country).run().rows().is_empty());
    let q = data
        .query()
        .between(date!(2030 - 01 - 01), date!(2030 - 12 - 31))
        .group_by(Key::Period(Period::Month));
    assert!(q.run().rows().is_empty());
    assert!(q.ids().is_empty());
}

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

/// The fifteen incidents of 2025-12-20..=2026-01-12 (f u g h i v j k l m n
/// o p q r), grouped by `period`.
fn by_period(data: &Dataset, period: Period) -> Vec<(Vec<KeyValue>, u64)> {
    counts(
        &data
            .query()
            .between(date!(2025 - 12 - 20), date!(2026 - 01 - 12))
            .group_by(Key::Period(period))
            .run(),
    )
}

#[test]
fn period_day_key() {
    let (data, _) = sample();
    assert_eq!(
        by_period(&data, Period::Day),
        [
            (vec![per(date!(2025 - 12 - 20))], 1),
            (vec![per(date!(2025 - 12 - 24))], 1),
            (vec![per(date!(2025 - 12 - 26))], 1),
            (vec![per(date!(2025 - 12 - 27))], 1),
            (vec![per(date!(2025 - 12 - 28))], 2),
            (vec![per(date!(2025 - 12 - 29))], 1),
            (vec![per(date!(2025 - 12 - 31))], 1),
            (vec![per(date!(2026 - 01 - 01))], 1),
            (vec![per(date!(2026 - 01 - 03))], 1),
            (vec![per(date!(2026 - 01 - 04))], 1),
            (vec![per(date!(2026 - 01 - 05))], 2),
            (vec![per(date!(2026 - 01 - 10))], 1),
            (vec![per(date!(2026 - 01 - 12))], 1),
        ]
    );
}

#[test]
fn period_iso_week_key_starts_on_monday() {
    let (data, _) = sample();
    // Sat 12-20 is in the week of Mon 12-15; Wed 12-24 to Sun 12-28 in
    // 12-22's; Mon 12-29 to Sun 01-04 (across the year end) in 12-29's;
    // Mon 01-05 to Sat 01-10 in 01-05's; Mon 01-12 starts its own.
    assert_eq!(
        by_period(&data, Period::IsoWeek),
        [
            (vec![per(date!(2025 - 12 - 15))], 1),
            (vec![per(date!(2025 - 12 - 22))], 5),
            (vec![per(date!(2025 - 12 - 29))], 5),
            (vec![per(date!(2026 - 01 - 05))], 3),
            (vec![per(date!(2026 - 01 - 12))], 1),
        ]
    );
}

#[test]
fn period_acled_week_key_starts_on_saturday() {
    let (data, _) = sample();
    // Sat 12-20 to Fri 12-26: f u g; Sat 12-27 to Fri 01-02: h i v j k l;
    // Sat 01-03 to Fri 01-09: m n o p; Sat 01-10 on: q r.
    assert_eq!(
        by_period(&data, Period::AcledWeek),
        [
            (vec![per(date!(2025 - 12 - 20))], 3),
            (vec![per(date!(2025 - 12 - 27))], 6),
            (vec![per(date!(2026 - 01 - 03))], 4),
            (vec![per(date!(2026 - 01 - 10))], 2),
        ]
    );
}

#[test]
fn period_month_and_year_keys() {
    let (data, _) = sample();
    assert_eq!(
        by_period(&data, Period::Month),
        [
            (vec![per(date!(2025 - 12 - 01))], 8),
            (vec![per(date!(2026 - 01 - 01))], 7),
        ]
    );
    assert_eq!(
        by_period(&data, Period::Year),
        [
            (vec![per(date!(2025 - 01 - 01))], 8),
            (vec![per(date!(2026 - 01 - 01))], 7),
        ]
    );
    // The whole sample: a in 2024; b to k in 2025; l to t in 2026.
    let years = data.query().group_by(Key::Period(Period::Year)).run();
    assert_eq!(
        counts(&years),
        [
            (vec![per(date!(2024 - 01 - 01))], 1),
            (vec![per(date!(2025 - 01 - 01))], 12),
            (vec![per(date!(2026 - 01 - 01))], 9),
        ]
    );
    // The leap day is in February 2024.
    let months = data
        .query()
        .between(date!(2024 - 01 - 01), date!(2024 - 12 - 31))
        .group_by(Key::Period(Period::Month))
        .run();
    assert_eq!(counts(&months), [(vec![per(date!(2024 - 02 - 01))], 1)]);
}

#[test]
fn country_admin1_admin2_and_region_keys() {
    let (data, w) = sample();
    let by = |key| counts(&data.query().group_by(key).run());
    // By name: Burkina Faso: 5, Mali: 17.
    assert_eq!(
        by(Key::Country),
        [(vec![reg(w.burkina)], 5), (vec![reg(w.mali)], 17)]
    );
    // By name: Bamako (7): e l; Kayes (1): c d f u g h v j n o q s t; Sahel
    // (5): b i m r; known only to their country, last: a k p.
    assert_eq!(
        by(Key::Admin1),
        [
            (vec![reg(w.bamako)], 2),
            (vec![reg(w.kayes)], 13),
            (vec![reg(w.sahel)], 4),
            (vec![KeyValue::None], 3),
        ]
    );
    // Bafoulabe (2): c g (in Diamou) h n s; Kita (3): d v j q; Soum (6): b
    // m; the 11 others are known only above admin2.
    assert_eq!(
        by(Key::Admin2),
        [
            (vec![reg(w.bafoulabe)], 5),
            (vec![reg(w.kita)], 4),
            (vec![reg(w.soum)], 2),
            (vec![KeyValue::None], 11),
        ]
    );
    // Each incident's own region, by name: Bafoulabe c h n s; Bamako e l;
    // Burkina Faso p; Diamou g; Kayes f u o t; Kita d v j q; Mali a k;
    // Sahel i r; Soum b m.
    assert_eq!(
        by(Key::Region),
        [
            (vec![reg(w.bafoulabe)], 4),
            (vec![reg(w.bamako)], 2),
            (vec![reg(w.burkina)], 1),
            (vec![reg(w.diamou)], 1),
            (vec![reg(w.kayes)], 4),
            (vec![reg(w.kita)], 4),
            (vec![reg(w.mali)], 2),
            (vec![reg(w.sahel)], 2),
            (vec![reg(w.soum)], 2),
        ]
    );
}

#[test]
fn actor1_key_is_none_without_a_side_a_principal() {
    let (data, w) = sample();
    // By name: Dozo: v p; FAMa: i l o; ISSP: b j m r; JNIM: a c d f g h k
    // n t; none, last: e, u, s (no actors) and q (Dozo on side B only).
    assert_eq!(
        counts(&data.query().group_by(Key::Actor1).run()),
        [
            (vec![grp(w.dozo)], 2),
            (vec![grp(w.fama)], 3),
            (vec![grp(w.issp)], 4),
            (vec![grp(w.jnim)], 9),
            (vec![KeyValue::None], 4),
        ]
    );
}

#[test]
fn event_type_key_in_hierarchy_order_with_its_measures() {
    let (data, _) = sample();
    let table = data.query().group_by(Key::EventType).run();
    assert_eq!(table.keys(), [Key::EventType]);
    let got: Vec<_> = table
        .rows()
        .iter()
        .map(|r| {
            (
                r.keys()[0],
                r.events(),
                parts(r.fatalities()),
                r.fatalities().high(),
                r.first(),
                r.last(),
            )
        })
        .collect();
    let e = KeyValue::EventType;
    assert_eq!(
        got,
        [
            // b (10-20 best 12), f (about 20), p (7).
            (
                e(EventType::Battles),
                3,
                [37, 39, 47, 3, 0, 0, 1],
                Some(47),
                date!(2025 - 06 - 15),
                date!(2026 - 01 - 05)
            ),
            // e (0).
            (
                e(EventType::Protests),
                1,
                [0, 0, 0, 1, 0, 0, 0],
                Some(0),
                date!(2025 - 11 - 02),
                date!(2025 - 11 - 02)
            ),
            // s (1).
            (
                e(EventType::Riots),
                1,
                [1, 1, 1, 1, 0, 0, 0],
                Some(1),
                date!(2026 - 02 - 01),
                date!(2026 - 02 - 01)
            ),
            // i (5), v (1), j (4), t (at least 2): low 12, no high.
            (
                e(EventType::ExplosionsRemoteViolence),
                4,
                [12, 12, 10, 4, 0, 1, 0],
                None,
                date!(2025 - 12 - 28),
                date!(2026 - 03 - 15)
            ),
            // a 1, d at least 3, g 2, h unknown, m 3-7, n 1-3 best 2,
            // q about 10, r 3: low 1+3+2+3+1+10+3 = 23, best 24 (n's 2),
            // high of the bounded 1+2+7+3+10+3 = 26.
            (
                e(EventType::ViolenceAgainstCivilians),
                8,
                [23, 24, 26, 8, 1, 1, 1],
                None,
                date!(2024 - 02 - 29),
                date!(2026 - 01 - 12)
            ),
            // c 0, u 0, k unknown, l 0, o 0.
            (
                e(EventType::StrategicDevelopments),
                5,
                [0, 0, 0, 5, 1, 0, 0],
                None,
                date!(2025 - 09 - 05),
                date!(2026 - 01 - 05)
            ),
        ]
    );
}

#[test]
fn sub_event_type_key_in_hierarchy_order() {
    let (data, _) = sample();
    let s = |t| vec![KeyValue::SubEventType(t)];
    assert_eq!(
        counts(&data.query().group_by(Key::SubEventType).run()),
        [
            (s(SubEventType::ArmedClash), 3),
            (s(SubEventType::PeacefulProtest), 1),
            (s(SubEventType::MobViolence), 1),
            (s(SubEventType::AirDroneStrike), 1),
            (s(SubEventType::ShellingArtilleryMissileAttack), 1),
            (s(SubEventType::RemoteExplosiveLandmineIed), 1),
            (s(SubEventType::Grenade), 1),
            (s(SubEventType::Attack), 7),
            (s(SubEventType::AbductionForcedDisappearance), 1),
            (s(SubEventType::Arrests), 1),
            (s(SubEventType::ChangeToGroupActivity), 1),
            (s(SubEventType::LootingPropertyDestruction), 2),
            (s(SubEventType::Other), 1),
        ]
    );
}

#[test]
fn country_admin1_and_iso_week_as_in_the_workload_q1() {
    let (data, w) = sample();
    // Kayes and Sahel, 2025-12-20..=2026-01-12, Burkina Faso's Sahel first
    // by country name: Sahel i (wk 12-22), m (12-29), r (01-12); Kayes f
    // (12-15), u g h v (12-22), j n (12-29), o q (01-05). Best fatalities:
    // i 5; m 3 (its low); r 3; f about 20; u 0 + g 2 + h unknown + v 1;
    // j 4 + n 2; o 0 + q about 10.
    let table = data
        .query()
        .in_region(w.kayes)
        .in_region(w.sahel)
        .between(date!(2025 - 12 - 20), date!(2026 - 01 - 12))
        .group_by(Key::Country)
        .group_by(Key::Admin1)
        .group_by(Key::Period(Period::IsoWeek))
        .run();
    assert_eq!(
        table.keys(),
        [Key::Country, Key::Admin1, Key::Period(Period::IsoWeek)]
    );
    let got: Vec<_> = table
        .rows()
        .iter()
        .map(|r| (r.keys().to_vec(), r.events(), r.fatalities().best()))
        .collect();
    let (mali, kayes, bf, sahel) = (reg(w.mali), reg(w.kayes), reg(w.burkina), reg(w.sahel));
    assert_eq!(
        got,
        [
            (vec![bf, sahel, per(date!(2025 - 12 - 22))], 1, 5),
            (vec![bf, sahel, per(date!(2025 - 12 - 29))], 1, 3),
            (vec![bf, sahel, per(date!(2026 - 01 - 12))], 1, 3),
            (vec![mali, kayes, per(date!(2025 - 12 - 15))], 1, 20),
            (vec![mali, kayes, per(date!(2025 - 12 - 22))], 4, 3),
            (vec![mali, kayes, per(date!(2025 - 12 - 29))], 2, 6),
            (vec![mali, kayes, per(date!(2026 - 01 - 05))], 2, 10),
        ]
    );
    assert_eq!(table.rows()[4].period(), Some(date!(2025 - 12 - 22)));
}

#[test]
fn three_keys_event_type_month_and_actor1() {
    let (data, w) = sample();
    // December 2025 and January 2026: f u g h i v j k (Dec), l m n o p q r
    // (Jan), by event type, then month, then actor 1 (by group name: Dozo,
    // FAMa, ISSP, JNIM; none last).
    let table = data
        .query()
        .between(date!(2025 - 12 - 01), date!(2026 - 01 - 31))
        .group_by(Key::EventType)
        .group_by(Key::Period(Period::Month))
        .group_by(Key::Actor1)
        .run();
    let (dec, jan) = (per(date!(2025 - 12 - 01)), per(date!(2026 - 01 - 01)));
    let e = KeyValue::EventType;
    let battles = e(EventType::Battles);
    let erv = e(EventType::ExplosionsRemoteViolence);
    let vac = e(EventType::ViolenceAgainstCivilians);
    let sd = e(EventType::StrategicDevelopments);
    let none = KeyValue::None;
    assert_eq!(
        counts(&table),
        [
            (vec![battles, dec, grp(w.jnim)], 1), // f
            (vec![battles, jan, grp(w.dozo)], 1), // p
            (vec![erv, dec, grp(w.dozo)], 1),     // v
            (vec![erv, dec, grp(w.fama)], 1),     // i
            (vec![erv, dec, grp(w.issp)], 1),     // j
            (vec![vac, dec, grp(w.jnim)], 2),     // g h
            (vec![vac, jan, grp(w.issp)], 2),     // m r
            (vec![vac, jan, grp(w.jnim)], 1),     // n
            (vec![vac, jan, none], 1),            // q
            (vec![sd, dec, grp(w.jnim)], 1),      // k
            (vec![sd, dec, none], 1),             // u
            (vec![sd, jan, grp(w.fama)], 2),      // l o
        ]
    );
    // The period is found among the keys wherever it is.
    assert_eq!(table.rows()[0].period(), Some(date!(2025 - 12 - 01)));
    let plain = data.query().group_by(Key::Country).run();
    assert_eq!(plain.rows()[0].period(), None);
}

#[test]
fn admin1_key_with_a_finer_region_key() {
    let (data, w) = sample();
    // Admin1 and each incident's own region, in Mali: Mali's own a k have
    // no admin1; Diamou's g is in Kayes.
    let table = data
        .query()
        .in_region(w.mali)
        .group_by(Key::Admin1)
        .group_by(Key::Region)
        .run();
    // Sorted here: the table's own order is the subject of
    // `country_then_admin1_rows_are_ordered_by_country_first`.
    let mut rows = counts(&table);
    rows.sort();
    assert_eq!(
        rows,
        [
            (vec![reg(w.kayes), reg(w.kayes)], 4),
            (vec![reg(w.kayes), reg(w.bafoulabe)], 4),
            (vec![reg(w.kayes), reg(w.kita)], 4),
            (vec![reg(w.kayes), reg(w.diamou)], 1),
            (vec![reg(w.bamako), reg(w.bamako)], 2),
            (vec![KeyValue::None, reg(w.mali)], 2),
        ]
    );
}

#[test]
fn coarser_place_keys_keep_their_value_when_the_finest_is_none() {
    let (data, w) = sample();
    // Country and admin1: a k (Mali only) and p (Burkina Faso only), each
    // after its country's admin1 rows; Burkina Faso first by name.
    let table = data
        .query()
        .group_by(Key::Country)
        .group_by(Key::Admin1)
        .run();
    assert_eq!(
        counts(&table),
        [
            (vec![reg(w.burkina), reg(w.sahel)], 4),
            (vec![reg(w.burkina), KeyValue::None], 1),
            (vec![reg(w.mali), reg(w.bamako)], 2),
            (vec![reg(w.mali), reg(w.kayes)], 13),
            (vec![reg(w.mali), KeyValue::None], 2),
        ]
    );
    // Admin1 and admin2 in Kayes: f u o t are known to Kayes only.
    let table = data
        .query()
        .in_region(w.kayes)
        .group_by(Key::Admin1)
        .group_by(Key::Admin2)
        .run();
    assert_eq!(
        counts(&table),
        [
            (vec![reg(w.kayes), reg(w.bafoulabe)], 5),
            (vec![reg(w.kayes), reg(w.kita)], 4),
            (vec![reg(w.kayes), KeyValue::None], 4),
        ]
    );
}

#[test]
fn country_then_admin1_rows_are_ordered_by_country_first() {
    let (data, w) = sample();
    let table = data
        .query()
        .in_region(w.kayes)
        .in_region(w.bamako)
        .in_region(w.sahel)
        .group_by(Key::Country)
        .group_by(Key::Admin1)
        .run();
    // Burkina Faso's Sahel first, then Mali's Bamako and Kayes: by country
    // name, then by admin1 name, though Bamako's id (7) is Sahel's (5) and
    // Kayes's (1) is Burkina Faso's (4) apart.
    assert_eq!(
        counts(&table),
        [
            (vec![reg(w.burkina), reg(w.sahel)], 4),
            (vec![reg(w.mali), reg(w.bamako)], 2),
            (vec![reg(w.mali), reg(w.kayes)], 13),
        ]
    );
    // Admin1, then each incident's own region, in Mali: Bamako's rows
    // first, then Kayes's (by region name: Bafoulabe, Diamou, Kayes, Kita),
    // then those known only to Mali.
    let table = data
        .query()
        .in_region(w.mali)
        .group_by(Key::Admin1)
        .group_by(Key::Region)
        .run();
    assert_eq!(
        counts(&table),
        [
            (vec![reg(w.bamako), reg(w.bamako)], 2),
            (vec![reg(w.kayes), reg(w.bafoulabe)], 4),
            (vec![reg(w.kayes), reg(w.diamou)], 1),
            (vec![reg(w.kayes), reg(w.kayes)], 4),
            (vec![reg(w.kayes), reg(w.kita)], 4),
            (vec![KeyValue::None, reg(w.mali)], 2),
        ]
    );
}

// ---------------------------------------------------------------------------
// Measures
// ---------------------------------------------------------------------------

#[test]
fn fatalities_keep_low_best_high_and_the_counts_apart() {
    let (data, _) = sample();
    let row = total(&data.query());
    assert_eq!(row.events(), 22);
    // Lows: 1+10+3+20+2+5+1+4+3+1+7+10+3+1+2 = 73 (h, k unknown; zeros
    // left out). Best: b's 12 and n's 2 for their lows: 76. Highs of the
    // bounded terms: exact 24, about 20 + about 10, ranges 20 + 7 + 3: 84.
    // Unknown: h k; unbounded: d t; approximate: f q.
    assert_eq!(parts(row.fatalities()), [73, 76, 84, 22, 2, 2, 2]);
    assert_eq!(row.fatalities().high(), None);
    // The same as the library's own sum of the estimates.
    let sum: EstimateSum = data
        .incidents()
        .iter()
        .map(|i| i.figure(Quantity::Fatalities))
        .sum();
    assert_eq!(row.fatalities(), sum);
    assert_eq!(row.first(), date!(2024 - 02 - 29));
    assert_eq!(row.last(), date!(2026 - 03 - 15));
    assert_eq!(row.distinct_groups(), None);
    assert!(row.keys().is_empty());
}

#[test]
fn a_fatalities_sum_of_exact_terms_has_a_high() {
    let (data, _) = sample();
    // Arrests l (0) and grenade v (1).
    let row = total(
        &data
            .query()
            .sub_event_type(SubEventType::Arrests)
            .sub_event_type(SubEventType::Grenade),
    );
    assert_eq!(parts(row.fatalities()), [1, 1, 1, 2, 0, 0, 0]);
    assert_eq!(row.fatalities().high(), Some(1));
    // Soum and Bafoulabe, 2025-06-01..=2026-01-04: b (10-20 best 12), c
    // (0), g (2), h (unknown), m (3-7), n (1-3 best 2): lows 10+2+3+1,
    // bests 12+2+3+2, highs 20+2+7+3.
    let (data, w) = sample();
    let row = total(
        &data
            .query()
            .in_region(w.soum)
            .in_region(w.bafoulabe)
            .between(date!(2025 - 06 - 01), date!(2026 - 01 - 04)),
    );
    assert_eq!(parts(row.fatalities()), [16, 19, 32, 6, 1, 0, 0]);
}

#[test]
fn first_and_last_are_first_days() {
    let (data, w) = sample();
    let table = data.query().group_by(Key::Country).run();
    let got: Vec<_> = table
        .rows()
        .iter()
        .map(|r| (r.keys()[0], r.first(), r.last()))
        .collect();
    assert_eq!(
        got,
        [
            (reg(w.burkina), date!(2025 - 06 - 15), date!(2026 - 01 - 12)),
            (reg(w.mali), date!(2024 - 02 - 29), date!(2026 - 03 - 15)),
        ]
    );
    // u runs 2025-12-24..27: its first day counts.
    let row = total(
        &data
            .query()
            .sub_event_type(SubEventType::LootingPropertyDestruction),
    );
    assert_eq!(
        (row.first(), row.last()),
        (date!(2025 - 09 - 05), date!(2025 - 12 - 24))
    );
}

#[test]
fn distinct_groups_counts_every_role() {
    let (data, w) = sample();
    let table = data.query().group_by(Key::Admin1).distinct_groups().run();
    let got: Vec<_> = table
        .rows()
        .iter()
        .map(|r| (r.keys()[0], r.distinct_groups()))
        .collect();
    // By name: Bamako: FAMa (l); Kayes: JNIM, FAMa (f, side B; o), Dozo
    // (v; q side B), ISSP (j); Sahel: ISSP, Dozo (b, side B), FAMa (i); no
    // admin1, last: JNIM (a, k), Dozo and ISSP (p).
    assert_eq!(
        got,
        [
            (reg(w.bamako), Some(1)),
            (reg(w.kayes), Some(4)),
            (reg(w.sahel), Some(3)),
            (KeyValue::None, Some(3)),
        ]
    );
    assert_eq!(
        total(&data.query().distinct_groups()).distinct_groups(),
        Some(4)
    );
    // s has no actor at all.
    let row = total(
        &data
            .query()
            .sub_event_type(SubEventType::MobViolence)
            .distinct_groups(),
    );
    assert_eq!(row.distinct_groups(), Some(0));
    // j: ISSP as actor 1, JNIM associated.
    let row = total(
        &data
            .query()
            .sub_event_type(SubEventType::RemoteExplosiveLandmineIed)
            .distinct_groups(),
    );
    assert_eq!(row.distinct_groups(), Some(2));
}

#[test]
fn ids_are_in_date_order() {
    let (data, w) = sample();
    let ids = data.query().involving(w.issp).ids();
    assert_eq!(names(&data, &ids), "bijmpr");
    assert!(ids.windows(2).all(|p| p[0] < p[1]));
    let days: Vec<Date> = ids
        .iter()
        .map(|id| data.incident(*id).unwrap().when().start())
        .collect();
    assert!(days.is_sorted());
    assert_eq!(
        data.query().ids(),
        (0..22).map(IncidentId::new).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------
// Series
// ---------------------------------------------------------------------------

#[test]
fn weekly_series_zero_fills_and_means() {
    let (data, _) = sample();
    let table = data.query().group_by(Key::Period(Period::IsoWeek)).run();
    // Wed 2025-12-10 is in the week of Mon 12-08; Tue 2026-01-20 in 01-19's.
    let series = Series::new(
        table.rows(),
        Period::IsoWeek,
        date!(2025 - 12 - 10),
        date!(2026 - 01 - 20),
    );
    assert_eq!(series.period(), Period::IsoWeek);
    let got: Vec<(Date, u64)> = series
        .buckets()
        .iter()
        .map(|b| (b.start, b.events))
        .collect();
    assert_eq!(
        got,
        [
            (date!(2025 - 12 - 08), 0),
            (date!(2025 - 12 - 15), 1),
            (date!(2025 - 12 - 22), 5),
            (date!(2025 - 12 - 29), 5),
            (date!(2026 - 01 - 05), 3),
            (date!(2026 - 01 - 12), 1),
            (date!(2026 - 01 - 19), 0),
        ]
    );
    // Week of 12-22: u 0, g 2, h unknown, i 5, v 1.
    assert_eq!(parts(series.buckets()[2].fatalities), [8, 8, 8, 5, 1, 0, 0]);
    assert_eq!(series.buckets()[0].fatalities, EstimateSum::new());
    // Means of 0; 0 1; 0 1 5; 1 5 5; 5 5 3; 5 3 1; 3 1 0.
    assert_eq!(
        series.trailing_mean(3),
        [0.0, 0.5, 2.0, 11.0 / 3.0, 13.0 / 3.0, 3.0, 4.0 / 3.0]
    );
    // k of 0 is taken as 1: the events themselves.
    assert_eq!(series.trailing_mean(0), [0.0, 1.0, 5.0, 5.0, 3.0, 1.0, 0.0]);
    assert_eq!(series.trailing_mean(1), series.trailing_mean(0));
    // Weeks 1-2 (mean 3) against weeks 3-4 (mean 4): a rise of a third.
    let change = series.change(1..3, 3..5).unwrap();
    assert!((change - 1.0 / 3.0).abs() < 1e-12);
    // Weeks 2-3 (mean 5) against weeks 5-6 (mean 0.5): a fall of 90%.
    let change = series.change(2..4, 5..7).unwrap();
    assert!((change + 0.9).abs() < 1e-12);
    // A zero baseline, an empty range, a range out of bounds: none.
    assert_eq!(series.change(0..1, 1..2), None);
    assert_eq!(series.change(1..1, 1..2), None);
    assert_eq!(series.change(1..2, 3..3), None);
    assert_eq!(series.change(1..2, 5..8), None);
}

#[test]
fn monthly_series_across_a_leap_february() {
    let (data, _) = sample();
    let table = data.query().group_by(Key::Period(Period::Month)).run();
    let series = Series::new(
        table.rows(),
        Period::Month,
        date!(2024 - 01 - 15),
        date!(2024 - 04 - 02),
    );
    let got: Vec<(Date, u64)> = series
        .buckets()
        .iter()
        .map(|b| (b.start, b.events))
        .collect();
    // a on 2024-02-29; nothing else until June 2025.
    assert_eq!(
        got,
        [
            (date!(2024 - 01 - 01), 0),
            (date!(2024 - 02 - 01), 1),
            (date!(2024 - 03 - 01), 0),
            (date!(2024 - 04 - 01), 0),
        ]
    );
    assert_eq!(series.trailing_mean(2), [0.0, 0.5, 0.5, 0.0]);
}

#[test]
fn series_adds_up_rows_of_one_period_and_leaves_out_rows_without_one() {
    let (data, _) = sample();
    // Month and event type: November 2025 is e; December 2025 comes in
    // four rows (battles f, ERV i v j, VAC g h, SD u k), 8 in all.
    let table = data
        .query()
        .group_by(Key::Period(Period::Month))
        .group_by(Key::EventType)
        .run();
    let series = Series::new(
        table.rows(),
        Period::Month,
        date!(2025 - 11 - 30),
        date!(2026 - 01 - 01),
    );
    let got: Vec<u64> = series.buckets().iter().map(|b| b.events).collect();
    assert_eq!(got, [1, 8, 7]);
    // Rows with no period key are left out.
    let table = data.query().group_by(Key::Country).run();
    let series = Series::new(
        table.rows(),
        Period::Year,
        date!(2024 - 01 - 01),
        date!(2026 - 12 - 31),
    );
    assert!(series.buckets().iter().all(|b| b.events == 0));
    assert_eq!(series.buckets().len(), 3);
    // A span ending before it starts has no bucket.
    let series = Series::new(
        table.rows(),
        Period::Year,
        date!(2026 - 01 - 01),
        date!(2025 - 12 - 31),
    );
    assert!(series.buckets().is_empty());
    assert!(series.trailing_mean(3).is_empty());
    assert_eq!(series.change(0..1, 0..1), None);
}

// ---------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------

#[test]
fn period_start_on_chosen_dates() {
    let cases = [
        // Sunday 2026-01-11.
        (date!(2026 - 01 - 11), Period::Day, date!(2026 - 01 - 11)),
        (
            date!(2026 - 01 - 11),
            Period::IsoWeek,
            date!(2026 - 01 - 05),
        ),
        (
            date!(2026 - 01 - 11),
            Period::AcledWeek,
            date!(2026 - 01 - 10),
        ),
        (date!(2026 - 01 - 11), Period::Month, date!(2026 - 01 - 01)),
        (date!(2026 - 01 - 11), Period::Year, date!(2026 - 01 - 01)),
        // A Monday starts its ISO week; a Saturday its ACLED week.
        (
            date!(2025 - 12 - 29),
            Period::IsoWeek,
            date!(2025 - 12 - 29),
        ),
        (
            date!(2025 - 12 - 27),
            Period::AcledWeek,
            date!(2025 - 12 - 27),
        ),
        // A Friday ends an ACLED week; a Sunday ends an ISO week.
        (
            date!(2026 - 01 - 02),
            Period::AcledWeek,
            date!(2025 - 12 - 27),
        ),
        (
            date!(2026 - 01 - 04),
            Period::IsoWeek,
            date!(2025 - 12 - 29),
        ),
        // Across a year end.
        (
            date!(2026 - 01 - 01),
            Period::IsoWeek,
            date!(2025 - 12 - 29),
        ),
        (
            date!(2026 - 01 - 01),
            Period::AcledWeek,
            date!(2025 - 12 - 27),
        ),
        (
            date!(2024 - 12 - 31),
            Period::IsoWeek,
            date!(2024 - 12 - 30),
        ),
        // Across a leap day: Friday 2024-03-01 is in the ACLED week of
        // Saturday 2024-02-24 and the ISO week of Monday 2024-02-26.
        (
            date!(2024 - 03 - 01),
            Period::AcledWeek,
            date!(2024 - 02 - 24),
        ),
        (
            date!(2024 - 03 - 01),
            Period::IsoWeek,
            date!(2024 - 02 - 26),
        ),
        (date!(2024 - 02 - 29), Period::Month, date!(2024 - 02 - 01)),
        (date!(2024 - 02 - 29), Period::Year, date!(2024 - 01 - 01)),
        (date!(2024 - 12 - 31), Period::Year, date!(2024 - 01 - 01)),
        // 1900 is no leap year: Thursday 1900-03-01 follows 02-28.
        (
            date!(1900 - 03 - 01),
            Period::IsoWeek,
            date!(1900 - 02 - 26),
        ),
    ];
    for (day, period, start) in cases {
        assert_eq!(period.start(day), start, "{period:?} of {day}");
    }
}

#[test]
fn period_next_and_leap_years() {
    assert_eq!(
        Period::Day.next(date!(2024 - 02 - 28)),
        Some(date!(2024 - 02 - 29))
    );
    assert_eq!(
        Period::Day.next(date!(2024 - 02 - 29)),
        Some(date!(2024 - 03 - 01))
    );
    assert_eq!(
        Period::Day.next(date!(2100 - 02 - 28)),
        Some(date!(2100 - 03 - 01))
    );
    assert_eq!(
        Period::Day.next(date!(2000 - 02 - 28)),
        Some(date!(2000 - 02 - 29))
    );
    assert_eq!(
        Period::Day.next(date!(2025 - 12 - 31)),
        Some(date!(2026 - 01 - 01))
    );
    assert_eq!(
        Period::IsoWeek.next(date!(2024 - 02 - 26)),
        Some(date!(2024 - 03 - 04))
    );
    assert_eq!(
        Period::AcledWeek.next(date!(2025 - 12 - 27)),
        Some(date!(2026 - 01 - 03))
    );
    assert_eq!(
        Period::Month.next(date!(2024 - 01 - 01)),
        Some(date!(2024 - 02 - 01))
    );
    assert_eq!(
        Period::Month.next(date!(2024 - 02 - 01)),
        Some(date!(2024 - 03 - 01))
    );
    assert_eq!(
        Period::Month.next(date!(2025 - 12 - 01)),
        Some(date!(2026 - 01 - 01))
    );
    assert_eq!(
        Period::Year.next(date!(2024 - 01 - 01)),
        Some(date!(2025 - 01 - 01))
    );
    // The last period the calendar can hold has no next.
    assert_eq!(Period::Day.next(Date::MAX), None);
    assert_eq!(Period::Year.next(Period::Year.start(Date::MAX)), None);
    assert_eq!(Period::Month.next(Period::Month.start(Date::MAX)), None);
}

#[test]
fn period_starts_on_chosen_spans() {
    let starts = |p: Period, from, to| p.starts(from, to).collect::<Vec<_>>();
    assert_eq!(
        starts(Period::Month, date!(2024 - 01 - 31), date!(2024 - 03 - 01)),
        [
            date!(2024 - 01 - 01),
            date!(2024 - 02 - 01),
            date!(2024 - 03 - 01)
        ]
    );
    assert_eq!(
        starts(Period::Day, date!(2024 - 02 - 28), date!(2024 - 03 - 01)),
        [
            date!(2024 - 02 - 28),
            date!(2024 - 02 - 29),
            date!(2024 - 03 - 01)
        ]
    );
    assert_eq!(
        starts(Period::Day, date!(2023 - 02 - 28), date!(2023 - 03 - 01)),
        [date!(2023 - 02 - 28), date!(2023 - 03 - 01)]
    );
    // 2025-12-27 (Sat) to 2026-01-05 (Mon).
    assert_eq!(
        starts(
            Period::IsoWeek,
            date!(2025 - 12 - 27),
            date!(2026 - 01 - 05)
        ),
        [
            date!(2025 - 12 - 22),
            date!(2025 - 12 - 29),
            date!(2026 - 01 - 05)
        ]
    );
    assert_eq!(
        starts(
            Period::AcledWeek,
            date!(2025 - 12 - 27),
            date!(2026 - 01 - 05)
        ),
        [date!(2025 - 12 - 27), date!(2026 - 01 - 03)]
    );
    assert_eq!(
        starts(Period::Year, date!(2023 - 06 - 30), date!(2025 - 01 - 01)),
        [
            date!(2023 - 01 - 01),
            date!(2024 - 01 - 01),
            date!(2025 - 01 - 01)
        ]
    );
    // One day: its own period; a reversed span: nothing, unless both ends
    // share a period.
    assert_eq!(
        starts(Period::Month, date!(2024 - 02 - 29), date!(2024 - 02 - 29)),
        [date!(2024 - 02 - 01)]
    );
    assert_eq!(
        starts(Period::Month, date!(2024 - 03 - 01), date!(2024 - 02 - 29)),
        Vec::<Date>::new()
    );
    assert_eq!(
        starts(Period::Month, date!(2024 - 02 - 20), date!(2024 - 02 - 10)),
        [date!(2024 - 02 - 01)]
    );
}

// ---------------------------------------------------------------------------
// Naive versions, written here without the query engine
// ---------------------------------------------------------------------------

/// The first day of the period holding `day`, from the weekday and the
/// calendar.
fn naive_start(period: Period, day: Date) -> Date {
    let back = |n: u8| day - Duration::days(i64::from(n));
    match period {
        Period::Day => day,
        Period::IsoWeek => back(day.weekday().number_days_from_monday()),
        // Saturday is 5 days from Monday: (5 + 2) % 7 = 0 days back.
        Period::AcledWeek => back((day.weekday().number_days_from_monday() + 2) % 7),
        Period::Month => Date::from_calendar_date(day.year(), day.month(), 1).unwrap(),
        Period::Year => Date::from_calendar_date(day.year(), Month::January, 1).unwrap(),
    }
}

/// The first day of the period after the one starting on `start`.
fn naive_next(period: Period, start: Date) -> Date {
    match period {
        Period::Day => start + Duration::days(1),
        Period::IsoWeek | Period::AcledWeek => start + Duration::days(7),
        Period::Month if start.month() == Month::December => {
            Date::from_calendar_date(start.year() + 1, Month::January, 1).unwrap()
        }
        Period::Month => Date::from_calendar_date(start.year(), start.month().next(), 1).unwrap(),
        Period::Year => Date::from_calendar_date(start.year() + 1, Month::January, 1).unwrap(),
    }
}

/// Haversine distance in km on the sphere of radius 6371.0088 km.
fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

/// Whether `region` is `ancestor` or lies inside it, by walking parents.
fn inside(data: &Dataset, region: RegionId, ancestor: RegionId) -> bool {
    let mut at = Some(region);
    while let Some(r) = at {
        if r == ancestor {
            return true;
        }
        at = data.region(r).unwrap().parent_id();
    }
    false
}

/// The region at admin level `level` that `region` is or lies in.
fn at_level(data: &Dataset, region: RegionId, level: u8) -> KeyValue {
    let mut at = Some(region);
    while let Some(r) = at {
        let found = data.region(r).unwrap();
        if found.level().get() == level {
            return KeyValue::Region(r);
        }
        at = found.parent_id();
    }
    KeyValue::None
}

/// The first principal actor of side A.
fn first_side_a_principal(incident: &Incident) -> Option<GroupId> {
    incident
        .actors()
        .iter()
        .find(|a| a.side() == Side::A && a.role() == Role::Principal)
        .map(Actor::group)
}

fn naive_key(data: &Dataset, incident: &Incident, key: Key) -> KeyValue {
    match key {
        Key::Period(p) => KeyValue::Period(naive_start(p, incident.when().start())),
        Key::Country => at_level(data, incident.region(), 0),
        Key::Admin1 => at_level(data, incident.region(), 1),
        Key::Admin2 => at_level(data, incident.region(), 2),
        Key::Region => KeyValue::Region(incident.region()),
        Key::Actor1 => first_side_a_principal(incident).map_or(KeyValue::None, KeyValue::Group),
        Key::EventType => KeyValue::EventType(incident.event_type()),
        Key::SubEventType => KeyValue::SubEventType(incident.sub_event_type()),
        other => panic!("no naive value for {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Random datasets and filters
// ---------------------------------------------------------------------------

/// Day 0 of the random datasets; 800 days on cross the 2024 leap day and
/// two year ends.
const DAY0: Date = date!(2023 - 12 - 20);

fn day(offset: i64) -> Date {
    DAY0 + Duration::days(offset)
}

/// One random incident, by indexes into the world's entities.
#[derive(Debug, Clone)]
struct Spec {
    day: i64,
    span: i64,
    region: usize,
    kind: SubEventType,
    dead: Estimate,
    actors: Vec<(usize, Side, Role)>,
    site: Option<usize>,
    blockade: Option<usize>,
    at: Option<(f64, f64)>,
}

fn estimate() -> impl Strategy<Value = Estimate> {
    prop_oneof![
        1 => Just(Estimate::Unknown),
        4 => (0..40u32).prop_map(Estimate::Exact),
        1 => (0..40u32).prop_map(Estimate::AtLeast),
        1 => (0..40u32).prop_map(Estimate::Approximately),
        1 => (0..20u32, 0..20u32, any::<bool>()).prop_map(|(low, extra, best)| {
            range(low, best.then_some(low + extra / 2), low + extra)
        }),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    let actor = (
        0..4usize,
        prop_oneof![Just(Side::A), Just(Side::B)],
        prop_oneof![3 => Just(Role::Principal), 1 => Just(Role::Associated)],
    );
    (
        0..800i64,
        prop_oneof![3 => Just(0i64), 1 => 1..4i64],
        0..9usize,
        select(SubEventType::ALL),
        estimate(),
        vec(actor, 0..3),
        weighted(0.2, 0..2usize),
        weighted(0.2, 0..2usize),
        weighted(0.6, (12.5..15.5f64, -12.5..-9.0f64)),
    )
        .prop_map(
            |(day, span, region, kind, dead, actors, site, blockade, at)| Spec {
                day,
                span,
                region,
                kind,
                dead,
                actors,
                site,
                blockade,
                at,
            },
        )
}

/// A dataset of the world's entities and `specs`' incidents.
fn build(specs: &[Spec]) -> (Dataset, World) {
    let (mut b, w) = world();
    for s in specs {
        let start = day(s.day);
        let precision = if s.span == 0 {
            TimePrecision::Day
        } else {
            TimePrecision::Days
        };
        let when = DateSpan::new(start, start + Duration::days(s.span), precision).unwrap();
        let mut i = Incident::builder(s.kind, when, w.regions()[s.region])
            .figure(Quantity::Fatalities, s.dead);
        for &(g, side, role) in &s.actors {
            i = i.actor(Actor::new(w.groups()[g], side, role, Confidence::Reported));
        }
        if let Some(k) = s.site {
            i = i.target(Target::site(w.sites()[k]));
        }
        // An incident cannot enforce a blockade before it starts.
        if let Some(k) = s.blockade.filter(|&k| b.blockades()[k].start() <= start) {
            i = i.enforces(w.blockades()[k]);
        }
        if let Some((lat, lon)) = s.at {
            i = i.location(point(lat, lon));
        }
        b.add_incident(i.build());
    }
    (b.build().unwrap(), w)
}

/// A random filter, by indexes into the world's entities; each part is
/// on with a small chance. Event types and sub-event types are not mixed
/// (see `event_type_and_sub_event_type_filters_narrow_each_other`).
#[derive(Debug, Clone, Default)]
struct Filter {
    between: Option<(i64, i64)>,
    regions: Vec<usize>,
    groups: Vec<usize>,
    actor1: Vec<usize>,
    event_types: Vec<EventType>,
    sub_event_types: Vec<SubEventType>,
    sites: Vec<usize>,
    blockades: Vec<usize>,
    within: Option<(f64, f64, f64)>,
}

fn filter() -> impl Strategy<Value = Filter> {
    let some = |n: usize| weighted(0.25, vec(0..n, 1..=2)).prop_map(Option::unwrap_or_default);
    let types = prop_oneof![
        4 => Just((Vec::new(), Vec::new())),
        1 => vec(select(EventType::ALL), 1..=2).prop_map(|e| (e, Vec::new())),
        1 => vec(select(SubEventType::ALL), 1..=6).prop_map(|s| (Vec::new(), s)),
    ];
    (
        weighted(0.4, (0..800i64, 0..800i64)),
        some(9),
        some(4),
        types,
        (some(4), some(2), some(2)),
        weighted(0.3, (12.5..15.5f64, -12.5..-9.0f64, 5.0..150.0f64)),
    )
        .prop_map(
            |(
                between,
                regions,
                actor1,
                (event_types, sub_event_types),
                (groups, sites, blockades),
                within,
            )| {
                Filter {
                    between,
                    regions,
                    groups,
                    actor1,
                    event_types,
                    sub_event_types,
                    sites,
                    blockades,
                    within,
                }
            },
        )
}

/// `query` narrowed by `f`.
fn apply<'d>(mut query: Query<'d>, f: &Filter, w: &World) -> Query<'d> {
    if let Some((from, to)) = f.between {
        query = query.between(day(from), day(to));
    }
    for &r in &f.regions {
        query = query.in_region(w.regions()[r]);
    }
    for &g in &f.groups {
        query = query.involving(w.groups()[g]);
    }
    for &g in &f.actor1 {
        query = query.actor1(w.groups()[g]);
    }
    for &e in &f.event_types {
        query = query.event_type(e);
    }
    for &s in &f.sub_event_types {
        query = query.sub_event_type(s);
    }
    for &s in &f.sites {
        query = query.at_site(w.sites()[s]);
    }
    for &b in &f.blockades {
        query = query.enforcing(w.blockades()[b]);
    }
    if let Some((lat, lon, km)) = f.within {
        query = query.within_km(lat, lon, km);
    }
    query
}

/// Whether `f` keeps `incident`, from the incident's own fields.
fn keeps(data: &Dataset, w: &World, f: &Filter, incident: &Incident) -> bool {
    let first = incident.when().start();
    let groups = w.groups();
    let listed = |list: &[usize], g: GroupId| list.iter().any(|&k| groups[k] == g);
    f.between
        .is_none_or(|(from, to)| (day(from)..=day(to)).contains(&first))
        && (f.regions.is_empty()
            || f.regions
                .iter()
                .any(|&r| inside(data, incident.region(), w.regions()[r])))
        && (f.groups.is_empty()
            || incident
                .actors()
                .iter()
                .any(|a| listed(&f.groups, a.group())))
        && (f.actor1.is_empty()
            || first_side_a_principal(incident).is_some_and(|g| listed(&f.actor1, g)))
        && (f.event_types.is_empty() || f.event_types.contains(&incident.event_type()))
        && (f.sub_event_types.is_empty() || f.sub_event_types.contains(&incident.sub_event_type()))
        && (f.sites.is_empty()
            || incident.targets().iter().any(|t| {
                t.site_id()
                    .is_some_and(|s| f.sites.iter().any(|&k| w.sites()[k] == s))
            }))
        && (f.blockades.is_empty()
            || incident
                .blockade()
                .is_some_and(|b| f.blockades.iter().any(|&k| w.blockades()[k] == b)))
        && f.within.is_none_or(|(lat, lon, km)| {
            incident
                .location()
                .is_some_and(|l| haversine_km(lat, lon, l.lat(), l.lon()) <= km)
        })
}

/// Whether no located incident lies so close to the filter's radius (a
/// millionth of it) that rounding in two haversine formulas could decide.
fn clear_of_the_radius(data: &Dataset, f: &Filter) -> bool {
    let Some((lat, lon, km)) = f.within else {
        return true;
    };
    data.incidents().iter().all(|i| {
        i.location()
            .is_none_or(|l| (haversine_km(lat, lon, l.lat(), l.lon()) - km).abs() > km * 1e-6)
    })
}

/// Every period, for random series.
static PERIODS: [Period; 5] = [
    Period::Day,
    Period::IsoWeek,
    Period::AcledWeek,
    Period::Month,
    Period::Year,
];

/// Every key, for random groupings.
static KEYS: [Key; 12] = [
    Key::Period(Period::Day),
    Key::Period(Period::IsoWeek),
    Key::Period(Period::AcledWeek),
    Key::Period(Period::Month),
    Key::Period(Period::Year),
    Key::Country,
    Key::Admin1,
    Key::Admin2,
    Key::Region,
    Key::Actor1,
    Key::EventType,
    Key::SubEventType,
];

fn is_place(key: Key) -> bool {
    matches!(key, Key::Country | Key::Admin1 | Key::Admin2 | Key::Region)
}

/// One row as the naive group-by makes it.
#[derive(Debug, Clone, PartialEq)]
struct Naive {
    events: u64,
    fatalities: EstimateSum,
    first: Date,
    last: Date,
    groups: u64,
}

fn row_tuple(r: &Row) -> (Vec<KeyValue>, Naive) {
    (
        r.keys().to_vec(),
        Naive {
            events: r.events(),
            fatalities: r.fatalities(),
            first: r.first(),
            last: r.last(),
            groups: r.distinct_groups().unwrap(),
        },
    )
}

/// A key value's place in the documented row order. Within one key
/// position every value is of one kind or none, so the variant's order
/// matters only in putting none last.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place<'d> {
    /// A period, by its first day.
    Period(Date),
    /// A region or a group, by name, ties by id.
    Named(&'d str, usize),
    /// A type, in ACLED's hierarchy order (the order it is declared in).
    EventType(EventType),
    SubEventType(SubEventType),
    /// A grid cell, in its own order.
    Cell(KeyValue),
    /// No value, after every value.
    None,
}

/// `value`'s place, its region's or group's name looked up in the
/// dataset's own lists.
fn naive_place(data: &Dataset, value: KeyValue) -> Place<'_> {
    match value {
        KeyValue::Period(d) => Place::Period(d),
        KeyValue::Region(r) => Place::Named(data.regions()[r.index()].name(), r.index()),
        KeyValue::Group(g) => Place::Named(data.groups()[g.index()].name(), g.index()),
        KeyValue::Site(s) => Place::Named(data.sites()[s.index()].name(), s.index()),
        KeyValue::EventType(t) => Place::EventType(t),
        KeyValue::SubEventType(t) => Place::SubEventType(t),
        KeyValue::PrioGrid(_) | KeyValue::Cell(_) => Place::Cell(value),
        KeyValue::None => Place::None,
        _ => unreachable!("a kind of key value this test does not order: {value:?}"),
    }
}

/// The rows of `f` grouped by `keys`, by a scan over the incidents and a
/// `BTreeMap`, then sorted by their key values' places in key order:
/// periods by date, regions and groups by name (ties by id), types in
/// hierarchy order, none last.
fn naive_table(data: &Dataset, w: &World, f: &Filter, keys: &[Key]) -> Vec<(Vec<KeyValue>, Naive)> {
    let mut cells: BTreeMap<Vec<KeyValue>, (Naive, BTreeSet<GroupId>)> = BTreeMap::new();
    for incident in data.incidents().iter().filter(|i| keeps(data, w, f, i)) {
        let values: Vec<KeyValue> = keys.iter().map(|k| naive_key(data, incident, *k)).collect();
        let day = incident.when().start();
        let (row, groups) = cells.entry(values).or_insert_with(|| {
            let empty = Naive {
                events: 0,
                fatalities: EstimateSum::new(),
                first: day,
                last: day,
                groups: 0,
            };
            (empty, BTreeSet::new())
        });
        row.events += 1;
        row.fatalities += incident.figure(Quantity::Fatalities);
        row.first = row.first.min(day);
        row.last = row.last.max(day);
        groups.extend(incident.actors().iter().map(Actor::group));
        row.groups = groups.len() as u64;
    }
    let mut rows: Vec<_> = cells.into_iter().map(|(k, (row, _))| (k, row)).collect();
    rows.sort_by_cached_key(|(k, _)| k.iter().map(|v| naive_place(data, *v)).collect::<Vec<_>>());
    rows
}

/// The naive mean of `buckets[range]`, as `Series::change` documents it.
fn naive_mean(events: &[u64], range: &Range<usize>) -> Option<f64> {
    if range.start >= range.end || range.end > events.len() {
        return None;
    }
    let window = &events[range.clone()];
    Some(window.iter().sum::<u64>() as f64 / window.len() as f64)
}

/// `n` incident specs from a fixed linear congruential sequence, for
/// datasets larger than proptest should build.
fn lcg_specs(n: usize, mut state: u64) -> Vec<Spec> {
    let mut next = move |m: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % m
    };
    (0..n)
        .map(|_| {
            let dead = match next(6) {
                0 => Estimate::Unknown,
                1 => Estimate::AtLeast(next(9) as u32),
                2 => Estimate::Approximately(next(30) as u32),
                3 => range(1, Some(2), 3 + next(5) as u32),
                _ => Estimate::Exact(next(12) as u32),
            };
            Spec {
                day: next(800) as i64,
                span: (next(4) == 0) as i64,
                region: next(9) as usize,
                kind: SubEventType::ALL[next(SubEventType::ALL.len() as u64) as usize],
                dead,
                actors: (0..next(3))
                    .map(|_| {
                        let side = if next(3) == 0 { Side::B } else { Side::A };
                        let role = if next(4) == 0 {
                            Role::Associated
                        } else {
                            Role::Principal
                        };
                        (next(4) as usize, side, role)
                    })
                    .collect(),
                site: (next(5) == 0).then(|| next(2) as usize),
                blockade: (next(5) == 0).then(|| next(2) as usize),
                at: (next(2) == 0).then(|| {
                    (
                        12.5 + next(3000) as f64 / 1000.0,
                        -12.5 + next(3500) as f64 / 1000.0,
                    )
                }),
            }
        })
        .collect()
}

/// Queries over more incidents than one chunk of the engine's scan
/// (4096), with keys that lay out densely and keys too many to.
#[test]
fn a_dataset_of_many_chunks_matches_the_naive_group_by() {
    let (data, w) = build(&lcg_specs(10_000, 7));
    let filters = [
        Filter::default(),
        Filter {
            between: Some((100, 700)),
            ..Filter::default()
        },
        Filter {
            regions: vec![1],
            groups: vec![0],
            ..Filter::default()
        },
        Filter {
            sub_event_types: vec![SubEventType::Attack, SubEventType::ArmedClash],
            between: Some((0, 400)),
            ..Filter::default()
        },
        Filter {
            within: Some((14.0, -11.0, 80.0)),
            actor1: vec![1, 2],
            ..Filter::default()
        },
    ];
    let day = Key::Period(Period::Day);
    let keys: [&[Key]; 5] = [
        &[],
        &[Key::Period(Period::IsoWeek)],
        &[Key::Admin1, Key::Period(Period::Month)],
        &[Key::Actor1, Key::EventType, Key::Period(Period::Year)],
        // 800 days x 25 sub-event types x 115 weeks x 5 actors: too many
        // cells to lay out densely.
        &[
            day,
            Key::SubEventType,
            Key::Period(Period::AcledWeek),
            Key::Actor1,
        ],
    ];
    for f in &filters {
        let query = apply(data.query(), f, &w);
        let scan: Vec<usize> = (0..data.incidents().len())
            .filter(|&i| keeps(&data, &w, f, &data.incidents()[i]))
            .collect();
        let ids: Vec<usize> = query.ids().iter().map(|id| id.index()).collect();
        assert_eq!(ids, scan, "{f:?}");
        for keys in keys {
            let table = keys
                .iter()
                .fold(query.clone(), |q, k| q.group_by(*k))
                .distinct_groups()
                .run();
            let got: Vec<_> = table.rows().iter().map(row_tuple).collect();
            assert!(got == naive_table(&data, &w, f, keys), "{f:?} by {keys:?}");
        }
    }
}

/// A scan of more than 2^18 incidents is split across threads, each with
/// its own totals, merged after.
#[test]
fn a_scan_split_across_threads_matches_the_naive_group_by() {
    let (data, w) = build(&lcg_specs(270_000, 11));
    let f = Filter::default();
    let dense = [Key::Country, Key::Period(Period::Month)];
    let sparse = [
        Key::Period(Period::Day),
        Key::SubEventType,
        Key::Period(Period::AcledWeek),
        Key::Actor1,
    ];
    for keys in [&dense[..], &sparse[..]] {
        let table = keys
            .iter()
            .fold(data.query(), |q, k| q.group_by(*k))
            .distinct_groups()
            .run();
        let got: Vec<_> = table.rows().iter().map(row_tuple).collect();
        assert!(got == naive_table(&data, &w, &f, keys), "by {keys:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// (a) Per-key events and fatalities add up to the ungrouped ones,
    /// and no two rows share key values.
    #[test]
    fn grouped_rows_add_up_to_the_ungrouped_total(
        specs in vec(spec(), 0..40),
        f in filter(),
        keys in vec(select(&KEYS[..]), 1..=3),
    ) {
        let (data, w) = build(&specs);
        let query = apply(data.query(), &f, &w);
        let whole = query.run();
        let (events, fatalities) = whole
            .rows()
            .first()
            .map_or((0, EstimateSum::new()), |r| (r.events(), r.fatalities()));
        let grouped = keys.iter().fold(query, |q, k| q.group_by(*k)).run();
        prop_assert_eq!(grouped.keys(), &keys[..]);
        let sum_events: u64 = grouped.rows().iter().map(Row::events).sum();
        let sum_fatalities = grouped
            .rows()
            .iter()
            .fold(EstimateSum::new(), |s, r| s + r.fatalities());
        prop_assert_eq!(sum_events, events);
        prop_assert_eq!(sum_fatalities, fatalities);
        prop_assert!(grouped.rows().iter().all(|r| r.events() > 0));
        let distinct: BTreeSet<&[KeyValue]> = grouped.rows().iter().map(Row::keys).collect();
        prop_assert_eq!(distinct.len(), grouped.rows().len());
    }

    /// (b) A filtered query's ids, events and fatalities are those of a
    /// linear scan with the same predicate written here.
    #[test]
    fn filtered_query_matches_a_linear_scan(specs in vec(spec(), 0..40), f in filter()) {
        let (data, w) = build(&specs);
        prop_assume!(clear_of_the_radius(&data, &f));
        let scan: Vec<usize> = (0..data.incidents().len())
            .filter(|&i| keeps(&data, &w, &f, &data.incidents()[i]))
            .collect();
        let query = apply(data.query(), &f, &w);
        let ids: Vec<usize> = query.ids().iter().map(|id| id.index()).collect();
        prop_assert_eq!(&ids, &scan);
        let fatalities: EstimateSum = scan
            .iter()
            .map(|&i| data.incidents()[i].figure(Quantity::Fatalities))
            .sum();
        let rows = query.run().into_rows();
        match rows.as_slice() {
            [] => prop_assert!(scan.is_empty()),
            [row] => {
                prop_assert_eq!(row.events(), scan.len() as u64);
                prop_assert_eq!(row.fatalities(), fatalities);
            }
            _ => prop_assert!(false, "an ungrouped query has at most one row"),
        }
        // Once the dataset's point index is built, a radius query asks it
        // rather than scanning, and keeps the same incidents.
        data.nearest_incidents(0.0, 0.0, 1);
        let indexed: Vec<usize> = apply(data.query(), &f, &w)
            .ids()
            .iter()
            .map(|id| id.index())
            .collect();
        prop_assert_eq!(&indexed, &scan);
    }

    /// (e) A grouped query, with at most one place key, is the naive
    /// group-by: same rows, same measures, same order.
    #[test]
    fn grouped_query_matches_a_naive_group_by(
        specs in vec(spec(), 0..40),
        f in filter(),
        keys in vec(select(&KEYS[..]), 0..=3)
            .prop_filter("at most one place key", |k| k.iter().filter(|k| is_place(**k)).count() <= 1),
    ) {
        let (data, w) = build(&specs);
        prop_assume!(clear_of_the_radius(&data, &f));
        let table = keys
            .iter()
            .fold(apply(data.query(), &f, &w), |q, k| q.group_by(*k))
            .distinct_groups()
            .run();
        let got: Vec<_> = table.rows().iter().map(row_tuple).collect();
        prop_assert_eq!(got, naive_table(&data, &w, &f, &keys));
    }

    /// (c) and (d): a series has one bucket per period start from `from`'s
    /// to `to`'s, in order; each holds the incidents of its period (zero
    /// where no row has it); trailing means and change are the naive ones.
    #[test]
    fn series_zero_fills_and_its_means_are_naive(
        specs in vec(spec(), 0..40),
        period in select(&PERIODS[..]),
        from in -30..830i64,
        length in -10..400i64,
        split in any::<bool>(),
        k in 0..6usize,
        baseline in (0..12usize, 0..12usize),
        current in (0..12usize, 0..12usize),
    ) {
        let (data, _) = build(&specs);
        let (from, to) = (day(from), day(from + length));
        let mut query = data.query().group_by(Key::Period(period));
        if split {
            // Several rows per period, which the series adds up.
            query = query.group_by(Key::EventType);
        }
        let table = query.run();
        let series = Series::new(table.rows(), period, from, to);
        let buckets = series.buckets();
        // Every period start from the one holding `from` to the one
        // holding `to`, each once, in order.
        let mut expected = Vec::new();
        let mut start = naive_start(period, from);
        while start <= naive_start(period, to) {
            expected.push(start);
            start = naive_next(period, start);
        }
        let starts: Vec<Date> = buckets.iter().map(|b| b.start).collect();
        prop_assert_eq!(&starts, &expected);
        // Each bucket: the incidents of its period, and what the rows say.
        let periods: BTreeSet<Date> = table.rows().iter().filter_map(Row::period).collect();
        for b in buckets {
            let mine: Vec<&Incident> = data
                .incidents()
                .iter()
                .filter(|i| naive_start(period, i.when().start()) == b.start)
                .collect();
            prop_assert_eq!(b.events, mine.len() as u64);
            let dead: EstimateSum = mine.iter().map(|i| i.figure(Quantity::Fatalities)).sum();
            prop_assert_eq!(b.fatalities, dead);
            if !periods.contains(&b.start) {
                prop_assert_eq!(b.events, 0);
                prop_assert_eq!(b.fatalities, EstimateSum::new());
            }
        }
        let (lo, hi) = (naive_start(period, from), naive_start(period, to));
        let in_span: u64 = table
            .rows()
            .iter()
            .filter(|r| r.period().is_some_and(|p| (lo..=hi).contains(&p)))
            .map(Row::events)
            .sum();
        prop_assert_eq!(buckets.iter().map(|b| b.events).sum::<u64>(), in_span);

        // Trailing mean: of this bucket and the k - 1 before (k at least 1).
        let events: Vec<u64> = buckets.iter().map(|b| b.events).collect();
        let width = k.max(1);
        let naive: Vec<f64> = (0..events.len())
            .map(|i| {
                let first = (i + 1).saturating_sub(width);
                naive_mean(&events, &(first..i + 1)).unwrap()
            })
            .collect();
        let means = series.trailing_mean(k);
        prop_assert_eq!(means.len(), naive.len());
        for (got, want) in means.iter().zip(&naive) {
            prop_assert!((got - want).abs() < 1e-9, "{} against {}", got, want);
        }
        // Change: current mean over baseline mean, less one; none for an
        // empty or out-of-range span or a zero baseline.
        let (baseline, current) = (baseline.0..baseline.1, current.0..current.1);
        let want = match (naive_mean(&events, &baseline), naive_mean(&events, &current)) {
            (Some(base), Some(now)) if base > 0.0 => Some(now / base - 1.0),
            _ => None,
        };
        let got = series.change(baseline, current);
        prop_assert_eq!(got.is_some(), want.is_some(), "{:?} against {:?}", got, want);
        if let (Some(got), Some(want)) = (got, want) {
            prop_assert!((got - want).abs() < 1e-9, "{} against {}", got, want);
        }
    }

    /// Period starts and nexts against the calendar, over 1900-2110.
    #[test]
    fn period_start_next_and_starts_follow_the_calendar(
        offset in 0..77_000i64,
        length in 0..100i64,
        period in select(&PERIODS[..]),
    ) {
        let d = date!(1900 - 01 - 01) + Duration::days(offset);
        let start = period.start(d);
        prop_assert_eq!(start, naive_start(period, d));
        prop_assert_eq!(period.start(start), start);
        prop_assert!(start <= d);
        let next = period.next(start).unwrap();
        prop_assert_eq!(next, naive_next(period, start));
        prop_assert!(d < next);
        prop_assert_eq!(period.start(next - Duration::days(1)), start);
        let to = d + Duration::days(length);
        let starts: Vec<Date> = period.starts(d, to).collect();
        prop_assert_eq!(starts.first(), Some(&start));
        prop_assert_eq!(starts.last(), Some(&period.start(to)));
        prop_assert!(starts.windows(2).all(|p| period.next(p[0]) == Some(p[1])));
    }
}

/// A dataset of one country and the given (span, fatalities) incidents.
fn spread_sample(incidents: &[(DateSpan, Estimate)]) -> Dataset {
    let mut b = DatasetBuilder::new();
    let mali = b.add_region(Region::country("Mali", "MLI".parse().unwrap()));
    for (span, fatalities) in incidents {
        b.add_incident(
            Incident::builder(SubEventType::ArmedClash, *span, mali)
                .figure(Quantity::Fatalities, *fatalities)
                .build(),
        );
    }
    b.build().unwrap()
}

#[test]
fn allocated_series_spread_events_and_fatalities_by_policy() {
    use conflict_events::query::Allocation;
    // 13 killed from Friday 30 January to Monday 2 February 2026: two days
    // in each month.
    let span = DateSpan::new(
        date!(2026 - 01 - 30),
        date!(2026 - 02 - 02),
        TimePrecision::Days,
    )
    .unwrap();
    let data = spread_sample(&[(span, Estimate::Exact(13))]);
    let ids = data.query().ids();
    let (from, to) = (date!(2026 - 01 - 01), date!(2026 - 03 - 31));
    let figures = |policy| {
        let s = Series::allocated(&data, &ids, Period::Month, from, to, policy);
        s.buckets()
            .iter()
            .map(|b| (b.events, b.fatalities.best()))
            .collect::<Vec<_>>()
    };
    // ACLED: 13 over 4 days is 4, 3, 3, 3 by day, so 7 and 6 by month; the
    // event goes to its first day's month.
    assert_eq!(
        figures(Allocation::AcledEvenSplit),
        [(1, 7), (0, 6), (0, 0)]
    );
    // PRIO-GRID: 6.5 each, the unit left over to the earlier month; the
    // event's two halves tie and go to the earlier month too.
    assert_eq!(
        figures(Allocation::PrioGridProportional),
        [(1, 7), (0, 6), (0, 0)]
    );
    assert_eq!(figures(Allocation::StartDate), [(1, 13), (0, 0), (0, 0)]);
}

#[test]
fn allocated_series_keep_each_part_an_estimate_of_its_kind() {
    use conflict_events::query::Allocation;
    let two_days = DateSpan::new(
        date!(2026 - 01 - 10),
        date!(2026 - 01 - 11),
        TimePrecision::Days,
    )
    .unwrap();
    let data = spread_sample(&[
        (two_days, Estimate::AtLeast(5)),
        (DateSpan::day(date!(2026 - 01 - 11)), Estimate::Unknown),
    ]);
    let ids = data.query().ids();
    let series = Series::allocated(
        &data,
        &ids,
        Period::Day,
        date!(2026 - 01 - 10),
        date!(2026 - 01 - 11),
        Allocation::AcledEvenSplit,
    );
    let [first, second] = series.buckets() else {
        panic!("two days")
    };
    // At least 5 over two days: at least 3, then at least 2.
    assert_eq!((first.events, first.fatalities.low()), (1, 3));
    assert_eq!(first.fatalities.high(), None);
    assert_eq!(first.fatalities.unbounded(), 1);
    // The second day: the other part, and the incident of unknown toll.
    assert_eq!((second.events, second.fatalities.low()), (1, 2));
    assert_eq!(second.fatalities.unknown(), 1);
    assert_eq!(second.fatalities.terms(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every policy hands out each incident's event and best figure whole
    /// when its span lies inside the series.
    #[test]
    fn allocated_series_add_up(
        incidents in proptest::collection::vec((0i64..60, 0i64..40, 0u32..500), 1..20),
        policy in prop_oneof![
            Just(conflict_events::query::Allocation::StartDate),
            Just(conflict_events::query::Allocation::AcledEvenSplit),
            Just(conflict_events::query::Allocation::PrioGridProportional),
        ],
        period in prop_oneof![Just(Period::Day), Just(Period::IsoWeek), Just(Period::Month)],
    ) {
        let base = date!(2025 - 01 - 01);
        let specs: Vec<(DateSpan, Estimate)> = incidents
            .iter()
            .map(|&(start, len, dead)| {
                let start = base + time::Duration::days(start);
                let span = DateSpan::new(start, start + time::Duration::days(len), TimePrecision::Days)
                    .unwrap();
                (span, Estimate::Exact(dead))
            })
            .collect();
        let data = spread_sample(&specs);
        let ids = data.query().ids();
        let series = Series::allocated(
            &data, &ids, period, base, base + time::Duration::days(120), policy,
        );
        let events: u64 = series.buckets().iter().map(|b| b.events).sum();
        let best: u64 = series.buckets().iter().map(|b| b.fatalities.best()).sum();
        prop_assert_eq!(events, specs.len() as u64);
        prop_assert_eq!(best, specs.iter().map(|(_, e)| u64::from(e.best().unwrap_or(0))).sum::<u64>());
    }
}

/// Three incidents around Bafoulabe, down to a commune (admin 3), with
/// groups and sites to count several times over.
fn multi_sample() -> Dataset {
    let mut b = DatasetBuilder::new();
    let mli: conflict_events::CountryCode = "MLI".parse().unwrap();
    let mali = b.add_region(Region::country("Mali", mli));
    let kayes = b.add_region(Region::new("Kayes", mli, AdminLevel::ADMIN1).parent(mali));
    let bafoulabe = b.add_region(Region::new("Bafoulabe", mli, AdminLevel::ADMIN2).parent(kayes));
    let commune =
        b.add_region(Region::new("Gangonteri", mli, AdminLevel::ADMIN3).parent(bafoulabe));
    let jnim = b.add_group(Group::new("JNIM", GroupKind::Jihadist));
    let fama = b.add_group(Group::new("FAMa", GroupKind::StateForces));
    let civilians = b.add_group(Group::new("Civilians", GroupKind::Civilians));
    let plant_a = b.add_site(Site::new("Plant A", SiteKind::IndustrialPlant, bafoulabe));
    let plant_b = b.add_site(Site::new("Plant B", SiteKind::IndustrialPlant, bafoulabe));
    let side_b = |g| Actor::new(g, Side::B, Role::Principal, Confidence::Reported);
    b.add_incident(
        Incident::builder(
            SubEventType::AbductionForcedDisappearance,
            DateSpan::day(date!(2026 - 01 - 10)),
            commune,
        )
        .perpetrator(jnim, Confidence::Suspected)
        .actor(side_b(civilians))
        .target(Target::site(plant_a))
        .target(Target::site(plant_b))
        .figure(Quantity::Fatalities, Estimate::Exact(2))
        .figure(Quantity::Injured, Estimate::AtLeast(3))
        .figure(Quantity::Abducted, Estimate::Exact(3))
        .build(),
    );
    b.add_incident(
        Incident::builder(
            SubEventType::ArmedClash,
            DateSpan::day(date!(2026 - 01 - 11)),
            bafoulabe,
        )
        .perpetrator(jnim, Confidence::Reported)
        .actor(side_b(fama))
        .build(),
    );
    b.add_incident(
        Incident::builder(
            SubEventType::LootingPropertyDestruction,
            DateSpan::day(date!(2026 - 01 - 12)),
            kayes,
        )
        .perpetrator(fama, Confidence::Reported)
        .target(Target::site(plant_a))
        .figure(Quantity::Fatalities, Estimate::Exact(1))
        .figure(Quantity::Injured, Estimate::Exact(1))
        .build(),
    );
    b.build().unwrap()
}

/// (name of the key's region, group or site, events, best fatalities, unknown fatalities).
fn named(data: &Dataset, table: &conflict_events::query::Table) -> Vec<(String, u64, u64, u64)> {
    table
        .rows()
        .iter()
        .map(|r| {
            let name = match r.keys().last() {
                Some(KeyValue::Region(id)) => data.region(*id).unwrap().name().to_owned(),
                Some(KeyValue::Group(id)) => data.group(*id).unwrap().name().to_owned(),
                Some(KeyValue::Site(id)) => data.site(*id).unwrap().name().to_owned(),
                _ => "-".to_owned(),
            };
            (
                name,
                r.events(),
                r.fatalities().best(),
                r.fatalities().unknown(),
            )
        })
        .collect()
}

#[test]
fn group_key_counts_an_incident_once_for_each_group() {
    let data = multi_sample();
    let table = data.query().group_by(Key::Group).run();
    // Civilians: the abduction; FAMa: the clash (unknown toll) and the
    // looting (1); JNIM: the abduction (2) and the clash (unknown). Five
    // rows' worth of events from three incidents, in name order.
    assert_eq!(
        named(&data, &table),
        [
            ("Civilians".to_owned(), 1, 2, 0),
            ("FAMa".to_owned(), 2, 1, 1),
            ("JNIM".to_owned(), 2, 2, 1),
        ]
    );
}

#[test]
fn site_key_counts_an_incident_once_for_each_site_hit() {
    let data = multi_sample();
    let table = data.query().group_by(Key::Site).run();
    assert_eq!(
        named(&data, &table),
        [
            ("Plant A".to_owned(), 2, 3, 0),
            ("Plant B".to_owned(), 1, 2, 0),
            ("-".to_owned(), 1, 0, 1),
        ]
    );
}

#[test]
fn admin3_key_and_its_country() {
    let data = multi_sample();
    let table = data.query().group_by(Key::Admin3).run();
    assert_eq!(
        named(&data, &table),
        [
            ("Gangonteri".to_owned(), 1, 2, 0),
            ("-".to_owned(), 2, 1, 1)
        ]
    );
    let table = data
        .query()
        .group_by(Key::Country)
        .group_by(Key::Admin3)
        .run();
    let keys: Vec<usize> = table.rows().iter().map(|r| r.keys().len()).collect();
    assert_eq!(keys, [2, 2]);
    assert!(matches!(table.rows()[1].keys()[0], KeyValue::Region(_)));
    assert_eq!(
        named(&data, &table),
        [
            ("Gangonteri".to_owned(), 1, 2, 0),
            ("-".to_owned(), 2, 1, 1)
        ]
    );
}

#[test]
fn injured_and_abducted_keep_unknowns_apart() {
    let data = multi_sample();
    let row = data.query().run().rows()[0].clone();
    // Injured: at least 3, exactly 1, and one not reported.
    let injured = row.injured();
    assert_eq!(
        (injured.low(), injured.best(), injured.high()),
        (4, 4, None)
    );
    assert_eq!(
        (injured.terms(), injured.unknown(), injured.unbounded()),
        (3, 1, 1)
    );
    // Abducted: exactly 3, and two not reported.
    let abducted = row.abducted();
    assert_eq!(
        (abducted.low(), abducted.terms(), abducted.unknown()),
        (3, 3, 2)
    );
    // The same by group: JNIM's abduction and clash.
    let by_group = data.query().group_by(Key::Group).run();
    let jnim = by_group.rows().iter().find(
        |r| matches!(r.keys()[0], KeyValue::Group(g) if data.group(g).unwrap().name() == "JNIM"),
    );
    let jnim = jnim.unwrap();
    assert_eq!((jnim.abducted().low(), jnim.abducted().unknown()), (3, 1));
    assert_eq!((jnim.injured().low(), jnim.injured().unbounded()), (3, 1));
}
