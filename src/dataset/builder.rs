//! Collecting entities and checking every rule before a dataset is built.

mod canonical;

use geo::Intersects;
use time::Date;

use crate::model::validate::Validate;
use crate::{
    AdminLevel, Blockade, BlockadeId, Dataset, EntityKind, Error, ExternalId, Group, GroupId,
    Incident, Problem, Region, RegionId, Site, SiteId, ValidationError, ValidationErrors,
};
pub(crate) use canonical::{Renumbering, SortKey, Usage, arrange, canonical_order, external_id};

/// Collects groups, regions, sites, blockades and incidents, then checks
/// every rule and builds an immutable, indexed [`Dataset`].
///
/// Entities refer to each other by the ids the `add_*` methods return.
/// [`build`](DatasetBuilder::build) reports every problem at once, each
/// naming the entity (its index in the order added, and its external id
/// where it has one), the field and the reason.
///
/// ```
/// use conflict_events::{Blockade, Commodity, DatasetBuilder, GroupId};
/// use time::macros::date;
///
/// let mut builder = DatasetBuilder::new();
/// // A blockade imposed by a group that was never added, ending before it starts.
/// builder.add_blockade(
///     Blockade::new("Fuel", Commodity::Fuel, date!(2025-09-03))
///         .imposed_by(GroupId::new(7))
///         .ended(date!(2025-09-01)),
/// );
/// let err = builder.build().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "2 validation problems:\n  \
///      blockade #0, end: ends on 2025-09-01, before it starts on 2025-09-03\n  \
///      blockade #0, imposers[0]: refers to group #7, but the dataset has 0 groups"
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DatasetBuilder {
    pub(crate) as_of: Option<Date>,
    pub(crate) groups: Vec<Group>,
    pub(crate) regions: Vec<Region>,
    pub(crate) sites: Vec<Site>,
    pub(crate) blockades: Vec<Blockade>,
    pub(crate) incidents: Vec<Incident>,
}

/// The id the next entity pushed onto `list` will get.
fn next_index<T>(list: &[T]) -> u32 {
    u32::try_from(list.len()).unwrap_or(u32::MAX)
}

impl DatasetBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        DatasetBuilder::default()
    }

    /// Sets the day the data is current to: no incident may be dated after it.
    #[must_use]
    pub fn as_of(mut self, date: Date) -> Self {
        self.as_of = Some(date);
        self
    }

    /// Adds a group and returns its id.
    pub fn add_group(&mut self, group: Group) -> GroupId {
        let id = GroupId::new(next_index(&self.groups));
        self.groups.push(group);
        id
    }

    /// Adds a region and returns its id.
    pub fn add_region(&mut self, region: Region) -> RegionId {
        let id = RegionId::new(next_index(&self.regions));
        self.regions.push(region);
        id
    }

    /// Adds a site and returns its id.
    pub fn add_site(&mut self, site: Site) -> SiteId {
        let id = SiteId::new(next_index(&self.sites));
        self.sites.push(site);
        id
    }

    /// Adds a blockade and returns its id.
    pub fn add_blockade(&mut self, blockade: Blockade) -> BlockadeId {
        let id = BlockadeId::new(next_index(&self.blockades));
        self.blockades.push(blockade);
        id
    }

    /// Adds an incident and returns its position among the incidents
    /// added, which validation problems use to name it. The built dataset
    /// numbers incidents in date order instead.
    pub fn add_incident(&mut self, incident: Incident) -> u32 {
        let index = next_index(&self.incidents);
        self.incidents.push(incident);
        index
    }

    /// The groups added so far.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The regions added so far.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The sites added so far.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// The blockades added so far.
    pub fn blockades(&self) -> &[Blockade] {
        &self.blockades
    }

    /// The incidents added so far, in the order added.
    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }

    /// Checks every rule and builds the dataset.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem found; see
    /// [`validation_errors`](Validate::validation_errors).
    pub fn build(self) -> Result<Dataset, Error> {
        ValidationErrors::check(self.validation_errors())?;
        Ok(Dataset::from_valid(self))
    }
}

