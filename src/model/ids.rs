//! Typed ids: dense indexes of entities inside a dataset, and the external
//! keys the sources give them.

use std::fmt;

use ecow::EcoString;
use serde::{Deserialize, Serialize};

macro_rules! dense_id {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        ///
        /// The index is dense: the first entity of its kind added to a
        /// [`DatasetBuilder`](crate::DatasetBuilder) gets 0, the next 1, and so on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(from = "u32", into = "u32")]
        pub struct $name(u32);

        impl $name {
            #[doc = concat!("The ", $what, " at `index`.")]
            pub const fn new(index: u32) -> Self {
                $name(index)
            }

            /// The index, for indexing a slice.
            pub const fn index(self) -> usize {
                self.0 as usize
            }

            /// The index as stored.
            pub const fn as_u32(self) -> u32 {
                self.0
            }
        }

        impl From<u32> for $name {
            fn from(index: u32) -> Self {
                $name(index)
            }
        }

        impl From<$name> for u32 {
            fn from(id: $name) -> u32 {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($what, " #{}"), self.0)
            }
        }
    };
}

dense_id!(
    /// Identifies a [`Group`](crate::Group) in a dataset.
    GroupId,
    "group"
);
dense_id!(
    /// Identifies a [`Region`](crate::Region) in a dataset.
    RegionId,
    "region"
);
dense_id!(
    /// Identifies a [`Site`](crate::Site) in a dataset.
    SiteId,
    "site"
);
dense_id!(
    /// Identifies an [`Incident`](crate::Incident) in a built [`Dataset`](crate::Dataset).
    ///
    /// A built dataset numbers its incidents in date order, so incident ids
    /// are assigned by [`DatasetBuilder::build`](crate::DatasetBuilder::build),
    /// not when an incident is added.
    IncidentId,
    "incident"
);
dense_id!(
    /// Identifies a [`Blockade`](crate::Blockade) in a dataset.
    BlockadeId,
    "blockade"
);

crate::model::names::taxonomy! {
    /// The catalogue an [`ExternalId`] comes from.
    pub enum IdScheme: "id scheme" {
        /// ACLED's `event_id_cnty`, e.g. `MLI1234`, or an ACLED actor name.
        Acled("acled") = "acled",
        /// UCDP GED's numeric event `id`.
        UcdpGed("ucdp_ged") = "ucdp_ged" | "ucdp",
        /// UCDP GED's `relid`, e.g. `MLI-2019-3-1-52`.
        UcdpRelid("ucdp_relid") = "ucdp_relid" | "relid",
        /// The Global Terrorism Database's `eventid`.
        Gtd("gtd") = "gtd",
        /// An OCHA place code (p-code) such as `ML0101`.
        PCode("pcode") = "pcode" | "p-code",
        /// A key of the user's own.
        Local("local") = "local",
    }
}

/// A key an entity has in a source outside this crate, e.g. ACLED's
/// `event_id_cnty`.
///
/// ```
/// use conflict_events::{ExternalId, IdScheme};
///
/// let id = ExternalId::new(IdScheme::Acled, "MLI1234");
/// assert_eq!(id.to_string(), "acled:MLI1234");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalId {
    scheme: IdScheme,
    // Keys up to 15 bytes, such as every ACLED and UCDP id, are held
    // inline, with no allocation of their own, in 16 bytes.
    value: EcoString,
}

impl ExternalId {
    /// The key `value` in catalogue `scheme`.
    pub fn new(scheme: IdScheme, value: impl AsRef<str>) -> Self {
        ExternalId {
            scheme,
            value: EcoString::from(value.as_ref()),
        }
    }

    /// The catalogue.
    pub fn scheme(&self) -> IdScheme {
        self.scheme
    }

    /// The key inside the catalogue.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for ExternalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.scheme.token(), self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_longer_than_the_inline_ones_keep_their_text() {
        // 15 bytes are held inline, 16 and more on the heap.
        let short = ExternalId::new(IdScheme::Local, "a".repeat(15));
        let long = ExternalId::new(IdScheme::Local, "a".repeat(16));
        assert_eq!(short.value().len(), 15);
        assert_eq!(long.value(), "aaaaaaaaaaaaaaaa");
        assert_eq!(long.to_string(), "local:aaaaaaaaaaaaaaaa");
        assert!(short < long);
        let json = serde_json::to_string(&long).unwrap();
        assert_eq!(json, r#"{"scheme":"local","value":"aaaaaaaaaaaaaaaa"}"#);
        assert_eq!(serde_json::from_str::<ExternalId>(&json).unwrap(), long);
    }
}
