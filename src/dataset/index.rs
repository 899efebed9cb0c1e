//! The postings a built dataset keeps: incidents by region (with every
//! region inside it), group, site and blockade, and each region's children.
//!
//! Each kind of list is stored compressed, as in a CSR matrix: every list
//! end to end in one vector, and where each list starts. One pass over the
//! incidents gathers the keys they name into compact arrays and counts
//! each list's length; a second pass over those arrays writes the ids in
//! place, so each kind's vector is allocated once at its exact size.

use crate::{Blockade, Group, Incident, IncidentId, Region, RegionId, Site};

/// Postings lists, each sorted by incident id (date order).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Index {
    /// Each region's children, in id order.
    pub(crate) children: Postings<RegionId>,
    /// Each region's incidents and those of every region inside it.
    pub(crate) by_region: Postings<IncidentId>,
    /// Each group's incidents, in any role, each once.
    pub(crate) by_group: Postings<IncidentId>,
    /// Each site's incidents, each once.
    pub(crate) by_site: Postings<IncidentId>,
    /// Each blockade's incidents.
    pub(crate) by_blockade: Postings<IncidentId>,
}

/// From this many incidents on, the index is built on two threads, when
/// there are two to run on; below it, a thread costs more than it saves.
const PARALLEL_FROM: usize = 1 << 16;

impl Index {
    /// Indexes valid entities; `incidents` are in date order.
    ///
    /// Reading the incidents is mostly waiting on memory (each one is
    /// large), so for many incidents each half is read on its own
    /// thread, and then the region lists are written on one thread and the
    /// others on a second. The large buffers are allocated on this thread
    /// either way and only written on the other: with glibc's malloc, what
    /// a thread allocates comes from that thread's own arena, which this
    /// thread's later allocations (the query columns, say) do not reuse,
    /// and measured peak memory grew by as much as the buffers.
    pub(crate) fn new(
        regions: &[Region],
        groups: &[Group],
        sites: &[Site],
        blockades: &[Blockade],
        incidents: &[Incident],
    ) -> Index {
        let sizes = Sizes {
            regions: regions.len(),
            groups: groups.len(),
            sites: sites.len(),
            blockades: blockades.len(),
        };
        let parallel = incidents.len() >= PARALLEL_FROM
            && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
        let keys = if parallel {
            let (early, late) = incidents.split_at(incidents.len() / 2);
            let mut keys = [
                Keys::new(sizes, 0, early.len()),
                Keys::new(sizes, early.len(), late.len()),
            ];
            let [a, b] = &mut keys;
            both(|| a.read(early), || b.read(late));
            keys.into()
        } else {
            let mut keys = Keys::new(sizes, 0, incidents.len());
            keys.read(incidents);
            vec![keys]
        };
        let chains = chains(regions);
        let mut by_region = Fill::new(&region_counts(&chains, &keys, sizes.regions));
        let counted = |lists, pairs: fn(&Keys) -> &Pairs| {
            Fill::new(&total(
                lists,
                keys.iter().map(|k| pairs(k).counts.as_slice()),
            ))
        };
        let mut by_group = counted(sizes.groups, |k| &k.group);
        let mut by_site = counted(sizes.sites, |k| &k.site);
        let mut by_blockade = counted(sizes.blockades, |k| &k.blockade);
        let mut in_regions = || write_regions(&mut by_region, &chains, &keys);
        let mut in_others = || {
            write_pairs(&mut by_group, &keys, |k| &k.group);
            write_pairs(&mut by_site, &keys, |k| &k.site);
            write_pairs(&mut by_blockade, &keys, |k| &k.blockade);
        };
        if parallel {
            both(in_regions, in_others);
        } else {
            in_regions();
            in_others();
        }
        Index {
            children: children(regions),
            by_region: by_region.finish(),
            by_group: by_group.finish(),
            by_site: by_site.finish(),
            by_blockade: by_blockade.finish(),
        }
    }
}

/// Runs `a` on this thread and `b` on another, and returns both results.
fn both<A, B: Send>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        // A panic on the other thread (there is none to expect) carries on
        // here, as if `b` had run on this one.
        let b = b
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        (a, b)
    })
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
    /// Room for lists of lengths `counts`, reserved but not yet written
    /// (see [`Fill::start`]).
    fn new(counts: &[usize]) -> Fill<T> {
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
                items: Vec::with_capacity(total),
            },
            next,
        }
    }

    /// Sets every item to `blank`, to be written over by [`Fill::push`]:
    /// the first write to the memory, done by the thread that fills the
    /// lists.
    fn start(&mut self, blank: T) {
        let total = self.postings.offsets.last().copied().unwrap_or(0);
        self.postings.items.resize(total, blank);
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
fn children(regions: &[Region]) -> Postings<RegionId> {
    let mut counts = vec![0; regions.len()];
    for region in regions {
        if let Some(parent) = region.parent_id() {
            count(&mut counts, parent.index());
        }
    }
    let mut fill = Fill::new(&counts);
    fill.start(RegionId::new(0));
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
    let mut fill = Fill::new(&counts);
    fill.start(0);
    for r in 0..regions.len() {
        for link in chain(r) {
            fill.push(r, link);
        }
    }
    fill.finish()
}

/// How many entities of each kind a dataset holds.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    /// Regions.
    regions: usize,
    /// Groups.
    groups: usize,
    /// Sites.
    sites: usize,
    /// Blockades.
    blockades: usize,
}

