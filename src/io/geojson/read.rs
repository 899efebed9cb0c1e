//! Reading administrative boundaries into regions.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use super::boundary::boundary;
use super::collection::{Object, for_each_feature};
use super::layer::BoundaryLayer;
use crate::io::record::read_error;
use crate::model::names::place_key;
use crate::{AdminLevel, DatasetBuilder, Error, Region, RegionId};

/// Reads the boundary file at `path` into `into`; see [`read_regions`].
///
/// # Errors
///
/// [`Error::Io`] naming the file when it cannot be read; otherwise as
/// [`read_regions`].
pub fn read_regions_path(
    path: impl AsRef<Path>,
    layer: &BoundaryLayer,
    into: &mut DatasetBuilder,
) -> Result<Vec<RegionId>, Error> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| read_error(&path.display().to_string(), e))?;
    load(&bytes, layer, into)
}

/// Reads a GeoJSON FeatureCollection of administrative boundaries from
/// `input` and adds one [`Region`] per feature to `into`, as `layer` says;
/// returns the new regions' ids, in feature order.
///
/// Each region is at the layer's level, in the country of the layer's
/// [`under`](BoundaryLayer::under) region, named by the layer's name
/// property, with its [`code`](BoundaryLayer::code) and
/// [`alias`](BoundaryLayer::alias) properties when set, and the feature's
/// geometry, a Polygon or MultiPolygon, as its boundary (rings as the file
/// orients them). Its parent is the region its
/// [`parent`](BoundaryLayer::parent) property names, or else the `under`
/// region.
///
/// A parent is looked for among the regions `into` held before the call
/// that lie under the `under` region (or are it) at a level above the
/// layer's, by [`Region::answers_to`]: ignoring case, accents and unit
/// words, on names, aliases and place codes. Of the levels where the name
/// is found, the deepest is taken, and there it must name one region.
/// Features naming the same parent share one search.
///
/// Every feature is checked before any region is added: on error, `into`
/// is left as it was. The input is read whole into memory first.
///
/// # Errors
///
/// [`Error::Io`] when `input` cannot be read. [`Error::InvalidValue`] when
/// the layer has no `under` region (field `under`), when that region is
/// not in `into` (`under`), or when the layer's level is not below it
/// (`level`). [`Error::GeoJson`] with no feature when the input is not a
/// JSON FeatureCollection, and naming the feature (its position and, when
/// it can be read, its name) when:
///
/// - its JSON cannot be read, such as a number too large for an `f64`;
/// - it is not a `Feature`, or its `properties` are not an object;
/// - its name property is missing or not a non-blank string; its code
///   property is missing or not a string or an integer; an alias property
///   is not a string, an array of strings or `null`; its parent property
///   is missing or not a string;
/// - the parent property names no region, or several at the deepest level
///   it is found;
/// - its geometry is missing, `null` or not a Polygon or MultiPolygon; a
///   MultiPolygon has no polygon or a polygon no ring; a ring has fewer
///   than 4 positions or does not end where it starts; a position is not
///   an array of at least 2 numbers, or its longitude is outside
///   [-180, 180] or its latitude outside [-90, 90];
/// - another feature of the layer has the same name (compared as
///   [`Region::answers_to`] compares) under the same parent.
pub fn read_regions<R: Read>(
    mut input: R,
    layer: &BoundaryLayer,
    into: &mut DatasetBuilder,
) -> Result<Vec<RegionId>, Error> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| read_error("input", e))?;
    load(&bytes, layer, into)
}

/// Reads `bytes` as [`read_regions`] does.
fn load(
    bytes: &[u8],
    layer: &BoundaryLayer,
    into: &mut DatasetBuilder,
) -> Result<Vec<RegionId>, Error> {
    let regions = {
        let mut reader = Reader::new(layer, into.regions())?;
        let mut regions = Vec::new();
        for_each_feature(bytes, &layer.name, &mut |index, object| {
            regions.push(reader.region(index, object)?);
            Ok(())
        })?;
        regions
    };
    Ok(regions
        .into_iter()
        .map(|region| into.add_region(region))
        .collect())
}

/// The state of one read: the layer, the regions already there, and what
/// the features read so far have settled.
struct Reader<'a> {
    layer: &'a BoundaryLayer,
    existing: &'a [Region],
    under: RegionId,
    country: crate::CountryCode,
    /// The regions a parent may be, deepest level first.
    candidates: Vec<RegionId>,
    /// Parents found, by the text that named them.
    parents: HashMap<String, Result<RegionId, String>>,
    /// The features read, by parent and name key: position and name.
    names: HashMap<(RegionId, String), (usize, String)>,
}

