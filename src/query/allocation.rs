//! Spreading a count reported for several days over the periods those days
//! fall in: ACLED's even split and PRIO-GRID's proportional allocation.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::DateSpan;
use crate::query::Period;

/// How [`allocate`] spreads a count over the periods of a [`DateSpan`].
///
/// Every policy hands out the whole count, in whole units: the amounts
/// always add up to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Allocation {
    /// All of it to the period of the first day, as a query's period keys
    /// count an incident.
    StartDate,
    /// ACLED's rule for fatalities reported as one total for several days
    /// (ACLED Codebook, "Reported fatalities"): "When summarized fatalities are reported
    /// but events occur across several days or in multiple locations" they
    /// are divided evenly, and where they do not divide, "the first day
    /// \[gets\] the additional fatality and it is then distributed as evenly
    /// as possible" (12 over 3 days is 4, 4 and 4).
    ///
    /// Each day gets `F / days`; the `F % days` left over go one each to
    /// the first days (13 over 3 days is 5, 4, 4; 14 is 5, 5, 4). A period
    /// gets the sum of its days.
    AcledEvenSplit,
    /// PRIO-GRID v3's allocation of UCDP GED events to its time periods
    /// (prio-data/priogrid, `R/data_ucdp.R`, `ucdp_ged()`), which "distributes fatalities
    /// proportionally based on the number of overlapping days" and
    /// resolves "fractional allocations ... using largest remainder
    /// method":
    ///
    /// - `event_days = date_end − date_start + 1`; for each period P,
    ///   `overlap_days = min(end, P.end) − max(start, P.start) + 1` and
    ///   `share = overlap_days / event_days`;
    /// - each period gets `floor(F · share)`, and the residual
    ///   `F − Σ floor(F · share)` goes one unit each to the periods with
    ///   the largest fractional remainders.
    ///
    /// Two departures, both deliberate:
    ///
    /// - *Ties.* PRIO-GRID ranks equal remainders at random
    ///   (`frank(..., ties.method = "random")`); here the earlier period
    ///   wins, so the result is reproducible.
    /// - *The "last period" rule.* PRIO-GRID's code then says that an
    ///   event with `F > 1` whose floors are all 0 gives 1 to its "last
    ///   period" if that got nothing. Read against the code, the last
    ///   period is the one ranked last by remainder (not the latest in
    ///   time), and once the residual is handed out such an event can no
    ///   longer be 0 everywhere: its residual is `F` itself, one unit to
    ///   each of its `F` best-ranked periods. Applied as written, the rule
    ///   could only add a unit beyond `F` (which the code's own check,
    ///   "Some events have mismatched fatality counts", would flag), so it
    ///   is not applied.
    ///
    /// Shares are computed in exact integer arithmetic, not floating point,
    /// so a share that is a whole number is never floored one short.
    PrioGridProportional,
}

