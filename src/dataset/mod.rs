//! The validated, immutable, indexed collection of entities.

pub(crate) mod builder;
mod index;
mod serde;

use time::Date;

use crate::model::names::same_name;
use crate::{
    Blockade, BlockadeId, DatasetBuilder, Group, GroupId, Incident, IncidentId, Region, RegionId,
    Site, SiteId,
};
use index::{Index, Postings};

/// All groups, regions, sites, blockades and incidents of one body of data,
/// checked and indexed.
///
/// A `Dataset` is built by a [`DatasetBuilder`], which refuses any broken
/// rule, so a `Dataset` in hand is valid and queries need not check again.
/// Incidents are numbered in date order (by first day, ties in the order
/// added), so a period is a contiguous slice. Incidents are also indexed by
/// region (a region's incidents include those of every region inside it),
/// by group, by site and by blockade; like the columns queries read, these
/// indexes are made on first use, so a dataset loaded only to be written
/// out or summarised does not pay for them.
///
/// Serialised with serde, a dataset is one object with its entity lists;
/// deserialising one builds it again, so an invalid dataset cannot be read.
#[derive(Debug, Clone)]
pub struct Dataset {
    as_of: Option<Date>,
    groups: Vec<Group>,
    regions: Vec<Region>,
    sites: Vec<Site>,
    blockades: Vec<Blockade>,
    incidents: Vec<Incident>,
    /// Each region's children.
    children: Postings<RegionId>,
    /// The postings by region, group, site and blockade, made on first use.
    index: std::sync::OnceLock<Index>,
    /// The hot columns queries read, made on first use.
    columns: std::sync::OnceLock<crate::query::columns::Columns>,
    /// The incidents' points for radius and nearest queries, made on first use.
    points: std::sync::OnceLock<crate::space::PointIndex<IncidentId>>,
}

/// Two datasets are equal when their entities are; indexes and caches
/// follow from those.
impl PartialEq for Dataset {
    fn eq(&self, other: &Self) -> bool {
        self.as_of == other.as_of
            && self.groups == other.groups
            && self.regions == other.regions
            && self.sites == other.sites
            && self.blockades == other.blockades
            && self.incidents == other.incidents
    }
}

impl Dataset {
    /// An empty builder; the same as [`DatasetBuilder::new`].
    pub fn builder() -> DatasetBuilder {
        DatasetBuilder::new()
    }

    /// Builds from a builder that passed validation.
    pub(crate) fn from_valid(mut builder: DatasetBuilder) -> Dataset {
        builder.incidents = in_date_order(std::mem::take(&mut builder.incidents));
        Dataset::from_sorted(builder)
    }

    /// Builds from a builder that passed validation and whose incidents
    /// are in date order already, as [`DatasetBuilder::canonicalise`]
    /// leaves them.
    pub(crate) fn from_sorted(builder: DatasetBuilder) -> Dataset {
        let DatasetBuilder {
            as_of,
            groups,
            regions,
            sites,
            blockades,
            incidents,
        } = builder;
        debug_assert!(incidents.is_sorted_by_key(|i| i.when().start()));
        let children = index::children(&regions);
        Dataset {
            as_of,
            groups,
            regions,
            sites,
            blockades,
            incidents,
            children,
            index: std::sync::OnceLock::new(),
            columns: std::sync::OnceLock::new(),
            points: std::sync::OnceLock::new(),
        }
    }

