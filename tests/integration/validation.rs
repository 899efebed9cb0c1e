//! Every validation rule, one test each: a small dataset (or a lone entity,
//! for the rules an entity checks by itself) that breaks exactly that rule,
//! and the one problem it reports, word for word.

use conflict_events::{
    Actor, AdminLevel, Affiliation, AffiliationKind, Blockade, BlockadeId, Commodity, Confidence,
    CountryCode, DatasetBuilder, DateSpan, EntityKind, Error, Estimate, ExternalId, GeoPrecision,
    Group, GroupId, GroupKind, IdScheme, Impact, ImpactKind, Incident, IncidentBuilder, Location,
    Operator, Problem, Quantity, RansomStatus, Region, RegionId, Report, Role, Severity,
    SeverityPeriod, Side, Site, SiteId, SiteKind, Source, SourceKind, SubEventType, Target,
    TargetKind, TimePrecision, Validate, ValidationError,
};
use geo_types::{MultiPolygon, polygon};
use time::Date;
use time::macros::date;

/// Mali's country code.
#[expect(
    clippy::expect_used,
    reason = "a helper, not a test, parsing a literal that is a valid code"
)]
fn mli() -> CountryCode {
    "MLI".parse().expect("MLI is an alpha-3 code")
}

/// A valid start: Mali (region #0), JNIM (group #0) and the Malian armed
/// forces (group #1), current to 12 January 2026.
struct Base {
    data: DatasetBuilder,
    mali: RegionId,
    jnim: GroupId,
}

/// A fresh [`Base`].
fn base() -> Base {
    let mut data = DatasetBuilder::new().as_of(date!(2026 - 01 - 12));
    let mali = data.add_region(Region::country("Mali", mli()));
    let jnim = data.add_group(Group::new("JNIM", GroupKind::Jihadist));
    data.add_group(Group::new("FAMa", GroupKind::StateForces));
    Base { data, mali, jnim }
}

/// Kayes region (admin 1 of Mali), with a rough box as its boundary:
/// longitude -12.5 to -9, latitude 12 to 15.5.
fn kayes(mali: RegionId) -> Region {
    let boundary = polygon![
        (x: -12.5, y: 12.0),
        (x: -9.0, y: 12.0),
        (x: -9.0, y: 15.5),
        (x: -12.5, y: 15.5),
        (x: -12.5, y: 12.0),
    ];
    Region::new("Kayes", mli(), AdminLevel::ADMIN1)
        .parent(mali)
        .geometry(MultiPolygon::new(vec![boundary]))
}

/// JNIM's fuel blockade, open since 3 September 2025.
fn fuel(jnim: GroupId) -> Blockade {
    Blockade::new("Fuel blockade", Commodity::Fuel, date!(2025 - 09 - 03)).imposed_by(jnim)
}

/// The same blockade, lifted on 31 December 2025.
fn lifted_fuel(jnim: GroupId) -> Blockade {
    fuel(jnim).ended(date!(2025 - 12 - 31))
}

/// An attack in `region` on `day`.
fn attack(region: RegionId, day: Date) -> IncidentBuilder {
    Incident::builder(SubEventType::Attack, DateSpan::day(day), region)
}

/// The one problem `entity` finds in itself.
fn alone(entity: &impl Validate) -> ValidationError {
    let errors = entity.validation_errors();
    assert_eq!(errors.len(), 1, "expected one problem, found {errors:#?}");
    errors[0].clone()
}

/// The one problem `data` reports; also checks that `build` refuses it
/// with that problem alone.
fn only_problem(data: DatasetBuilder) -> ValidationError {
    let errors = data.validation_errors();
    assert_eq!(errors.len(), 1, "expected one problem, found {errors:#?}");
    match data.build() {
        Err(Error::Invalid(all)) => assert_eq!(all.as_slice(), errors.as_slice()),
        Err(other) => panic!("expected Error::Invalid, found {other:?}"),
        Ok(_) => panic!("expected Error::Invalid, found a built dataset"),
    }
    errors[0].clone()
}

// Groups.

#[test]
fn group_name_must_not_be_blank() {
    let group = Group::new("  ", GroupKind::Jihadist);
    assert_eq!(alone(&group).to_string(), "group, name: must not be empty");

    let Base { mut data, .. } = base();
    data.add_group(group);
    let error = only_problem(data);
    assert_eq!(error.to_string(), "group #2, name: must not be empty");
    assert_eq!(error.entity(), EntityKind::Group);
    assert_eq!(error.index(), Some(2));
    assert_eq!(error.external_id(), None);
    assert_eq!(error.field(), "name");
    assert_eq!(error.problem(), &Problem::Empty);
}

#[test]
fn group_alias_must_not_be_blank() {
    let Base { mut data, .. } = base();
    data.add_group(
        Group::new("Katiba Macina", GroupKind::Jihadist)
            .alias("FLM")
            .alias(""),
    );
    let error = only_problem(data);
    assert_eq!(error.to_string(), "group #2, aliases[1]: must not be empty");
    assert_eq!(error.problem(), &Problem::Empty);
}

#[test]
fn group_alias_must_not_repeat_a_name() {
    // "jnim" is the group's own name up to case.
    let group = Group::new("JNIM", GroupKind::Jihadist)
        .alias("GSIM")
        .alias("jnim");
    assert_eq!(
        alone(&group).to_string(),
        r#"group, aliases[1]: lists "jnim" more than once"#
    );

    // "Nusrat al Islam" is the second alias up to punctuation.
    let Base { mut data, .. } = base();
    data.add_group(
        Group::new("Jama'at Nusrat al-Islam wal-Muslimin", GroupKind::Jihadist)
            .alias("GSIM")
            .alias("Nusrat al-Islam")
            .alias("Nusrat al Islam")
            .external_id(ExternalId::new(IdScheme::Acled, "JNIM-full")),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        r#"group #2 (acled:JNIM-full), aliases[2]: lists "Nusrat al Islam" more than once"#
    );
    assert_eq!(error.external_id(), Some("acled:JNIM-full"));
    assert_eq!(
        error.problem(),
        &Problem::Duplicate {
            value: r#""Nusrat al Islam""#.into()
        }
    );
}

