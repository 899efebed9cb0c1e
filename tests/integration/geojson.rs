//! GeoJSON: Mali's regions and cercles read from their boundary files
//! into a hierarchy, every refused geometry with its message, and
//! incidents, sites and regions written out and read back.

use conflict_events::io::geojson::{self, BoundaryLayer};
use conflict_events::query::Key;
use conflict_events::{
    Actor, AdminLevel, Confidence, Dataset, DatasetBuilder, DateSpan, Error, Estimate, ExternalId,
    GeoPrecision, Group, GroupKind, IdScheme, Incident, Location, Operator, Quantity, Region,
    RegionId, Role, Side, Site, SiteKind, SubEventType, TimePrecision,
};
use geo::{Orient, Winding, orient::Direction};
use geo_types::{LineString, MultiPolygon, Polygon};
use serde_json::{Value, json};
use time::macros::date;

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/// Who's On First's nine regions of Mali.
const MALI_ADM1: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/geojson/mali-adm1.geojson"
);

/// OCHA's fifty cercles of Mali.
const MALI_ADM2: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/geojson/mali-adm2.geojson"
);

use crate::fixtures::{cercles_layer, regions_layer};

/// Mali, its regions and its cercles, loaded from the two fixtures.
struct Mali {
    builder: DatasetBuilder,
    country: RegionId,
    regions: Vec<RegionId>,
    cercles: Vec<RegionId>,
}

fn mali() -> Mali {
    let mut builder = DatasetBuilder::new();
    let country = builder.add_region(Region::country("Mali", "MLI".parse().unwrap()));
    let regions =
        geojson::read_regions_path(MALI_ADM1, &regions_layer(country), &mut builder).unwrap();
    let cercles =
        geojson::read_regions_path(MALI_ADM2, &cercles_layer(country), &mut builder).unwrap();
    Mali {
        builder,
        country,
        regions,
        cercles,
    }
}

/// Every cercle in file order: name, p-code and the name of its region.
const CERCLES: [(&str, &str, &str); 50] = [
    ("Bamako", "ML0901", "Bamako"),
    ("Ansongo", "ML0701", "Gao"),
    ("Bourem", "ML0702", "Gao"),
    ("Gao", "ML0703", "Gao"),
    ("Menaka", "ML0704", "Gao"),
    ("Bafoulabe", "ML0101", "Kayes"),
    ("Diema", "ML0102", "Kayes"),
    ("Kayes", "ML0103", "Kayes"),
    ("Kenieba", "ML0104", "Kayes"),
    ("Kita", "ML0105", "Kayes"),
    ("Nioro", "ML0106", "Kayes"),
    ("Yelimane", "ML0107", "Kayes"),
    ("Abeibara", "ML0801", "Kidal"),
    ("Kidal", "ML0802", "Kidal"),
    ("Tessalit", "ML0803", "Kidal"),
    ("Tin-Essako", "ML0804", "Kidal"),
    ("Banamba", "ML0201", "Koulikoro"),
    ("Dioila", "ML0202", "Koulikoro"),
    ("Kangaba", "ML0203", "Koulikoro"),
    ("Kati", "ML0204", "Koulikoro"),
    ("Kolokani", "ML0205", "Koulikoro"),
    ("Koulikoro", "ML0206", "Koulikoro"),
    ("Nara", "ML0207", "Koulikoro"),
    ("Bandiagara", "ML0501", "Mopti"),
    ("Bankass", "ML0502", "Mopti"),
    ("Djenne", "ML0503", "Mopti"),
    ("Douentza", "ML0504", "Mopti"),
    ("Koro", "ML0505", "Mopti"),
    ("Mopti", "ML0506", "Mopti"),
    ("Tenenkou", "ML0507", "Mopti"),
    ("Youwarou", "ML0508", "Mopti"),
    ("Baroueli", "ML0401", "Ségou"),
    ("Bla", "ML0402", "Ségou"),
    ("Macina", "ML0403", "Ségou"),
    ("Niono", "ML0404", "Ségou"),
    ("San", "ML0405", "Ségou"),
    ("Segou", "ML0406", "Ségou"),
    ("Tominian", "ML0407", "Ségou"),
    ("Bougouni", "ML0301", "Sikasso"),
    ("Kadiolo", "ML0302", "Sikasso"),
    ("Kolondieba", "ML0303", "Sikasso"),
    ("Koutiala", "ML0304", "Sikasso"),
    ("Sikasso", "ML0305", "Sikasso"),
    ("Yanfolila", "ML0306", "Sikasso"),
    ("Yorosso", "ML0307", "Sikasso"),
    ("Dire", "ML0601", "Timbuktu"),
    ("Goundam", "ML0602", "Timbuktu"),
    ("Gourma-Rharous", "ML0603", "Timbuktu"),
    ("Niafunke", "ML0604", "Timbuktu"),
    ("Tombouctou", "ML0605", "Timbuktu"),
];

fn region(builder: &DatasetBuilder, id: RegionId) -> &Region {
    &builder.regions()[id.index()]
}

