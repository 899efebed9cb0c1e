//! Calendar periods for grouping and series.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// A calendar period that incidents are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// One day.
    Day,
    /// An ISO week, Monday to Sunday.
    IsoWeek,
    /// An ACLED week, Saturday to Friday, as in ACLED's aggregated data
    /// ("the date of the Saturday starting the week").
    AcledWeek,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

/// Julian day numbers count Monday as 0 modulo 7.
const SATURDAY: i32 = 5;

impl Period {
    /// The first day of the period that contains `date`.
    ///
    /// ```
    /// use conflict_events::query::Period;
    /// use time::macros::date;
    ///
    /// // Sunday 11 January 2026.
    /// let day = date!(2026-01-11);
    /// assert_eq!(Period::IsoWeek.start(day), date!(2026-01-05));
    /// assert_eq!(Period::AcledWeek.start(day), date!(2026-01-10));
    /// assert_eq!(Period::Month.start(day), date!(2026-01-01));
    /// ```
    pub fn start(self, date: Date) -> Date {
        match self {
            Period::Day => date,
            Period::IsoWeek | Period::AcledWeek => {
                Date::from_julian_day(self.start_julian(date.to_julian_day())).unwrap_or(date)
            }
            Period::Month => date.replace_day(1).unwrap_or(date),
            Period::Year => {
                Date::from_calendar_date(date.year(), Month::January, 1).unwrap_or(date)
            }
        }
    }

    /// The first day of the period after the one that starts on `start`.
    pub fn next(self, start: Date) -> Option<Date> {
        match self {
            Period::Day => start.next_day(),
            Period::IsoWeek | Period::AcledWeek => start.checked_add(time::Duration::days(7)),
            Period::Month => {
                let (year, month) = match start.month() {
                    Month::December => (start.year() + 1, Month::January),
                    m => (start.year(), m.next()),
                };
                Date::from_calendar_date(year, month, 1).ok()
            }
            Period::Year => Date::from_calendar_date(start.year() + 1, Month::January, 1).ok(),
        }
    }

    /// [`Period::start`] on Julian day numbers, for weeks and days.
    pub(crate) fn start_julian(self, day: i32) -> i32 {
        match self {
            Period::IsoWeek => day - day.rem_euclid(7),
            Period::AcledWeek => day - (day - SATURDAY).rem_euclid(7),
            _ => Date::from_julian_day(day).map_or(day, |d| self.start(d).to_julian_day()),
        }
    }

    /// The periods from the one containing `from` to the one containing
    /// `to`, by their first days.
    pub fn starts(self, from: Date, to: Date) -> impl Iterator<Item = Date> {
        let last = self.start(to);
        std::iter::successors(Some(self.start(from)), move |d| self.next(*d))
            .take_while(move |d| *d <= last)
    }
}
