//! Writing incidents, sites and regions as GeoJSON FeatureCollections.

use std::io::{BufWriter, Write};

use geo::{Orient, orient::Direction};
use geojson::{Feature, FeatureWriter, Geometry};
use serde_json::{Map, Value};

use crate::io::record::write_error;
use crate::query::{Key, KeyValue, Row, Table};
use crate::{
    AdminLevel, Dataset, Error, EstimateSum, IdScheme, Incident, IncidentId, Location, Region,
    RegionId, Role, Side, Site,
};

/// Writes the incidents `ids` of `data` to `output` as a FeatureCollection
/// of Point features, in the order of `ids`. For every incident, use
/// `&data.query().ids()`.
///
/// Each feature's geometry is the incident's point, `[longitude,
/// latitude]`, or `null` for an incident without a location. Its
/// properties:
///
/// | property | value |
/// |---|---|
/// | `event_id_cnty` | the ACLED id, or `null` |
/// | `external_ids` | every external id as `scheme:value`, e.g. `["acled:MLI1234"]` |
/// | `start`, `end` | the first and last day, `YYYY-MM-DD` |
/// | `time_precision` | the [`TimePrecision`](crate::TimePrecision) token, e.g. `day` |
/// | `event_type`, `sub_event_type` | ACLED's labels, e.g. `Violence against civilians` |
/// | `actor1`, `assoc_actor_1`, `actor2`, `assoc_actor_2` | the groups' names, principal and associated actors of sides A and B, joined by `"; "` as ACLED does; `null` when none |
/// | `country`, `admin1`, `admin2`, `admin3` | the names of the incident's region and its ancestors at each level, `null` where there is none |
/// | `location` | the place name, or `null` |
/// | `geo_precision` | the [`GeoPrecision`](crate::GeoPrecision) token, or `null` without a location |
/// | `fatalities_low`, `fatalities_best`, `fatalities_high` | the incident's own fatalities [`Estimate`](crate::Estimate): its low, best and high, each `null` when the estimate has none |
/// | `civilian_targeting` | whether civilians were the target |
/// | `notes` | the notes, or `null` |
///
/// Properties are written in the order of `serde_json`'s `Map`: the same
/// for every feature and every run.
///
/// # Errors
///
/// [`Error::InvalidValue`] (field `ids`) before anything is written when
/// an id is not one of `data`'s incidents; [`Error::Io`] when `output`
/// fails.
pub fn write_incidents(
    output: impl Write,
    data: &Dataset,
    ids: &[IncidentId],
) -> Result<(), Error> {
    let incidents = ids
        .iter()
        .map(|&id| {
            data.incident(id).ok_or_else(|| {
                Error::invalid("ids", "ids of incidents in the dataset", id.to_string())
            })
        })
        .collect::<Result<Vec<&Incident>, Error>>()?;
    write_features(
        output,
        incidents.into_iter().map(|incident| {
            feature(
                incident.location().map(point),
                incident_properties(data, incident),
            )
        }),
    )
}

/// Writes every site of `data` to `output` as a FeatureCollection of
/// Point features, in id order.
///
/// Each feature's geometry is the site's point, or `null` for a site
/// without a location. Its properties: `name`; `kind`, the
/// [`SiteKind`](crate::SiteKind) label; `products`, an array;
/// `operator`, the operator's name or `null`; `operator_nationality`, its
/// country code or `null`; `region`, the name of the site's region;
/// `country`, `admin1`, `admin2`, `admin3` as for
/// [`write_incidents`]; `external_ids`, as `scheme:value`.
///
/// # Errors
///
/// [`Error::Io`] when `output` fails.
pub fn write_sites(output: impl Write, data: &Dataset) -> Result<(), Error> {
    write_features(
        output,
        data.sites()
            .iter()
            .map(|site| feature(site.place().map(point), site_properties(data, site))),
    )
}

