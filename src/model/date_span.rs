//! When something happened: a span of days with the precision the source
//! gives it.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::Error;
use crate::model::names::taxonomy;
use crate::model::serde_date::iso_date;

taxonomy! {
    /// How precisely a source knows when something happened, from the most
    /// precise to the least.
    ///
    /// Maps to ACLED's `time_precision` and UCDP GED's `date_prec`, so that
    /// every code of either source comes back unchanged:
    ///
    /// | precision | ACLED `time_precision` | UCDP `date_prec` |
    /// |---|---|---|
    /// | `Day` | 1, "actual date known" | 1, exact date |
    /// | `Days` | (2) | 2, "spanning more than one and at most six days" |
    /// | `Week` | 2, "sometime during a week or similar period" | 3, "specified to a week" |
    /// | `Month` | 3, "only the month known" | 4, "specified to a month" |
    /// | `Year` | none: ACLED drops such events | 5, "specified to a year" |
    ///
    /// Each source's codes come back unchanged through the model; `Days`
    /// is written to ACLED as 2.
    pub enum TimePrecision: "time precision" {
        /// The exact day is known.
        Day("day") = "day" | "exact",
        /// A span of two to six days is known, e.g. a night or a weekend.
        Days("days") = "days" | "a few days",
        /// Known to a week.
        Week("week") = "week",
        /// Known to a month.
        Month("month") = "month",
        /// Known to a year.
        Year("year") = "year",
    }
}

impl TimePrecision {
    /// The precision of ACLED `time_precision` code `code` (1–3).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `code` is 1, 2 or 3.
    pub fn from_acled(code: u8) -> Result<Self, Error> {
        match code {
            1 => Ok(TimePrecision::Day),
            2 => Ok(TimePrecision::Week),
            3 => Ok(TimePrecision::Month),
            _ => Err(Error::invalid(
                "time_precision",
                "1, 2 or 3",
                code.to_string(),
            )),
        }
    }

    /// ACLED's `time_precision` code, `None` for [`TimePrecision::Year`],
    /// which ACLED does not record.
    pub const fn acled_code(self) -> Option<u8> {
        match self {
            TimePrecision::Day => Some(1),
            TimePrecision::Days | TimePrecision::Week => Some(2),
            TimePrecision::Month => Some(3),
            TimePrecision::Year => None,
        }
    }

    /// The precision of UCDP GED `date_prec` code `code` (1–5).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `code` is in 1–5.
    pub fn from_ucdp(code: u8) -> Result<Self, Error> {
        match code {
            1 => Ok(TimePrecision::Day),
            2 => Ok(TimePrecision::Days),
            3 => Ok(TimePrecision::Week),
            4 => Ok(TimePrecision::Month),
            5 => Ok(TimePrecision::Year),
            _ => Err(Error::invalid(
                "date_prec",
                "an integer from 1 to 5",
                code.to_string(),
            )),
        }
    }

    /// UCDP GED's `date_prec` code, 1–5.
    pub const fn ucdp_code(self) -> u8 {
        match self {
            TimePrecision::Day => 1,
            TimePrecision::Days => 2,
            TimePrecision::Week => 3,
            TimePrecision::Month => 4,
            TimePrecision::Year => 5,
        }
    }
}

/// A span of whole days, first and last included, with the precision the
/// source gives it. Invariant: `start <= end`.
///
/// The span says between which days it happened; the precision says how
/// well the source knows. ACLED records one date per event even when it
/// knows only the week or the month (it codes the middle of the period), so
/// an ACLED event is a one-day span with [`TimePrecision::Week`] or
/// [`TimePrecision::Month`]. UCDP gives the earliest and latest possible day.
///
/// ```
/// use conflict_events::{DateSpan, TimePrecision};
/// use time::macros::date;
///
/// // The night of Saturday 10 to Sunday 11 January 2026.
/// let night = DateSpan::new(date!(2026-01-10), date!(2026-01-11), TimePrecision::Days)?;
/// assert_eq!(night.days(), 2);
/// assert_eq!(night.to_string(), "2026-01-10..=2026-01-11");
/// # Ok::<(), conflict_events::Error>(())
/// ```
// Packed to 9 bytes, so that the bytes an incident holds beside its span
// fill what would otherwise be padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "DateSpanRecord", into = "DateSpanRecord")]
#[repr(Rust, packed)]
pub struct DateSpan {
    start: Date,
    end: Date,
    precision: TimePrecision,
}

