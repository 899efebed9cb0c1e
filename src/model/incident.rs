//! Incidents: what happened, when, where, who did it, to whom, and what
//! each source says of it.

use arcstr::Substr;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::model::validate::require_text;
use crate::{
    ActorKind, BlockadeId, Confidence, CountryCode, DamageLevel, DateSpan, EntityKind, Estimate,
    EventType, ExternalId, Figures, GroupId, Location, Means, Origin, Problem, Quantity,
    RansomStatus, Reconcile, RegionId, Report, SiteId, SubEventType, Tactic, TargetKind, Validate,
    ValidationError, ViolenceType,
};

/// Which side of an incident an actor is on.
///
/// ACLED's `actor1`/`actor2` and UCDP's `side_a`/`side_b`. ACLED gives the
/// order no meaning except in violence against civilians, where the
/// civilians are actor 2; the builder's
/// [`perpetrator`](IncidentBuilder::perpetrator) puts the perpetrator on
/// side A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// ACLED `actor1`, UCDP `side_a`.
    A,
    /// ACLED `actor2`, UCDP `side_b`.
    B,
}

/// Whether an actor is a side's principal or an associated actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The side's main actor (ACLED `actor1`/`actor2`).
    Principal,
    /// An ally or the identity of the principal (ACLED `assoc_actor_1`/`assoc_actor_2`).
    Associated,
}

/// A group's part in an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    group: GroupId,
    side: Side,
    role: Role,
    confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<ActorKind>,
}

impl Actor {
    /// `group` as `role` on `side`, attributed with `confidence`.
    pub fn new(group: GroupId, side: Side, role: Role, confidence: Confidence) -> Self {
        Actor {
            group,
            side,
            role,
            confidence,
            kind: None,
        }
    }

    /// Records the actor type the source coded for this event (ACLED's
    /// `inter1`/`inter2`), which may differ from the group's usual kind.
    #[must_use]
    pub fn coded_as(mut self, kind: ActorKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// The group.
    pub fn group(&self) -> GroupId {
        self.group
    }

    /// The side.
    pub fn side(&self) -> Side {
        self.side
    }

    /// Principal or associated.
    pub fn role(&self) -> Role {
        self.role
    }

    /// How sure the attribution is.
    pub fn confidence(&self) -> Confidence {
        self.confidence
    }

    /// The actor type coded for this event, when recorded.
    pub fn coded_kind(&self) -> Option<ActorKind> {
        self.kind
    }
}

/// Who or what an incident hit.
///
/// ```
/// use conflict_events::{Target, TargetKind};
///
/// // Civilians, mostly foreigners, nationality not reported.
/// let workers = Target::new(TargetKind::Civilians).foreign(true).description("plant employees");
/// assert_eq!(workers.is_foreign(), Some(true));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    kind: TargetKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    site: Option<SiteId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<GroupId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    nationalities: Vec<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    foreign: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<Box<str>>,
}

impl Target {
    /// A target of kind `kind`.
    pub fn new(kind: TargetKind) -> Self {
        Target {
            kind,
            site: None,
            group: None,
            nationalities: Vec::new(),
            foreign: None,
            description: None,
        }
    }

    /// A site as target; its kind is [`TargetKind::Business`] unless
    /// changed with [`Target::new`] and [`Target::at_site`].
    pub fn site(site: SiteId) -> Self {
        Target::new(TargetKind::Business).at_site(site)
    }

    /// Ties the target to a site.
    #[must_use]
    pub fn at_site(mut self, site: SiteId) -> Self {
        self.site = Some(site);
        self
    }

    /// Ties the target to a group, e.g. the forces attacked.
    #[must_use]
    pub fn group(mut self, group: GroupId) -> Self {
        self.group = Some(group);
        self
    }

    /// Adds a nationality of the people targeted.
    #[must_use]
    pub fn nationality(mut self, country: CountryCode) -> Self {
        self.nationalities.push(country);
        self
    }