/// Writes the regions `regions` of `data` to `output` as a
/// FeatureCollection, in the order of `regions`; with `table`, a
/// choropleth.
///
/// Each feature's geometry is the region's boundary as a MultiPolygon,
/// exterior rings counter-clockwise and holes clockwise (RFC 7946's
/// right-hand rule, whatever the orientation read); a region without a
/// boundary, or with an empty one, is kept, with a `null` geometry. Its
/// properties: `name`; `level`, 0 to 3; `pcode`, or `null`; `parent`, the
/// parent's name or `null`.
///
/// `table` must be grouped by one place key alone ([`Key::Country`],
/// [`Key::Admin1`], [`Key::Admin2`], [`Key::Admin3`] or [`Key::Region`]),
/// and the regions must be at the key's level: 0 for [`Key::Country`], 1
/// for [`Key::Admin1`], 2 for [`Key::Admin2`], 3 for [`Key::Admin3`], any
/// for [`Key::Region`] (a table by admin1 has no rows for cercles, and
/// would give each of them no incidents). Each region then gets the
/// measures of its row: `events`; `fatalities_low`, `fatalities_best`,
/// `fatalities_high`, and the same for `injured` and `abducted`, as the
/// row's [`EstimateSum`](crate::EstimateSum)s give them (a high is `null`
/// when a term was unknown or unbounded); `first` and `last`,
/// `YYYY-MM-DD`; and `distinct_groups` when the query counted them. A
/// region without a row had no incidents: `events` 0, every sum 0,
/// `first` and `last` `null`.
///
/// ```
/// use conflict_events::io::geojson;
/// use conflict_events::query::Key;
/// use conflict_events::*;
/// use time::macros::date;
///
/// let mut data = DatasetBuilder::new();
/// let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
/// let kayes = data.add_region(Region::new("Kayes", "MLI".parse()?, AdminLevel::ADMIN1).parent(mali));
/// let gao = data.add_region(Region::new("Gao", "MLI".parse()?, AdminLevel::ADMIN1).parent(mali));
/// data.add_incident(Incident::builder(SubEventType::Attack, DateSpan::day(date!(2026-01-10)), kayes).build());
/// let data = data.build()?;
///
/// let table = data.query().group_by(Key::Admin1).run();
/// let mut out = Vec::new();
/// geojson::write_regions(&mut out, &data, &[kayes, gao], Some(&table))?;
/// let json: serde_json::Value = serde_json::from_slice(&out).unwrap_or_default();
/// assert_eq!(json["features"][0]["properties"]["name"], "Kayes");
/// assert_eq!(json["features"][0]["properties"]["events"], 1);
/// assert_eq!(json["features"][1]["properties"]["events"], 0);
/// # Ok::<(), conflict_events::Error>(())
/// ```
///
/// # Errors
///
/// Before anything is written: [`Error::InvalidValue`] (field `table`)
/// when `table` is not grouped by one place key alone, and (field
/// `regions`) for the first id that is not one of `data`'s regions or,
/// with `table`, names a region not at the level of the table's key.
/// [`Error::Io`] when `output` fails. (A dataset's boundaries have closed
/// rings of at least 4 positions, as GeoJSON needs: the builder refuses
/// others.)
pub fn write_regions(
    output: impl Write,
    data: &Dataset,
    regions: &[RegionId],
    table: Option<&Table>,
) -> Result<(), Error> {
    match table {
        None => write_regions_with(output, data, regions, |_| Map::new()),
        Some(table) => {
            let rows = rows_by_region(data, table)?;
            check_levels(data, regions, table.keys())?;
            let distinct = table.rows().iter().any(|r| r.distinct_groups().is_some());
            write_regions_with(output, data, regions, |id| {
                measures(rows.get(id.index()).copied().flatten(), distinct)
            })
        }
    }
}