/// Spreads `total` over the `period`s that `span` overlaps, by `policy`.
///
/// The result has one `(first day of the period, amount)` pair per period
/// the span overlaps, in time order, periods that get nothing included;
/// the amounts always add up to `total`.
///
/// ```
/// use conflict_events::query::{Allocation, allocate};
/// use conflict_events::query::Period;
/// use conflict_events::{DateSpan, TimePrecision};
/// use time::macros::date;
///
/// // 13 fatalities reported for Friday 30 January to Monday 2 February 2026.
/// let span = DateSpan::new(date!(2026-01-30), date!(2026-02-02), TimePrecision::Days)?;
/// let by_day = allocate(13, span, Period::Day, Allocation::AcledEvenSplit);
/// let amounts: Vec<u64> = by_day.iter().map(|(_, n)| *n).collect();
/// assert_eq!(amounts, [4, 3, 3, 3]);
///
/// // By month: 2 of the 4 days are in each month, 6.5 fatalities each; the
/// // unit left over goes to the earlier month.
/// let by_month = allocate(13, span, Period::Month, Allocation::PrioGridProportional);
/// assert_eq!(by_month, [(date!(2026-01-01), 7), (date!(2026-02-01), 6)]);
/// # Ok::<(), conflict_events::Error>(())
/// ```
pub fn allocate(
    total: u64,
    span: DateSpan,
    period: Period,
    policy: Allocation,
) -> Vec<(Date, u64)> {
    let parts = overlaps(span, period);
    let days = u128::from(span.days().max(1));
    let total_wide = u128::from(total);
    let amounts: Vec<u128> = match policy {
        Allocation::StartDate => parts
            .iter()
            .enumerate()
            .map(|(k, _)| if k == 0 { total_wide } else { 0 })
            .collect(),
        Allocation::AcledEvenSplit => {
            let (base, extra) = (total_wide / days, total_wide % days);
            parts
                .iter()
                .map(|p| {
                    let own = p.days();
                    let extras = (u128::from(p.last) + 1)
                        .min(extra)
                        .saturating_sub(u128::from(p.first));
                    own * base + extras
                })
                .collect()
        }
        Allocation::PrioGridProportional => {
            // F · overlap / days, exactly: a floor and a remainder over `days`.
            let exact: Vec<(u128, u128)> = parts
                .iter()
                .map(|p| {
                    let scaled = total_wide * p.days();
                    (scaled / days, scaled % days)
                })
                .collect();
            let mut amounts: Vec<u128> = exact.iter().map(|(floor, _)| *floor).collect();
            let floors: u128 = amounts.iter().sum();
            let residual = total_wide.saturating_sub(floors);
            let mut ranked: Vec<usize> = (0..exact.len()).collect();
            // Largest remainder first; equal remainders, earlier period first.
            ranked.sort_by(|&a, &b| exact[b].1.cmp(&exact[a].1).then(a.cmp(&b)));
            let residual = usize::try_from(residual).unwrap_or(usize::MAX);
            for &k in ranked.iter().take(residual) {
                amounts[k] += 1;
            }
            amounts
        }
    };
    parts
        .iter()
        .zip(amounts)
        .map(|(p, amount)| (p.start, u64::try_from(amount).unwrap_or(u64::MAX)))
        .collect()
}

/// The days of a span that fall in one period, as day offsets from the
/// span's first day.
struct Overlap {
    start: Date,
    first: u32,
    last: u32,
}

impl Overlap {
    /// How many days of the span fall in the period.
    fn days(&self) -> u128 {
        u128::from(self.last.saturating_sub(self.first)) + 1
    }
}

/// The periods `span` overlaps, in time order, with the days of the span
/// in each. There is always at least one.
fn overlaps(span: DateSpan, period: Period) -> Vec<Overlap> {
    let offset = |date: Date| {
        let days = (date - span.start()).whole_days();
        u32::try_from(days.max(0)).unwrap_or(u32::MAX)
    };
    let mut parts = Vec::new();
    let mut start = period.start(span.start());
    loop {
        let next = period.next(start);
        let end = next.and_then(Date::previous_day).unwrap_or(Date::MAX);
        parts.push(Overlap {
            start,
            first: offset(start.max(span.start())),
            last: offset(end.min(span.end())),
        });
        match next {
            Some(next) if next <= span.end() && next > start => start = next,
            _ => break,
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::TimePrecision;

    fn span(start: Date, end: Date) -> DateSpan {
        DateSpan::new(start, end, TimePrecision::Days).unwrap_or(DateSpan::day(start))
    }

    #[test]
    fn a_span_at_the_end_of_the_calendar_stops_there() {
        let last = span(date!(9999 - 12 - 30), Date::MAX);
        for period in [Period::Day, Period::IsoWeek, Period::Month, Period::Year] {
            let parts = allocate(5, last, period, Allocation::PrioGridProportional);
            assert_eq!(parts.iter().map(|(_, n)| n).sum::<u64>(), 5, "{period:?}");
        }
        assert_eq!(
            allocate(5, last, Period::Day, Allocation::AcledEvenSplit),
            [(date!(9999 - 12 - 30), 3), (Date::MAX, 2)]
        );
    }

    #[test]
    fn the_largest_counts_do_not_overflow() {
        let three = span(date!(2026 - 01 - 01), date!(2026 - 01 - 03));
        for policy in [
            Allocation::StartDate,
            Allocation::AcledEvenSplit,
            Allocation::PrioGridProportional,
        ] {
            let parts = allocate(u64::MAX, three, Period::Day, policy);
            let sum: u128 = parts.iter().map(|(_, n)| u128::from(*n)).sum();
            assert_eq!(sum, u128::from(u64::MAX), "{policy:?}");
        }
    }
}