    /// Records whether the people targeted were foreigners in the country.
    #[must_use]
    pub fn foreign(mut self, foreign: bool) -> Self {
        self.foreign = Some(foreign);
        self
    }

    /// Describes the target in words.
    #[must_use]
    pub fn description(mut self, text: impl Into<Box<str>>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// The kind of target.
    pub fn kind(&self) -> TargetKind {
        self.kind
    }

    /// The site hit, when one.
    pub fn site_id(&self) -> Option<SiteId> {
        self.site
    }

    /// The group hit, when one.
    pub fn group_id(&self) -> Option<GroupId> {
        self.group
    }

    /// Nationalities of the people targeted.
    pub fn nationalities(&self) -> &[CountryCode] {
        &self.nationalities
    }

    /// Whether they were foreigners, when known.
    pub fn is_foreign(&self) -> Option<bool> {
        self.foreign
    }

    /// The description, when given.
    pub fn described(&self) -> Option<&str> {
        self.description.as_deref()
    }
}

/// One incident: an attack, a clash, a protest, a threat, a deployment.
///
/// Build one with [`Incident::builder`]; a
/// [`DatasetBuilder`](crate::DatasetBuilder) checks it with everything it
/// refers to.
///
/// ```
/// use conflict_events::{
///     Confidence, DatasetBuilder, DateSpan, Estimate, Group, GroupKind, Incident, Quantity,
///     Region, SubEventType,
/// };
/// use time::macros::date;
///
/// let mut builder = DatasetBuilder::new();
/// let mali = builder.add_region(Region::country("Mali", "MLI".parse()?));
/// let jnim = builder.add_group(Group::new("JNIM", GroupKind::Jihadist));
/// let kidnapping = Incident::builder(
///     SubEventType::AbductionForcedDisappearance,
///     DateSpan::day(date!(2026-01-11)),
///     mali,
/// )
/// .perpetrator(jnim, Confidence::Suspected)
/// .figure(Quantity::Abducted, Estimate::AtLeast(3))
/// .build();
/// assert_eq!(kidnapping.perpetrators().count(), 1);
/// # Ok::<(), conflict_events::Error>(())
/// ```
//
// Layout: what every imported event has is held inline; what only some
// have lives in one optional box, so that a million ACLED rows stay small.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "IncidentRecord", into = "IncidentRecord")]
pub struct Incident {
    kind: SubEventType,
    civilians_targeted: bool,
    when: DateSpan,
    region: RegionId,
    fatalities: Estimate,
    location: Option<Location>,
    /// Held inline up to two, the usual count.
    actors: SmallVec<[Actor; 2]>,
    /// Shared with the other notes of a file's block when read from one.
    notes: Option<Substr>,
    external_ids: ExternalIds,
    details: Option<Box<Details>>,
    origin: Option<Origin>,
}

/// An incident's external ids; the usual single one is held inline.
#[derive(Debug, Clone, PartialEq)]
enum ExternalIds {
    One(ExternalId),
    Many(Box<[ExternalId]>),
}

impl ExternalIds {
    fn as_slice(&self) -> &[ExternalId] {
        match self {
            ExternalIds::One(id) => std::slice::from_ref(id),
            ExternalIds::Many(ids) => ids,
        }
    }
}

impl From<Vec<ExternalId>> for ExternalIds {
    fn from(mut ids: Vec<ExternalId>) -> Self {
        match (ids.pop(), ids.is_empty()) {
            (Some(one), true) => ExternalIds::One(one),
            (Some(last), false) => {
                ids.push(last);
                ExternalIds::Many(ids.into_boxed_slice())
            }
            (None, _) => ExternalIds::Many(Box::new([])),
        }
    }
}

/// What only some incidents have.
#[derive(Debug, Clone, PartialEq)]
struct Details {
    violence: Option<ViolenceType>,
    targets: Vec<Target>,
    injured: Estimate,
    abducted: Estimate,
    attackers: Estimate,
    damage: Option<DamageLevel>,
    tactics: Vec<Tactic>,
    means: Vec<Means>,
    ransom: RansomStatus,
    reports: Vec<Report>,
    tags: Vec<Box<str>>,
    blockade: Option<BlockadeId>,
}

/// The details of an incident that has none.
static NO_DETAILS: Details = Details {
    violence: None,
    targets: Vec::new(),
    injured: Estimate::Unknown,
    abducted: Estimate::Unknown,
    attackers: Estimate::Unknown,
    damage: None,
    tactics: Vec::new(),
    means: Vec::new(),
    ransom: RansomStatus::Unknown,
    reports: Vec::new(),
    tags: Vec::new(),
    blockade: None,
};

impl Incident {
    /// Starts an incident of sub-event type `kind`, dated `when`, in
    /// `region` (the smallest known region; a country when nothing finer
    /// is known).
    pub fn builder(kind: SubEventType, when: DateSpan, region: RegionId) -> IncidentBuilder {
        IncidentBuilder(IncidentRecord {
            kind,
            when,
            region,
            civilians_targeted: false,
            location: None,
            violence: None,
            actors: Vec::new(),
            targets: Vec::new(),
            figures: Figures::default(),
            damage: None,
            tactics: Vec::new(),
            means: Vec::new(),
            ransom: RansomStatus::Unknown,
            reports: Vec::new(),
            notes: None,
            tags: Vec::new(),
            blockade: None,
            external_ids: Vec::new(),
            origin: None,
        })
    }

