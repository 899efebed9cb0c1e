//! The columns of UCDP GED's layouts, and the spellings of their values.

use time::Date;

use crate::io::record::columns;
use crate::io::text::iso_date;
use crate::io::ucdp::{BoolForm, DateForm, Layout};

columns! {
    /// A column of UCDP GED, in the official release's order.
    enum Column {
        Id = "id",
        Relid = "relid",
        Year = "year",
        ActiveYear = "active_year",
        CodeStatus = "code_status",
        TypeOfViolence = "type_of_violence",
        ConflictDsetId = "conflict_dset_id",
        ConflictNewId = "conflict_new_id",
        ConflictName = "conflict_name",
        DyadDsetId = "dyad_dset_id",
        DyadNewId = "dyad_new_id",
        DyadName = "dyad_name",
        SideADsetId = "side_a_dset_id",
        SideANewId = "side_a_new_id",
        SideA = "side_a",
        SideBDsetId = "side_b_dset_id",
        SideBNewId = "side_b_new_id",
        SideB = "side_b",
        NumberOfSources = "number_of_sources",
        SourceArticle = "source_article",
        SourceOffice = "source_office",
        SourceDate = "source_date",
        SourceHeadline = "source_headline",
        SourceOriginal = "source_original",
        WherePrec = "where_prec",
        WhereCoordinates = "where_coordinates",
        WhereDescription = "where_description",
        Adm1 = "adm_1",
        Adm2 = "adm_2",
        Latitude = "latitude",
        Longitude = "longitude",
        GeomWkt = "geom_wkt",
        PriogridGid = "priogrid_gid",
        Country = "country",
        CountryId = "country_id",
        Region = "region",
        EventClarity = "event_clarity",
        DatePrec = "date_prec",
        DateStart = "date_start",
        DateEnd = "date_end",
        DeathsA = "deaths_a",
        DeathsB = "deaths_b",
        DeathsCivilians = "deaths_civilians",
        DeathsUnknown = "deaths_unknown",
        Best = "best",
        High = "high",
        Low = "low",
        Gwnoa = "gwnoa",
        Gwnob = "gwnob",
    }
    every: OFFICIAL;
    /// The header name in the official release.
    fn official_name;
}

use Column::*;

/// The website export's columns: the official ones without `gwnoa`, `gwnob`.
const WEB_EXPORT: [Column; 47] = {
    let mut out = [Id; 47];
    let mut i = 0;
    while i < 47 {
        out[i] = OFFICIAL[i];
        i += 1;
    }
    out
};

/// The columns a file may lack: the website export has no `gwnoa`, `gwnob`.
pub(crate) const OPTIONAL: [Column; 2] = [Gwnoa, Gwnob];

impl Column {
    /// The header name in `layout`.
    pub(crate) const fn name(self, layout: Layout) -> &'static str {
        match (self, layout) {
            (Best, Layout::WebExport) => "best_est",
            (High, Layout::WebExport) => "high_est",
            (Low, Layout::WebExport) => "low_est",
            _ => self.official_name(),
        }
    }

    /// The column a header name stands for, and the layout that spells it
    /// so when only one does.
    pub(crate) fn from_name(name: &str) -> Option<(Column, Option<Layout>)> {
        match name {
            "best_est" => Some((Best, Some(Layout::WebExport))),
            "high_est" => Some((High, Some(Layout::WebExport))),
            "low_est" => Some((Low, Some(Layout::WebExport))),
            "best" => Some((Best, Some(Layout::Official))),
            "high" => Some((High, Some(Layout::Official))),
            "low" => Some((Low, Some(Layout::Official))),
            _ => OFFICIAL
                .iter()
                .find(|c| c.official_name() == name)
                .map(|&c| (c, None)),
        }
    }
}

impl Layout {
    /// The header names, in the order the layout writes them.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Layout::Official => &OFFICIAL_NAMES,
            Layout::WebExport => &WEB_EXPORT_NAMES,
        }
    }

    pub(crate) fn column_list(self) -> &'static [Column] {
        match self {
            Layout::Official => OFFICIAL,
            Layout::WebExport => &WEB_EXPORT,
        }
    }
}

const OFFICIAL_NAMES: [&str; 49] = {
    let mut out = [""; 49];
    let mut i = 0;
    while i < 49 {
        out[i] = OFFICIAL[i].name(Layout::Official);
        i += 1;
    }
    out
};

const WEB_EXPORT_NAMES: [&str; 47] = {
    let mut out = [""; 47];
    let mut i = 0;
    while i < 47 {
        out[i] = WEB_EXPORT[i].name(Layout::WebExport);
        i += 1;
    }
    out
};

/// A date in any of the spellings of [`DateForm`], and which it was.
pub(crate) fn parse_date(text: &str) -> Option<(Date, DateForm)> {
    if !text.is_ascii() {
        return None;
    }
    let b = text.as_bytes();
    if b.len() == 19 && b[2] == b'/' && b[5] == b'/' {
        // MM/DD/YYYY 00:00:00, rearranged as YYYY-MM-DD.
        if &b[10..] != b" 00:00:00" {
            return None;
        }
        let mut iso = *b"YYYY-MM-DD";
        iso[0..4].copy_from_slice(&b[6..10]);
        iso[5..7].copy_from_slice(&b[0..2]);
        iso[8..10].copy_from_slice(&b[3..5]);
        let date = iso_date(std::str::from_utf8(&iso).ok()?)?;
        return Some((date, DateForm::UsDateTime));
    }
    let date = iso_date(text.get(..10)?)?;
    let form = match &text[10..] {
        "" => DateForm::Date,
        " 00:00:00" => DateForm::DateTime,
        " 00:00:00.000" => DateForm::DateTimeMillis,
        "T00:00:00" => DateForm::DateTimeT,
        _ => return None,
    };
    Some((date, form))
}

