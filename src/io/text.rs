//! Text handling shared by the readers and writers: interning, dates,
//! numbers, and spreadsheet-formula neutralisation.

use std::hash::BuildHasher;

use arcstr::ArcStr;
use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};
use time::{Date, Month};

/// Shares one [`ArcStr`] among all equal strings read.
///
/// The strings are found by their own text, so that finding one and
/// sharing it touch the same memory.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    strings: HashTable<ArcStr>,
}

impl Interner {
    /// The shared copy of `text`.
    pub(crate) fn get(&mut self, text: &str) -> ArcStr {
        if text.is_empty() {
            return ArcStr::new();
        }
        let hash = FxBuildHasher.hash_one(text);
        if let Some(shared) = self.strings.find(hash, |s| s.as_str() == text) {
            return shared.clone();
        }
        let shared = ArcStr::from(text);
        self.strings
            .insert_unique(hash, shared.clone(), |s| FxBuildHasher.hash_one(s.as_str()));
        shared
    }
}

/// Remembers what each distinct text parsed to, so that a column with a
/// few dozen distinct values is parsed a few dozen times, not once a row.
#[derive(Debug)]
pub(crate) struct ParseCache<T> {
    seen: FxHashMap<Box<str>, Option<T>>,
}

impl<T> Default for ParseCache<T> {
    fn default() -> Self {
        ParseCache {
            seen: FxHashMap::default(),
        }
    }
}

impl<T: Copy> ParseCache<T> {
    /// `parse(text)`, computed once per distinct `text`.
    pub(crate) fn get(&mut self, text: &str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        if let Some(value) = self.seen.get(text) {
            return *value;
        }
        let value = parse(text);
        self.seen.insert(text.into(), value);
        value
    }
}

/// `YYYY-MM-DD`, the only date form ACLED exports.
pub(crate) fn iso_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// The value of a run of ASCII digits, `None` if any byte is not one.
pub(crate) fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    b.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// Characters that make a spreadsheet treat a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `text`, past any leading apostrophes, starts like a formula.
fn guarded(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// `text`, with an apostrophe in front when it starts like a formula.
///
/// OWASP's advice for CSV injection: a cell starting with `=`, `+`, `-`,
/// `@`, tab or carriage return is run as a formula by Excel, LibreOffice
/// and Google Sheets; a leading `'` makes it text. Text that already
/// starts with apostrophes before such a character gets one more, so that
/// [`unneutralise`] gives back exactly the original.
pub(crate) fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if guarded(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Undoes [`neutralise`]: drops one apostrophe from text that, past its
/// apostrophes, starts like a formula.
pub(crate) fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if guarded(text) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn iso_dates_parse_and_impossible_ones_do_not() {
        assert_eq!(iso_date("2024-02-29"), Some(date!(2024 - 02 - 29)));
        assert_eq!(iso_date("2024-02-30"), None);
        assert_eq!(iso_date("2023-13-01"), None);
        assert_eq!(iso_date("31/12/2023"), None);
        assert_eq!(iso_date("2023-1-01"), None);
        assert_eq!(iso_date("+023-01-01"), None);
        assert_eq!(iso_date(""), None);
    }

    #[test]
    fn formulas_are_neutralised_and_restored() {
        for cell in ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx"] {
            let safe = neutralise(cell);
            assert_eq!(safe, format!("'{cell}"));
            assert_eq!(unneutralise(&safe), cell);
        }
        assert_eq!(neutralise("JNIM"), "JNIM");
        assert_eq!(unneutralise("'quoted'"), "'quoted'");
        for cell in ["'=1+1 is text", "''@x", "'quoted'", "-"] {
            assert_eq!(unneutralise(&neutralise(cell)), cell);
        }
    }

    #[test]
    fn interned_strings_are_shared() {
        let mut interner = Interner::default();
        let a = interner.get("Western Africa");
        let b = interner.get("Western Africa");
        assert!(ArcStr::ptr_eq(&a, &b));
        assert_eq!(interner.get(""), "");
    }
}
