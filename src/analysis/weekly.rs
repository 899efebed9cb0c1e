//! ACLED's weekly aggregated data: events and fatalities per week, admin1
//! and sub-event type.

use serde::Serialize;
use time::Date;

use crate::query::{Key, KeyValue, Period, Query};
use crate::{CountryCode, Dataset, DisorderType, EstimateSum, EventType, RegionId, SubEventType};

/// One row of ACLED's weekly aggregated data.
///
/// The columns of ACLED's "Aggregated Dataset Structure"
/// (acleddata.com, "How to use ACLED's Aggregated Data"), as the page
/// defines them:
///
/// | ACLED column | Definition | Here |
/// |---|---|---|
/// | `week` | "Date of the Saturday marking the start of that week of aggregated data (Saturday to Friday)." | [`week`](Self::week) |
/// | `region` | "Broad geographic grouping (e.g. Middle East, South Asia)" | *not in the model*: ACLED's world regions are not recorded, so there is no such field |
/// | `country` | "Country or territory" | [`country`](Self::country) |
/// | `admin 1` | "The first-order administrative division (e.g. state, province, department, etc.)" | [`admin1`](Self::admin1), `None` for incidents known only to the country |
/// | `disorder_type` | "Three overarching categories: Political violence, Demonstrations, and Strategic developments." | [`disorder_type`](Self::disorder_type), from the sub-event type (excessive force against protesters is both, as ACLED writes it) |
/// | `event_type` | "Six categories: Battles, Explosions/remote violence, Violence against civilians, Protests, Riots, Strategic developments." | [`event_type`](Self::event_type), from the sub-event type |
/// | `sub_event_type` | "Most granular event type classification." | [`sub_event_type`](Self::sub_event_type) |
/// | `events` | "Total number of discrete events recorded for the specified week, Admin1, and sub_event_type" | [`events`](Self::events) |
/// | `fatalities` | "Sum of reported fatalities across the events for this row." | [`fatalities`](Self::fatalities), with the whole sum in [`fatality_estimate`](Self::fatality_estimate) |
///
/// `population_best` and the admin1 centroid need data the crate does
/// not have and are left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct WeeklyRow {
    /// The Saturday starting the week.
    #[serde(with = "crate::model::serde_date::iso_date")]
    pub week: Date,
    /// The country's name.
    pub country: String,
    /// The country's code.
    pub country_code: CountryCode,
    /// The first-order division's name; `None` for incidents known only
    /// to the country.
    pub admin1: Option<String>,
    /// ACLED's disorder type, which follows from the sub-event type.
    pub disorder_type: DisorderType,
    /// ACLED's event type, which follows from the sub-event type.
    pub event_type: EventType,
    /// ACLED's sub-event type.
    pub sub_event_type: SubEventType,
    /// How many incidents.
    pub events: u64,
    /// The sum of the incidents' best fatality figures
    /// ([`EstimateSum::best`]).
    ///
    /// ACLED's `fatalities` is one integer per event, the lowest figure
    /// reported; an ACLED event read by [`io::acled`](crate::io::acled) is
    /// an exact estimate, so its best figure is that integer and this sum
    /// is ACLED's. For other estimates the best figure is the central one,
    /// and a lower bound ("at least 3") or a range without a central
    /// figure counts its low end, in the spirit of ACLED's "most
    /// conservative estimate"; unknown figures count 0 here and are
    /// counted apart in [`fatality_estimate`](Self::fatality_estimate).
    pub fatalities: u64,
    /// The fatalities with low, best and high kept apart and the unknown
    /// figures counted.
    pub fatality_estimate: EstimateSum,
    /// The country's region id.
    pub country_id: RegionId,
    /// The first-order division's region id.
    pub admin1_id: Option<RegionId>,
}

