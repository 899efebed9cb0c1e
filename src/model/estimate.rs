//! Counts with their uncertainty, their sums, and the reconciliation of
//! several sources' claims.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Error;

/// A count as a source states it: exact, a lower bound, an approximation,
/// a range, or unknown.
///
/// "Unknown" is never zero: a source that says nothing of the injured has
/// an unknown injured count, not 0. Summing estimates gives an
/// [`EstimateSum`] that keeps low, best and high apart and counts the
/// unknowns.
///
/// ```
/// use conflict_events::Estimate;
///
/// let abducted: Estimate = "at least 3".parse()?;
/// assert_eq!(abducted, Estimate::AtLeast(3));
/// assert_eq!(abducted.low(), Some(3));
/// assert_eq!(abducted.high(), None);
///
/// let total = abducted + Estimate::range(1, Some(2), 4)?;
/// assert_eq!((total.low(), total.best(), total.high()), (4, 5, None));
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Estimate {
    /// Not reported.
    #[default]
    Unknown,
    /// Exactly this many.
    Exact(u32),
    /// At least this many ("at least three", "more than 100").
    AtLeast(u32),
    /// About this many ("nearly 160", "some 50").
    Approximately(u32),
    /// A range with an optional central figure ("150 to 200"; UCDP's low,
    /// best and high).
    Range(Interval),
}

/// A range `low..=high` with an optional best figure inside it.
///
/// Invariant: `low <= best <= high`, checked by [`Interval::new`] and on
/// deserialisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "IntervalRecord", into = "IntervalRecord")]
pub struct Interval {
    low: u32,
    best: Option<u32>,
    high: u32,
}

impl Interval {
    /// The range `low..=high` with central figure `best`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `low <= best <= high` (or
    /// `low <= high` when there is no best figure).
    pub fn new(low: u32, best: Option<u32>, high: u32) -> Result<Self, Error> {
        let ordered = match best {
            Some(best) => low <= best && best <= high,
            None => low <= high,
        };
        if !ordered {
            return Err(Error::InvalidValue {
                field: "estimate",
                expected: "low <= best <= high",
                found: match best {
                    Some(best) => format!("low {low}, best {best}, high {high}"),
                    None => format!("low {low}, high {high}"),
                },
            });
        }
        Ok(Interval { low, best, high })
    }

    /// The lower end.
    pub const fn low(&self) -> u32 {
        self.low
    }

    /// The central figure, when the source gives one.
    pub const fn best(&self) -> Option<u32> {
        self.best
    }