    fn details(&self) -> &Details {
        self.details.as_deref().unwrap_or(&NO_DETAILS)
    }

    /// The ACLED sub-event type.
    pub fn sub_event_type(&self) -> SubEventType {
        self.kind
    }

    /// The ACLED event type, which follows from the sub-event type.
    pub fn event_type(&self) -> EventType {
        self.kind.event_type()
    }

    /// Whether civilians were the target, as ACLED's `civilian_targeting`
    /// flag records: violence directed at civilians, not civilians caught
    /// in fighting between armed groups.
    pub fn civilians_targeted(&self) -> bool {
        self.civilians_targeted
    }

    /// When it happened.
    pub fn when(&self) -> DateSpan {
        self.when
    }

    /// The smallest known region it happened in.
    pub fn region(&self) -> RegionId {
        self.region
    }

    /// Where it happened, when known.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// UCDP's type of violence, when the source gives one.
    pub fn violence_type(&self) -> Option<ViolenceType> {
        self.details().violence
    }

    /// Every actor, in the order added.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// The principal actors of side A: the perpetrators in violence against
    /// civilians and wherever the builder's
    /// [`perpetrator`](IncidentBuilder::perpetrator) was used.
    pub fn perpetrators(&self) -> impl Iterator<Item = &Actor> {
        self.actors
            .iter()
            .filter(|a| a.side == Side::A && a.role == Role::Principal)
    }

    /// Whether `group` took part, on any side and in any role.
    pub fn involves(&self, group: GroupId) -> bool {
        self.actors.iter().any(|a| a.group == group)
    }

    /// Who or what was hit.
    pub fn targets(&self) -> &[Target] {
        &self.details().targets
    }

    /// The incident's own figures: what the record states (for an ACLED
    /// event, its `fatalities`; for the builder, what
    /// [`figure`](IncidentBuilder::figure) or
    /// [`reconciled`](IncidentBuilder::reconciled) set).
    pub fn figures(&self) -> Figures {
        let d = self.details();
        Figures {
            fatalities: self.fatalities,
            injured: d.injured,
            abducted: d.abducted,
            attackers: d.attackers,
        }
    }

    /// The incident's own figure for `quantity`.
    pub fn figure(&self, quantity: Quantity) -> Estimate {
        match quantity {
            Quantity::Fatalities => self.fatalities,
            _ => self.figures().get(quantity),
        }
    }

