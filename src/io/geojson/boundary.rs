//! A feature's geometry as a region's boundary: checked on the positions
//! as the file gives them, then converted by `geojson`.
//!
//! The checks come first because the conversion to `geo-types` would hide
//! what is wrong: it closes an open ring without a word.

use geo_types::MultiPolygon;
use serde_json::Value;

use super::read::show;

/// What a boundary must be, in messages.
const EXPECTED: &str = "expected a Polygon or MultiPolygon geometry";

/// The boundary `geometry` (a feature's `geometry` member, `None` when it
/// has none), or what is wrong with it.
///
/// A boundary is a Polygon or a MultiPolygon of at least one polygon; a
/// polygon has at least one ring; a ring has at least 4 positions and
/// ends where it starts; a position is an array of at least 2 numbers,
/// longitude in [-180, 180] then latitude in [-90, 90].
pub(super) fn boundary(geometry: Option<Value>) -> Result<MultiPolygon<f64>, String> {
    let object = match geometry {
        Some(Value::Object(object)) => object,
        Some(Value::Null) => return Err(format!("{EXPECTED}, found null")),
        Some(other) => return Err(format!("{EXPECTED}, found {}", show(&other))),
        None => return Err(format!("{EXPECTED}, found no geometry member")),
    };
    let coordinates = object.get("coordinates");
    match object.get("type") {
        Some(Value::String(kind)) if kind == "Polygon" => match coordinates {
            Some(Value::Array(rings)) => polygon(rings, 0)?,
            other => return Err(coordinates_error(other, "an array of rings")),
        },
        Some(Value::String(kind)) if kind == "MultiPolygon" => match coordinates {
            Some(Value::Array(polygons)) if polygons.is_empty() => {
                return Err("expected at least one polygon, found none".into());
            }
            Some(Value::Array(polygons)) => {
                for (p, rings) in polygons.iter().enumerate() {
                    let Value::Array(rings) = rings else {
                        return Err(format!(
                            "polygon {p}: expected an array of rings, found {}",
                            show(rings)
                        ));
                    };
                    polygon(rings, p)?;
                }
            }
            other => return Err(coordinates_error(other, "an array of polygons")),
        },
        Some(Value::String(kind)) => return Err(format!("{EXPECTED}, found {kind}")),
        Some(other) => return Err(format!("{EXPECTED}, found type {}", show(other))),
        None => return Err(format!("{EXPECTED}, found no type")),
    }
    let converted = geojson::Geometry::from_json_value(Value::Object(object))
        .map_err(|e| e.to_string())
        .and_then(|g| geo_types::Geometry::<f64>::try_from(g).map_err(|e| e.to_string()));
    match converted {
        Ok(geo_types::Geometry::Polygon(polygon)) => Ok(MultiPolygon::new(vec![polygon])),
        Ok(geo_types::Geometry::MultiPolygon(polygons)) => Ok(polygons),
        Ok(_) => Err(EXPECTED.into()),
        Err(e) => Err(format!("{EXPECTED}: {e}")),
    }
}

/// The error for a `coordinates` member that is missing or not `expected`.
fn coordinates_error(found: Option<&Value>, expected: &str) -> String {
    match found {
        Some(value) => format!("coordinates: expected {expected}, found {}", show(value)),
        None => "expected coordinates, found no coordinates member".into(),
    }
}

/// Checks polygon `p`: its rings, each ring's positions.
fn polygon(rings: &[Value], p: usize) -> Result<(), String> {
    if rings.is_empty() {
        return Err(format!(
            "polygon {p}: expected at least one ring, found none"
        ));
    }
    for (r, ring) in rings.iter().enumerate() {
        let Value::Array(positions) = ring else {
            return Err(format!(
                "ring {r} of polygon {p}: expected an array of positions, found {}",
                show(ring)
            ));
        };
        let mut numbers = Vec::with_capacity(positions.len());
        for (k, position) in positions.iter().enumerate() {
            numbers.push(
                checked_position(position).map_err(|reason| {
                    format!("position {k} of ring {r} of polygon {p}: {reason}")
                })?,
            );
        }
        if numbers.len() < 4 {
            return Err(format!(
                "ring {r} of polygon {p}: expected at least 4 positions, found {}",
                numbers.len()
            ));
        }
        if let (Some(first), Some(last)) = (numbers.first(), numbers.last())
            && first != last
        {
            return Err(format!(
                "ring {r} of polygon {p} is not closed: expected the last position to repeat \
                 the first, {}, found {}",
                Position(first),
                Position(last)
            ));
        }
    }
    Ok(())
}

/// The numbers of one position, or what is wrong with it.
fn checked_position(position: &Value) -> Result<Vec<f64>, String> {
    let expected = || {
        format!(
            "expected an array of at least 2 numbers, found {}",
            show(position)
        )
    };
    let Value::Array(values) = position else {
        return Err(expected());
    };
    let numbers: Vec<f64> = values
        .iter()
        .map(Value::as_f64)
        .collect::<Option<_>>()
        .ok_or_else(expected)?;
    let [lon, lat, ..] = numbers[..] else {
        return Err(expected());
    };
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(format!("expected a longitude in [-180, 180], found {lon}"));
    }
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(format!("expected a latitude in [-90, 90], found {lat}"));
    }
    Ok(numbers)
}

/// A position printed as `[-10.8, 13.8]`.
struct Position<'a>(&'a [f64]);

impl std::fmt::Display for Position<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[")?;
        for (i, n) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{n}")?;
        }
        f.write_str("]")
    }
}

#[cfg(test)]
mod tests {
    use geo_types::{LineString, Polygon};

    use super::*;

