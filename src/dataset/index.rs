//! The postings a built dataset keeps: incidents by region (with every
//! region inside it), group, site and blockade, and each region's children.
//!
//! Each kind of list is stored compressed, as in a CSR matrix: every list
//! end to end in one vector, and where each list starts. One pass over the
//! incidents counts each list's length; a second writes the ids in place,
//! so each kind's vector is allocated once at its exact size.

use crate::{Blockade, Group, Incident, IncidentId, Region, RegionId, Site};

/// Postings lists, each sorted by incident id (date order).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Index {
    /// Each region's incidents and those of every region inside it.
    pub(crate) by_region: Postings<IncidentId>,
    /// Each group's incidents, in any role, each once.
    pub(crate) by_group: Postings<IncidentId>,
    /// Each site's incidents, each once.
    pub(crate) by_site: Postings<IncidentId>,
    /// Each blockade's incidents.
    pub(crate) by_blockade: Postings<IncidentId>,
}

/// The kinds of incident lists.
#[derive(Debug, Clone, Copy)]
enum List {
    Region,
    Group,
    Site,
    Blockade,
}

impl Index {
    /// Indexes valid entities; `incidents` are in date order.
    pub(crate) fn new(
        regions: &[Region],
        groups: &[Group],
        sites: &[Site],
        blockades: &[Blockade],
        incidents: &[Incident],
    ) -> Index {
        let chains = chains(regions);
        let lengths = [regions.len(), groups.len(), sites.len(), blockades.len()];
        let mut counts = lengths.map(|n| vec![0; n]);
        each_posting(&chains, lengths, incidents, |list, k, _| {
            count(&mut counts[list as usize], k);
        });
        let mut fills = counts.map(|counts| Fill::new(&counts, IncidentId::new(0)));
        each_posting(&chains, lengths, incidents, |list, k, incident| {
            fills[list as usize].push(k, incident);
        });
        let [by_region, by_group, by_site, by_blockade] = fills.map(Fill::finish);
        Index {
            by_region,
            by_group,
            by_site,
            by_blockade,
        }
    }
}

/// Calls `post(list, k, incident)` for each entry of each incident in list
/// `k` of its kind, in incident order: its region and each of the region's
/// ancestors, its groups and sites (each once however often named), its
/// blockade. `lengths` are the numbers of regions, groups, sites and
/// blockades.
fn each_posting(
    chains: &Postings<usize>,
    lengths: [usize; 4],
    incidents: &[Incident],
    mut post: impl FnMut(List, usize, IncidentId),
) {
    let [_, groups, sites, _] = lengths;
    // The last incident posted to each group's and site's list.
    let mut group_seen = vec![u32::MAX; groups];
    let mut site_seen = vec![u32::MAX; sites];
    for (i, incident) in incidents.iter().enumerate() {
        let i = id(i);
        let incident_id = IncidentId::new(i);
        for &link in chains.get(incident.region().index()) {
            post(List::Region, link, incident_id);
        }
        for actor in incident.actors() {
            let g = actor.group().index();
            if once(&mut group_seen, g, i) {
                post(List::Group, g, incident_id);
            }
        }
        for site in incident.sites() {
            if once(&mut site_seen, site.index(), i) {
                post(List::Site, site.index(), incident_id);
            }
        }
        if let Some(blockade) = incident.blockade() {
            post(List::Blockade, blockade.index(), incident_id);
        }
    }
}

/// Lists of one kind end to end: list `k` is `items[offsets[k]..offsets[k + 1]]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Postings<T> {
    /// Where each list starts, then the end of the last one.
    offsets: Vec<usize>,
    /// Every list's items.
    items: Vec<T>,
}

/// No lists. Written out because a derived `Default` would ask `T` for one.
impl<T> Default for Postings<T> {
    fn default() -> Self {
        Postings {
            offsets: Vec::new(),
            items: Vec::new(),
        }
    }
}

impl<T> Postings<T> {
    /// List `k`, empty when there is no list `k`.
    pub(crate) fn get(&self, k: usize) -> &[T] {
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&start), Some(&end)) => self.items.get(start..end).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Postings being written: every list's length known, items appended to
/// each list in turn.
struct Fill<T> {
    /// The postings, their items blank where not yet written.
    postings: Postings<T>,
    /// Where each list's next item goes.
    next: Vec<usize>,
}

impl<T: Copy> Fill<T> {
    /// Room for lists of lengths `counts`, every item `blank` until
    /// written over by [`Fill::push`].
    fn new(counts: &[usize], blank: T) -> Fill<T> {
        let mut offsets = Vec::with_capacity(counts.len() + 1);
        let mut total = 0;
        offsets.push(total);
        for &count in counts {
            total += count;
            offsets.push(total);
        }
        let next = offsets.iter().take(counts.len()).copied().collect();
        Fill {
            postings: Postings {
                offsets,
                items: vec![blank; total],
            },
            next,
        }
    }