    /// The sources' figures for `quantity`, reconciled by `policy`.
    pub fn reconcile(&self, quantity: Quantity, policy: Reconcile) -> Estimate {
        reconcile(&self.details().reports, quantity, policy)
    }

    /// The damage to property, when reported.
    pub fn damage(&self) -> Option<DamageLevel> {
        self.details().damage
    }

    /// The tactics used.
    pub fn tactics(&self) -> &[Tactic] {
        &self.details().tactics
    }

    /// The means used.
    pub fn means(&self) -> &[Means] {
        &self.details().means
    }

    /// What is known of a ransom.
    pub fn ransom(&self) -> RansomStatus {
        self.details().ransom
    }

    /// What each source says.
    pub fn reports(&self) -> &[Report] {
        &self.details().reports
    }

    /// Free-text notes.
    pub fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }

    /// Tags of the user's own.
    pub fn tags(&self) -> &[Box<str>] {
        &self.details().tags
    }

    /// The blockade this incident enforces, when one.
    pub fn blockade(&self) -> Option<BlockadeId> {
        self.details().blockade
    }

    /// Keys the incident has elsewhere, such as ACLED's `event_id_cnty`.
    pub fn external_ids(&self) -> &[ExternalId] {
        self.external_ids.as_slice()
    }

    /// The fields of the source record that the model does not hold
    /// otherwise, kept so that the record can be written back unchanged.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }

    /// Every site the incident hit.
    pub fn sites(&self) -> impl Iterator<Item = SiteId> + '_ {
        self.targets().iter().filter_map(|t| t.site)
    }
}

impl Incident {
    /// Places the incident in `region`.
    pub(crate) fn set_region(&mut self, region: RegionId) {
        self.region = region;
    }

    /// Sets the notes of an imported incident.
    pub(crate) fn set_notes(&mut self, notes: Substr) {
        self.notes = Some(notes);
    }

    /// Replaces group ids `old` by `groups[old]` and region ids by `regions[old]`.
    pub(crate) fn remap(&mut self, groups: &[u32], regions: &[u32]) {
        let group = |id: GroupId| GroupId::new(groups[id.index()]);
        self.region = RegionId::new(regions[self.region.index()]);
        for actor in self.actors.iter_mut() {
            actor.group = group(actor.group);
        }
        if let Some(details) = self.details.as_deref_mut() {
            for target in &mut details.targets {
                target.group = target.group.map(group);
            }
        }
    }
}

/// What a reader knows of an imported event: only what every imported
/// event has, so that it is built without the builder's moves.
pub(crate) struct Imported<'a> {
    pub(crate) kind: SubEventType,
    pub(crate) when: DateSpan,
    pub(crate) region: RegionId,
    pub(crate) civilians_targeted: bool,
    pub(crate) fatalities: Estimate,
    pub(crate) location: Location,
    pub(crate) actors: &'a [Actor],
    pub(crate) notes: Option<Substr>,
    pub(crate) external_id: ExternalId,
    pub(crate) origin: Origin,
}

impl Incident {
    /// An incident read from a file.
    pub(crate) fn imported(i: Imported<'_>) -> Incident {
        Incident {
            kind: i.kind,
            civilians_targeted: i.civilians_targeted,
            when: i.when,
            region: i.region,
            fatalities: i.fatalities,
            location: Some(i.location),
            actors: SmallVec::from_slice(i.actors),
            notes: i.notes,
            external_ids: ExternalIds::One(i.external_id),
            details: None,
            origin: Some(i.origin),
        }
    }
}

/// The reports' figures for `quantity`, reconciled by `policy`.
fn reconcile(reports: &[Report], quantity: Quantity, policy: Reconcile) -> Estimate {
    Estimate::reconcile(reports.iter().map(|r| r.figures().get(quantity)), policy)
}

