//! Placing incidents and sites in regions by their points.

use std::fmt;

use serde::Serialize;

use super::locate::{RegionIndex, distance_km};
use crate::{Dataset, Error, ExternalId, IncidentId, Region, RegionId, SiteId};

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
    km: f64,
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
    /// or, when it has no boundary, its nearest ancestor with one.
    pub fn checked(&self) -> RegionId {
        self.checked
    }

    /// The smallest region whose boundary holds the point; `None` when none
    /// does.
    pub fn located(&self) -> Option<RegionId> {
        self.located
    }

    /// The haversine distance in kilometres from the point to the nearest
    /// point of the [checked](Disagreement::checked) region's boundary.
    pub fn distance_km(&self) -> f64 {
        self.km
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
        write!(
            f,
            " at {}, {}: stated {stated}, but the point lies {:.1} km outside {checked}",
            self.lat, self.lon, self.km
        )?;
        if located.is_empty() {
            write!(f, " and in no region with a boundary")
        } else {
            write!(f, ", in {located}")
        }
    }
}

/// A dataset whose incidents and sites have been placed by their points,
/// with every disagreement found on the way.
#[derive(Debug, Clone)]
pub struct Located {
    data: Dataset,
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
    /// when it is the only region of its country and level that does (a
    /// cercle whose region was split off later). A matched region takes the
    /// boundary, a missing p-code and the other names as aliases (where a
    /// source files one place under two parents, both take it); an
    /// unmatched one is added under its merged parent.
    ///
    /// **Placing**, for each incident and site with a location:
    ///
    /// - when the geometry finds a region inside the stated one, the
    ///   incident moves there (ACLED's "Kayes" becomes the cercle of
    ///   Bafoulabe), whatever `prefer` says: the source is not contradicted,
    ///   only made precise;
    /// - when the boundary of the stated region, or of its nearest ancestor
    ///   with one, does not hold the point, that is a [`Disagreement`], reported with
    ///   the distance from the point to that boundary, and `prefer`
    ///   decides: [`Prefer::Geometry`] moves the incident to the region the
    ///   geometry finds (if any), [`Prefer::Stated`] keeps the stated one;
    /// - otherwise (the stated region is finer than any boundary, or the
    ///   source names no region with one) the stated region stays.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the merged dataset breaks a rule: with
    /// [`Prefer::Stated`], a site whose stated region's new boundary does
    /// not hold its point.
    pub fn with_boundaries(self, boundaries: &Dataset, prefer: Prefer) -> Result<Located, Error> {
        let mut builder = self.into_builder();
        merge(&mut builder.regions, boundaries.regions());
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
        let bounded = |mut region: RegionId| loop {
            let r = regions.get(region.index())?;
            if r.boundary().is_some() {
                return Some(region);
            }
            region = r.parent_id()?;
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
        let (mut disagreements, mut refined, mut moved_count, mut outside) = (Vec::new(), 0, 0, 0);
        // Decides one point's region: `None` to keep the stated one.
        let mut place = |placed: Placed,
                         external_id: Option<&ExternalId>,
                         stated: RegionId,
                         (lat, lon): (f64, f64)|
         -> Option<RegionId> {
            let located = index.locate(lat, lon);
            if located.is_none() {
                outside += 1;
            }
            let checked = bounded(stated);
            let holds = checked.is_none_or(|checked| index.contains(checked, lat, lon));
            if holds {
                let finer = located.filter(|&l| l != stated && within(l, stated));
                refined += usize::from(finer.is_some());
                return finer;
            }
            let checked = checked?;
            let km = regions
                .get(checked.index())
                .and_then(|r| distance_km(r, lat, lon))
                .unwrap_or(f64::NAN);
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
            moved
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