fn parse(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

// ---------------------------------------------------------------------------
// Reading boundaries
// ---------------------------------------------------------------------------

#[test]
fn mali_regions_load_under_the_country_with_their_french_names() {
    let Mali {
        builder,
        country,
        regions,
        ..
    } = mali();
    let loaded: Vec<(&str, Vec<&str>)> = regions
        .iter()
        .map(|&id| {
            let r = region(&builder, id);
            assert_eq!(r.level(), AdminLevel::ADMIN1);
            assert_eq!(r.parent_id(), Some(country));
            assert_eq!(r.country_code().as_str(), "MLI");
            assert_eq!(r.place_code(), None);
            (r.name(), r.aliases().iter().map(|a| &**a).collect())
        })
        .collect();
    // An alias that repeats the name is left out.
    assert_eq!(
        loaded,
        [
            ("Bamako", vec![]),
            ("Gao", vec![]),
            ("Kayes", vec![]),
            ("Kidal", vec![]),
            ("Koulikoro", vec![]),
            ("Mopti", vec![]),
            ("Sikasso", vec![]),
            ("Ségou", vec![]),
            ("Timbuktu", vec!["Tombouctou"]),
        ]
    );
    assert_eq!(
        regions.iter().map(|id| id.as_u32()).collect::<Vec<_>>(),
        (1..=9).collect::<Vec<_>>()
    );
    // Koulikoro surrounds Bamako: one polygon with a hole.
    let koulikoro = region(&builder, regions[4]).boundary().unwrap();
    assert_eq!(koulikoro.0.len(), 1);
    assert_eq!(koulikoro.0[0].exterior().0.len(), 1487);
    assert_eq!(koulikoro.0[0].interiors().len(), 1);
    assert_eq!(koulikoro.0[0].interiors()[0].0.len(), 99);
    let bamako = region(&builder, regions[0]).boundary().unwrap();
    assert_eq!(
        (bamako.0[0].exterior().0[0].x, bamako.0[0].exterior().0[0].y),
        (-8.079529, 12.594727)
    );
}

#[test]
fn every_cercle_hangs_under_its_region() {
    let Mali {
        builder,
        regions,
        cercles,
        ..
    } = mali();
    let loaded: Vec<(&str, &str, &str)> = cercles
        .iter()
        .map(|&id| {
            let r = region(&builder, id);
            assert_eq!(r.level(), AdminLevel::ADMIN2);
            assert_eq!(r.country_code().as_str(), "MLI");
            assert!(r.aliases().is_empty());
            let parent = region(&builder, r.parent_id().unwrap());
            (r.name(), r.place_code().unwrap(), parent.name())
        })
        .collect();
    assert_eq!(loaded, CERCLES);
    assert_eq!(cercles[0].as_u32(), 10);

    let bafoulabe = region(&builder, cercles[5]);
    assert_eq!(bafoulabe.name(), "Bafoulabe");
    assert_eq!(bafoulabe.place_code(), Some("ML0101"));
    assert_eq!(bafoulabe.parent_id(), Some(regions[2]));
    assert_eq!(region(&builder, regions[2]).name(), "Kayes");

    // "Tombouctou" in the cercles' file is WOF's "Timbuktu"; "Segou" is "Ségou".
    let under = |name: &str| -> Vec<&str> {
        cercles
            .iter()
            .map(|&id| region(&builder, id))
            .filter(|r| region(&builder, r.parent_id().unwrap()).name() == name)
            .map(Region::name)
            .collect()
    };
    assert_eq!(
        under("Timbuktu"),
        [
            "Dire",
            "Goundam",
            "Gourma-Rharous",
            "Niafunke",
            "Tombouctou"
        ]
    );
    assert_eq!(
        under("Ségou"),
        [
            "Baroueli", "Bla", "Macina", "Niono", "San", "Segou", "Tominian"
        ]
    );
    assert_eq!(under("Kayes").len(), 7);
    assert_eq!(under("Bamako"), ["Bamako"]);

    // Kati surrounds Bamako too.
    let kati = region(&builder, cercles[19]).boundary().unwrap();
    assert_eq!(kati.0[0].interiors().len(), 1);
    let bamako = region(&builder, cercles[0]).boundary().unwrap();
    assert_eq!(
        (bamako.0[0].exterior().0[0].x, bamako.0[0].exterior().0[0].y),
        (-7.929383644999954, 12.681709137000048)
    );
}

#[test]
fn the_loaded_hierarchy_builds_into_a_dataset() {
    let Mali {
        builder,
        country,
        regions,
        cercles,
    } = mali();
    let data = builder.build().unwrap();
    assert_eq!(data.regions().len(), 60);
    assert_eq!(data.children(country), regions.as_slice());
    assert_eq!(data.children(regions[2]), &cercles[5..12]);
    assert_eq!(data.children(regions[8]), &cercles[45..50]);
    assert_eq!(
        data.ancestor_at(cercles[49], AdminLevel::ADMIN1),
        Some(regions[8])
    );
    assert_eq!(
        data.find_regions("Bafoulabe").collect::<Vec<_>>(),
        [cercles[5]]
    );
}

/// A builder with Mali (0), Kayes (1, p-code ML01) and Gao (2), and
/// Burkina Faso (3) with its Sahel (4).
fn sahel() -> (DatasetBuilder, RegionId) {
    let mut builder = DatasetBuilder::new();
    let mli = "MLI".parse().unwrap();
    let bfa = "BFA".parse().unwrap();
    let mali = builder.add_region(Region::country("Mali", mli));
    builder.add_region(
        Region::new("Kayes", mli, AdminLevel::ADMIN1)
            .parent(mali)
            .pcode("ML01"),
    );
    builder.add_region(Region::new("Gao", mli, AdminLevel::ADMIN1).parent(mali));
    let burkina = builder.add_region(Region::country("Burkina Faso", bfa));
    builder.add_region(Region::new("Sahel", bfa, AdminLevel::ADMIN1).parent(burkina));
    (builder, mali)
}

/// A FeatureCollection of `features`.
fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features.join(", ")
    )
}