impl Validate for DatasetBuilder {
    /// Every problem, grouped by entity kind (groups, regions, sites,
    /// blockades, incidents) and in the order the entities were added.
    fn validation_errors(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let mut refs = Refs {
            builder: self,
            out: &mut out,
        };
        refs.groups();
        refs.regions();
        refs.sites();
        refs.blockades();
        refs.incidents();
        // Regions and blockades have no external ids.
        for kind in [EntityKind::Group, EntityKind::Site, EntityKind::Incident] {
            duplicate_external_ids(self, kind, &mut out);
        }
        out.sort_by_key(|e| (e.entity(), e.index()));
        out
    }
}

/// Names an entity in a problem: its index and first non-blank external id.
fn name(error: ValidationError, index: usize, ids: &[ExternalId]) -> ValidationError {
    let error = error.at(u32::try_from(index).unwrap_or(u32::MAX));
    match ids.iter().find(|id| !id.value().trim().is_empty()) {
        Some(id) => error.with_external_id(id.to_string()),
        None => error,
    }
}

/// The reference checks, with where to put what they find.
struct Refs<'a> {
    builder: &'a DatasetBuilder,
    out: &'a mut Vec<ValidationError>,
}

impl Refs<'_> {
    /// Pushes a dangling-reference problem unless `index` is below the
    /// number of entities of kind `target`; returns whether it exists.
    fn exists(
        &mut self,
        entity: EntityKind,
        field: impl FnOnce() -> String,
        target: EntityKind,
        index: u32,
    ) -> bool {
        let b = self.builder;
        let count = match target {
            EntityKind::Group => b.groups.len(),
            EntityKind::Region => b.regions.len(),
            EntityKind::Site => b.sites.len(),
            EntityKind::Incident => b.incidents.len(),
            EntityKind::Blockade => b.blockades.len(),
        };
        let ok = (index as usize) < count;
        if !ok {
            self.out.push(ValidationError::new(
                entity,
                field(),
                Problem::DanglingReference {
                    target,
                    index,
                    count,
                },
            ));
        }
        ok
    }

    /// Checks each entity of one kind with `check`, then names the
    /// problems it pushed after that entity.
    fn each<T>(
        &mut self,
        list: &[T],
        ids: impl Fn(&T) -> &[ExternalId],
        mut check: impl FnMut(&mut Self, usize, &T),
    ) where
        T: Validate,
    {
        for (i, item) in list.iter().enumerate() {
            let before = self.out.len();
            self.out.extend(item.validation_errors());
            check(self, i, item);
            for error in &mut self.out[before..] {
                *error = name(error.clone(), i, ids(item));
            }
        }
    }

    fn groups(&mut self) {
        let groups = &self.builder.groups;
        self.each(groups, Group::external_ids, |refs, i, group| {
            for (k, a) in group.affiliations().iter().enumerate() {
                let field = || format!("affiliations[{k}].parent");
                if a.parent().index() == i {
                    refs.out.push(ValidationError::new(
                        EntityKind::Group,
                        field(),
                        Problem::SelfReference,
                    ));
                } else {
                    refs.exists(
                        EntityKind::Group,
                        field,
                        EntityKind::Group,
                        a.parent().as_u32(),
                    );
                }
            }
        });
        // A cycle of two or more groups through their affiliations, reported
        // once, on the group with the lowest index in it.
        for start in 0..groups.len() {
            if let Some(path) = affiliation_cycle(groups, start) {
                let error = ValidationError::new(
                    EntityKind::Group,
                    "affiliations",
                    Problem::Cycle { path },
                );
                self.out
                    .push(name(error, start, groups[start].external_ids()));
            }
        }
    }

    fn regions(&mut self) {
        let regions = &self.builder.regions;
        self.each(
            regions,
            |_| &[],
            |refs, _, region| {
                // A country with a parent is the region's own problem, reported once.
                let Some(parent) = region
                    .parent_id()
                    .filter(|_| region.level() != AdminLevel::COUNTRY)
                else {
                    return;
                };
                if !refs.exists(
                    EntityKind::Region,
                    || "parent".into(),
                    EntityKind::Region,
                    parent.as_u32(),
                ) {
                    return;
                }
                let parent = &regions[parent.index()];
                if parent.level() >= region.level() {
                    refs.out.push(ValidationError::new(
                        EntityKind::Region,
                        "parent",
                        Problem::ParentLevel {
                            level: region.level().get(),
                            parent_level: parent.level().get(),
                        },
                    ));
                }
                if parent.country_code() != region.country_code() {
                    refs.out.push(ValidationError::new(
                        EntityKind::Region,
                        "country",
                        Problem::CountryMismatch {
                            country: region.country_code().to_string(),
                            parent_country: parent.country_code().to_string(),
                        },
                    ));
                }
            },
        );
    }

    fn sites(&mut self) {
        let regions = &self.builder.regions;
        self.each(&self.builder.sites, Site::external_ids, |refs, _, site| {
            let region = site.region();
            if !refs.exists(
                EntityKind::Site,
                || "region".into(),
                EntityKind::Region,
                region.as_u32(),
            ) {
                return;
            }
            let Some(location) = site.place() else {
                return;
            };
            // The site's region, or its nearest ancestor with a boundary.
            let mut current = Some(region);
            let mut steps = 0;
            while let Some(id) = current.filter(|_| steps <= regions.len()) {
                let Some(r) = regions.get(id.index()) else {
                    return;
                };
                if let Some(boundary) = r.boundary() {
                    if !boundary.intersects(&location.point()) {
                        refs.out.push(ValidationError::new(
                            EntityKind::Site,
                            "location",
                            Problem::OutsideRegion {
                                region: id.as_u32(),
                                name: r.name().to_owned(),
                                lat: location.lat(),
                                lon: location.lon(),
                            },
                        ));
                    }
                    return;
                }
                current = r.parent_id();
                steps += 1;
            }
        });
    }

    /// Checks that each id of the list `field` exists and appears once;
    /// `ids` gives each id's index and its name for messages.
    fn distinct_refs(
        &mut self,
        entity: EntityKind,
        field: &str,
        target: EntityKind,
        ids: impl Iterator<Item = (u32, String)>,
    ) {
        let mut seen = Vec::new();
        for (k, (index, name)) in ids.enumerate() {
            self.exists(entity, || format!("{field}[{k}]"), target, index);
            if seen.contains(&index) {
                self.out.push(ValidationError::new(
                    entity,
                    format!("{field}[{k}]"),
                    Problem::Duplicate { value: name },
                ));
            }
            seen.push(index);
        }
    }

    fn blockades(&mut self) {
        self.each(
            &self.builder.blockades,
            |_| &[],
            |refs, _, blockade| {
                let e = EntityKind::Blockade;
                let imposers = blockade
                    .imposers()
                    .iter()
                    .map(|g| (g.as_u32(), g.to_string()));
                refs.distinct_refs(e, "imposers", EntityKind::Group, imposers);
                let regions = blockade
                    .affected_regions()
                    .iter()
                    .map(|r| (r.as_u32(), r.to_string()));
                refs.distinct_refs(e, "regions", EntityKind::Region, regions);
                for (k, period) in blockade.severity_periods().iter().enumerate() {
                    if let Some(region) = period.region() {
                        refs.exists(
                            e,
                            || format!("severity[{k}].region"),
                            EntityKind::Region,
                            region.as_u32(),
                        );
                    }
                }
                for (k, impact) in blockade.impacts().iter().enumerate() {
                    if let Some(region) = impact.region() {
                        refs.exists(
                            e,
                            || format!("impacts[{k}].region"),
                            EntityKind::Region,
                            region.as_u32(),
                        );
                    }
                }
            },
        );
    }

    fn incidents(&mut self) {
        let b = self.builder;
        self.each(&b.incidents, Incident::external_ids, |refs, _, incident| {
            let e = EntityKind::Incident;
            refs.exists(
                e,
                || "region".into(),
                EntityKind::Region,
                incident.region().as_u32(),
            );
            for (k, actor) in incident.actors().iter().enumerate() {
                refs.exists(
                    e,
                    || format!("actors[{k}].group"),
                    EntityKind::Group,
                    actor.group().as_u32(),
                );
            }
            for (k, target) in incident.targets().iter().enumerate() {
                if let Some(site) = target.site_id() {
                    refs.exists(
                        e,
                        || format!("targets[{k}].site"),
                        EntityKind::Site,
                        site.as_u32(),
                    );
                }
                if let Some(group) = target.group_id() {
                    refs.exists(
                        e,
                        || format!("targets[{k}].group"),
                        EntityKind::Group,
                        group.as_u32(),
                    );
                }
            }
            if let Some(blockade) = incident.blockade()
                && refs.exists(
                    e,
                    || "blockade".into(),
                    EntityKind::Blockade,
                    blockade.as_u32(),
                )
            {
                let start = b.blockades[blockade.index()].start();
                if incident.when().start() < start {
                    refs.out.push(ValidationError::new(
                        e,
                        "when",
                        Problem::BeforeBlockade {
                            blockade_start: start,
                            date: incident.when().start(),
                        },
                    ));
                }
            }
            if let Some(as_of) = b.as_of
                && incident.when().end() > as_of
            {
                refs.out.push(ValidationError::new(
                    e,
                    "when",
                    Problem::AfterAsOf {
                        date: incident.when().end(),
                        as_of,
                    },
                ));
            }
        });
    }
}

