//! Exchange with the files the field uses: ACLED and UCDP GED CSV, read and
//! written back field for field ([`acled`], [`ucdp`], a file's [`Format`]
//! told by its header), and GeoJSON boundaries in and features out
//! ([`geojson`]).
//!
//! Reading never loses a row: a row that cannot be read or breaks a rule is
//! set aside as [`Quarantined`], with its line, column, reason and raw
//! text, and the load goes on; `rows_read == accepted + quarantined`
//! always. With [`ReadOptions::strict`] the first such row is an error
//! instead.

pub mod acled;
pub(crate) mod blocks;
pub(crate) mod fields;
mod format;
pub mod geojson;
pub(crate) mod record;
pub(crate) mod text;
pub mod ucdp;

use std::fmt;

use serde::Serialize;

use crate::Dataset;
pub use format::Format;

/// How far a load has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Data rows read so far.
    pub rows: u64,
    /// Bytes of input consumed so far.
    pub bytes: u64,
}

/// How to read a file.
///
/// ```
/// use conflict_events::io::ReadOptions;
///
/// let mut seen = 0;
/// let mut report = |p: conflict_events::io::Progress| seen = p.rows;
/// let options = ReadOptions::new().strict(false).progress(&mut report);
/// # let _ = options;
/// ```
#[derive(Default)]
pub struct ReadOptions<'a> {
    pub(crate) strict: bool,
    pub(crate) threads: Option<usize>,
    pub(crate) progress: Option<&'a mut dyn FnMut(Progress)>,
}

impl<'a> ReadOptions<'a> {
    /// Quarantine bad rows, no progress reports.
    pub fn new() -> Self {
        ReadOptions::default()
    }

    /// With `true`, the first bad row ends the load with [`Error::Row`](crate::Error::Row)
    /// instead of being quarantined.
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Parses on `threads` threads; by default as many as the machine has
    /// cores. The result does not depend on it. One of them is the calling
    /// thread, which also reads the input; the others are kept for later
    /// loads, so that each reuses the memory it freed.
    #[must_use]
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    pub(crate) fn thread_count(&self) -> usize {
        self.threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
        })
    }

    /// Calls `report` as rows are read (after each block of about 1 MiB,
    /// so at least once), with the rows and bytes read so far.
    #[must_use]
    pub fn progress(mut self, report: &'a mut dyn FnMut(Progress)) -> Self {
        self.progress = Some(report);
        self
    }

    pub(crate) fn report(&mut self, progress: Progress) {
        if let Some(report) = self.progress.as_mut() {
            report(progress);
        }
    }
}

impl fmt::Debug for ReadOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadOptions")
            .field("strict", &self.strict)
            .field("threads", &self.threads)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// A row set aside: where it is, what is wrong, and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quarantined {
    /// The line of the file the row starts on, 1-based.
    pub line: u64,
    /// The column at fault, when one is.
    pub column: Option<String>,
    /// What is wrong, saying what was expected.
    pub reason: String,
    /// The row as read, fields joined by commas and quoted where needed.
    pub raw: String,
}

impl fmt::Display for Quarantined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Something odd about an accepted row that does not make it wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The line of the file the row starts on, 1-based.
    pub line: u64,
    /// The column concerned.
    pub column: String,
    /// What is odd.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// What a load gives: the dataset of the accepted rows, and the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub(crate) dataset: Dataset,
    pub(crate) rows_read: u64,
    pub(crate) quarantined: Vec<Quarantined>,
    pub(crate) warnings: Vec<Warning>,
}

impl Import {
    /// The dataset built from the accepted rows.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The dataset, by value.
    pub fn into_dataset(self) -> Dataset {
        self.dataset
    }

    /// How many data rows the file holds (header and tag rows not counted).
    pub fn rows_read(&self) -> u64 {
        self.rows_read
    }

    /// How many rows became incidents: `rows_read - quarantined`.
    pub fn accepted(&self) -> u64 {
        self.dataset.incidents().len() as u64
    }

    /// The rows set aside, in file order.
    pub fn quarantined(&self) -> &[Quarantined] {
        &self.quarantined
    }

    /// Oddities of accepted rows, in file order.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}