/// Writes the grid cells of `table`, a query grouped by one grid key
/// ([`Key::PrioGrid`] or [`Key::Grid`]), to `output` as a FeatureCollection
/// of square polygons with the row's measures: a choropleth of cells.
/// PRIO-GRID cells carry their `gid`; kilometre cells their `km`, `row` and
/// `col`. The row of incidents without a location, which have no cell, is
/// left out.
///
/// ```
/// use conflict_events::io::geojson;
/// use conflict_events::query::Key;
/// use conflict_events::*;
/// use time::macros::date;
///
/// let mut data = DatasetBuilder::new();
/// let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
/// data.add_incident(
///     Incident::builder(SubEventType::Attack, DateSpan::day(date!(2026-01-11)), mali)
///         .location(Location::new(13.8065, -10.8321, GeoPrecision::Exact)?)
///         .build(),
/// );
/// let data = data.build()?;
/// let mut out = Vec::new();
/// geojson::write_cells(&mut out, &data.query().group_by(Key::PrioGrid).run())?;
/// let json: serde_json::Value = serde_json::from_slice(&out).map_err(|e| Error::InvalidValue {
///     field: "output", expected: "JSON", found: e.to_string() })?;
/// let cell = &json["features"][0];
/// // Row floor((13.8065 + 90) · 2) + 1 = 208, column floor((-10.8321 + 180) · 2) + 1 = 339.
/// assert_eq!(cell["properties"]["gid"], (208 - 1) * 720 + 339);
/// assert_eq!(cell["geometry"]["coordinates"][0][0], serde_json::json!([-11.0, 13.5]));
/// # Ok::<(), conflict_events::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidValue`] (field `table`) before anything is written when
/// `table` is not grouped by one grid key alone; [`Error::Io`] when
/// `output` fails.
pub fn write_cells(output: impl Write, table: &Table) -> Result<(), Error> {
    if !matches!(table.keys(), [Key::PrioGrid | Key::Grid(_)]) {
        return Err(Error::invalid(
            "table",
            "a table grouped by one grid key (PRIO-GRID or kilometre cells)",
            format!("keys {:?}", table.keys()),
        ));
    }
    let distinct = table.rows().iter().any(|r| r.distinct_groups().is_some());
    let square = |(south, west, north, east): (f64, f64, f64, f64)| {
        let ring = geo_types::LineString::from(vec![
            (west, south),
            (east, south),
            (east, north),
            (west, north),
            (west, south),
        ]);
        Geometry::new(geojson::Value::from(&geo_types::Polygon::new(ring, vec![])))
    };
    write_features(
        output,
        table.rows().iter().filter_map(|row| {
            let mut properties = Map::new();
            let bounds = match row.keys().first()? {
                KeyValue::PrioGrid(cell) => {
                    properties.insert("gid".into(), cell.gid().into());
                    cell.bounds()
                }
                KeyValue::Cell(cell) => {
                    properties.insert("km".into(), cell.grid().km().into());
                    properties.insert("row".into(), cell.row().into());
                    properties.insert("col".into(), cell.col().into());
                    cell.bounds()
                }
                _ => return None,
            };
            properties.extend(measures(Some(row), distinct));
            Some(feature(Some(square(bounds)), properties))
        }),
    )
}

/// Writes the regions `regions` of `data` to `output` as
/// [`write_regions`] does, with the properties `properties` gives each
/// region added to `name`, `level`, `pcode` and `parent`, replacing those
/// of the same name.
///
/// ```
/// use conflict_events::io::geojson;
/// use conflict_events::{DatasetBuilder, Region};
///
/// let mut data = DatasetBuilder::new();
/// let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
/// let data = data.build()?;
/// let mut out = Vec::new();
/// geojson::write_regions_with(&mut out, &data, &[mali], |id| {
///     let mut properties = serde_json::Map::new();
///     properties.insert("risk".into(), (if id == mali { "high" } else { "low" }).into());
///     properties
/// })?;
/// assert!(String::from_utf8_lossy(&out).contains(r#""risk":"high""#));
/// # Ok::<(), conflict_events::Error>(())
/// ```
///
/// # Errors
///
/// As [`write_regions`], but for `table`.
pub fn write_regions_with(
    output: impl Write,
    data: &Dataset,
    regions: &[RegionId],
    mut properties: impl FnMut(RegionId) -> Map<String, Value>,
) -> Result<(), Error> {
    let mut checked = Vec::with_capacity(regions.len());
    for &id in regions {
        checked.push((id, region_of(data, id)?));
    }
    write_features(
        output,
        checked.into_iter().map(|(id, region)| {
            let geometry = region
                .boundary()
                .filter(|b| !b.0.is_empty())
                .map(|b| Geometry::new(geojson::Value::from(&b.orient(Direction::Default))));
            let mut all = region_properties(data, region);
            all.extend(properties(id));
            feature(geometry, all)
        }),
    )
}

/// The region `id` of `data`.
///
/// # Errors
///
/// [`Error::InvalidValue`] (field `regions`) when there is none.
fn region_of(data: &Dataset, id: RegionId) -> Result<&Region, Error> {
    data.region(id)
        .ok_or_else(|| Error::invalid("regions", "ids of regions in the dataset", id.to_string()))
}

