//! Reading a FeatureCollection one feature at a time, knowing which
//! feature a problem is in.
//!
//! The collection is walked with serde, so each feature is handed on as
//! soon as it is read and the JSON of the others is never held as values.
//! A JSON error inside a feature (a number too large for an `f64`, which
//! `serde_json` refuses while reading, or broken syntax) names the feature
//! by its position; its name is then looked for by a second, lenient walk
//! that skips geometries without reading their numbers.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::Error;

/// A feature's JSON object.
pub(super) type Object = Map<String, Value>;

/// What one walk of the collection found, and where it stopped.
#[derive(Default)]
struct State {
    /// The feature being read, while inside `features`.
    at: Option<usize>,
    /// The error that stopped the walk, when it was ours and not JSON's.
    error: Option<Error>,
    /// The value of the collection's `type` member.
    kind: Option<Value>,
    /// Whether a `features` member was read.
    features: bool,
}

/// Reads the FeatureCollection in `bytes` and calls `each` with every
/// feature's position and object, in order, stopping at the first error.
///
/// `name_property` is used only to name a feature whose JSON cannot be
/// read.
pub(super) fn for_each_feature(
    bytes: &[u8],
    name_property: &str,
    each: &mut dyn FnMut(usize, Object) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut state = State::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let walked = Collection {
        state: &mut state,
        each,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    if let Some(error) = state.error {
        return Err(error);
    }
    if let Err(e) = walked {
        return Err(match state.at {
            Some(index) => Error::GeoJson {
                feature: Some(index),
                name: name_of(bytes, index, name_property),
                reason: e.to_string(),
            },
            None => whole(e.to_string()),
        });
    }
    match &state.kind {
        Some(Value::String(kind)) if kind == "FeatureCollection" => {}
        Some(other) => {
            return Err(whole(format!(
                "expected type \"FeatureCollection\", found {}",
                super::read::show(other)
            )));
        }
        None => {
            return Err(whole(
                "expected type \"FeatureCollection\", found no type".into(),
            ));
        }
    }
    if !state.features {
        return Err(whole(
            "expected a \"features\" array, found no such member".into(),
        ));
    }
    Ok(())
}

/// A problem with the input as a whole.
fn whole(reason: String) -> Error {
    Error::GeoJson {
        feature: None,
        name: None,
        reason,
    }
}

/// The top-level object.
struct Collection<'s, 'f> {
    state: &'s mut State,
    each: &'f mut dyn FnMut(usize, Object) -> Result<(), Error>,
}

impl<'de> DeserializeSeed<'de> for Collection<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Collection<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a FeatureCollection object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => self.state.kind = Some(map.next_value()?),
                "features" if self.state.features => {
                    return Err(de::Error::custom(
                        "expected one \"features\" member, found two",
                    ));
                }
                "features" => {
                    map.next_value_seed(Features {
                        state: &mut *self.state,
                        each: &mut *self.each,
                    })?;
                    self.state.features = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The `features` array.
struct Features<'s, 'f> {
    state: &'s mut State,
    each: &'f mut dyn FnMut(usize, Object) -> Result<(), Error>,
}

impl<'de> DeserializeSeed<'de> for Features<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for index in 0.. {
            self.state.at = Some(index);
            let Some(object) = seq.next_element::<Object>()? else {
                break;
            };
            if let Err(error) = (self.each)(index, object) {
                self.state.error = Some(error);
                // Only stops the walk: the error above is the one reported.
                return Err(de::Error::custom("stopped"));
            }
        }
        self.state.at = None;
        Ok(())
    }
}

/// The name of feature `index` (the string in its property `property`),
/// read leniently: other features, other properties and geometries are
/// skipped without their numbers being read, so a number too large for an
/// `f64` elsewhere in the feature does not hide its name.
fn name_of(bytes: &[u8], index: usize, property: &str) -> Option<String> {
    let mut found = None;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    // The walk always ends in an error, once the name is read or cannot be.
    let _ = NameWalk {
        index,
        property,
        found: &mut found,
    }
    .deserialize(&mut de);
    found
}

/// The lenient walk of [`name_of`], at one level of the input: the
/// collection, its `features`, a feature, its `properties`.
struct NameWalk<'a> {
    index: usize,
    property: &'a str,
    found: &'a mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for NameWalk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for NameWalk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a FeatureCollection object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "features" {
                return map.next_value_seed(FeatureNth(self));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Err(de::Error::custom("no features"))
    }
}

/// Skips to feature `index` and reads its name.
struct FeatureNth<'a>(NameWalk<'a>);

impl<'de> DeserializeSeed<'de> for FeatureNth<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FeatureNth<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for _ in 0..self.0.index {
            seq.next_element::<IgnoredAny>()?;
        }
        seq.next_element_seed(FeatureName(self.0))?;
        Err(de::Error::custom("done"))
    }
}

/// Reads the `properties` of one feature.
struct FeatureName<'a>(NameWalk<'a>);

