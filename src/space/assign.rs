//! Placing incidents and sites in regions by their points.

use std::fmt;

use serde::Serialize;

use super::locate::{RegionIndex, distance_km, on_boundary};
use crate::{
    Dataset, EntityKind, Error, ExternalId, IncidentId, Problem, Region, RegionId, SiteId,
    ValidationError,
};

/// Which side wins where a source's stated region and the boundaries
/// disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefer {
    /// The region whose boundary holds the point.
    Geometry,
    /// The region the source names.
    Stated,
}

/// What a [`Disagreement`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placed {
    /// An incident.
    Incident(IncidentId),
    /// A site.
    Site(SiteId),
}

/// A source whose stated region does not hold the point it gives: a
/// warning, not an error, since either side may be wrong (an old boundary,
/// a slip in the coordinates, a place named after the district it serves).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    placed: Placed,
    external_id: Option<ExternalId>,
    lat: f64,
    lon: f64,
    stated: RegionId,
    checked: RegionId,
    located: Option<RegionId>,
    km: Option<f64>,
    path: (String, String, String),
}

impl Disagreement {
    /// The incident or site, by its id in the [`Located`] dataset.
    pub fn placed(&self) -> Placed {
        self.placed
    }

    /// Its first external id (ACLED `event_id_cnty`, UCDP `id`), when it
    /// has one.
    pub fn external_id(&self) -> Option<&ExternalId> {
        self.external_id.as_ref()
    }

    /// The point, as (latitude, longitude).
    pub fn point(&self) -> (f64, f64) {
        (self.lat, self.lon)
    }

    /// The region the source names.
    pub fn stated(&self) -> RegionId {
        self.stated
    }

    /// The region whose boundary the point lies outside: the stated region,
    /// or, when it has no boundary, its nearest ancestor with one; the stated
    /// region itself when the point lies inside those boundaries but the
    /// geometry places it in another region of the stated one's level.
    pub fn checked(&self) -> RegionId {
        self.checked
    }

    /// The smallest region whose boundary holds the point; `None` when none
    /// does.
    pub fn located(&self) -> Option<RegionId> {
        self.located
    }

    /// The haversine distance in kilometres from the point to the nearest
    /// point of the [checked](Disagreement::checked) region's boundary;
    /// `None` when the point lies inside it (the stated region has no
    /// boundary of its own, and the geometry puts the point elsewhere).
    pub fn distance_km(&self) -> Option<f64> {
        self.km
    }
}

impl Disagreement {
    /// The disagreement in the crate's validation form, to list or
    /// serialise beside other problems: a warning on the `location` of the
    /// incident or site, with [`Problem::OutsideRegion`] naming the
    /// [checked](Disagreement::checked) region by its path.
    ///
    /// ```
    /// use conflict_events::space::Prefer;
    /// use conflict_events::*;
    /// use geo_types::{LineString, MultiPolygon, Polygon};
    /// use time::macros::date;
    ///
    /// let mli = "MLI".parse()?;
    /// let mut events = DatasetBuilder::new();
    /// let mali = events.add_region(Region::country("Mali", mli));
    /// let kayes = events.add_region(Region::new("Kayes", mli, AdminLevel::ADMIN1).parent(mali));
    /// events.add_incident(
    ///     Incident::builder(SubEventType::Attack, DateSpan::day(date!(2026-01-11)), kayes)
    ///         .location(Location::new(12.64, -8.0, GeoPrecision::Exact)?) // Bamako
    ///         .build(),
    /// );
    /// let square = LineString::from(vec![(-12.5, 12.0), (-9.0, 12.0), (-9.0, 15.5), (-12.5, 15.5), (-12.5, 12.0)]);
    /// let mut bounds = DatasetBuilder::new();
    /// let m = bounds.add_region(Region::country("Mali", mli));
    /// bounds.add_region(
    ///     Region::new("Kayes", mli, AdminLevel::ADMIN1)
    ///         .parent(m)
    ///         .geometry(MultiPolygon(vec![Polygon::new(square, vec![])])),
    /// );
    /// let located = events.build()?.with_boundaries(&bounds.build()?, Prefer::Stated)?;
    /// let warning = located.disagreements()[0].to_validation_error();
    /// assert_eq!(
    ///     warning.to_string(),
    ///     "incident #0, location: point (12.64, -8) lies outside the geometry of region #1 (Mali > Kayes)"
    /// );
    /// # Ok::<(), conflict_events::Error>(())
    /// ```
    pub fn to_validation_error(&self) -> ValidationError {
        let (entity, index) = match self.placed {
            Placed::Incident(id) => (EntityKind::Incident, id.as_u32()),
            Placed::Site(id) => (EntityKind::Site, id.as_u32()),
        };
        let error = ValidationError::new(
            entity,
            "location",
            Problem::OutsideRegion {
                region: self.checked.as_u32(),
                name: self.path.1.clone(),
                lat: self.lat,
                lon: self.lon,
            },
        )
        .at(index);
        match &self.external_id {
            Some(id) => error.with_external_id(id.to_string()),
            None => error,
        }
    }
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.placed {
            Placed::Incident(id) => write!(f, "incident #{}", id.as_u32())?,
            Placed::Site(id) => write!(f, "site #{}", id.as_u32())?,
        }
        if let Some(id) = &self.external_id {
            write!(f, " ({id})")?;
        }
        let (stated, checked, located) = &self.path;
        write!(f, " at {}, {}: stated {stated}, but", self.lat, self.lon)?;
        match self.km {
            Some(km) => write!(f, " the point lies {km:.1} km outside {checked}")?,
            None => write!(f, " {checked} has no boundary and the point lies")?,
        }
        match (located.is_empty(), self.km.is_some()) {
            (true, _) => write!(f, " and in no region with a boundary"),
            (false, true) => write!(f, ", in {located}"),
            (false, false) => write!(f, " in {located}"),
        }
    }
}