    /// The upper end.
    pub const fn high(&self) -> u32 {
        self.high
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IntervalRecord {
    low: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    best: Option<u32>,
    high: u32,
}

impl TryFrom<IntervalRecord> for Interval {
    type Error = Error;

    fn try_from(r: IntervalRecord) -> Result<Self, Error> {
        Interval::new(r.low, r.best, r.high)
    }
}

impl From<Interval> for IntervalRecord {
    fn from(i: Interval) -> Self {
        IntervalRecord {
            low: i.low,
            best: i.best,
            high: i.high,
        }
    }
}

impl Estimate {
    /// A range estimate, as UCDP's `low`, `best` and `high`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `low <= best <= high`.
    pub fn range(low: u32, best: Option<u32>, high: u32) -> Result<Self, Error> {
        Interval::new(low, best, high).map(Estimate::Range)
    }

    /// Whether a figure was reported at all.
    pub const fn is_known(&self) -> bool {
        !matches!(self, Estimate::Unknown)
    }

    /// The lowest count the estimate allows; `None` when unknown.
    ///
    /// An approximation has no stated bounds: its low, best and high are all
    /// its figure.
    pub const fn low(&self) -> Option<u32> {
        match *self {
            Estimate::Unknown => None,
            Estimate::Exact(n) | Estimate::AtLeast(n) | Estimate::Approximately(n) => Some(n),
            Estimate::Range(i) => Some(i.low),
        }
    }

    /// The central figure; `None` when unknown, for a lower bound, and for
    /// a range without one.
    pub const fn best(&self) -> Option<u32> {
        match *self {
            Estimate::Unknown | Estimate::AtLeast(_) => None,
            Estimate::Exact(n) | Estimate::Approximately(n) => Some(n),
            Estimate::Range(i) => i.best,
        }
    }

    /// The highest count the estimate allows; `None` when unknown or
    /// unbounded ("at least").
    pub const fn high(&self) -> Option<u32> {
        match *self {
            Estimate::Unknown | Estimate::AtLeast(_) => None,
            Estimate::Exact(n) | Estimate::Approximately(n) => Some(n),
            Estimate::Range(i) => Some(i.high),
        }
    }

    /// The highest figure the source states: the high end, or the figure
    /// of a lower bound; `None` when unknown.
    const fn highest_figure(&self) -> Option<u32> {
        match *self {
            Estimate::AtLeast(n) => Some(n),
            _ => self.high(),
        }
    }

    /// One estimate from several sources' claims of the same quantity.
    ///
    /// Unknown claims are ignored; with no known claim the result is
    /// [`Estimate::Unknown`]. See [`Reconcile`] for the policies.
    ///
    /// ```
    /// use conflict_events::{Estimate, Reconcile};
    ///
    /// // Attackers in the Kayes plant attacks, as four sources put it.
    /// let claims = [
    ///     Estimate::Approximately(160),           // "nearly 160"
    ///     Estimate::Approximately(160),           // "about 160"
    ///     Estimate::AtLeast(100),                 // "more than 100"
    ///     Estimate::range(150, None, 200)?,       // "150 to 200"
    /// ];
    /// let all = Estimate::reconcile(claims, Reconcile::FullRange);
    /// assert_eq!(all, Estimate::range(100, Some(160), 200)?);
    /// assert_eq!(
    ///     Estimate::reconcile(claims, Reconcile::LowestReported),
    ///     Estimate::AtLeast(100)
    /// );
    /// # Ok::<(), conflict_events::Error>(())
    /// ```
    pub fn reconcile<I>(claims: I, policy: Reconcile) -> Estimate
    where
        I: IntoIterator<Item = Estimate>,
    {
        let known = claims.into_iter().filter(Estimate::is_known);
        match policy {
            Reconcile::LowestReported => known.min_by_key(|e| e.low()).unwrap_or_default(),
            Reconcile::HighestReported => known
                .fold(None, |top: Option<Estimate>, e| match top {
                    Some(t) if t.highest_figure() >= e.highest_figure() => Some(t),
                    _ => Some(e),
                })
                .unwrap_or_default(),
            Reconcile::FullRange => full_range(known),
        }
    }
}

/// The [`Reconcile::FullRange`] policy.
fn full_range(claims: impl Iterator<Item = Estimate>) -> Estimate {
    let claims: Vec<Estimate> = claims.collect();
    let Some(first) = claims.first().copied() else {
        return Estimate::Unknown;
    };
    if claims.iter().all(|c| *c == first) {
        return first;
    }
    let low = claims.iter().filter_map(Estimate::low).min().unwrap_or(0);
    let high = claims
        .iter()
        .filter_map(Estimate::highest_figure)
        .max()
        .unwrap_or(low);
    let mut bests: Vec<u32> = claims.iter().filter_map(Estimate::best).collect();
    bests.sort_unstable();
    let best = bests.get(bests.len().saturating_sub(1) / 2).copied();
    Estimate::Range(Interval { low, best, high })
}

/// How [`Estimate::reconcile`] turns several sources' claims into one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reconcile {
    /// ACLED's rule: "in cases where there are conflicting reports, the
    /// most conservative (i.e. lowest) estimate is recorded" (ACLED
    /// Codebook, Fatalities). The claim with the lowest figure is kept as
    /// it was stated; ties keep the first.
    LowestReported,
    /// The claim whose highest stated figure is greatest, kept as stated;
    /// ties keep the first.
    HighestReported,
    /// The whole range of the figures the sources report: low is the lowest
    /// figure any source gives, high the highest (a lower bound "at least
    /// 4" counts as the figure 4, so the result describes what was
    /// reported, "at least 3, possibly 4", not a bound on the true count),
    /// and best the median (lower of the middle two) of
    /// the central figures the sources give. Lower bounds and ranges
    /// without a central figure give none. When every claim is the same,
    /// that claim is the result.
    FullRange,
}

impl fmt::Display for Estimate {
    /// `unknown`, `3`, `at least 3`, `about 160`, `100 to 200`,
    /// `100 to 200 (best 160)`; `FromStr` reads all of them back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Estimate::Unknown => f.write_str("unknown"),
            Estimate::Exact(n) => write!(f, "{n}"),
            Estimate::AtLeast(n) => write!(f, "at least {n}"),
            Estimate::Approximately(n) => write!(f, "about {n}"),
            Estimate::Range(i) => match i.best {
                Some(best) => write!(f, "{} to {} (best {best})", i.low, i.high),
                None => write!(f, "{} to {}", i.low, i.high),
            },
        }
    }
}

