//! Queries: filter incidents, group them by period, place, grid cell, actor
//! and type, and measure each group.
//!
//! ```
//! use conflict_events::query::{Key, Period};
//! use conflict_events::*;
//! use time::macros::date;
//!
//! let mut data = DatasetBuilder::new();
//! let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
//! let kayes = data.add_region(Region::new("Kayes", "MLI".parse()?, AdminLevel::ADMIN1).parent(mali));
//! for (day, dead) in [(date!(2026-01-10), 2), (date!(2026-01-11), 3), (date!(2026-01-13), 0)] {
//!     data.add_incident(
//!         Incident::builder(SubEventType::Attack, DateSpan::day(day), kayes)
//!             .figure(Quantity::Fatalities, Estimate::Exact(dead))
//!             .build(),
//!     );
//! }
//! let data = data.build()?;
//! // Incidents and fatalities per admin1 and ISO week (from Monday).
//! let table = data.query().group_by(Key::Admin1).group_by(Key::Period(Period::IsoWeek)).run();
//! let weeks: Vec<_> = table
//!     .rows()
//!     .iter()
//!     .map(|r| (r.period(), r.events(), r.fatalities().best()))
//!     .collect();
//! assert_eq!(weeks, [(Some(date!(2026-01-05)), 2, 5), (Some(date!(2026-01-12)), 1, 0)]);
//! # Ok::<(), conflict_events::Error>(())
//! ```
//!
//! A query reads dense per-incident columns made once per dataset; a
//! period filter is two binary searches over incidents in date order, and
//! grouping indexes arrays, with no hashing per incident unless the groups
//! are too many to lay out densely.

mod allocation;
pub(crate) mod columns;
mod period;
mod series;

use std::collections::BTreeMap;

use geo::{Distance, Haversine};
use geo_types::Point;
use rustc_hash::FxHashMap;
use serde::Serialize;
use smallvec::SmallVec;
use time::Date;

use crate::model::estimate::EstimateSum;
use crate::space::{GridCell, KmGrid, PrioGridCell};
use crate::{BlockadeId, Dataset, EventType, GroupId, IncidentId, RegionId, SiteId, SubEventType};
pub use allocation::{Allocation, allocate};
use columns::{Columns, NONE};
pub use period::Period;
pub use series::{Bucket, Series};

/// What incidents are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Key {
    /// The period containing the incident's first day.
    Period(Period),
    /// The country (admin level 0).
    Country,
    /// The first-order division; incidents known only to the country have none.
    Admin1,
    /// The second-order division; incidents known only above it have none.
    Admin2,
    /// The third-order division; incidents known only above it have none.
    Admin3,
    /// The incident's own region, the smallest it is known to.
    Region,
    /// The principal actor of side A (ACLED's `actor1`).
    Actor1,
    /// Every group that took part, as an actor on either side: an incident
    /// of two groups counts once for each, so the rows add up to more than
    /// the incidents. Incidents without actors have none.
    Group,
    /// Every site the incident hit, counted once for each as with
    /// [`Key::Group`]; incidents that hit no site have none.
    Site,
    /// ACLED's event type.
    EventType,
    /// ACLED's sub-event type.
    SubEventType,
    /// The [PRIO-GRID](PrioGridCell) cell of the incident's location: 0.5°
    /// of latitude by 0.5° of longitude, named by its `gid` (UCDP GED's
    /// `priogrid_gid`), valued [`KeyValue::PrioGrid`]. Incidents with no
    /// [`location`](crate::Incident::location) have none.
    PrioGrid,
    /// The cell of a [`KmGrid`] holding the incident's location: about
    /// `km` × `km` kilometres, a row of `km` of latitude split into
    /// columns of about `km` of longitude ([`KmGrid::TEN_KM`] is ACLED's
    /// Conflict Index grid), valued [`KeyValue::Cell`]. Incidents with no
    /// [`location`](crate::Incident::location) have none.
    Grid(KmGrid),
}

/// The value of one [`Key`] for a group of incidents. Open, as [`Key`]
/// is: each new key brings its kind of value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeyValue {
    /// The first day of a period.
    Period(#[serde(with = "crate::model::serde_date::iso_date")] Date),
    /// A region.
    Region(RegionId),
    /// A group.
    Group(GroupId),
    /// A site.
    Site(SiteId),
    /// An event type.
    EventType(EventType),
    /// A sub-event type.
    SubEventType(SubEventType),
    /// A PRIO-GRID cell, of [`Key::PrioGrid`].
    PrioGrid(PrioGridCell),
    /// A cell of a kilometre grid, of [`Key::Grid`].
    Cell(GridCell),
    /// No value: the incident has no region at that level, no actor 1, or
    /// no location to put in a grid cell.
    None,
}

/// One group of incidents and its measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    // Inline for up to four keys: a table of many rows allocates none.
    keys: SmallVec<[KeyValue; 4]>,
    events: u64,
    fatalities: EstimateSum,
    injured: EstimateSum,
    abducted: EstimateSum,
    #[serde(with = "crate::model::serde_date::iso_date")]
    first: Date,
    #[serde(with = "crate::model::serde_date::iso_date")]
    last: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<u64>,
}

impl Row {
    /// The key values, in the order the keys were given.
    pub fn keys(&self) -> &[KeyValue] {
        &self.keys
    }

    /// The first period key's value, if there is one.
    pub fn period(&self) -> Option<Date> {
        self.keys.iter().find_map(|k| match k {
            KeyValue::Period(d) => Some(*d),
            _ => None,
        })
    }

    /// How many incidents.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Their fatalities, low, best and high apart.
    pub fn fatalities(&self) -> EstimateSum {
        self.fatalities
    }

    /// Their injured, low, best and high apart; incidents that report no
    /// figure count as unknown terms.
    pub fn injured(&self) -> EstimateSum {
        self.injured
    }

    /// Their abducted, as [`Row::injured`].
    pub fn abducted(&self) -> EstimateSum {
        self.abducted
    }

    /// The first day of the earliest incident.
    pub fn first(&self) -> Date {
        self.first
    }

    /// The first day of the latest incident.
    pub fn last(&self) -> Date {
        self.last
    }

    /// How many distinct groups took part, in any role, when asked for
    /// with [`Query::distinct_groups`].
    pub fn distinct_groups(&self) -> Option<u64> {
        self.groups
    }
}

/// The result of a [`Query`]: one row per group of incidents, in the order
/// of their key values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    keys: Vec<Key>,
    rows: Vec<Row>,
}

