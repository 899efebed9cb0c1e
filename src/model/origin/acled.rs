//! The fields of an ACLED row that the model does not hold elsewhere.

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
/// Strings that repeat across rows (`region`, `source`, `source_scale`,
/// `interaction`, ...) are shared, not copied, between incidents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcledFields {
    pub(crate) iso: u16,
    pub(crate) region: ArcStr,
    pub(crate) interaction: ArcStr,
    pub(crate) inter_form: InterForm,
    pub(crate) civilian_targeting: ArcStr,
    pub(crate) source: ArcStr,
    pub(crate) source_scale: ArcStr,
    pub(crate) tags: ArcStr,
    pub(crate) timestamp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) legacy: Option<Box<AcledLegacy>>,
}

/// The columns of the older HDX layout that ACLED dropped on 20 March 2023.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcledLegacy {
    pub(crate) data_id: ArcStr,
    pub(crate) event_id_no_cnty: ArcStr,
    pub(crate) iso3: ArcStr,
}

impl AcledFields {
    /// `iso`: the country's ISO 3166-1 numeric code, e.g. 466 for Mali.
    pub fn iso(&self) -> u16 {
        self.iso
    }

    /// `region`: ACLED's world region, e.g. `Western Africa`.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// `interaction` as written: `Rebel group-Civilians` or `27`.
    pub fn interaction(&self) -> &str {
        &self.interaction
    }

    /// How the row wrote its actor types.
    pub fn inter_form(&self) -> InterForm {
        self.inter_form
    }

    /// `civilian_targeting` as written: empty, `Civilian targeting` or
    /// `Civilians targeted`.
    pub fn civilian_targeting(&self) -> &str {
        &self.civilian_targeting
    }

    /// `source`: the sources, separated by `; `.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The sources, one by one.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.source.split(';').map(str::trim).filter(|s| !s.is_empty())
    }

    /// `source_scale`, e.g. `Local partner-National`.
    pub fn source_scale(&self) -> &str {
        &self.source_scale
    }

    /// `tags` as written, entries separated by `; `.
    pub fn tags(&self) -> &str {
        &self.tags
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
        self.legacy.as_deref().map(|l| &*l.iso3)
    }
}