impl FromStr for Estimate {
    type Err = Error;

    /// Reads what `Display` writes, plus `more than N` and `over N` (as
    /// at least N, the lowest figure the words allow a source to mean),
    /// `nearly N`, `approximately N`, `some N`, `around N`, `~N`, `N+`,
    /// `N-M`, thousands separated by commas (`1,200`), and the empty
    /// string as unknown.
    fn from_str(text: &str) -> Result<Self, Error> {
        let bad = || {
            Error::invalid(
                "estimate",
                "a count such as 3, at least 3, about 160, 100 to 200 (best 160) or unknown",
                format!("{text:?}"),
            )
        };
        let number = |s: &str| {
            let s = s.trim();
            let grouped = s.split(',').enumerate().all(|(i, group)| {
                (i == 0 && (1..=3).contains(&group.len())) || (i > 0 && group.len() == 3)
            });
            let digits: String = if s.contains(',') && grouped {
                s.chars().filter(|c| *c != ',').collect()
            } else {
                s.to_owned()
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            digits.parse::<u32>().map_err(|_| bad())
        };
        let s = text.trim();
        let lower = s.to_ascii_lowercase();
        if lower.is_empty() || lower == "unknown" {
            return Ok(Estimate::Unknown);
        }
        for prefix in ["at least ", "more than ", "over "] {
            if let Some(rest) = lower.strip_prefix(prefix) {
                return number(rest).map(Estimate::AtLeast);
            }
        }
        if let Some(rest) = lower.strip_suffix('+') {
            return number(rest).map(Estimate::AtLeast);
        }
        for prefix in [
            "about ",
            "nearly ",
            "approximately ",
            "some ",
            "around ",
            "~",
        ] {
            if let Some(rest) = lower.strip_prefix(prefix) {
                return number(rest).map(Estimate::Approximately);
            }
        }
        let (range, best) = match lower.split_once("(best ") {
            Some((range, rest)) => {
                let best = rest.strip_suffix(')').ok_or_else(bad)?;
                (range, Some(number(best)?))
            }
            None => (lower.as_str(), None),
        };
        if let Some((low, high)) = range.split_once(" to ").or_else(|| range.split_once('-')) {
            return Estimate::range(number(low)?, best, number(high)?);
        }
        if best.is_some() {
            return Err(bad());
        }
        number(range).map(Estimate::Exact)
    }
}

/// The sum of several [`Estimate`]s, with low, best and high kept apart.
///
/// Each term adds its low to `low`, its central figure to `best` (a lower
/// bound or a range without one adds its low, as ACLED's "lowest reported"
/// rule would) and its high to `high`. Terms with no upper bound and
/// unknown terms are counted, never taken as zero: while
/// [`EstimateSum::unbounded`] or [`EstimateSum::unknown`] is non-zero,
/// [`EstimateSum::high`] is `None`.
///
/// ```
/// use conflict_events::{Estimate, EstimateSum};
///
/// let sum: EstimateSum = [Estimate::Exact(2), Estimate::Approximately(10), Estimate::Unknown]
///     .into_iter()
///     .sum();
/// assert_eq!((sum.low(), sum.best(), sum.high()), (12, 12, None));
/// assert_eq!((sum.terms(), sum.unknown(), sum.approximate()), (3, 1, 1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "EstimateSumRecord", into = "EstimateSumRecord")]
pub struct EstimateSum {
    low: u64,
    best: u64,
    high: u64,
    terms: u64,
    unknown: u64,
    unbounded: u64,
    approximate: u64,
}

/// The wire form of an [`EstimateSum`], checked on the way in.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EstimateSumRecord {
    low: u64,
    best: u64,
    high: u64,
    terms: u64,
    unknown: u64,
    unbounded: u64,
    approximate: u64,
}

