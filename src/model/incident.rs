//! Incidents: what happened, when, where, who did it, to whom, and what
//! each source says of it.

use serde::{Deserialize, Serialize};

use crate::model::validate::require_text;
use crate::{
    ActorKind, BlockadeId, Confidence, CountryCode, DamageLevel, DateSpan, EntityKind, Estimate,
    EventType, ExternalId, Figures, GroupId, Location, Means, Problem, Quantity, RansomStatus,
    Reconcile, RegionId, Report, SiteId, SubEventType, Tactic, TargetKind, Validate,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    kind: SubEventType,
    when: DateSpan,
    region: RegionId,
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
}

fn unknown_ransom() -> RansomStatus {
    RansomStatus::Unknown
}

fn is_unknown_ransom(status: &RansomStatus) -> bool {
    *status == RansomStatus::Unknown
}

impl Incident {
    /// Starts an incident of sub-event type `kind`, dated `when`, in
    /// `region` (the smallest known region; a country when nothing finer
    /// is known).
    pub fn builder(kind: SubEventType, when: DateSpan, region: RegionId) -> IncidentBuilder {
        IncidentBuilder(Incident {
            kind,
            when,
            region,
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
        })
    }

    /// The ACLED sub-event type.
    pub fn sub_event_type(&self) -> SubEventType {
        self.kind
    }

    /// The ACLED event type, which follows from the sub-event type.
    pub fn event_type(&self) -> EventType {
        self.kind.event_type()
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
        self.violence
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
        &self.targets
    }

    /// The incident's own figures: what the record states (for an ACLED
    /// event, its `fatalities`; for the builder, what
    /// [`figure`](IncidentBuilder::figure) or
    /// [`reconciled`](IncidentBuilder::reconciled) set).
    pub fn figures(&self) -> &Figures {
        &self.figures
    }

    /// The incident's own figure for `quantity`.
    pub fn figure(&self, quantity: Quantity) -> Estimate {
        self.figures.get(quantity)
    }

    /// The sources' figures for `quantity`, reconciled by `policy`.
    pub fn reconcile(&self, quantity: Quantity, policy: Reconcile) -> Estimate {
        Estimate::reconcile(
            self.reports.iter().map(|r| r.figures().get(quantity)),
            policy,
        )
    }

    /// The damage to property, when reported.
    pub fn damage(&self) -> Option<DamageLevel> {
        self.damage
    }

    /// The tactics used.
    pub fn tactics(&self) -> &[Tactic] {
        &self.tactics
    }

    /// The means used.
    pub fn means(&self) -> &[Means] {
        &self.means
    }

    /// What is known of a ransom.
    pub fn ransom(&self) -> RansomStatus {
        self.ransom
    }

    /// What each source says.
    pub fn reports(&self) -> &[Report] {
        &self.reports
    }

    /// Free-text notes.
    pub fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }

    /// Tags, such as ACLED's `tags` entries.
    pub fn tags(&self) -> &[Box<str>] {
        &self.tags
    }

    /// The blockade this incident enforces, when one.
    pub fn blockade(&self) -> Option<BlockadeId> {
        self.blockade
    }

    /// Keys the incident has elsewhere, such as ACLED's `event_id_cnty`.
    pub fn external_ids(&self) -> &[ExternalId] {
        &self.external_ids
    }

    /// Every site the incident hit.
    pub fn sites(&self) -> impl Iterator<Item = SiteId> + '_ {
        self.targets.iter().filter_map(|t| t.site)
    }
}

impl Validate for Incident {
    fn validation_errors(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let e = EntityKind::Incident;
        for (i, actor) in self.actors.iter().enumerate() {
            let same = |a: &&Actor| a.group == actor.group && a.side == actor.side;
            if self.actors[..i].iter().any(|a| same(&a)) {
                out.push(ValidationError::new(
                    e,
                    format!("actors[{i}].group"),
                    Problem::Duplicate {
                        value: format!("group #{} on side {:?}", actor.group.as_u32(), actor.side),
                    },
                ));
            }
        }
        if self.ransom.is_recorded() && self.figures.abducted == Estimate::Exact(0) {
            out.push(ValidationError::new(
                e,
                "ransom",
                Problem::RansomWithoutAbduction,
            ));
        }
        for (i, report) in self.reports.iter().enumerate() {
            require_text(
                &mut out,
                e,
                || format!("reports[{i}].source.name"),
                report.source().name(),
            );
        }
        if let Some(notes) = &self.notes {
            require_text(&mut out, e, || "notes".into(), notes);
        }
        for (i, tag) in self.tags.iter().enumerate() {
            require_text(&mut out, e, || format!("tags[{i}]"), tag);
        }
        for (i, id) in self.external_ids.iter().enumerate() {
            require_text(&mut out, e, || format!("external_ids[{i}]"), id.value());
        }
        out
    }
}

/// Builds an [`Incident`]; see [`Incident::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct IncidentBuilder(Incident);

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
                let estimate = self.0.reconcile(quantity, policy);
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

    /// The incident. Nothing is checked here: a
    /// [`DatasetBuilder`](crate::DatasetBuilder) checks it with everything
    /// it refers to, and [`Validate`] checks it alone.
    pub fn build(self) -> Incident {
        self.0
    }
}