    fn check(json: &str) -> Result<MultiPolygon<f64>, String> {
        let value: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
        boundary(Some(value))
    }

    const SQUARE: &str = "[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]";
    const HOLE: &str = "[[0.25, 0.25], [0.25, 0.75], [0.75, 0.75], [0.75, 0.25], [0.25, 0.25]]";

    #[test]
    fn polygons_and_multipolygons_become_multipolygons() -> Result<(), String> {
        let square = LineString::from(vec![
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0),
            (0.0, 1.0),
            (0.0, 0.0),
        ]);
        let hole = LineString::from(vec![
            (0.25, 0.25),
            (0.25, 0.75),
            (0.75, 0.75),
            (0.75, 0.25),
            (0.25, 0.25),
        ]);
        assert_eq!(
            check(&format!(
                r#"{{"type": "Polygon", "coordinates": [{SQUARE}, {HOLE}]}}"#
            ))?,
            MultiPolygon::new(vec![Polygon::new(square.clone(), vec![hole])])
        );
        // A third number (altitude) is allowed and dropped.
        assert_eq!(
            check(
                r#"{"type": "MultiPolygon", "coordinates": [[[[0, 0, 5], [1, 0, 5], [1, 1, 5], [0, 1, 5], [0, 0, 5]]], [[[2, 2], [3, 2], [3, 3], [2, 2]]]]}"#
            )?,
            MultiPolygon::new(vec![
                Polygon::new(square, vec![]),
                Polygon::new(
                    LineString::from(vec![(2.0, 2.0), (3.0, 2.0), (3.0, 3.0), (2.0, 2.0)]),
                    vec![]
                ),
            ])
        );
        Ok(())
    }

    #[test]
    fn every_rule_has_its_message() {
        let cases = [
            (
                "null".to_owned(),
                "expected a Polygon or MultiPolygon geometry, found null",
            ),
            (
                "[1, 2]".to_owned(),
                "expected a Polygon or MultiPolygon geometry, found [1,2]",
            ),
            (
                r#"{"type": "Point", "coordinates": [1, 2]}"#.to_owned(),
                "expected a Polygon or MultiPolygon geometry, found Point",
            ),
            (
                r#"{"type": 3, "coordinates": []}"#.to_owned(),
                "expected a Polygon or MultiPolygon geometry, found type 3",
            ),
            (
                r#"{"coordinates": []}"#.to_owned(),
                "expected a Polygon or MultiPolygon geometry, found no type",
            ),
            (
                r#"{"type": "Polygon"}"#.to_owned(),
                "expected coordinates, found no coordinates member",
            ),
            (
                r#"{"type": "Polygon", "coordinates": {}}"#.to_owned(),
                "coordinates: expected an array of rings, found {}",
            ),
            (
                r#"{"type": "MultiPolygon", "coordinates": 0}"#.to_owned(),
                "coordinates: expected an array of polygons, found 0",
            ),
            (
                r#"{"type": "MultiPolygon", "coordinates": []}"#.to_owned(),
                "expected at least one polygon, found none",
            ),
            (
                format!(r#"{{"type": "MultiPolygon", "coordinates": [[{SQUARE}], "x"]}}"#),
                "polygon 1: expected an array of rings, found \"x\"",
            ),
            (
                r#"{"type": "Polygon", "coordinates": []}"#.to_owned(),
                "polygon 0: expected at least one ring, found none",
            ),
            (
                format!(r#"{{"type": "MultiPolygon", "coordinates": [[{SQUARE}], []]}}"#),
                "polygon 1: expected at least one ring, found none",
            ),
            (
                format!(r#"{{"type": "Polygon", "coordinates": [{SQUARE}, 5]}}"#),
                "ring 1 of polygon 0: expected an array of positions, found 5",
            ),
            (
                r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}"#.to_owned(),
                "ring 0 of polygon 0: expected at least 4 positions, found 3",
            ),
            (
                r#"{"type": "Polygon", "coordinates": [[[-10.8, 13.8], [-10.7, 13.8], [-10.7, 13.9], [-10.75, 13.9]]]}"#
                    .to_owned(),
                "ring 0 of polygon 0 is not closed: expected the last position to repeat the \
                 first, [-10.8, 13.8], found [-10.75, 13.9]",
            ),
            (
                r#"{"type": "Polygon", "coordinates": [[[0, 0], [1], [1, 1], [0, 0]]]}"#.to_owned(),
                "position 1 of ring 0 of polygon 0: expected an array of at least 2 numbers, found [1]",
            ),
            (
                r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, "0"], [1, 1], [0, 0]]]}"#
                    .to_owned(),
                "position 1 of ring 0 of polygon 0: expected an array of at least 2 numbers, found [1,\"0\"]",
            ),
            (
                r#"{"type": "Polygon", "coordinates": [[[0, 0], 1, [1, 1], [0, 0]]]}"#.to_owned(),
                "position 1 of ring 0 of polygon 0: expected an array of at least 2 numbers, found 1",
            ),
            (
                r#"{"type": "Polygon", "coordinates": [[[0, 0], [181.5, 0], [1, 1], [0, 0]]]}"#
                    .to_owned(),
                "position 1 of ring 0 of polygon 0: expected a longitude in [-180, 180], found 181.5",
            ),
            (
                r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, -90.5], [0, 0]]]}"#
                    .to_owned(),
                "position 2 of ring 0 of polygon 0: expected a latitude in [-90, 90], found -90.5",
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(check(&json), Err(expected.to_owned()), "{json}");
        }
    }

    #[test]
    fn a_missing_geometry_is_named_as_such() {
        assert_eq!(
            boundary(None),
            Err("expected a Polygon or MultiPolygon geometry, found no geometry member".into())
        );
    }
}