impl Table {
    /// The keys, in the order given.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// The rows, ordered by key values in key order: periods by date,
    /// regions and groups by name (ties by id), types in ACLED's hierarchy
    /// order, PRIO-GRID cells by `gid`, grid cells by row then column, no
    /// value last. This is the order tables are published in.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The rows, by value.
    pub fn into_rows(self) -> Vec<Row> {
        self.rows
    }

    /// Orders the rows by the rank of each key value, in key order.
    fn sort_by_rank(&mut self, rank: impl Fn(&KeyValue) -> u32) {
        if self.keys.len() <= 4 {
            // A stable sort of the keys beside their positions: rows come
            // in runs already in order (one region's weeks), which the
            // sort merges rather than sorts.
            let mut keys: Vec<(u128, u32)> = self
                .rows
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let packed = row.keys.iter().fold(0u128, |packed, value| {
                        (packed << 32) | u128::from(rank(value))
                    });
                    (packed, u32::try_from(i).unwrap_or(u32::MAX))
                })
                .collect();
            keys.sort_by_key(|(packed, _)| *packed);
            let from: Vec<u32> = keys.into_iter().map(|(_, i)| i).collect();
            crate::dataset::builder::arrange(&mut self.rows, &from);
        } else {
            self.rows
                .sort_by_cached_key(|row| row.keys.iter().map(&rank).collect::<Vec<u32>>());
        }
    }
}

/// A key value's rank in the table order: periods by date, regions and
/// groups by name, types in hierarchy order, cells by number, none last.
fn default_rank(c: &Columns, value: &KeyValue) -> u32 {
    let position =
        |found: Option<usize>| found.map_or(u32::MAX, |p| u32::try_from(p).unwrap_or(u32::MAX));
    match value {
        KeyValue::Period(d) => {
            u32::try_from(i64::from(d.to_julian_day()) + (1 << 31)).unwrap_or(u32::MAX)
        }
        KeyValue::Region(r) => c.region_rank.get(r.index()).copied().unwrap_or(u32::MAX),
        KeyValue::Group(g) => c.group_rank.get(g.index()).copied().unwrap_or(u32::MAX),
        KeyValue::Site(s) => c.site_rank.get(s.index()).copied().unwrap_or(u32::MAX),
        KeyValue::EventType(t) => position(EventType::ALL.iter().position(|x| x == t)),
        KeyValue::SubEventType(t) => position(SubEventType::ALL.iter().position(|x| x == t)),
        KeyValue::PrioGrid(cell) => cell.gid(),
        KeyValue::Cell(cell) => cell.grid().index(*cell),
        KeyValue::None => u32::MAX,
    }
}

/// A query under construction; see the [module docs](self).
#[derive(Debug, Clone)]
#[must_use]
pub struct Query<'d> {
    data: &'d Dataset,
    from: Option<Date>,
    to: Option<Date>,
    regions: Vec<RegionId>,
    groups: Vec<GroupId>,
    actor1: Vec<GroupId>,
    event_types: Vec<EventType>,
    sub_event_types: Vec<SubEventType>,
    sites: Vec<SiteId>,
    blockades: Vec<BlockadeId>,
    within: Option<(Point<f64>, f64)>,
    keys: Vec<Key>,
    distinct_groups: bool,
}

impl Dataset {
    /// A query over every incident; narrow it with the filters, then group.
    pub fn query(&self) -> Query<'_> {
        Query {
            data: self,
            from: None,
            to: None,
            regions: Vec::new(),
            groups: Vec::new(),
            actor1: Vec::new(),
            event_types: Vec::new(),
            sub_event_types: Vec::new(),
            sites: Vec::new(),
            blockades: Vec::new(),
            within: None,
            keys: Vec::new(),
            distinct_groups: false,
        }
    }
}

impl<'d> Query<'d> {
    /// Keeps incidents whose first day is in `from..=to`.
    pub fn between(mut self, from: Date, to: Date) -> Self {
        self.from = Some(from);
        self.to = Some(to);
        self
    }

    /// Keeps incidents in `region` or any region inside it; called again,
    /// in any of the regions. Countries are regions too.
    pub fn in_region(mut self, region: RegionId) -> Self {
        self.regions.push(region);
        self
    }

    /// Keeps incidents `group` took part in as an actor, on either side,
    /// principal or associated (not as a target); called again, any of the
    /// groups.
    pub fn involving(mut self, group: GroupId) -> Self {
        self.groups.push(group);
        self
    }

    /// Keeps incidents whose principal side-A actor (ACLED's `actor1`) is
    /// `group`; called again, any of the groups.
    pub fn actor1(mut self, group: GroupId) -> Self {
        self.actor1.push(group);
        self
    }

    /// Keeps incidents of `event_type`; called again, any of the types.
    /// With [`sub_event_type`](Query::sub_event_type) too, an incident must
    /// pass both.
    pub fn event_type(mut self, event_type: EventType) -> Self {
        self.event_types.push(event_type);
        self
    }

    /// Keeps incidents of `sub_event_type`; called again, any of the types.
    pub fn sub_event_type(mut self, sub_event_type: SubEventType) -> Self {
        self.sub_event_types.push(sub_event_type);
        self
    }

    /// Keeps incidents that hit `site`; called again, any of the sites.
    pub fn at_site(mut self, site: SiteId) -> Self {
        self.sites.push(site);
        self
    }

    /// Keeps incidents that enforce `blockade`; called again, any of them.
    pub fn enforcing(mut self, blockade: BlockadeId) -> Self {
        self.blockades.push(blockade);
        self
    }

    /// Keeps incidents located within `km` kilometres of (`lat`, `lon`):
    /// haversine distance on a sphere of radius 6,371.0088 km (the mean
    /// Earth radius), as `geo`'s [`Haversine`] measures it. A centre out of
    /// range (or a radius that is negative or not a number) keeps none.
    ///
    /// The incidents are scanned (a box around the circle first, then the
    /// distance), which takes milliseconds for a million; once the
    /// dataset's point index is built, by
    /// [`Dataset::incidents_within_km`] or
    /// [`Dataset::nearest_incidents`], the query asks it instead. Either
    /// way keeps the same incidents.
    pub fn within_km(mut self, lat: f64, lon: f64, km: f64) -> Self {
        self.within = Some((Point::new(lon, lat), km));
        self
    }

    /// Groups by `key` too; rows are keyed in the order keys are added.
    pub fn group_by(mut self, key: Key) -> Self {
        self.keys.push(key);
        self
    }

    /// Also counts the distinct groups of each row.
    pub fn distinct_groups(mut self) -> Self {
        self.distinct_groups = true;
        self
    }

