//! The benches' input: ACLED-format files of a given size.

use std::path::{Path, PathBuf};
use std::process::Command;

use conflict_events::io::acled;
use conflict_events::{
    AdminLevel, Confidence, DatasetBuilder, DateSpan, Estimate, ExternalId, GeoPrecision, Group,
    GroupKind, IdScheme, Incident, Location, Quantity, Region, SubEventType,
};
use time::{Duration, macros::date};

/// The input file of `n` rows, made if missing.
pub fn input(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("target/bench-data can be made");
    let path = dir.join(format!("events-{n}.csv"));
    if path.exists() {
        return path;
    }
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/gen_events.py");
    let made = generator.exists()
        && Command::new("python3")
            .arg(&generator)
            .arg(n.to_string())
            .args(["--seed", "42", "-o"])
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
    if !made {
        write_synthetic(n, &path);
    }
    path
}

/// `n` plausible events written as ACLED CSV by the crate itself.
pub fn write_synthetic(n: usize, path: &Path) {
    let mut data = DatasetBuilder::new();
    let code = "MLI".parse().expect("valid code");
    let mali = data.add_region(Region::country("Mali", code));
    let regions: Vec<_> = (0..8)
        .map(|r| {
            data.add_region(
                Region::new(format!("Region {r}"), code, AdminLevel::ADMIN1).parent(mali),
            )
        })
        .collect();
    let groups: Vec<_> = (0..300)
        .map(|g| data.add_group(Group::new(format!("Group {g}"), GroupKind::Rebel)))
        .collect();
    let mut state: u64 = 42;
    for i in 0..n {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let day = date!(2018 - 01 - 01) + Duration::days((state % 3200) as i64);
        let location = Location::new(
            12.0 + (state % 500) as f64 / 100.0,
            -8.0 + (state % 900) as f64 / 100.0,
            GeoPrecision::Exact,
        )
        .expect("in range")
        .with_place(format!("Town {}", state % 2000));
        data.add_incident(
            Incident::builder(
                SubEventType::ArmedClash,
                DateSpan::day(day),
                regions[(state >> 9) as usize % 8],
            )
            .location(location)
            .perpetrator(groups[(state >> 20) as usize % 300], Confidence::Reported)
            .figure(Quantity::Fatalities, Estimate::Exact((state % 9) as u32))
            .notes(format!(
                "On {day}, an armed clash took place; {} fatalities reported by local sources.",
                state % 9
            ))
            .external_id(ExternalId::new(IdScheme::Acled, format!("MLI{i}")))
            .build(),
        );
    }
    let data = data.build().expect("valid");
    acled::write_path(&data, path, acled::WriteOptions::new()).expect("writable");
}
