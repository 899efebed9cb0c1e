//! The domain model: value types, taxonomies and entities.

pub(crate) mod names;

pub(crate) mod blockade;
pub(crate) mod country;
pub(crate) mod date_span;
pub(crate) mod estimate;
pub(crate) mod group;
pub(crate) mod ids;
pub(crate) mod incident;
pub(crate) mod location;
pub(crate) mod origin;
pub(crate) mod region;
pub(crate) mod serde_date;
pub(crate) mod site;
pub(crate) mod source;
pub(crate) mod taxonomy;
pub(crate) mod validate;