    /// Appends `item` to list `k`.
    fn push(&mut self, k: usize, item: T) {
        if let Some(next) = self.next.get_mut(k)
            && let Some(slot) = self.postings.items.get_mut(*next)
        {
            *slot = item;
            *next += 1;
        }
    }

    /// The postings, every list written to the length it was given.
    fn finish(self) -> Postings<T> {
        debug_assert!(
            self.next
                .iter()
                .zip(self.postings.offsets.iter().skip(1))
                .all(|(next, end)| next == end),
            "each list holds as many items as were counted"
        );
        self.postings
    }
}

/// Adds one to `counts[k]`, when there is such a list.
fn count(counts: &mut [usize], k: usize) {
    if let Some(n) = counts.get_mut(k) {
        *n += 1;
    }
}

/// Each region's children, in id order.
pub(crate) fn children(regions: &[Region]) -> Postings<RegionId> {
    let mut counts = vec![0; regions.len()];
    for region in regions {
        if let Some(parent) = region.parent_id() {
            count(&mut counts, parent.index());
        }
    }
    let mut fill = Fill::new(&counts, RegionId::new(0));
    for (i, region) in regions.iter().enumerate() {
        if let Some(parent) = region.parent_id() {
            fill.push(parent.index(), RegionId::new(id(i)));
        }
    }
    fill.finish()
}

/// Each region's chain: the region, its parent, and so on up to its country.
///
/// Validation guarantees parents exist and levels strictly decrease, so a
/// chain has at most four links; the walk is bounded by the number of
/// regions all the same.
fn chains(regions: &[Region]) -> Postings<usize> {
    let chain = |r: usize| {
        std::iter::successors(Some(r), |&r| {
            regions
                .get(r)
                .and_then(Region::parent_id)
                .map(RegionId::index)
        })
        .take_while(|&r| r < regions.len())
        .take(regions.len())
    };
    let counts: Vec<usize> = (0..regions.len()).map(|r| chain(r).count()).collect();
    let mut fill = Fill::new(&counts, 0);
    for r in 0..regions.len() {
        for link in chain(r) {
            fill.push(r, link);
        }
    }
    fill.finish()
}

/// Whether incident `i` is new to list `k`, whose last incident `seen`
/// holds, and notes it there.
fn once(seen: &mut [u32], k: usize, i: u32) -> bool {
    match seen.get_mut(k) {
        Some(last) if *last != i => {
            *last = i;
            true
        }
        _ => false,
    }
}

