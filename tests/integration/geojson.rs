//! Tests of geojson.
