//! The hot columns of a dataset: what queries read for every incident,
//! one dense array per field, built once on first use.

use crate::{AdminLevel, Dataset, Estimate, Role, Side, SubEventType};

/// "No value" in a `u32` column.
pub(crate) const NONE: u32 = u32::MAX;

/// Per incident, in incident id order.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    /// Julian day of the first day.
    pub(crate) day: Vec<i32>,
    /// The incident's own region; its ancestors are in `region_ancestors`.
    pub(crate) region: Vec<u32>,
    /// Position of the sub-event type in [`SubEventType::ALL`].
    pub(crate) sub_event: Vec<u8>,
    /// The principal actor of side A (ACLED's `actor1`), or [`NONE`].
    pub(crate) actor1: Vec<u32>,
    /// Fatalities of the incidents whose estimate is exact, 0 for the others.
    pub(crate) fatal_exact: Vec<u32>,
    /// The incidents whose fatalities estimate is not exact, in id order.
    pub(crate) inexact: Vec<u32>,
    /// The incidents of each sub-event type (by position in
    /// [`SubEventType::ALL`]), in id order.
    pub(crate) by_sub_event: Vec<Vec<u32>>,
    /// Latitude and longitude, NaN when unknown.
    pub(crate) lat: Vec<f64>,
    pub(crate) lon: Vec<f64>,
    /// The incidents with a known injured or abducted figure, and the figure.
    pub(crate) injured: Vec<(u32, Estimate)>,
    pub(crate) abducted: Vec<(u32, Estimate)>,
    /// Each region's ancestors at admin levels 0 to 3 ([`NONE`] above it).
    pub(crate) region_ancestors: Vec<[u32; 4]>,
    /// Each region's, group's and site's place in name order (ties by id).
    pub(crate) region_rank: Vec<u32>,
    pub(crate) group_rank: Vec<u32>,
    pub(crate) site_rank: Vec<u32>,
}

/// Each item's place when the items are sorted by name, ties by position.
fn name_ranks<T>(items: &[T], name: impl Fn(&T) -> &str) -> Vec<u32> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| name(&items[a]).cmp(name(&items[b])).then(a.cmp(&b)));
    let mut rank = vec![0u32; items.len()];
    for (position, item) in order.into_iter().enumerate() {
        rank[item] = u32::try_from(position).unwrap_or(NONE);
    }
    rank
}

impl Columns {
    /// Reads the columns of `data`'s incidents.
    pub(crate) fn new(data: &Dataset) -> Columns {
        let n = data.incidents().len();
        // Each region's ancestors at levels 0 to 3, computed once per region.
        let ancestors: Vec<[u32; 4]> = (0..data.regions().len())
            .map(|r| {
                let id = crate::RegionId::new(u32::try_from(r).unwrap_or(NONE));
                [
                    AdminLevel::COUNTRY,
                    AdminLevel::ADMIN1,
                    AdminLevel::ADMIN2,
                    AdminLevel::ADMIN3,
                ]
                .map(|level| data.ancestor_at(id, level).map_or(NONE, |a| a.as_u32()))
            })
            .collect();
        let mut c = Columns {
            day: Vec::with_capacity(n),
            region: Vec::with_capacity(n),
            sub_event: Vec::with_capacity(n),
            actor1: Vec::with_capacity(n),
            fatal_exact: Vec::with_capacity(n),
            inexact: Vec::new(),
            by_sub_event: Vec::new(),
            lat: Vec::with_capacity(n),
            lon: Vec::with_capacity(n),
            region_rank: name_ranks(data.regions(), crate::Region::name),
            group_rank: name_ranks(data.groups(), crate::Group::name),
            site_rank: name_ranks(data.sites(), crate::Site::name),
            region_ancestors: Vec::new(),
            injured: Vec::new(),
            abducted: Vec::new(),
        };
        for (i, incident) in data.incidents().iter().enumerate() {
            let id = u32::try_from(i).unwrap_or(NONE);
            c.day.push(incident.when().start().to_julian_day());
            c.region.push(incident.region().as_u32());
            let sub = SubEventType::ALL
                .iter()
                .position(|s| *s == incident.sub_event_type())
                .unwrap_or(0);
            c.sub_event.push(u8::try_from(sub).unwrap_or(0));
            let actor1 = incident
                .actors()
                .iter()
                .find(|a| a.side() == Side::A && a.role() == Role::Principal);
            c.actor1.push(actor1.map_or(NONE, |a| a.group().as_u32()));
            let figures = incident.figures();
            if figures.injured.is_known() {
                c.injured.push((id, figures.injured));
            }
            if figures.abducted.is_known() {
                c.abducted.push((id, figures.abducted));
            }
            match incident.figures().fatalities {
                Estimate::Exact(n) => c.fatal_exact.push(n),
                _ => {
                    c.fatal_exact.push(0);
                    c.inexact.push(id);
                }
            }
            let (lat, lon) = incident
                .location()
                .map_or((f64::NAN, f64::NAN), |l| (l.lat(), l.lon()));
            c.lat.push(lat);
            c.lon.push(lon);
        }
        c.by_sub_event = by_sub_event(&c.sub_event);
        c.region_ancestors = ancestors;
        c
    }