/// A dataset whose incidents and sites have been placed by their points,
/// with every disagreement found on the way.
#[derive(Debug, Clone)]
pub struct Located {
    data: Dataset,
    boundaries: Vec<Option<RegionId>>,
    disagreements: Vec<Disagreement>,
    refined: usize,
    moved: usize,
    outside: usize,
}

impl Located {
    /// The dataset, its regions merged with the boundaries.
    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    /// The dataset, given up.
    pub fn into_dataset(self) -> Dataset {
        self.data
    }

    /// Where region `boundary` of the boundaries went: its id in the
    /// [merged dataset](Located::dataset), to write a choropleth of the
    /// boundaries with a query of the placed incidents, say.
    pub fn region_of_boundary(&self, boundary: RegionId) -> Option<RegionId> {
        self.boundaries.get(boundary.index()).copied().flatten()
    }

    /// Every incident and site whose stated region does not hold its
    /// point, incidents first, each in id order.
    pub fn disagreements(&self) -> &[Disagreement] {
        &self.disagreements
    }

    /// How many incidents and sites moved to a smaller region inside the
    /// one they stated.
    pub fn refined(&self) -> usize {
        self.refined
    }

    /// How many disagreeing incidents and sites moved to the region the
    /// geometry gives ([`Prefer::Geometry`]).
    pub fn moved(&self) -> usize {
        self.moved
    }

    /// How many located incidents and sites lie in no region with a
    /// boundary.
    pub fn outside(&self) -> usize {
        self.outside
    }
}