impl<'de> DeserializeSeed<'de> for FeatureName<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FeatureName<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a feature object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "properties" {
                return map.next_value_seed(PropertyValue(self.0));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// Reads one property of a `properties` object, skipping the others.
struct PropertyValue<'a>(NameWalk<'a>);

impl<'de> DeserializeSeed<'de> for PropertyValue<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PropertyValue<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a properties object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == self.0.property {
                if let Value::String(name) = map.next_value()? {
                    *self.0.found = Some(name);
                }
                return Ok(());
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The positions and `name` properties `for_each_feature` hands on.
    fn names(json: &str) -> Result<Vec<(usize, String)>, Error> {
        let mut seen = Vec::new();
        for_each_feature(json.as_bytes(), "name", &mut |index, object| {
            let name = object
                .get("properties")
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            seen.push((index, name));
            Ok(())
        })?;
        Ok(seen)
    }

    #[test]
    fn features_come_in_order_whatever_the_members_around_them() -> Result<(), Error> {
        let json = r#"{"features": [{"properties": {"name": "Kayes"}}, {"properties": {"name": "Kita"}}],
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
            "bbox": [-12.2, 10.1, 4.3, 25.0], "type": "FeatureCollection"}"#;
        assert_eq!(names(json)?, [(0, "Kayes".into()), (1, "Kita".into())]);
        assert_eq!(
            names(r#"{"type": "FeatureCollection", "features": []}"#)?,
            []
        );
        Ok(())
    }

    #[test]
    fn the_input_must_be_a_feature_collection() {
        let message = |json: &str| names(json).map_err(|e| e.to_string());
        assert_eq!(
            message(r#"{"type": "Feature", "properties": {}, "geometry": null}"#),
            Err("GeoJSON: expected type \"FeatureCollection\", found \"Feature\"".into())
        );
        assert_eq!(
            message(r#"{"features": []}"#),
            Err("GeoJSON: expected type \"FeatureCollection\", found no type".into())
        );
        assert_eq!(
            message(r#"{"type": "FeatureCollection"}"#),
            Err("GeoJSON: expected a \"features\" array, found no such member".into())
        );
        assert_eq!(
            message(r#"{"type": "FeatureCollection", "features": null}"#),
            Err(
                "GeoJSON: invalid type: null, expected an array of features at line 1 column 46"
                    .into()
            )
        );
        assert_eq!(
            message("Kayes"),
            Err("GeoJSON: expected value at line 1 column 1".into())
        );
        assert_eq!(
            message(r#"[{"type": "FeatureCollection"}]"#),
            Err(
                "GeoJSON: invalid type: sequence, expected a FeatureCollection object at line 1 column 0"
                    .into()
            )
        );
        assert_eq!(
            message(r#"{"type": "FeatureCollection", "features": []} []"#),
            Err("GeoJSON: trailing characters at line 1 column 47".into())
        );
        assert_eq!(
            message(r#"{"type": "FeatureCollection", "features": [], "features": []}"#),
            Err("GeoJSON: expected one \"features\" member, found two at line 1 column 56".into())
        );
    }

    #[test]
    fn a_json_error_in_a_feature_names_it_wherever_its_name_is() {
        let message = |json: &str| names(json).map_err(|e| e.to_string());
        // The overflowing number comes before the name.
        assert_eq!(
            message(
                r#"{"type": "FeatureCollection", "features": [
                {"properties": {"name": "Kayes"}},
                {"geometry": {"type": "Point", "coordinates": [1e999, 0]}, "properties": {"area": 2e999, "name": "Kita"}}]}"#
            ),
            Err("feature 1 (\"Kita\"): number out of range at line 3 column 68".into())
        );
        // No name to be found.
        assert_eq!(
            message(
                r#"{"type": "FeatureCollection", "features": [{"properties": {"name": 1e400}}]}"#
            ),
            Err("feature 0: number out of range at line 1 column 72".into())
        );
        assert_eq!(
            message(
                r#"{"type": "FeatureCollection", "features": [{"properties": {"name": "Kayes"}}, 7]}"#
            ),
            Err("feature 1: invalid type: integer `7`, expected a map at line 1 column 79".into())
        );
        assert_eq!(
            message(
                r#"{"type": "FeatureCollection", "features": [{"properties": {"name": "Kayes"}"#
            ),
            Err("feature 0 (\"Kayes\"): EOF while parsing an object at line 1 column 75".into())
        );
    }

    #[test]
    fn the_first_error_of_the_caller_stops_the_walk() {
        let json = r#"{"type": "FeatureCollection", "features": [{}, {}, {}]}"#;
        let mut calls = 0;
        let result = for_each_feature(json.as_bytes(), "name", &mut |index, _| {
            calls += 1;
            if index == 1 {
                Err(Error::GeoJson {
                    feature: Some(index),
                    name: None,
                    reason: "no".into(),
                })
            } else {
                Ok(())
            }
        });
        assert_eq!(
            result.map_err(|e| e.to_string()),
            Err("feature 1: no".into())
        );
        assert_eq!(calls, 2);
    }
}
