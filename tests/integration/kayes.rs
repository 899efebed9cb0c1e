//! The Kayes scenario holds each fact of the reports (scenario FACTS.md).

use conflict_events::{
    AdminLevel, AffiliationKind, Commodity, Confidence, DamageLevel, Dataset, Estimate, GroupKind,
    ImpactKind, Incident, Means, Quantity, RansomStatus, Reconcile, Severity, SiteKind, SourceKind,
    SubEventType, Tactic, TargetKind, TimePrecision,
};
use time::macros::date;

use crate::fixtures;

/// The three plant attacks of the night of 10 to 11 January 2026.
fn plant_attacks(data: &Dataset) -> Vec<&Incident> {
    data.incidents_between(date!(2026 - 01 - 10), date!(2026 - 01 - 11))
        .iter()
        .filter(|i| i.sites().next().is_some())
        .collect()
}

#[test]
fn when_the_night_of_10_to_11_january_2026() {
    let data = fixtures::kayes();
    let attacks = plant_attacks(&data);
    assert_eq!(attacks.len(), 3);
    for attack in &attacks {
        let when = attack.when();
        assert_eq!(
            (when.start(), when.end()),
            (date!(2026 - 01 - 10), date!(2026 - 01 - 11))
        );
        assert_eq!(when.days(), 2);
        assert_eq!(when.precision(), TimePrecision::Days);
    }
    let withdrew = attacks[0]
        .reports()
        .iter()
        .find(|r| r.source().name() == "Studio Tamani")
        .and_then(|r| r.said())
        .unwrap();
    assert!(withdrew.contains("around 09:00 on Sunday"));
}

#[test]
fn where_the_cercle_of_bafoulabe_in_kayes_region_mali() {
    let data = fixtures::kayes();
    let bafoulabe = data.find_regions("Bafoulabe").next().unwrap();
    let kayes = data.find_regions("Kayes").next().unwrap();
    let mali = data.find_regions("Mali").next().unwrap();
    let cercle = data.region(bafoulabe).unwrap();
    assert_eq!(cercle.level(), AdminLevel::ADMIN2);
    assert_eq!(cercle.place_code(), Some("ML0101"));
    assert_eq!(
        data.ancestors(bafoulabe).collect::<Vec<_>>(),
        [bafoulabe, kayes, mali]
    );
    for attack in plant_attacks(&data) {
        assert_eq!(attack.region(), bafoulabe);
        let location = attack.location().unwrap();
        assert_eq!((location.lat(), location.lon()), (13.8065, -10.8321));
    }
    // A query on Kayes includes its cercles.
    let in_kayes = data.incidents_in_region(kayes);
    assert_eq!(in_kayes.len(), 8);
    assert_eq!(data.incidents_in_region(mali).len(), 9);
    let notes = plant_attacks(&data)[0].notes().unwrap();
    assert!(notes.contains("Selinkegny") && notes.contains("National Route 22"));
}

#[test]
fn sites_three_plants_with_their_products() {
    let data = fixtures::kayes();
    let expected = [
        (
            "Diamond Cement",
            "Gangonteri (Gankontery)",
            SiteKind::IndustrialPlant,
            vec!["cement"],
        ),
        (
            "CCIM",
            "Karaga",
            SiteKind::Quarry,
            vec!["calcium carbonate", "lime", "plaster"],
        ),
        (
            "Stones",
            "Groundape",
            SiteKind::IndustrialPlant,
            vec!["tiles", "lime", "plaster"],
        ),
    ];
    let attacked: Vec<_> = plant_attacks(&data)
        .iter()
        .flat_map(|i| i.sites())
        .collect();
    for (name, place, kind, products) in expected {
        let id = data
            .find_site(name)
            .unwrap_or_else(|| panic!("no site {name}"));
        let site = data.site(id).unwrap();
        assert_eq!(site.kind(), kind, "{name}");
        assert_eq!(site.place().and_then(|l| l.place()), Some(place), "{name}");
        let got: Vec<&str> = site.products().iter().map(|p| &**p).collect();
        assert_eq!(got, products, "{name}");
        assert!(attacked.contains(&id), "{name} attacked");
    }
    assert_eq!(attacked.len(), 3);
}

#[test]
fn attackers_nearly_160_on_motorbikes_by_the_sources_reckoning() {
    let data = fixtures::kayes();
    let first = plant_attacks(&data)[0];
    assert_eq!(
        first.reconcile(Quantity::Attackers, Reconcile::FullRange),
        Estimate::range(100, Some(160), 200).unwrap()
    );
    assert_eq!(
        first.figure(Quantity::Attackers),
        Estimate::range(100, Some(160), 200).unwrap()
    );
    assert_eq!(
        first.reconcile(Quantity::Attackers, Reconcile::LowestReported),
        Estimate::AtLeast(100)
    );
    let claims: Vec<(&str, Estimate)> = first
        .reports()
        .iter()
        .map(|r| (r.source().name(), r.figures().attackers))
        .filter(|(_, e)| e.is_known())
        .collect();
    assert_eq!(
        claims,
        [
            ("Wamaps", Estimate::Approximately(160)),
            ("Koaci", Estimate::AtLeast(100)),
            ("PressAfrik", Estimate::range(150, None, 200).unwrap()),
            ("Kaweru", Estimate::Approximately(160)),
            ("News Central", Estimate::AtLeast(100)),
        ]
    );
    assert!(first.means().contains(&Means::Motorbikes));
}