    /// The ancestor at admin level `level` (0 to 3) of incident `i`'s
    /// region, [`NONE`] when above the region.
    #[inline]
    pub(crate) fn ancestor(&self, i: usize, level: usize) -> u32 {
        self.region_ancestors
            .get(self.region[i] as usize)
            .and_then(|up| up.get(level))
            .copied()
            .unwrap_or(NONE)
    }
}

/// The incidents of each sub-event type, given each incident's type; each
/// list counted first, so that it is allocated at its exact length.
fn by_sub_event(sub_event: &[u8]) -> Vec<Vec<u32>> {
    let mut counts = vec![0; SubEventType::ALL.len()];
    for &sub in sub_event {
        if let Some(n) = counts.get_mut(usize::from(sub)) {
            *n += 1;
        }
    }
    let mut lists: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
    for (i, &sub) in sub_event.iter().enumerate() {
        if let Some(list) = lists.get_mut(usize::from(sub)) {
            list.push(u32::try_from(i).unwrap_or(NONE));
        }
    }
    lists
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::{CountryCode, DateSpan, Error, Incident, Region, RegionId};

    /// Mali > Kayes > Bafoulabe; an attack in Bafoulabe, a shelling in
    /// Mali, an attack in Kayes.
    fn sample() -> Result<(Dataset, [RegionId; 3]), Error> {
        let mli: CountryCode = "MLI".parse()?;
        let mut b = Dataset::builder();
        let mali = b.add_region(Region::country("Mali", mli));
        let kayes = b.add_region(Region::new("Kayes", mli, AdminLevel::ADMIN1).parent(mali));
        let bafoulabe =
            b.add_region(Region::new("Bafoulabe", mli, AdminLevel::ADMIN2).parent(kayes));
        for (kind, region) in [
            (SubEventType::Attack, bafoulabe),
            (SubEventType::ShellingArtilleryMissileAttack, mali),
            (SubEventType::Attack, kayes),
        ] {
            b.add_incident(
                Incident::builder(kind, DateSpan::day(date!(2025 - 03 - 01)), region).build(),
            );
        }
        Ok((b.build()?, [mali, kayes, bafoulabe]))
    }

    #[test]
    fn an_incidents_ancestors_are_its_regions_at_each_level() -> Result<(), Error> {
        let (data, [mali, kayes, bafoulabe]) = sample()?;
        let c = Columns::new(&data);
        let up = |i: usize| [0, 1, 2, 3].map(|level| c.ancestor(i, level));
        let id = RegionId::as_u32;
        assert_eq!(up(0), [id(mali), id(kayes), id(bafoulabe), NONE]);
        assert_eq!(up(1), [id(mali), NONE, NONE, NONE]);
        assert_eq!(up(2), [id(mali), id(kayes), NONE, NONE]);
        Ok(())
    }

    #[test]
    fn each_sub_event_type_lists_its_incidents_at_their_exact_length() -> Result<(), Error> {
        let (data, _) = sample()?;
        let c = Columns::new(&data);
        assert_eq!(c.by_sub_event.len(), SubEventType::ALL.len());
        for (k, sub) in SubEventType::ALL.iter().enumerate() {
            let expected: Vec<u32> = (0..3u32)
                .filter(|&i| data.incidents()[i as usize].sub_event_type() == *sub)
                .collect();
            assert_eq!(c.by_sub_event[k], expected, "{sub}");
            assert_eq!(c.by_sub_event[k].capacity(), expected.len(), "{sub}");
        }
        Ok(())
    }
}
