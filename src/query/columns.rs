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
    /// The incident's own region.
    pub(crate) region: Vec<u32>,
    /// The ancestor at admin levels 0 to 3, [`NONE`] when above the region.
    pub(crate) level: [Vec<u32>; 4],
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
    pub(crate) fn new(data: &Dataset) -> Columns {
        let n = data.incidents().len();
        // Each region's ancestors at levels 0..=2, computed once per region.
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
            level: [
                Vec::with_capacity(n),
                Vec::with_capacity(n),
                Vec::with_capacity(n),
                Vec::with_capacity(n),
            ],
            sub_event: Vec::with_capacity(n),
            actor1: Vec::with_capacity(n),
            fatal_exact: Vec::with_capacity(n),
            inexact: Vec::new(),
            by_sub_event: vec![Vec::new(); SubEventType::ALL.len()],
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
            let region = incident.region();
            c.region.push(region.as_u32());
            let up = ancestors.get(region.index()).copied().unwrap_or([NONE; 4]);
            for (column, value) in c.level.iter_mut().zip(up) {
                column.push(value);
            }
            let sub = SubEventType::ALL
                .iter()
                .position(|s| *s == incident.sub_event_type())
                .unwrap_or(0);
            c.sub_event.push(u8::try_from(sub).unwrap_or(0));
            c.by_sub_event[sub].push(id);
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
        c.region_ancestors = ancestors;
        c
    }
}