#[test]
fn affiliation_must_not_end_before_it_starts() {
    let Base { mut data, jnim, .. } = base();
    data.add_group(
        Group::new("Katiba Macina", GroupKind::Jihadist).affiliation(
            Affiliation::new(jnim, AffiliationKind::Faction)
                .since(date!(2017 - 03 - 02))
                .until(date!(2017 - 01 - 01)),
        ),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "group #2, affiliations[0].until: ends on 2017-01-01, before it starts on 2017-03-02"
    );
    assert_eq!(error.field(), "affiliations[0].until");
    assert_eq!(
        error.problem(),
        &Problem::EndBeforeStart {
            start: date!(2017 - 03 - 02),
            end: date!(2017 - 01 - 01),
        }
    );
}

#[test]
fn affiliation_parent_must_exist() {
    let Base { mut data, .. } = base();
    data.add_group(
        Group::new("Katiba Macina", GroupKind::Jihadist)
            .affiliation(Affiliation::new(GroupId::new(5), AffiliationKind::Faction)),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "group #2, affiliations[0].parent: refers to group #5, but the dataset has 3 groups"
    );
    assert_eq!(
        error.problem(),
        &Problem::DanglingReference {
            target: EntityKind::Group,
            index: 5,
            count: 3,
        }
    );
}

#[test]
fn affiliation_parent_must_not_be_the_group_itself() {
    let Base { mut data, .. } = base();
    // The group about to be added gets id 2.
    data.add_group(
        Group::new("Katiba Macina", GroupKind::Jihadist)
            .affiliation(Affiliation::new(GroupId::new(2), AffiliationKind::Faction)),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "group #2, affiliations[0].parent: refers to the entity itself"
    );
    assert_eq!(error.problem(), &Problem::SelfReference);
}

#[test]
fn affiliations_must_not_form_a_cycle_of_two() {
    let Base { mut data, .. } = base();
    data.add_group(
        Group::new("Ansar Dine", GroupKind::Jihadist)
            .affiliation(Affiliation::new(GroupId::new(3), AffiliationKind::Ally)),
    );
    data.add_group(
        Group::new("Katiba Macina", GroupKind::Jihadist)
            .affiliation(Affiliation::new(GroupId::new(2), AffiliationKind::Ally)),
    );
    // Reported once, on the group with the lowest index on the loop.
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "group #2, affiliations: parent links form a cycle: #2 -> #3 -> #2"
    );
    assert_eq!(error.index(), Some(2));
    assert_eq!(
        error.problem(),
        &Problem::Cycle {
            path: vec![2, 3, 2]
        }
    );
}

#[test]
fn affiliations_must_not_form_a_cycle_of_three() {
    let Base { mut data, .. } = base();
    // #2 -> #4 -> #3 -> #2.
    data.add_group(
        Group::new("Ansar Dine", GroupKind::Jihadist).affiliation(Affiliation::new(
            GroupId::new(4),
            AffiliationKind::CoalitionMember,
        )),
    );
    data.add_group(
        Group::new("Katiba Macina", GroupKind::Jihadist)
            .affiliation(Affiliation::new(GroupId::new(2), AffiliationKind::Faction)),
    );
    data.add_group(
        Group::new("Al-Mourabitoune", GroupKind::Jihadist)
            .affiliation(Affiliation::new(GroupId::new(3), AffiliationKind::Ally)),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "group #2, affiliations: parent links form a cycle: #2 -> #4 -> #3 -> #2"
    );
    assert_eq!(
        error.problem(),
        &Problem::Cycle {
            path: vec![2, 4, 3, 2]
        }
    );
}

#[test]
fn group_external_ids_must_not_repeat() {
    let mut data = DatasetBuilder::new();
    data.add_group(
        Group::new("JNIM", GroupKind::Jihadist).external_id(ExternalId::new(
            IdScheme::Acled,
            "JNIM: Jamaah Nusrat al-Islam wal Muslimin",
        )),
    );
    data.add_group(
        Group::new("GSIM", GroupKind::Jihadist).external_id(ExternalId::new(
            IdScheme::Acled,
            "JNIM: Jamaah Nusrat al-Islam wal Muslimin",
        )),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "group #1 (acled:JNIM: Jamaah Nusrat al-Islam wal Muslimin), external_ids[0]: \
         external id acled:JNIM: Jamaah Nusrat al-Islam wal Muslimin is already used by #0"
    );
    assert_eq!(
        error.problem(),
        &Problem::DuplicateExternalId {
            value: "acled:JNIM: Jamaah Nusrat al-Islam wal Muslimin".into(),
            first: 0,
        }
    );
}

// Regions.

#[test]
fn region_name_must_not_be_blank() {
    let Base { mut data, mali, .. } = base();
    data.add_region(Region::new("\t", mli(), AdminLevel::ADMIN1).parent(mali));
    let error = only_problem(data);
    assert_eq!(error.to_string(), "region #1, name: must not be empty");
    assert_eq!(error.entity(), EntityKind::Region);
    assert_eq!(error.problem(), &Problem::Empty);
}

#[test]
fn region_alias_must_not_be_blank() {
    let Base { mut data, mali, .. } = base();
    data.add_region(
        Region::new("Ségou", mli(), AdminLevel::ADMIN1)
            .parent(mali)
            .alias("Segou")
            .alias(" "),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "region #1, aliases[1]: must not be empty"
    );
}

#[test]
fn region_pcode_must_not_be_blank() {
    let Base { mut data, mali, .. } = base();
    data.add_region(
        Region::new("Ségou", mli(), AdminLevel::ADMIN1)
            .parent(mali)
            .pcode(""),
    );
    let error = only_problem(data);
    assert_eq!(error.to_string(), "region #1, pcode: must not be empty");
}

