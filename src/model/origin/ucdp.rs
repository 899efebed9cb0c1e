//! The fields of a UCDP GED row that the model does not hold elsewhere.

use serde::{Deserialize, Serialize};

/// The fields of a UCDP GED row that the model does not hold elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UcdpFields {}
