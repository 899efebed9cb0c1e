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

/// Mali's regions layer (Who's On First): English names, French ones as
/// aliases.
pub fn regions_layer(
    mali: conflict_events::RegionId,
) -> conflict_events::io::geojson::BoundaryLayer {
    use conflict_events::AdminLevel;
    use conflict_events::io::geojson::BoundaryLayer;
    BoundaryLayer::new(AdminLevel::ADMIN1, "wof:name")
        .alias("name:fra_x_preferred")
        .under(mali)
}

/// Mali's cercles layer (OCHA): p-codes, placed in their region by its
/// French name.
pub fn cercles_layer(
    mali: conflict_events::RegionId,
) -> conflict_events::io::geojson::BoundaryLayer {
    use conflict_events::AdminLevel;
    use conflict_events::io::geojson::BoundaryLayer;
    BoundaryLayer::new(AdminLevel::ADMIN2, "adm2")
        .code("adm2_pcode")
        .parent("adm1")
        .under(mali)
}

/// Mali > its 9 regions (Who's On First, French names as aliases) > its
/// 50 cercles (OCHA, p-codes, hung under their regions by name), from the
/// committed boundary files.
pub fn mali_boundaries() -> Dataset {
    use conflict_events::io::geojson::read_regions_path;
    use conflict_events::{DatasetBuilder, Region};
    let mut data = DatasetBuilder::new();
    let mali = data.add_region(Region::country("Mali", "MLI".parse().unwrap()));
    read_regions_path(
        geojson_path("mali-adm1.geojson"),
        &regions_layer(mali),
        &mut data,
    )
    .unwrap();
    read_regions_path(
        geojson_path("mali-adm2.geojson"),
        &cercles_layer(mali),
        &mut data,
    )
    .unwrap();
    data.build().unwrap()
}
