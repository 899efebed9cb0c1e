//! Who says so: sources, and the figures each source reports for an incident.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::model::serde_date::iso_date;
use crate::{DamageLevel, Estimate, Quantity, SourceKind};

/// A source of information: a newspaper, a network of journalists, a
/// security source, a dataset.
///
/// ```
/// use conflict_events::{Source, SourceKind};
/// use time::macros::date;
///
/// let wamaps = Source::new("Wamaps", SourceKind::JournalistNetwork)
///     .published(date!(2026-01-12))
///     .url("https://example.org/report");
/// assert_eq!(wamaps.name(), "Wamaps");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    name: Box<str>,
    kind: SourceKind,
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    published: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<Box<str>>,
}

impl Source {
    /// A source called `name`. The name must not be blank for a dataset to
    /// accept it.
    pub fn new(name: impl Into<Box<str>>, kind: SourceKind) -> Self {
        Source {
            name: name.into(),
            kind,
            published: None,
            url: None,
        }
    }

    /// Sets the day the source published.
    #[must_use]
    pub fn published(mut self, date: Date) -> Self {
        self.published = Some(date);
        self
    }

    /// Sets the address of the source's report.
    #[must_use]
    pub fn url(mut self, url: impl Into<Box<str>>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// The source's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The kind of source.
    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// The day it published, when known.
    pub fn published_on(&self) -> Option<Date> {
        self.published
    }

    /// The address of its report, when known.
    pub fn url_of_report(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

/// The counts an incident reports, one [`Estimate`] per [`Quantity`];
/// every count starts unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Figures {
    /// People killed, perpetrators included.
    pub fatalities: Estimate,
    /// People injured.
    pub injured: Estimate,
    /// People abducted.
    pub abducted: Estimate,
    /// Attackers taking part.
    pub attackers: Estimate,
}

impl Figures {
    /// The estimate of `quantity`.
    pub fn get(&self, quantity: Quantity) -> Estimate {
        match quantity {
            Quantity::Fatalities => self.fatalities,
            Quantity::Injured => self.injured,
            Quantity::Abducted => self.abducted,
            Quantity::Attackers => self.attackers,
        }
    }

    /// Sets the estimate of `quantity`.
    pub fn set(&mut self, quantity: Quantity, estimate: Estimate) {
        match quantity {
            Quantity::Fatalities => self.fatalities = estimate,
            Quantity::Injured => self.injured = estimate,
            Quantity::Abducted => self.abducted = estimate,
            Quantity::Attackers => self.attackers = estimate,
        }
    }

    /// Returns these figures with `quantity` set to `estimate`.
    #[must_use]
    pub fn with(mut self, quantity: Quantity, estimate: Estimate) -> Self {
        self.set(quantity, estimate);
        self
    }
}

/// What one source says of one incident: its own figures, its word for
/// the damage, and what it said.
///
/// ```
/// use conflict_events::{Estimate, Quantity, Report, Source, SourceKind};
///
/// let report = Report::new(Source::new("Koaci", SourceKind::InternationalMedia))
///     .figure(Quantity::Attackers, Estimate::AtLeast(100))
///     .figure(Quantity::Abducted, Estimate::AtLeast(3));
/// assert_eq!(report.figures().abducted, Estimate::AtLeast(3));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    source: Source,
    #[serde(default)]
    figures: Figures,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    damage: Option<DamageLevel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    statement: Option<Box<str>>,
}

impl Report {
    /// A report by `source` with no figures yet.
    pub fn new(source: Source) -> Self {
        Report {
            source,
            figures: Figures::default(),
            damage: None,
            statement: None,
        }
    }

    /// Records the source's figure for `quantity`.
    #[must_use]
    pub fn figure(mut self, quantity: Quantity, estimate: Estimate) -> Self {
        self.figures.set(quantity, estimate);
        self
    }

    /// Records how the source describes the damage.
    #[must_use]
    pub fn damage(mut self, level: DamageLevel) -> Self {
        self.damage = Some(level);
        self
    }

    /// Records what the source said, in its words or in summary.
    #[must_use]
    pub fn statement(mut self, text: impl Into<Box<str>>) -> Self {
        self.statement = Some(text.into());
        self
    }

    /// The source.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The source's figures.
    pub fn figures(&self) -> &Figures {
        &self.figures
    }

    /// The source's word for the damage.
    pub fn damage_level(&self) -> Option<DamageLevel> {
        self.damage
    }

    /// What the source said.
    pub fn said(&self) -> Option<&str> {
        self.statement.as_deref()
    }
}
