//! Blockades: an armed group cutting off fuel, food or all traffic from a
//! set of regions for a period, with how hard it bites and what follows.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::model::serde_date::iso_date;
use crate::model::validate::require_text;
use crate::{
    Commodity, EntityKind, GroupId, ImpactKind, Problem, RegionId, Severity, Validate,
    ValidationError,
};

/// A blockade imposed by one or more groups.
///
/// None of the event datasets models a blockade; they record its daily
/// incidents (convoys burned, drivers abducted). Here the blockade is an
/// entity, and the incidents that enforce it link to it.
///
/// ```
/// use conflict_events::{Blockade, Commodity, DatasetBuilder, Group, GroupKind};
/// use time::macros::date;
///
/// let mut builder = DatasetBuilder::new();
/// let jnim = builder.add_group(Group::new("JNIM", GroupKind::Jihadist));
/// let fuel = Blockade::new("Fuel blockade", Commodity::Fuel, date!(2025-09-03)).imposed_by(jnim);
/// assert!(fuel.is_active_on(date!(2025-11-01)));
/// assert_eq!(fuel.days_active(date!(2026-01-12)), 132);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blockade {
    name: Box<str>,
    commodity: Commodity,
    #[serde(with = "iso_date")]
    start: Date,
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    end: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    imposers: Vec<GroupId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    regions: Vec<RegionId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    routes: Vec<Box<str>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    severity: Vec<SeverityPeriod>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    impacts: Vec<Impact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    notes: Option<Box<str>>,
}

impl Blockade {
    /// A blockade of `commodity` from `start` (announced or first
    /// enforced), still ongoing.
    pub fn new(name: impl Into<Box<str>>, commodity: Commodity, start: Date) -> Self {
        Blockade {
            name: name.into(),
            commodity,
            start,
            end: None,
            imposers: Vec::new(),
            regions: Vec::new(),
            routes: Vec::new(),
            severity: Vec::new(),
            impacts: Vec::new(),
            notes: None,
        }
    }

    /// Adds a group imposing it; a blockade needs at least one.
    #[must_use]
    pub fn imposed_by(mut self, group: GroupId) -> Self {
        self.imposers.push(group);
        self
    }

    /// Sets the last day, once it is lifted.
    #[must_use]
    pub fn ended(mut self, end: Date) -> Self {
        self.end = Some(end);
        self
    }

    /// Adds a region it affects.
    #[must_use]
    pub fn region(mut self, region: RegionId) -> Self {
        self.regions.push(region);
        self
    }

    /// Adds a route or axis it targets, e.g. `Kayes axis (RN1)`.
    #[must_use]
    pub fn route(mut self, route: impl Into<Box<str>>) -> Self {
        self.routes.push(route.into());
        self
    }

    /// Adds a period of given severity.
    #[must_use]
    pub fn severity(mut self, period: SeverityPeriod) -> Self {
        self.severity.push(period);
        self
    }

    /// Adds a consequence.
    #[must_use]
    pub fn impact(mut self, impact: Impact) -> Self {
        self.impacts.push(impact);
        self
    }

    /// Sets free-text notes.
    #[must_use]
    pub fn notes(mut self, notes: impl Into<Box<str>>) -> Self {
        self.notes = Some(notes.into());
        self
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What it cuts off.
    pub fn commodity(&self) -> Commodity {
        self.commodity
    }

    /// The first day.
    pub fn start(&self) -> Date {
        self.start
    }

    /// The last day, `None` while it goes on.
    pub fn end(&self) -> Option<Date> {
        self.end
    }

    /// The groups imposing it.
    pub fn imposers(&self) -> &[GroupId] {
        &self.imposers
    }

    /// The regions it affects.
    pub fn affected_regions(&self) -> &[RegionId] {
        &self.regions
    }

    /// The routes it targets.
    pub fn routes(&self) -> &[Box<str>] {
        &self.routes
    }

    /// Its periods of given severity.
    pub fn severity_periods(&self) -> &[SeverityPeriod] {
        &self.severity
    }

    /// Its consequences.
    pub fn impacts(&self) -> &[Impact] {
        &self.impacts
    }

    /// Its notes.
    pub fn notes_text(&self) -> Option<&str> {
        self.notes.as_deref()
    }

    /// Whether it is in force on `date`.
    pub fn is_active_on(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|end| date <= end)
    }

    /// How many days it has been in force as of `as_of`, counting its first
    /// day and `as_of` itself; 0 before it starts.
    pub fn days_active(&self, as_of: Date) -> u32 {
        let last = self.end.map_or(as_of, |end| end.min(as_of));
        if last < self.start {
            return 0;
        }
        u32::try_from((last - self.start).whole_days() + 1).unwrap_or(u32::MAX)
    }

    /// The greatest severity of the periods covering `date`, if any.
    pub fn severity_on(&self, date: Date) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|p| p.covers(date))
            .map(|p| p.severity)
            .max()
    }
}