#[test]
fn country_must_not_have_a_parent_alone() {
    let region = Region::country("Mali", mli()).parent(RegionId::new(0));
    let error = alone(&region);
    assert_eq!(
        error.to_string(),
        "region, parent: a country (admin level 0) must not have a parent"
    );
    assert_eq!(error.index(), None);
    assert_eq!(error.problem(), &Problem::CountryWithParent);
}

#[test]
fn country_must_not_have_a_parent() {
    let Base { mut data, mali, .. } = base();
    data.add_region(Region::country("Mali (duplicate)", mli()).parent(mali));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "region #1, parent: a country (admin level 0) must not have a parent"
    );
    assert_eq!(error.problem(), &Problem::CountryWithParent);
}

#[test]
fn region_below_a_country_needs_a_parent() {
    let region = Region::new("Kayes", mli(), AdminLevel::ADMIN1);
    assert_eq!(
        alone(&region).to_string(),
        "region, parent: a region at admin level 1 needs a parent"
    );

    let Base { mut data, .. } = base();
    data.add_region(region);
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "region #1, parent: a region at admin level 1 needs a parent"
    );
    assert_eq!(error.problem(), &Problem::MissingParent { level: 1 });
}

#[test]
fn region_parent_must_exist() {
    let Base { mut data, .. } = base();
    data.add_region(Region::new("Kayes", mli(), AdminLevel::ADMIN1).parent(RegionId::new(7)));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "region #1, parent: refers to region #7, but the dataset has 2 regions"
    );
    assert_eq!(
        error.problem(),
        &Problem::DanglingReference {
            target: EntityKind::Region,
            index: 7,
            count: 2,
        }
    );
}

#[test]
fn region_parent_must_be_at_a_higher_level() {
    let Base { mut data, mali, .. } = base();
    let kayes = data.add_region(kayes(mali));
    data.add_region(Region::new("Ségou", mli(), AdminLevel::ADMIN1).parent(kayes));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "region #2, parent: the parent is at admin level 1, expected a level above 1"
    );
    assert_eq!(error.field(), "parent");
    assert_eq!(
        error.problem(),
        &Problem::ParentLevel {
            level: 1,
            parent_level: 1,
        }
    );
}

#[test]
fn region_country_must_match_its_parent() {
    let Base { mut data, mali, .. } = base();
    data.add_region(
        Region::new("Tambacounda", "SEN".parse().unwrap(), AdminLevel::ADMIN1).parent(mali),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "region #1, country: country SEN differs from the parent's country MLI"
    );
    assert_eq!(error.field(), "country");
    assert_eq!(
        error.problem(),
        &Problem::CountryMismatch {
            country: "SEN".into(),
            parent_country: "MLI".into(),
        }
    );
}

#[test]
fn region_geometry_must_be_finite() {
    let boundary = polygon![
        (x: -12.5, y: 12.0),
        (x: f64::NAN, y: 12.0),
        (x: -9.0, y: f64::INFINITY),
        (x: -12.5, y: 12.0),
    ];
    let region = Region::new("Kayes", mli(), AdminLevel::ADMIN1)
        .parent(RegionId::new(0))
        .geometry(MultiPolygon::new(vec![boundary]));
    assert_eq!(
        alone(&region).to_string(),
        "region, geometry: expected finite coordinates, found NaN or infinity"
    );

    let Base { mut data, .. } = base();
    data.add_region(region);
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "region #1, geometry: expected finite coordinates, found NaN or infinity"
    );
    assert_eq!(error.problem(), &Problem::NonFiniteCoordinate);
}

#[test]
fn region_boundaries_must_enclose_an_area() {
    use geo_types::{LineString, Polygon};
    let flat = Polygon::new(
        LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (0.0, 0.0)]),
        vec![],
    );
    let kayes = |geometry| {
        Region::new("Kayes", mli(), AdminLevel::ADMIN1)
            .parent(RegionId::new(0))
            .geometry(geometry)
    };
    assert_eq!(
        alone(&kayes(MultiPolygon::new(vec![flat]))).to_string(),
        "region, geometry: ring 0 of polygon 0: expected a ring enclosing an area, found one of \
         zero area"
    );
    assert_eq!(
        alone(&kayes(MultiPolygon::new(vec![]))).to_string(),
        "region, geometry: expected a boundary of at least one polygon, found none"
    );
}

#[test]
fn region_rings_must_be_closed_with_four_positions() {
    use geo_types::{LineString, Polygon};
    // geo-types closes a ring given to `Polygon::new`; one read with serde
    // stays as written.
    let open: Polygon<f64> = serde_json::from_str(
        r#"{"exterior": [{"x": -12.5, "y": 12.0}, {"x": -9.0, "y": 12.0}, {"x": -9.0, "y": 15.0}, {"x": -12.5, "y": 15.0}], "interiors": []}"#,
    )
    .unwrap();
    let short = Polygon::new(
        LineString::from(vec![(0.0, 0.0), (1.0, 1.0), (0.0, 0.0)]),
        vec![],
    );
    let region = Region::new("Kayes", mli(), AdminLevel::ADMIN1)
        .parent(RegionId::new(0))
        .geometry(MultiPolygon::new(vec![open, short]));
    let Base { mut data, .. } = base();
    data.add_region(region);
    let errors: Vec<String> = match data.build() {
        Err(conflict_events::Error::Invalid(errors)) => {
            errors.as_slice().iter().map(ToString::to_string).collect()
        }
        other => panic!("expected validation errors, got {other:?}"),
    };
    assert_eq!(
        errors,
        [
            "region #1, geometry: ring 0 of polygon 0: expected a closed ring of at least 4 \
             positions, found 4 positions, not closed",
            "region #1, geometry: ring 0 of polygon 1: expected a closed ring of at least 4 \
             positions, found 3 positions",
        ]
    );
}

// Sites.

