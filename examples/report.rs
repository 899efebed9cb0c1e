//! The front door: load an ACLED or UCDP GED file, say what is in it, and
//! write the shared benchmark's result files.
//!
//! ```text
//! cargo run --release --example report -- PATH [--format acled|ucdp] [--json OUT]
//!     [--results-dir DIR] [--repeat N] [--export-acled OUT.csv]
//! ```
//!
//! - The format is read from the header unless `--format` is given.
//! - `--results-dir DIR` writes `q0_load.csv` in the schema of the peers'
//!   benchmark (`rows,fatalities,first_date,last_date,actor1_distinct,
//!   latitude_mean,longitude_mean`; for UCDP the fatalities are the sum of
//!   best estimates and actor 1 is side A).
//! - `--json OUT` writes `{"rows_read", "accepted", "quarantined",
//!   "timings_s": {"q0_load": MEDIAN}, "peak_rss_mib"}`, the median over
//!   `--repeat` loads (default 1) and the process's own peak resident set
//!   (Linux `VmHWM`, what `getrusage` reports as `ru_maxrss`).
//! - `--export-acled OUT.csv` writes the dataset as ACLED CSV.
//!
//! A progress line is shown while loading when standard error is a
//! terminal, and nothing when it is piped.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use conflict_events::io::{Format, Import, Progress, ReadOptions, acled};
use conflict_events::query::{Key, KeyValue, Period, Row, Series, Table};
use conflict_events::{Dataset, Error, Role, Side, SubEventType};
use time::Date;
use time::macros::date;

#[macro_use]
#[path = "common/cli.rs"]
mod cli;

/// The command line.
struct Args {
    path: PathBuf,
    format: Option<Format>,
    json: Option<PathBuf>,
    results_dir: Option<PathBuf>,
    repeat: usize,
    export_acled: Option<PathBuf>,
}

fn usage() -> String {
    "usage: report PATH [--format acled|ucdp] [--json OUT] [--results-dir DIR] [--repeat N] \
     [--export-acled OUT.csv]"
        .to_owned()
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut parsed = Args {
        path: PathBuf::new(),
        format: None,
        json: None,
        results_dir: None,
        repeat: 1,
        export_acled: None,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or(format!("{name} needs a value\n{}", usage()))
        };
        match arg.as_str() {
            "--format" => {
                parsed.format = Some(
                    value("--format")?
                        .parse()
                        .map_err(|e: Error| e.to_string())?,
                );
            }
            "--json" => parsed.json = Some(value("--json")?.into()),
            "--results-dir" => parsed.results_dir = Some(value("--results-dir")?.into()),
            "--export-acled" => parsed.export_acled = Some(value("--export-acled")?.into()),
            "--repeat" => {
                let n = value("--repeat")?;
                parsed.repeat = n.parse().ok().filter(|n| *n > 0).ok_or(format!(
                    "--repeat: expected a positive whole number, found {n:?}"
                ))?;
            }
            "-h" | "--help" => return Err(usage()),
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}\n{}", usage())),
            _ => path = Some(PathBuf::from(arg)),
        }
    }
    parsed.path = path.ok_or_else(usage)?;
    Ok(parsed)
}

fn load(path: &Path, format: Format, show_progress: bool) -> Result<Import, Error> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut report = |p: Progress| {
        if show_progress {
            let percent = (p.bytes * 100).checked_div(size).unwrap_or(0);
            eprint!(
                "\r  loading: {} rows, {} MB ({percent}%)",
                p.rows,
                p.bytes >> 20
            );
        }
    };
    let options = ReadOptions::new().progress(&mut report);
    let import = format.read_path(path, options);
    if show_progress {
        eprint!("\r{:60}\r", "");
    }
    import
}

fn main() {
    cli::main(parse_args, run);
}

