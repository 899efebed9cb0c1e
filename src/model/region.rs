//! Administrative regions: countries and their divisions, with names,
//! codes and optional boundaries.

use std::fmt;

use geo_types::MultiPolygon;
use serde::{Deserialize, Serialize};

use crate::model::names::{place_key, same_name};
use crate::model::validate::require_text;
use crate::{CountryCode, EntityKind, Error, Problem, RegionId, Validate, ValidationError};

/// An administrative level: 0 for a country, 1 for its first-order
/// divisions (a region of Mali), 2 for the second (a cercle), 3 for the
/// third (a commune).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct AdminLevel(u8);

impl AdminLevel {
    /// A country.
    pub const COUNTRY: AdminLevel = AdminLevel(0);
    /// A first-order division (ACLED `admin1`, UCDP `adm_1`).
    pub const ADMIN1: AdminLevel = AdminLevel(1);
    /// A second-order division (ACLED `admin2`, UCDP `adm_2`).
    pub const ADMIN2: AdminLevel = AdminLevel(2);
    /// A third-order division (ACLED `admin3`).
    pub const ADMIN3: AdminLevel = AdminLevel(3);

    /// Level `level`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `level` is in 0–3.
    pub fn new(level: u8) -> Result<Self, Error> {
        if level <= 3 {
            Ok(AdminLevel(level))
        } else {
            Err(Error::invalid(
                "level",
                "an admin level from 0 to 3",
                level.to_string(),
            ))
        }
    }

    /// The level as a number.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for AdminLevel {
    type Error = Error;

    fn try_from(level: u8) -> Result<Self, Error> {
        AdminLevel::new(level)
    }
}

impl From<AdminLevel> for u8 {
    fn from(level: AdminLevel) -> u8 {
        level.0
    }
}

impl fmt::Display for AdminLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "admin{}", self.0)
    }
}

/// A country or one of its administrative divisions.
///
/// ```
/// use conflict_events::{AdminLevel, DatasetBuilder, Region};
///
/// let mali_code = "MLI".parse()?;
/// let mut builder = DatasetBuilder::new();
/// let mali = builder.add_region(Region::country("Mali", mali_code));
/// let segou = Region::new("Ségou", mali_code, AdminLevel::ADMIN1)
///     .parent(mali)
///     .alias("Segou")
///     .pcode("ML04");
/// assert!(segou.is_named("SEGOU"));
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    name: Box<str>,
    country: CountryCode,
    level: AdminLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<RegionId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<Box<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pcode: Option<Box<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    geometry: Option<MultiPolygon<f64>>,
}

impl Region {
    /// A region called `name` at `level` in `country`. Below level 0 it
    /// needs a [`parent`](Region::parent).
    pub fn new(name: impl Into<Box<str>>, country: CountryCode, level: AdminLevel) -> Self {
        Region {
            name: name.into(),
            country,
            level,
            parent: None,
            aliases: Vec::new(),
            pcode: None,
            geometry: None,
        }
    }

    /// A country (admin level 0).
    pub fn country(name: impl Into<Box<str>>, code: CountryCode) -> Self {
        Region::new(name, code, AdminLevel::COUNTRY)
    }

    /// Sets the region this one lies in.
    #[must_use]
    pub fn parent(mut self, parent: RegionId) -> Self {
        self.parent = Some(parent);
        self
    }

    /// Adds another spelling of the name.
    #[must_use]
    pub fn alias(mut self, alias: impl Into<Box<str>>) -> Self {
        self.aliases.push(alias.into());
        self
    }

    /// Sets the place code (OCHA p-code), e.g. `ML0101`.
    #[must_use]
    pub fn pcode(mut self, pcode: impl Into<Box<str>>) -> Self {
        self.pcode = Some(pcode.into());
        self
    }

    /// Sets the boundary, lon/lat in WGS 84.
    #[must_use]
    pub fn geometry(mut self, geometry: MultiPolygon<f64>) -> Self {
        self.geometry = Some(geometry);
        self
    }

    /// The main name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The country the region belongs to.
    pub fn country_code(&self) -> CountryCode {
        self.country
    }

    /// The administrative level.
    pub fn level(&self) -> AdminLevel {
        self.level
    }

    /// The region this one lies in; `None` for a country.
    pub fn parent_id(&self) -> Option<RegionId> {
        self.parent
    }

    /// Other spellings of the name.
    pub fn aliases(&self) -> &[Box<str>] {
        &self.aliases
    }

    /// The place code, when known.
    pub fn place_code(&self) -> Option<&str> {
        self.pcode.as_deref()
    }