impl TryFrom<EstimateSumRecord> for EstimateSum {
    type Error = Error;

    /// Refuses what no sequence of additions can give: `best < low`, or more
    /// unknown, unbounded or approximate terms than terms in all.
    fn try_from(r: EstimateSumRecord) -> Result<Self, Error> {
        let counted = r.unknown.checked_add(r.unbounded);
        if r.best < r.low || counted.is_none_or(|c| c > r.terms) || r.approximate > r.terms {
            return Err(Error::InvalidValue {
                field: "estimate sum",
                expected: "low <= best, and unknown + unbounded <= terms, approximate <= terms",
                found: format!(
                    "low {}, best {}, terms {}, unknown {}, unbounded {}, approximate {}",
                    r.low, r.best, r.terms, r.unknown, r.unbounded, r.approximate
                ),
            });
        }
        Ok(EstimateSum {
            low: r.low,
            best: r.best,
            high: r.high,
            terms: r.terms,
            unknown: r.unknown,
            unbounded: r.unbounded,
            approximate: r.approximate,
        })
    }
}

impl From<EstimateSum> for EstimateSumRecord {
    fn from(s: EstimateSum) -> Self {
        EstimateSumRecord {
            low: s.low,
            best: s.best,
            high: s.high,
            terms: s.terms,
            unknown: s.unknown,
            unbounded: s.unbounded,
            approximate: s.approximate,
        }
    }
}

impl EstimateSum {
    /// A sum from its parts, as an accumulator that adds them itself has them.
    pub(crate) const fn from_parts(
        low: u64,
        best: u64,
        high: u64,
        terms: u64,
        unknown: u64,
        unbounded: u64,
        approximate: u64,
    ) -> Self {
        EstimateSum {
            low,
            best,
            high,
            terms,
            unknown,
            unbounded,
            approximate,
        }
    }

    /// The sum of nothing.
    pub const fn new() -> Self {
        EstimateSum {
            low: 0,
            best: 0,
            high: 0,
            terms: 0,
            unknown: 0,
            unbounded: 0,
            approximate: 0,
        }
    }

    /// Sum of the known terms' lows.
    pub const fn low(&self) -> u64 {
        self.low
    }

    /// Sum of the known terms' central figures (their lows where they give none).
    pub const fn best(&self) -> u64 {
        self.best
    }

    /// Sum of the highs, or `None` when a term is unknown or unbounded.
    pub const fn high(&self) -> Option<u64> {
        if self.unknown == 0 && self.unbounded == 0 {
            Some(self.high)
        } else {
            None
        }
    }

    /// Sum of the highs of the terms that have one.
    pub const fn high_of_bounded(&self) -> u64 {
        self.high
    }

    /// How many estimates were added.
    pub const fn terms(&self) -> u64 {
        self.terms
    }