#[test]
fn site_name_must_not_be_blank() {
    let Base { mut data, mali, .. } = base();
    data.add_site(Site::new(" ", SiteKind::Quarry, mali));
    let error = only_problem(data);
    assert_eq!(error.to_string(), "site #0, name: must not be empty");
    assert_eq!(error.entity(), EntityKind::Site);
    assert_eq!(error.problem(), &Problem::Empty);
}

#[test]
fn site_alias_must_not_be_blank() {
    let Base { mut data, mali, .. } = base();
    data.add_site(Site::new("Carrières et Chaux du Mali", SiteKind::Quarry, mali).alias(""));
    let error = only_problem(data);
    assert_eq!(error.to_string(), "site #0, aliases[0]: must not be empty");
}

#[test]
fn site_product_must_not_be_blank() {
    let Base { mut data, mali, .. } = base();
    data.add_site(
        Site::new("Carrières et Chaux du Mali", SiteKind::Quarry, mali)
            .product("lime")
            .product("  "),
    );
    let error = only_problem(data);
    assert_eq!(error.to_string(), "site #0, products[1]: must not be empty");
}

#[test]
fn site_operator_name_must_not_be_blank() {
    let site = Site::new(
        "Carrières et Chaux du Mali",
        SiteKind::Quarry,
        RegionId::new(0),
    )
    .operator(Operator::new(""));
    assert_eq!(
        alone(&site).to_string(),
        "site, operator.name: must not be empty"
    );

    let Base { mut data, .. } = base();
    data.add_site(site.external_id(ExternalId::new(IdScheme::Local, "CCM-1")));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "site #0 (local:CCM-1), operator.name: must not be empty"
    );
    assert_eq!(error.external_id(), Some("local:CCM-1"));
    assert_eq!(error.field(), "operator.name");
}

#[test]
fn site_region_must_exist() {
    let Base { mut data, .. } = base();
    data.add_site(Site::new(
        "Diamou cement plant",
        SiteKind::IndustrialPlant,
        RegionId::new(5),
    ));
    let error = only_problem(data);
    // One region: the count is singular.
    assert_eq!(
        error.to_string(),
        "site #0, region: refers to region #5, but the dataset has 1 region"
    );
    assert_eq!(
        error.problem(),
        &Problem::DanglingReference {
            target: EntityKind::Region,
            index: 5,
            count: 1,
        }
    );
}

#[test]
fn site_must_lie_in_its_region() -> Result<(), Error> {
    let Base { mut data, mali, .. } = base();
    let kayes = data.add_region(kayes(mali));
    // Bamako, east of the Kayes box.
    let bamako = Location::new(12.65, -7.98, GeoPrecision::Exact)?;
    data.add_site(Site::new("Bamako fuel depot", SiteKind::FuelDepot, kayes).location(bamako));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "site #0, location: point (12.65, -7.98) lies outside the geometry of region #1 (Kayes)"
    );
    assert_eq!(error.field(), "location");
    assert_eq!(
        error.problem(),
        &Problem::OutsideRegion {
            region: 1,
            name: "Kayes".into(),
            lat: 12.65,
            lon: -7.98,
        }
    );
    Ok(())
}

#[test]
fn site_must_lie_in_the_nearest_ancestor_with_a_geometry() -> Result<(), Error> {
    let Base { mut data, mali, .. } = base();
    let kayes = data.add_region(kayes(mali));
    // Bafoulabé has no boundary of its own, so Kayes's is checked.
    let bafoulabe =
        data.add_region(Region::new("Bafoulabé", mli(), AdminLevel::ADMIN2).parent(kayes));
    let bamako = Location::new(12.65, -7.98, GeoPrecision::Exact)?;
    data.add_site(
        Site::new("Diamou cement plant", SiteKind::IndustrialPlant, bafoulabe).location(bamako),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "site #0, location: point (12.65, -7.98) lies outside the geometry of region #1 (Kayes)"
    );
    Ok(())
}

#[test]
fn site_external_ids_must_not_repeat() {
    let Base { mut data, mali, .. } = base();
    data.add_site(
        Site::new("Diamou cement plant", SiteKind::IndustrialPlant, mali)
            .external_id(ExternalId::new(IdScheme::Local, "site-1")),
    );
    data.add_site(
        Site::new("Sadiola gold mine", SiteKind::Mine, mali)
            .external_id(ExternalId::new(IdScheme::Local, "site-1")),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "site #1 (local:site-1), external_ids[0]: external id local:site-1 is already used by #0"
    );
    assert_eq!(error.entity(), EntityKind::Site);
    assert_eq!(error.index(), Some(1));
    assert_eq!(error.external_id(), Some("local:site-1"));
    assert_eq!(error.field(), "external_ids[0]");
}

// Blockades.

#[test]
fn blockade_name_must_not_be_blank() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(Blockade::new("", Commodity::Fuel, date!(2025 - 09 - 03)).imposed_by(jnim));
    let error = only_problem(data);
    assert_eq!(error.to_string(), "blockade #0, name: must not be empty");
    assert_eq!(error.entity(), EntityKind::Blockade);
    assert_eq!(error.problem(), &Problem::Empty);
}

#[test]
fn blockade_needs_an_imposer() {
    let blockade = Blockade::new("Fuel blockade", Commodity::Fuel, date!(2025 - 09 - 03));
    assert_eq!(
        alone(&blockade).to_string(),
        "blockade, imposers: must not be empty"
    );

    let Base { mut data, .. } = base();
    data.add_blockade(blockade);
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, imposers: must not be empty"
    );
    assert_eq!(error.field(), "imposers");
    assert_eq!(error.problem(), &Problem::Empty);
}

#[test]
fn blockade_must_not_end_before_it_starts() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).ended(date!(2025 - 09 - 01)));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, end: ends on 2025-09-01, before it starts on 2025-09-03"
    );
    assert_eq!(
        error.problem(),
        &Problem::EndBeforeStart {
            start: date!(2025 - 09 - 03),
            end: date!(2025 - 09 - 01),
        }
    );
}

