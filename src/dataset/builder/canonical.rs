//! The canonical form of a reader's builder: incidents in (first day,
//! external id) order and groups and regions numbered by name, so that the
//! dataset read from a file does not depend on the order of its rows.
//!
//! A reader that reads on several threads computes the parts of this form
//! that look at one incident (its [`SortKey`], its [`Usage`]) as it reads,
//! and [`DatasetBuilder::canonical_ids`] and [`canonical_order`] put them
//! together; [`DatasetBuilder::canonicalise`] does it all for a reader
//! that did not.

use std::ops::Range;

use super::DatasetBuilder;
use crate::{Incident, RegionId};

/// Marks an item that canonical numbering drops.
pub(crate) const DROPPED: u32 = u32::MAX;

/// Where an incident goes in canonical order, before ties: its first day,
/// and the first 8 bytes of its first external id as a number (zero-padded,
/// so that its order is the text's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SortKey {
    day: i32,
    prefix: u64,
}

impl SortKey {
    pub(crate) fn of(incident: &Incident) -> SortKey {
        let text = external_id(incident).as_bytes();
        let mut prefix = [0u8; 8];
        let head = &text[..text.len().min(8)];
        prefix[..head.len()].copy_from_slice(head);
        SortKey {
            day: incident.when().start().to_julian_day(),
            prefix: u64::from_be_bytes(prefix),
        }
    }
}

/// The id that orders incidents of one day.
pub(crate) fn external_id(incident: &Incident) -> &str {
    incident.external_ids().first().map_or("", |x| x.value())
}

/// How many incidents refer to each group and to each region (as their
/// own region; ancestors are counted by [`DatasetBuilder::canonical_ids`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Usage {
    pub(crate) groups: Vec<u32>,
    pub(crate) regions: Vec<u32>,
}

impl Usage {
    /// Counts `incident`'s references.
    pub(crate) fn add(&mut self, incident: &Incident) {
        self.change(incident, |n| *n += 1);
    }

    /// Takes back what [`add`](Usage::add) counted for `incident`.
    pub(crate) fn remove(&mut self, incident: &Incident) {
        self.change(incident, |n| *n = n.saturating_sub(1));
    }

    fn change(&mut self, incident: &Incident, change: impl Fn(&mut u32)) {
        let groups = incident
            .actors()
            .iter()
            .map(|a| a.group())
            .chain(incident.targets().iter().filter_map(|t| t.group_id()));
        for group in groups {
            let i = group.index();
            if i >= self.groups.len() {
                self.groups.resize(i + 1, 0);
            }
            change(&mut self.groups[i]);
        }
        let r = incident.region().index();
        if r >= self.regions.len() {
            self.regions.resize(r + 1, 0);
        }
        change(&mut self.regions[r]);
    }

    /// Adds `other`'s counts, whose ids `groups` and `regions` map to ours.
    pub(crate) fn absorb(&mut self, other: &Usage, groups: &[u32], regions: &[u32]) {
        for (counts, theirs, map) in [
            (&mut self.groups, &other.groups, groups),
            (&mut self.regions, &other.regions, regions),
        ] {
            for (&n, &to) in theirs.iter().zip(map) {
                let to = to as usize;
                if to >= counts.len() {
                    counts.resize(to + 1, 0);
                }
                counts[to] += n;
            }
        }
    }
}

/// Old ids to new: `groups[old]` and `regions[old]`, [`DROPPED`] for the
/// dropped.
#[derive(Debug, Clone)]
pub(crate) struct Renumbering {
    pub(crate) groups: Vec<u32>,
    pub(crate) regions: Vec<u32>,
}

impl Renumbering {
    /// Every id to itself, for `groups` groups and `regions` regions.
    pub(crate) fn identity(groups: usize, regions: usize) -> Renumbering {
        let ids = |n: usize| {
            (0..n)
                .map(|i| u32::try_from(i).unwrap_or(DROPPED))
                .collect()
        };
        Renumbering {
            groups: ids(groups),
            regions: ids(regions),
        }
    }

    /// Follows each id on through `next`.
    pub(crate) fn then(&mut self, next: &Renumbering) {
        for (ids, next) in [
            (&mut self.groups, &next.groups),
            (&mut self.regions, &next.regions),
        ] {
            for id in ids.iter_mut() {
                *id = next.get(*id as usize).copied().unwrap_or(DROPPED);
            }
        }
    }

    /// Takes `incident` from the old ids to the new.
    pub(crate) fn apply(&self, incident: &mut Incident) {
        incident.remap(&self.groups, &self.regions);
    }
}