impl Validate for Incident {
    fn validation_errors(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let e = EntityKind::Incident;
        let Some(details) = self.details.as_deref() else {
            self.check_text(&mut out);
            return out;
        };
        if details.ransom.is_recorded() && details.abducted == Estimate::Exact(0) {
            out.push(ValidationError::new(
                e,
                "ransom",
                Problem::RansomWithoutAbduction,
            ));
        }
        for (i, report) in details.reports.iter().enumerate() {
            require_text(
                &mut out,
                e,
                || format!("reports[{i}].source.name"),
                report.source().name(),
            );
        }
        self.check_text(&mut out);
        for (i, tag) in details.tags.iter().enumerate() {
            require_text(&mut out, e, || format!("tags[{i}]"), tag);
        }
        out
    }
}

impl Incident {
    /// Pushes a problem for blank notes and blank external ids.
    fn check_text(&self, out: &mut Vec<ValidationError>) {
        let e = EntityKind::Incident;
        if let Some(notes) = &self.notes {
            require_text(out, e, || "notes".into(), notes);
        }
        for (i, id) in self.external_ids().iter().enumerate() {
            require_text(out, e, || format!("external_ids[{i}]"), id.value());
        }
    }
}

/// An incident on the wire, and while it is being built: every field flat.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IncidentRecord {
    kind: SubEventType,
    when: DateSpan,
    region: RegionId,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    civilians_targeted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    violence: Option<ViolenceType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    actors: Vec<Actor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    targets: Vec<Target>,
    #[serde(default)]
    figures: Figures,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    damage: Option<DamageLevel>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tactics: Vec<Tactic>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    means: Vec<Means>,
    #[serde(default = "unknown_ransom", skip_serializing_if = "is_unknown_ransom")]
    ransom: RansomStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    reports: Vec<Report>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    notes: Option<Box<str>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Box<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    blockade: Option<BlockadeId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    external_ids: Vec<ExternalId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<Origin>,
}

fn unknown_ransom() -> RansomStatus {
    RansomStatus::Unknown
}

fn is_unknown_ransom(status: &RansomStatus) -> bool {
    *status == RansomStatus::Unknown
}

impl From<IncidentRecord> for Incident {
    fn from(r: IncidentRecord) -> Self {
        let details = Details {
            violence: r.violence,
            targets: r.targets,
            injured: r.figures.injured,
            abducted: r.figures.abducted,
            attackers: r.figures.attackers,
            damage: r.damage,
            tactics: r.tactics,
            means: r.means,
            ransom: r.ransom,
            reports: r.reports,
            tags: r.tags,
            blockade: r.blockade,
        };
        Incident {
            kind: r.kind,
            civilians_targeted: r.civilians_targeted,
            when: r.when,
            region: r.region,
            fatalities: r.figures.fatalities,
            location: r.location,
            actors: SmallVec::from_vec(r.actors),
            notes: r.notes.map(|n| Substr::from(&*n)),
            external_ids: r.external_ids.into(),
            details: (details != NO_DETAILS).then(|| Box::new(details)),
            origin: r.origin,
        }
    }
}

impl From<Incident> for IncidentRecord {
    fn from(i: Incident) -> Self {
        let figures = i.figures();
        let d = i.details.map_or_else(|| NO_DETAILS.clone(), |d| *d);
        IncidentRecord {
            kind: i.kind,
            when: i.when,
            region: i.region,
            civilians_targeted: i.civilians_targeted,
            location: i.location,
            violence: d.violence,
            actors: i.actors.into_vec(),
            targets: d.targets,
            figures,
            damage: d.damage,
            tactics: d.tactics,
            means: d.means,
            ransom: d.ransom,
            reports: d.reports,
            notes: i.notes.map(|n| Box::from(&*n)),
            tags: d.tags,
            blockade: d.blockade,
            external_ids: i.external_ids.as_slice().to_vec(),
            origin: i.origin,
        }
    }
}

/// Builds an [`Incident`]; see [`Incident::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct IncidentBuilder(IncidentRecord);

impl IncidentBuilder {
    /// Sets where it happened.
    pub fn location(mut self, location: Location) -> Self {
        self.0.location = Some(location);
        self
    }

