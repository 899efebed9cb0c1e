//! The crate-wide error type and the validation problems it carries.

use std::fmt;

use time::Date;

/// Everything that can go wrong in this crate.
///
/// Each variant carries where the problem is as data (the field, the bad
/// value, the entity and its ids), so a program can act on it and a person
/// can read it.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value is outside what its type allows.
    #[error("{field}: expected {expected}, found {found}")]
    InvalidValue {
        /// The field or parameter that holds the value, e.g. `latitude`.
        field: &'static str,
        /// What the field accepts.
        expected: &'static str,
        /// The value that was given, as text.
        found: String,
    },
    /// A name does not belong to a taxonomy.
    #[error("{taxonomy}: expected {expected}, found {found:?}")]
    UnknownName {
        /// The taxonomy, e.g. `event type`.
        taxonomy: &'static str,
        /// The accepted spellings, or a description of them.
        expected: String,
        /// The text that matched nothing.
        found: String,
    },
    /// An entity or a dataset breaks one or more rules.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// A file could not be read or written.
    #[error("cannot {action} {path}")]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The file, or `input`/`output` for a stream.
        path: String,
        /// The cause.
        #[source]
        source: std::sync::Arc<std::io::Error>,
    },
    /// A file's header lacks a column the format needs, or names no known format.
    #[error("{format} header: {reason}")]
    Header {
        /// The format, e.g. `ACLED`.
        format: &'static str,
        /// What is wrong, e.g. `missing column event_date`.
        reason: String,
    },
    /// A row was refused while quarantining was off.
    #[error("{0}")]
    Row(crate::io::Quarantined),
    /// A GeoJSON input is not what was expected: one of its features, or
    /// the whole input when `feature` is `None` (not JSON, not a
    /// FeatureCollection).
    ///
    /// Printed as `feature 12 ("Bafoulabe"): ring 0 of polygon 0 is not
    /// closed: ...`, or `GeoJSON: expected type "FeatureCollection", found
    /// "Feature"` for the whole input.
    #[error("{}: {reason}", GeoJsonPlace(*.feature, .name.as_deref()))]
    GeoJson {
        /// The feature's position in the collection's `features`, from 0;
        /// `None` when the problem is with the input as a whole.
        feature: Option<usize>,
        /// The feature's name (its name property), when it has one.
        name: Option<String>,
        /// What is wrong, saying what was expected.
        reason: String,
    },
}

/// Where a GeoJSON problem is: `feature 12 ("Bafoulabe")`, `feature 12`,
/// or `GeoJSON` for the input as a whole.
struct GeoJsonPlace<'a>(Option<usize>, Option<&'a str>);

impl fmt::Display for GeoJsonPlace<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Some(index), Some(name)) => write!(f, "feature {index} ({name:?})"),
            (Some(index), None) => write!(f, "feature {index}"),
            (None, _) => f.write_str("GeoJSON"),
        }
    }
}

/// The kind of entity a validation problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A [`Group`](crate::Group).
    Group,
    /// A [`Region`](crate::Region).
    Region,
    /// A [`Site`](crate::Site).
    Site,
    /// A [`Blockade`](crate::Blockade).
    Blockade,
    /// An [`Incident`](crate::Incident).
    Incident,
}

