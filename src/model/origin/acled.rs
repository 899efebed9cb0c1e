//! The fields of an ACLED row that the model does not hold elsewhere.

use std::sync::Arc;

use arcstr::ArcStr;
use serde::{Deserialize, Serialize};

/// How a row wrote its actor types (`inter1`, `inter2`, `interaction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterForm {
    /// Text labels, ACLED's default since 2023: `Rebel group`, `Rebel group-Civilians`.
    #[default]
    Text,
    /// Numeric codes, a missing `inter2` left empty: `2`, ``, `20`.
    Numeric,
    /// Numeric codes, a missing `inter2` written `0`, as the HDX files do.
    NumericZero,
}

/// The fields of an ACLED row that the model does not hold elsewhere.
///
/// What rows share (`iso`, `region`, `interaction`, `tags`, ...) is held
/// once for all the rows that share it; each row keeps its `source` and
/// `source_scale` (shared text too), its `timestamp` and, from the HDX
/// layout, its `data_id` and `event_id_no_cnty`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(from = "AcledRecord", into = "AcledRecord")]
pub struct AcledFields {
    pub(crate) common: Arc<AcledCommon>,
    pub(crate) source: ArcStr,
    /// Apart from the shared fields: with it, rows would share them only
    /// a tenth as often.
    pub(crate) source_scale: ArcStr,
    pub(crate) own: AcledOwn,
}

/// A row's `timestamp` and, from the HDX layout, its ids: in one field of
/// sixteen bytes, so that an incident stays small; an HDX row's, which
/// are few, in a box.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum AcledOwn {
    /// A row of the current layout.
    Current { timestamp: Option<i64> },
    /// A row of the HDX layout.
    Hdx(Box<AcledLegacy>),
}

impl Default for AcledOwn {
    fn default() -> Self {
        AcledOwn::Current { timestamp: None }
    }
}

/// The part of [`AcledFields`] that many rows share.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct AcledCommon {
    pub(crate) iso: u16,
    pub(crate) region: ArcStr,
    pub(crate) interaction: ArcStr,
    pub(crate) inter_form: InterForm,
    pub(crate) civilian_targeting: ArcStr,
    pub(crate) tags: ArcStr,
    pub(crate) iso3: ArcStr,
}

/// [`AcledFields`] on the wire: every field flat.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcledRecord {
    iso: u16,
    region: ArcStr,
    interaction: ArcStr,
    inter_form: InterForm,
    civilian_targeting: ArcStr,
    source: ArcStr,
    source_scale: ArcStr,
    tags: ArcStr,
    timestamp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    legacy: Option<AcledLegacyRecord>,
}

/// The HDX columns on the wire.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcledLegacyRecord {
    data_id: ArcStr,
    event_id_no_cnty: ArcStr,
    iso3: ArcStr,
}

impl From<AcledRecord> for AcledFields {
    fn from(r: AcledRecord) -> Self {
        let iso3 = r
            .legacy
            .as_ref()
            .map_or_else(ArcStr::new, |l| l.iso3.clone());
        AcledFields {
            common: Arc::new(AcledCommon {
                iso: r.iso,
                region: r.region,
                interaction: r.interaction,
                inter_form: r.inter_form,
                civilian_targeting: r.civilian_targeting,
                tags: r.tags,
                iso3,
            }),
            source: r.source,
            source_scale: r.source_scale,
            own: match r.legacy {
                Some(l) => AcledOwn::Hdx(Box::new(AcledLegacy {
                    data_id: l.data_id,
                    event_id_no_cnty: l.event_id_no_cnty,
                    timestamp: r.timestamp,
                })),
                None => AcledOwn::Current {
                    timestamp: r.timestamp,
                },
            },
        }
    }
}

impl From<AcledFields> for AcledRecord {
    fn from(f: AcledFields) -> Self {
        let c = &*f.common;
        let timestamp = f.timestamp();
        AcledRecord {
            iso: c.iso,
            region: c.region.clone(),
            interaction: c.interaction.clone(),
            inter_form: c.inter_form,
            civilian_targeting: c.civilian_targeting.clone(),
            source: f.source,
            source_scale: f.source_scale,
            tags: c.tags.clone(),
            timestamp,
            legacy: match f.own {
                AcledOwn::Hdx(l) => Some(AcledLegacyRecord {
                    data_id: l.data_id,
                    event_id_no_cnty: l.event_id_no_cnty,
                    iso3: c.iso3.clone(),
                }),
                AcledOwn::Current { .. } => None,
            },
        }
    }
}

/// The per-row columns of the older HDX layout that ACLED dropped on 20
/// March 2023 (`iso3`, the same for all of a country's rows, is shared),
/// kept with the row's `timestamp` so that an HDX row's own fields are in
/// one box.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AcledLegacy {
    pub(crate) data_id: ArcStr,
    pub(crate) event_id_no_cnty: ArcStr,
    pub(crate) timestamp: Option<i64>,
}

impl AcledFields {
    /// `iso`: the country's ISO 3166-1 numeric code, e.g. 466 for Mali.
    pub fn iso(&self) -> u16 {
        self.common.iso
    }

    /// `region`: ACLED's world region, e.g. `Western Africa`.
    pub fn region(&self) -> &str {
        &self.common.region
    }

    /// `interaction` as written: `Rebel group-Civilians` or `27`.
    pub fn interaction(&self) -> &str {
        &self.common.interaction
    }

    /// How the row wrote its actor types.
    pub fn inter_form(&self) -> InterForm {
        self.common.inter_form
    }

    /// `civilian_targeting` as written: empty, `Civilian targeting` or
    /// `Civilians targeted`.
    pub fn civilian_targeting(&self) -> &str {
        &self.common.civilian_targeting
    }

    /// `source`: the sources, separated by `; `.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The sources, one by one.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.source
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// `source_scale`, e.g. `Local partner-National`.
    pub fn source_scale(&self) -> &str {
        &self.source_scale
    }

    /// `tags` as written, entries separated by `; `.
    pub fn tags(&self) -> &str {
        &self.common.tags
    }

    /// `timestamp`: when ACLED last changed the row, in Unix seconds.
    pub fn timestamp(&self) -> Option<i64> {
        match &self.own {
            AcledOwn::Current { timestamp } => *timestamp,
            AcledOwn::Hdx(legacy) => legacy.timestamp,
        }
    }

    /// The columns of the older HDX layout, when the row came from it.
    fn legacy(&self) -> Option<&AcledLegacy> {
        match &self.own {
            AcledOwn::Hdx(legacy) => Some(legacy),
            AcledOwn::Current { .. } => None,
        }
    }

    /// `data_id` of the older HDX layout.
    pub fn data_id(&self) -> Option<&str> {
        self.legacy().map(|l| &*l.data_id)
    }

    /// `event_id_no_cnty` of the older HDX layout.
    pub fn event_id_no_cnty(&self) -> Option<&str> {
        self.legacy().map(|l| &*l.event_id_no_cnty)
    }

    /// `iso3` of the older HDX layout.
    pub fn iso3(&self) -> Option<&str> {
        self.legacy().map(|_| &*self.common.iso3)
    }
}