impl<'a> Reader<'a> {
    fn new(layer: &'a BoundaryLayer, existing: &'a [Region]) -> Result<Self, Error> {
        let under = layer.under.ok_or_else(|| {
            Error::invalid(
                "under",
                "the region the layer's features lie in, set with BoundaryLayer::under",
                "none",
            )
        })?;
        let region = existing
            .get(under.index())
            .ok_or_else(|| Error::invalid("under", "a region of the builder", under.to_string()))?;
        if layer.level <= region.level() {
            return Err(Error::InvalidValue {
                field: "level",
                expected: "an admin level below that of the region the layer lies under",
                found: format!(
                    "{} under {:?} ({})",
                    layer.level,
                    region.name(),
                    region.level()
                ),
            });
        }
        let mut candidates: Vec<RegionId> = (0..existing.len())
            .filter_map(|i| u32::try_from(i).ok().map(RegionId::new))
            .filter(|id| {
                existing[id.index()].level() < layer.level && lies_under(existing, *id, under)
            })
            .collect();
        candidates.sort_by_key(|id| std::cmp::Reverse(existing[id.index()].level()));
        Ok(Reader {
            layer,
            existing,
            under,
            country: region.country_code(),
            candidates,
            parents: HashMap::new(),
            names: HashMap::new(),
        })
    }

    /// The region of feature `index`, or what is wrong with it.
    fn region(&mut self, index: usize, mut object: Object) -> Result<Region, Error> {
        let properties = match object.remove("properties") {
            Some(Value::Object(properties)) => properties,
            Some(Value::Null) | None => serde_json::Map::new(),
            Some(other) => {
                return Err(feature_error(
                    index,
                    None,
                    format!(
                        "expected properties to be an object or null, found {}",
                        show(&other)
                    ),
                ));
            }
        };
        let layer = self.layer;
        let name = match properties.get(&layer.name) {
            Some(Value::String(name)) if !name.trim().is_empty() => name.clone(),
            found => {
                return Err(feature_error(
                    index,
                    None,
                    format!(
                        "expected a name in property {:?}, found {}",
                        layer.name,
                        show_property(found)
                    ),
                ));
            }
        };
        let fail = |reason: String| feature_error(index, Some(&name), reason);
        match object.get("type") {
            Some(Value::String(kind)) if kind == "Feature" => {}
            found => {
                return Err(fail(format!(
                    "expected type \"Feature\", found {}",
                    show_property(found)
                )));
            }
        }
        let geometry = boundary(object.remove("geometry")).map_err(fail)?;
        let mut region = Region::new(name.as_str(), self.country, layer.level).geometry(geometry);
        if let Some(property) = &layer.code {
            region = region.pcode(code(properties.get(property), property).map_err(fail)?);
        }
        let mut aliases: Vec<&str> = Vec::new();
        for property in &layer.aliases {
            for alias in alias_values(properties.get(property), property).map_err(fail)? {
                if alias != name && !aliases.contains(&alias) {
                    aliases.push(alias);
                }
            }
        }
        for alias in aliases {
            region = region.alias(alias);
        }
        let parent = match &layer.parent {
            Some(property) => {
                let value = match properties.get(property) {
                    Some(Value::String(value)) => value,
                    found => {
                        return Err(fail(format!(
                            "expected the parent's name in property {property:?}, found {}",
                            show_property(found)
                        )));
                    }
                };
                self.parent(value, property).map_err(fail)?
            }
            None => self.under,
        };
        match self.names.entry((parent, place_key(&name))) {
            Entry::Occupied(first) => {
                let (first_index, first_name) = first.get();
                return Err(fail(format!(
                    "expected one feature per name under {:?}, but feature {first_index} \
                     ({first_name:?}) has the same name",
                    self.existing[parent.index()].name(),
                )));
            }
            Entry::Vacant(slot) => {
                slot.insert((index, name.clone()));
            }
        }
        Ok(region.parent(parent))
    }

    /// The region `value`, read from property `property`, names.
    fn parent(&mut self, value: &str, property: &str) -> Result<RegionId, String> {
        if let Some(found) = self.parents.get(value) {
            return found.clone();
        }
        let existing = self.existing;
        let mut matches = self
            .candidates
            .iter()
            .copied()
            .filter(|id| existing[id.index()].answers_to(value));
        let found = match matches.next() {
            None => Err(format!(
                "expected property {property:?} to name a region under {:?} above {}, found \
                 {value:?}, which names none",
                existing[self.under.index()].name(),
                self.layer.level
            )),
            Some(first) => {
                let level = existing[first.index()].level();
                let others: Vec<RegionId> = matches
                    .take_while(|id| existing[id.index()].level() == level)
                    .collect();
                if others.is_empty() {
                    Ok(first)
                } else {
                    Err(ambiguous(existing, value, property, level, first, &others))
                }
            }
        };
        self.parents.insert(value.to_owned(), found.clone());
        found
    }
}

/// The error of a parent name that several regions at `level` answer to.
fn ambiguous(
    existing: &[Region],
    value: &str,
    property: &str,
    level: AdminLevel,
    first: RegionId,
    others: &[RegionId],
) -> String {
    let listed: Vec<String> = std::iter::once(&first)
        .chain(others)
        .map(|id| format!("{:?} ({id})", existing[id.index()].name()))
        .collect();
    format!(
        "expected property {property:?} to name one region, found {value:?}, which names {} \
         at {level}: {}",
        listed.len(),
        listed.join(", ")
    )
}