impl Validate for Blockade {
    fn validation_errors(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let e = EntityKind::Blockade;
        require_text(&mut out, e, || "name".into(), &self.name);
        if self.imposers.is_empty() {
            out.push(ValidationError::new(e, "imposers", Problem::Empty));
        }
        if let Some(end) = self.end
            && end < self.start
        {
            out.push(ValidationError::new(
                e,
                "end",
                Problem::EndBeforeStart {
                    start: self.start,
                    end,
                },
            ));
        }
        if let Some(notes) = &self.notes {
            require_text(&mut out, e, || "notes".into(), notes);
        }
        for (i, route) in self.routes.iter().enumerate() {
            require_text(&mut out, e, || format!("routes[{i}]"), route);
        }
        let periods = self
            .severity
            .iter()
            .map(|p| (p.start, p.end, true))
            .enumerate()
            .map(|(i, p)| (format!("severity[{i}]"), p));
        let impacts = self
            .impacts
            .iter()
            .map(|p| (p.start, p.end, false))
            .enumerate()
            .map(|(i, p)| (format!("impacts[{i}]"), p));
        for (field, (start, end, within)) in periods.chain(impacts) {
            if let Some(end) = end
                && end < start
            {
                out.push(ValidationError::new(
                    e,
                    format!("{field}.end"),
                    Problem::EndBeforeStart { start, end },
                ));
                continue;
            }
            // Severity periods lie inside the blockade; impacts start inside
            // it and may outlast it.
            let ends_late = within
                && match (self.end, end) {
                    (Some(b), Some(p)) => p > b,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
            let starts_outside = start < self.start || self.end.is_some_and(|b| start > b);
            if starts_outside || ends_late {
                out.push(ValidationError::new(
                    e,
                    field,
                    Problem::OutsidePeriod {
                        start,
                        end,
                        container: "the blockade",
                        container_start: self.start,
                        container_end: self.end,
                    },
                ));
            }
        }
        for (i, impact) in self.impacts.iter().enumerate() {
            if let Some(place) = &impact.place {
                require_text(&mut out, e, || format!("impacts[{i}].place"), place);
            }
        }
        out
    }
}

/// A period in which a blockade bites with a given severity, across its
/// regions or in one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityPeriod {
    #[serde(with = "iso_date")]
    start: Date,
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    end: Option<Date>,
    severity: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<RegionId>,
}

impl SeverityPeriod {
    /// `severity` from `start`, with no end yet.
    pub fn new(severity: Severity, start: Date) -> Self {
        SeverityPeriod {
            start,
            end: None,
            severity,
            region: None,
        }
    }

    /// Sets the last day.
    #[must_use]
    pub fn until(mut self, end: Date) -> Self {
        self.end = Some(end);
        self
    }

    /// Limits the period to one region.
    #[must_use]
    pub fn in_region(mut self, region: RegionId) -> Self {
        self.region = Some(region);
        self
    }

    /// The first day.
    pub fn start(&self) -> Date {
        self.start
    }

    /// The last day, `None` while it goes on.
    pub fn end(&self) -> Option<Date> {
        self.end
    }

    /// How hard the blockade bites.
    pub fn level(&self) -> Severity {
        self.severity
    }

    /// The region it is limited to, if any.
    pub fn region(&self) -> Option<RegionId> {
        self.region
    }

    /// Whether `date` falls in the period.
    pub fn covers(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|end| date <= end)
    }
}

/// A consequence of a blockade: a shortage, power cuts, price rises, in a
/// place and a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Impact {
    kind: ImpactKind,
    #[serde(with = "iso_date")]
    start: Date,
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    end: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<RegionId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    place: Option<Box<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<Box<str>>,
}

impl Impact {
    /// A consequence of kind `kind` from `start`.
    pub fn new(kind: ImpactKind, start: Date) -> Self {
        Impact {
            kind,
            start,
            end: None,
            region: None,
            place: None,
            description: None,
        }
    }

    /// Sets the last day.
    #[must_use]
    pub fn until(mut self, end: Date) -> Self {
        self.end = Some(end);
        self
    }

    /// Sets the region where it is felt.
    #[must_use]
    pub fn in_region(mut self, region: RegionId) -> Self {
        self.region = Some(region);
        self
    }

    /// Names the place where it is felt, e.g. `Bamako`.
    #[must_use]
    pub fn at_place(mut self, place: impl Into<Box<str>>) -> Self {
        self.place = Some(place.into());
        self
    }

    /// Describes it in words.
    #[must_use]
    pub fn description(mut self, text: impl Into<Box<str>>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// The kind of consequence.
    pub fn kind(&self) -> ImpactKind {
        self.kind
    }

    /// The first day.
    pub fn start(&self) -> Date {
        self.start
    }

    /// The last day, `None` while it goes on.
    pub fn end(&self) -> Option<Date> {
        self.end
    }

    /// The region where it is felt, when given.
    pub fn region(&self) -> Option<RegionId> {
        self.region
    }

    /// The place where it is felt, when named.
    pub fn place(&self) -> Option<&str> {
        self.place.as_deref()
    }

    /// The description, when given.
    pub fn described(&self) -> Option<&str> {
        self.description.as_deref()
    }
}
