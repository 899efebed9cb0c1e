//! Dates on the wire: ISO 8601 calendar dates, `2026-01-11`.

time::serde::format_description!(pub(crate) iso_date, Date, "[year]-[month]-[day]");