/// Checks that every one of `regions` is in `data` and at the level of
/// `keys`, a single place key: a table by admin1 has rows for regions of
/// level 1 alone, and would give any other region no incidents.
///
/// # Errors
///
/// [`Error::InvalidValue`] (field `regions`) for the first region that is
/// not in `data` or not at the key's level.
fn check_levels(data: &Dataset, regions: &[RegionId], keys: &[Key]) -> Result<(), Error> {
    let (level, expected) = match keys {
        [Key::Country] => (0, "regions at level 0, as the table is grouped by country"),
        [Key::Admin1] => (1, "regions at level 1, as the table is grouped by admin1"),
        [Key::Admin2] => (2, "regions at level 2, as the table is grouped by admin2"),
        [Key::Admin3] => (3, "regions at level 3, as the table is grouped by admin3"),
        _ => return Ok(()),
    };
    for &id in regions {
        let region = region_of(data, id)?;
        if region.level().get() != level {
            return Err(Error::InvalidValue {
                field: "regions",
                expected,
                found: format!("{id} ({}) at level {}", region.name(), region.level().get()),
            });
        }
    }
    Ok(())
}

/// The row of each region in `table`, by region index.
fn rows_by_region<'t>(data: &Dataset, table: &'t Table) -> Result<Vec<Option<&'t Row>>, Error> {
    if !matches!(
        table.keys(),
        [Key::Country | Key::Admin1 | Key::Admin2 | Key::Admin3 | Key::Region]
    ) {
        return Err(Error::InvalidValue {
            field: "table",
            expected: "a table grouped by one place key alone: country, admin1, admin2, admin3 \
                       or region",
            found: format!("keys {:?}", table.keys()),
        });
    }
    let mut rows = vec![None; data.regions().len()];
    for row in table.rows() {
        if let [KeyValue::Region(id)] = row.keys()
            && let Some(slot) = rows.get_mut(id.index())
        {
            *slot = Some(row);
        }
    }
    Ok(rows)
}

/// The measures of `row`; those of no incidents without one.
fn measures(row: Option<&Row>, distinct: bool) -> Map<String, Value> {
    let none = EstimateSum::new();
    let mut out = Map::new();
    out.insert("events".into(), row.map_or(0, Row::events).into());
    for (name, sum) in [
        ("fatalities", row.map_or(none, Row::fatalities)),
        ("injured", row.map_or(none, Row::injured)),
        ("abducted", row.map_or(none, Row::abducted)),
    ] {
        out.insert(format!("{name}_low"), sum.low().into());
        out.insert(format!("{name}_best"), sum.best().into());
        out.insert(format!("{name}_high"), sum.high().into());
    }
    out.insert("first".into(), row.map(|r| r.first().to_string()).into());
    out.insert("last".into(), row.map(|r| r.last().to_string()).into());
    if distinct {
        out.insert(
            "distinct_groups".into(),
            row.and_then(Row::distinct_groups).unwrap_or(0).into(),
        );
    }
    out
}