    /// The ids of the incidents that pass the filters, in date order.
    pub fn ids(&self) -> Vec<IncidentId> {
        let c = self.data.columns();
        let (from, to) = self.range(c);
        match self.kept(c, from, to) {
            Some(kept) => kept.into_iter().map(IncidentId::new).collect(),
            None => (from..to)
                .map(|i| IncidentId::new(u32::try_from(i).unwrap_or(NONE)))
                .collect(),
        }
    }

    /// Runs the query: one row per combination of key values that has
    /// incidents. A query without keys gives one row, or none when nothing
    /// passes the filters.
    pub fn run(&self) -> Table {
        let c = self.data.columns();
        let (from, to) = self.range(c);
        if self
            .keys
            .iter()
            .any(|k| matches!(k, Key::Group | Key::Site))
        {
            return self.run_expanded(c, from, to);
        }
        // A coarser place key (country) is a function of a finer one
        // (admin1): it takes no room in the layout and is filled in after.
        // The finest then tells apart incidents known only above its level
        // by the region they are known to.
        let finest = self.keys.iter().filter_map(|k| place_rank(*k)).max();
        let implied_levels: Vec<u8> = self
            .keys
            .iter()
            .filter_map(|k| place_rank(*k).filter(|rank| Some(*rank) < finest))
            .collect();
        let implied = !implied_levels.is_empty();
        let kept = self.kept(c, from, to);
        let dims: Vec<Dim> = self
            .keys
            .iter()
            .map(|k| match place_rank(*k) {
                Some(rank) if Some(rank) < finest => Dim::implied(*k),
                Some(_) if implied => Dim::covering(*k, self.data, c, &implied_levels),
                _ => Dim::new(*k, self.data, c, from, to, kept.as_deref()),
            })
            .collect();
        let cells: u64 = dims.iter().map(|d| u64::from(d.cardinality)).product();
        // The layout of the totals puts periods outermost: incidents come
        // in date order, so a run of them touches one period's few totals.
        let mut layout: Vec<usize> = (0..dims.len()).collect();
        layout.sort_by_key(|&k| !matches!(dims[k].key, Key::Period(_)));
        let mut strides = vec![1u64; dims.len()];
        let mut stride = 1u64;
        for &k in layout.iter().rev() {
            strides[k] = stride;
            stride = stride.saturating_mul(u64::from(dims[k].cardinality));
        }

        // The incidents kept, then each one's cell, key by key in tight
        // loops over the columns, then the totals by cell: dense when the
        // cells fit, else hashed.
        let n = kept.as_ref().map_or(to - from, Vec::len);
        let use_dense = cells.saturating_mul(size_of::<Acc>() as u64) <= 64 << 20;
        let dense_len = if use_dense {
            usize::try_from(cells).unwrap_or(0)
        } else {
            0
        };
        let accumulate = |range: std::ops::Range<usize>| {
            let mut part = Part {
                dense: vec![Acc::EMPTY; dense_len],
                sparse: FxHashMap::default(),
                members: Vec::new(),
            };
            // In chunks, so that the cells of a chunk stay in cache.
            const CHUNK: usize = 4096;
            let mut cell = [0u64; CHUNK];
            let mut start = range.start;
            while start < range.end {
                let len = CHUNK.min(range.end - start);
                let chunk = &mut cell[..len];
                chunk.fill(0);
                let ids = kept.as_deref().map(|v| &v[start..start + len]);
                for (d, &stride) in dims.iter().zip(&strides) {
                    d.add_codes(c, ids, from + start, stride, chunk);
                }
                let id = |k: usize| ids.map_or(from + start + k, |v| v[k] as usize);
                if use_dense {
                    for (k, &cell) in chunk.iter().enumerate() {
                        part.dense[cell as usize].add(c, id(k));
                    }
                } else {
                    for (k, &cell) in chunk.iter().enumerate() {
                        part.sparse.entry(cell).or_insert(Acc::EMPTY).add(c, id(k));
                    }
                }
                if self.distinct_groups {
                    for (k, &cell) in chunk.iter().enumerate() {
                        for actor in self.data.incidents()[id(k)].actors() {
                            part.members.push((cell, actor.group().as_u32()));
                        }
                    }
                }
                start += len;
            }
            part
        };
        // Large scans are split across the cores, each half with its own
        // totals, merged after.
        let threads = threads_for(n);
        let step = n.div_ceil(threads.max(1)).max(1);
        let mut parts: Vec<Part> = if threads > 1 {
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..n)
                    .step_by(step)
                    .map(|s| {
                        let accumulate = &accumulate;
                        scope.spawn(move || accumulate(s..(s + step).min(n)))
                    })
                    .collect();
                handles.into_iter().filter_map(|h| h.join().ok()).collect()
            })
        } else {
            vec![accumulate(0..n)]
        };
        let mut all = parts.pop().unwrap_or_else(|| accumulate(0..0));
        for part in parts {
            for (total, acc) in all.dense.iter_mut().zip(&part.dense) {
                total.merge(acc);
            }
            for (cell, acc) in &part.sparse {
                all.sparse.entry(*cell).or_insert(Acc::EMPTY).merge(acc);
            }
            all.members.extend(part.members);
        }
        let Part {
            dense,
            sparse,
            mut members,
        } = all;
        let keep = self.filter(c);
        let cell_of = |i: usize| {
            dims.iter()
                .zip(&strides)
                .map(|(d, &stride)| u64::from(d.code(c, i)) * stride)
                .sum::<u64>()
        };
        // Fatalities that are not exact, added apart: few, if any.
        let mut inexact: FxHashMap<u64, EstimateSum> = FxHashMap::default();
        let first = c.inexact.partition_point(|&i| (i as usize) < from);
        for &i in &c.inexact[first..] {
            let i = i as usize;
            if i >= to {
                break;
            }
            if keep(i) {
                *inexact.entry(cell_of(i)).or_default() +=
                    self.data.incidents()[i].figures().fatalities;
            }
        }
        // Injured and abducted, known for few incidents, if any.
        let known = |list: &[(u32, crate::Estimate)]| {
            let mut sums: FxHashMap<u64, EstimateSum> = FxHashMap::default();
            let first = list.partition_point(|(i, _)| (*i as usize) < from);
            for &(i, estimate) in &list[first..] {
                let i = i as usize;
                if i >= to {
                    break;
                }
                if keep(i) {
                    *sums.entry(cell_of(i)).or_default() += estimate;
                }
            }
            sums
        };
        let (injured, abducted) = (known(&c.injured), known(&c.abducted));
        let mut distinct: BTreeMap<u64, u64> = BTreeMap::new();
        if self.distinct_groups {
            members.sort_unstable();
            members.dedup();
            for (cell, _) in members {
                *distinct.entry(cell).or_default() += 1;
            }
        }
        // The place keys (key position, admin level), coarsest first; the
        // own-region key, finest of all, last.
        let mut places_by_fineness: SmallVec<[(usize, usize); 4]> = self
            .keys
            .iter()
            .enumerate()
            .filter_map(|(k, key)| place_rank(*key).map(|rank| (k, usize::from(rank))))
            .collect();
        places_by_fineness.sort_by_key(|&(_, level)| level);
        let make_row = |(cell, acc): (u64, Acc)| {
            let mut keys: SmallVec<[KeyValue; 4]> = dims
                .iter()
                .zip(&strides)
                .map(|(d, &stride)| {
                    let code = (cell / stride) % u64::from(d.cardinality);
                    d.value(u32::try_from(code).unwrap_or(NONE))
                })
                .collect();
            if implied {
                self.fill_implied(c, &places_by_fineness, &mut keys);
            }
            let apart = inexact.get(&cell).copied().unwrap_or_default();
            let exact_terms = acc.events - apart.terms();
            let fatalities =
                EstimateSum::from_parts(acc.exact, acc.exact, acc.exact, exact_terms, 0, 0, 0)
                    + apart;
            // The incidents with no known figure count as unknown terms.
            let with_unknown = |sums: &FxHashMap<u64, EstimateSum>| {
                let known = sums.get(&cell).copied().unwrap_or_default();
                let unknown = acc.events - known.terms();
                known + EstimateSum::from_parts(0, 0, 0, unknown, unknown, 0, 0)
            };
            Row {
                keys,
                events: acc.events,
                fatalities,
                injured: with_unknown(&injured),
                abducted: with_unknown(&abducted),
                first: Date::from_julian_day(acc.first).unwrap_or(Date::MIN),
                last: Date::from_julian_day(acc.last).unwrap_or(Date::MIN),
                groups: self
                    .distinct_groups
                    .then(|| distinct.get(&cell).copied().unwrap_or(0)),
            }
        };
        // Rows in key order: the cells visited with the codes of the keys
        // counting up, the last key fastest.
        let key_order = |cell: u64| -> SmallVec<[u64; 4]> {
            dims.iter()
                .zip(&strides)
                .map(|(d, &stride)| (cell / stride) % u64::from(d.cardinality))
                .collect()
        };
        let rows: Vec<Row> = if use_dense {
            let mut rows = Vec::new();
            let mut codes: SmallVec<[u64; 4]> = SmallVec::from_elem(0, dims.len());
            let mut remaining = cells;
            while remaining > 0 {
                remaining -= 1;
                let cell: u64 = codes
                    .iter()
                    .zip(&strides)
                    .map(|(code, stride)| code * stride)
                    .sum();
                if let Some(acc) = dense.get(cell as usize).filter(|a| a.events > 0) {
                    rows.push(make_row((cell, *acc)));
                }
                // The next combination of codes, the last key fastest.
                for (k, d) in dims.iter().enumerate().rev() {
                    codes[k] += 1;
                    if codes[k] < u64::from(d.cardinality) {
                        break;
                    }
                    codes[k] = 0;
                }
            }
            rows
        } else {
            let mut all: Vec<(u64, Acc)> = sparse.into_iter().collect();
            all.sort_unstable_by_key(|(cell, _)| key_order(*cell));
            all.into_iter().map(make_row).collect()
        };
        let mut table = Table {
            keys: self.keys.clone(),
            rows,
        };
        // Rows were laid out by the finest place key alone, its regions
        // ordered by their ancestors: that is key order when the place keys
        // stand together, coarsest first; else sort.
        let places: Vec<(usize, u8)> = self
            .keys
            .iter()
            .enumerate()
            .filter_map(|(k, key)| place_rank(*key).map(|rank| (k, rank)))
            .collect();
        let together = places
            .windows(2)
            .all(|w| w[1].0 == w[0].0 + 1 && w[1].1 > w[0].1);
        if implied && !together {
            table.sort_by_rank(|value| default_rank(c, value));
        }
        table
    }

    /// [`Query::run`] with keys of which an incident may have several
    /// values (groups, sites): each incident is counted once for each
    /// combination of its values, by hashing the key values.
    fn run_expanded(&self, c: &Columns, from: usize, to: usize) -> Table {
        #[derive(Default)]
        struct Totals {
            events: u64,
            fatalities: EstimateSum,
            injured: EstimateSum,
            abducted: EstimateSum,
            first: i32,
            last: i32,
            groups: Vec<u32>,
        }
        let kept = self.kept(c, from, to);
        let dims: Vec<Option<Dim>> = self
            .keys
            .iter()
            .map(|k| match k {
                Key::Group | Key::Site => None,
                _ => Some(Dim::new(*k, self.data, c, from, to, kept.as_deref())),
            })
            .collect();
        let ids: Box<dyn Iterator<Item = usize>> = match &kept {
            Some(list) => Box::new(list.iter().map(|&i| i as usize)),
            None => Box::new(from..to),
        };
        let mut totals: FxHashMap<SmallVec<[KeyValue; 4]>, Totals> = FxHashMap::default();
        // Lists for one incident at a time, emptied and filled again, so
        // that counting an incident allocates nothing.
        let (mut groups, mut sites) = (Vec::new(), Vec::new());
        let (mut combos, mut longer) = (Vec::new(), Vec::new());
        for i in ids {
            let incident = &self.data.incidents()[i];
            groups.clear();
            groups.extend(incident.actors().iter().map(|a| KeyValue::Group(a.group())));
            groups.sort_unstable();
            groups.dedup();
            sites.clear();
            sites.extend(incident.sites().map(KeyValue::Site));
            sites.sort_unstable();
            sites.dedup();
            for list in [&mut groups, &mut sites] {
                if list.is_empty() {
                    list.push(KeyValue::None);
                }
            }
            // Every combination of the incident's values, key by key.
            combos.clear();
            combos.push(SmallVec::<[KeyValue; 4]>::new());
            for (key, dim) in self.keys.iter().zip(&dims) {
                let values: &[KeyValue] = match (key, dim) {
                    (_, Some(d)) => &[d.value(d.code(c, i))],
                    (Key::Group, None) => &groups,
                    _ => &sites,
                };
                longer.clear();
                for combo in &combos {
                    for value in values {
                        let mut next = combo.clone();
                        next.push(*value);
                        longer.push(next);
                    }
                }
                std::mem::swap(&mut combos, &mut longer);
            }
            let figures = incident.figures();
            let day = c.day[i];
            for combo in combos.drain(..) {
                let t = totals.entry(combo).or_insert_with(|| Totals {
                    first: i32::MAX,
                    last: i32::MIN,
                    ..Totals::default()
                });
                t.events += 1;
                t.fatalities += figures.fatalities;
                t.injured += figures.injured;
                t.abducted += figures.abducted;
                t.first = t.first.min(day);
                t.last = t.last.max(day);
                if self.distinct_groups {
                    t.groups
                        .extend(incident.actors().iter().map(|a| a.group().as_u32()));
                }
            }
        }
        let rows = totals
            .into_iter()
            .map(|(keys, mut t)| {
                t.groups.sort_unstable();
                t.groups.dedup();
                Row {
                    keys,
                    events: t.events,
                    fatalities: t.fatalities,
                    injured: t.injured,
                    abducted: t.abducted,
                    first: Date::from_julian_day(t.first).unwrap_or(Date::MIN),
                    last: Date::from_julian_day(t.last).unwrap_or(Date::MIN),
                    groups: self.distinct_groups.then_some(t.groups.len() as u64),
                }
            })
            .collect();
        let mut table = Table {
            keys: self.keys.clone(),
            rows,
        };
        table.sort_by_rank(|value| default_rank(c, value));
        table
    }

    /// Sets the values of implied place keys from the finest place key.
    fn fill_implied(&self, c: &Columns, places: &[(usize, usize)], keys: &mut [KeyValue]) {
        // The finest place key (the last of `places`) holds the region the
        // incidents are known to; at each place key's level, its ancestor
        // there, or none.
        let Some(&(finest, _)) = places.last() else {
            return;
        };
        let KeyValue::Region(region) = keys[finest] else {
            return;
        };
        let Some(up) = c.region_ancestors.get(region.index()) else {
            return;
        };
        for &(k, level) in places {
            // The own-region key (level 4) keeps its value.
            let Some(&id) = up.get(level) else { continue };
            keys[k] = match id {
                NONE => KeyValue::None,
                id => KeyValue::Region(RegionId::new(id)),
            };
        }
    }

    /// Whether the type filters keep `sub`: within each of event types and
    /// sub-event types any given one will do, and both must.
    fn keeps_type(&self, sub: SubEventType) -> bool {
        (self.event_types.is_empty() || self.event_types.contains(&sub.event_type()))
            && (self.sub_event_types.is_empty() || self.sub_event_types.contains(&sub))
    }

    /// The incidents of `from..to` that pass every filter, in id order;
    /// `None` when there is no filter but the period, so all of them.
    fn kept(&self, c: &Columns, from: usize, to: usize) -> Option<Vec<u32>> {
        let filtered = !(self.regions.is_empty()
            && self.groups.is_empty()
            && self.actor1.is_empty()
            && self.event_types.is_empty()
            && self.sub_event_types.is_empty()
            && self.sites.is_empty()
            && self.blockades.is_empty()
            && self.within.is_none());
        if !filtered {
            return None;
        }
        let keep = self.filter(c);
        let id = |i: usize| u32::try_from(i).unwrap_or(NONE);
        Some(match self.candidates(c, from, to) {
            Some(list) => list.into_iter().filter(|&i| keep(i as usize)).collect(),
            None => (from..to).filter(|&i| keep(i)).map(id).collect(),
        })
    }

    /// When a filter narrows the incidents to few, those of `from..to` it
    /// may keep, in id order; `None` to scan them all. A radius asks the
    /// dataset's point index once one is built (by the dataset's own
    /// radius and nearest searches); a few sub-event types take their
    /// incident lists.
    fn candidates(&self, c: &Columns, from: usize, to: usize) -> Option<Vec<u32>> {
        if let Some((centre, km)) = self.within
            && let Some(points) = self.data.built_incident_points()
        {
            // The point index gives the incidents in reach, a hair wider;
            // the exact haversine test of `filter` then decides, as a scan
            // of every incident would.
            let reach = km * (1.0 + 1e-9) + 1e-9;
            let mut ids: Vec<u32> = points
                .ids_within_km(centre.y(), centre.x(), reach)
                .map(IncidentId::as_u32)
                .filter(|&i| (from..to).contains(&(i as usize)))
                .collect();
            ids.sort_unstable();
            return Some(ids);
        }
        if self.sub_event_types.is_empty() && self.event_types.is_empty() {
            return None;
        }
        let types: Vec<usize> = SubEventType::ALL
            .iter()
            .enumerate()
            .filter(|(_, s)| self.keeps_type(**s))
            .map(|(k, _)| k)
            .collect();
        if types.len() > 4 {
            return None;
        }
        let mut list: Vec<u32> = types
            .into_iter()
            .flat_map(|k| {
                let ids = &c.by_sub_event[k];
                let a = ids.partition_point(|&i| (i as usize) < from);
                let b = ids.partition_point(|&i| (i as usize) < to);
                ids[a..b].iter().copied()
            })
            .collect();
        list.sort_unstable();
        Some(list)
    }

    /// The incident ids `from..to` whose first day is in the period filter.
    fn range(&self, c: &Columns) -> (usize, usize) {
        let from = self
            .from
            .map_or(0, |d| c.day.partition_point(|&x| x < d.to_julian_day()));
        let to = self.to.map_or(c.day.len(), |d| {
            c.day.partition_point(|&x| x <= d.to_julian_day())
        });
        (from, to.max(from))
    }

    /// The per-incident test of the filters other than the period.
    fn filter<'q>(&'q self, c: &'q Columns) -> impl Fn(usize) -> bool + 'q {
        let data = self.data;
        let regions: Option<Vec<bool>> = (!self.regions.is_empty()).then(|| {
            (0..data.regions().len())
                .map(|r| {
                    let id = RegionId::new(u32::try_from(r).unwrap_or(NONE));
                    data.ancestors(id).any(|a| self.regions.contains(&a))
                })
                .collect()
        });
        let mut types = [false; 25];
        for (k, sub) in SubEventType::ALL.iter().enumerate() {
            types[k] = self.keeps_type(*sub);
        }
        // One mask per kind of list filter: a kind keeps the incidents on
        // any of its lists, and every kind given must keep an incident.
        let mask = |lists: Vec<&[IncidentId]>| {
            let mut mask = vec![false; c.day.len()];
            for list in lists {
                for id in list {
                    mask[id.index()] = true;
                }
            }
            mask
        };
        let listed: Vec<Vec<bool>> = [
            self.groups
                .iter()
                .map(|g| data.incidents_of_group(*g))
                .collect::<Vec<_>>(),
            self.sites
                .iter()
                .map(|s| data.incidents_at_site(*s))
                .collect(),
            self.blockades
                .iter()
                .map(|b| data.incidents_enforcing(*b))
                .collect(),
        ]
        .into_iter()
        .filter(|lists| !lists.is_empty())
        .map(mask)
        .collect();
        let actor1: Vec<u32> = self.actor1.iter().map(|g| g.as_u32()).collect();
        let within = self.within.map(|(centre, km)| {
            let (lat_span, lon_span) = spans(centre, km);
            (centre, km * 1000.0, lat_span, lon_span)
        });
        move |i: usize| {
            if !types[usize::from(c.sub_event[i])] {
                return false;
            }
            if let Some(mask) = &regions
                && !mask.get(c.region[i] as usize).copied().unwrap_or(false)
            {
                return false;
            }
            if listed.iter().any(|mask| !mask[i]) {
                return false;
            }
            if !actor1.is_empty() && !actor1.contains(&c.actor1[i]) {
                return false;
            }
            if let Some((centre, metres, lat_span, lon_span)) = within {
                let (lat, lon) = (c.lat[i], c.lon[i]);
                let dlon = (lon - centre.x()).abs();
                let dlon = dlon.min(360.0 - dlon);
                if !((lat - centre.y()).abs() <= lat_span && dlon <= lon_span) {
                    return false;
                }
                if Haversine.distance(centre, Point::new(lon, lat)) > metres {
                    return false;
                }
            }
            true
        }
    }
}

