//! Which region each event happened in, by its point, and a choropleth of
//! the regions.
//!
//! ```text
//! cargo run --release --example regions -- --boundaries GEOJSON
//!     [--name-property P] [--code-property P] [--parent-property P] [--level N]
//!     [--country ISO3] --events CSV [--format acled|ucdp]
//!     --assignments OUT.csv --choropleth OUT.geojson [--disagreements OUT.csv]
//! ```
//!
//! - The boundaries are read as regions of admin level `--level` (1 by
//!   default) under the events' country (the most frequent one, or `--country`),
//!   named by `--name-property` (default `name`) and coded by
//!   `--code-property` (default: none, the name is the code).
//! - `--assignments` gets one row per event, `event_id,region_code`: the
//!   event's id in its file (ACLED `event_id_cnty`, UCDP `id`) and the code
//!   of the smallest region whose boundary holds its point, empty where
//!   none does (or the event has no point).
//! - `--choropleth` gets the regions as GeoJSON polygons with their
//!   `events` and `fatalities_low`, `fatalities_best` and `fatalities_high`.
//! - `--disagreements` gets each event whose file names a region (admin1,
//!   admin2) that the geometry contradicts: the stated and the located
//!   region, and the distance from the point to the boundary it lies
//!   outside (empty when the stated region has none).
//!
//! For example, the UCDP events of Mali in its cercles:
//!
//! ```text
//! cargo run --release --example regions -- \
//!     --boundaries tests/fixtures/geojson/mali-adm2.geojson \
//!     --name-property adm2 --code-property adm2_pcode --level 2 \
//!     --events tests/fixtures/ucdp/mali-extract.csv \
//!     --assignments target/assignments.csv --choropleth target/cercles.geojson
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use conflict_events::io::geojson::{BoundaryLayer, read_regions_path, write_regions_with};
use conflict_events::io::{Format, ReadOptions};
use conflict_events::space::{Prefer, RegionIndex};
use conflict_events::{AdminLevel, CountryCode, Dataset, DatasetBuilder, EstimateSum, Region};

#[macro_use]
#[path = "common/cli.rs"]
mod cli;

/// The command line.
struct Args {
    boundaries: PathBuf,
    name_property: String,
    code_property: Option<String>,
    parent_property: Option<String>,
    level: AdminLevel,
    country: Option<CountryCode>,
    events: PathBuf,
    format: Option<Format>,
    assignments: PathBuf,
    choropleth: PathBuf,
    disagreements: Option<PathBuf>,
}

fn usage() -> String {
    "usage: regions --boundaries GEOJSON [--name-property P] [--code-property P] \
     [--parent-property P] [--level N] [--country ISO3] --events CSV [--format acled|ucdp] \
     --assignments OUT.csv --choropleth OUT.geojson [--disagreements OUT.csv]"
        .to_owned()
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut given: BTreeMap<String, String> = BTreeMap::new();
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Err(usage());
        }
        let known = [
            "--boundaries",
            "--name-property",
            "--code-property",
            "--parent-property",
            "--level",
            "--country",
            "--events",
            "--format",
            "--assignments",
            "--choropleth",
            "--disagreements",
        ];
        if !known.contains(&arg.as_str()) {
            return Err(format!("unknown argument {arg}\n{}", usage()));
        }
        let value = args
            .next()
            .ok_or(format!("{arg} needs a value\n{}", usage()))?;
        given.insert(arg, value);
    }
    let mut take = |name: &str| given.remove(name);
    let required =
        |value: Option<String>, name: &str| value.ok_or(format!("{name} is required\n{}", usage()));
    let level = match take("--level") {
        None => AdminLevel::ADMIN1,
        Some(n) => n
            .parse::<u8>()
            .ok()
            .and_then(|n| AdminLevel::new(n).ok())
            .filter(|l| *l != AdminLevel::COUNTRY)
            .ok_or(format!("--level: expected 1, 2 or 3, found {n:?}"))?,
    };
    Ok(Args {
        boundaries: required(take("--boundaries"), "--boundaries")?.into(),
        name_property: take("--name-property").unwrap_or_else(|| "name".to_owned()),
        code_property: take("--code-property"),
        parent_property: take("--parent-property"),
        level,
        country: take("--country")
            .map(|c| c.parse().map_err(|e| format!("--country: {e}")))
            .transpose()?,
        events: required(take("--events"), "--events")?.into(),
        format: take("--format")
            .map(|f| f.parse().map_err(|e| format!("--format: {e}")))
            .transpose()?,
        assignments: required(take("--assignments"), "--assignments")?.into(),
        choropleth: required(take("--choropleth"), "--choropleth")?.into(),
        disagreements: take("--disagreements").map(PathBuf::from),
    })
}

fn main() {
    cli::main(parse_args, run);
}