/// A feature of `geometry` and `properties`.
fn feature(geometry: Option<Geometry>, properties: Map<String, Value>) -> Feature {
    Feature {
        bbox: None,
        geometry,
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}

/// The point of `location`, `[longitude, latitude]`.
fn point(location: &Location) -> Geometry {
    Geometry::new(geojson::Value::from(&location.point()))
}

/// `name` of region `id`, or `null`.
fn region_name(data: &Dataset, id: Option<RegionId>) -> Value {
    id.and_then(|id| data.region(id))
        .map(|r| Value::from(r.name()))
        .unwrap_or(Value::Null)
}

/// `country`, `admin1`, `admin2` and `admin3`: the names of `region` and
/// its ancestors at each level.
fn place_names(out: &mut Map<String, Value>, data: &Dataset, region: RegionId) {
    for (key, level) in [
        ("country", AdminLevel::COUNTRY),
        ("admin1", AdminLevel::ADMIN1),
        ("admin2", AdminLevel::ADMIN2),
        ("admin3", AdminLevel::ADMIN3),
    ] {
        out.insert(
            key.into(),
            region_name(data, data.ancestor_at(region, level)),
        );
    }
}

/// Every external id as `scheme:value`.
fn external_ids(ids: &[crate::ExternalId]) -> Value {
    ids.iter().map(ToString::to_string).collect()
}

/// The properties of `incident`; see [`write_incidents`].
fn incident_properties(data: &Dataset, incident: &Incident) -> Map<String, Value> {
    let mut out = Map::new();
    let acled = incident
        .external_ids()
        .iter()
        .find(|id| id.scheme() == IdScheme::Acled)
        .map(|id| id.value());
    out.insert("event_id_cnty".into(), acled.into());
    out.insert("external_ids".into(), external_ids(incident.external_ids()));
    let when = incident.when();
    out.insert("start".into(), when.start().to_string().into());
    out.insert("end".into(), when.end().to_string().into());
    out.insert("time_precision".into(), when.precision().token().into());
    out.insert("event_type".into(), incident.event_type().label().into());
    out.insert(
        "sub_event_type".into(),
        incident.sub_event_type().label().into(),
    );
    for (key, side, role) in [
        ("actor1", Side::A, Role::Principal),
        ("assoc_actor_1", Side::A, Role::Associated),
        ("actor2", Side::B, Role::Principal),
        ("assoc_actor_2", Side::B, Role::Associated),
    ] {
        let names: Vec<&str> = incident
            .actors()
            .iter()
            .filter(|a| a.side() == side && a.role() == role)
            .filter_map(|a| data.group(a.group()))
            .map(crate::Group::name)
            .collect();
        let joined = (!names.is_empty()).then(|| names.join("; "));
        out.insert(key.into(), joined.into());
    }
    place_names(&mut out, data, incident.region());
    let location = incident.location();
    out.insert("location".into(), location.and_then(Location::place).into());
    out.insert(
        "geo_precision".into(),
        location.map(|l| l.precision().token()).into(),
    );
    let fatalities = incident.figure(crate::Quantity::Fatalities);
    out.insert("fatalities_low".into(), fatalities.low().into());
    out.insert("fatalities_best".into(), fatalities.best().into());
    out.insert("fatalities_high".into(), fatalities.high().into());
    out.insert(
        "civilian_targeting".into(),
        incident.civilians_targeted().into(),
    );
    out.insert("notes".into(), incident.notes().into());
    out
}

/// The properties of `site`; see [`write_sites`].
fn site_properties(data: &Dataset, site: &Site) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("name".into(), site.name().into());
    out.insert("kind".into(), site.kind().label().into());
    out.insert(
        "products".into(),
        site.products().iter().map(|p| Value::from(&**p)).collect(),
    );
    let operator = site.operated_by();
    out.insert(
        "operator".into(),
        operator.map(crate::Operator::name).into(),
    );
    out.insert(
        "operator_nationality".into(),
        operator
            .and_then(crate::Operator::country)
            .map(|c| c.as_str().to_owned())
            .into(),
    );
    out.insert("region".into(), region_name(data, Some(site.region())));
    place_names(&mut out, data, site.region());
    out.insert("external_ids".into(), external_ids(site.external_ids()));
    out
}

/// The properties every region has; see [`write_regions`].
fn region_properties(data: &Dataset, region: &Region) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("name".into(), region.name().into());
    out.insert("level".into(), region.level().get().into());
    out.insert("pcode".into(), region.place_code().into());
    out.insert("parent".into(), region_name(data, region.parent_id()));
    out
}

/// Writes `features` to `output` as one FeatureCollection.
fn write_features(
    output: impl Write,
    features: impl Iterator<Item = Feature>,
) -> Result<(), Error> {
    let mut buffered = BufWriter::new(output);
    {
        let mut writer = FeatureWriter::from_writer(&mut buffered);
        for feature in features {
            writer.write_feature(&feature).map_err(output_error)?;
        }
        writer.finish().map_err(output_error)?;
    }
    buffered.flush().map_err(|e| write_error("output", e))
}