/// Whether `region` is `ancestor` or lies inside it, following parents
/// no further than there are regions (the builder is not checked yet, so
/// parents may dangle or loop).
fn lies_under(regions: &[Region], region: RegionId, ancestor: RegionId) -> bool {
    let mut current = Some(region);
    for _ in 0..=regions.len() {
        match current {
            Some(id) if id == ancestor => return true,
            Some(id) => current = regions.get(id.index()).and_then(Region::parent_id),
            None => return false,
        }
    }
    false
}

/// The place code in `value`, read from property `property`.
fn code(value: Option<&Value>, property: &str) -> Result<String, String> {
    match value {
        Some(Value::String(code)) if !code.trim().is_empty() => Ok(code.clone()),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        found => Err(format!(
            "expected a code in property {property:?}, found {}",
            show_property(found)
        )),
    }
}

/// The names in `value`, read from property `property`: a string, an
/// array of strings, or none; blank names left out.
fn alias_values<'v>(value: Option<&'v Value>, property: &str) -> Result<Vec<&'v str>, String> {
    let fail = || {
        format!(
            "expected a name or an array of names in property {property:?}, found {}",
            show_property(value)
        )
    };
    let names: Vec<&str> = match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(name)) => vec![name],
        Some(Value::Array(values)) => values
            .iter()
            .map(Value::as_str)
            .collect::<Option<_>>()
            .ok_or_else(fail)?,
        Some(_) => return Err(fail()),
    };
    Ok(names.into_iter().filter(|n| !n.trim().is_empty()).collect())
}

/// A problem with feature `index`.
fn feature_error(index: usize, name: Option<&str>, reason: String) -> Error {
    Error::GeoJson {
        feature: Some(index),
        name: name.map(str::to_owned),
        reason,
    }
}

/// Values longer than this are shortened in messages.
const SHOWN_CHARS: usize = 60;

/// `value` as compact JSON, shortened to about [`SHOWN_CHARS`] characters.
pub(super) fn show(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

/// A property's value as [`show`] prints it, or `no such property`.
fn show_property(value: Option<&Value>) -> String {
    value.map_or_else(|| "no such property".into(), show)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mli() -> Result<crate::CountryCode, Error> {
        "MLI".parse()
    }

    #[test]
    fn long_values_are_shortened_in_messages() {
        let long = Value::String("x".repeat(100));
        assert_eq!(show(&long), format!("\"{}...", "x".repeat(59)));
        assert_eq!(show(&Value::from("Kayes")), "\"Kayes\"");
        assert_eq!(show_property(None), "no such property");
    }

    #[test]
    fn codes_are_strings_or_integers() {
        assert_eq!(code(Some(&Value::from("ML0101")), "p"), Ok("ML0101".into()));
        assert_eq!(code(Some(&Value::from(101)), "p"), Ok("101".into()));
        assert_eq!(
            code(Some(&Value::from(1.5)), "p"),
            Err("expected a code in property \"p\", found 1.5".into())
        );
        assert_eq!(
            code(Some(&Value::from(" ")), "p"),
            Err("expected a code in property \"p\", found \" \"".into())
        );
        assert_eq!(
            code(None, "p"),
            Err("expected a code in property \"p\", found no such property".into())
        );
    }

    #[test]
    fn aliases_are_a_string_an_array_or_nothing() -> Result<(), String> {
        let array = serde_json::json!(["Tombouctou", " ", "Timbuktu"]);
        assert_eq!(alias_values(Some(&array), "a")?, ["Tombouctou", "Timbuktu"]);
        assert_eq!(alias_values(Some(&Value::from("Ségou")), "a")?, ["Ségou"]);
        assert_eq!(alias_values(Some(&Value::Null), "a")?, [""; 0]);
        assert_eq!(alias_values(None, "a")?, [""; 0]);
        assert_eq!(
            alias_values(Some(&serde_json::json!(["Gao", 3])), "a"),
            Err("expected a name or an array of names in property \"a\", found [\"Gao\",3]".into())
        );
        assert_eq!(
            alias_values(Some(&Value::from(true)), "a"),
            Err("expected a name or an array of names in property \"a\", found true".into())
        );
        Ok(())
    }

    #[test]
    fn ancestry_survives_dangling_and_looping_parents() -> Result<(), Error> {
        let regions = vec![
            Region::country("Mali", mli()?),
            Region::new("Kayes", mli()?, AdminLevel::ADMIN1).parent(RegionId::new(0)),
            Region::new("Lost", mli()?, AdminLevel::ADMIN1).parent(RegionId::new(9)),
            Region::new("Loop", mli()?, AdminLevel::ADMIN2).parent(RegionId::new(3)),
        ];
        assert!(lies_under(&regions, RegionId::new(1), RegionId::new(0)));
        assert!(lies_under(&regions, RegionId::new(0), RegionId::new(0)));
        assert!(!lies_under(&regions, RegionId::new(2), RegionId::new(0)));
        assert!(!lies_under(&regions, RegionId::new(3), RegionId::new(0)));
        Ok(())
    }
}
