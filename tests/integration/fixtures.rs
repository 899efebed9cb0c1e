//! Named loaders for test data.

#[path = "../../examples/kayes/scenario.rs"]
mod scenario;

use conflict_events::Dataset;

/// The Kayes industrial attacks, as the main example builds them.
pub fn kayes() -> Dataset {
    scenario::kayes().expect("the Kayes scenario is valid")
}

/// The committed boundary file `name` under `tests/fixtures/geojson`.
pub fn geojson_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/geojson")
        .join(name)
}

/// Mali > its 9 regions (Who's On First, French names as aliases) > its
/// 50 cercles (OCHA, p-codes, hung under their regions by name), from the
/// committed boundary files.
pub fn mali_boundaries() -> Dataset {
    use conflict_events::io::geojson::{BoundaryLayer, read_regions_path};
    use conflict_events::{AdminLevel, DatasetBuilder, Region};
    let mut data = DatasetBuilder::new();
    let mali = data.add_region(Region::country("Mali", "MLI".parse().unwrap()));
    let regions = BoundaryLayer::new(AdminLevel::ADMIN1, "wof:name")
        .alias("name:fra_x_preferred")
        .under(mali);
    read_regions_path(geojson_path("mali-adm1.geojson"), &regions, &mut data).unwrap();
    let cercles = BoundaryLayer::new(AdminLevel::ADMIN2, "adm2")
        .code("adm2_pcode")
        .parent("adm1")
        .under(mali);
    read_regions_path(geojson_path("mali-adm2.geojson"), &cercles, &mut data).unwrap();
    data.build().unwrap()
}