/// A feature with `properties` and `geometry`, both JSON text.
fn feature(properties: &str, geometry: &str) -> String {
    format!(r#"{{"type": "Feature", "properties": {properties}, "geometry": {geometry}}}"#)
}

/// A good boundary.
const SQUARE: &str = r#"{"type": "Polygon", "coordinates": [[[-11, 13], [-10, 13], [-10, 14], [-11, 14], [-11, 13]]]}"#;

/// A cercle of Kayes named `name`, with a good square boundary.
fn cercle(name: &str) -> String {
    feature(&format!(r#"{{"adm2": "{name}", "adm1": "Kayes"}}"#), SQUARE)
}

/// A cercle of Kayes called Bafoulabe with the Polygon `coordinates`.
fn bafoulabe(coordinates: &str) -> String {
    feature(
        r#"{"adm2": "Bafoulabe", "adm1": "Kayes"}"#,
        &format!(r#"{{"type": "Polygon", "coordinates": {coordinates}}}"#),
    )
}

/// Reads `json` as cercles under Mali; the error as text. The builder
/// must be unchanged on error.
fn read(json: &str) -> Result<Vec<RegionId>, String> {
    read_into(sahel(), json)
}

fn read_into(
    (mut builder, mali): (DatasetBuilder, RegionId),
    json: &str,
) -> Result<Vec<RegionId>, String> {
    let before = builder.clone();
    let layer = BoundaryLayer::new(AdminLevel::ADMIN2, "adm2")
        .parent("adm1")
        .under(mali);
    let result = geojson::read_regions(json.as_bytes(), &layer, &mut builder);
    if result.is_err() {
        assert_eq!(builder, before, "a refused file changes nothing");
    }
    result.map_err(|e| e.to_string())
}

#[test]
fn good_cercles_are_read() {
    assert_eq!(
        read(&collection(&[cercle("Bafoulabe"), cercle("Kita")])),
        Ok(vec![RegionId::new(5), RegionId::new(6)])
    );
    // By p-code, and with a unit word.
    let coded = feature(
        r#"{"adm2": "Kita", "adm1": "ml01"}"#,
        r#"{"type": "MultiPolygon", "coordinates": [[[[-11, 13], [-10, 13], [-10, 14], [-11, 13]]]]}"#,
    );
    let worded = feature(
        r#"{"adm2": "Ansongo", "adm1": "Région de Gao"}"#,
        r#"{"type": "Polygon", "coordinates": [[[0, 15], [1, 15], [1, 16], [0, 15]]]}"#,
    );
    let (mut builder, mali) = sahel();
    let layer = BoundaryLayer::new(AdminLevel::ADMIN2, "adm2")
        .parent("adm1")
        .under(mali);
    let ids = geojson::read_regions(
        collection(&[coded, worded]).as_bytes(),
        &layer,
        &mut builder,
    )
    .unwrap();
    let parents: Vec<&str> = ids
        .iter()
        .map(|&id| region(&builder, region(&builder, id).parent_id().unwrap()).name())
        .collect();
    assert_eq!(parents, ["Kayes", "Gao"]);
}

#[test]
fn without_a_parent_property_the_under_region_is_the_parent() {
    let (mut builder, _) = sahel();
    let kayes = RegionId::new(1);
    let layer = BoundaryLayer::new(AdminLevel::ADMIN2, "adm2").under(kayes);
    let ids = geojson::read_regions(
        collection(&[cercle("Bafoulabe")]).as_bytes(),
        &layer,
        &mut builder,
    )
    .unwrap();
    let bafoulabe = region(&builder, ids[0]);
    assert_eq!(bafoulabe.parent_id(), Some(kayes));
    assert_eq!(bafoulabe.country_code().as_str(), "MLI");
}

#[test]
fn the_deepest_level_that_has_the_name_gives_the_parent() {
    // Kayes the region (1) and Kayes the cercle (5): communes of "Kayes"
    // belong to the cercle.
    let (mut builder, mali) = sahel();
    let mli = "MLI".parse().unwrap();
    let cercle =
        builder.add_region(Region::new("Kayes", mli, AdminLevel::ADMIN2).parent(RegionId::new(1)));
    let layer = BoundaryLayer::new(AdminLevel::ADMIN3, "adm3")
        .parent("adm2")
        .under(mali);
    let json = collection(&[feature(
        r#"{"adm3": "Khasso", "adm2": "Kayes"}"#,
        r#"{"type": "Polygon", "coordinates": [[[-11, 14], [-10, 14], [-10, 15], [-11, 14]]]}"#,
    )]);
    let ids = geojson::read_regions(json.as_bytes(), &layer, &mut builder).unwrap();
    assert_eq!(region(&builder, ids[0]).parent_id(), Some(cercle));
}

#[test]
fn every_refused_feature_has_its_message() {
    let cases: [(String, &str); 14] = [
        (
            collection(&[bafoulabe(
                "[[[-10.8, 13.8], [-10.7, 13.8], [-10.7, 13.9], [-10.75, 13.9], [-10.7, 13.9]]]",
            )]),
            "feature 0 (\"Bafoulabe\"): ring 0 of polygon 0 is not closed: expected the last \
             position to repeat the first, [-10.8, 13.8], found [-10.7, 13.9]",
        ),
        (
            collection(&[bafoulabe("[[[-10.8, 13.8], [-10.7, 13.8], [-10.8, 13.8]]]")]),
            "feature 0 (\"Bafoulabe\"): ring 0 of polygon 0: expected at least 4 positions, \
             found 3",
        ),
        (
            collection(&[
                cercle("Kita"),
                bafoulabe("[[[-10.8, 13.8], [-10.7, 1e999], [-10.7, 13.9], [-10.8, 13.8]]]"),
            ]),
            "feature 1 (\"Bafoulabe\"): number out of range at line 1 column 371",
        ),
        (
            collection(&[bafoulabe(
                "[[[-10.8, 13.8], [189.5, 13.8], [-10.7, 13.9], [-10.8, 13.8]]]",
            )]),
            "feature 0 (\"Bafoulabe\"): position 1 of ring 0 of polygon 0: expected a longitude \
             in [-180, 180], found 189.5",
        ),
        (
            collection(&[bafoulabe(
                "[[[-10.8, 13.8], [-10.7], [-10.7, 13.9], [-10.8, 13.8]]]",
            )]),
            "feature 0 (\"Bafoulabe\"): position 1 of ring 0 of polygon 0: expected an array of \
             at least 2 numbers, found [-10.7]",
        ),
        (
            collection(&[bafoulabe("[]")]),
            "feature 0 (\"Bafoulabe\"): polygon 0: expected at least one ring, found none",
        ),
        (
            collection(&[feature(
                r#"{"adm2": "Bafoulabe", "adm1": "Kayes"}"#,
                r#"{"type": "Point", "coordinates": [-10.8, 13.8]}"#,
            )]),
            "feature 0 (\"Bafoulabe\"): expected a Polygon or MultiPolygon geometry, found Point",
        ),
        (
            collection(&[feature(r#"{"adm2": "Bafoulabe", "adm1": "Kayes"}"#, "null")]),
            "feature 0 (\"Bafoulabe\"): expected a Polygon or MultiPolygon geometry, found null",
        ),
        (
            collection(&[cercle("Kita"), feature(r#"{"name": "Bafoulabe"}"#, SQUARE)]),
            "feature 1: expected a name in property \"adm2\", found no such property",
        ),
        (
            collection(&[feature(r#"{"adm2": "Bafoulabe", "adm1": "Sahel"}"#, SQUARE)]),
            "feature 0 (\"Bafoulabe\"): expected property \"adm1\" to name a region under \
             \"Mali\" above admin2, found \"Sahel\", which names none",
        ),
        (
            collection(&[feature(r#"{"adm2": "Bafoulabe"}"#, SQUARE)]),
            "feature 0 (\"Bafoulabe\"): expected the parent's name in property \"adm1\", found \
             no such property",
        ),
        (
            collection(&[
                cercle("Bafoulabe"),
                cercle("Kita"),
                cercle("Bafoulabé cercle"),
            ]),
            "feature 2 (\"Bafoulabé cercle\"): expected one feature per name under \"Kayes\", \
             but feature 0 (\"Bafoulabe\") has the same name",
        ),
        (
            r#"{"type": "Feature", "properties": {}, "geometry": null}"#.to_owned(),
            "GeoJSON: expected type \"FeatureCollection\", found \"Feature\"",
        ),
        (
            collection(&[cercle("Kita").replace("\"Feature\"", "\"Point\"")]),
            "feature 0 (\"Kita\"): expected type \"Feature\", found \"Point\"",
        ),
    ];
    for (json, message) in cases {
        assert_eq!(read(&json), Err(message.to_owned()), "{json}");
    }
}

#[test]
fn a_parent_named_twice_at_one_level_is_ambiguous() {
    let (mut builder, mali) = sahel();
    let mli = "MLI".parse().unwrap();
    builder.add_region(Region::new("Kayes Region", mli, AdminLevel::ADMIN1).parent(mali));
    assert_eq!(
        read_into((builder, mali), &collection(&[cercle("Bafoulabe")])),
        Err(
            "feature 0 (\"Bafoulabe\"): expected property \"adm1\" to name one region, found \
             \"Kayes\", which names 2 at admin1: \"Kayes\" (region #1), \"Kayes Region\" \
             (region #5)"
                .to_owned()
        )
    );
}

#[test]
fn a_layer_must_say_where_it_lies() {
    let (mut builder, _) = sahel();
    let json = collection(&[cercle("Bafoulabe")]);
    let nowhere = BoundaryLayer::new(AdminLevel::ADMIN2, "adm2");
    assert_eq!(
        geojson::read_regions(json.as_bytes(), &nowhere, &mut builder).map_err(|e| e.to_string()),
        Err(
            "under: expected the region the layer's features lie in, set with \
             BoundaryLayer::under, found none"
                .to_owned()
        )
    );
    let too_high = BoundaryLayer::new(AdminLevel::ADMIN1, "adm2").under(RegionId::new(1));
    assert_eq!(
        geojson::read_regions(json.as_bytes(), &too_high, &mut builder).map_err(|e| e.to_string()),
        Err(
            "level: expected an admin level below that of the region the layer lies under, \
             found admin1 under \"Kayes\" (admin1)"
                .to_owned()
        )
    );
    let missing = BoundaryLayer::new(AdminLevel::ADMIN2, "adm2").under(RegionId::new(40));
    assert!(matches!(
        geojson::read_regions(json.as_bytes(), &missing, &mut builder),
        Err(Error::InvalidValue { field: "under", .. })
    ));
    assert!(matches!(
        geojson::read_regions_path("no/such/file.geojson", &nowhere, &mut builder),
        Err(Error::Io { action: "read", .. })
    ));
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

#[test]
fn cercles_written_and_read_back_are_the_same_cercles() {
    let Mali {
        builder,
        country,
        cercles,
        ..
    } = mali();
    let data = builder.build().unwrap();
    let mut out = Vec::new();
    geojson::write_regions(&mut out, &data, &cercles, None).unwrap();

    // Read back under the same regions, by the properties just written.
    let mut again = DatasetBuilder::new();
    let mali2 = again.add_region(Region::country("Mali", "MLI".parse().unwrap()));
    geojson::read_regions_path(MALI_ADM1, &regions_layer(mali2), &mut again).unwrap();
    let layer = BoundaryLayer::new(AdminLevel::ADMIN2, "name")
        .code("pcode")
        .parent("parent")
        .under(mali2);
    let read = geojson::read_regions(out.as_slice(), &layer, &mut again).unwrap();
    assert_eq!(read.len(), 50);
    assert_eq!(country, mali2);
    for (&written, &back) in cercles.iter().zip(&read) {
        let (w, b) = (&data.regions()[written.index()], region(&again, back));
        assert_eq!(b.name(), w.name());
        assert_eq!(b.place_code(), w.place_code());
        assert_eq!(b.parent_id(), w.parent_id());
        // The file's rings are clockwise; they come back counter-clockwise,
        // every coordinate the same.
        let original = w.boundary().unwrap();
        assert_ne!(b.boundary(), Some(original));
        assert_eq!(b.boundary(), Some(&original.orient(Direction::Default)));
    }
}

#[test]
fn rings_are_written_by_the_right_hand_rule() {
    let mut b = DatasetBuilder::new();
    let mali = b.add_region(Region::country("Mali", "MLI".parse().unwrap()));
    // Exterior clockwise, hole counter-clockwise: both the wrong way round.
    let exterior = LineString::from(vec![
        (-11.0, 13.0),
        (-11.0, 14.0),
        (-10.0, 14.0),
        (-10.0, 13.0),
        (-11.0, 13.0),
    ]);
    let hole = LineString::from(vec![
        (-10.75, 13.25),
        (-10.25, 13.25),
        (-10.25, 13.75),
        (-10.75, 13.25),
    ]);
    assert!(exterior.is_cw() && hole.is_ccw());
    let kayes = b.add_region(
        Region::new("Kayes", "MLI".parse().unwrap(), AdminLevel::ADMIN1)
            .parent(mali)
            .geometry(MultiPolygon::new(vec![Polygon::new(exterior, vec![hole])])),
    );
    let data = b.build().unwrap();
    let mut out = Vec::new();
    geojson::write_regions(&mut out, &data, &[kayes], None).unwrap();
    assert_eq!(
        parse(&out)["features"][0]["geometry"],
        json!({
            "type": "MultiPolygon",
            "coordinates": [[
                [[-11.0, 13.0], [-10.0, 13.0], [-10.0, 14.0], [-11.0, 14.0], [-11.0, 13.0]],
                [[-10.75, 13.25], [-10.25, 13.75], [-10.25, 13.25], [-10.75, 13.25]]
            ]]
        })
    );
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains("crs"));
}

/// Incidents at known points of known cercles, fatalities given.
fn attacked(mali: Mali) -> (Dataset, Vec<RegionId>) {
    let Mali {
        mut builder,
        regions,
        cercles,
        ..
    } = mali;
    let [bafoulabe, kati, tombouctou] = [cercles[5], cercles[19], cercles[49]];
    let kayes = regions[2];
    for (day, region, lat, lon, dead) in [
        (
            date!(2026 - 01 - 03),
            bafoulabe,
            13.58,
            -10.51,
            Estimate::Exact(2),
        ),
        (
            date!(2026 - 01 - 10),
            bafoulabe,
            13.58,
            -10.51,
            Estimate::AtLeast(5),
        ),
        (
            date!(2026 - 01 - 07),
            bafoulabe,
            13.6,
            -10.5,
            Estimate::Unknown,
        ),
        (date!(2026 - 01 - 05), kati, 12.6, -8.19, Estimate::Exact(1)),
        (
            date!(2026 - 01 - 04),
            tombouctou,
            19.84,
            -3.04,
            Estimate::Exact(0),
        ),
        (
            date!(2026 - 01 - 06),
            tombouctou,
            19.84,
            -3.04,
            Estimate::Exact(4),
        ),
        // Known only to the region: no cercle's row.
        (
            date!(2026 - 01 - 08),
            kayes,
            14.0,
            -10.0,
            Estimate::Exact(9),
        ),
    ] {
        builder.add_incident(
            Incident::builder(SubEventType::Attack, DateSpan::day(day), region)
                .location(Location::new(lat, lon, GeoPrecision::Exact).unwrap())
                .figure(Quantity::Fatalities, dead)
                .build(),
        );
    }
    (builder.build().unwrap(), cercles)
}

#[test]
fn a_choropleth_of_cercles_counts_each_cercles_incidents() {
    let (data, cercles) = attacked(mali());
    let table = data.query().group_by(Key::Admin2).run();
    let mut out = Vec::new();
    geojson::write_regions(&mut out, &data, &cercles, Some(&table)).unwrap();
    let json = parse(&out);
    let features = json["features"].as_array().unwrap();
    assert_eq!(features.len(), 50);
    let events: Vec<(&str, u64)> = features
        .iter()
        .map(|f| &f["properties"])
        .filter(|p| p["events"] != 0)
        .map(|p| (p["name"].as_str().unwrap(), p["events"].as_u64().unwrap()))
        .collect();
    assert_eq!(events, [("Bafoulabe", 3), ("Kati", 1), ("Tombouctou", 2)]);
    assert_eq!(
        features[5]["properties"],
        json!({
            "name": "Bafoulabe", "level": 2, "pcode": "ML0101", "parent": "Kayes",
            "events": 3,
            "fatalities_low": 7, "fatalities_best": 7, "fatalities_high": null,
            "injured_low": 0, "injured_best": 0, "injured_high": null,
            "abducted_low": 0, "abducted_best": 0, "abducted_high": null,
            "first": "2026-01-03", "last": "2026-01-10",
        })
    );
    assert_eq!(
        features[49]["properties"]["fatalities_high"],
        json!(4),
        "Tombouctou's fatalities are all exact"
    );
    assert_eq!(
        features[1]["properties"],
        json!({
            "name": "Ansongo", "level": 2, "pcode": "ML0701", "parent": "Gao",
            "events": 0,
            "fatalities_low": 0, "fatalities_best": 0, "fatalities_high": 0,
            "injured_low": 0, "injured_best": 0, "injured_high": 0,
            "abducted_low": 0, "abducted_best": 0, "abducted_high": 0,
            "first": null, "last": null,
        })
    );
    // Every feature is a closed, counter-clockwise MultiPolygon.
    for f in features {
        assert_eq!(f["geometry"]["type"], "MultiPolygon");
        let exterior = &f["geometry"]["coordinates"][0][0];
        let ring: LineString<f64> = exterior
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect();
        assert!(
            ring.is_closed() && ring.is_ccw(),
            "{}",
            f["properties"]["name"]
        );
    }
}

#[test]
fn a_choropleth_refuses_regions_not_at_the_level_of_its_key() {
    let mali = mali();
    let (country, regions) = (mali.country, mali.regions.clone());
    let (data, cercles) = attacked(mali);
    let by_admin1 = data.query().group_by(Key::Admin1).run();
    let mut out = Vec::new();
    // The country is region #0, its nine regions #1 to #9 and the fifty
    // cercles #10 to #59, each list in file order, Bamako first.
    let outcome = |regions: &[RegionId], key: Key| {
        let table = data.query().group_by(key).run();
        geojson::write_regions(&mut Vec::new(), &data, regions, Some(&table))
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        geojson::write_regions(&mut out, &data, &cercles, Some(&by_admin1))
            .map_err(|e| e.to_string()),
        Err(
            "regions: expected regions at level 1, as the table is grouped by admin1, \
             found region #10 (Bamako) at level 2"
                .to_owned()
        )
    );
    assert_eq!(out, b"");
    // The first region off the key's level is named, after good ones.
    let mixed = [regions[0], regions[1], cercles[5], country];
    assert_eq!(
        outcome(&mixed, Key::Admin1),
        Err(
            "regions: expected regions at level 1, as the table is grouped by admin1, \
             found region #15 (Bafoulabe) at level 2"
                .to_owned()
        )
    );
    assert_eq!(
        outcome(&regions, Key::Admin2),
        Err(
            "regions: expected regions at level 2, as the table is grouped by admin2, \
             found region #1 (Bamako) at level 1"
                .to_owned()
        )
    );
    assert_eq!(
        outcome(&cercles[..1], Key::Country),
        Err(
            "regions: expected regions at level 0, as the table is grouped by country, \
             found region #10 (Bamako) at level 2"
                .to_owned()
        )
    );
    assert_eq!(
        outcome(&[country], Key::Admin3),
        Err(
            "regions: expected regions at level 3, as the table is grouped by admin3, \
             found region #0 (Mali) at level 0"
                .to_owned()
        )
    );
    // An unknown id is still named as such, before any level.
    assert_eq!(
        outcome(&[RegionId::new(60), cercles[0]], Key::Admin1),
        Err("regions: expected ids of regions in the dataset, found region #60".to_owned())
    );
    // A table by region takes regions of any level; each level's own key
    // takes its own.
    assert_eq!(outcome(&mixed, Key::Region), Ok(()));
    assert_eq!(outcome(&regions, Key::Admin1), Ok(()));
    assert_eq!(outcome(&cercles, Key::Admin2), Ok(()));
    assert_eq!(outcome(&[country], Key::Country), Ok(()));
}

#[test]
fn custom_properties_join_the_standard_ones() {
    let (data, cercles) = attacked(mali());
    let mut out = Vec::new();
    geojson::write_regions_with(&mut out, &data, &cercles[5..7], |id| {
        let mut p = serde_json::Map::new();
        p.insert(
            "incidents".into(),
            data.incidents_in_region(id).len().into(),
        );
        p.insert("name".into(), format!("cercle {}", id.as_u32()).into());
        p
    })
    .unwrap();
    let json = parse(&out);
    let properties: Vec<&Value> = json["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["properties"])
        .collect();
    assert_eq!(
        properties,
        [
            &json!({"name": "cercle 15", "level": 2, "pcode": "ML0101", "parent": "Kayes", "incidents": 3}),
            &json!({"name": "cercle 16", "level": 2, "pcode": "ML0102", "parent": "Kayes", "incidents": 0}),
        ]
    );
}

#[test]
fn incidents_are_points_with_their_attributes() {
    let mut b = DatasetBuilder::new();
    let mli = "MLI".parse().unwrap();
    let mali = b.add_region(Region::country("Mali", mli));
    let kayes = b.add_region(Region::new("Kayes", mli, AdminLevel::ADMIN1).parent(mali));
    let bafoulabe = b.add_region(Region::new("Bafoulabe", mli, AdminLevel::ADMIN2).parent(kayes));
    let diamou = b.add_region(Region::new("Diamou", mli, AdminLevel::ADMIN3).parent(bafoulabe));
    let jnim = b.add_group(Group::new("JNIM", GroupKind::Jihadist));
    let katiba = b.add_group(Group::new("Katiba Macina", GroupKind::Jihadist));
    let fama = b.add_group(Group::new("FAMa", GroupKind::StateForces));
    b.add_incident(
        Incident::builder(
            SubEventType::AbductionForcedDisappearance,
            DateSpan::day(date!(2026 - 01 - 12)),
            mali,
        )
        .civilians_targeted(true)
        .external_id(ExternalId::new(IdScheme::UcdpGed, "551234"))
        .build(),
    );
    b.add_incident(
        Incident::builder(
            SubEventType::ArmedClash,
            DateSpan::new(
                date!(2026 - 01 - 10),
                date!(2026 - 01 - 11),
                TimePrecision::Days,
            )
            .unwrap(),
            diamou,
        )
        .location(
            Location::new(13.806512345678913, -10.832198765432112, GeoPrecision::Near)
                .unwrap()
                .with_place("Diamou"),
        )
        .perpetrator(jnim, Confidence::Suspected)
        .actor(Actor::new(
            katiba,
            Side::A,
            Role::Associated,
            Confidence::Claimed,
        ))
        .actor(Actor::new(
            fama,
            Side::B,
            Role::Principal,
            Confidence::Confirmed,
        ))
        .figure(
            Quantity::Fatalities,
            Estimate::range(2, Some(3), 5).unwrap(),
        )
        .external_id(ExternalId::new(IdScheme::Acled, "MLI1234"))
        .external_id(ExternalId::new(IdScheme::UcdpGed, "551233"))
        .notes("Clash near the plant.")
        .build(),
    );
    let data = b.build().unwrap();
    let mut out = Vec::new();
    geojson::write_incidents(&mut out, &data, &data.query().ids()).unwrap();
    assert_eq!(
        parse(&out),
        json!({
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [-10.832198765432112, 13.806512345678913]},
                    "properties": {
                        "event_id_cnty": "MLI1234",
                        "external_ids": ["acled:MLI1234", "ucdp_ged:551233"],
                        "start": "2026-01-10", "end": "2026-01-11", "time_precision": "days",
                        "event_type": "Battles", "sub_event_type": "Armed clash",
                        "actor1": "JNIM", "assoc_actor_1": "Katiba Macina",
                        "actor2": "FAMa", "assoc_actor_2": null,
                        "country": "Mali", "admin1": "Kayes", "admin2": "Bafoulabe", "admin3": "Diamou",
                        "location": "Diamou", "geo_precision": "near",
                        "fatalities_low": 2, "fatalities_best": 3, "fatalities_high": 5,
                        "civilian_targeting": false,
                        "notes": "Clash near the plant.",
                    }
                },
                {
                    "type": "Feature",
                    "geometry": null,
                    "properties": {
                        "event_id_cnty": null,
                        "external_ids": ["ucdp_ged:551234"],
                        "start": "2026-01-12", "end": "2026-01-12", "time_precision": "day",
                        "event_type": "Violence against civilians",
                        "sub_event_type": "Abduction/forced disappearance",
                        "actor1": null, "assoc_actor_1": null, "actor2": null, "assoc_actor_2": null,
                        "country": "Mali", "admin1": null, "admin2": null, "admin3": null,
                        "location": null, "geo_precision": null,
                        "fatalities_low": null, "fatalities_best": null, "fatalities_high": null,
                        "civilian_targeting": true,
                        "notes": null,
                    }
                }
            ]
        })
    );
    // Coordinates keep every digit.
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("[-10.832198765432112,13.806512345678913]"));
}

#[test]
fn sites_are_points_with_their_attributes() {
    let mut b = DatasetBuilder::new();
    let mli = "MLI".parse().unwrap();
    let mali = b.add_region(Region::country("Mali", mli));
    let kayes = b.add_region(Region::new("Kayes", mli, AdminLevel::ADMIN1).parent(mali));
    b.add_site(
        Site::new("Diamou cement plant", SiteKind::IndustrialPlant, kayes)
            .product("cement")
            .product("clinker")
            .operator(Operator::new("Diamond Cement Mali").nationality("IND".parse().unwrap()))
            .location(Location::new(14.09, -11.27, GeoPrecision::Exact).unwrap())
            .external_id(ExternalId::new(IdScheme::Local, "site-7")),
    );
    b.add_site(Site::new("Sadiola", SiteKind::Mine, kayes));
    let data = b.build().unwrap();
    let mut out = Vec::new();
    geojson::write_sites(&mut out, &data).unwrap();
    assert_eq!(
        parse(&out),
        json!({
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [-11.27, 14.09]},
                    "properties": {
                        "name": "Diamou cement plant", "kind": "industrial plant",
                        "products": ["cement", "clinker"],
                        "operator": "Diamond Cement Mali", "operator_nationality": "IND",
                        "region": "Kayes",
                        "country": "Mali", "admin1": "Kayes", "admin2": null, "admin3": null,
                        "external_ids": ["local:site-7"],
                    }
                },
                {
                    "type": "Feature",
                    "geometry": null,
                    "properties": {
                        "name": "Sadiola", "kind": "mine", "products": [],
                        "operator": null, "operator_nationality": null,
                        "region": "Kayes",
                        "country": "Mali", "admin1": "Kayes", "admin2": null, "admin3": null,
                        "external_ids": [],
                    }
                }
            ]
        })
    );
}

#[test]
fn grid_cells_of_a_query_are_squares_with_their_measures() {
    use conflict_events::query::Key;
    use conflict_events::space::KmGrid;
    let mut data = DatasetBuilder::new();
    let mali = data.add_region(Region::country("Mali", "MLI".parse().unwrap()));
    // Two incidents in one 50 km cell, one in another, one with no point.
    for (lat, lon, dead) in [
        (Some(13.81), -10.83, 1),
        (Some(13.82), -10.84, 2),
        (Some(14.45), -11.44, 4),
        (None, 0.0, 8),
    ] {
        let mut b = conflict_events::Incident::builder(
            conflict_events::SubEventType::Attack,
            conflict_events::DateSpan::day(date!(2026 - 01 - 11)),
            mali,
        )
        .figure(
            conflict_events::Quantity::Fatalities,
            conflict_events::Estimate::Exact(dead),
        );
        if let Some(lat) = lat {
            b = b.location(
                conflict_events::Location::new(lat, lon, conflict_events::GeoPrecision::Exact)
                    .unwrap(),
            );
        }
        data.add_incident(b.build());
    }
    let data = data.build().unwrap();
    let grid = KmGrid::new(50).unwrap();
    let table = data.query().group_by(Key::Grid(grid)).run();
    let mut out = Vec::new();
    geojson::write_cells(&mut out, &table).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let features = json["features"].as_array().unwrap();
    assert_eq!(features.len(), 2);
    let mut events = Vec::new();
    for f in features {
        let p = &f["properties"];
        let cell = grid
            .cell(13.81, -10.83)
            .filter(|c| p["row"] == c.row() && p["col"] == c.col());
        events.push((
            cell.is_some(),
            p["events"].clone(),
            p["fatalities_best"].clone(),
        ));
        // A closed counter-clockwise square on the cell's bounds.
        let ring = f["geometry"]["coordinates"][0].as_array().unwrap();
        assert_eq!(ring.len(), 5);
        assert_eq!(ring[0], ring[4]);
        let (x0, y0) = (ring[0][0].as_f64().unwrap(), ring[0][1].as_f64().unwrap());
        let (x1, y1) = (ring[1][0].as_f64().unwrap(), ring[1][1].as_f64().unwrap());
        assert!(
            x1 > x0 && y1 == y0,
            "the first edge runs east along the south"
        );
    }
    events.sort_by_key(|(here, _, _)| !here);
    assert_eq!(
        events,
        [
            (true, serde_json::json!(2), serde_json::json!(3)),
            (false, serde_json::json!(1), serde_json::json!(4)),
        ]
    );
    // Not a grid table.
    let err = geojson::write_cells(&mut Vec::new(), &data.query().group_by(Key::Country).run())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "table: expected a table grouped by one grid key (PRIO-GRID or kilometre cells), found \
         keys [Country]"
    );
}
