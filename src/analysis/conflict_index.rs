//! The four indicators of ACLED's Conflict Index, per country: deadliness,
//! danger to civilians, diffusion and fragmentation.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use time::{Date, Month};

use crate::space::{GridCell, KmGrid};
use crate::{
    ActorKind, AdminLevel, CountryCode, Dataset, EstimateSum, GroupId, GroupKind, RegionId, Role,
};

/// The events a grid cell needs in the window to count as a high-violence
/// cell: "at least 10 events per year".
pub const HIGH_VIOLENCE_EVENTS: u64 = 10;

/// The window of ACLED's Conflict Index for an update on `update`: "the 12
/// months preceding the latest update", from the same day a year before
/// through the day before `update`, both included.
///
/// An update on 1 December covers December to November, as ACLED's annual
/// results do ("data from the previous December through November of the
/// current year"). For 29 February the window starts on 1 March of the
/// year before. `None` only for [`Date::MIN`], which no day precedes;
/// a window that would start before [`Date::MIN`] starts there.
///
/// ```
/// use conflict_events::analysis::index_window;
/// use time::macros::date;
///
/// assert_eq!(index_window(date!(2025-12-01)), Some((date!(2024-12-01), date!(2025-11-30))));
/// assert_eq!(index_window(date!(2024-02-29)), Some((date!(2023-03-01), date!(2024-02-28))));
/// ```
pub fn index_window(update: Date) -> Option<(Date, Date)> {
    let to = update.previous_day()?;
    let from = update
        .replace_year(update.year() - 1)
        .or_else(|_| Date::from_calendar_date(update.year() - 1, Month::March, 1))
        .unwrap_or(Date::MIN);
    Some((from, to))
}

/// The diffusion indicator of one country.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Diffusion {
    /// Cells of the country with at least [`HIGH_VIOLENCE_EVENTS`]
    /// political-violence events in the window, among the cells that count.
    pub high_violence_cells: u64,
    /// The cells of the country that count; `None` when the country's
    /// region has no boundary, so that its cells are unknown.
    pub cells: Option<u64>,
    /// `high_violence_cells / cells`, from 0 to 1 (ACLED states it as a
    /// percentage: multiply by 100); `None` when `cells` is unknown or 0.
    pub proportion: Option<f64>,
}

/// The Conflict Index indicators of one country over one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CountryIndicators {
    /// The country's region id.
    pub country_id: RegionId,
    /// The country's name.
    pub country: String,
    /// The country's code.
    pub country_code: CountryCode,
    /// The first day of the window.
    #[serde(with = "crate::model::serde_date::iso_date")]
    pub from: Date,
    /// The last day of the window.
    #[serde(with = "crate::model::serde_date::iso_date")]
    pub to: Date,
    /// Political-violence incidents in the window.
    pub events: u64,
    /// Deadliness: the sum of the best fatality figures of the
    /// political-violence incidents ([`EstimateSum::best`]; for ACLED
    /// events, their `fatalities`).
    pub deadliness: u64,
    /// The same fatalities with low, best and high kept apart.
    pub fatalities: EstimateSum,
    /// Danger to civilians: political-violence incidents with
    /// [`Incident::civilians_targeted`](crate::Incident::civilians_targeted).
    pub danger: u64,
    /// Diffusion on the 10 km grid, [`KmGrid::TEN_KM`].
    pub diffusion: Diffusion,
    /// Fragmentation: how many distinct non-state armed groups took part
    /// in political violence; the length of
    /// [`armed_groups`](Self::armed_groups).
    pub fragmentation: u64,
    /// Those groups, by id.
    pub armed_groups: Vec<GroupId>,
}