impl DatasetBuilder {
    /// Puts the incidents in the canonical order: by first day, then
    /// first external id, then the order given; groups by name; regions by
    /// path (name and level of each region from the country down). Groups
    /// and regions no incident uses (a refused row's) are dropped; a used
    /// region keeps its ancestors.
    pub(crate) fn canonicalise(&mut self, mut incidents: Vec<Incident>) {
        let keys: Vec<SortKey> = incidents.iter().map(SortKey::of).collect();
        let from = canonical_order(&keys, |i| external_id(&incidents[i]));
        drop(keys);
        let mut usage = Usage::default();
        for incident in &incidents {
            usage.add(incident);
        }
        let ids = self.canonical_ids(&usage);
        for incident in &mut incidents {
            ids.apply(incident);
        }
        arrange(&mut incidents, &from);
        self.incidents = incidents;
    }

    /// Numbers the groups and regions `usage` counts in canonical order,
    /// drops the others, and returns the renumbering, which the caller
    /// applies to the incidents.
    pub(crate) fn canonical_ids(&mut self, usage: &Usage) -> Renumbering {
        let used = |counts: &[u32], n: usize| -> Vec<bool> {
            (0..n)
                .map(|i| counts.get(i).is_some_and(|&c| c > 0))
                .collect()
        };
        let used_groups = used(&usage.groups, self.groups.len());
        let mut used_regions = used(&usage.regions, self.regions.len());
        for r in 0..self.regions.len() {
            if used_regions[r] {
                let mut parent = self.regions[r].parent_id();
                while let Some(p) = parent.filter(|p| !used_regions[p.index()]) {
                    used_regions[p.index()] = true;
                    parent = self.regions[p.index()].parent_id();
                }
            }
        }
        let groups = &self.groups;
        let group_order = order_kept(&used_groups, |i| groups[i].name().to_owned());
        let regions = &self.regions;
        let region_order = order_kept(&used_regions, |i| {
            let mut path = Vec::new();
            let mut current = Some(RegionId::new(u32::try_from(i).unwrap_or(u32::MAX)));
            while let Some(id) = current {
                let region = &regions[id.index()];
                path.push((region.name().to_owned(), region.level()));
                current = region.parent_id();
            }
            path.reverse();
            path
        });
        self.groups = permute(std::mem::take(&mut self.groups), &group_order);
        for group in &mut self.groups {
            group.remap(&group_order);
        }
        self.regions = permute(std::mem::take(&mut self.regions), &region_order);
        for region in &mut self.regions {
            region.remap(&region_order);
        }
        Renumbering {
            groups: group_order,
            regions: region_order,
        }
    }
}

/// `from[k]`: the position of the item that goes at `k` when items are
/// put in order of `keys`, ties by `id` and then by position.
///
/// Days span a few thousand values however many incidents there are, so
/// the items are first counted out by day, and only each day's few are
/// compared.
pub(crate) fn canonical_order<'a>(
    keys: &[SortKey],
    id: impl Fn(usize) -> &'a str + Sync,
) -> Vec<u32> {
    let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let by_key = |a: &u32, b: &u32| {
        let (x, y) = (*a as usize, *b as usize);
        keys[x]
            .cmp(&keys[y])
            .then_with(|| id(x).cmp(id(y)))
            .then(x.cmp(&y))
    };
    let (Some(first), Some(last)) = (
        keys.iter().map(|k| k.day).min(),
        keys.iter().map(|k| k.day).max(),
    ) else {
        return Vec::new();
    };
    let span = usize::try_from(i64::from(last) - i64::from(first) + 1).unwrap_or(usize::MAX);
    if span > keys.len().saturating_mul(4).saturating_add(4096) {
        // Days too spread out to count: compare everything.
        let mut from: Vec<u32> = (0..keys.len()).map(index).collect();
        from.sort_unstable_by(by_key);
        return from;
    }
    let day = |k: &SortKey| (k.day - first) as usize;
    // starts[d]: where day d's items begin.
    let mut starts = vec![0u32; span + 1];
    for key in keys {
        starts[day(key) + 1] += 1;
    }
    for d in 1..=span {
        starts[d] += starts[d - 1];
    }
    let mut next = starts.clone();
    let mut from = vec![0u32; keys.len()];
    for (i, key) in keys.iter().enumerate() {
        let slot = &mut next[day(key)];
        from[*slot as usize] = index(i);
        *slot += 1;
    }
    // Each day's items in order; for many items, the days are split in
    // two halves of about as many items, sorted side by side.
    let sort_days = |from: &mut [u32], days: Range<usize>| {
        let offset = starts[days.start] as usize;
        for d in days {
            let bucket = &mut from[starts[d] as usize - offset..starts[d + 1] as usize - offset];
            if bucket.len() > 1 {
                bucket.sort_unstable_by(by_key);
            }
        }
    };
    let two =
        keys.len() >= 1 << 16 && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if two {
        let half = u32::try_from(keys.len() / 2).unwrap_or(u32::MAX);
        let middle = starts.partition_point(|&s| s < half).min(span);
        let (early, late) = from.split_at_mut(starts[middle] as usize);
        std::thread::scope(|scope| {
            scope.spawn(|| sort_days(late, middle..span));
            sort_days(early, 0..middle);
        });
    } else {
        sort_days(&mut from, 0..span);
    }
    from
}

