//! The Kayes industrial attacks of January 2026, end to end: the scenario
//! built as a validated dataset, then summarised as an analyst would read
//! it.
//!
//! Run with `cargo run --release --example kayes`.

#[macro_use]
#[path = "../common/cli.rs"]
#[expect(
    dead_code,
    reason = "the Kayes example takes no arguments, only prints"
)]
mod cli;
mod scenario;

use conflict_events::analysis::site_exposure;
use conflict_events::io::geojson::{BoundaryLayer, read_regions_path};
use conflict_events::space::Prefer;
use conflict_events::{
    AdminLevel, Dataset, DatasetBuilder, Error, Estimate, Incident, Quantity, Reconcile, Region,
    SubEventType,
};
use time::Duration;
use time::macros::date;

fn main() -> Result<(), Error> {
    let data = scenario::kayes()?;
    let as_of = data.as_of().unwrap_or(date!(2026 - 01 - 12));
    say!(
        "Kayes industrial attacks: {} incidents, {} groups, {} sites, {} regions, as of {as_of}\n",
        data.incidents().len(),
        data.groups().len(),
        data.sites().len(),
        data.regions().len(),
    );

    let bafoulabe = data.find_regions("Bafoulabe").next();
    // The plant attacks: incidents of the night that hit a site.
    let attack_night: Vec<&Incident> = data
        .incidents_between(date!(2026 - 01 - 10), date!(2026 - 01 - 11))
        .iter()
        .filter(|i| i.sites().next().is_some())
        .collect();
    say!(
        "Plant attacks, {}:",
        attack_night
            .first()
            .map(|i| i.when().to_string())
            .unwrap_or_default()
    );
    for incident in &attack_night {
        print_attack(&data, incident);
    }
    if let Some(first) = attack_night.first() {
        say!(
            "  abducted: {}   attackers: {}   fatalities: {}",
            abducted_phrase(first.reconcile(Quantity::Abducted, Reconcile::FullRange)),
            attackers_phrase(first.reconcile(Quantity::Attackers, Reconcile::FullRange)),
            first.reconcile(Quantity::Fatalities, Reconcile::FullRange),
        );
        say!(
            "  (ACLED's lowest-reported rule would record {} abducted and {} attackers)",
            first.reconcile(Quantity::Abducted, Reconcile::LowestReported),
            first.reconcile(Quantity::Attackers, Reconcile::LowestReported),
        );
        for report in first.reports() {
            if let Some(said) = report.said() {
                say!("    {}: {said}", report.source().name());
            }
        }
    }

    say!("\nBefore and after:");
    for incident in data.incidents() {
        if attack_night.iter().any(|i| std::ptr::eq(*i, incident)) {
            continue;
        }
        let region = region_name(&data, incident.region());
        say!(
            "  {:<23} {:<34} {:<12} {}",
            incident.when().to_string(),
            incident.sub_event_type().label(),
            region,
            incident.notes().unwrap_or(""),
        );
    }
    if let Some(cercle) = bafoulabe {
        let hits = data.incidents_in_region(cercle).len();
        say!(
            "  {hits} of the {} incidents lie in the cercle of {}",
            data.incidents().len(),
            region_name(&data, cercle)
        );
    }

    around_the_plants(&data, as_of)?;

    say!();
    for blockade in data.blockades() {
        let imposers: Vec<&str> = blockade
            .imposers()
            .iter()
            .filter_map(|g| data.group(*g))
            .map(|g| g.aliases().first().map_or(g.name(), |a| a))
            .collect();
        let regions: Vec<&str> = blockade
            .affected_regions()
            .iter()
            .map(|r| region_name(&data, *r))
            .collect();
        say!(
            "{} by {} since {}: {} days active as of {as_of}, {}",
            blockade.name(),
            imposers.join(", "),
            blockade.start(),
            blockade.days_active(as_of),
            if blockade.is_active_on(as_of) {
                "still in force"
            } else {
                "lifted"
            },
        );
        say!(
            "  affects {}; routes: {}",
            regions.join(" and "),
            blockade.routes().join(", ")
        );
        for period in blockade.severity_periods() {
            say!(
                "  severity {} from {} to {}",
                period.level(),
                period.start(),
                period.end().map_or("now".to_owned(), |d| d.to_string())
            );
        }
        for impact in blockade.impacts() {
            say!(
                "  impact: {} in {}, {}..{}: {}",
                impact.kind(),
                impact.place().unwrap_or("?"),
                impact.start(),
                impact.end().map_or("now".to_owned(), |d| d.to_string()),
                impact.described().unwrap_or(""),
            );
        }
    }
    Ok(())
}

