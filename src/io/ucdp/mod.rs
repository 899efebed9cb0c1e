//! UCDP GED CSV in, and back out.
//!
//! Two layouts of the Uppsala Conflict Data Program's Georeferenced Event
//! Dataset are read, by header names and never by position:
//!
//! - [`Layout::Official`], the 49 columns of the yearly `GEDEvent_v*.csv`
//!   release (`id,relid,year,...,best,high,low,gwnoa,gwnob`);
//! - [`Layout::WebExport`], the CSV of the UCDP website: the same columns
//!   without `gwnoa` and `gwnob`, the estimates named
//!   `best_est,high_est,low_est`, and an empty extra field (a trailing
//!   comma) on every data row, which is accepted, and only it.
//!
//! Dates are read as `2010-05-13`, `2010-05-13 00:00:00`,
//! `2010-05-13 00:00:00.000`, `2010-05-13T00:00:00` or
//! `05/13/2010 00:00:00`, `active_year` as `True`/`False`, `1`/`0` or
//! `true`/`false`, in either layout; each row keeps its spelling
//! ([`DateForm`], [`BoolForm`]). A UTF-8 byte-order mark is skipped;
//! columns of neither layout are ignored. Each row becomes one
//! [`Incident`](crate::Incident):
//!
//! | UCDP column | model |
//! |---|---|
//! | `id` | the incident's first [`ExternalId`](crate::ExternalId), [`IdScheme::UcdpGed`](crate::IdScheme::UcdpGed) |
//! | `relid` | its second, [`IdScheme::UcdpRelid`](crate::IdScheme::UcdpRelid) |
//! | `type_of_violence` | [`Incident::violence_type`](crate::Incident::violence_type), and the sub-event type [`ViolenceType::sub_event_type`](crate::ViolenceType::sub_event_type): armed clash for 1 and 2, attack for 3, where the incident is also [`civilians_targeted`](crate::Incident::civilians_targeted) |
//! | `side_a`, `side_b` | principal [`Actor`](crate::Actor)s of sides A and B, [`Confidence::Reported`](crate::Confidence::Reported), each a [`Group`](crate::Group) interned by name (see below for its kind) |
//! | `date_start`, `date_end`, `date_prec` | [`DateSpan::from_ucdp`](crate::DateSpan::from_ucdp) |
//! | `latitude`, `longitude`, `where_prec`, `where_coordinates` | [`Location`](crate::Location), precision by [`GeoPrecision::from_ucdp`](crate::GeoPrecision::from_ucdp), place name from `where_coordinates` |
//! | `country`, `adm_1`, `adm_2` | the region hierarchy, names as written (`Gao region`, `Ansongo cercle`); an empty `adm_1` or `adm_2` means the event is known only at the coarser level |
//! | `low`, `best`, `high` (`low_est`, `best_est`, `high_est` in the website export) | fatalities, [`Estimate::range(low, Some(best), high)`](crate::Estimate::range) |
//! | everything else | [`UcdpFields`](crate::UcdpFields), typed, so the row can be written back |
//!
//! The country's [`CountryCode`](crate::CountryCode) comes from its English
//! name: the ISO 3166 short name as is (`Mali`), then without a
//! parenthesised former name (`Myanmar (Burma)`), then a table of UCDP's
//! own names (`DR Congo (Zaire)`, `Ivory Coast`, `Bosnia-Herzegovina`,
//! `Russia (Soviet Union)`, `Iran`, `Syria`, ...). `country_id` is a
//! Gleditsch–Ward number, not an ISO code, and is kept as it is.
//!
//! UCDP GED has no actor typology: a side is a name and ids in UCDP's
//! actor list. A group's [`GroupKind`](crate::GroupKind) is therefore read
//! from its name alone, whatever the rows and their order: `Government of
//! ...` is [`StateForces`](crate::GroupKind::StateForces), `Civilians` is
//! [`Civilians`](crate::GroupKind::Civilians), every other side (rebels,
//! jihadist groups and communal militias alike) is
//! [`Rebel`](crate::GroupKind::Rebel). A side that UCDP names as a
//! coalition (`GATIA, MSA`) is one group, as UCDP gives it one id.
//!
//! A row is quarantined when it has the wrong number of fields, is not
//! UTF-8, has a value that is not of its column's type or code list, a
//! country with no ISO code, `date_end` before `date_start`, or estimates
//! that break `low <= best <= high`, which UCDP's codebook requires; or
//! when its `id` or `relid` repeats an earlier row's. UCDP's codebook also
//! makes `best` the sum of `deaths_a`, `deaths_b`, `deaths_civilians` and
//! `deaths_unknown`; a row where it is not is accepted with a
//! [`Warning`](crate::io::Warning) that gives the figures.
//!
//! Incidents are ordered by first day, then by `id`; groups are numbered
//! by name and regions by their path (country, `adm_1`, `adm_2`), so the
//! same rows in any order give the same dataset, and reading back what
//! [`write()`] wrote gives an equal one.

mod columns;
mod countries;
mod read;
mod write;

pub use crate::model::origin::ucdp::{BoolForm, DateForm, Layout};
pub use read::{read, read_path};
pub use write::{write, write_path};
