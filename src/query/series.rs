//! Time series: incidents per period, zero-filled, with trailing means and
//! change against a baseline.

use serde::Serialize;
use time::Date;

use super::{Period, Row};
use crate::EstimateSum;

/// One period of a [`Series`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bucket {
    /// The period's first day.
    #[serde(with = "crate::model::serde_date::iso_date")]
    pub start: Date,
    /// Incidents in it.
    pub events: u64,
    /// Their fatalities.
    pub fatalities: EstimateSum,
}

/// Incidents per period over a span of periods, every period present:
/// those with no incident hold zeros.
///
/// ```
/// use conflict_events::query::{Key, Period, Series};
/// use conflict_events::*;
/// use time::macros::date;
///
/// let mut data = DatasetBuilder::new();
/// let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
/// for day in [date!(2025-01-20), date!(2025-03-02), date!(2025-03-30)] {
///     data.add_incident(Incident::builder(SubEventType::Attack, DateSpan::day(day), mali).build());
/// }
/// let data = data.build()?;
/// let table = data.query().group_by(Key::Period(Period::Month)).run();
/// let series = Series::new(table.rows(), Period::Month, date!(2025-01-01), date!(2025-04-30));
/// let counts: Vec<u64> = series.buckets().iter().map(|b| b.events).collect();
/// assert_eq!(counts, [1, 0, 2, 0]);
/// assert_eq!(series.trailing_mean(3), [1.0, 0.5, 1.0, 2.0 / 3.0]);
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    period: Period,
    buckets: Vec<Bucket>,
}

impl Series {
    /// The series of `period`s from the one containing `from` to the one
    /// containing `to`, taking each row's first period key, which must be
    /// the start of one of those periods: rows grouped by the same
    /// `period`. Rows with no period key, or one that starts no bucket
    /// (outside the span, or of another period), are left out; rows of
    /// one period add up.
    pub fn new<'r>(
        rows: impl IntoIterator<Item = &'r Row>,
        period: Period,
        from: Date,
        to: Date,
    ) -> Series {
        let mut buckets: Vec<Bucket> = period
            .starts(from, to)
            .map(|start| Bucket {
                start,
                events: 0,
                fatalities: EstimateSum::new(),
            })
            .collect();
        for row in rows {
            let Some(start) = row.period() else { continue };
            if let Ok(k) = buckets.binary_search_by_key(&start, |b| b.start) {
                buckets[k].events += row.events();
                buckets[k].fatalities += row.fatalities();
            }
        }
        Series { period, buckets }
    }

    /// The period of each bucket.
    pub fn period(&self) -> Period {
        self.period
    }

    /// The buckets, in time order.
    pub fn buckets(&self) -> &[Bucket] {
        &self.buckets
    }

    /// For each bucket, the mean of its events and those of the `k - 1`
    /// buckets before it; at the start, of as many as there are.
    pub fn trailing_mean(&self, k: usize) -> Vec<f64> {
        let k = k.max(1);
        let events: Vec<f64> = self.buckets.iter().map(|b| b.events as f64).collect();
        (0..events.len())
            .map(|i| {
                let window = &events[i.saturating_sub(k - 1)..=i];
                window.iter().sum::<f64>() / window.len() as f64
            })
            .collect()
    }

    /// Mean events per bucket in `current` against `baseline` (each a
    /// range of bucket positions): the ratio `current / baseline - 1`
    /// (0.5 is a rise of half), `None` when the baseline mean is 0 or a
    /// range is empty or out of bounds.
    pub fn change(
        &self,
        baseline: std::ops::Range<usize>,
        current: std::ops::Range<usize>,
    ) -> Option<f64> {
        let mean = |r: std::ops::Range<usize>| {
            let b = self.buckets.get(r)?;
            (!b.is_empty()).then(|| b.iter().map(|x| x.events as f64).sum::<f64>() / b.len() as f64)
        };
        let (base, now) = (mean(baseline)?, mean(current)?);
        (base > 0.0).then(|| now / base - 1.0)
    }
}
