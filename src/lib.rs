//! A typed, validated model of armed-conflict and security incidents, for
//! the people who track them: risk teams guarding industrial and mining
//! sites, humanitarian access units, journalists' networks, researchers.
//!
//! The crate records who did what, when, where and how sure anyone is —
//! [`Group`]s, [`Incident`]s, [`Site`]s, [`Region`]s and [`Blockade`]s —
//! keeps each source's own figures beside the reconciled ones, and refuses
//! inconsistent data with every problem named at once.
//!
//! # Quick example
//!
//! ```
//! use conflict_events::*;
//! use time::macros::date;
//!
//! let mut data = DatasetBuilder::new().as_of(date!(2026-01-12));
//! let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
//! let jnim = data.add_group(Group::new("JNIM", GroupKind::Jihadist));
//! let night = DateSpan::new(date!(2026-01-10), date!(2026-01-11), TimePrecision::Days)?;
//! data.add_incident(
//!     Incident::builder(SubEventType::AbductionForcedDisappearance, night, mali)
//!         .perpetrator(jnim, Confidence::Suspected)
//!         .figure(Quantity::Abducted, Estimate::AtLeast(3))
//!         .build(),
//! );
//! let data = data.build()?;
//! assert_eq!(data.incidents_of_group(jnim).len(), 1);
//! # Ok::<(), conflict_events::Error>(())
//! ```
//!
//! # The model
//!
//! - Values: [`DateSpan`] (with [`TimePrecision`], whose ACLED
//!   `time_precision` and UCDP `date_prec` codes round-trip), [`Estimate`] (exact, at
//!   least, about, a range, unknown; summed into an [`EstimateSum`] and
//!   reconciled across sources by a [`Reconcile`] policy), [`Location`]
//!   (with [`GeoPrecision`], whose ACLED `geo_precision` and UCDP
//!   `where_prec` codes round-trip), [`Source`], [`Report`], [`CountryCode`] and typed ids.
//! - Taxonomies: ACLED's [`DisorderType`], [`EventType`] and
//!   [`SubEventType`]; [`ActorKind`] (inter codes) and [`GroupKind`];
//!   UCDP's [`ViolenceType`]; [`TargetKind`] (GTD's target types),
//!   [`SiteKind`], [`Commodity`], [`Confidence`], [`DamageLevel`] and more.
//!   Each `Display`s one token that `FromStr` reads back, and `FromStr`
//!   also accepts the sources' spellings.
//! - Entities: [`Group`], [`Region`], [`Site`], [`Incident`], [`Blockade`],
//!   collected by a [`DatasetBuilder`] into a checked, indexed [`Dataset`].
//! - Exchange ([`io`]): ACLED CSV read on all cores, and UCDP GED CSV; bad rows
//!   quarantined with their line, column and reason, and written back with
//!   every field unchanged. GeoJSON: admin boundaries in; incidents, sites,
//!   and regions or grid cells with a query's results (a choropleth) out.
//! - Space ([`space`]): the smallest region holding a point, a dataset's
//!   incidents placed by boundaries with each disagreeing source reported,
//!   radius and nearest queries on a point index, PRIO-GRID and kilometre
//!   grid cells.
//! - Queries ([`query`]): filter, group by period, place, actor, type and
//!   grid cell, measure; zero-filled series; the allocation of multi-day
//!   events to periods.
//! - Indicators ([`analysis`]): ACLED's weekly aggregates and Conflict Index
//!   indicators, actor concentration, UCDP yearly counts, site exposure.
//!
//! # Crate features
//!
//! None yet: everything above is always available. A `Dataset`
//! serialises with serde to any format, JSON included.

#![doc(test(attr(deny(warnings))))]

pub use dataset::Dataset;
pub use dataset::builder::DatasetBuilder;
pub use error::{EntityKind, Error, Problem, ValidationError, ValidationErrors};
pub use model::blockade::{Blockade, Impact, SeverityPeriod};
pub use model::country::CountryCode;
pub use model::date_span::{DateSpan, TimePrecision};
pub use model::estimate::{Estimate, EstimateSum, Interval, Reconcile};
pub use model::group::{Affiliation, Group};
pub use model::ids::{BlockadeId, ExternalId, GroupId, IdScheme, IncidentId, RegionId, SiteId};
pub use model::incident::{Actor, Incident, IncidentBuilder, Role, Side, Target};
pub use model::location::{GeoPrecision, Location};
pub use model::origin::Origin;
pub use model::origin::acled::{AcledFields, AcledLegacy, InterForm};
pub use model::origin::ucdp::UcdpFields;
pub use model::region::{AdminLevel, Region};
pub use model::site::{Operator, Site};
pub use model::source::{Figures, Report, Source};
pub use model::taxonomy::actor::{ActorKind, AffiliationKind, Confidence, GroupKind};
pub use model::taxonomy::blockade::{Commodity, ImpactKind, Severity};
pub use model::taxonomy::event::{DisorderType, EventType, SubEventType, ViolenceType};
pub use model::taxonomy::incident::{DamageLevel, Means, Quantity, RansomStatus, Tactic};
pub use model::taxonomy::source::SourceKind;
pub use model::taxonomy::target::{SiteKind, TargetKind};
pub use model::validate::Validate;

pub mod analysis;
pub mod io;
pub mod query;
pub mod space;

mod dataset;
mod error;
mod model;

/// The README's example, run as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
