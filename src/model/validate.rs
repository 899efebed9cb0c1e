//! The validation API shared by entities and datasets.

use crate::{Error, ValidationError, ValidationErrors};

/// Checks a value against the rules it can check on its own.
///
/// The API follows geo's: [`is_valid`](Validate::is_valid),
/// [`check`](Validate::check) for the first problem and
/// [`validation_errors`](Validate::validation_errors) for all of them.
/// An entity checks what it can alone (a blockade's end is not before its
/// start); a [`DatasetBuilder`](crate::DatasetBuilder) checks everything,
/// references between entities included.
pub trait Validate {
    /// Every problem found, in a stable order; empty when valid.
    fn validation_errors(&self) -> Vec<ValidationError>;

    /// Whether no problem is found.
    fn is_valid(&self) -> bool {
        self.validation_errors().is_empty()
    }

    /// `Ok(())` when valid.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem found.
    fn check(&self) -> Result<(), Error> {
        ValidationErrors::check(self.validation_errors())
    }
}

/// Pushes [`crate::Problem::Empty`] for `field` when `text` is blank.
pub(crate) fn require_text(
    out: &mut Vec<ValidationError>,
    entity: crate::EntityKind,
    field: impl FnOnce() -> String,
    text: &str,
) {
    if text.trim().is_empty() {
        out.push(ValidationError::new(entity, field(), crate::Problem::Empty));
    }
}