impl EntityKind {
    /// The lowercase singular name, e.g. `group`.
    pub const fn name(self) -> &'static str {
        match self {
            EntityKind::Group => "group",
            EntityKind::Region => "region",
            EntityKind::Site => "site",
            EntityKind::Incident => "incident",
            EntityKind::Blockade => "blockade",
        }
    }

    /// The lowercase plural name, e.g. `groups`.
    pub const fn plural(self) -> &'static str {
        match self {
            EntityKind::Group => "groups",
            EntityKind::Region => "regions",
            EntityKind::Site => "sites",
            EntityKind::Incident => "incidents",
            EntityKind::Blockade => "blockades",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is wrong, in a [`ValidationError`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Problem {
    /// A text that must say something is empty or blank.
    Empty,
    /// An id points past the entities of its kind.
    DanglingReference {
        /// The kind the id refers to.
        target: EntityKind,
        /// The id's index.
        index: u32,
        /// How many entities of that kind exist.
        count: usize,
    },
    /// The same value appears twice in a list that must not repeat.
    Duplicate {
        /// The repeated value, as text.
        value: String,
    },
    /// An external id is used by two entities of the same kind.
    DuplicateExternalId {
        /// The id, as `scheme:value`.
        value: String,
        /// The index of the entity that used it first.
        first: u32,
    },
    /// A period ends before it starts.
    EndBeforeStart {
        /// The first day.
        start: Date,
        /// The last day.
        end: Date,
    },
    /// A date lies after the dataset's as-of date.
    AfterAsOf {
        /// The offending date.
        date: Date,
        /// The dataset's as-of date.
        as_of: Date,
    },
    /// A period lies partly outside the period that must contain it.
    OutsidePeriod {
        /// First day of the offending period.
        start: Date,
        /// Last day of the offending period, `None` when open.
        end: Option<Date>,
        /// What must contain it, e.g. `the blockade`.
        container: &'static str,
        /// First day of the container.
        container_start: Date,
        /// Last day of the container, `None` when open.
        container_end: Option<Date>,
    },
    /// An entity refers to itself where that makes no sense.
    SelfReference,
    /// Parent links form a loop.
    Cycle {
        /// The entities on the loop, in order.
        path: Vec<u32>,
    },
    /// A region at admin level 1 or deeper has no parent.
    MissingParent {
        /// The region's admin level.
        level: u8,
    },
    /// A country (admin level 0) has a parent.
    CountryWithParent,
    /// A region's parent is not at a higher admin level.
    ParentLevel {
        /// The region's admin level.
        level: u8,
        /// The parent's admin level.
        parent_level: u8,
    },
    /// A region's country differs from its parent's.
    CountryMismatch {
        /// The region's country.
        country: String,
        /// The parent's country.
        parent_country: String,
    },
    /// A point lies outside the geometry of the region it is said to be in.
    OutsideRegion {
        /// The region's index.
        region: u32,
        /// The region's name.
        name: String,
        /// Latitude of the point.
        lat: f64,
        /// Longitude of the point.
        lon: f64,
    },
    /// A geometry has a coordinate that is NaN or infinite.
    NonFiniteCoordinate,
    /// A boundary has no polygon, or a ring of it encloses no area (its
    /// positions all lie on one line).
    EmptyBoundary {
        /// The polygon of the multipolygon, from 0; `None` when there is none.
        polygon: Option<usize>,
        /// The ring: 0 the exterior, then the holes.
        ring: usize,
    },
    /// A ring of a boundary is not closed, or has fewer than 4 positions
    /// (a triangle and its closing point), so it encloses nothing.
    BadRing {
        /// The polygon of the multipolygon, from 0.
        polygon: usize,
        /// The ring: 0 the exterior, then the holes.
        ring: usize,
        /// How many positions it has.
        positions: usize,
    },
    /// A ransom is recorded but the incident abducted nobody.
    RansomWithoutAbduction,
    /// An incident that enforces a blockade is dated before the blockade starts.
    BeforeBlockade {
        /// The blockade's first day.
        blockade_start: Date,
        /// The incident's first day.
        date: Date,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => f.write_str("must not be empty"),
            Problem::DanglingReference {
                target,
                index,
                count,
            } => write!(
                f,
                "refers to {target} #{index}, but the dataset has {count} {}",
                if *count == 1 {
                    target.name()
                } else {
                    target.plural()
                }
            ),
            Problem::Duplicate { value } => write!(f, "lists {value} more than once"),
            Problem::DuplicateExternalId { value, first } => {
                write!(f, "external id {value} is already used by #{first}")
            }
            Problem::EndBeforeStart { start, end } => {
                write!(f, "ends on {end}, before it starts on {start}")
            }
            Problem::AfterAsOf { date, as_of } => {
                write!(f, "dated {date}, after the dataset's as-of date {as_of}")
            }
            Problem::OutsidePeriod {
                start,
                end,
                container,
                container_start,
                container_end,
            } => write!(
                f,
                "runs {}, outside {container}, which runs {}",
                Period(*start, *end),
                Period(*container_start, *container_end)
            ),
            Problem::SelfReference => f.write_str("refers to the entity itself"),
            Problem::Cycle { path } => {
                f.write_str("parent links form a cycle: ")?;
                for (i, index) in path.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" -> ")?;
                    }
                    write!(f, "#{index}")?;
                }
                Ok(())
            }
            Problem::MissingParent { level } => {
                write!(f, "a region at admin level {level} needs a parent")
            }
            Problem::CountryWithParent => {
                f.write_str("a country (admin level 0) must not have a parent")
            }
            Problem::ParentLevel {
                level,
                parent_level,
            } => write!(
                f,
                "the parent is at admin level {parent_level}, expected a level above {level}"
            ),
            Problem::CountryMismatch {
                country,
                parent_country,
            } => write!(
                f,
                "country {country} differs from the parent's country {parent_country}"
            ),
            Problem::OutsideRegion {
                region,
                name,
                lat,
                lon,
            } => write!(
                f,
                "point ({lat}, {lon}) lies outside the geometry of region #{region} ({name})"
            ),
            Problem::NonFiniteCoordinate => {
                f.write_str("expected finite coordinates, found NaN or infinity")
            }
            Problem::EmptyBoundary { polygon: None, .. } => {
                f.write_str("expected a boundary of at least one polygon, found none")
            }
            Problem::EmptyBoundary {
                polygon: Some(polygon),
                ring,
            } => write!(
                f,
                "ring {ring} of polygon {polygon}: expected a ring enclosing an area, found one \
                 of zero area"
            ),
            Problem::BadRing {
                polygon,
                ring,
                positions,
            } => write!(
                f,
                "ring {ring} of polygon {polygon}: expected a closed ring of at least 4 \
                 positions, found {positions} positions{}",
                if *positions >= 4 { ", not closed" } else { "" }
            ),
            Problem::RansomWithoutAbduction => {
                f.write_str("a ransom is recorded, but the abducted figure is exactly 0")
            }
            Problem::BeforeBlockade {
                blockade_start,
                date,
            } => write!(
                f,
                "dated {date}, before the blockade it enforces started on {blockade_start}"
            ),
        }
    }
}