/// What happened within 50 km of each plant in the year to `as_of`, and
/// the incidents placed by Mali's cercle boundaries (OCHA, shipped with the
/// tests).
fn around_the_plants(data: &Dataset, as_of: time::Date) -> Result<(), Error> {
    say!(
        "\nWithin 50 km of the plants, {} to {as_of}:",
        as_of - Duration::days(365)
    );
    for exposure in site_exposure(data, 50.0, as_of - Duration::days(365), as_of) {
        let name = data.site(exposure.site()).map_or("?", |s| s.name());
        say!(
            "  {name}: {} incidents nearby, {} on the site itself, the last on {} ({} days before)",
            exposure.nearby().len(),
            exposure.attacks().len(),
            exposure.last().map_or("-".to_owned(), |d| d.to_string()),
            exposure.days_since_last().unwrap_or(0),
        );
    }
    let mut boundaries = DatasetBuilder::new();
    let mali = boundaries.add_region(Region::country("Mali", "MLI".parse()?));
    let cercles = BoundaryLayer::new(AdminLevel::ADMIN2, "adm2")
        .code("adm2_pcode")
        .under(mali);
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/geojson/mali-adm2.geojson"
    );
    read_regions_path(file, &cercles, &mut boundaries)?;
    let located = data
        .clone()
        .with_boundaries(&boundaries.build()?, Prefer::Stated)?;
    let placed = located.dataset();
    let in_bafoulabe = placed.find_regions("Bafoulabe").find_map(|r| {
        placed
            .region(r)
            .and_then(|r| r.place_code())
            .map(|code| (r, code))
    });
    if let Some((cercle, code)) = in_bafoulabe {
        say!(
            "  placed by the cercles' boundaries: {} incidents in Bafoulabé ({code}), {} made \
             more precise, {} whose stated region the geometry contradicts",
            placed.incidents_in_region(cercle).len(),
            located.refined(),
            located.disagreements().len(),
        );
    }
    Ok(())
}

/// One plant attack: the site, what it makes, who is believed responsible.
fn print_attack(data: &Dataset, incident: &Incident) {
    let sites: Vec<String> = incident
        .sites()
        .filter_map(|s| data.site(s))
        .map(|s| {
            let products: Vec<&str> = s.products().iter().map(|p| &**p).collect();
            format!(
                "{} at {} ({})",
                s.name(),
                s.place().and_then(|l| l.place()).unwrap_or("?"),
                products.join(", ")
            )
        })
        .collect();
    let attribution: Vec<String> = incident
        .perpetrators()
        .filter_map(|a| data.group(a.group()).map(|g| (a, g)))
        .map(|(a, g)| {
            let parent = g
                .affiliations()
                .first()
                .and_then(|af| data.group(af.parent()))
                .zip(g.affiliations().first())
                .map(|(p, af)| format!(", {} of {}", af.kind(), p.name()))
                .unwrap_or_default();
            format!(
                "{} ({}{parent}): {}",
                g.aliases().first().map_or(g.name(), |a| a),
                g.name(),
                a.confidence()
            )
        })
        .collect();
    let tactics: Vec<&str> = incident.tactics().iter().map(|t| t.label()).collect();
    let kind = match incident.sub_event_type() {
        SubEventType::AbductionForcedDisappearance => "abduction",
        _ => "arson",
    };
    say!(
        "  - {}: {kind}; {}; damage {}",
        sites.join("; "),
        tactics.join(", "),
        incident
            .damage()
            .map_or("unknown".into(), |d| d.to_string())
    );
    say!("    attributed to {}", attribution.join("; "));
}

fn region_name(data: &Dataset, id: conflict_events::RegionId) -> &str {
    data.region(id).map_or("?", Region::name)
}

/// "at least 3, possibly 4" for a range of reported figures.
fn abducted_phrase(estimate: Estimate) -> String {
    match (estimate.low(), estimate.high()) {
        (Some(low), Some(high)) if low < high => format!("at least {low}, possibly {high}"),
        _ => estimate.to_string(),
    }
}

/// "100 to 200, about 160" for a range with a central figure.
fn attackers_phrase(estimate: Estimate) -> String {
    match (estimate.low(), estimate.best(), estimate.high()) {
        (Some(low), Some(best), Some(high)) if low < high => {
            format!("{low} to {high}, about {best}")
        }
        _ => estimate.to_string(),
    }
}