impl DateSpan {
    /// The days from `start` to `end`, both included.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when `end` is before `start`.
    pub fn new(start: Date, end: Date, precision: TimePrecision) -> Result<Self, Error> {
        if end < start {
            return Err(Error::invalid(
                "end",
                "a date on or after the start",
                format!("{end} before {start}"),
            ));
        }
        Ok(DateSpan {
            start,
            end,
            precision,
        })
    }

    /// One day known exactly.
    pub const fn day(date: Date) -> Self {
        DateSpan {
            start: date,
            end: date,
            precision: TimePrecision::Day,
        }
    }

    /// An ACLED `event_date` with its `time_precision` code.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `time_precision` is 1, 2 or 3.
    pub fn from_acled(event_date: Date, time_precision: u8) -> Result<Self, Error> {
        Ok(DateSpan {
            start: event_date,
            end: event_date,
            precision: TimePrecision::from_acled(time_precision)?,
        })
    }

    /// A UCDP GED `date_start`, `date_end` and `date_prec`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] when `date_prec` is not in 1–5 or
    /// `date_end` is before `date_start`.
    pub fn from_ucdp(date_start: Date, date_end: Date, date_prec: u8) -> Result<Self, Error> {
        DateSpan::new(date_start, date_end, TimePrecision::from_ucdp(date_prec)?)
    }

    /// The first possible day.
    pub const fn start(&self) -> Date {
        self.start
    }

    /// The last possible day.
    pub const fn end(&self) -> Date {
        self.end
    }

    /// How precisely the source knows the date.
    pub const fn precision(&self) -> TimePrecision {
        self.precision
    }

    /// The number of days in the span, at least 1.
    pub fn days(&self) -> u32 {
        let days = (self.end - self.start).whole_days() + 1;
        u32::try_from(days).unwrap_or(u32::MAX)
    }

    /// Whether `date` lies in the span.
    pub fn contains(&self, date: Date) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// Whether the two spans share at least one day.
    pub fn overlaps(&self, other: &DateSpan) -> bool {
        self.start() <= other.end() && other.start() <= self.end()
    }
}

impl fmt::Display for DateSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (start, end) = (self.start(), self.end());
        if start == end {
            write!(f, "{start}")
        } else {
            write!(f, "{start}..={end}")
        }
    }
}

/// The wire form of a [`DateSpan`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DateSpanRecord {
    #[serde(with = "iso_date")]
    start: Date,
    #[serde(with = "iso_date")]
    end: Date,
    precision: TimePrecision,
}

impl TryFrom<DateSpanRecord> for DateSpan {
    type Error = Error;

    fn try_from(record: DateSpanRecord) -> Result<Self, Error> {
        DateSpan::new(record.start, record.end, record.precision)
    }
}

impl From<DateSpan> for DateSpanRecord {
    fn from(span: DateSpan) -> Self {
        DateSpanRecord {
            start: span.start,
            end: span.end,
            precision: span.precision,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn acled_codes_round_trip() -> Result<(), Error> {
        for code in 1..=3 {
            let span = DateSpan::from_acled(date!(2024 - 03 - 15), code)?;
            assert_eq!(span.precision().acled_code(), Some(code));
            assert_eq!(span.days(), 1);
        }
        assert_eq!(TimePrecision::Days.acled_code(), Some(2));
        assert_eq!(TimePrecision::Year.acled_code(), None);
        let err = TimePrecision::from_acled(4).unwrap_err();
        assert_eq!(
            err.to_string(),
            "time_precision: expected 1, 2 or 3, found 4"
        );
        Ok(())
    }

    #[test]
    fn ucdp_codes_round_trip() -> Result<(), Error> {
        for code in 1..=5 {
            assert_eq!(TimePrecision::from_ucdp(code)?.ucdp_code(), code);
        }
        let err = TimePrecision::from_ucdp(0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "date_prec: expected an integer from 1 to 5, found 0"
        );
        Ok(())
    }

    #[test]
    fn end_before_start_is_refused() {
        let err = DateSpan::new(
            date!(2026 - 01 - 11),
            date!(2026 - 01 - 10),
            TimePrecision::Days,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "end: expected a date on or after the start, found 2026-01-10 before 2026-01-11"
        );
    }

    #[test]
    fn days_counts_both_ends() -> Result<(), Error> {
        let span = DateSpan::from_ucdp(date!(2025 - 12 - 30), date!(2026 - 01 - 02), 2)?;
        assert_eq!(span.days(), 4);
        assert!(span.contains(date!(2026 - 01 - 01)));
        assert!(!span.contains(date!(2026 - 01 - 03)));
        assert!(span.overlaps(&DateSpan::day(date!(2026 - 01 - 02))));
        assert!(!span.overlaps(&DateSpan::day(date!(2026 - 01 - 03))));
        Ok(())
    }
}