#[test]
fn blockade_route_must_not_be_blank() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).route("Kayes axis (RN1)").route(" "));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, routes[1]: must not be empty"
    );
}

#[test]
fn impact_place_must_not_be_blank() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(
        fuel(jnim).impact(Impact::new(ImpactKind::Shortage, date!(2025 - 10 - 01)).at_place("")),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, impacts[0].place: must not be empty"
    );
}

#[test]
fn severity_period_must_not_end_before_it_starts() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).severity(
        SeverityPeriod::new(Severity::High, date!(2025 - 10 - 05)).until(date!(2025 - 10 - 01)),
    ));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, severity[0].end: ends on 2025-10-01, before it starts on 2025-10-05"
    );
    assert_eq!(
        error.problem(),
        &Problem::EndBeforeStart {
            start: date!(2025 - 10 - 05),
            end: date!(2025 - 10 - 01),
        }
    );
}

#[test]
fn severity_period_must_not_start_before_the_blockade() {
    let blockade = fuel(GroupId::new(0)).severity(
        SeverityPeriod::new(Severity::Low, date!(2025 - 08 - 01)).until(date!(2025 - 10 - 01)),
    );
    assert_eq!(
        alone(&blockade).to_string(),
        "blockade, severity[0]: runs 2025-08-01..=2025-10-01, outside the blockade, \
         which runs 2025-09-03.."
    );

    let Base { mut data, .. } = base();
    data.add_blockade(blockade);
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, severity[0]: runs 2025-08-01..=2025-10-01, outside the blockade, \
         which runs 2025-09-03.."
    );
    assert_eq!(error.field(), "severity[0]");
    assert_eq!(
        error.problem(),
        &Problem::OutsidePeriod {
            start: date!(2025 - 08 - 01),
            end: Some(date!(2025 - 10 - 01)),
            container: "the blockade",
            container_start: date!(2025 - 09 - 03),
            container_end: None,
        }
    );
}

#[test]
fn severity_period_must_not_outlast_the_blockade() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(lifted_fuel(jnim).severity(
        SeverityPeriod::new(Severity::Critical, date!(2025 - 10 - 01)).until(date!(2026 - 01 - 05)),
    ));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, severity[0]: runs 2025-10-01..=2026-01-05, outside the blockade, \
         which runs 2025-09-03..=2025-12-31"
    );
}

#[test]
fn open_severity_period_must_not_run_in_a_lifted_blockade() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(
        lifted_fuel(jnim).severity(SeverityPeriod::new(Severity::High, date!(2025 - 10 - 01))),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, severity[0]: runs 2025-10-01.., outside the blockade, \
         which runs 2025-09-03..=2025-12-31"
    );
    assert_eq!(
        error.problem(),
        &Problem::OutsidePeriod {
            start: date!(2025 - 10 - 01),
            end: None,
            container: "the blockade",
            container_start: date!(2025 - 09 - 03),
            container_end: Some(date!(2025 - 12 - 31)),
        }
    );
}

#[test]
fn impact_must_not_start_before_the_blockade() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).impact(
        Impact::new(ImpactKind::PriceRise, date!(2025 - 08 - 20)).until(date!(2025 - 09 - 30)),
    ));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, impacts[0]: runs 2025-08-20..=2025-09-30, outside the blockade, \
         which runs 2025-09-03.."
    );
    assert_eq!(error.field(), "impacts[0]");
}

#[test]
fn impact_must_not_end_before_it_starts() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).impact(
        Impact::new(ImpactKind::PowerCuts, date!(2025 - 10 - 10)).until(date!(2025 - 10 - 01)),
    ));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, impacts[0].end: ends on 2025-10-01, before it starts on 2025-10-10"
    );
}

#[test]
fn impact_may_outlast_the_blockade() -> Result<(), Error> {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(
        lifted_fuel(jnim)
            .impact(
                Impact::new(ImpactKind::Shortage, date!(2025 - 12 - 01))
                    .until(date!(2026 - 01 - 10)),
            )
            .impact(Impact::new(ImpactKind::PriceRise, date!(2025 - 12 - 15))),
    );
    assert_eq!(data.validation_errors(), []);
    let data = data.build()?;
    assert_eq!(data.blockades()[0].impacts().len(), 2);
    Ok(())
}

#[test]
fn imposers_must_not_repeat() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).imposed_by(jnim));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, imposers[1]: lists group #0 more than once"
    );
    assert_eq!(
        error.problem(),
        &Problem::Duplicate {
            value: "group #0".into()
        }
    );
}

#[test]
fn affected_regions_must_not_repeat() {
    let Base {
        mut data,
        mali,
        jnim,
        ..
    } = base();
    let kayes = data.add_region(kayes(mali));
    data.add_blockade(fuel(jnim).region(kayes).region(mali).region(kayes));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, regions[2]: lists region #1 more than once"
    );
}

#[test]
fn imposer_must_exist() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).imposed_by(GroupId::new(7)));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, imposers[1]: refers to group #7, but the dataset has 2 groups"
    );
    assert_eq!(
        error.problem(),
        &Problem::DanglingReference {
            target: EntityKind::Group,
            index: 7,
            count: 2,
        }
    );
}

#[test]
fn affected_region_must_exist() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).region(RegionId::new(3)));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, regions[0]: refers to region #3, but the dataset has 1 region"
    );
}

#[test]
fn severity_region_must_exist() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).severity(
        SeverityPeriod::new(Severity::High, date!(2025 - 10 - 01)).in_region(RegionId::new(4)),
    ));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, severity[0].region: refers to region #4, but the dataset has 1 region"
    );
}

#[test]
fn impact_region_must_exist() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).impact(
        Impact::new(ImpactKind::Shortage, date!(2025 - 10 - 01)).in_region(RegionId::new(4)),
    ));
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "blockade #0, impacts[0].region: refers to region #4, but the dataset has 1 region"
    );
}