/// The four indicators of ACLED's Conflict Index for every country of
/// `data`, over the incidents whose first day is in `from..=to` (for the
/// Index's own window, see [`index_window`]).
///
/// Definitions, quoted from ACLED's methodology page
/// (acleddata.com/general-guide/about-conflict-index), and how each is computed here. *Political violence* is ACLED's
/// disorder type, [`SubEventType::is_political_violence`](crate::SubEventType::is_political_violence): battles,
/// explosions/remote violence, violence against civilians, mob violence
/// and excessive force against protesters.
///
/// - **Deadliness**: "The deadliness indicator represents the number of
///   reported fatalities per country in the 12 months preceding the latest
///   update of the Index". The fatalities of the political-violence
///   incidents of the country: [`CountryIndicators::deadliness`] (best
///   figures) and [`CountryIndicators::fatalities`] (all three).
/// - **Danger**: "The danger indicator represents the number of violent
///   events targeting civilians in the 12 months preceding the latest Index
///   update." The political-violence incidents flagged
///   [`civilians_targeted`](crate::Incident::civilians_targeted) (ACLED's
///   `civilian_targeting`).
/// - **Diffusion**: "Each country is divided into a 10 km by 10 km spatial
///   grid. Grid cells that have a population of fewer than 100 people are
///   excluded. Next, ACLED determines how many of a country's geographic
///   grid cells experience a high level of violence, defined as at least 10
///   events per year (representing the top 10% of cases). The diffusion
///   indicator represents the proportion of high-violence grid cells to
///   total cells". Here the grid is [`KmGrid::TEN_KM`]; a high-violence cell
///   holds at least [`HIGH_VIOLENCE_EVENTS`] located political-violence
///   incidents of the country in the window (incidents with no
///   [`location`](crate::Incident::location) are in no cell). A country's
///   cells are those whose centre lies in its region's
///   [`boundary`](crate::Region::boundary), plus any cell holding one of
///   its incidents (so that an incident near a border is not lost); with
///   no boundary the total is unknown and only the high-violence cells are
///   counted. The crate has no population data: `populated`, when given,
///   says which cells have at least 100 people, and only those count, on
///   both sides of the proportion; `None` counts every cell.
/// - **Fragmentation**: "How many non-state armed, organized groups are
///   operating within the conflict?"; the Weekly Conflict Index "tracks
///   the number of non-state armed groups engaging in violence in the
///   country". Here: the distinct groups that are a principal actor, on
///   either side (ACLED's `actor1` or `actor2`, the actors that carry an
///   inter code), of a political-violence incident of the country, and are
///   non-state armed groups: ACLED actor types 2 (rebel group), 3
///   (political militia) and 4 (identity militia), that is the group kinds
///   [`GroupKind::Rebel`], [`GroupKind::Jihadist`],
///   [`GroupKind::PoliticalMilitia`], [`GroupKind::IdentityMilitia`] and
///   [`GroupKind::Criminal`] (which ACLED codes as rebel groups and
///   political militias). State forces, rioters, protesters, civilians and
///   [`GroupKind::ExternalForces`] (ACLED's type 8, "External/Other
///   forces": states' forces abroad and international missions, but also
///   private military companies) are not counted. Where the incident records the actor type coded for it
///   ([`Actor::coded_kind`](crate::Actor::coded_kind), ACLED's
///   `inter1`/`inter2`), that type decides, since ACLED lets an actor's type
///   change over time; otherwise the group's kind does. ACLED's activity
///   threshold for a group to count, if any, is not published: one
///   incident suffices here.
///
/// ACLED then scales the four indicators and ranks countries on them
/// ("each country is ranked within each of these four indicators, which
/// determines its overall ranking"), but does not publish the formula;
/// none is offered here.
///
/// Every country of the dataset has a row, in region id order, those with
/// no incident holding zeros.
///
/// ```
/// use conflict_events::analysis::{conflict_indicators, index_window};
/// use conflict_events::*;
/// use time::macros::date;
///
/// let mut data = DatasetBuilder::new();
/// let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
/// let jnim = data.add_group(Group::new("JNIM", GroupKind::Jihadist));
/// let fama = data.add_group(Group::new("FAMa", GroupKind::StateForces));
/// let day = DateSpan::day(date!(2025-06-01));
/// data.add_incident(
///     Incident::builder(SubEventType::Attack, day, mali)
///         .perpetrator(jnim, Confidence::Reported)
///         .civilians_targeted(true)
///         .figure(Quantity::Fatalities, Estimate::Exact(4))
///         .build(),
/// );
/// data.add_incident(
///     Incident::builder(SubEventType::ArmedClash, day, mali)
///         .perpetrator(fama, Confidence::Reported)
///         .actor(Actor::new(jnim, Side::B, Role::Principal, Confidence::Reported))
///         .figure(Quantity::Fatalities, Estimate::Exact(6))
///         .build(),
/// );
/// let data = data.build()?;
/// let window = index_window(date!(2025-12-01));
/// assert_eq!(window, Some((date!(2024-12-01), date!(2025-11-30))));
/// let rows = conflict_indicators(&data, date!(2024-12-01), date!(2025-11-30), None);
/// let mali = &rows[0];
/// assert_eq!((mali.deadliness, mali.danger, mali.fragmentation), (10, 1, 1));
/// assert_eq!(mali.diffusion.proportion, None); // Mali has no boundary here
/// # Ok::<(), conflict_events::Error>(())
/// ```
pub fn conflict_indicators(
    data: &Dataset,
    from: Date,
    to: Date,
    populated: Option<&dyn Fn(GridCell) -> bool>,
) -> Vec<CountryIndicators> {
    let counts = |cell: &GridCell| populated.is_none_or(|keep| keep(*cell));

    // Every measure in one pass over the window's political violence.
    #[derive(Default)]
    struct Scan {
        events: u64,
        fatalities: EstimateSum,
        danger: u64,
        cells: BTreeMap<GridCell, u64>,
        groups: BTreeSet<GroupId>,
    }
    let country_of = super::countries(data);
    let mut scans: BTreeMap<RegionId, Scan> = BTreeMap::new();
    for incident in data.incidents_between(from, to) {
        if !incident.sub_event_type().is_political_violence() {
            continue;
        }
        let Some(country) = country_of.get(incident.region().index()).copied().flatten() else {
            continue;
        };
        let scan = scans.entry(country).or_default();
        scan.events += 1;
        scan.fatalities += incident.figures().fatalities;
        if incident.civilians_targeted() {
            scan.danger += 1;
        }
        if let Some(cell) = incident
            .location()
            .and_then(|l| KmGrid::TEN_KM.cell(l.lat(), l.lon()))
        {
            *scan.cells.entry(cell).or_default() += 1;
        }
        for actor in incident.actors() {
            if actor.role() != Role::Principal {
                continue;
            }
            let armed = match actor.coded_kind() {
                Some(kind) => is_non_state_armed_type(kind),
                None => data
                    .group(actor.group())
                    .is_some_and(|g| is_non_state_armed_kind(g.kind())),
            };
            if armed {
                scan.groups.insert(actor.group());
            }
        }
    }

    let empty = Scan::default();
    data.regions()
        .iter()
        .enumerate()
        .filter(|(_, region)| region.level() == AdminLevel::COUNTRY)
        .map(|(r, region)| {
            let country_id = RegionId::new(u32::try_from(r).unwrap_or(u32::MAX));
            let scan = scans.get(&country_id).unwrap_or(&empty);
            let high = scan
                .cells
                .iter()
                .filter(|(cell, n)| **n >= HIGH_VIOLENCE_EVENTS && counts(cell))
                .count();
            let cells = region.boundary().map(|boundary| {
                let mut all = KmGrid::TEN_KM.cells_centred_in(boundary);
                all.extend(scan.cells.keys().copied());
                all.sort_unstable();
                all.dedup();
                all.iter().filter(|cell| counts(cell)).count()
            });
            let high_violence_cells = u64::try_from(high).unwrap_or(u64::MAX);
            let cells = cells.map(|n| u64::try_from(n).unwrap_or(u64::MAX));
            let proportion = cells
                .filter(|n| *n > 0)
                .map(|n| high_violence_cells as f64 / n as f64);
            CountryIndicators {
                country_id,
                country: region.name().to_owned(),
                country_code: region.country_code(),
                from,
                to,
                events: scan.events,
                deadliness: scan.fatalities.best(),
                fatalities: scan.fatalities,
                danger: scan.danger,
                diffusion: Diffusion {
                    high_violence_cells,
                    cells,
                    proportion,
                },
                fragmentation: u64::try_from(scan.groups.len()).unwrap_or(u64::MAX),
                armed_groups: scan.groups.iter().copied().collect(),
            }
        })
        .collect()
}

/// ACLED actor types of non-state armed, organised groups: rebel groups,
/// political militias and identity militias.
fn is_non_state_armed_type(kind: ActorKind) -> bool {
    matches!(
        kind,
        ActorKind::RebelGroup | ActorKind::PoliticalMilitia | ActorKind::IdentityMilitia
    )
}

/// Group kinds of non-state armed, organised groups.
fn is_non_state_armed_kind(kind: GroupKind) -> bool {
    matches!(
        kind,
        GroupKind::Rebel
            | GroupKind::Jihadist
            | GroupKind::PoliticalMilitia
            | GroupKind::IdentityMilitia
            | GroupKind::Criminal
    )
}
