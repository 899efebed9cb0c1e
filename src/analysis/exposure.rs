//! Site exposure: what happened around each site in a window.

use serde::Serialize;
use time::Date;

use crate::model::estimate::EstimateSum;
use crate::space::Nearby;
use crate::{Dataset, IncidentId, SiteId};

/// What happened within a radius of one site, and at the site itself, in a
/// window of days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteExposure {
    site: SiteId,
    nearby: Vec<Nearby<IncidentId>>,
    attacks: Vec<IncidentId>,
    fatalities: EstimateSum,
    #[serde(with = "crate::model::serde_date::iso_date::option")]
    last: Option<Date>,
    days_since_last: Option<i64>,
}

impl SiteExposure {
    /// The site.
    pub fn site(&self) -> SiteId {
        self.site
    }

    /// The incidents within the radius, each with its distance in
    /// kilometres, nearest first.
    pub fn nearby(&self) -> &[Nearby<IncidentId>] {
        &self.nearby
    }

    /// The incidents that hit the site itself, wherever they are located,
    /// in id (date) order.
    pub fn attacks(&self) -> &[IncidentId] {
        &self.attacks
    }

    /// The fatalities of the incidents nearby or at the site, each counted
    /// once.
    pub fn fatalities(&self) -> EstimateSum {
        self.fatalities
    }

    /// The first day of the latest incident nearby or at the site.
    pub fn last(&self) -> Option<Date> {
        self.last
    }

    /// Days from the latest incident's first day to the window's end.
    pub fn days_since_last(&self) -> Option<i64> {
        self.days_since_last
    }
}

/// The exposure of every site over `from..=to` (incidents counted by their
/// first day): the incidents within `km` kilometres of the site (haversine,
/// through the dataset's point index), the attacks on the site itself, their
/// fatalities, and the days since the latest of them, as risk teams watch a
/// plant or a mine. Sites come in id order; a site without a location has
/// only its attacks.
///
/// ```
/// use conflict_events::analysis::site_exposure;
/// use conflict_events::*;
/// use time::macros::date;
///
/// let mut data = DatasetBuilder::new();
/// let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
/// let plant = data.add_site(
///     Site::new("Plant", SiteKind::IndustrialPlant, mali)
///         .location(Location::new(13.80, -10.83, GeoPrecision::Exact)?),
/// );
/// for (day, lat) in [(date!(2025-11-01), 13.85), (date!(2025-11-20), 14.50)] {
///     data.add_incident(
///         Incident::builder(SubEventType::Attack, DateSpan::day(day), mali)
///             .location(Location::new(lat, -10.83, GeoPrecision::Exact)?)
///             .build(),
///     );
/// }
/// let data = data.build()?;
/// let exposure = site_exposure(&data, 50.0, date!(2025-11-01), date!(2025-11-30));
/// // 0.05° of latitude is 5.6 km; 0.70° is 77.8 km, beyond the radius.
/// assert_eq!(exposure[0].site(), plant);
/// assert_eq!(exposure[0].nearby().len(), 1);
/// assert!((exposure[0].nearby()[0].km() - 5.56).abs() < 0.01);
/// assert_eq!(exposure[0].days_since_last(), Some(29));
/// # Ok::<(), conflict_events::Error>(())
/// ```
pub fn site_exposure(data: &Dataset, km: f64, from: Date, to: Date) -> Vec<SiteExposure> {
    let in_window = |id: IncidentId| {
        data.incident(id)
            .map(|i| i.when().start())
            .filter(|day| (from..=to).contains(day))
    };
    data.sites()
        .iter()
        .enumerate()
        .map(|(s, site)| {
            let id = SiteId::new(u32::try_from(s).unwrap_or(u32::MAX));
            let nearby: Vec<Nearby<IncidentId>> = site
                .place()
                .map(|at| data.incidents_within_km(at.lat(), at.lon(), km))
                .unwrap_or_default()
                .into_iter()
                .filter(|n| in_window(n.id()).is_some())
                .collect();
            let attacks: Vec<IncidentId> = data
                .incidents_at_site(id)
                .iter()
                .copied()
                .filter(|&i| in_window(i).is_some())
                .collect();
            let mut all: Vec<IncidentId> = nearby
                .iter()
                .map(Nearby::id)
                .chain(attacks.iter().copied())
                .collect();
            all.sort_unstable();
            all.dedup();
            let fatalities: EstimateSum = all
                .iter()
                .filter_map(|&i| data.incident(i))
                .map(|incident| incident.figures().fatalities)
                .sum();
            let last = all.iter().filter_map(|&i| in_window(i)).max();
            SiteExposure {
                site: id,
                nearby,
                attacks,
                fatalities,
                last,
                days_since_last: last.map(|day| (to - day).whole_days()),
            }
        })
        .collect()
}
