//! What a source record holds beyond the model: the bookkeeping fields of
//! an ACLED or UCDP row, kept so that the row can be written back with
//! every field unchanged.

pub(crate) mod acled;
pub(crate) mod ucdp;

use serde::{Deserialize, Serialize};

use crate::{AcledFields, UcdpFields};

/// The remaining fields of the record an incident was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A row of an ACLED export.
    Acled(AcledFields),
    /// A row of a UCDP GED file.
    Ucdp(Box<UcdpFields>),
}

impl Origin {
    /// The ACLED fields, when the incident came from ACLED.
    pub fn acled(&self) -> Option<&AcledFields> {
        match self {
            Origin::Acled(fields) => Some(fields),
            Origin::Ucdp(_) => None,
        }
    }

    /// The UCDP fields, when the incident came from UCDP GED.
    pub fn ucdp(&self) -> Option<&UcdpFields> {
        match self {
            Origin::Ucdp(fields) => Some(fields),
            Origin::Acled(_) => None,
        }
    }
}