/// [`Error::Io`] for a failure of `geojson`'s writer.
fn output_error(e: geojson::Error) -> Error {
    let io = match e {
        geojson::Error::Io(io) => io,
        geojson::Error::MalformedJson(json) => json.into(),
        other => std::io::Error::other(other.to_string()),
    };
    write_error("output", io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Period;
    use crate::{DatasetBuilder, DateSpan, SubEventType};
    use geo_types::{LineString, MultiPolygon, Polygon};
    use time::macros::date;

    fn mli() -> Result<crate::CountryCode, Error> {
        "MLI".parse()
    }

    fn written(write: impl FnOnce(&mut Vec<u8>) -> Result<(), Error>) -> Result<String, Error> {
        let mut out = Vec::new();
        write(&mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn an_empty_collection_is_still_a_collection() -> Result<(), Error> {
        let data = DatasetBuilder::new().build()?;
        assert_eq!(
            written(|out| write_sites(out, &data))?,
            r#"{ "type": "FeatureCollection", "features": []}"#
        );
        Ok(())
    }

    #[test]
    fn a_region_is_written_counter_clockwise_with_its_names() -> Result<(), Error> {
        let mut b = DatasetBuilder::new();
        let mali = b.add_region(Region::country("Mali", mli()?));
        // Clockwise, as many boundary files have it.
        let clockwise = LineString::from(vec![(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.0, 0.0)]);
        let kayes = b.add_region(
            Region::new("Kayes", mli()?, AdminLevel::ADMIN1)
                .parent(mali)
                .pcode("ML01")
                .geometry(MultiPolygon::new(vec![Polygon::new(clockwise, vec![])])),
        );
        let data = b.build()?;
        assert_eq!(
            written(|out| write_regions(out, &data, &[kayes, mali], None))?,
            concat!(
                r#"{ "type": "FeatureCollection", "features": ["#,
                r#"{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0.0,0.0],[1.0,1.0],[0.0,1.0],[0.0,0.0]]]]},"#,
                r#""properties":{"level":1,"name":"Kayes","parent":"Mali","pcode":"ML01"}},"#,
                r#"{"type":"Feature","geometry":null,"properties":{"level":0,"name":"Mali","parent":null,"pcode":null}}"#,
                "]}"
            )
        );
        Ok(())
    }

    #[test]
    fn only_a_table_by_one_place_key_makes_a_choropleth() -> Result<(), Error> {
        let mut b = DatasetBuilder::new();
        let mali = b.add_region(Region::country("Mali", mli()?));
        b.add_incident(
            crate::Incident::builder(
                SubEventType::Attack,
                DateSpan::day(date!(2026 - 01 - 10)),
                mali,
            )
            .build(),
        );
        let data = b.build()?;
        let by_week = data
            .query()
            .group_by(Key::Country)
            .group_by(Key::Period(Period::IsoWeek))
            .run();
        let mut out = Vec::new();
        assert_eq!(
            write_regions(&mut out, &data, &[mali], Some(&by_week)).map_err(|e| e.to_string()),
            Err(
                "table: expected a table grouped by one place key alone: country, admin1, \
                 admin2, admin3 or region, found keys [Country, Period(IsoWeek)]"
                    .into()
            )
        );
        assert_eq!(
            write_regions(&mut out, &data, &[RegionId::new(4)], None).map_err(|e| e.to_string()),
            Err("regions: expected ids of regions in the dataset, found region #4".into())
        );
        assert_eq!(
            write_incidents(&mut out, &data, &[IncidentId::new(1)]).map_err(|e| e.to_string()),
            Err("ids: expected ids of incidents in the dataset, found incident #1".into())
        );
        assert_eq!(out, b"");
        Ok(())
    }

    #[test]
    fn measures_of_no_incidents_are_zero() {
        let json = Value::Object(measures(None, true));
        assert_eq!(
            json,
            serde_json::json!({
                "events": 0,
                "fatalities_low": 0, "fatalities_best": 0, "fatalities_high": 0,
                "injured_low": 0, "injured_best": 0, "injured_high": 0,
                "abducted_low": 0, "abducted_best": 0, "abducted_high": 0,
                "first": null, "last": null, "distinct_groups": 0,
            })
        );
        assert!(!measures(None, false).contains_key("distinct_groups"));
    }

    #[test]
    fn a_failing_output_is_an_io_error() -> Result<(), Error> {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Err(std::io::Error::other("disk full"))
            }
        }
        let data = DatasetBuilder::new().build()?;
        let err = write_sites(Broken, &data).map_err(|e| e.to_string());
        assert_eq!(err, Err("cannot write output".into()));
        Ok(())
    }
}
