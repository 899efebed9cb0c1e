//! Published indicators, computed from a [`Dataset`] as
//! their producers define them.
//!
//! - [`acled_weekly`]: ACLED's weekly aggregated data, events and
//!   fatalities per week (Saturday to Friday), admin1 and sub-event type.
//! - [`concentration`] and [`actor_concentration`]: acledR's actor
//!   concentration, the Herfindahl–Hirschman index and the effective
//!   number of actors.
//! - [`conflict_indicators`]: the four indicators of ACLED's Conflict
//!   Index per country (deadliness, danger to civilians, diffusion on a
//!   10 km grid of [`GridCell`](crate::space::GridCell)s, fragmentation); ACLED's ranking formula
//!   is not published and is not offered.
//! - [`site_exposure`]: for each site, the incidents within a radius and
//!   the attacks on the site itself in a window, with the days since the
//!   latest.
//! - [`ucdp_yearly`]: UCDP-style counts per country, year and type of
//!   violence, with low, best and high fatalities.
//!
//! Spreading a count reported for several days over periods, by ACLED's
//! even split or PRIO-GRID's proportional rule, is
//! [`query::allocate`](crate::query::allocate).
//!
//! Each function's documentation quotes the definition it implements and
//! names its source. Results are plain serde structs in a documented,
//! deterministic order.

mod concentration;
mod conflict_index;
mod exposure;
mod ucdp;
mod weekly;

pub use concentration::{Concentration, Measure, actor_concentration, concentration};
pub use conflict_index::{
    CountryIndicators, Diffusion, HIGH_VIOLENCE_EVENTS, conflict_indicators, index_window,
};
pub use exposure::{SiteExposure, site_exposure};
pub use ucdp::{UcdpYearRow, ucdp_yearly};
pub use weekly::{WeeklyRow, acled_weekly, acled_weekly_between};

use crate::{AdminLevel, Dataset, RegionId};

/// Each region's country, by region index, worked out once per region.
fn countries(data: &Dataset) -> Vec<Option<RegionId>> {
    (0..data.regions().len())
        .map(|r| {
            let id = RegionId::new(u32::try_from(r).unwrap_or(u32::MAX));
            data.ancestor_at(id, AdminLevel::COUNTRY)
        })
        .collect()
}