// Incidents.

#[test]
fn report_source_name_must_not_be_blank() {
    let Base { mut data, mali, .. } = base();
    data.add_incident(
        attack(mali, date!(2026 - 01 - 10))
            .report(Report::new(Source::new(
                "Wamaps",
                SourceKind::JournalistNetwork,
            )))
            .report(Report::new(Source::new(" ", SourceKind::Local)))
            .build(),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #0, reports[1].source.name: must not be empty"
    );
    assert_eq!(error.entity(), EntityKind::Incident);
    assert_eq!(error.field(), "reports[1].source.name");
    assert_eq!(error.problem(), &Problem::Empty);
}

#[test]
fn incident_notes_must_not_be_blank() {
    let incident = attack(RegionId::new(0), date!(2026 - 01 - 10))
        .notes("\n")
        .build();
    assert_eq!(
        alone(&incident).to_string(),
        "incident, notes: must not be empty"
    );

    let Base { mut data, .. } = base();
    data.add_incident(incident);
    let error = only_problem(data);
    assert_eq!(error.to_string(), "incident #0, notes: must not be empty");
}

#[test]
fn incident_tag_must_not_be_blank() {
    let Base { mut data, mali, .. } = base();
    data.add_incident(
        attack(mali, date!(2026 - 01 - 10))
            .tag("crowd size=no report")
            .tag("")
            .build(),
    );
    let error = only_problem(data);
    assert_eq!(error.to_string(), "incident #0, tags[1]: must not be empty");
}

#[test]
fn incident_external_id_value_must_not_be_blank() {
    let Base { mut data, mali, .. } = base();
    data.add_incident(
        attack(mali, date!(2026 - 01 - 10))
            .external_id(ExternalId::new(IdScheme::Acled, "MLI36512"))
            .external_id(ExternalId::new(IdScheme::UcdpGed, " "))
            .build(),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #0 (acled:MLI36512), external_ids[1]: must not be empty"
    );
    assert_eq!(error.external_id(), Some("acled:MLI36512"));
}

#[test]
fn incident_region_must_exist() {
    let Base { mut data, .. } = base();
    data.add_incident(attack(RegionId::new(3), date!(2026 - 01 - 10)).build());
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #0, region: refers to region #3, but the dataset has 1 region"
    );
    assert_eq!(error.field(), "region");
}

#[test]
fn incident_actor_must_exist() {
    let Base { mut data, mali, .. } = base();
    data.add_incident(
        attack(mali, date!(2026 - 01 - 10))
            .perpetrator(GroupId::new(9), Confidence::Suspected)
            .build(),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #0, actors[0].group: refers to group #9, but the dataset has 2 groups"
    );
    assert_eq!(
        error.problem(),
        &Problem::DanglingReference {
            target: EntityKind::Group,
            index: 9,
            count: 2,
        }
    );
}

#[test]
fn an_actor_may_appear_twice_as_acled_data_has_it() {
    // ACLED rows list a principal actor again among its associated actors,
    // or an associated actor twice; the model keeps what the source says.
    let incident = attack(RegionId::new(0), date!(2026 - 01 - 10))
        .perpetrator(GroupId::new(0), Confidence::Suspected)
        .actor(Actor::new(
            GroupId::new(0),
            Side::A,
            Role::Associated,
            Confidence::Claimed,
        ))
        .actor(Actor::new(
            GroupId::new(0),
            Side::B,
            Role::Principal,
            Confidence::Reported,
        ))
        .build();
    assert_eq!(incident.validation_errors(), []);
    let Base { mut data, .. } = base();
    data.add_incident(incident);
    let data = data.build().unwrap();
    assert_eq!(data.incidents_of_group(GroupId::new(0)).len(), 1);
}

#[test]
fn target_site_must_exist() {
    let Base { mut data, mali, .. } = base();
    data.add_incident(
        attack(mali, date!(2026 - 01 - 10))
            .target(Target::site(SiteId::new(2)))
            .build(),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #0, targets[0].site: refers to site #2, but the dataset has 0 sites"
    );
}

#[test]
fn target_group_must_exist() {
    let Base { mut data, mali, .. } = base();
    data.add_incident(
        attack(mali, date!(2026 - 01 - 10))
            .target(Target::new(TargetKind::Military).group(GroupId::new(4)))
            .build(),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #0, targets[0].group: refers to group #4, but the dataset has 2 groups"
    );
}

#[test]
fn enforced_blockade_must_exist() {
    let Base {
        mut data,
        mali,
        jnim,
        ..
    } = base();
    data.add_blockade(fuel(jnim));
    data.add_incident(
        attack(mali, date!(2026 - 01 - 10))
            .enforces(BlockadeId::new(1))
            .build(),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #0, blockade: refers to blockade #1, but the dataset has 1 blockade"
    );
    assert_eq!(error.field(), "blockade");
}

#[test]
fn incident_must_not_predate_the_blockade_it_enforces() -> Result<(), Error> {
    let Base {
        mut data,
        mali,
        jnim,
        ..
    } = base();
    let blockade = data.add_blockade(fuel(jnim));
    // On the first day of the blockade: fine.
    data.add_incident(
        attack(mali, date!(2025 - 09 - 03))
            .enforces(blockade)
            .build(),
    );
    // A span that starts two days before it.
    let span = DateSpan::new(
        date!(2025 - 09 - 01),
        date!(2025 - 09 - 04),
        TimePrecision::Days,
    )?;
    data.add_incident(
        Incident::builder(SubEventType::LootingPropertyDestruction, span, mali)
            .enforces(blockade)
            .build(),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #1, when: dated 2025-09-01, before the blockade it enforces started on 2025-09-03"
    );
    assert_eq!(error.index(), Some(1));
    assert_eq!(error.field(), "when");
    assert_eq!(
        error.problem(),
        &Problem::BeforeBlockade {
            blockade_start: date!(2025 - 09 - 03),
            date: date!(2025 - 09 - 01),
        }
    );
    Ok(())
}

