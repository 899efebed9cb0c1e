//! ACLED's CSV exports, in and out.
//!
//! Two layouts are read, by header names and never by position:
//!
//! - [`Layout::Current`], the 31 columns of ACLED's export since 20 March
//!   2023 (`event_id_cnty,event_date,year,...,tags,timestamp`), with inter
//!   codes as text labels or numbers;
//! - [`Layout::Hdx`], the older layout of the HDX country files
//!   (`data_id,iso,event_id_cnty,event_id_no_cnty,...,timestamp,iso3`),
//!   with its HXL tag row (`#event+code,...`) under the header and CRLF
//!   line ends.
//!
//! A UTF-8 byte-order mark is skipped. Each row becomes one [`Incident`](crate::Incident):
//!
//! | ACLED column | model |
//! |---|---|
//! | `event_id_cnty` | the incident's [`ExternalId`](crate::ExternalId) with [`IdScheme::Acled`](crate::IdScheme::Acled) |
//! | `event_date`, `time_precision` | [`DateSpan::from_acled`](crate::DateSpan::from_acled) |
//! | `event_type`, `sub_event_type` | [`SubEventType`](crate::SubEventType); `disorder_type` and `year` are checked against them |
//! | `actor1`, `actor2` | principal [`Actor`](crate::Actor)s of sides A and B, each a [`Group`](crate::Group) interned by name, of the kind of its first `inter` code |
//! | `assoc_actor_1`, `assoc_actor_2` | associated actors of sides A and B, split at `;` |
//! | `inter1`, `inter2` | each actor's [`ActorKind`](crate::ActorKind) for this event |
//! | `country`, `admin1`, `admin2`, `admin3` | the region hierarchy; `iso` gives the country's alpha-3 code |
//! | `location`, `latitude`, `longitude`, `geo_precision` | [`Location`](crate::Location) |
//! | `civilian_targeting` | [`Incident::civilians_targeted`](crate::Incident::civilians_targeted) |
//! | `notes` | the incident's notes |
//! | `fatalities` | [`Estimate::Exact`](crate::Estimate::Exact) of the figure ACLED records |
//! | everything else | [`AcledFields`](crate::AcledFields), so the row can be written back |
//!
//! ACLED's `fatalities` follows its codebook: "in cases where there are
//! conflicting reports, the most conservative (i.e. lowest) estimate is
//! recorded", and vague words become fixed figures ("several" 3 or 10,
//! "dozens" 12, "hundreds" 100). The figure is read as exactly what ACLED
//! records; a user who wants the caveat can treat it as a lower bound.
//!
//! Groups are numbered by name and regions by their path (country, admin1,
//! admin2, admin3), so the same rows in any order give the same dataset,
//! and reading back what [`write()`] wrote gives an equal one.

mod columns;
mod read;
mod write;

pub use columns::Layout;
pub use read::{read, read_path};
pub use write::{WriteOptions, write, write_path};