    /// How many of them were unknown.
    pub const fn unknown(&self) -> u64 {
        self.unknown
    }

    /// How many of them had no upper bound ("at least").
    pub const fn unbounded(&self) -> u64 {
        self.unbounded
    }

    /// How many of them were approximations.
    pub const fn approximate(&self) -> u64 {
        self.approximate
    }
}

impl AddAssign<Estimate> for EstimateSum {
    fn add_assign(&mut self, e: Estimate) {
        self.terms += 1;
        let Some(low) = e.low() else {
            self.unknown += 1;
            return;
        };
        self.low += u64::from(low);
        self.best += u64::from(e.best().unwrap_or(low));
        match e.high() {
            Some(high) => self.high += u64::from(high),
            None => self.unbounded += 1,
        }
        if matches!(e, Estimate::Approximately(_)) {
            self.approximate += 1;
        }
    }
}

impl AddAssign for EstimateSum {
    fn add_assign(&mut self, other: EstimateSum) {
        self.low += other.low;
        self.best += other.best;
        self.high += other.high;
        self.terms += other.terms;
        self.unknown += other.unknown;
        self.unbounded += other.unbounded;
        self.approximate += other.approximate;
    }
}

impl Add<Estimate> for EstimateSum {
    type Output = EstimateSum;

    fn add(mut self, e: Estimate) -> EstimateSum {
        self += e;
        self
    }
}

impl Add for EstimateSum {
    type Output = EstimateSum;

    fn add(mut self, other: EstimateSum) -> EstimateSum {
        self += other;
        self
    }
}

impl Add for Estimate {
    type Output = EstimateSum;

    fn add(self, other: Estimate) -> EstimateSum {
        EstimateSum::new() + self + other
    }
}

impl Sum<Estimate> for EstimateSum {
    fn sum<I: Iterator<Item = Estimate>>(iter: I) -> Self {
        iter.fold(EstimateSum::new(), Add::add)
    }
}

impl<'a> Sum<&'a Estimate> for EstimateSum {
    fn sum<I: Iterator<Item = &'a Estimate>>(iter: I) -> Self {
        iter.copied().sum()
    }
}

impl Sum for EstimateSum {
    fn sum<I: Iterator<Item = EstimateSum>>(iter: I) -> Self {
        iter.fold(EstimateSum::new(), Add::add)
    }
}

impl From<Estimate> for EstimateSum {
    fn from(e: Estimate) -> Self {
        EstimateSum::new() + e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(low: u32, best: Option<u32>, high: u32) -> Estimate {
        Estimate::Range(Interval { low, best, high })
    }

    #[test]
    fn range_checks_order() {
        assert!(Estimate::range(1, Some(2), 3).is_ok());
        assert!(Estimate::range(3, None, 3).is_ok());
        let err = Estimate::range(5, Some(4), 9).unwrap_err();
        assert_eq!(
            err.to_string(),
            "estimate: expected low <= best <= high, found low 5, best 4, high 9"
        );
        let err = Estimate::range(5, None, 4).unwrap_err();
        assert_eq!(
            err.to_string(),
            "estimate: expected low <= best <= high, found low 5, high 4"
        );
    }

    #[test]
    fn display_and_parse_round_trip_each_form() -> Result<(), Error> {
        let forms = [
            (Estimate::Unknown, "unknown"),
            (Estimate::Exact(0), "0"),
            (Estimate::AtLeast(3), "at least 3"),
            (Estimate::Approximately(160), "about 160"),
            (r(100, None, 200), "100 to 200"),
            (r(100, Some(160), 200), "100 to 200 (best 160)"),
        ];
        for (estimate, text) in forms {
            assert_eq!(estimate.to_string(), text);
            assert_eq!(text.parse::<Estimate>()?, estimate);
        }
        assert_eq!(
            "nearly 160".parse::<Estimate>()?,
            Estimate::Approximately(160)
        );
        assert_eq!("150-200".parse::<Estimate>()?, r(150, None, 200));
        assert_eq!("4+".parse::<Estimate>()?, Estimate::AtLeast(4));
        assert_eq!("more than 100".parse::<Estimate>()?, Estimate::AtLeast(100));
        assert_eq!(
            "about 1,200".parse::<Estimate>()?,
            Estimate::Approximately(1200)
        );
        assert!("1,20".parse::<Estimate>().is_err());
        assert!("+3".parse::<Estimate>().is_err());
        assert_eq!("".parse::<Estimate>()?, Estimate::Unknown);
        let err = "dozens".parse::<Estimate>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "estimate: expected a count such as 3, at least 3, about 160, 100 to 200 (best 160) \
             or unknown, found \"dozens\""
        );
        assert!("-3".parse::<Estimate>().is_err());
        assert!("200 to 100".parse::<Estimate>().is_err());
        Ok(())
    }

