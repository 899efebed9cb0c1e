//! What a boundary file holds and where its features go.

use crate::{AdminLevel, RegionId};

/// How to read one layer of administrative boundaries: the level of its
/// features, the properties that hold their names, codes and parents, and
/// the region they all lie in.
///
/// ```
/// use conflict_events::AdminLevel;
/// use conflict_events::io::geojson::BoundaryLayer;
/// # use conflict_events::{DatasetBuilder, Region};
/// # let mut builder = DatasetBuilder::new();
/// # let mali = builder.add_region(Region::country("Mali", "MLI".parse()?));
///
/// // OCHA's cercles of Mali: named by `adm2`, coded by `adm2_pcode`, and
/// // placed in the region `adm1` names.
/// let cercles = BoundaryLayer::new(AdminLevel::ADMIN2, "adm2")
///     .code("adm2_pcode")
///     .parent("adm1")
///     .under(mali);
/// # let _ = cercles;
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundaryLayer {
    pub(super) level: AdminLevel,
    pub(super) name: String,
    pub(super) code: Option<String>,
    pub(super) aliases: Vec<String>,
    pub(super) parent: Option<String>,
    pub(super) under: Option<RegionId>,
}

impl BoundaryLayer {
    /// A layer of regions at `level`, each named by the string in its
    /// property `name_property`.
    pub fn new(level: AdminLevel, name_property: impl Into<String>) -> Self {
        BoundaryLayer {
            level,
            name: name_property.into(),
            code: None,
            aliases: Vec::new(),
            parent: None,
            under: None,
        }
    }

    /// Reads each region's place code (p-code), e.g. `ML0101`, from
    /// `property`, which every feature must have: a string, or an integer
    /// taken as its decimal digits.
    #[must_use]
    pub fn code(mut self, property: impl Into<String>) -> Self {
        self.code = Some(property.into());
        self
    }

    /// Reads other names of each region from `property`: a string or an
    /// array of strings. Called again, reads each property given, in that
    /// order. A feature without the property, or with `null`, has no other
    /// names there; blank names and names already given are left out.
    #[must_use]
    pub fn alias(mut self, property: impl Into<String>) -> Self {
        self.aliases.push(property.into());
        self
    }

    /// Reads the name of each region's parent from `property`, matched by
    /// [`Region::answers_to`](crate::Region::answers_to) against the regions
    /// already in the builder that lie under [`under`](BoundaryLayer::under)
    /// at a higher level than the layer's; of several levels, the deepest.
    #[must_use]
    pub fn parent(mut self, property: impl Into<String>) -> Self {
        self.parent = Some(property.into());
        self
    }

    /// Sets the region every feature lies in, e.g. the country. It gives
    /// the regions their country code, bounds the search for parents, and
    /// is the parent of every region when there is no
    /// [`parent`](BoundaryLayer::parent) property. Required.
    #[must_use]
    pub fn under(mut self, region: RegionId) -> Self {
        self.under = Some(region);
        self
    }

    /// The admin level of the layer's regions.
    pub fn level(&self) -> AdminLevel {
        self.level
    }

    /// The property that holds each region's name.
    pub fn name_property(&self) -> &str {
        &self.name
    }

    /// The property that holds each region's place code, when set.
    pub fn code_property(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The properties that hold other names, in the order given.
    pub fn alias_properties(&self) -> &[String] {
        &self.aliases
    }

    /// The property that names each region's parent, when set.
    pub fn parent_property(&self) -> Option<&str> {
        self.parent.as_deref()
    }

    /// The region every feature lies in, when set.
    pub fn region_under(&self) -> Option<RegionId> {
        self.under
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_keeps_what_it_is_given() {
        let layer = BoundaryLayer::new(AdminLevel::ADMIN1, "wof:name")
            .alias("name:fra_x_preferred")
            .alias("name:eng_x_variant")
            .code("iso:code")
            .under(RegionId::new(3));
        assert_eq!(layer.level(), AdminLevel::ADMIN1);
        assert_eq!(layer.name_property(), "wof:name");
        assert_eq!(layer.code_property(), Some("iso:code"));
        assert_eq!(
            layer.alias_properties(),
            ["name:fra_x_preferred", "name:eng_x_variant"]
        );
        assert_eq!(layer.parent_property(), None);
        assert_eq!(layer.region_under(), Some(RegionId::new(3)));
    }
}