/// Degrees of latitude and of longitude either side of `centre` that hold
/// every point within `km` of it: a cheap box test before the haversine
/// distance. The box is widened a little for rounding, and to the whole
/// circle of longitude when it reaches a pole.
fn spans(centre: Point<f64>, km: f64) -> (f64, f64) {
    // One degree is at least 110.574 km of latitude and 111.320 * cos(lat)
    // km of longitude on the ellipsoid; the sphere of radius 6371.0088 km
    // gives 111.195 km, so these spans are wide enough.
    let lat_span = km / 110.574 * 1.001 + 1e-9;
    let far_lat = (centre.y().abs() + lat_span).min(90.0);
    let cos = far_lat.to_radians().cos();
    let lon_span = if cos <= 1e-9 {
        360.0
    } else {
        (km / (111.195 * cos) * 1.001 + 1e-9).min(360.0)
    };
    (lat_span, lon_span)
}

/// How many threads a scan of `n` incidents is split over: the cores (at
/// most 4) for 256k incidents or more, else one.
fn threads_for(n: usize) -> usize {
    if n >= 1 << 18 {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(4)
    } else {
        1
    }
}

/// Sets `table[k]` to `value(from + k)`, split across the cores (as
/// [`Query::run`] splits its totals) when the table is long.
fn fill(table: &mut [u32], from: usize, value: impl Fn(usize) -> u32 + Sync) {
    let threads = threads_for(table.len());
    let step = table.len().div_ceil(threads).max(1);
    let fill_chunk = |start: usize, chunk: &mut [u32]| {
        for (k, slot) in chunk.iter_mut().enumerate() {
            *slot = value(start + k);
        }
    };
    if threads <= 1 {
        fill_chunk(from, table);
        return;
    }
    std::thread::scope(|scope| {
        for (k, chunk) in table.chunks_mut(step).enumerate() {
            let fill_chunk = &fill_chunk;
            scope.spawn(move || fill_chunk(from + k * step, chunk));
        }
    });
}