/// A closed or open period, printed as `2025-09-03..=2026-01-12` or `2025-09-03..`.
struct Period(Date, Option<Date>);

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            Some(end) => write!(f, "{}..={end}", self.0),
            None => write!(f, "{}..", self.0),
        }
    }
}

/// One broken rule: which entity, which field, and what is wrong.
///
/// Printed as `incident #4 (acled:MLI1234), actors[0].group: refers to
/// group #9, but the dataset has 3 groups`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ValidationError {
    entity: EntityKind,
    index: Option<u32>,
    external_id: Option<String>,
    field: String,
    problem: Problem,
}

impl Error {
    /// [`Error::InvalidValue`]: `found` in `field`, which takes `expected`.
    pub(crate) fn invalid(
        field: &'static str,
        expected: &'static str,
        found: impl Into<String>,
    ) -> Error {
        Error::InvalidValue {
            field,
            expected,
            found: found.into(),
        }
    }
}

impl ValidationError {
    /// A problem with `field` of an entity of kind `entity`.
    pub fn new(entity: EntityKind, field: impl Into<String>, problem: Problem) -> Self {
        ValidationError {
            entity,
            index: None,
            external_id: None,
            field: field.into(),
            problem,
        }
    }

    /// Names the entity by its index in the dataset (or in the builder).
    #[must_use]
    pub fn at(mut self, index: u32) -> Self {
        self.index = Some(index);
        self
    }