    /// The postings, made on first use.
    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            Index::new(
                &self.regions,
                &self.groups,
                &self.sites,
                &self.blockades,
                &self.incidents,
            )
        })
    }

    /// The hot columns, made on first use.
    pub(crate) fn columns(&self) -> &crate::query::columns::Columns {
        self.columns
            .get_or_init(|| crate::query::columns::Columns::new(self))
    }

    /// The incidents' points, indexed on first use.
    pub(crate) fn incident_points(&self) -> &crate::space::PointIndex<IncidentId> {
        self.points
            .get_or_init(|| crate::space::nearby::incident_points(self))
    }

    /// The incidents' point index, if it has been built.
    pub(crate) fn built_incident_points(&self) -> Option<&crate::space::PointIndex<IncidentId>> {
        self.points.get()
    }

    /// A builder holding this dataset's entities, to add to or change them.
    /// Incidents keep their date order.
    pub fn into_builder(self) -> DatasetBuilder {
        DatasetBuilder {
            as_of: self.as_of,
            groups: self.groups,
            regions: self.regions,
            sites: self.sites,
            blockades: self.blockades,
            incidents: self.incidents,
        }
    }

    /// The day the data is current to, when set.
    pub fn as_of(&self) -> Option<Date> {
        self.as_of
    }

    /// Every group, by id.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Every region, by id.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// Every site, by id.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// Every blockade, by id.
    pub fn blockades(&self) -> &[Blockade] {
        &self.blockades
    }

    /// Every incident, in date order, by id.
    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }

    /// The group with id `id`, `None` for an id from elsewhere.
    pub fn group(&self, id: GroupId) -> Option<&Group> {
        self.groups.get(id.index())
    }

    /// The region with id `id`.
    pub fn region(&self, id: RegionId) -> Option<&Region> {
        self.regions.get(id.index())
    }

    /// The site with id `id`.
    pub fn site(&self, id: SiteId) -> Option<&Site> {
        self.sites.get(id.index())
    }

    /// The blockade with id `id`.
    pub fn blockade(&self, id: BlockadeId) -> Option<&Blockade> {
        self.blockades.get(id.index())
    }

    /// The incident with id `id`.
    pub fn incident(&self, id: IncidentId) -> Option<&Incident> {
        self.incidents.get(id.index())
    }

    /// The first group named `name` (name or alias, ignoring case, with any
    /// run of spaces and punctuation as one word break).
    pub fn find_group(&self, name: &str) -> Option<GroupId> {
        position(&self.groups, |g| g.is_named(name)).map(GroupId::new)
    }

    /// The regions named `name`, by id. Several regions may share a name
    /// (Kayes the region and Kayes the cercle).
    pub fn find_regions<'a>(&'a self, name: &'a str) -> impl Iterator<Item = RegionId> + 'a {
        ids(&self.regions, move |r| r.is_named(name)).map(RegionId::new)
    }

    /// The first site named `name`.
    pub fn find_site(&self, name: &str) -> Option<SiteId> {
        position(&self.sites, |s| s.is_named(name)).map(SiteId::new)
    }

    /// The first blockade named `name`.
    pub fn find_blockade(&self, name: &str) -> Option<BlockadeId> {
        position(&self.blockades, |b| same_name(name, b.name())).map(BlockadeId::new)
    }

    /// The incidents whose first day lies in `start..=end`, in date order:
    /// two binary searches.
    pub fn incidents_between(&self, start: Date, end: Date) -> &[Incident] {
        let from = self.incidents.partition_point(|i| i.when().start() < start);
        let to = self.incidents.partition_point(|i| i.when().start() <= end);
        self.incidents.get(from..to).unwrap_or(&[])
    }

    /// The ids of the incidents in `region` or any region inside it, in
    /// date order.
    pub fn incidents_in_region(&self, region: RegionId) -> &[IncidentId] {
        self.index().by_region.get(region.index())
    }

    /// The ids of the incidents `group` took part in, in any role, in date order.
    pub fn incidents_of_group(&self, group: GroupId) -> &[IncidentId] {
        self.index().by_group.get(group.index())
    }

    /// The ids of the incidents that hit `site`, in date order.
    pub fn incidents_at_site(&self, site: SiteId) -> &[IncidentId] {
        self.index().by_site.get(site.index())
    }

    /// The ids of the incidents that enforce `blockade`, in date order.
    pub fn incidents_enforcing(&self, blockade: BlockadeId) -> &[IncidentId] {
        self.index().by_blockade.get(blockade.index())
    }

    /// The regions directly inside `region`.
    pub fn children(&self, region: RegionId) -> &[RegionId] {
        self.children.get(region.index())
    }

    /// `region`, then its parent, and so on up to its country.
    pub fn ancestors(&self, region: RegionId) -> impl Iterator<Item = RegionId> + '_ {
        std::iter::successors(self.region(region).map(|_| region), |id| {
            self.region(*id).and_then(Region::parent_id)
        })
    }

    /// Whether `region` is `ancestor` or lies inside it.
    pub fn is_within(&self, region: RegionId, ancestor: RegionId) -> bool {
        self.ancestors(region).any(|id| id == ancestor)
    }

    /// The ancestor of `region` (or `region` itself) at admin level `level`.
    pub fn ancestor_at(&self, region: RegionId, level: crate::AdminLevel) -> Option<RegionId> {
        self.ancestors(region)
            .find(|id| self.region(*id).is_some_and(|r| r.level() == level))
    }

    /// The blockades in force on `date`.
    pub fn blockades_active_on(&self, date: Date) -> impl Iterator<Item = BlockadeId> + '_ {
        ids(&self.blockades, move |b| b.is_active_on(date)).map(BlockadeId::new)
    }
}

/// `incidents` sorted by first day, ties in their given order.
///
/// Incidents usually come in date order already, which one pass over
/// adjacent first days confirms without allocating. Otherwise, as incidents
/// are large, the sort runs on (day, position) keys and the incidents are
/// then permuted in place, cycle by cycle, with no second copy of the list.
fn in_date_order(mut incidents: Vec<Incident>) -> Vec<Incident> {
    if incidents.is_sorted_by_key(|incident| incident.when().start()) {
        return incidents;
    }
    let mut keys: Vec<(i32, u32)> = incidents
        .iter()
        .enumerate()
        .map(|(i, incident)| {
            let day = incident.when().start().to_julian_day();
            (day, u32::try_from(i).unwrap_or(u32::MAX))
        })
        .collect();
    keys.sort_unstable();
    let from: Vec<u32> = keys.into_iter().map(|(_, i)| i).collect();
    builder::arrange(&mut incidents, &from);
    incidents
}

/// The ids of the items that satisfy `keep`.
fn ids<'a, T>(items: &'a [T], keep: impl Fn(&T) -> bool + 'a) -> impl Iterator<Item = u32> + 'a {
    items
        .iter()
        .enumerate()
        .filter(move |(_, item)| keep(item))
        .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
}