/// `date` spelled as `form`.
pub(crate) fn format_date(date: Date, form: DateForm) -> String {
    let (y, m, d) = (date.year(), u8::from(date.month()), date.day());
    match form {
        DateForm::Date => format!("{y:04}-{m:02}-{d:02}"),
        DateForm::DateTime => format!("{y:04}-{m:02}-{d:02} 00:00:00"),
        DateForm::DateTimeMillis => format!("{y:04}-{m:02}-{d:02} 00:00:00.000"),
        DateForm::DateTimeT => format!("{y:04}-{m:02}-{d:02}T00:00:00"),
        DateForm::UsDateTime => format!("{m:02}/{d:02}/{y:04} 00:00:00"),
    }
}

/// A boolean in any of the spellings of [`BoolForm`], and which it was.
pub(crate) fn parse_bool(text: &str) -> Option<(bool, BoolForm)> {
    match text {
        "True" => Some((true, BoolForm::Word)),
        "False" => Some((false, BoolForm::Word)),
        "1" => Some((true, BoolForm::Digit)),
        "0" => Some((false, BoolForm::Digit)),
        "true" => Some((true, BoolForm::Lowercase)),
        "false" => Some((false, BoolForm::Lowercase)),
        _ => None,
    }
}

/// `value` spelled as `form`.
pub(crate) fn format_bool(value: bool, form: BoolForm) -> &'static str {
    match (form, value) {
        (BoolForm::Word, true) => "True",
        (BoolForm::Word, false) => "False",
        (BoolForm::Digit, true) => "1",
        (BoolForm::Digit, false) => "0",
        (BoolForm::Lowercase, true) => "true",
        (BoolForm::Lowercase, false) => "false",
    }
}

/// A coordinate and the number of decimals that writes it back as `text`,
/// `None` when no fixed number does (`.5`, `1e1`).
pub(crate) fn parse_coordinate(text: &str) -> Option<(f64, Option<u8>)> {
    let value: f64 = text.parse().ok()?;
    let decimals = text
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    let fixed = u8::try_from(decimals)
        .ok()
        .filter(|&d| format!("{value:.*}", usize::from(d)) == text);
    Some((value, fixed))
}

/// `value` with `decimals` decimals, or its shortest text when `None`.
pub(crate) fn format_coordinate(value: f64, decimals: Option<u8>) -> String {
    match decimals {
        Some(d) => format!("{value:.*}", usize::from(d)),
        None => value.to_string(),
    }
}

/// A whole number written without sign or leading zeros, as UCDP writes
/// its counts and ids, so that it is written back the same.
pub(crate) fn whole(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    let canonical = match b {
        [] => false,
        [b'0'] => true,
        [first, ..] => *first != b'0' && b.len() <= 19,
    };
    if canonical && b.iter().all(u8::is_ascii_digit) {
        text.parse().ok()
    } else {
        None
    }
}

/// `number_of_sources`: a whole number, or the negative code (`-1`) UCDP
/// writes when it did not count the sources.
pub(crate) fn source_count(text: &str) -> Option<i32> {
    match text.strip_prefix('-') {
        Some(digits) => whole(digits)
            .filter(|&n| n > 0)
            .and_then(|n| i32::try_from(n).ok())
            .map(|n| -n),
        None => whole(text).and_then(|n| i32::try_from(n).ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn every_date_spelling_round_trips() {
        for text in [
            "2010-05-13",
            "2010-05-13 00:00:00",
            "2010-05-13 00:00:00.000",
            "2010-05-13T00:00:00",
            "05/13/2010 00:00:00",
        ] {
            let (date, form) = parse_date(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(date, date!(2010 - 05 - 13));
            assert_eq!(format_date(date, form), text);
        }
        for text in [
            "13/05/2010 00:00:00",
            "2010-05-13 12:00:00",
            "05/13/2010",
            "2010-02-30",
            "2010-05-13Z",
            "",
            "é5/13/2010 00:00:0",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn booleans_and_coordinates_keep_their_spelling() {
        for text in ["True", "False", "1", "0", "true", "false"] {
            let (value, form) = parse_bool(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(format_bool(value, form), text);
        }
        assert_eq!(parse_bool("yes"), None);
        for text in ["15.605000", "-0.649190", "15", "-0.000000", "3.386389"] {
            let (value, decimals) = parse_coordinate(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(format_coordinate(value, decimals), text);
        }
        assert_eq!(parse_coordinate(".5"), Some((0.5, None)));
        assert_eq!(format_coordinate(0.5, None), "0.5");
    }

    #[test]
    fn whole_numbers_are_canonical() {
        assert_eq!(whole("0"), Some(0));
        assert_eq!(whole("235799"), Some(235_799));
        for text in ["", "01", "-9", "+1", "1.0", " 1", "99999999999999999999"] {
            assert_eq!(whole(text), None, "{text}");
        }
        assert_eq!(source_count("-1"), Some(-1));
        assert_eq!(source_count("17"), Some(17));
        for text in ["-0", "--1", "-", "", "-01"] {
            assert_eq!(source_count(text), None, "{text}");
        }
    }

    #[test]
    fn layouts_name_their_columns() {
        assert_eq!(
            Layout::Official.columns()[44..],
            ["best", "high", "low", "gwnoa", "gwnob"]
        );
        assert_eq!(
            Layout::WebExport.columns()[44..],
            ["best_est", "high_est", "low_est"]
        );
        assert_eq!(Column::from_name("adm_1"), Some((Adm1, None)));
        assert_eq!(
            Column::from_name("best_est"),
            Some((Best, Some(Layout::WebExport)))
        );
        assert_eq!(Column::from_name("notes"), None);
    }
}