#[test]
fn abducted_at_least_three_possibly_four() {
    let data = fixtures::kayes();
    let first = plant_attacks(&data)[0];
    assert_eq!(
        first.sub_event_type(),
        SubEventType::AbductionForcedDisappearance
    );
    let all = first.reconcile(Quantity::Abducted, Reconcile::FullRange);
    assert_eq!(
        (all.low(), all.best(), all.high()),
        (Some(3), Some(3), Some(4))
    );
    assert_eq!(
        first.reconcile(Quantity::Abducted, Reconcile::LowestReported),
        Estimate::AtLeast(3)
    );
    assert!(first.tactics().contains(&Tactic::Abduction));
    let victims = first
        .targets()
        .iter()
        .find(|t| t.kind() == TargetKind::Civilians)
        .unwrap();
    assert_eq!(victims.described(), Some("Diamond Cement employees"));
}

#[test]
fn fatalities_none_reported() {
    let data = fixtures::kayes();
    for attack in plant_attacks(&data) {
        assert_eq!(attack.figure(Quantity::Fatalities), Estimate::Exact(0));
    }
}

#[test]
fn damage_enormous_and_considerable() {
    let data = fixtures::kayes();
    let attacks = plant_attacks(&data);
    let said = |i: &Incident, source: &str| {
        i.reports()
            .iter()
            .find(|r| r.source().name().contains(source))
            .and_then(|r| r.damage_level())
    };
    assert_eq!(said(attacks[0], "security"), Some(DamageLevel::Severe));
    assert_eq!(
        "enormous".parse::<DamageLevel>().unwrap(),
        DamageLevel::Severe
    );
    let ccm = attacks
        .iter()
        .find(|i| i.damage() == Some(DamageLevel::Considerable))
        .unwrap();
    assert_eq!(
        said(ccm, "chief executive"),
        Some(DamageLevel::Considerable)
    );
    for attack in &attacks {
        assert!(attack.tactics().contains(&Tactic::Arson));
    }
    assert!(attacks[0].notes().unwrap().contains("staff bus burned"));
}

#[test]
fn attribution_believed_to_be_jnim_an_al_qaeda_affiliate() {
    let data = fixtures::kayes();
    let jnim = data.find_group("JNIM").unwrap();
    assert_eq!(
        data.find_group("Group to Support Islam and Muslims"),
        Some(jnim)
    );
    assert_eq!(data.find_group("GSIM"), Some(jnim));
    let group = data.group(jnim).unwrap();
    assert_eq!(group.kind(), GroupKind::Jihadist);
    let link = group.affiliations()[0];
    assert_eq!(link.kind(), AffiliationKind::Affiliate);
    assert_eq!(data.group(link.parent()).unwrap().name(), "al-Qaeda");
    for attack in plant_attacks(&data) {
        let perpetrators: Vec<_> = attack.perpetrators().collect();
        assert_eq!(perpetrators.len(), 1);
        assert_eq!(perpetrators[0].group(), jnim);
        // "Believed to be", and no claim reported.
        assert_eq!(perpetrators[0].confidence(), Confidence::Suspected);
    }
}

#[test]
fn response_reinforcements_and_river_crossings_suspended() {
    let data = fixtures::kayes();
    let after = data.incidents_between(date!(2026 - 01 - 11), date!(2026 - 01 - 12));
    let deployment = after
        .iter()
        .find(|i| i.sub_event_type() == SubEventType::ChangeToGroupActivity)
        .unwrap();
    assert!(deployment.tactics().contains(&Tactic::Deployment));
    let forces = data
        .group(deployment.perpetrators().next().unwrap().group())
        .unwrap();
    assert_eq!(forces.kind(), GroupKind::StateForces);
    let crossings = after
        .iter()
        .find(|i| i.notes().is_some_and(|n| n.contains("river crossings")))
        .unwrap();
    assert!(crossings.tactics().contains(&Tactic::MovementRestriction));
}

