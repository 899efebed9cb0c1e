//! Places our users guard: plants, mines, depots, checkpoints.

use serde::{Deserialize, Serialize};

use crate::model::names::same_name;
use crate::model::validate::require_text;
use crate::{
    CountryCode, EntityKind, ExternalId, Location, RegionId, SiteKind, Validate, ValidationError,
};

/// A fixed place that can be attacked: an industrial plant, a mine, a fuel
/// depot, a checkpoint.
///
/// ```
/// use conflict_events::{DatasetBuilder, Operator, Region, Site, SiteKind};
///
/// let mut builder = DatasetBuilder::new();
/// let mali = builder.add_region(Region::country("Mali", "MLI".parse()?));
/// let plant = Site::new("Carrières et Chaux du Mali", SiteKind::Quarry, mali)
///     .product("lime")
///     .operator(Operator::new("CCM"));
/// assert_eq!(&*plant.products()[0], "lime");
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    name: Box<str>,
    kind: SiteKind,
    region: RegionId,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<Box<str>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    products: Vec<Box<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    operator: Option<Operator>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    external_ids: Vec<ExternalId>,
}

impl Site {
    /// A site called `name` in `region`.
    pub fn new(name: impl Into<Box<str>>, kind: SiteKind, region: RegionId) -> Self {
        Site {
            name: name.into(),
            kind,
            region,
            aliases: Vec::new(),
            products: Vec::new(),
            operator: None,
            location: None,
            external_ids: Vec::new(),
        }
    }

    /// Adds another name.
    #[must_use]
    pub fn alias(mut self, alias: impl Into<Box<str>>) -> Self {
        self.aliases.push(alias.into());
        self
    }

    /// Adds something the site produces or handles.
    #[must_use]
    pub fn product(mut self, product: impl Into<Box<str>>) -> Self {
        self.products.push(product.into());
        self
    }

    /// Sets who runs the site.
    #[must_use]
    pub fn operator(mut self, operator: Operator) -> Self {
        self.operator = Some(operator);
        self
    }

    /// Sets where the site is.
    #[must_use]
    pub fn location(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Adds a key the site has elsewhere.
    #[must_use]
    pub fn external_id(mut self, id: ExternalId) -> Self {
        self.external_ids.push(id);
        self
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The kind of site.
    pub fn kind(&self) -> SiteKind {
        self.kind
    }

    /// Places the site in `region`.
    pub(crate) fn set_region(&mut self, region: RegionId) {
        self.region = region;
    }

    /// The smallest known region the site lies in.
    pub fn region(&self) -> RegionId {
        self.region
    }

    /// Other names.
    pub fn aliases(&self) -> &[Box<str>] {
        &self.aliases
    }

    /// What the site produces or handles.
    pub fn products(&self) -> &[Box<str>] {
        &self.products
    }

    /// Who runs it, when known.
    pub fn operated_by(&self) -> Option<&Operator> {
        self.operator.as_ref()
    }

    /// Where it is, when known.
    pub fn place(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// Keys the site has elsewhere.
    pub fn external_ids(&self) -> &[ExternalId] {
        &self.external_ids
    }

    /// Whether `name` is the site's name or an alias.
    pub fn is_named(&self, name: &str) -> bool {
        same_name(name, &self.name) || self.aliases.iter().any(|a| same_name(name, a))
    }
}

impl Validate for Site {
    fn validation_errors(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let e = EntityKind::Site;
        require_text(&mut out, e, || "name".into(), &self.name);
        for (i, alias) in self.aliases.iter().enumerate() {
            require_text(&mut out, e, || format!("aliases[{i}]"), alias);
        }
        for (i, product) in self.products.iter().enumerate() {
            require_text(&mut out, e, || format!("products[{i}]"), product);
        }
        for (i, id) in self.external_ids.iter().enumerate() {
            require_text(&mut out, e, || format!("external_ids[{i}]"), id.value());
        }
        if let Some(operator) = &self.operator {
            require_text(&mut out, e, || "operator.name".into(), &operator.name);
        }
        out
    }
}

/// Who runs a site: a company and its nationality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    name: Box<str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nationality: Option<CountryCode>,
}

impl Operator {
    /// An operator called `name`, nationality unknown.
    pub fn new(name: impl Into<Box<str>>) -> Self {
        Operator {
            name: name.into(),
            nationality: None,
        }
    }

    /// Sets the country the operator is registered in or owned from.
    #[must_use]
    pub fn nationality(mut self, country: CountryCode) -> Self {
        self.nationality = Some(country);
        self
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The nationality, when known.
    pub fn country(&self) -> Option<CountryCode> {
        self.nationality
    }
}
