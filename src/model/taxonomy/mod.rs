//! The taxonomies: closed and open sets of names, each an enum whose
//! `Display` and `FromStr` round-trip one token and whose `FromStr` also
//! accepts the sources' spellings.

pub(crate) mod actor;
pub(crate) mod blockade;
pub(crate) mod event;
pub(crate) mod incident;
pub(crate) mod source;
pub(crate) mod target;