/// ACLED's weekly aggregated data over every incident: one row per ACLED
/// week (Saturday to Friday), country, admin1 and sub-event type with at
/// least one incident, as [`WeeklyRow`] describes.
///
/// An incident counts in the week of its first day, with all of its
/// fatalities, as ACLED's events are single days; to spread a multi-day
/// incident's figures, see [`allocate`](crate::query::allocate). Rows are sorted
/// by week, then country name, admin1 name (incidents known only to the
/// country first), then sub-event type in ACLED's hierarchy order; ties
/// of name by region id.
///
/// ```
/// use conflict_events::analysis::acled_weekly;
/// use conflict_events::*;
/// use time::macros::date;
///
/// let mut data = DatasetBuilder::new();
/// let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
/// let kayes = data.add_region(Region::new("Kayes", "MLI".parse()?, AdminLevel::ADMIN1).parent(mali));
/// // Friday 9 and Saturday 10 January 2026: two ACLED weeks.
/// for (day, dead) in [(date!(2026-01-09), 2), (date!(2026-01-10), 3), (date!(2026-01-11), 1)] {
///     data.add_incident(
///         Incident::builder(SubEventType::Attack, DateSpan::day(day), kayes)
///             .figure(Quantity::Fatalities, Estimate::Exact(dead))
///             .build(),
///     );
/// }
/// let rows = acled_weekly(&data.build()?);
/// let got: Vec<_> = rows.iter().map(|r| (r.week, r.admin1.as_deref(), r.events, r.fatalities)).collect();
/// assert_eq!(
///     got,
///     [(date!(2026-01-03), Some("Kayes"), 1, 2), (date!(2026-01-10), Some("Kayes"), 2, 4)]
/// );
/// assert_eq!(rows[0].disorder_type, DisorderType::PoliticalViolence);
/// # Ok::<(), conflict_events::Error>(())
/// ```
pub fn acled_weekly(data: &Dataset) -> Vec<WeeklyRow> {
    weekly(data, data.query())
}

/// [`acled_weekly`] over the incidents whose first day is in
/// `from..=to`. A week cut by either end holds only its days inside.
pub fn acled_weekly_between(data: &Dataset, from: Date, to: Date) -> Vec<WeeklyRow> {
    weekly(data, data.query().between(from, to))
}

/// The rows of one query of `data`.
fn weekly(data: &Dataset, query: Query<'_>) -> Vec<WeeklyRow> {
    let table = query
        .group_by(Key::Period(Period::AcledWeek))
        .group_by(Key::Country)
        .group_by(Key::Admin1)
        .group_by(Key::SubEventType)
        .run();
    let name = |id: RegionId| data.region(id).map_or("", |r| r.name());
    let mut rows: Vec<WeeklyRow> = table
        .rows()
        .iter()
        .filter_map(|row| {
            let &[
                KeyValue::Period(week),
                KeyValue::Region(country_id),
                admin1,
                KeyValue::SubEventType(sub),
            ] = row.keys()
            else {
                // Every valid region lies in a country, so this is never met.
                return None;
            };
            let admin1_id = match admin1 {
                KeyValue::Region(id) => Some(id),
                _ => None,
            };
            let country = data.region(country_id)?;
            let estimate = row.fatalities();
            Some(WeeklyRow {
                week,
                country: country.name().to_owned(),
                country_code: country.country_code(),
                admin1: admin1_id.map(|id| name(id).to_owned()),
                disorder_type: sub.disorder_type(),
                event_type: sub.event_type(),
                sub_event_type: sub,
                events: row.events(),
                fatalities: estimate.best(),
                fatality_estimate: estimate,
                country_id,
                admin1_id,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (
            a.week,
            &a.country,
            a.country_id,
            &a.admin1,
            a.admin1_id,
            a.sub_event_type,
        )
            .cmp(&(
                b.week,
                &b.country,
                b.country_id,
                &b.admin1,
                b.admin1_id,
                b.sub_event_type,
            ))
    });
    rows
}