/// How fine a place key is: country 0, admin1 1, admin2 2, admin3 3, own
/// region 4.
fn place_rank(key: Key) -> Option<u8> {
    match key {
        Key::Country => Some(0),
        Key::Admin1 => Some(1),
        Key::Admin2 => Some(2),
        Key::Admin3 => Some(3),
        Key::Region => Some(4),
        _ => None,
    }
}

/// A running total of one group's measures, over the incidents with exact
/// fatalities; the others are added apart, by [`Query::run`].
#[derive(Debug, Clone, Copy)]
struct Acc {
    events: u64,
    exact: u64,
    first: i32,
    last: i32,
}

/// One core's share of a query's totals.
struct Part {
    dense: Vec<Acc>,
    sparse: FxHashMap<u64, Acc>,
    members: Vec<(u64, u32)>,
}

impl Acc {
    fn merge(&mut self, other: &Acc) {
        self.events += other.events;
        self.exact += other.exact;
        self.first = self.first.min(other.first);
        self.last = self.last.max(other.last);
    }

    const EMPTY: Acc = Acc {
        events: 0,
        exact: 0,
        first: i32::MAX,
        last: i32::MIN,
    };

    #[inline]
    fn add(&mut self, c: &Columns, i: usize) {
        self.events += 1;
        self.exact += u64::from(c.fatal_exact[i]);
        let day = c.day[i];
        self.first = self.first.min(day);
        self.last = self.last.max(day);
    }
}