fn run(args: &Args) -> Result<(), String> {
    let format = match args.format {
        Some(format) => format,
        None => Format::detect_path(&args.path).map_err(|e| format!("{e}; give --format"))?,
    };
    let show_progress = std::io::stderr().is_terminal();
    let mut timings = Vec::with_capacity(args.repeat);
    let mut last = None;
    for _ in 0..args.repeat {
        // Free the previous load first, so runs do not add up in memory.
        drop(last.take());
        let start = Instant::now();
        let import = load(&args.path, format, show_progress).map_err(|e| e.to_string())?;
        timings.push(start.elapsed().as_secs_f64());
        last = Some(import);
    }
    let import = last.ok_or("nothing was loaded")?;
    let load_s = median(&mut timings);
    summarise(&args.path, format, &import, load_s);

    // The workload's queries, each timed up to typed rows (names
    // resolved, rows sorted), as the peers time theirs up to a table;
    // formatting the result files is not timed.
    let data = import.dataset();
    let text = |v: &dyn std::fmt::Display| v.to_string();
    let (q1, t1) = timed(args.repeat, || q1_weekly(data));
    let (q2, t2) = timed(args.repeat, || q2_actors(data));
    let (q3, t3) = timed(args.repeat, || q3_filter(data));
    let (q4, t4) = timed(args.repeat, || q4_radius(data));
    let (q5, t5) = timed(args.repeat, || q5_monthly(data));
    // Each query's rows as text, made as they are written rather than
    // held all at once.
    type Rows<'a> = Box<dyn Iterator<Item = Vec<String>> + 'a>;
    let query_timings = [
        ("q1_weekly", t1),
        ("q2_actors", t2),
        ("q3_filter", t3),
        ("q4_radius", t4),
        ("q5_monthly", t5),
    ];
    let results: [(&str, usize, Rows<'_>); 5] = [
        (
            "q1_weekly",
            q1.rows().len(),
            Box::new(q1.rows().iter().map(|r| {
                let k = r.keys();
                let week = r.period().unwrap_or(Date::MIN);
                vec![
                    name(data, k[0]).to_owned(),
                    name(data, k[1]).to_owned(),
                    text(&week),
                    text(&r.events()),
                    text(&r.fatalities().best()),
                ]
            })),
        ),
        (
            "q2_actors",
            q2.len(),
            Box::new(q2.iter().map(|(n, e, f, first, last)| {
                vec![text(n), text(e), text(f), text(first), text(last)]
            })),
        ),
        (
            "q3_filter",
            q3.len(),
            Box::new(q3.iter().map(|(c, e)| vec![text(c), text(e)])),
        ),
        (
            "q4_radius",
            1,
            Box::new(std::iter::once(vec![text(&q4.0), text(&q4.1)])),
        ),
        (
            "q5_monthly",
            q5.len(),
            Box::new(
                q5.iter()
                    .map(|(c, m, e, mean)| vec![text(c), text(m), text(e), format!("{mean:.6}")]),
            ),
        ),
    ];
    for ((name, seconds), (_, rows, _)) in query_timings.iter().zip(&results) {
        say!("  {name}: {rows} rows in {:.3} ms", seconds * 1000.0);
    }

    if let Some(dir) = &args.results_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        write_file(&dir.join("q0_load.csv"), &q0_load(import.dataset()))?;
        for (name, _, rows) in results {
            write_csv(&dir.join(format!("{name}.csv")), header(name), rows)?;
        }
    } else {
        drop(results);
    }
    if let Some(out) = &args.export_acled {
        acled::write_path(import.dataset(), out, acled::WriteOptions::new())
            .map_err(|e| e.to_string())?;
        say!("wrote {}", out.display());
    }
    if let Some(out) = &args.json {
        let json = format!(
            "{{\"rows_read\": {}, \"accepted\": {}, \"quarantined\": {}, \"timings_s\": {{\"q0_load\": {load_s:.6}{}}}, \"peak_rss_mib\": {}}}\n",
            import.rows_read(),
            import.accepted(),
            import.quarantined().len(),
            query_timings
                .iter()
                .map(|(name, s)| format!(", \"{name}\": {s:.6}"))
                .collect::<String>(),
            peak_rss_mib().map_or("null".to_owned(), |m| format!("{m:.1}")),
        );
        write_file(out, &json)?;
    }
    // The process ends here: leave the memory to the system rather than
    // free a million allocations one by one.
    std::mem::forget(import);
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Peak resident set of this process in MiB: Linux's `VmHWM`.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The header of each result file, as the peers' benchmark writes it.
fn header(name: &str) -> &'static [&'static str] {
    match name {
        "q1_weekly" => &["country", "admin1", "week_start", "events", "fatalities"],
        "q2_actors" => &["actor1", "events", "fatalities", "first_date", "last_date"],
        "q3_filter" => &["country", "events"],
        "q4_radius" => &["events", "fatalities"],
        _ => &["country", "month", "events", "rolling3_mean"],
    }
}

