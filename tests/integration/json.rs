//! A whole dataset through JSON, and what deserialising refuses.

use conflict_events::{Dataset, Error};
use serde_json::Value;

use crate::fixtures;

#[test]
fn kayes_round_trips_through_json() {
    let data = fixtures::kayes();
    let text = serde_json::to_string_pretty(&data).unwrap();
    let back: Dataset = serde_json::from_str(&text).unwrap();
    assert_eq!(back, data);
    // Indexes are rebuilt, not read: the same queries answer the same.
    let jnim = back.find_group("JNIM").unwrap();
    assert_eq!(back.incidents_of_group(jnim), data.incidents_of_group(jnim));
}

#[test]
fn dates_are_iso_strings_and_enums_snake_case_on_the_wire() {
    let value = serde_json::to_value(fixtures::kayes()).unwrap();
    assert_eq!(value["as_of"], "2026-01-12");
    let blockade = &value["blockades"][0];
    assert_eq!(blockade["start"], "2025-09-03");
    assert_eq!(blockade["commodity"], "fuel");
    assert!(blockade.get("end").is_none());
    let first = &value["incidents"][0];
    assert_eq!(first["kind"], "other");
    assert_eq!(
        first["when"],
        serde_json::json!({"start": "2025-06-01", "end": "2025-06-30", "precision": "month"})
    );
}

/// The Kayes dataset as JSON, changed by `edit`, read back.
fn read_edited(edit: impl FnOnce(&mut Value)) -> Result<Dataset, serde_json::Error> {
    let mut value = serde_json::to_value(fixtures::kayes()).unwrap();
    edit(&mut value);
    serde_json::from_value(value)
}

#[test]
fn an_invalid_dataset_cannot_be_deserialised() {
    // The first incident (the June 2025 threat) made to refer to a group that does not exist.
    let err = read_edited(|v| v["incidents"][0]["actors"][0]["group"] = 99.into()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "incident #0, actors[0].group: refers to group #99, but the dataset has 4 groups"
    );
}

#[test]
fn a_value_that_breaks_its_invariant_cannot_be_deserialised() {
    let err = read_edited(|v| v["incidents"][0]["when"]["end"] = "2025-05-01".into()).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "end: expected a date on or after the start, found 2025-05-01 before 2025-06-01"
        ),
        "{err}"
    );
    let err = read_edited(|v| v["as_of"] = "12/01/2026".into()).unwrap_err();
    assert_eq!(err.to_string(), "the 'year' component could not be parsed");
}

#[test]
fn unknown_fields_are_refused() {
    let err = read_edited(|v| v["groups"][0]["nickname"] = "AQ".into()).unwrap_err();
    assert!(
        err.to_string().starts_with("unknown field `nickname`"),
        "{err}"
    );
    let err = read_edited(|v| v["extra"] = 1.into()).unwrap_err();
    assert!(
        err.to_string().starts_with("unknown field `extra`"),
        "{err}"
    );
}

#[test]
fn adding_to_a_built_dataset_revalidates_everything() {
    let data = fixtures::kayes();
    let mut builder = data.into_builder();
    builder.add_incident(
        conflict_events::Incident::builder(
            conflict_events::SubEventType::Other,
            conflict_events::DateSpan::day(time::macros::date!(2026 - 02 - 01)),
            conflict_events::RegionId::new(0),
        )
        .build(),
    );
    match builder.build() {
        Err(Error::Invalid(errors)) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(
                errors.as_slice()[0].to_string(),
                "incident #9, when: dated 2026-02-01, after the dataset's as-of date 2026-01-12"
            );
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}
