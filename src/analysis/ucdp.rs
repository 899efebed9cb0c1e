//! UCDP-style yearly counts: events and fatalities per country, year and
//! type of violence.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{CountryCode, Dataset, EstimateSum, RegionId, ViolenceType};

/// Events and fatalities of one type of violence in one country and year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UcdpYearRow {
    /// The country's name.
    pub country: String,
    /// The country's code.
    pub country_code: CountryCode,
    /// The country's region id.
    pub country_id: RegionId,
    /// The calendar year of the incidents' first day.
    pub year: i32,
    /// UCDP's type of violence.
    pub violence_type: ViolenceType,
    /// How many incidents.
    pub events: u64,
    /// Their fatalities: [`EstimateSum::low`], [`best`](EstimateSum::best)
    /// and [`high`](EstimateSum::high) are UCDP's `low`, `best` and `high`
    /// summed (a GED event read by [`io::ucdp`](crate::io::ucdp) is a range
    /// with all three).
    pub fatalities: EstimateSum,
}

/// Events and fatalities per country, year and UCDP type of violence, as
/// UCDP's country-year aggregations and the usual GED summaries compute
/// them.
///
/// UCDP's Organized Violence country-year dataset reports, for each of
/// state-based (`sb_`), non-state (`ns_`) and one-sided violence (`os_`),
/// `*_total_deaths_best`, `*_total_deaths_low` and `*_total_deaths_high`;
/// from GED events the usual computation is "sum `best` (or `low`/`high`)
/// grouped by country × period × `type_of_violence` (types are mutually
/// exclusive)" (as mapme.biodiversity's `calc_fatalities_ucdp` and VIEWS'
/// `ged_sb_best_sum_nokgi` aggregate GED). This is
/// that sum over the incidents that carry a type of violence
/// ([`Incident::violence_type`](crate::Incident::violence_type)); the
/// others are left out.
///
/// An incident counts in the year of its first day (GED's `date_start`),
/// whole; to spread an event that runs into the next year, see
/// [`allocate`](crate::query::allocate). UCDP's own country-year figures also
/// count dyads and split deaths by party, which this does not. Rows are
/// sorted by country name (ties by id), year and type code.
///
/// ```
/// use conflict_events::analysis::ucdp_yearly;
/// use conflict_events::*;
/// use time::macros::date;
///
/// let mut data = DatasetBuilder::new();
/// let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
/// for (day, best) in [(date!(2024-12-31), 5), (date!(2025-01-02), 7), (date!(2025-03-01), 1)] {
///     data.add_incident(
///         Incident::builder(SubEventType::ArmedClash, DateSpan::day(day), mali)
///             .violence_type(ViolenceType::StateBased)
///             .figure(Quantity::Fatalities, Estimate::range(best - 1, Some(best), best + 2)?)
///             .build(),
///     );
/// }
/// let rows = ucdp_yearly(&data.build()?);
/// let got: Vec<_> = rows
///     .iter()
///     .map(|r| (r.year, r.events, r.fatalities.low(), r.fatalities.best(), r.fatalities.high()))
///     .collect();
/// assert_eq!(got, [(2024, 1, 4, 5, Some(7)), (2025, 2, 6, 8, Some(12))]);
/// # Ok::<(), conflict_events::Error>(())
/// ```
pub fn ucdp_yearly(data: &Dataset) -> Vec<UcdpYearRow> {
    let country_of = super::countries(data);
    let mut cells: BTreeMap<(RegionId, i32, ViolenceType), (u64, EstimateSum)> = BTreeMap::new();
    for incident in data.incidents() {
        let Some(violence) = incident.violence_type() else {
            continue;
        };
        let Some(country) = country_of.get(incident.region().index()).copied().flatten() else {
            continue;
        };
        let year = incident.when().start().year();
        let cell = cells.entry((country, year, violence)).or_default();
        cell.0 += 1;
        cell.1 += incident.figures().fatalities;
    }
    let mut rows: Vec<UcdpYearRow> = cells
        .into_iter()
        .filter_map(
            |((country_id, year, violence_type), (events, fatalities))| {
                let country = data.region(country_id)?;
                Some(UcdpYearRow {
                    country: country.name().to_owned(),
                    country_code: country.country_code(),
                    country_id,
                    year,
                    violence_type,
                    events,
                    fatalities,
                })
            },
        )
        .collect();
    rows.sort_by(|a, b| {
        (&a.country, a.country_id, a.year, a.violence_type.code()).cmp(&(
            &b.country,
            b.country_id,
            b.year,
            b.violence_type.code(),
        ))
    });
    rows
}
