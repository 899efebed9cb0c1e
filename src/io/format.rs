//! Which format a file is in, told by its header.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::str::FromStr;

use crate::Error;
use crate::io::record::read_error;
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
#[non_exhaustive]
pub enum Format {
    /// ACLED CSV, any layout [`acled`] reads.
    Acled,
    /// UCDP GED CSV, any layout [`ucdp`] reads.
    Ucdp,
}

impl Format {
    /// The format whose columns `header` (a CSV header line) names: ACLED
    /// by `event_id_cnty`, UCDP GED by `relid` and `type_of_violence`;
    /// `None` for neither. A byte order mark, the line break and quotes
    /// around a name are ignored.
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

    /// The format of the file at `path`, from its first line (read up to
    /// 64 KiB, and as UTF-8 with any invalid bytes replaced).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read; [`Error::Header`] when
    /// its header names no format the crate reads, showing up to 80
    /// characters of the header, as in (on one line):
    ///
    /// ```text
    /// CSV header: README.md: expected ACLED's (event_id_cnty, ...) or UCDP GED's
    ///   (id, relid, type_of_violence, ...) columns, found "# conflict-events"
    /// ```
    pub fn detect_path(path: impl AsRef<Path>) -> Result<Format, Error> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| read_error(&name, e))?;
        let mut line = Vec::new();
        BufReader::new(file.take(HEADER_BYTES))
            .read_until(b'\n', &mut line)
            .map_err(|e| read_error(&name, e))?;
        let line = String::from_utf8_lossy(&line);
        Format::from_header(&line).ok_or_else(|| Error::Header {
            format: "CSV",
            reason: format!(
                "{name}: expected ACLED's (event_id_cnty, ...) or UCDP GED's \
                 (id, relid, type_of_violence, ...) columns, found {}",
                shown(&line)
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

/// The most of a file's first line [`Format::detect_path`] reads: far more
/// than any header of ACLED's or UCDP's, and a bound on a file with no line
/// breaks.
const HEADER_BYTES: u64 = 64 * 1024;

/// The most characters of a header an error shows.
const SHOWN_CHARS: usize = 80;

/// A header line as an error shows it: quoted and escaped, without a byte
/// order mark or the line break, cut to [`SHOWN_CHARS`] characters with
/// `...` after the quote when longer.
fn shown(line: &str) -> String {
    let line = line
        .trim_start_matches('\u{feff}')
        .trim_end_matches(['\r', '\n']);
    match line.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{:?}...", &line[..end]),
        None => format!("{line:?}"),
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
            _ => Err(Error::invalid("format", "acled or ucdp", s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// The header of ACLED's exports.
    const ACLED: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,\
        sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,\
        civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,\
        geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

    /// The header of UCDP GED's official files: 49 columns, `best` to
    /// `gwnob` at the end.
    const UCDP_OFFICIAL: &str = "id,relid,year,active_year,code_status,type_of_violence,\
        conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,\
        side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,\
        number_of_sources,source_article,source_office,source_date,source_headline,\
        source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,\
        longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,\
        date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,\
        gwnoa,gwnob";

    /// The header of UCDP's website export: 47 columns, ending
    /// `best_est,high_est,low_est`.
    const UCDP_EXPORT: &str = "id,relid,year,active_year,code_status,type_of_violence,\
        conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,\
        side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,\
        number_of_sources,source_article,source_office,source_date,source_headline,\
        source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,\
        longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,\
        date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best_est,\
        high_est,low_est";

    /// The start of the message for a header of neither format.
    const NEITHER: &str = "expected ACLED's (event_id_cnty, ...) or UCDP GED's \
        (id, relid, type_of_violence, ...) columns, found";

    /// A file of `bytes` in the temporary directory, named for the test
    /// and this process so that runs do not meet.
    fn temp_file(name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let path = std::env::temp_dir().join(format!(
            "conflict-events-format-{}-{name}",
            std::process::id()
        ));
        std::fs::write(&path, bytes)?;
        Ok(path)
    }

    /// The format detected in a temporary file of `bytes`, or the error's
    /// message with the file's path as `PATH`.
    fn detect(name: &str, bytes: &[u8]) -> std::io::Result<Result<Format, String>> {
        let path = temp_file(name, bytes)?;
        let found = Format::detect_path(&path)
            .map_err(|e| e.to_string().replace(&path.display().to_string(), "PATH"));
        std::fs::remove_file(&path)?;
        Ok(found)
    }

    #[test]
    fn the_header_tells_acled_from_ucdp() {
        assert_eq!(ACLED.split(',').count(), 31);
        assert_eq!(UCDP_OFFICIAL.split(',').count(), 49);
        assert_eq!(UCDP_EXPORT.split(',').count(), 47);
        assert_eq!(Format::from_header(ACLED), Some(Format::Acled));
        assert_eq!(Format::from_header(UCDP_OFFICIAL), Some(Format::Ucdp));
        assert_eq!(Format::from_header(UCDP_EXPORT), Some(Format::Ucdp));
        // With the line break read_line leaves, either kind.
        assert_eq!(
            Format::from_header(&format!("{UCDP_EXPORT}\r\n")),
            Some(Format::Ucdp)
        );
        assert_eq!(
            Format::from_header(&format!("{ACLED}\n")),
            Some(Format::Acled)
        );
    }

    #[test]
    fn a_byte_order_mark_and_quotes_are_ignored() {
        assert_eq!(
            Format::from_header(&format!("\u{feff}{ACLED}")),
            Some(Format::Acled)
        );
        assert_eq!(
            Format::from_header("\u{feff}id,relid,year,type_of_violence"),
            Some(Format::Ucdp)
        );
        assert_eq!(
            Format::from_header(r#""event_id_cnty","event_date""#),
            Some(Format::Acled)
        );
        assert_eq!(
            Format::from_header(r#""id","relid","type_of_violence""#),
            Some(Format::Ucdp)
        );
    }

    #[test]
    fn a_header_of_neither_format_is_none() {
        for header in [
            "",
            "# conflict-events",
            // UCDP needs both relid and type_of_violence.
            "id,relid,year",
            "id,year,type_of_violence",
            // Not ACLED's exact name.
            "event_id,event_date",
            "EVENT_ID_CNTY,event_date",
            "event_id_cnty event_date",
        ] {
            assert_eq!(Format::from_header(header), None, "{header:?}");
        }
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        let path = std::env::temp_dir().join(format!(
            "conflict-events-format-{}-missing.csv",
            std::process::id()
        ));
        let error = Format::detect_path(&path);
        let Err(Error::Io {
            action,
            path: name,
            source,
        }) = &error
        else {
            panic!("expected an I/O error, found {error:?}");
        };
        assert_eq!(
            (*action, source.kind()),
            ("read", std::io::ErrorKind::NotFound)
        );
        assert_eq!(name, &path.display().to_string());
        assert_eq!(
            error.map_err(|e| e.to_string()),
            Err(format!("cannot read {}", path.display()))
        );
    }

    #[test]
    fn files_are_told_by_their_first_line() -> std::io::Result<()> {
        let acled = format!("\u{feff}{ACLED}\r\nMLI1,2024-01-01\r\n");
        assert_eq!(detect("acled.csv", acled.as_bytes())?, Ok(Format::Acled));
        let ucdp = format!("{UCDP_EXPORT}\n1,MLI-2024,2024\n");
        assert_eq!(detect("ucdp.csv", ucdp.as_bytes())?, Ok(Format::Ucdp));
        Ok(())
    }

    #[test]
    fn a_file_of_neither_format_shows_its_first_line() -> std::io::Result<()> {
        let readme = b"# conflict-events\n\nArmed-conflict incident data.\n";
        assert_eq!(
            detect("README.md", readme)?,
            Err(format!("CSV header: PATH: {NEITHER} \"# conflict-events\""))
        );
        // Without a line break, or with no line at all.
        assert_eq!(
            detect("one-line.txt", b"lat,lon")?,
            Err(format!("CSV header: PATH: {NEITHER} \"lat,lon\""))
        );
        assert_eq!(
            detect("empty.csv", b"")?,
            Err(format!("CSV header: PATH: {NEITHER} \"\""))
        );
        // A byte order mark is not shown; a carriage return is dropped, a
        // tab escaped.
        assert_eq!(
            detect(
                "tabs.tsv",
                "\u{feff}id\trelid\ttype_of_violence\r\n".as_bytes()
            )?,
            Err(format!(
                "CSV header: PATH: {NEITHER} \"id\\trelid\\ttype_of_violence\""
            ))
        );
        Ok(())
    }

    #[test]
    fn a_long_or_binary_first_line_is_cut_or_replaced() -> std::io::Result<()> {
        // 100 characters, two bytes each: the first 80 are shown.
        let long = "é".repeat(100);
        assert_eq!(
            detect("long.csv", long.as_bytes())?,
            Err(format!(
                "CSV header: PATH: {NEITHER} \"{}\"...",
                "é".repeat(80)
            ))
        );
        // 80 characters exactly: all shown, with no `...`.
        let eighty = "x".repeat(80);
        assert_eq!(
            detect("eighty.csv", eighty.as_bytes())?,
            Err(format!("CSV header: PATH: {NEITHER} \"{eighty}\""))
        );
        // A PNG's signature: 0x89 is not UTF-8, and is replaced.
        let png = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
        assert_eq!(
            detect("image.png", &png)?,
            Err(format!("CSV header: PATH: {NEITHER} \"\u{fffd}PNG\""))
        );
        Ok(())
    }
}
