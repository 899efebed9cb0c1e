//! Which format a file is in, told by its header.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::Error;
use crate::io::{Import, ReadOptions, acled, ucdp};

/// A conflict-event file format the crate reads.
///
/// ```
/// use conflict_events::io::Format;
///
/// let header = "event_id_cnty,event_date,year,time_precision,disorder_type";
/// assert_eq!(Format::from_header(header), Some(Format::Acled));
/// assert_eq!("ucdp".parse::<Format>()?, Format::Ucdp);
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// ACLED CSV, any layout [`acled`] reads.
    Acled,
    /// UCDP GED CSV, any layout [`ucdp`] reads.
    Ucdp,
}

impl Format {
    /// The format whose columns `header` (a CSV header line) names: ACLED
    /// by `event_id_cnty`, UCDP GED by `relid` and `type_of_violence`.
    pub fn from_header(header: &str) -> Option<Format> {
        let names: Vec<&str> = header
            .trim_start_matches('\u{feff}')
            .trim_end()
            .split(',')
            .map(|name| name.trim_matches('"'))
            .collect();
        if names.contains(&"event_id_cnty") {
            Some(Format::Acled)
        } else if names.contains(&"type_of_violence") && names.contains(&"relid") {
            Some(Format::Ucdp)
        } else {
            None
        }
    }

    /// The format of the file at `path`, from its first line.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read; [`Error::Header`] when
    /// its header names no format the crate reads.
    pub fn detect_path(path: impl AsRef<Path>) -> Result<Format, Error> {
        let path = path.as_ref();
        let io_error = |e: std::io::Error| Error::Io {
            action: "read",
            path: path.display().to_string(),
            source: std::sync::Arc::new(e),
        };
        let file = std::fs::File::open(path).map_err(io_error)?;
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(file), &mut line)
            .map_err(io_error)?;
        Format::from_header(&line).ok_or_else(|| Error::Header {
            format: "CSV",
            reason: format!(
                "{}: the header is neither ACLED's (event_id_cnty, ...) nor UCDP GED's \
                 (id, relid, type_of_violence, ...)",
                path.display()
            ),
        })
    }

    /// Reads the file at `path` in this format.
    ///
    /// # Errors
    ///
    /// As [`acled::read_path`] or [`ucdp::read_path`].
    pub fn read_path(
        self,
        path: impl AsRef<Path>,
        options: ReadOptions<'_>,
    ) -> Result<Import, Error> {
        match self {
            Format::Acled => acled::read_path(path, options),
            Format::Ucdp => ucdp::read_path(path, options),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Acled => "acled",
            Format::Ucdp => "ucdp",
        })
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format, Error> {
        match s.to_ascii_lowercase().as_str() {
            "acled" => Ok(Format::Acled),
            "ucdp" | "ucdp_ged" | "ucdp-ged" => Ok(Format::Ucdp),
            _ => Err(Error::InvalidValue {
                field: "format",
                expected: "acled or ucdp",
                found: s.to_owned(),
            }),
        }
    }
}