impl Dataset {
    /// Merges the regions of `boundaries` (typically read from GeoJSON by
    /// [`io::geojson`](crate::io::geojson)) into this dataset's, then places
    /// every located incident and site in the smallest region whose
    /// boundary holds its point.
    ///
    /// **Merging.** A boundary region is the same as one of this dataset's
    /// when it has the same country and level, lies under the same
    /// (merged) parent, and [answers to](Region::answers_to) the other's
    /// name or p-code, loosely ("Djenné cercle" is "Djenne"); failing that,
    /// the same as the regions of its country and level anywhere that
    /// answer so (a cercle whose region was split off later, or one that a
    /// source files under two regions: UCDP puts Abeïbara under both Kidal
    /// and Gao). A matched region takes the boundary (of the last boundary
    /// region matching it, if several do), a missing p-code and the other
    /// names as aliases; an unmatched one is added under its merged parent.
    ///
    /// **Placing**, for each incident and site with a location, by
    /// [`RegionIndex`]'s rules:
    ///
    /// - when the geometry finds a region inside the stated one, the
    ///   incident moves there (ACLED's "Kayes" becomes the cercle of
    ///   Bafoulabe), whatever `prefer` says: the source is not contradicted,
    ///   only made precise;
    /// - when the boundary of the stated region, or of its nearest ancestor
    ///   with one, does not hold the point (nor has it on its border), or
    ///   when the stated region has no boundary of its own and the geometry
    ///   places the point in another region of its level and in none
    ///   inside it (UCDP's
    ///   "Andéramboukane cercle", created in 2016, for a point in the older
    ///   frame's cercle of Menaka), that is a
    ///   [`Disagreement`], reported with the distance from the point to the
    ///   boundary it lies outside, and `prefer` decides: [`Prefer::Geometry`] moves the
    ///   incident to the region the geometry finds (if any),
    ///   [`Prefer::Stated`] keeps the stated one;
    /// - otherwise (the stated region is finer than any boundary, or the
    ///   source names no region with one) the stated region stays.
    ///
    /// A site may not lie outside its region's boundary (the builder's
    /// rule), so a disagreeing site that is not moved to the region the
    /// geometry finds goes up from its stated region to the nearest one
    /// whose boundary, or whose nearest ancestor's, does not contradict its
    /// point; it is reported all the same.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the merged dataset breaks a rule: a site
    /// whose point lies outside the boundary of even its country.
    pub fn with_boundaries(self, boundaries: &Dataset, prefer: Prefer) -> Result<Located, Error> {
        let mut builder = self.into_builder();
        let merged = merge(&mut builder.regions, boundaries.regions());
        let regions = &builder.regions;
        let index = RegionIndex::new(regions);
        let parents: Vec<Option<RegionId>> = regions.iter().map(Region::parent_id).collect();
        let within = |mut region: RegionId, ancestor: RegionId| loop {
            if region == ancestor {
                return true;
            }
            match parents.get(region.index()).copied().flatten() {
                Some(parent) => region = parent,
                None => return false,
            }
        };
        // The region, or its nearest ancestor, with a boundary in the index.
        let bounded = |mut region: RegionId| loop {
            if index.has_boundary(region) {
                return Some(region);
            }
            region = parents.get(region.index()).copied().flatten()?;
        };
        // Whether `region`'s boundary holds the point, or has it on its
        // border (a closed test, for the few points the first one refuses).
        let holds = |region: RegionId, (lat, lon): (f64, f64)| {
            index.contains(region, lat, lon)
                || regions
                    .get(region.index())
                    .is_some_and(|r| on_boundary(r, lat, lon))
        };
        let path = |region: Option<RegionId>| {
            let mut names = Vec::new();
            let mut current = region;
            while let Some(r) = current.and_then(|id| regions.get(id.index())) {
                names.push(r.name());
                current = r.parent_id();
            }
            names.reverse();
            names.join(" > ")
        };
        let level = |region: RegionId| regions.get(region.index()).map(|r| r.level());
        let (mut disagreements, mut refined, mut moved_count, mut outside) = (Vec::new(), 0, 0, 0);
        // Decides one point's region: `None` to keep the stated one.
        let mut place = |placed: Placed,
                         external_id: Option<&ExternalId>,
                         stated: RegionId,
                         point: (f64, f64)|
         -> Option<RegionId> {
            let (lat, lon) = point;
            // Every region holding the point, the preferred first; when one
            // of them lies in the stated region, it is the one to take.
            let holders = index.holders_in_order(lat, lon);
            let inside = holders.iter().copied().find(|&h| within(h, stated));
            let located = inside.or_else(|| holders.first().copied());
            if located.is_none() {
                outside += 1;
            }
            let checked = bounded(stated);
            // The source is contradicted when the boundary it names (or the
            // nearest above it) does not hold the point, or, when what it
            // names has no boundary, when the geometry puts the point in
            // another region of the same level and in none inside it.
            let outside_checked = checked.is_some_and(|c| !holds(c, point));
            let elsewhere = checked != Some(stated)
                && inside.is_none()
                && holders.iter().any(|&h| level(h) == level(stated));
            if !outside_checked && !elsewhere {
                let finer = inside.filter(|&l| l != stated);
                refined += usize::from(finer.is_some());
                return finer;
            }
            let (checked, km) = match checked.filter(|_| outside_checked) {
                Some(c) => (
                    c,
                    regions
                        .get(c.index())
                        .and_then(|r| distance_km(r, lat, lon)),
                ),
                None => (stated, None),
            };
            disagreements.push(Disagreement {
                placed,
                external_id: external_id.cloned(),
                lat,
                lon,
                stated,
                checked,
                located,
                km,
                path: (path(Some(stated)), path(Some(checked)), path(located)),
            });
            let moved = located.filter(|_| prefer == Prefer::Geometry);
            moved_count += usize::from(moved.is_some());
            if moved.is_some() || !matches!(placed, Placed::Site(_)) {
                return moved;
            }
            // A site must not lie outside its region's boundary: up from
            // the stated region to the first that does not contradict it.
            let mut region = Some(stated);
            while let Some(r) = region {
                match bounded(r) {
                    Some(b) if !holds(b, point) => {
                        region = parents.get(b.index()).copied().flatten();
                    }
                    _ => return (r != stated).then_some(r),
                }
            }
            None
        };
        let mut incident_regions = Vec::new();
        for (i, incident) in builder.incidents.iter().enumerate() {
            let Some(location) = incident.location() else {
                continue;
            };
            let id = IncidentId::new(u32::try_from(i).unwrap_or(u32::MAX));
            let point = (location.lat(), location.lon());
            let external = incident.external_ids().first();
            if let Some(region) = place(Placed::Incident(id), external, incident.region(), point) {
                incident_regions.push((i, region));
            }
        }
        let mut site_regions = Vec::new();
        for (s, site) in builder.sites.iter().enumerate() {
            let Some(location) = site.place() else {
                continue;
            };
            let id = SiteId::new(u32::try_from(s).unwrap_or(u32::MAX));
            let point = (location.lat(), location.lon());
            let external = site.external_ids().first();
            if let Some(region) = place(Placed::Site(id), external, site.region(), point) {
                site_regions.push((s, region));
            }
        }
        for (i, region) in incident_regions {
            builder.incidents[i].set_region(region);
        }
        for (s, region) in site_regions {
            builder.sites[s].set_region(region);
        }
        Ok(Located {
            data: builder.build()?,
            boundaries: merged,
            disagreements,
            refined,
            moved: moved_count,
            outside,
        })
    }
}