    /// The boundary, when known.
    pub fn boundary(&self) -> Option<&MultiPolygon<f64>> {
        self.geometry.as_ref()
    }

    /// Whether `name` is the region's name or an alias, ignoring case,
    /// with any run of spaces and punctuation as one word break. Accents
    /// count: add unaccented spellings as aliases.
    pub fn is_named(&self, name: &str) -> bool {
        same_name(name, &self.name) || self.aliases.iter().any(|a| same_name(name, a))
    }
}

impl Region {
    /// Whether `name` names this region loosely: its name, an alias or its
    /// place code, ignoring case, accents, punctuation and words for a kind
    /// of unit, so that UCDP's "Djenné cercle" names a cercle a boundary
    /// file calls "Djenne".
    ///
    /// ```
    /// use conflict_events::{AdminLevel, Region, RegionId};
    ///
    /// let menaka = Region::new("Menaka", "MLI".parse()?, AdminLevel::ADMIN2)
    ///     .parent(RegionId::new(0))
    ///     .pcode("ML0704");
    /// assert!(menaka.answers_to("Ménaka cercle"));
    /// assert!(menaka.answers_to("ml0704"));
    /// assert!(!menaka.answers_to("Gao"));
    /// # Ok::<(), conflict_events::Error>(())
    /// ```
    pub fn answers_to(&self, name: &str) -> bool {
        let key = place_key(name);
        place_key(&self.name) == key
            || self.aliases.iter().any(|a| place_key(a) == key)
            || self.pcode.as_deref().is_some_and(|p| place_key(p) == key)
    }
}

impl Region {
    /// Takes the boundary, p-code and names of `other`, the same place
    /// described elsewhere: its boundary replaces this one's, its p-code
    /// fills a missing one, and its names this one does not answer to
    /// become aliases.
    pub(crate) fn absorb(&mut self, other: &Region) {
        if let Some(boundary) = &other.geometry {
            self.geometry = Some(boundary.clone());
        }
        if self.pcode.is_none() {
            self.pcode.clone_from(&other.pcode);
        }
        for name in std::iter::once(&other.name).chain(&other.aliases) {
            if !self.is_named(name) {
                self.aliases.push(name.clone());
            }
        }
    }

    /// Sets the parent.
    pub(crate) fn set_parent(&mut self, parent: Option<RegionId>) {
        self.parent = parent;
    }

    /// Replaces the parent id `old` by `new[old]`.
    pub(crate) fn remap(&mut self, new: &[u32]) {
        if let Some(parent) = &mut self.parent {
            *parent = RegionId::new(new[parent.index()]);
        }
    }
}

impl Validate for Region {
    fn validation_errors(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let e = EntityKind::Region;
        require_text(&mut out, e, || "name".into(), &self.name);
        for (i, alias) in self.aliases.iter().enumerate() {
            require_text(&mut out, e, || format!("aliases[{i}]"), alias);
        }
        if let Some(pcode) = &self.pcode {
            require_text(&mut out, e, || "pcode".into(), pcode);
        }
        match (self.level, self.parent) {
            (AdminLevel::COUNTRY, Some(_)) => {
                out.push(ValidationError::new(
                    e,
                    "parent",
                    Problem::CountryWithParent,
                ));
            }
            (level, None) if level != AdminLevel::COUNTRY => out.push(ValidationError::new(
                e,
                "parent",
                Problem::MissingParent { level: level.get() },
            )),
            _ => {}
        }
        if let Some(geometry) = &self.geometry {
            use geo::CoordsIter;
            if geometry
                .coords_iter()
                .any(|c| !(c.x.is_finite() && c.y.is_finite()))
            {
                out.push(ValidationError::new(
                    e,
                    "geometry",
                    Problem::NonFiniteCoordinate,
                ));
            }
            if geometry.0.is_empty() {
                out.push(ValidationError::new(
                    e,
                    "geometry",
                    Problem::EmptyBoundary {
                        polygon: None,
                        ring: 0,
                    },
                ));
            }
            for (p, polygon) in geometry.iter().enumerate() {
                let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
                for (r, ring) in rings.enumerate() {
                    let positions = ring.0.len();
                    let problem = if positions < 4 || !ring.is_closed() {
                        Problem::BadRing {
                            polygon: p,
                            ring: r,
                            positions,
                        }
                    } else if geo::Area::unsigned_area(&geo_types::Polygon::new(
                        ring.clone(),
                        Vec::new(),
                    )) == 0.0
                    {
                        Problem::EmptyBoundary {
                            polygon: Some(p),
                            ring: r,
                        }
                    } else {
                        continue;
                    };
                    out.push(ValidationError::new(e, "geometry", problem));
                }
            }
        }
        out
    }
}