/// Puts `items[from[k]]` at position `k`, in place (`from` being a
/// permutation), with no second list of items made: for many items on
/// two threads (see [`arrange_in_halves`]), else on this one.
pub(crate) fn arrange<T: Send>(items: &mut [T], from: &[u32]) {
    let two =
        items.len() >= 1 << 16 && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if two {
        arrange_in_halves(items, from);
    } else {
        arrange_serially(items, from);
    }
}

/// [`arrange`] on this thread: each cycle of the permutation is followed
/// once, so every item moves once.
fn arrange_serially<T>(items: &mut [T], from: &[u32]) {
    let mut done = vec![false; items.len()];
    for start in 0..items.len() {
        if done[start] {
            continue;
        }
        let mut here = start;
        loop {
            done[here] = true;
            let source = from[here] as usize;
            if source == start {
                break;
            }
            items.swap(here, source);
            here = source;
        }
    }
}

/// [`arrange`] on two threads. Moving items to far places is slow for
/// the wait on each one, not for the bytes, so two threads do it in about
/// half the time if each has a half of its own. Each half first moves the
/// items bound for the other half next to the middle (a pass from both
/// ends); those two runs, as long as each other, are swapped; then each
/// half puts its own items in place.
fn arrange_in_halves<T: Send>(items: &mut [T], from: &[u32]) {
    let mid = items.len() / 2;
    let bound = u32::try_from(mid).unwrap_or(u32::MAX);
    // to[k]: where the item now at k goes.
    let mut to = vec![0u32; items.len()];
    for (k, &source) in from.iter().enumerate() {
        if let Some(slot) = to.get_mut(source as usize) {
            *slot = u32::try_from(k).unwrap_or(u32::MAX);
        }
    }
    let (left, right) = items.split_at_mut(mid);
    let (to_left, to_right) = to.split_at_mut(mid);
    let (out_of_left, out_of_right) = std::thread::scope(|scope| {
        let right = scope.spawn(|| to_front(right, to_right, |t| t < bound));
        let left = to_back(left, to_left, |t| t >= bound);
        (left, right.join().unwrap_or(0))
    });
    // As many go each way in a permutation.
    let crossing = out_of_left.min(out_of_right);
    left[mid - crossing..].swap_with_slice(&mut right[..crossing]);
    to_left[mid - crossing..].swap_with_slice(&mut to_right[..crossing]);
    std::thread::scope(|scope| {
        scope.spawn(|| put_in_place(right, to_right, mid));
        put_in_place(left, to_left, 0);
    });
}

/// Moves the items whose `to` is `leaving` to the end of `items`, keeping
/// `to` beside them; returns how many there are.
fn to_back<T>(items: &mut [T], to: &mut [u32], leaving: impl Fn(u32) -> bool) -> usize {
    let (mut i, mut j) = (0, items.len());
    loop {
        while i < j && !leaving(to[i]) {
            i += 1;
        }
        while i < j && leaving(to[j - 1]) {
            j -= 1;
        }
        if i >= j {
            return items.len() - i;
        }
        items.swap(i, j - 1);
        to.swap(i, j - 1);
    }
}

/// Moves the items whose `to` is `leaving` to the start of `items`,
/// keeping `to` beside them; returns how many there are.
fn to_front<T>(items: &mut [T], to: &mut [u32], leaving: impl Fn(u32) -> bool) -> usize {
    let (mut i, mut j) = (0, items.len());
    loop {
        while i < j && leaving(to[i]) {
            i += 1;
        }
        while i < j && !leaving(to[j - 1]) {
            j -= 1;
        }
        if i >= j {
            return i;
        }
        items.swap(i, j - 1);
        to.swap(i, j - 1);
    }
}