/// The cycle through affiliations that starts at `start`, if `start` is the
/// lowest index on it.
fn affiliation_cycle(groups: &[Group], start: usize) -> Option<Vec<u32>> {
    // Depth-first search over parent links for a way back to `start`
    // through groups with higher indexes only; each group is entered once.
    let mut stack = vec![(start, 0usize)];
    let mut seen = vec![false; groups.len()];
    seen[start] = true;
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        let parents = groups[node].affiliations();
        if *next >= parents.len() {
            stack.pop();
            continue;
        }
        let parent = parents[*next].parent().index();
        *next += 1;
        if parent == start && node != start {
            let mut path: Vec<u32> = stack
                .iter()
                .map(|(n, _)| u32::try_from(*n).unwrap_or(u32::MAX))
                .collect();
            path.push(u32::try_from(start).unwrap_or(u32::MAX));
            return Some(path);
        }
        if parent > start && parent < groups.len() && !seen[parent] {
            seen[parent] = true;
            stack.push((parent, 0));
        }
    }
    None
}

/// Pushes a problem for each external id already used by an earlier
/// entity of the same kind.
fn duplicate_external_ids(b: &DatasetBuilder, kind: EntityKind, out: &mut Vec<ValidationError>) {
    let lists: Vec<&[ExternalId]> = match kind {
        EntityKind::Group => b.groups.iter().map(Group::external_ids).collect(),
        EntityKind::Site => b.sites.iter().map(Site::external_ids).collect(),
        EntityKind::Incident => b.incidents.iter().map(Incident::external_ids).collect(),
        EntityKind::Region | EntityKind::Blockade => return,
    };
    let mut seen: std::collections::HashMap<&ExternalId, usize> = std::collections::HashMap::new();
    for (i, ids) in lists.iter().enumerate() {
        for (k, id) in ids.iter().enumerate() {
            match seen.get(id) {
                Some(&first) => {
                    let problem = if first == i {
                        Problem::Duplicate {
                            value: id.to_string(),
                        }
                    } else {
                        Problem::DuplicateExternalId {
                            value: id.to_string(),
                            first: u32::try_from(first).unwrap_or(u32::MAX),
                        }
                    };
                    let error = ValidationError::new(kind, format!("external_ids[{k}]"), problem);
                    out.push(name(error, i, ids));
                }
                None => {
                    seen.insert(id, i);
                }
            }
        }
    }
}
