//! The Kayes industrial attacks of January 2026 as data: the press report
//! of the attacks with the other sources' claims, every fact held without
//! loss.
//!
//! The main example prints a summary of it; the integration tests load it
//! as a fixture and check each fact.

use conflict_events::{
    AdminLevel, Affiliation, AffiliationKind, Blockade, Commodity, Confidence, DamageLevel,
    Dataset, DatasetBuilder, DateSpan, Error, Estimate, GeoPrecision, Group, GroupKind, Impact,
    ImpactKind, Incident, Location, Means, Operator, Quantity, RansomStatus, Reconcile, Region,
    Report, Severity, SeverityPeriod, Site, SiteKind, Source, SourceKind, SubEventType, Tactic,
    Target, TargetKind, TimePrecision,
};
use time::macros::date;

/// Bafoulabe town (13.8065 N, 10.8321 W), to which the plants "near the
/// town" are coded, as ACLED codes an event "near" a town (precision 2).
fn near_bafoulabe(place: &str) -> Result<Location, Error> {
    Ok(Location::new(13.8065, -10.8321, GeoPrecision::Near)?.with_place(place))
}

fn source(name: &str, kind: SourceKind, url: Option<&str>) -> Source {
    let source = Source::new(name, kind);
    match url {
        Some(url) => source.url(url),
        None => source,
    }
}