/// Puts each item of `items` at `to[k] - offset`, swapping it there and
/// bringing the item that was there back to do the same, until every
/// item is in place: at most one swap per item.
fn put_in_place<T>(items: &mut [T], to: &mut [u32], offset: usize) {
    let mut swaps = 0;
    for i in 0..items.len() {
        loop {
            let j = (to[i] as usize).wrapping_sub(offset);
            if j == i || j >= items.len() || swaps == items.len() {
                break;
            }
            items.swap(i, j);
            to.swap(i, j);
            swaps += 1;
        }
    }
}

/// `items` with item `old` moved to position `new[old]`, and the items
/// whose new position is [`DROPPED`] left out.
fn permute<T>(items: Vec<T>, new: &[u32]) -> Vec<T> {
    let kept = new.iter().filter(|&&n| n != DROPPED).count();
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(kept).collect();
    for (item, &to) in items.into_iter().zip(new) {
        if let Some(slot) = slots.get_mut(to as usize) {
            *slot = Some(item);
        }
    }
    slots.into_iter().flatten().collect()
}

/// `new[old]`: each kept item's position when the kept items are sorted by
/// `key`; [`DROPPED`] for the others.
fn order_kept<K: Ord>(kept: &[bool], key: impl Fn(usize) -> K) -> Vec<u32> {
    let mut by_key: Vec<usize> = (0..kept.len()).filter(|&i| kept[i]).collect();
    by_key.sort_by_cached_key(|&i| key(i));
    let mut new = vec![DROPPED; kept.len()];
    for (position, old) in by_key.into_iter().enumerate() {
        new[old] = u32::try_from(position).unwrap_or(DROPPED);
    }
    new
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn arranging_follows_each_cycle() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        // A 3-cycle, a swap and a fixed point.
        arrange(&mut items, &[2, 0, 1, 4, 3, 5]);
        assert_eq!(items, ['c', 'a', 'b', 'e', 'd', 'f']);
    }

    proptest::proptest! {
        /// Any permutation, short cycles or long: each position gets the
        /// item `from` names, as a copy made item by item would have it,
        /// on one thread or two.
        #[test]
        fn arranging_is_gathering(
            order in (0usize..3000).prop_flat_map(|n| Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        ) {
            let from: Vec<u32> = order.iter().map(|&i| u32::try_from(i).unwrap_or(0)).collect();
            let mut items: Vec<usize> = (0..from.len()).map(|i| i * 10).collect();
            let gathered: Vec<usize> = from.iter().map(|&i| items[i as usize]).collect();
            let mut halves = items.clone();
            arrange(&mut items, &from);
            proptest::prop_assert_eq!(&items, &gathered);
            arrange_in_halves(&mut halves, &from);
            proptest::prop_assert_eq!(&halves, &gathered);
        }
    }

    #[test]
    fn many_keys_sorted_in_two_halves_are_in_full_order() {
        // Enough keys for two threads, with few days and repeated prefixes
        // so that ids and positions decide many ties.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let ids: Vec<String> = (0..70_000).map(|_| format!("{}", next() % 50)).collect();
        let keys: Vec<SortKey> = (0..70_000)
            .map(|_| SortKey {
                day: i32::try_from(next() % 300).unwrap_or(0),
                prefix: next() % 3,
            })
            .collect();
        let mut expected: Vec<u32> = (0..70_000).collect();
        expected.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            (keys[a], &ids[a], a).cmp(&(keys[b], &ids[b], b))
        });
        assert_eq!(canonical_order(&keys, |i| ids[i].as_str()), expected);
    }

    #[test]
    fn days_are_counted_out_and_ties_go_by_id_then_position() {
        let key = |day, prefix| SortKey { day, prefix };
        let keys = [key(9, 2), key(3, 5), key(9, 1), key(3, 5), key(9, 1)];
        let ids = ["b", "x", "c", "w", "a"];
        // Day 3: equal prefixes, so ids decide (w before x); day 9:
        // prefix 1 (ids "c" and "a": "a" first) before prefix 2.
        assert_eq!(canonical_order(&keys, |i| ids[i]), [3, 1, 4, 2, 0]);
        // The same with days too far apart to count.
        let far = [key(i32::MIN / 2, 0), key(i32::MAX / 2, 0), key(0, 0)];
        assert_eq!(canonical_order(&far, |_| ""), [0, 2, 1]);
        assert_eq!(canonical_order(&[], |_| ""), Vec::<u32>::new());
    }
}