fn write_csv(
    path: &Path,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<(), String> {
    let fail = |e: csv::Error| format!("cannot write {}: {e}", path.display());
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .map_err(fail)?;
    out.write_record(header).map_err(fail)?;
    for row in rows {
        out.write_record(&row).map_err(fail)?;
    }
    out.flush()
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `f()` once untimed, then `repeat` times timed: its last result and the
/// median time in seconds. Each result is freed before the next is made,
/// so that no two are held at once.
fn timed<T>(repeat: usize, f: impl Fn() -> T) -> (T, f64) {
    let mut result = f();
    let mut times = Vec::with_capacity(repeat);
    for _ in 0..repeat {
        drop(result);
        let start = Instant::now();
        result = std::hint::black_box(f());
        times.push(start.elapsed().as_secs_f64());
    }
    (result, median(&mut times))
}

/// The name of the region or group a key value stands for.
fn name(data: &Dataset, value: KeyValue) -> &str {
    match value {
        KeyValue::Region(r) => data.region(r).map_or("", |r| r.name()),
        KeyValue::Group(g) => data.group(g).map_or("", |g| g.name()),
        _ => "",
    }
}

/// Q1: events and fatalities per country, admin1 and ISO week (from Monday).
///
/// The table is the result: its rows already come in the published order
/// (country and admin1 by name, then week).
fn q1_weekly(data: &Dataset) -> Table {
    data.query()
        .group_by(Key::Country)
        .group_by(Key::Admin1)
        .group_by(Key::Period(Period::IsoWeek))
        .run()
}

/// Q2: per actor 1, events, fatalities, first and last date; the 50 with
/// most events, ties by name.
fn q2_actors(data: &Dataset) -> Vec<(&str, u64, u64, Date, Date)> {
    let table = data.query().group_by(Key::Actor1).run();
    let mut rows: Vec<_> = table
        .rows()
        .iter()
        .filter(|r| r.keys()[0] != KeyValue::None)
        .map(|r| {
            (
                name(data, r.keys()[0]),
                r.events(),
                r.fatalities().best(),
                r.first(),
                r.last(),
            )
        })
        .collect();
    rows.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    rows.truncate(50);
    rows
}

/// Q3: abductions in 2024 and 2025, per country.
fn q3_filter(data: &Dataset) -> Vec<(&str, u64)> {
    let table = data
        .query()
        .sub_event_type(SubEventType::AbductionForcedDisappearance)
        .between(date!(2024 - 01 - 01), date!(2025 - 12 - 31))
        .group_by(Key::Country)
        .run();
    let mut rows: Vec<_> = table
        .rows()
        .iter()
        .map(|r| (name(data, r.keys()[0]), r.events()))
        .collect();
    rows.sort_unstable();
    rows
}

/// Q4: events and fatalities within 50 km of Bafoulabe.
fn q4_radius(data: &Dataset) -> (u64, u64) {
    let table = data.query().within_km(13.8065, -10.8321, 50.0).run();
    table
        .rows()
        .first()
        .map_or((0, 0), |r| (r.events(), r.fatalities().best()))
}

/// Q5: per country and month, zero-filled over the months of the data,
/// events and their trailing mean over three months.
fn q5_monthly(data: &Dataset) -> Vec<(&str, Date, u64, f64)> {
    let (Some(first), Some(last)) = (data.incidents().first(), data.incidents().last()) else {
        return Vec::new();
    };
    let (from, to) = (first.when().start(), last.when().start());
    let table = data
        .query()
        .group_by(Key::Country)
        .group_by(Key::Period(Period::Month))
        .run();
    let mut by_country: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for row in table.rows() {
        by_country
            .entry(name(data, row.keys()[0]))
            .or_default()
            .push(row);
    }
    let mut out = Vec::new();
    for (country, rows) in by_country {
        let series = Series::new(rows, Period::Month, from, to);
        for (bucket, mean) in series.buckets().iter().zip(series.trailing_mean(3)) {
            out.push((country, bucket.start, bucket.events, mean));
        }
    }
    out
}

/// The peers' Q0 summary: rows, fatality sum, first and last date,
/// distinct actor 1 (side A), mean latitude and longitude.
fn q0_load(data: &Dataset) -> String {
    // One pass, holding nothing per incident.
    let incidents = data.incidents();
    let mut fatalities = 0u64;
    let mut actor1 = vec![false; data.groups().len()];
    let (mut lat, mut lon, mut located) = (0.0, 0.0, 0usize);
    for incident in incidents {
        let f = incident.figures().fatalities;
        fatalities += u64::from(f.best().or(f.low()).unwrap_or(0));
        for actor in incident.actors() {
            if actor.side() == Side::A && actor.role() == Role::Principal {
                actor1[actor.group().index()] = true;
            }
        }
        if let Some(location) = incident.location() {
            lat += location.lat();
            lon += location.lon();
            located += 1;
        }
    }
    let mean = |sum: f64| {
        if located == 0 {
            String::new()
        } else {
            format!("{:.6}", sum / located as f64)
        }
    };
    let date = |i: Option<&conflict_events::Incident>| {
        i.map_or(String::new(), |i| i.when().start().to_string())
    };
    let last = incidents.iter().map(|i| i.when().start()).max();
    format!(
        "rows,fatalities,first_date,last_date,actor1_distinct,latitude_mean,longitude_mean\n{},{},{},{},{},{},{}\n",
        incidents.len(),
        fatalities,
        date(incidents.first()),
        last.map_or(String::new(), |d| d.to_string()),
        actor1.iter().filter(|&&seen| seen).count(),
        mean(lat),
        mean(lon),
    )
}

/// The short human summary.
fn summarise(path: &Path, format: Format, import: &Import, load_s: f64) {
    let data = import.dataset();
    say!(
        "{} ({}): {} rows read, {} accepted, {} quarantined, loaded in {load_s:.3} s",
        path.display(),
        match format {
            Format::Acled => "ACLED".to_owned(),
            Format::Ucdp => "UCDP GED".to_owned(),
            other => other.to_string(),
        },
        import.rows_read(),
        import.accepted(),
        import.quarantined().len(),
    );
    for bad in import.quarantined().iter().take(5) {
        say!("  quarantined: {bad}");
    }
    if import.quarantined().len() > 5 {
        say!("  ... and {} more", import.quarantined().len() - 5);
    }
    if !import.warnings().is_empty() {
        say!(
            "  {} warnings, first: {}",
            import.warnings().len(),
            import.warnings()[0]
        );
    }
    let incidents = data.incidents();
    if let (Some(first), Some(last)) = (
        incidents.first(),
        incidents.iter().map(|i| i.when().end()).max(),
    ) {
        say!("  dates: {} to {last}", first.when().start());
    }
    // Counted by the query engine, from the columns the queries read
    // anyway: each group's incidents as an actor, each admin1's incidents.
    say_top(data.query().group_by(Key::Group).run(), "groups", |k| {
        (k[0] != KeyValue::None).then(|| name(data, k[0]).to_owned())
    });
    let admin1 = data.query().group_by(Key::Country).group_by(Key::Admin1);
    say_top(admin1.run(), "regions (admin1)", |k| {
        (k[1] != KeyValue::None).then(|| format!("{} ({})", name(data, k[1]), name(data, k[0])))
    });
}

/// The five rows of `table` with most events (ties by label), under
/// "top `what`", each labelled from its keys; rows without a label are
/// left out.
fn say_top(table: Table, what: &str, label: impl Fn(&[KeyValue]) -> Option<String>) {
    let mut rows: Vec<(u64, String)> = table
        .rows()
        .iter()
        .filter_map(|r| Some((r.events(), label(r.keys())?)))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    say!("  top {what}:");
    for (n, label) in rows.iter().take(5) {
        say!("    {n:>8}  {label}");
    }
}