/// One key laid out densely: each incident's code in `0..cardinality`.
struct Dim {
    key: Key,
    cardinality: u32,
    /// Periods: code of each day from `base`; regions: dense index of each
    /// region id; actor 1: each group's place in name order; grid cells:
    /// code of each incident from `first`.
    table: Vec<u32>,
    /// The value of each code.
    values: Vec<KeyValue>,
    base: i32,
    /// Grid cells: the incident of `table[0]`.
    first: usize,
}

impl Dim {
    fn new(
        key: Key,
        data: &Dataset,
        c: &Columns,
        from: usize,
        to: usize,
        kept: Option<&[u32]>,
    ) -> Dim {
        match key {
            // Several values an incident: laid out by `run_expanded` instead.
            Key::Group | Key::Site => Dim::implied(key),
            Key::PrioGrid | Key::Grid(_) => Dim::grid(key, c, from, to, kept),
            Key::Period(period) => {
                let (lo, hi) = if from < to {
                    (c.day[from], c.day[to - 1])
                } else {
                    (0, 0)
                };
                let mut starts: Vec<i32> = Vec::new();
                let mut table = Vec::with_capacity(usize::try_from(hi - lo + 1).unwrap_or(0));
                for day in lo..=hi {
                    let start = period.start_julian(day);
                    if starts.last() != Some(&start) {
                        starts.push(start);
                    }
                    table.push(u32::try_from(starts.len() - 1).unwrap_or(NONE));
                }
                Dim {
                    key,
                    cardinality: u32::try_from(starts.len().max(1)).unwrap_or(NONE),
                    table,
                    values: starts
                        .into_iter()
                        .map(|s| KeyValue::Period(Date::from_julian_day(s).unwrap_or(Date::MIN)))
                        .collect(),
                    base: lo,
                    first: 0,
                }
            }
            Key::Country | Key::Admin1 | Key::Admin2 | Key::Admin3 | Key::Region => {
                // Dense codes for the regions that can occur, plus one for "none".
                let n = data.regions().len();
                let mut table = vec![NONE; n];
                let mut values = Vec::new();
                // Own region (rank 4): every level.
                let level = place_rank(key).filter(|&rank| rank < 4);
                let mut included: Vec<usize> = data
                    .regions()
                    .iter()
                    .enumerate()
                    .filter(|(_, region)| level.is_none_or(|l| region.level().get() == l))
                    .map(|(r, _)| r)
                    .collect();
                included.sort_unstable_by_key(|&r| c.region_rank[r]);
                for r in included {
                    table[r] = u32::try_from(values.len()).unwrap_or(NONE);
                    values.push(KeyValue::Region(RegionId::new(
                        u32::try_from(r).unwrap_or(NONE),
                    )));
                }
                let none = u32::try_from(values.len()).unwrap_or(NONE);
                values.push(KeyValue::None);
                for code in &mut table {
                    if *code == NONE {
                        *code = none;
                    }
                }
                table.push(none);
                Dim {
                    key,
                    cardinality: u32::try_from(values.len()).unwrap_or(NONE),
                    table,
                    values,
                    base: 0,
                    first: 0,
                }
            }
            Key::Actor1 => {
                // A group's code is its place in name order.
                let n = data.groups().len();
                let mut values = vec![KeyValue::None; n + 1];
                for (g, &rank) in c.group_rank.iter().enumerate() {
                    if let Some(slot) = values.get_mut(rank as usize) {
                        *slot = KeyValue::Group(GroupId::new(u32::try_from(g).unwrap_or(NONE)));
                    }
                }
                let mut table = c.group_rank.clone();
                table.push(u32::try_from(n).unwrap_or(NONE));
                Dim {
                    key,
                    cardinality: u32::try_from(values.len()).unwrap_or(NONE),
                    table,
                    values,
                    base: 0,
                    first: 0,
                }
            }
            Key::EventType => Dim {
                key,
                cardinality: u32::try_from(EventType::ALL.len()).unwrap_or(NONE),
                table: SubEventType::ALL
                    .iter()
                    .map(|s| {
                        EventType::ALL
                            .iter()
                            .position(|e| *e == s.event_type())
                            .map_or(0, |p| u32::try_from(p).unwrap_or(0))
                    })
                    .collect(),
                values: EventType::ALL
                    .iter()
                    .map(|e| KeyValue::EventType(*e))
                    .collect(),
                base: 0,
                first: 0,
            },
            Key::SubEventType => Dim {
                key,
                cardinality: u32::try_from(SubEventType::ALL.len()).unwrap_or(NONE),
                table: (0..SubEventType::ALL.len())
                    .map(|k| u32::try_from(k).unwrap_or(0))
                    .collect(),
                values: SubEventType::ALL
                    .iter()
                    .map(|s| KeyValue::SubEventType(*s))
                    .collect(),
                base: 0,
                first: 0,
            },
        }
    }

