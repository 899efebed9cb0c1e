//! Actor concentration: how far a few actors account for the events or
//! fatalities of a place and time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::query::{Key, KeyValue, Table};

/// The concentration of events or fatalities among actors, after acledR's
/// `acled_actor_concentration`.
///
/// acledR (dtacled/acledR, `R/acled_actor_concentration.R`) documents its
/// two methods as: "Effective actors", "which is an Inverse Simpson
/// Index", computed as `1 / sum((events / sum(events)) ^ 2)`, and
/// "Concentration", which "calculates a Herfindahl–Hirschman Index", as
/// `sum(shares ^ 2)` with `shares <- events / sum(events)`. It returns
/// both with "number of unique actors, and average number of events per
/// actor"; all four are here.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Concentration {
    /// The Herfindahl–Hirschman index Σ sᵢ², where sᵢ is actor i's share
    /// of the total: from `1 / actors` (all equal) to 1 (one actor has
    /// it all). acledR's `concentration`.
    pub hhi: f64,
    /// The effective number of actors 1 / Σ sᵢ² (the inverse Simpson
    /// index): how many equal actors would give the same concentration.
    /// acledR's `eff_actors`.
    pub effective_actors: f64,
    /// How many actors were counted, those with nothing included (acledR's
    /// `actors`, the length of its input).
    pub actors: u64,
    /// The mean per actor (acledR's `avg_events`).
    pub mean: f64,
}

/// The concentration of `counts`, one count per actor (events or
/// fatalities).
///
/// `None` when there is nothing to share out: `counts` is empty or all
/// zero (acledR divides by zero there and returns `NaN`). Actors with a
/// count of 0 have no share but are counted in
/// [`actors`](Concentration::actors) and the mean.
///
/// The sums are exact in integers whenever they fit in 128 bits, so
/// equal shares give exact answers; beyond that, the shares are summed in
/// floating point.
///
/// The examples of acledR's documentation:
///
/// ```
/// use conflict_events::analysis::concentration;
///
/// // Five actors with 10 events each.
/// let even = concentration(&[10, 10, 10, 10, 10]);
/// assert_eq!(even.map(|c| (c.hhi, c.effective_actors)), Some((0.2, 5.0)));
///
/// // One actor with 10 events and four with 1: "1.88" and "0.53".
/// let skewed = concentration(&[10, 1, 1, 1, 1]);
/// let shown = skewed.map(|c| format!("{:.2} {:.2}", c.effective_actors, c.hhi));
/// assert_eq!(shown.as_deref(), Some("1.88 0.53"));
///
/// assert_eq!(concentration(&[]), None);
/// assert_eq!(concentration(&[0, 0]), None);
/// ```
pub fn concentration(counts: &[u64]) -> Option<Concentration> {
    let total: u128 = counts.iter().map(|&c| u128::from(c)).sum();
    if total == 0 {
        return None;
    }
    let actors = u64::try_from(counts.len()).unwrap_or(u64::MAX);
    let squares = counts.iter().try_fold(0u128, |sum, &c| {
        sum.checked_add(u128::from(c) * u128::from(c))
    });
    let (hhi, effective_actors) = match (squares, total.checked_mul(total)) {
        (Some(squares), Some(total_squared)) => (
            squares as f64 / total_squared as f64,
            total_squared as f64 / squares as f64,
        ),
        _ => {
            let total = total as f64;
            let sum: f64 = counts.iter().map(|&c| (c as f64 / total).powi(2)).sum();
            (sum, 1.0 / sum)
        }
    };
    Some(Concentration {
        hhi,
        effective_actors,
        actors,
        mean: total as f64 / counts.len() as f64,
    })
}

/// What [`actor_concentration`] shares out among actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Incidents.
    Events,
    /// Fatalities, the sum of the incidents' best figures
    /// ([`EstimateSum::best`](crate::EstimateSum::best)).
    Fatalities,
}

/// The concentration among actors 1 of a table grouped by
/// [`Key::Actor1`], by `measure`: [`concentration`] over each actor's
/// total.
///
/// Rows of one actor under other keys too (a country, a month) are added
/// up first; to measure one country or one year, filter the query to it.
/// Rows with no actor 1 are left out, as acledR leaves out events with no
/// actor. One difference from acledR's data-frame mode: acledR first
/// spreads each event over every actor it names (`acled_transform_longer`),
/// so an event counts once for each; here an incident counts once, for its
/// actor 1.
///
/// ```
/// use conflict_events::analysis::{Measure, actor_concentration};
/// use conflict_events::query::Key;
/// use conflict_events::*;
/// use time::macros::date;
///
/// let mut data = DatasetBuilder::new();
/// let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
/// let jnim = data.add_group(Group::new("JNIM", GroupKind::Jihadist));
/// let issp = data.add_group(Group::new("ISSP", GroupKind::Jihadist));
/// for (group, n) in [(jnim, 3), (issp, 1)] {
///     for _ in 0..n {
///         let day = DateSpan::day(date!(2026-01-10));
///         data.add_incident(
///             Incident::builder(SubEventType::Attack, day, mali)
///                 .perpetrator(group, Confidence::Reported)
///                 .build(),
///         );
///     }
/// }
/// let data = data.build()?;
/// let table = data.query().group_by(Key::Actor1).run();
/// // Shares 3/4 and 1/4: HHI 9/16 + 1/16 = 0.625, effective actors 1.6.
/// let c = actor_concentration(&table, Measure::Events)?;
/// assert_eq!(c.map(|c| (c.hhi, c.effective_actors)), Some((0.625, 1.6)));
/// # Ok::<(), conflict_events::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidValue`] naming `table` when the table is not grouped
/// by [`Key::Actor1`]. A table with no actor, or nothing to share out, is
/// `Ok(None)`.
pub fn actor_concentration(
    table: &Table,
    measure: Measure,
) -> Result<Option<Concentration>, Error> {
    let Some(at) = table.keys().iter().position(|k| *k == Key::Actor1) else {
        return Err(Error::invalid(
            "table",
            "a table grouped by Key::Actor1",
            format!("keys {:?}", table.keys()),
        ));
    };
    let mut totals: BTreeMap<crate::GroupId, u64> = BTreeMap::new();
    for row in table.rows() {
        let Some(KeyValue::Group(group)) = row.keys().get(at).copied() else {
            continue;
        };
        let amount = match measure {
            Measure::Events => row.events(),
            Measure::Fatalities => row.fatalities().best(),
        };
        let total = totals.entry(group).or_default();
        *total = total.saturating_add(amount);
    }
    let counts: Vec<u64> = totals.into_values().collect();
    Ok(concentration(&counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_too_large_for_exact_sums_still_give_shares() {
        let c = concentration(&[u64::MAX, u64::MAX]);
        let got = c.map(|c| (c.hhi, c.effective_actors, c.actors));
        assert_eq!(got, Some((0.5, 2.0, 2)));
    }

    #[test]
    fn one_actor_has_it_all() {
        let c = concentration(&[0, 7, 0]);
        let got = c.map(|c| (c.hhi, c.effective_actors, c.actors, c.mean));
        assert_eq!(got, Some((1.0, 1.0, 3, 7.0 / 3.0)));
    }
}