#[test]
fn incident_must_not_end_after_the_as_of_date() -> Result<(), Error> {
    let Base { mut data, mali, .. } = base();
    // Ending on the as-of date: fine.
    data.add_incident(attack(mali, date!(2026 - 01 - 12)).build());
    // Starting before it, but its last possible day is after it.
    let span = DateSpan::new(
        date!(2026 - 01 - 10),
        date!(2026 - 01 - 13),
        TimePrecision::Days,
    )?;
    data.add_incident(Incident::builder(SubEventType::Attack, span, mali).build());
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #1, when: dated 2026-01-13, after the dataset's as-of date 2026-01-12"
    );
    assert_eq!(
        error.problem(),
        &Problem::AfterAsOf {
            date: date!(2026 - 01 - 13),
            as_of: date!(2026 - 01 - 12),
        }
    );
    Ok(())
}

#[test]
fn ransom_needs_someone_abducted() {
    let kidnapping = |status| {
        Incident::builder(
            SubEventType::AbductionForcedDisappearance,
            DateSpan::day(date!(2026 - 01 - 10)),
            RegionId::new(0),
        )
        .figure(Quantity::Abducted, Estimate::Exact(0))
        .ransom(status)
        .build()
    };
    for status in [
        RansomStatus::Suspected,
        RansomStatus::Demanded,
        RansomStatus::Paid,
    ] {
        let Base { mut data, .. } = base();
        data.add_incident(kidnapping(status));
        let error = only_problem(data);
        assert_eq!(
            error.to_string(),
            "incident #0, ransom: a ransom is recorded, but the abducted figure is exactly 0",
            "{status:?}"
        );
        assert_eq!(error.field(), "ransom");
        assert_eq!(error.problem(), &Problem::RansomWithoutAbduction);
    }
    // Saying no ransom was sought is fine.
    assert_eq!(
        kidnapping(RansomStatus::NotDemanded).validation_errors(),
        []
    );
}

#[test]
fn incident_external_ids_must_not_repeat() {
    let Base { mut data, mali, .. } = base();
    data.add_incident(
        attack(mali, date!(2026 - 01 - 10))
            .external_id(ExternalId::new(IdScheme::Acled, "MLI36512"))
            .build(),
    );
    // Named by its own first id, not by the repeated one.
    data.add_incident(
        attack(mali, date!(2026 - 01 - 11))
            .external_id(ExternalId::new(IdScheme::UcdpGed, "512345"))
            .external_id(ExternalId::new(IdScheme::Acled, "MLI36512"))
            .build(),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #1 (ucdp_ged:512345), external_ids[1]: \
         external id acled:MLI36512 is already used by #0"
    );
    assert_eq!(error.entity(), EntityKind::Incident);
    assert_eq!(error.index(), Some(1));
    assert_eq!(error.external_id(), Some("ucdp_ged:512345"));
    assert_eq!(error.field(), "external_ids[1]");
    assert_eq!(
        error.problem(),
        &Problem::DuplicateExternalId {
            value: "acled:MLI36512".into(),
            first: 0,
        }
    );
}

#[test]
fn an_entity_must_not_list_one_external_id_twice() {
    let Base { mut data, mali, .. } = base();
    data.add_incident(
        attack(mali, date!(2026 - 01 - 10))
            .external_id(ExternalId::new(IdScheme::Acled, "MLI36512"))
            .external_id(ExternalId::new(IdScheme::Acled, "MLI36512"))
            .build(),
    );
    let error = only_problem(data);
    assert_eq!(
        error.to_string(),
        "incident #0 (acled:MLI36512), external_ids[1]: lists acled:MLI36512 more than once"
    );
}

#[test]
fn group_and_site_external_id_values_must_not_be_blank() {
    let group = Group::new("Katiba Macina", GroupKind::Jihadist)
        .external_id(ExternalId::new(IdScheme::Acled, " "));
    assert_eq!(
        alone(&group).to_string(),
        "group, external_ids[0]: must not be empty"
    );
    let Base { mut data, mali, .. } = base();
    data.add_site(
        Site::new("Sadiola gold mine", SiteKind::Mine, mali)
            .external_id(ExternalId::new(IdScheme::Local, ""))
            .external_id(ExternalId::new(IdScheme::Local, "site-7")),
    );
    // Named by its first id that says something.
    assert_eq!(
        only_problem(data).to_string(),
        "site #0 (local:site-7), external_ids[0]: must not be empty"
    );
}

#[test]
fn blockade_notes_must_not_be_blank() {
    let Base { mut data, jnim, .. } = base();
    data.add_blockade(fuel(jnim).notes(" \t"));
    assert_eq!(
        only_problem(data).to_string(),
        "blockade #0, notes: must not be empty"
    );
}

// All at once.

