//! Time series: incidents per period, zero-filled, with trailing means and
//! change against a baseline.

use serde::Serialize;
use time::Date;

use super::{Allocation, Period, Row, allocate};
use crate::{Dataset, Estimate, EstimateSum, IncidentId};

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

    /// The incidents `ids` of `data` per `period`, from the period
    /// containing `from` to the one containing `to`, with each incident
    /// spread over the periods its span touches by `policy` (see
    /// [`Allocation`]): its one event goes whole to one period (its first
    /// with [`Allocation::StartDate`] and [`Allocation::AcledEvenSplit`],
    /// the one with the largest share with
    /// [`Allocation::PrioGridProportional`]), and its fatalities' low, best
    /// and high figures are spread each by the policy, every period's part
    /// kept as an estimate of the same kind (an unknown count stays
    /// unknown, with the event). Parts that fall outside the span are left
    /// out; unknown ids are skipped.
    ///
    /// ```
    /// use conflict_events::query::{Allocation, Period, Series};
    /// use conflict_events::*;
    /// use time::macros::date;
    ///
    /// let mut data = DatasetBuilder::new();
    /// let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
    /// // 12 killed over 30 January to 2 February: two days in each month.
    /// let span = DateSpan::new(date!(2026-01-30), date!(2026-02-02), TimePrecision::Days)?;
    /// data.add_incident(
    ///     Incident::builder(SubEventType::ArmedClash, span, mali)
    ///         .figure(Quantity::Fatalities, Estimate::Exact(12))
    ///         .build(),
    /// );
    /// let data = data.build()?;
    /// let ids: Vec<IncidentId> = data.query().ids();
    /// let (from, to) = (date!(2026-01-01), date!(2026-02-28));
    /// let split = Series::allocated(&data, &ids, Period::Month, from, to, Allocation::AcledEvenSplit);
    /// let best: Vec<u64> = split.buckets().iter().map(|b| b.fatalities.best()).collect();
    /// assert_eq!(best, [6, 6]);
    /// let start = Series::allocated(&data, &ids, Period::Month, from, to, Allocation::StartDate);
    /// let best: Vec<u64> = start.buckets().iter().map(|b| b.fatalities.best()).collect();
    /// assert_eq!(best, [12, 0]);
    /// # Ok::<(), conflict_events::Error>(())
    /// ```
    pub fn allocated(
        data: &Dataset,
        ids: &[IncidentId],
        period: Period,
        from: Date,
        to: Date,
        policy: Allocation,
    ) -> Series {
        let mut series = Series::new([], period, from, to);
        let buckets = &mut series.buckets;
        let slot = |start: Date| buckets.binary_search_by_key(&start, |b| b.start).ok();
        let mut add: Vec<(usize, Option<u64>, Option<Estimate>)> = Vec::new();
        for id in ids {
            let Some(incident) = data.incident(*id) else {
                continue;
            };
            let span = incident.when();
            let events = allocate(1, span, period, policy);
            let home = events.iter().find(|(_, n)| *n > 0).map(|(start, _)| *start);
            let f = incident.figures().fatalities;
            if let Some(k) = home.and_then(slot) {
                let unknown = (!f.is_known()).then_some(Estimate::Unknown);
                add.push((k, Some(1), unknown));
            }
            let Some(low) = f.low() else { continue };
            let spread = |n: u32| allocate(u64::from(n), span, period, policy);
            let lows = spread(low);
            let bests = spread(f.best().unwrap_or(low));
            let highs = f.high().map(spread);
            for (k, (start, low)) in lows.iter().enumerate() {
                let Some(slot) = slot(*start) else { continue };
                let part = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
                let best = part(bests.get(k).map_or(*low, |(_, b)| *b));
                let low = part(*low);
                let high = highs.as_ref().and_then(|h| h.get(k)).map(|(_, h)| part(*h));
                let estimate = match f {
                    Estimate::Exact(_) => Estimate::Exact(best),
                    Estimate::AtLeast(_) => Estimate::AtLeast(low),
                    Estimate::Approximately(_) => Estimate::Approximately(best),
                    Estimate::Range(i) => {
                        let best = i.best().map(|_| best.clamp(low, high.unwrap_or(best)));
                        Estimate::range(low, best, high.unwrap_or(low).max(low))
                            .unwrap_or(Estimate::AtLeast(low))
                    }
                    Estimate::Unknown => Estimate::Unknown,
                };
                add.push((slot, None, Some(estimate)));
            }
        }
        for (k, events, estimate) in add {
            let bucket = &mut series.buckets[k];
            bucket.events += events.unwrap_or(0);
            if let Some(estimate) = estimate {
                bucket.fatalities += estimate;
            }
        }
        series
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