    #[test]
    fn sums_keep_bounds_apart_and_count_unknowns() {
        let sum = Estimate::Exact(2) + Estimate::AtLeast(3);
        assert_eq!((sum.low(), sum.best(), sum.high()), (5, 5, None));
        assert_eq!(sum.high_of_bounded(), 2);
        assert_eq!(sum.unbounded(), 1);

        let sum: EstimateSum = [r(10, Some(12), 20), r(1, None, 5), Estimate::Exact(0)]
            .iter()
            .sum();
        assert_eq!((sum.low(), sum.best(), sum.high()), (11, 13, Some(25)));

        let sum: EstimateSum = [Estimate::Unknown, Estimate::Unknown].into_iter().sum();
        assert_eq!((sum.low(), sum.best(), sum.high()), (0, 0, None));
        assert_eq!((sum.terms(), sum.unknown()), (2, 2));
    }

    #[test]
    fn reconcile_policies() {
        // Abducted in the Kayes plant attacks.
        let claims = [
            Estimate::AtLeast(3),
            r(3, Some(3), 4),
            Estimate::AtLeast(4),
            Estimate::Unknown,
        ];
        assert_eq!(
            Estimate::reconcile(claims, Reconcile::LowestReported),
            Estimate::AtLeast(3)
        );
        assert_eq!(
            Estimate::reconcile(claims, Reconcile::HighestReported),
            r(3, Some(3), 4)
        );
        assert_eq!(
            Estimate::reconcile(claims, Reconcile::FullRange),
            r(3, Some(3), 4)
        );
        assert_eq!(
            Estimate::reconcile([Estimate::Unknown], Reconcile::FullRange),
            Estimate::Unknown
        );
        assert_eq!(
            Estimate::reconcile(
                [Estimate::Exact(0), Estimate::Exact(0)],
                Reconcile::FullRange
            ),
            Estimate::Exact(0)
        );
        assert_eq!(
            Estimate::reconcile(
                [Estimate::Exact(2), Estimate::Exact(5)],
                Reconcile::FullRange
            ),
            r(2, Some(2), 5)
        );
    }

    #[test]
    fn sums_that_no_addition_gives_are_refused_on_the_wire() {
        let sum: EstimateSum = [Estimate::Exact(2), Estimate::Unknown].into_iter().sum();
        let json =
            r#"{"low":2,"best":2,"high":2,"terms":2,"unknown":1,"unbounded":0,"approximate":0}"#;
        let back: Result<EstimateSum, _> = serde_json::from_str(json);
        assert_eq!(back.ok(), Some(sum));
        let bad =
            r#"{"low":10,"best":1,"high":0,"terms":0,"unknown":5,"unbounded":0,"approximate":0}"#;
        let err = serde_json::from_str::<EstimateSum>(bad)
            .map(|_| ())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "estimate sum: expected low <= best, and unknown + unbounded <= terms, \
             approximate <= terms, found low 10, best 1, terms 0, unknown 5, unbounded 0, \
             approximate 0"
        );
    }
}
