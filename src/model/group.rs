//! Armed groups, forces and other actors.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::model::names::same_name;
use crate::model::serde_date::iso_date;
use crate::model::validate::require_text;
use crate::{
    AffiliationKind, EntityKind, ExternalId, GroupId, GroupKind, Problem, Validate, ValidationError,
};

/// An actor: an armed group, a state's forces, a militia, civilians.
///
/// ```
/// use conflict_events::{Affiliation, AffiliationKind, DatasetBuilder, Group, GroupKind};
///
/// let mut builder = DatasetBuilder::new();
/// let al_qaeda = builder.add_group(Group::new("al-Qaeda", GroupKind::Jihadist));
/// let jnim = Group::new("Jama'at Nusrat al-Islam wal-Muslimin", GroupKind::Jihadist)
///     .alias("JNIM")
///     .alias("GSIM")
///     .affiliation(Affiliation::new(al_qaeda, AffiliationKind::Affiliate));
/// assert!(jnim.is_named("jnim"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    name: Box<str>,
    kind: GroupKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<Box<str>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    affiliations: Vec<Affiliation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    external_ids: Vec<ExternalId>,
}

impl Group {
    /// A group called `name`.
    pub fn new(name: impl Into<Box<str>>, kind: GroupKind) -> Self {
        Group {
            name: name.into(),
            kind,
            aliases: Vec::new(),
            affiliations: Vec::new(),
            external_ids: Vec::new(),
        }
    }

    /// Adds another name: an acronym, a translation, a former name.
    #[must_use]
    pub fn alias(mut self, alias: impl Into<Box<str>>) -> Self {
        self.aliases.push(alias.into());
        self
    }

    /// Adds a link to a parent group.
    #[must_use]
    pub fn affiliation(mut self, affiliation: Affiliation) -> Self {
        self.affiliations.push(affiliation);
        self
    }

    /// Adds a key the group has elsewhere, e.g. its ACLED actor name.
    #[must_use]
    pub fn external_id(mut self, id: ExternalId) -> Self {
        self.external_ids.push(id);
        self
    }

    /// The main name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The kind of actor.
    pub fn kind(&self) -> GroupKind {
        self.kind
    }

    /// The other names.
    pub fn aliases(&self) -> &[Box<str>] {
        &self.aliases
    }

    /// The links to parent groups.
    pub fn affiliations(&self) -> &[Affiliation] {
        &self.affiliations
    }

    /// The keys the group has elsewhere.
    pub fn external_ids(&self) -> &[ExternalId] {
        &self.external_ids
    }

    /// Whether `name` is the group's name or one of its aliases, ignoring
    /// case, with any run of spaces and punctuation as one word break.
    pub fn is_named(&self, name: &str) -> bool {
        same_name(name, &self.name) || self.aliases.iter().any(|a| same_name(name, a))
    }
}

impl Group {
    /// Sets the kind, once a reader has seen all of a group's events.
    pub(crate) fn set_kind(&mut self, kind: GroupKind) {
        self.kind = kind;
    }

    /// Replaces each parent id `old` by `new[old]`.
    pub(crate) fn remap(&mut self, new: &[u32]) {
        for a in &mut self.affiliations {
            a.parent = GroupId::new(new[a.parent.index()]);
        }
    }
}

impl Validate for Group {
    fn validation_errors(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let e = EntityKind::Group;
        require_text(&mut out, e, || "name".into(), &self.name);
        for (i, alias) in self.aliases.iter().enumerate() {
            require_text(&mut out, e, || format!("aliases[{i}]"), alias);
            let earlier = std::iter::once(&self.name).chain(&self.aliases[..i]);
            if !alias.trim().is_empty() && earlier.into_iter().any(|n| same_name(n, alias)) {
                out.push(ValidationError::new(
                    e,
                    format!("aliases[{i}]"),
                    Problem::Duplicate {
                        value: format!("{alias:?}"),
                    },
                ));
            }
        }
        for (i, id) in self.external_ids.iter().enumerate() {
            require_text(&mut out, e, || format!("external_ids[{i}]"), id.value());
        }
        for (i, a) in self.affiliations.iter().enumerate() {
            if let (Some(start), Some(end)) = (a.since, a.until)
                && end < start
            {
                out.push(ValidationError::new(
                    e,
                    format!("affiliations[{i}].until"),
                    Problem::EndBeforeStart { start, end },
                ));
            }
        }
        out
    }
}

/// A group's link to a parent group, with the dates it held, when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Affiliation {
    parent: GroupId,
    kind: AffiliationKind,
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    since: Option<Date>,
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    until: Option<Date>,
}

impl Affiliation {
    /// A link to `parent`, dates unknown.
    pub fn new(parent: GroupId, kind: AffiliationKind) -> Self {
        Affiliation {
            parent,
            kind,
            since: None,
            until: None,
        }
    }

    /// Sets the first day the link held.
    #[must_use]
    pub fn since(mut self, date: Date) -> Self {
        self.since = Some(date);
        self
    }

    /// Sets the last day the link held.
    #[must_use]
    pub fn until(mut self, date: Date) -> Self {
        self.until = Some(date);
        self
    }

    /// The parent group.
    pub fn parent(&self) -> GroupId {
        self.parent
    }

    /// How the group relates to the parent.
    pub fn kind(&self) -> AffiliationKind {
        self.kind
    }

    /// The first day the link held, when known.
    pub fn start(&self) -> Option<Date> {
        self.since
    }

    /// The last day the link held, `None` while it holds or when unknown.
    pub fn end(&self) -> Option<Date> {
        self.until
    }

    /// Whether the link held on `date`, taking unknown ends as open.
    pub fn holds_on(&self, date: Date) -> bool {
        self.since.is_none_or(|s| s <= date) && self.until.is_none_or(|u| date <= u)
    }
}
