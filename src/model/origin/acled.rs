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
/// once for all the rows that share it; so are `source` and `source_scale`,
/// by the rows that have both. Each row keeps its own `timestamp` and, from
/// the HDX layout, its `data_id` and `event_id_no_cnty`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(from = "AcledRecord", into = "AcledRecord")]
pub struct AcledFields {
    pub(crate) common: Arc<AcledCommon>,
    /// Apart from the other shared fields: with them, rows would share
    /// those only a tenth as often.
    pub(crate) source: Arc<AcledSource>,
    pub(crate) timestamp: Option<i64>,
    pub(crate) legacy: Option<Box<AcledLegacy>>,
}

/// A row's `source` and `source_scale`, shared by the rows with both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct AcledSource {
    pub(crate) source: ArcStr,
    pub(crate) scale: ArcStr,
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
            source: Arc::new(AcledSource {
                source: r.source,
                scale: r.source_scale,
            }),
            timestamp: r.timestamp,
            legacy: r.legacy.map(|l| {
                Box::new(AcledLegacy {
                    data_id: l.data_id,
                    event_id_no_cnty: l.event_id_no_cnty,
                })
            }),
        }
    }
}

impl From<AcledFields> for AcledRecord {
    fn from(f: AcledFields) -> Self {
        let c = &*f.common;
        AcledRecord {
            iso: c.iso,
            region: c.region.clone(),
            interaction: c.interaction.clone(),
            inter_form: c.inter_form,
            civilian_targeting: c.civilian_targeting.clone(),
            source: f.source.source.clone(),
            source_scale: f.source.scale.clone(),
            tags: c.tags.clone(),
            timestamp: f.timestamp,
            legacy: f.legacy.map(|l| AcledLegacyRecord {
                data_id: l.data_id,
                event_id_no_cnty: l.event_id_no_cnty,
                iso3: c.iso3.clone(),
            }),
        }
    }
}

/// The per-row columns of the older HDX layout that ACLED dropped on 20
/// March 2023 (`iso3`, the same for all of a country's rows, is shared).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AcledLegacy {
    pub(crate) data_id: ArcStr,
    pub(crate) event_id_no_cnty: ArcStr,
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
        &self.source.source
    }

    /// The sources, one by one.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.source
            .source
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// `source_scale`, e.g. `Local partner-National`.
    pub fn source_scale(&self) -> &str {
        &self.source.scale
    }

    /// `tags` as written, entries separated by `; `.
    pub fn tags(&self) -> &str {
        &self.common.tags
    }

    /// `timestamp`: when ACLED last changed the row, in Unix seconds.
    pub fn timestamp(&self) -> Option<i64> {
        self.timestamp
    }

    /// `data_id` of the older HDX layout.
    pub fn data_id(&self) -> Option<&str> {
        self.legacy.as_deref().map(|l| &*l.data_id)
    }

    /// `event_id_no_cnty` of the older HDX layout.
    pub fn event_id_no_cnty(&self) -> Option<&str> {
        self.legacy.as_deref().map(|l| &*l.event_id_no_cnty)
    }

    /// `iso3` of the older HDX layout.
    pub fn iso3(&self) -> Option<&str> {
        self.legacy.as_deref().map(|_| &*self.common.iso3)
    }
}