/// An index as a `u32`; datasets hold fewer than `u32::MAX` entities of a kind.
fn id(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::{
        Actor, AdminLevel, BlockadeId, Commodity, Confidence, CountryCode, DateSpan, Error,
        GroupId, GroupKind, Role, Side, SiteId, SiteKind, SubEventType, Target,
    };

    /// Every list of `postings`, `lists` of them, as plain ids.
    fn lists<T: Copy + Into<u32>>(postings: &Postings<T>, lists: usize) -> Vec<Vec<u32>> {
        (0..lists)
            .map(|k| postings.get(k).iter().map(|&id| id.into()).collect())
            .collect()
    }

    /// The lists as the index made them before it was compressed: one
    /// growing vector per list, walking each incident's region up to its
    /// country.
    fn reference(
        regions: &[Region],
        sizes: [usize; 3],
        incidents: &[Incident],
    ) -> [Vec<Vec<u32>>; 4] {
        let [groups, sites, blockades] = sizes;
        let mut by_region = vec![Vec::new(); regions.len()];
        let mut by_group = vec![Vec::<u32>::new(); groups];
        let mut by_site = vec![Vec::<u32>::new(); sites];
        let mut by_blockade = vec![Vec::new(); blockades];
        for (i, incident) in incidents.iter().enumerate() {
            let i = id(i);
            let mut region = Some(incident.region());
            while let Some(r) = region {
                by_region[r.index()].push(i);
                region = regions[r.index()].parent_id();
            }
            for actor in incident.actors() {
                let list = &mut by_group[actor.group().index()];
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            for site in incident.sites() {
                let list = &mut by_site[site.index()];
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            if let Some(blockade) = incident.blockade() {
                by_blockade[blockade.index()].push(i);
            }
        }
        [by_region, by_group, by_site, by_blockade]
    }

    /// Mali > Kayes > Bafoulabe, and Mali > Bamako.
    fn regions() -> Result<Vec<Region>, Error> {
        let mli: CountryCode = "MLI".parse()?;
        Ok(vec![
            Region::country("Mali", mli),
            Region::new("Kayes", mli, AdminLevel::ADMIN1).parent(RegionId::new(0)),
            Region::new("Bafoulabe", mli, AdminLevel::ADMIN2).parent(RegionId::new(1)),
            Region::new("Bamako", mli, AdminLevel::ADMIN1).parent(RegionId::new(0)),
        ])
    }

    /// `n` groups.
    fn groups(n: u32) -> Vec<Group> {
        (0..n)
            .map(|g| Group::new(format!("Group {g}"), GroupKind::Jihadist))
            .collect()
    }

    /// `n` sites, in Bafoulabe.
    fn sites(n: u32) -> Vec<Site> {
        (0..n)
            .map(|s| Site::new(format!("Mine {s}"), SiteKind::Mine, RegionId::new(2)))
            .collect()
    }

    /// `n` blockades.
    fn blockades(n: u32) -> Vec<Blockade> {
        (0..n)
            .map(|b| {
                Blockade::new(
                    format!("Blockade {b}"),
                    Commodity::Fuel,
                    date!(2025 - 01 - 01),
                )
            })
            .collect()
    }

    /// Group `group` as `role` on `side`.
    fn actor(group: u32, side: Side, role: Role) -> Actor {
        Actor::new(GroupId::new(group), side, role, Confidence::Confirmed)
    }

    /// An attack in region `region`.
    fn incident(region: u32) -> crate::IncidentBuilder {
        Incident::builder(
            SubEventType::Attack,
            DateSpan::day(date!(2025 - 03 - 01)),
            RegionId::new(region),
        )
    }

    #[test]
    fn an_incident_is_once_in_each_list_however_often_it_names_the_entry() -> Result<(), Error> {
        let regions = regions()?;
        let incidents = [
            incident(2)
                .actor(actor(0, Side::A, Role::Principal))
                .actor(actor(1, Side::B, Role::Principal))
                .actor(actor(0, Side::A, Role::Associated))
                .target(Target::site(SiteId::new(0)))
                .target(Target::site(SiteId::new(0)))
                .enforces(BlockadeId::new(0))
                .build(),
            incident(3)
                .actor(actor(1, Side::A, Role::Principal))
                .build(),
            incident(1)
                .actor(actor(0, Side::A, Role::Principal))
                .target(Target::site(SiteId::new(0)))
                .build(),
        ];
        let index = Index::new(&regions, &groups(3), &sites(2), &blockades(1), &incidents);
        assert_eq!(
            lists(&children(&regions), 4),
            [vec![1, 3], vec![2], vec![], vec![]]
        );
        assert_eq!(
            lists(&index.by_region, 4),
            [vec![0, 1, 2], vec![0, 2], vec![0], vec![1]]
        );
        assert_eq!(lists(&index.by_group, 3), [vec![0, 2], vec![0, 1], vec![]]);
        assert_eq!(lists(&index.by_site, 2), [vec![0, 2], vec![]]);
        assert_eq!(lists(&index.by_blockade, 1), [vec![0]]);
        // Past the last list, every list is empty.
        assert_eq!(index.by_region.get(4), []);
        assert_eq!(Index::default().by_group.get(0), []);
        Ok(())
    }

    #[test]
    fn the_index_of_many_incidents_matches_one_list_per_vector() -> Result<(), Error> {
        let regions = regions()?;
        let (groups, sites, blockades) = (groups(7), sites(5), blockades(3));
        let mut state: u32 = 11;
        let mut next = |below: u32| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) % below
        };
        let incidents: Vec<Incident> = (0..66_537)
            .map(|_| {
                let mut b = incident(next(4));
                for _ in 0..next(4) {
                    b = b.actor(actor(next(7), Side::A, Role::Associated));
                }
                for _ in 0..next(3) {
                    b = b.target(Target::site(SiteId::new(next(5))));
                }
                if next(4) == 0 {
                    b = b.enforces(BlockadeId::new(next(3)));
                }
                b.build()
            })
            .collect();
        for incidents in [&incidents[..], &incidents[..2000]] {
            let index = Index::new(&regions, &groups, &sites, &blockades, incidents);
            let [by_region, by_group, by_site, by_blockade] =
                reference(&regions, [7, 5, 3], incidents);
            assert_eq!(lists(&index.by_region, 4), by_region);
            assert_eq!(lists(&index.by_group, 7), by_group);
            assert_eq!(lists(&index.by_site, 5), by_site);
            assert_eq!(lists(&index.by_blockade, 3), by_blockade);
        }
        Ok(())
    }
}