/// The whole scenario, validated.
///
/// # Errors
///
/// Only if the data below breaks a rule, which the tests rule out.
pub fn kayes() -> Result<Dataset, Error> {
    let mut data = DatasetBuilder::new().as_of(date!(2026 - 01 - 12));

    // Places: Mali > Kayes > Bafoulabe, and Bamako, with OCHA p-codes.
    let mli = "MLI".parse()?;
    let mali = data.add_region(Region::country("Mali", mli).pcode("ML"));
    let kayes = data.add_region(
        Region::new("Kayes", mli, AdminLevel::ADMIN1)
            .parent(mali)
            .pcode("ML01"),
    );
    let bafoulabe = data.add_region(
        Region::new("Bafoulabé", mli, AdminLevel::ADMIN2)
            .parent(kayes)
            .alias("Bafoulabe")
            .pcode("ML0101"),
    );
    data.add_region(
        Region::new("Nioro", mli, AdminLevel::ADMIN2)
            .parent(kayes)
            .alias("Nioro du Sahel")
            .pcode("ML0106"),
    );
    let bamako = data.add_region(
        Region::new("Bamako", mli, AdminLevel::ADMIN1)
            .parent(mali)
            .alias("District de Bamako")
            .pcode("ML09"),
    );

    // Groups: JNIM, an al-Qaeda affiliate since its founding on 2 March 2017.
    let al_qaeda = data.add_group(Group::new("al-Qaeda", GroupKind::Jihadist).alias("AQ"));
    let jnim = data.add_group(
        Group::new("Jama'at Nusrat al-Islam wal-Muslimin", GroupKind::Jihadist)
            .alias("JNIM")
            .alias("GSIM")
            .alias("Group to Support Islam and Muslims")
            .alias("Groupe de soutien à l'islam et aux musulmans")
            .affiliation(
                Affiliation::new(al_qaeda, AffiliationKind::Affiliate).since(date!(2017 - 03 - 02)),
            ),
    );
    let fama = data.add_group(
        Group::new("Military Forces of Mali (2021-)", GroupKind::StateForces).alias("FAMa"),
    );
    let government = data.add_group(
        Group::new("Government of Mali (2021-)", GroupKind::StateForces)
            .alias("Malian authorities"),
    );

    // Sites: the three plants of the cercle of Bafoulabe, along National Route 22.
    let diamond = data.add_site(
        Site::new(
            "Diamond Cement Mali cement plant",
            SiteKind::IndustrialPlant,
            bafoulabe,
        )
        .alias("Diamond Cement")
        .product("cement")
        .operator(Operator::new("Diamond Cement Mali SA"))
        .location(near_bafoulabe("Gangonteri (Gankontery)")?),
    );
    let ccm = data.add_site(
        Site::new(
            "Carrières et Chaux du Mali quarry and lime works",
            SiteKind::Quarry,
            bafoulabe,
        )
        .alias("CCM")
        .alias("CCIM")
        .product("calcium carbonate")
        .product("lime")
        .product("plaster")
        .operator(Operator::new("Carrières et Chaux du Mali"))
        .location(near_bafoulabe("Karaga")?),
    );
    let stones = data.add_site(
        Site::new("Stones plant", SiteKind::IndustrialPlant, bafoulabe)
            .alias("Stones")
            .product("tiles")
            .product("lime")
            .product("plaster")
            .location(near_bafoulabe("Groundape")?),
    );

    // The fuel blockade: announced on 3 September 2025 for the Kayes and
    // Nioro axes; at its height in October and November, major fuel
    // shortages in Bamako paralysed the city and led to power cuts.
    let peak = (date!(2025 - 10 - 01), date!(2025 - 11 - 30));
    let fuel = data.add_blockade(
        Blockade::new("JNIM fuel blockade", Commodity::Fuel, date!(2025 - 09 - 03))
            .imposed_by(jnim)
            .region(kayes)
            .region(bamako)
            .route("Kayes axis")
            .route("Nioro axis")
            .severity(SeverityPeriod::new(Severity::Critical, peak.0).until(peak.1))
            .impact(
                Impact::new(ImpactKind::Shortage, peak.0)
                    .until(peak.1)
                    .in_region(bamako)
                    .at_place("Bamako")
                    .description("major fuel shortages in the capital"),
            )
            .impact(
                Impact::new(ImpactKind::EconomicParalysis, peak.0)
                    .until(peak.1)
                    .in_region(bamako)
                    .at_place("Bamako")
                    .description("the shortages paralysed the city's economy"),
            )
            .impact(
                Impact::new(ImpactKind::PowerCuts, peak.0)
                    .until(peak.1)
                    .in_region(bamako)
                    .at_place("Bamako")
                    .description("power cuts"),
            )
            .notes("part of a campaign to strangle the economy of a landlocked country"),
    );

    // The sources.
    let main_report = source(
        "Media Talk Africa",
        SourceKind::InternationalMedia,
        Some("https://mediatalkafrica.com"),
    );
    let wamaps = source("Wamaps", SourceKind::JournalistNetwork, None);
    let security = source("Malian security source", SourceKind::Security, None);
    let local = source("local sources", SourceKind::Local, None);
    let ceo = source(
        "Ibrahima Diawara, plant chief executive",
        SourceKind::Company,
        None,
    );
    let tamani = source(
        "Studio Tamani",
        SourceKind::NationalMedia,
        Some("https://www.studiotamani.org"),
    );
    let koaci = source(
        "Koaci",
        SourceKind::InternationalMedia,
        Some("https://www.koaci.com"),
    );
    let pressafrik = source(
        "PressAfrik",
        SourceKind::InternationalMedia,
        Some("https://www.pressafrik.com"),
    );
    let kaweru = source(
        "Kaweru",
        SourceKind::NationalMedia,
        Some("https://kaweru.com"),
    );
    let news_central = source(
        "News Central",
        SourceKind::InternationalMedia,
        Some("https://newscentral.africa"),
    );

    // The night of Saturday 10 to Sunday 11 January 2026; the attackers
    // withdrew around 09:00 on Sunday.
    let night = DateSpan::new(
        date!(2026 - 01 - 10),
        date!(2026 - 01 - 11),
        TimePrecision::Days,
    )?;
    let attackers = SubEventType::AbductionForcedDisappearance;

    // The Diamond Cement plant: three employees abducted, vehicles burned.
    data.add_incident(
        Incident::builder(attackers, night, bafoulabe)
            .location(near_bafoulabe("Gangonteri (Gankontery)")?)
            .perpetrator(jnim, Confidence::Suspected)
            .target(Target::site(diamond))
            .target(
                Target::new(TargetKind::Civilians)
                    .description("Diamond Cement employees"),
            )
            .tactic(Tactic::ArmedAssault)
            .tactic(Tactic::Abduction)
            .tactic(Tactic::Arson)
            .means(Means::Motorbikes)
            .means(Means::Firearms)
            .damage(DamageLevel::Severe)
            .ransom(RansomStatus::Suspected)
            .report(
                Report::new(main_report.clone())
                    .statement("gunmen attacked three industrial sites in western Mali over the weekend, believed to be JNIM"),
            )
            .report(
                Report::new(local)
                    .statement("gunmen kidnapped civilians and caused significant damage"),
            )
            .report(
                Report::new(wamaps)
                    .figure(Quantity::Attackers, Estimate::Approximately(160))
                    .figure(Quantity::Abducted, Estimate::AtLeast(3))
                    .statement("nearly 160 terrorists riding motorbikes; at least three people kidnapped"),
            )
            .report(
                Report::new(security.clone())
                    .damage(DamageLevel::Severe)
                    .statement("the damage is enormous"),
            )
            .report(
                Report::new(koaci.clone())
                    .figure(Quantity::Attackers, Estimate::AtLeast(100))
                    .figure(Quantity::Abducted, Estimate::range(3, Some(3), 4)?)
                    .statement("more than 100 assailants; three Diamond Cement employees abducted, possibly four according to witnesses"),
            )
            .report(
                Report::new(pressafrik.clone())
                    .figure(Quantity::Attackers, Estimate::range(150, None, 200)?)
                    .figure(Quantity::Abducted, Estimate::AtLeast(4))
                    .statement("150 to 200 presumed jihadists affiliated to al-Qaida; at least four abducted early Sunday 11 January"),
            )
            .report(
                Report::new(kaweru.clone())
                    .figure(Quantity::Attackers, Estimate::Approximately(160))
                    .figure(Quantity::Fatalities, Estimate::Exact(0))
                    .statement("about 160 attackers on about a hundred motorbikes; no deaths officially reported"),
            )
            .report(
                Report::new(tamani.clone())
                    .figure(Quantity::Fatalities, Estimate::Exact(0))
                    .statement("no loss of life; the attackers withdrew around 09:00 on Sunday"),
            )
            .report(
                Report::new(news_central)
                    .figure(Quantity::Attackers, Estimate::AtLeast(100))
                    .statement("more than 100 attackers"),
            )
            .reconciled(Reconcile::FullRange)
            .notes("attackers first seen at Selinkegny, then split into groups along National Route 22; loaders, heavy vehicles and a staff bus burned, buildings and cement bags burned; no claim of responsibility reported")
            .tag("coordinated attack on three plants")
            .build(),
    );

    // The two other plants, attacked and set on fire the same night.
    for (site, place, damage, report) in [
        (
            ccm,
            "Karaga",
            DamageLevel::Considerable,
            Report::new(ceo.clone())
                .damage(DamageLevel::Considerable)
                .statement("my site suffered considerable damage; two other plants in the area were attacked and set on fire"),
        ),
        (
            stones,
            "Groundape",
            DamageLevel::Severe,
            Report::new(ceo.clone())
                .statement("attacked and set on fire"),
        ),
    ] {
        data.add_incident(
            Incident::builder(SubEventType::LootingPropertyDestruction, night, bafoulabe)
                .location(near_bafoulabe(place)?)
                .perpetrator(jnim, Confidence::Suspected)
                .target(Target::site(site))
                .tactic(Tactic::ArmedAssault)
                .tactic(Tactic::Arson)
                .means(Means::Motorbikes)
                .damage(damage)
                .report(report)
                .report(Report::new(security.clone()).damage(DamageLevel::Severe))
                .report(Report::new(tamani.clone()).figure(Quantity::Fatalities, Estimate::Exact(0)))
                .reconciled(Reconcile::FullRange)
                .tag("coordinated attack on three plants")
                .build(),
        );
    }

    // The response: reinforcements, and river crossings suspended.
    let response = DateSpan::new(
        date!(2026 - 01 - 11),
        date!(2026 - 01 - 12),
        TimePrecision::Days,
    )?;
    data.add_incident(
        Incident::builder(SubEventType::ChangeToGroupActivity, response, bafoulabe)
            .perpetrator(fama, Confidence::Reported)
            .tactic(Tactic::Deployment)
            .report(Report::new(security).statement(
                "the government has sent reinforcements to the area to prevent further attacks",
            ))
            .notes("reinforcements deployed after the attacks on the plants")
            .build(),
    );
    data.add_incident(
        Incident::builder(SubEventType::Other, response, bafoulabe)
            .perpetrator(government, Confidence::Reported)
            .tactic(Tactic::MovementRestriction)
            .report(Report::new(koaci.clone()).statement("river crossings in the area suspended"))
            .report(Report::new(kaweru).statement("river crossings suspended"))
            .notes("river crossings in the area suspended")
            .build(),
    );

    // The context: a night curfew in Bafoulabe since 1 July 2025.
    data.add_incident(
        Incident::builder(
            SubEventType::Other,
            DateSpan::day(date!(2025 - 07 - 01)),
            bafoulabe,
        )
        .perpetrator(government, Confidence::Reported)
        .tactic(Tactic::MovementRestriction)
        .report(
            Report::new(koaci.clone())
                .statement("night curfew from 21:00 to 06:00 with movement restrictions"),
        )
        .notes(
            "night curfew, 21:00 to 06:00, with movement restrictions, in force since 1 July 2025",
        )
        .build(),
    );

    // June 2025: JNIM threatens industries and foreign companies.
    let june = DateSpan::new(
        date!(2025 - 06 - 01),
        date!(2025 - 06 - 30),
        TimePrecision::Month,
    )?;
    data.add_incident(
        Incident::builder(SubEventType::Other, june, mali)
            .perpetrator(jnim, Confidence::Claimed)
            .target(Target::new(TargetKind::Business).foreign(true).description("industries and foreign companies doing business with the Malian state"))
            .tactic(Tactic::Threat)
            .report(Report::new(main_report.clone()).statement("in June, the group threatened to attack industries and foreign companies without its authorization"))
            .notes("threat to attack industries and foreign companies operating without JNIM's 'authorisation'")
            .build(),
    );

    // July 2025: the same plants attacked; Indian employees kidnapped, still held.
    let july = DateSpan::new(
        date!(2025 - 07 - 01),
        date!(2025 - 07 - 31),
        TimePrecision::Month,
    )?;
    data.add_incident(
        Incident::builder(attackers, july, bafoulabe)
            .perpetrator(jnim, Confidence::Suspected)
            .target(Target::site(diamond))
            .target(Target::site(ccm))
            .target(Target::site(stones))
            .target(
                Target::new(TargetKind::Civilians)
                    .nationality("IND".parse()?)
                    .foreign(true)
                    .description("Indian employees, still held in January 2026"),
            )
            .tactic(Tactic::Abduction)
            .figure(Quantity::Abducted, Estimate::AtLeast(2))
            .ransom(RansomStatus::Suspected)
            .report(Report::new(koaci).figure(Quantity::Abducted, Estimate::AtLeast(2)).statement("the same plants were attacked about six months earlier; foreign (Indian) employees were kidnapped and are still held"))
            .notes("one of the attacks on industrial sites since the June threat in which civilians, mostly foreigners, were kidnapped; ransoms finance the group")
            .build(),
    );

    // 3 September 2025: JNIM announces the fuel blockade.
    data.add_incident(
        Incident::builder(
            SubEventType::ChangeToGroupActivity,
            DateSpan::day(date!(2025 - 09 - 03)),
            kayes,
        )
        .perpetrator(jnim, Confidence::Claimed)
        .tactic(Tactic::Blockade)
        .enforces(fuel)
        .report(
            Report::new(main_report).statement("JNIM has imposed a fuel blockade since September"),
        )
        .notes("JNIM announces a blockade of fuel on the Kayes and Nioro axes")
        .build(),
    );

    data.build()
}