    /// Adds `code * stride` to `cell[k]` for the `k`th incident kept
    /// (`ids[k]`, or `from + k` when all are), one tight loop per key.
    fn add_codes(
        &self,
        c: &Columns,
        ids: Option<&[u32]>,
        from: usize,
        stride: u64,
        cell: &mut [u64],
    ) {
        if self.cardinality == 1 {
            return;
        }
        let card = stride;
        fn fold(
            cell: &mut [u64],
            ids: Option<&[u32]>,
            from: usize,
            card: u64,
            code: impl Fn(usize) -> u32,
        ) {
            match ids {
                Some(ids) => {
                    for (cell, &i) in cell.iter_mut().zip(ids) {
                        *cell += u64::from(code(i as usize)) * card;
                    }
                }
                None => {
                    for (k, cell) in cell.iter_mut().enumerate() {
                        *cell += u64::from(code(from + k)) * card;
                    }
                }
            }
        }
        let table = &self.table;
        let last = table.len().saturating_sub(1);
        let region = |r: u32| table[(r as usize).min(last)];
        match self.key {
            Key::Group | Key::Site => {}
            Key::Period(_) => {
                let base = self.base;
                fold(cell, ids, from, card, |i| {
                    table[usize::try_from(c.day[i] - base).unwrap_or(0).min(last)]
                });
            }
            Key::Country => fold(cell, ids, from, card, |i| region(c.ancestor(i, 0))),
            Key::Admin1 => fold(cell, ids, from, card, |i| region(c.ancestor(i, 1))),
            Key::Admin2 => fold(cell, ids, from, card, |i| region(c.ancestor(i, 2))),
            Key::Admin3 => fold(cell, ids, from, card, |i| region(c.ancestor(i, 3))),
            Key::Region => fold(cell, ids, from, card, |i| region(c.region[i])),
            Key::Actor1 => {
                fold(cell, ids, from, card, |i| region(c.actor1[i]));
            }
            Key::EventType | Key::SubEventType => {
                fold(cell, ids, from, card, |i| {
                    table[usize::from(c.sub_event[i])]
                });
            }
            Key::PrioGrid | Key::Grid(_) => {
                let first = self.first;
                fold(cell, ids, from, card, |i| {
                    table[i.saturating_sub(first).min(last)]
                });
            }
        }
    }

    /// The finest place key of a query with coarser ones: each incident's
    /// code is its region's ancestor at the key's level, or, when it is
    /// known only above that level, its own region.
    fn covering(key: Key, data: &Dataset, c: &Columns, implied_levels: &[u8]) -> Dim {
        // Own region: rank 4, above every admin level.
        let level = place_rank(key).unwrap_or(4);
        let regions = data.regions();
        let mut code = vec![NONE; regions.len()];
        let mut values = Vec::new();
        // Codes in the order of each region's ancestors at the levels of
        // the implied keys, in key order, then its own id; none sorts last.
        let mut order: Vec<(SmallVec<[u32; 4]>, usize)> = regions
            .iter()
            .enumerate()
            .filter(|(_, region)| region.level().get() <= level)
            .map(|(r, region)| {
                let id = RegionId::new(u32::try_from(r).unwrap_or(NONE));
                let mut path: SmallVec<[u32; 4]> = implied_levels
                    .iter()
                    .map(|&l| {
                        crate::AdminLevel::new(l)
                            .ok()
                            .and_then(|l| data.ancestor_at(id, l))
                            .map_or(NONE, |a| c.region_rank[a.index()])
                    })
                    .collect();
                let rank = c.region_rank[r];
                path.push(if region.level().get() == level || level == 4 {
                    rank
                } else {
                    NONE
                });
                path.push(rank);
                (path, r)
            })
            .collect();
        order.sort_unstable();
        for (_, r) in order {
            code[r] = u32::try_from(values.len()).unwrap_or(NONE);
            values.push(KeyValue::Region(RegionId::new(
                u32::try_from(r).unwrap_or(NONE),
            )));
        }
        let none = u32::try_from(values.len()).unwrap_or(NONE);
        values.push(KeyValue::None);
        let mut table: Vec<u32> = (0..regions.len())
            .map(|r| {
                let id = RegionId::new(u32::try_from(r).unwrap_or(NONE));
                let ancestor = |l: u8| {
                    crate::AdminLevel::new(l)
                        .ok()
                        .and_then(|l| data.ancestor_at(id, l))
                };
                // The region at this key's level; for one known only above
                // it, its ancestor at the deepest implied level, so that
                // such incidents share a row with their coarser keys' values.
                let at = if level == 4 {
                    Some(id)
                } else {
                    ancestor(level).or_else(|| {
                        let mut levels = implied_levels.to_vec();
                        levels.sort_unstable();
                        levels.into_iter().rev().find_map(ancestor)
                    })
                };
                at.and_then(|at| code.get(at.index()))
                    .copied()
                    .filter(|c| *c != NONE)
                    .unwrap_or(none)
            })
            .collect();
        table.push(none);
        Dim {
            key: Key::Region,
            cardinality: u32::try_from(values.len()).unwrap_or(NONE),
            table,
            values,
            base: 0,
            first: 0,
        }
    }