#[test]
fn every_problem_is_reported_at_once_in_order() {
    let Base {
        mut data,
        mali,
        jnim,
        ..
    } = base();
    // Added out of order on purpose: problems come grouped by kind, then
    // by index, whatever the order of the calls.
    data.add_incident(
        attack(mali, date!(2026 - 01 - 14))
            .external_id(ExternalId::new(IdScheme::Acled, "MLI1"))
            .build(),
    );
    data.add_blockade(Blockade::new(
        "Fuel blockade",
        Commodity::Fuel,
        date!(2025 - 09 - 03),
    ));
    data.add_site(Site::new(
        "Diamou cement plant",
        SiteKind::IndustrialPlant,
        RegionId::new(9),
    ));
    data.add_region(Region::new("Kayes", mli(), AdminLevel::ADMIN1));
    data.add_group(
        Group::new("Katiba Macina", GroupKind::Jihadist)
            .alias("")
            .affiliation(Affiliation::new(GroupId::new(2), AffiliationKind::Faction)),
    );
    data.add_incident(
        attack(mali, date!(2026 - 01 - 10))
            .perpetrator(jnim, Confidence::Suspected)
            .figure(Quantity::Abducted, Estimate::Exact(0))
            .ransom(RansomStatus::Demanded)
            .external_id(ExternalId::new(IdScheme::Acled, "MLI1"))
            .build(),
    );

    let expected = [
        "group #2, aliases[0]: must not be empty",
        "group #2, affiliations[0].parent: refers to the entity itself",
        "region #1, parent: a region at admin level 1 needs a parent",
        "site #0, region: refers to region #9, but the dataset has 2 regions",
        "blockade #0, imposers: must not be empty",
        "incident #0 (acled:MLI1), when: dated 2026-01-14, after the dataset's as-of date 2026-01-12",
        "incident #1 (acled:MLI1), ransom: a ransom is recorded, but the abducted figure is exactly 0",
        "incident #1 (acled:MLI1), external_ids[0]: external id acled:MLI1 is already used by #0",
    ];
    let found: Vec<String> = data
        .validation_errors()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(found, expected);

    assert!(!data.is_valid());
    let error = data.build().unwrap_err();
    assert!(matches!(&error, Error::Invalid(all) if all.len() == 8));
    assert_eq!(
        error.to_string(),
        format!("8 validation problems:\n  {}", expected.join("\n  "))
    );
}

// A valid dataset.

#[test]
fn valid_dataset_with_every_kind_of_entity_and_reference_builds() -> Result<(), Error> {
    let mut data = DatasetBuilder::new().as_of(date!(2026 - 01 - 12));
    let mali = data.add_region(Region::country("Mali", mli()));
    let kayes = data.add_region(kayes(mali).alias("Kaye").pcode("ML01"));
    let bafoulabe = data.add_region(
        Region::new("Bafoulabé", mli(), AdminLevel::ADMIN2)
            .parent(kayes)
            .alias("Bafoulabe"),
    );

    let al_qaeda = data.add_group(Group::new("al-Qaeda", GroupKind::Jihadist));
    let jnim = data.add_group(
        Group::new("Jama'at Nusrat al-Islam wal-Muslimin", GroupKind::Jihadist)
            .alias("JNIM")
            .alias("GSIM")
            .affiliation(
                Affiliation::new(al_qaeda, AffiliationKind::Affiliate).since(date!(2017 - 03 - 02)),
            )
            .external_id(ExternalId::new(IdScheme::Acled, "JNIM")),
    );
    let fama = data.add_group(Group::new("FAMa", GroupKind::StateForces));

    // Inside Kayes's box, which Bafoulabé (no boundary of its own) inherits.
    let plant = data.add_site(
        Site::new("Diamou cement plant", SiteKind::IndustrialPlant, bafoulabe)
            .alias("Diamou")
            .product("cement")
            .operator(Operator::new("Diamond Cement Mali").nationality("IND".parse()?))
            .location(Location::new(14.09, -11.27, GeoPrecision::Exact)?.with_place("Diamou"))
            .external_id(ExternalId::new(IdScheme::Local, "site-1")),
    );

    let blockade = data.add_blockade(
        fuel(jnim)
            .region(kayes)
            .region(mali)
            .route("Kayes axis (RN1)")
            .severity(
                SeverityPeriod::new(Severity::Critical, date!(2025 - 10 - 01))
                    .until(date!(2025 - 11 - 15))
                    .in_region(kayes),
            )
            .severity(SeverityPeriod::new(Severity::High, date!(2025 - 11 - 16)))
            .impact(
                Impact::new(ImpactKind::Shortage, date!(2025 - 09 - 20))
                    .in_region(mali)
                    .at_place("Bamako")
                    .description("queues at fuel stations"),
            )
            .notes("announced on 3 September 2025"),
    );

    data.add_incident(
        Incident::builder(
            SubEventType::AbductionForcedDisappearance,
            DateSpan::new(
                date!(2026 - 01 - 10),
                date!(2026 - 01 - 11),
                TimePrecision::Days,
            )?,
            bafoulabe,
        )
        .location(Location::new(14.09, -11.27, GeoPrecision::Exact)?)
        .perpetrator(jnim, Confidence::Suspected)
        .target(Target::site(plant))
        .target(Target::new(TargetKind::Civilians).foreign(true))
        .figure(Quantity::Abducted, Estimate::AtLeast(3))
        .ransom(RansomStatus::Suspected)
        .report(
            Report::new(Source::new("Wamaps", SourceKind::JournalistNetwork))
                .figure(Quantity::Abducted, Estimate::AtLeast(3)),
        )
        .notes("workers taken from the plant at night")
        .tag("foreign nationals")
        .enforces(blockade)
        .external_id(ExternalId::new(IdScheme::Acled, "MLI36512"))
        .build(),
    );
    data.add_incident(
        Incident::builder(
            SubEventType::ArmedClash,
            DateSpan::day(date!(2025 - 12 - 02)),
            kayes,
        )
        .perpetrator(jnim, Confidence::Confirmed)
        .actor(Actor::new(
            fama,
            Side::B,
            Role::Principal,
            Confidence::Confirmed,
        ))
        .target(Target::new(TargetKind::Military).group(fama))
        .enforces(blockade)
        .external_id(ExternalId::new(IdScheme::Acled, "MLI36001"))
        .build(),
    );

    assert_eq!(data.validation_errors(), []);
    assert!(data.is_valid());
    data.check()?;
    let data = data.build()?;
    assert_eq!(data.incidents().len(), 2);
    assert_eq!(data.incidents_of_group(jnim).len(), 2);
    assert_eq!(data.incidents_of_group(fama).len(), 1);
    assert_eq!(data.incidents_at_site(plant).len(), 1);
    assert_eq!(data.incidents_enforcing(blockade).len(), 2);
    assert_eq!(data.incidents_in_region(mali).len(), 2);
    assert_eq!(data.incidents_in_region(bafoulabe).len(), 1);
    Ok(())
}