    /// Names the entity by an external id, e.g. `acled:MLI1234`.
    #[must_use]
    pub fn with_external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    /// The kind of entity with the problem.
    pub fn entity(&self) -> EntityKind {
        self.entity
    }

    /// The entity's index, when it has one yet.
    pub fn index(&self) -> Option<u32> {
        self.index
    }

    /// The entity's external id, when it has one.
    pub fn external_id(&self) -> Option<&str> {
        self.external_id.as_deref()
    }

    /// The path of the field, e.g. `actors[0].group`.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.entity.name())?;
        if let Some(index) = self.index {
            write!(f, " #{index}")?;
        }
        if let Some(id) = &self.external_id {
            write!(f, " ({id})")?;
        }
        write!(f, ", {}: {}", self.field, self.problem)
    }
}

impl std::error::Error for ValidationError {}

/// All the problems found in one validation, never empty.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct ValidationErrors(Vec<ValidationError>);

impl ValidationErrors {
    /// How many problems were found; at least one.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: an empty set of problems is not an error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems, in the order they were found.
    pub fn as_slice(&self) -> &[ValidationError] {
        &self.0
    }

    /// The problems, by value.
    pub fn into_vec(self) -> Vec<ValidationError> {
        self.0
    }

    /// `Ok(())` when `errors` is empty, else an [`Error::Invalid`].
    pub(crate) fn check(errors: Vec<ValidationError>) -> Result<(), Error> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(ValidationErrors(errors)))
        }
    }
}

/// Up to this many problems are printed; the rest are counted.
const SHOWN: usize = 20;

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "{} validation problems:", all.len())?;
                for problem in all.iter().take(SHOWN) {
                    write!(f, "\n  {problem}")?;
                }
                if all.len() > SHOWN {
                    write!(f, "\n  and {} more", all.len() - SHOWN)?;
                }
                Ok(())
            }
        }
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a ValidationError;
    type IntoIter = std::slice::Iter<'a, ValidationError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn message_names_entity_ids_field_and_problem() {
        let e = ValidationError::new(
            EntityKind::Incident,
            "actors[0].group",
            Problem::DanglingReference {
                target: EntityKind::Group,
                index: 9,
                count: 3,
            },
        )
        .at(4)
        .with_external_id("acled:MLI1234");
        assert_eq!(
            e.to_string(),
            "incident #4 (acled:MLI1234), actors[0].group: refers to group #9, but the dataset has 3 groups"
        );
    }

    #[test]
    fn geojson_problems_name_the_feature_or_the_input() {
        let feature = Error::GeoJson {
            feature: Some(12),
            name: Some("Bafoulabe".into()),
            reason: "expected at least one ring, found none".into(),
        };
        assert_eq!(
            feature.to_string(),
            "feature 12 (\"Bafoulabe\"): expected at least one ring, found none"
        );
        let unnamed = Error::GeoJson {
            feature: Some(0),
            name: None,
            reason: "number out of range at line 1 column 9".into(),
        };
        assert_eq!(
            unnamed.to_string(),
            "feature 0: number out of range at line 1 column 9"
        );
        let input = Error::GeoJson {
            feature: None,
            name: None,
            reason: "expected type \"FeatureCollection\", found \"Feature\"".into(),
        };
        assert_eq!(
            input.to_string(),
            "GeoJSON: expected type \"FeatureCollection\", found \"Feature\""
        );
    }

    #[test]
    fn many_problems_are_listed_and_capped() {
        let one = ValidationError::new(
            EntityKind::Blockade,
            "end",
            Problem::EndBeforeStart {
                start: date!(2025 - 09 - 03),
                end: date!(2025 - 09 - 01),
            },
        );
        let errors = ValidationErrors(vec![one.clone(); 22]);
        let text = errors.to_string();
        assert!(text.starts_with("22 validation problems:\n  blockade, end: ends on 2025-09-01, before it starts on 2025-09-03\n"));
        assert!(text.ends_with("\n  and 2 more"));
        assert_eq!(text.lines().count(), 1 + 20 + 1);
    }
}