/// The id of the first item that satisfies `keep`.
fn position<T>(items: &[T], keep: impl Fn(&T) -> bool) -> Option<u32> {
    ids(items, keep).next()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::{AdminLevel, CountryCode, DateSpan, Error, SubEventType};

    fn mli() -> Result<CountryCode, Error> {
        "MLI".parse()
    }

    /// Mali > Kayes > Bafoulabe, and Bamako; incidents added out of date
    /// order, two on one day.
    fn sample() -> Result<(Dataset, [RegionId; 4]), Error> {
        let mut b = DatasetBuilder::new();
        let mali = b.add_region(Region::country("Mali", mli()?));
        let kayes = b.add_region(Region::new("Kayes", mli()?, AdminLevel::ADMIN1).parent(mali));
        let bafoulabe =
            b.add_region(Region::new("Bafoulabe", mli()?, AdminLevel::ADMIN2).parent(kayes));
        let bamako = b.add_region(Region::new("Bamako", mli()?, AdminLevel::ADMIN1).parent(mali));
        for (day, region, note) in [
            (date!(2025 - 03 - 02), bamako, "b"),
            (date!(2025 - 03 - 01), bafoulabe, "a"),
            (date!(2025 - 03 - 02), kayes, "c"),
            (date!(2025 - 03 - 05), mali, "d"),
        ] {
            b.add_incident(
                Incident::builder(SubEventType::Attack, DateSpan::day(day), region)
                    .notes(note)
                    .build(),
            );
        }
        Ok((b.build()?, [mali, kayes, bafoulabe, bamako]))
    }

    fn notes(incidents: &[Incident]) -> String {
        incidents.iter().filter_map(Incident::notes).collect()
    }

    #[test]
    fn incidents_are_in_date_order_ties_as_added() -> Result<(), Error> {
        let (data, _) = sample()?;
        assert_eq!(notes(data.incidents()), "abcd");
        Ok(())
    }

    #[test]
    fn a_period_is_a_slice_with_both_ends_included() -> Result<(), Error> {
        let (data, _) = sample()?;
        assert_eq!(
            notes(data.incidents_between(date!(2025 - 03 - 02), date!(2025 - 03 - 05))),
            "bcd"
        );
        assert_eq!(
            notes(data.incidents_between(date!(2025 - 03 - 02), date!(2025 - 03 - 02))),
            "bc"
        );
        assert_eq!(
            notes(data.incidents_between(date!(2025 - 03 - 03), date!(2025 - 03 - 04))),
            ""
        );
        assert_eq!(
            notes(data.incidents_between(date!(2025 - 03 - 05), date!(2025 - 03 - 01))),
            ""
        );
        Ok(())
    }

    #[test]
    fn a_region_holds_the_incidents_of_the_regions_inside_it() -> Result<(), Error> {
        let (data, [mali, kayes, bafoulabe, bamako]) = sample()?;
        let ids = |r| {
            data.incidents_in_region(r)
                .iter()
                .map(|id| id.as_u32())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(mali), [0, 1, 2, 3]);
        assert_eq!(ids(kayes), [0, 2]);
        assert_eq!(ids(bafoulabe), [0]);
        assert_eq!(ids(bamako), [1]);
        assert_eq!(data.children(mali), [kayes, bamako]);
        assert!(data.is_within(bafoulabe, mali));
        assert!(!data.is_within(bamako, kayes));
        assert_eq!(data.ancestor_at(bafoulabe, AdminLevel::ADMIN1), Some(kayes));
        assert_eq!(data.ancestor_at(mali, AdminLevel::ADMIN1), None);
        assert_eq!(data.incidents_in_region(RegionId::new(99)), []);
        Ok(())
    }

    #[test]
    fn into_builder_and_back_is_the_same_dataset() -> Result<(), Error> {
        let (data, _) = sample()?;
        assert_eq!(data.clone().into_builder().build()?, data);
        Ok(())
    }

    #[test]
    fn date_order_permutes_in_place_stably() -> Result<(), Error> {
        let mut b = DatasetBuilder::new();
        let mali = b.add_region(Region::country("Mali", mli()?));
        let mut state: u32 = 7;
        let mut expected: Vec<(Date, u32)> = Vec::new();
        for n in 0..2000u32 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let day = date!(2020 - 01 - 01) + time::Duration::days(i64::from(state >> 24) % 40);
            expected.push((day, n));
            b.add_incident(
                Incident::builder(SubEventType::Attack, DateSpan::day(day), mali)
                    .notes(n.to_string())
                    .build(),
            );
        }
        // A stable sort of (day, position) is the order the dataset must have.
        expected.sort_by_key(|(day, _)| *day);
        let data = b.build()?;
        let got: Vec<(Date, u32)> = data
            .incidents()
            .iter()
            .map(|i| {
                (
                    i.when().start(),
                    i.notes().unwrap_or("").parse().unwrap_or(u32::MAX),
                )
            })
            .collect();
        assert_eq!(got, expected);
        Ok(())
    }
}