    /// Sets UCDP's type of violence.
    pub fn violence_type(mut self, violence: ViolenceType) -> Self {
        self.0.violence = Some(violence);
        self
    }

    /// Records that civilians were the target (ACLED's `civilian_targeting`).
    pub fn civilians_targeted(mut self, targeted: bool) -> Self {
        self.0.civilians_targeted = targeted;
        self
    }

    /// Adds `group` as a principal actor on side A.
    pub fn perpetrator(self, group: GroupId, confidence: Confidence) -> Self {
        self.actor(Actor::new(group, Side::A, Role::Principal, confidence))
    }

    /// Adds an actor.
    pub fn actor(mut self, actor: Actor) -> Self {
        self.0.actors.push(actor);
        self
    }

    /// Adds a target.
    pub fn target(mut self, target: Target) -> Self {
        self.0.targets.push(target);
        self
    }

    /// Sets the incident's own figure for `quantity`.
    pub fn figure(mut self, quantity: Quantity, estimate: Estimate) -> Self {
        self.0.figures.set(quantity, estimate);
        self
    }

    /// Sets each figure not set yet from the reports added so far,
    /// reconciled by `policy`.
    pub fn reconciled(mut self, policy: Reconcile) -> Self {
        for &quantity in Quantity::ALL {
            if !self.0.figures.get(quantity).is_known() {
                let estimate = reconcile(&self.0.reports, quantity, policy);
                self.0.figures.set(quantity, estimate);
            }
        }
        self
    }

    /// Sets the damage to property.
    pub fn damage(mut self, level: DamageLevel) -> Self {
        self.0.damage = Some(level);
        self
    }

    /// Adds a tactic.
    pub fn tactic(mut self, tactic: Tactic) -> Self {
        self.0.tactics.push(tactic);
        self
    }

    /// Adds a means.
    pub fn means(mut self, means: Means) -> Self {
        self.0.means.push(means);
        self
    }

    /// Sets what is known of a ransom.
    pub fn ransom(mut self, status: RansomStatus) -> Self {
        self.0.ransom = status;
        self
    }

    /// Adds a source's report.
    pub fn report(mut self, report: Report) -> Self {
        self.0.reports.push(report);
        self
    }

    /// Sets the notes.
    pub fn notes(mut self, notes: impl Into<Box<str>>) -> Self {
        self.0.notes = Some(notes.into());
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, tag: impl Into<Box<str>>) -> Self {
        self.0.tags.push(tag.into());
        self
    }

    /// Links the incident to the blockade it enforces.
    pub fn enforces(mut self, blockade: BlockadeId) -> Self {
        self.0.blockade = Some(blockade);
        self
    }

    /// Adds a key the incident has elsewhere.
    pub fn external_id(mut self, id: ExternalId) -> Self {
        self.0.external_ids.push(id);
        self
    }

    /// Keeps the source record's remaining fields, for writing it back.
    pub fn origin(mut self, origin: Origin) -> Self {
        self.0.origin = Some(origin);
        self
    }

    /// The incident. Nothing is checked here: a
    /// [`DatasetBuilder`](crate::DatasetBuilder) checks it with everything
    /// it refers to, and [`Validate`] checks it alone.
    pub fn build(self) -> Incident {
        Incident::from(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incident_stays_small() {
        // A million imported events are held in memory at once: what only
        // some incidents have belongs in `Details`, not inline. What every
        // imported event has (its source's fields, its id, usually two
        // actors) is inline, so that reading one allocates nothing of its
        // own. The date span is packed so that the one-byte fields beside
        // it fit in 176 bytes with the source's fields.
        assert!(size_of::<Incident>() <= 176, "{}", size_of::<Incident>());
        assert_eq!(size_of::<Actor>(), 8);
        assert_eq!(size_of::<DateSpan>(), 9);
        assert_eq!(size_of::<ExternalIds>(), 24);
        assert_eq!(size_of::<Option<Origin>>(), 40);
    }
}