/// The country most of the events are in.
fn main_country(data: &Dataset) -> Option<(CountryCode, String)> {
    let mut counts: BTreeMap<(CountryCode, &str), usize> = BTreeMap::new();
    for incident in data.incidents() {
        if let Some(country) = data
            .ancestor_at(incident.region(), AdminLevel::COUNTRY)
            .and_then(|c| data.region(c))
        {
            *counts
                .entry((country.country_code(), country.name()))
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(key, n)| (*n, std::cmp::Reverse(*key)))
        .map(|((code, name), _)| (code, name.to_owned()))
}

fn run(args: &Args) -> Result<(), String> {
    let format = match args.format {
        Some(format) => format,
        None => Format::detect_path(&args.events).map_err(|e| format!("{e}; give --format"))?,
    };
    let import = format
        .read_path(&args.events, ReadOptions::new())
        .map_err(|e| e.to_string())?;
    let events = import.into_dataset();

    // The boundaries, as regions under the events' country.
    let (country, country_name) = match args.country {
        Some(code) => (code, code.to_string()),
        None => main_country(&events).ok_or("the events name no country: give --country")?,
    };
    let mut builder = DatasetBuilder::new();
    let root = builder.add_region(Region::country(country_name, country));
    let mut layer = BoundaryLayer::new(args.level, args.name_property.clone()).under(root);
    if let Some(code) = &args.code_property {
        layer = layer.code(code.clone());
    }
    if let Some(parent) = &args.parent_property {
        layer = layer.parent(parent.clone());
    }
    let ids = read_regions_path(&args.boundaries, &layer, &mut builder)
        .map_err(|e| format!("{}: {e}", args.boundaries.display()))?;
    let boundaries = builder.build().map_err(|e| e.to_string())?;
    let code_of = |region: &Region| {
        region
            .place_code()
            .unwrap_or_else(|| region.name())
            .to_owned()
    };

    // Each event's region, by its point.
    let start = Instant::now();
    let index = RegionIndex::of(&boundaries);
    let located: Vec<Option<conflict_events::RegionId>> = events
        .incidents()
        .iter()
        .map(|i| i.location().and_then(|l| index.locate(l.lat(), l.lon())))
        .collect();
    let elapsed = start.elapsed().as_secs_f64();

    let mut out = csv::Writer::from_path(&args.assignments)
        .map_err(|e| format!("{}: {e}", args.assignments.display()))?;
    let write_error = |e: csv::Error| format!("{}: {e}", args.assignments.display());
    out.write_record(["event_id", "region_code"])
        .map_err(write_error)?;
    let mut totals: BTreeMap<usize, (u64, EstimateSum)> = BTreeMap::new();
    for (incident, region) in events.incidents().iter().zip(&located) {
        let id = incident.external_ids().first().map_or("", |e| e.value());
        let code = region
            .and_then(|r| boundaries.region(r))
            .map(code_of)
            .unwrap_or_default();
        out.write_record([id, code.as_str()]).map_err(write_error)?;
        if let Some(region) = region {
            let total = totals.entry(region.index()).or_default();
            total.0 += 1;
            total.1 += incident.figures().fatalities;
        }
    }
    out.flush()
        .map_err(|e| format!("{}: {e}", args.assignments.display()))?;

    let file = std::fs::File::create(&args.choropleth)
        .map_err(|e| format!("{}: {e}", args.choropleth.display()))?;
    write_regions_with(std::io::BufWriter::new(file), &boundaries, &ids, |id| {
        let (events, fatalities) = totals.get(&id.index()).copied().unwrap_or_default();
        let mut properties = serde_json::Map::new();
        properties.insert("events".into(), events.into());
        properties.insert("fatalities_low".into(), fatalities.low().into());
        properties.insert("fatalities_best".into(), fatalities.best().into());
        properties.insert("fatalities_high".into(), fatalities.high().into());
        properties
    })
    .map_err(|e| format!("{}: {e}", args.choropleth.display()))?;

    let placed = located.iter().flatten().count();
    let with_point = events
        .incidents()
        .iter()
        .filter(|i| i.location().is_some())
        .count();
    say!(
        "{} events, {with_point} with a point; {placed} placed in {} of {} regions, in {elapsed:.3} s",
        events.incidents().len(),
        totals.len(),
        ids.len(),
    );
    let mut busiest: Vec<(usize, u64)> = totals.iter().map(|(r, (n, _))| (*r, *n)).collect();
    busiest.sort_by_key(|&(r, n)| (std::cmp::Reverse(n), r));
    for (r, n) in busiest.into_iter().take(5) {
        let name = boundaries.regions().get(r).map_or("", Region::name);
        say!("  {n:>8}  {name}");
    }

    // What the files say against what the geometry says.
    let located = events
        .with_boundaries(&boundaries, Prefer::Stated)
        .map_err(|e| e.to_string())?;
    say!(
        "{} events or sites name a region their point lies outside",
        located.disagreements().len()
    );
    for d in located.disagreements().iter().take(3) {
        say!("  {d}");
    }
    if let Some(path) = &args.disagreements {
        let data = located.dataset();
        let name = |r: Option<conflict_events::RegionId>| {
            r.and_then(|r| data.region(r))
                .map_or(String::new(), |r| r.name().to_owned())
        };
        let mut out =
            csv::Writer::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let write_error = |e: csv::Error| format!("{}: {e}", path.display());
        out.write_record(["event_id", "stated", "located", "distance_km"])
            .map_err(write_error)?;
        for d in located.disagreements() {
            out.write_record([
                d.external_id().map_or("", |e| e.value()),
                &name(Some(d.stated())),
                &name(d.located()),
                &d.distance_km()
                    .map_or(String::new(), |km| format!("{km:.3}")),
            ])
            .map_err(write_error)?;
        }
        out.flush()
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