#[test]
fn context_curfew_and_the_july_2025_attack_on_the_same_plants() {
    let data = fixtures::kayes();
    let curfew = data.incidents_between(date!(2025 - 07 - 01), date!(2025 - 07 - 01));
    let curfew = curfew
        .iter()
        .find(|i| i.notes().is_some_and(|n| n.contains("curfew")))
        .unwrap();
    assert!(curfew.notes().unwrap().contains("21:00 to 06:00"));
    assert_eq!(curfew.when().precision(), TimePrecision::Day);

    let july = data
        .incidents_between(date!(2025 - 07 - 01), date!(2025 - 07 - 31))
        .iter()
        .find(|i| i.sub_event_type() == SubEventType::AbductionForcedDisappearance)
        .unwrap();
    assert_eq!(july.when().precision(), TimePrecision::Month);
    let mut january_sites: Vec<_> = plant_attacks(&data)
        .iter()
        .flat_map(|i| i.sites())
        .collect();
    let mut july_sites: Vec<_> = july.sites().collect();
    january_sites.sort();
    july_sites.sort();
    assert_eq!(july_sites, january_sites);
    let victims = july
        .targets()
        .iter()
        .find(|t| t.kind() == TargetKind::Civilians)
        .unwrap();
    assert_eq!(victims.nationalities(), ["IND".parse().unwrap()]);
    assert_eq!(victims.is_foreign(), Some(true));
    assert_eq!(july.ransom(), RansomStatus::Suspected);
    for site in july.sites() {
        assert_eq!(data.incidents_at_site(site).len(), 2);
    }
}

#[test]
fn threat_june_2025_against_industries_and_foreign_companies() {
    let data = fixtures::kayes();
    let threat = &data.incidents_between(date!(2025 - 06 - 01), date!(2025 - 06 - 30))[0];
    assert_eq!(threat.sub_event_type(), SubEventType::Other);
    assert_eq!(threat.tactics(), [Tactic::Threat]);
    assert_eq!(
        threat.perpetrators().next().unwrap().confidence(),
        Confidence::Claimed
    );
    let target = &threat.targets()[0];
    assert_eq!(
        (target.kind(), target.is_foreign()),
        (TargetKind::Business, Some(true))
    );
    assert!(threat.notes().unwrap().contains("authorisation"));
}

#[test]
fn blockade_of_fuel_since_3_september_2025() {
    let data = fixtures::kayes();
    let id = data.find_blockade("JNIM fuel blockade").unwrap();
    let fuel = data.blockade(id).unwrap();
    assert_eq!(fuel.commodity(), Commodity::Fuel);
    assert_eq!(fuel.start(), date!(2025 - 09 - 03));
    assert_eq!(fuel.end(), None);
    assert_eq!(fuel.imposers(), [data.find_group("JNIM").unwrap()]);
    let routes: Vec<&str> = fuel.routes().iter().map(|r| &**r).collect();
    assert_eq!(routes, ["Kayes axis", "Nioro axis"]);
    // 28 days of September, 31 of October, 30 of November, 31 of December, 12 of January.
    assert_eq!(
        fuel.days_active(date!(2026 - 01 - 12)),
        28 + 31 + 30 + 31 + 12
    );
    assert_eq!(fuel.days_active(date!(2025 - 09 - 02)), 0);
    assert!(fuel.is_active_on(date!(2026 - 01 - 12)));
    assert_eq!(
        data.blockades_active_on(date!(2025 - 10 - 15))
            .collect::<Vec<_>>(),
        [id]
    );
    assert_eq!(
        fuel.severity_on(date!(2025 - 10 - 15)),
        Some(Severity::Critical)
    );
    assert_eq!(fuel.severity_on(date!(2025 - 12 - 15)), None);
    let bamako = data.find_regions("Bamako").next().unwrap();
    assert!(fuel.affected_regions().contains(&bamako));
    let impacts: Vec<(ImpactKind, Option<&str>)> = fuel
        .impacts()
        .iter()
        .map(|i| (i.kind(), i.place()))
        .collect();
    assert_eq!(
        impacts,
        [
            (ImpactKind::Shortage, Some("Bamako")),
            (ImpactKind::EconomicParalysis, Some("Bamako")),
            (ImpactKind::PowerCuts, Some("Bamako")),
        ]
    );
    for impact in fuel.impacts() {
        assert_eq!(
            (impact.start(), impact.end()),
            (date!(2025 - 10 - 01), Some(date!(2025 - 11 - 30)))
        );
    }
    let enforcing = data.incidents_enforcing(id);
    assert_eq!(enforcing.len(), 1);
    let announcement = data.incident(enforcing[0]).unwrap();
    assert_eq!(announcement.when().start(), date!(2025 - 09 - 03));
}

#[test]
fn sources_each_with_their_kind() {
    let data = fixtures::kayes();
    let mut sources: Vec<(&str, SourceKind)> = data
        .incidents()
        .iter()
        .flat_map(|i| i.reports())
        .map(|r| (r.source().name(), r.source().kind()))
        .collect();
    sources.sort();
    sources.dedup();
    let expected = [
        (
            "Ibrahima Diawara, plant chief executive",
            SourceKind::Company,
        ),
        ("Kaweru", SourceKind::NationalMedia),
        ("Koaci", SourceKind::InternationalMedia),
        ("Malian security source", SourceKind::Security),
        ("Media Talk Africa", SourceKind::InternationalMedia),
        ("News Central", SourceKind::InternationalMedia),
        ("PressAfrik", SourceKind::InternationalMedia),
        ("Studio Tamani", SourceKind::NationalMedia),
        ("Wamaps", SourceKind::JournalistNetwork),
        ("local sources", SourceKind::Local),
    ];
    assert_eq!(sources, expected);
}