    /// A grid key: each kept incident's cell, the distinct cells numbered
    /// in their order, then one code for "no cell" (no location).
    ///
    /// The cells are found once per incident of `from..to` (of `kept`, when
    /// given) and numbered in the order of their values ([`KmGrid::index`]
    /// or the `gid`); the codes are those numbers ranked, through a
    /// dense array over the numbers present when it is small beside the
    /// incidents, else a sorted list of the distinct numbers.
    fn grid(key: Key, c: &Columns, from: usize, to: usize, kept: Option<&[u32]>) -> Dim {
        // A kilometre grid's columns, row by row over the latitudes of the
        // range (NaN, no location, is skipped by min and max).
        let locator = match key {
            Key::Grid(grid) => {
                let lats = c.lat.get(from..to).unwrap_or_default();
                let (south, north) = lats
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(s, n), &lat| {
                        (s.min(lat), n.max(lat))
                    });
                Some(grid.locator(south, north))
            }
            _ => None,
        };
        let number = |i: usize| -> u32 {
            let (lat, lon) = (c.lat[i], c.lon[i]);
            let found = match &locator {
                Some(locator) => locator.index(lat, lon),
                None => PrioGridCell::containing(lat, lon).map(PrioGridCell::gid),
            };
            found.unwrap_or(NONE)
        };
        let value = |n: u32| match key {
            Key::PrioGrid => PrioGridCell::from_gid(n).map_or(KeyValue::None, KeyValue::PrioGrid),
            Key::Grid(grid) => grid.cell_at_index(n).map_or(KeyValue::None, KeyValue::Cell),
            _ => KeyValue::None,
        };
        let mut table = vec![NONE; to.saturating_sub(from)];
        match kept {
            Some(ids) => {
                for &i in ids {
                    if let Some(slot) = table.get_mut((i as usize).wrapping_sub(from)) {
                        *slot = number(i as usize);
                    }
                }
            }
            None => fill(&mut table, from, number),
        }
        let (lo, hi) = table
            .iter()
            .filter(|&&n| n != NONE)
            .fold((NONE, 0), |(lo, hi), &n| (lo.min(n), hi.max(n)));
        let mut values = Vec::new();
        if lo <= hi {
            let span = (hi - lo) as usize + 1;
            if span <= 4 * table.len() + (1 << 16) {
                // Dense: mark the numbers present, rank them in order.
                let mut code = vec![NONE; span];
                for &n in &table {
                    if n != NONE {
                        code[(n - lo) as usize] = 0;
                    }
                }
                for (offset, slot) in code.iter_mut().enumerate() {
                    if *slot != NONE {
                        *slot = u32::try_from(values.len()).unwrap_or(NONE);
                        values.push(value(lo + u32::try_from(offset).unwrap_or(0)));
                    }
                }
                let none = u32::try_from(values.len()).unwrap_or(NONE);
                for n in &mut table {
                    *n = match *n {
                        NONE => none,
                        n => code[(n - lo) as usize],
                    };
                }
            } else {
                let mut distinct: Vec<u32> = table.iter().copied().filter(|&n| n != NONE).collect();
                distinct.sort_unstable();
                distinct.dedup();
                values.extend(distinct.iter().map(|&n| value(n)));
                let none = u32::try_from(values.len()).unwrap_or(NONE);
                for n in &mut table {
                    *n = match distinct.binary_search(n) {
                        Ok(code) => u32::try_from(code).unwrap_or(none),
                        Err(_) => none,
                    };
                }
            }
        }
        values.push(KeyValue::None);
        Dim {
            key,
            cardinality: u32::try_from(values.len()).unwrap_or(NONE),
            table,
            values,
            base: 0,
            first: from,
        }
    }

    /// A key whose value follows from another: one code, filled in later.
    fn implied(key: Key) -> Dim {
        Dim {
            key,
            cardinality: 1,
            table: Vec::new(),
            values: vec![KeyValue::None],
            base: 0,
            first: 0,
        }
    }

    #[inline]
    fn code(&self, c: &Columns, i: usize) -> u32 {
        if self.cardinality == 1 {
            return 0;
        }
        match self.key {
            Key::Group | Key::Site => 0,
            Key::Period(_) => self.table[usize::try_from(c.day[i] - self.base).unwrap_or(0)],
            Key::Country => self.region_code(c.ancestor(i, 0)),
            Key::Admin1 => self.region_code(c.ancestor(i, 1)),
            Key::Admin2 => self.region_code(c.ancestor(i, 2)),
            Key::Admin3 => self.region_code(c.ancestor(i, 3)),
            Key::Region => self.region_code(c.region[i]),
            Key::Actor1 => self.region_code(c.actor1[i]),
            Key::EventType | Key::SubEventType => self.table[usize::from(c.sub_event[i])],
            Key::PrioGrid | Key::Grid(_) => {
                let last = self.table.len() - 1;
                self.table[i.saturating_sub(self.first).min(last)]
            }
        }
    }

    #[inline]
    fn region_code(&self, region: u32) -> u32 {
        let last = self.table.len() - 1;
        self.table[(region as usize).min(last)]
    }

    fn value(&self, code: u32) -> KeyValue {
        self.values
            .get(code as usize)
            .copied()
            .unwrap_or(KeyValue::None)
    }
}