/// The keys a run of incidents names, gathered in one pass over them so
/// that the lists are written from these compact arrays rather than by
/// reading every (large) incident, and its boxed parts, again.
struct Keys {
    /// The id of the run's first incident.
    first: usize,
    /// Each incident's own region.
    region: Vec<u32>,
    /// Each region's number of incidents, not counting regions inside it.
    own: Vec<usize>,
    /// Each group's (list, incident) pairs, in incident order, and each
    /// list's length; an incident that names a group twice is there once.
    group: Pairs,
    /// The same for sites.
    site: Pairs,
    /// The same for blockades.
    blockade: Pairs,
}

/// (list, incident id) pairs in incident order, and each list's length.
struct Pairs {
    /// The pairs.
    pairs: Vec<(u32, u32)>,
    /// The number of pairs of each list.
    counts: Vec<usize>,
}

impl Pairs {
    /// No pairs yet, of `lists` lists.
    fn new(lists: usize) -> Pairs {
        Pairs {
            pairs: Vec::new(),
            counts: vec![0; lists],
        }
    }

    /// Adds (`list`, `incident`), when there is such a list.
    fn push(&mut self, list: usize, incident: u32) {
        if let Some(n) = self.counts.get_mut(list) {
            *n += 1;
            self.pairs.push((id(list), incident));
        }
    }
}

impl Keys {
    /// Room for the keys of `len` incidents, the first of which has id
    /// `first`.
    fn new(sizes: Sizes, first: usize, len: usize) -> Keys {
        let mut group = Pairs::new(sizes.groups);
        // Most incidents name a group or two.
        group.pairs.reserve(len);
        Keys {
            first,
            region: Vec::with_capacity(len),
            own: vec![0; sizes.regions],
            group,
            site: Pairs::new(sizes.sites),
            blockade: Pairs::new(sizes.blockades),
        }
    }

    /// Reads the keys of `incidents`, those this run was made for.
    fn read(&mut self, incidents: &[Incident]) {
        // The last incident added to each group's and site's list.
        let mut group_seen = vec![u32::MAX; self.group.counts.len()];
        let mut site_seen = vec![u32::MAX; self.site.counts.len()];
        for (i, incident) in incidents.iter().enumerate() {
            let i = id(self.first + i);
            let region = incident.region();
            self.region.push(region.as_u32());
            count(&mut self.own, region.index());
            for actor in incident.actors() {
                let g = actor.group().index();
                if let Some(seen) = group_seen.get_mut(g)
                    && *seen != i
                {
                    *seen = i;
                    self.group.push(g, i);
                }
            }
            for site in incident.sites() {
                let s = site.index();
                if let Some(seen) = site_seen.get_mut(s)
                    && *seen != i
                {
                    *seen = i;
                    self.site.push(s, i);
                }
            }
            if let Some(blockade) = incident.blockade() {
                self.blockade.push(blockade.index(), i);
            }
        }
    }
}

/// The element-wise sum of the `counts` of each of `runs`, `lists` long.
fn total<'a>(lists: usize, runs: impl Iterator<Item = &'a [usize]>) -> Vec<usize> {
    let mut sum = vec![0; lists];
    for counts in runs {
        for (sum, n) in sum.iter_mut().zip(counts) {
            *sum += n;
        }
    }
    sum
}

/// The number of incidents in each region and every region inside it.
///
/// Regions are few and incidents many, so each region's total is summed
/// from the counts of incidents by their own region, along each region's
/// chain of ancestors.
fn region_counts(chains: &Postings<usize>, keys: &[Keys], regions: usize) -> Vec<usize> {
    let own = total(regions, keys.iter().map(|k| k.own.as_slice()));
    let mut counts = vec![0; regions];
    for (r, &n) in own.iter().enumerate() {
        for &link in chains.get(r) {
            if let Some(total) = counts.get_mut(link) {
                *total += n;
            }
        }
    }
    counts
}

/// Writes each incident of `keys` into the list of its region and of each
/// of the region's ancestors.
fn write_regions(fill: &mut Fill<IncidentId>, chains: &Postings<usize>, keys: &[Keys]) {
    fill.start(IncidentId::new(0));
    for run in keys {
        for (i, &region) in run.region.iter().enumerate() {
            let incident_id = IncidentId::new(id(run.first + i));
            for &link in chains.get(region as usize) {
                fill.push(link, incident_id);
            }
        }
    }
}

/// Writes the pairs `pairs` picks from each of `keys` into their lists.
fn write_pairs(fill: &mut Fill<IncidentId>, keys: &[Keys], pairs: fn(&Keys) -> &Pairs) {
    fill.start(IncidentId::new(0));
    for run in keys {
        for &(list, incident) in &pairs(run).pairs {
            fill.push(list as usize, IncidentId::new(incident));
        }
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
            lists(&index.children, 4),
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
        let incidents: Vec<Incident> = (0..PARALLEL_FROM + 1001)
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
        // Above the threshold (on two threads when there are two) and
        // below it (on one).
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