/// Merges `boundaries` into `regions`, as [`Dataset::with_boundaries`]
/// describes; returns where each boundary region went.
fn merge(regions: &mut Vec<Region>, boundaries: &[Region]) -> Vec<Option<RegionId>> {
    let id = |k: usize| RegionId::new(u32::try_from(k).unwrap_or(u32::MAX));
    let mut to: Vec<Option<RegionId>> = vec![None; boundaries.len()];
    // Parents before children.
    let mut order: Vec<usize> = (0..boundaries.len()).collect();
    order.sort_by_key(|&b| (boundaries[b].level(), b));
    for b in order {
        let boundary = &boundaries[b];
        let parent = boundary
            .parent_id()
            .and_then(|p| to.get(p.index()).copied().flatten());
        let same_place = |r: &Region| {
            r.country_code() == boundary.country_code()
                && r.level() == boundary.level()
                && (r.answers_to(boundary.name())
                    || boundary.answers_to(r.name())
                    || boundary
                        .place_code()
                        .is_some_and(|code| r.place_code() == Some(code)))
        };
        let under_parent: Vec<usize> = (0..regions.len())
            .filter(|&r| regions[r].parent_id() == parent && same_place(&regions[r]))
            .collect();
        let matched = if under_parent.is_empty() && boundary.level() != crate::AdminLevel::COUNTRY {
            (0..regions.len())
                .filter(|&r| same_place(&regions[r]))
                .collect()
        } else {
            under_parent
        };
        // A place a source files under two parents (UCDP puts Abeïbara
        // under both Kidal and Gao) takes the boundary in both.
        let target = match matched.first() {
            Some(&first) => {
                for &r in &matched {
                    regions[r].absorb(boundary);
                }
                first
            }
            None => {
                let mut copy = boundary.clone();
                copy.set_parent(parent);
                regions.push(copy);
                regions.len() - 1
            }
        };
        to[b] = Some(id(target));
    }
    to
}
