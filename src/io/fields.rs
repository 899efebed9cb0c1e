//! Records read by csv's own parser (`csv-core`) straight from a block in
//! memory, without the buffered reader's extra copy of every byte.
//!
//! The `csv` crate's reader is this same parser behind a buffer: it splits
//! fields, unquotes and counts lines the same way. Reading a block that is
//! already in memory, the buffer only adds a copy.

use std::ops::Range;

use csv::ByteRecord;
use csv_core::ReadRecordResult;

/// One record's fields, unquoted, end to end.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    bytes: Vec<u8>,
    /// Where each field ends in `bytes`.
    ends: Vec<usize>,
    /// How many fields the record has.
    len: usize,
}

impl Fields {
    /// How many fields the record has.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Where field `i` is in [`as_slice`](Fields::as_slice).
    pub(crate) fn range(&self, i: usize) -> Option<Range<usize>> {
        if i >= self.len {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(start..self.ends[i])
    }

    /// Field `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&[u8]> {
        self.range(i).map(|r| &self.bytes[r])
    }

    /// Every field's bytes, end to end.
    pub(crate) fn as_slice(&self) -> &[u8] {
        let end = self.len.checked_sub(1).map_or(0, |last| self.ends[last]);
        &self.bytes[..end]
    }

    /// The fields as a `csv` record, to write out.
    pub(crate) fn to_record(&self) -> ByteRecord {
        (0..self.len).filter_map(|i| self.get(i)).collect()
    }
}

/// The records of a slice that holds whole records.
pub(crate) struct Records<'a> {
    core: csv_core::Reader,
    input: &'a [u8],
    done: bool,
}

impl<'a> Records<'a> {
    /// Reads `input` as CSV in the `csv` crate's default dialect.
    pub(crate) fn new(input: &'a [u8]) -> Records<'a> {
        Records {
            core: csv_core::Reader::new(),
            input,
            done: false,
        }
    }

    /// The line ends read so far, quoted ones included.
    pub(crate) fn newlines(&self) -> u64 {
        self.core.line() - 1
    }

    /// Reads the next record into `fields` and returns the line it starts
    /// on, 1-based within the slice, as the `csv` crate counts it; `None`
    /// at the end.
    pub(crate) fn next_into(&mut self, fields: &mut Fields) -> Option<u64> {
        if self.done {
            return None;
        }
        let line = self.core.line();
        if fields.bytes.is_empty() {
            fields.bytes.resize(1024, 0);
        }
        if fields.ends.is_empty() {
            fields.ends.resize(64, 0);
        }
        let (mut out, mut ends) = (0, 0);
        loop {
            // An empty input tells the parser the data has ended, which
            // is so once the slice is used up.
            let (result, read, wrote, ended) = self.core.read_record(
                self.input,
                &mut fields.bytes[out..],
                &mut fields.ends[ends..],
            );
            self.input = &self.input[read..];
            out += wrote;
            ends += ended;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let grown = fields.bytes.len() * 2;
                    fields.bytes.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let grown = fields.ends.len() * 2;
                    fields.ends.resize(grown, 0);
                }
                ReadRecordResult::Record => {
                    fields.len = ends;
                    return Some(line);
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records with the lines they start on.
    type Lines = Vec<(u64, ByteRecord)>;

    /// Every record of `input` with its line, by this reader and by the
    /// `csv` crate's.
    fn both(input: &[u8]) -> (Lines, Lines) {
        let mut ours = Vec::new();
        let mut records = Records::new(input);
        let mut fields = Fields::default();
        while let Some(line) = records.next_into(&mut fields) {
            ours.push((line, fields.to_record()));
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut theirs = Vec::new();
        let mut record = ByteRecord::new();
        while let Ok(true) = reader.read_byte_record(&mut record) {
            let line = record.position().map_or(0, csv::Position::line);
            theirs.push((line, record.clone()));
        }
        (ours, theirs)
    }

    #[test]
    fn records_and_lines_are_the_csv_crates() {
        let long = "x".repeat(5000);
        let many = vec!["f"; 300].join(",");
        let inputs: Vec<Vec<u8>> = vec![
            b"a,b\nc,d\n".to_vec(),
            b"a,b\nc,d".to_vec(),
            b"a,\"b,\"\"q\"\"\nline\"\r\n\r\n\nc,,\n".to_vec(),
            b"\"open,quote\nnever closed".to_vec(),
            b"x\"y,\"z\"w\n,\n".to_vec(),
            format!("{long},{many}\n1,2\n").into_bytes(),
            Vec::new(),
            b"\n\n".to_vec(),
        ];
        for input in &inputs {
            let (ours, theirs) = both(input);
            assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(input));
        }
        let (ours, _) = both(b"a,\"b\nc\"\nd\n");
        let lines: Vec<u64> = ours.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 3]);
        let mut records = Records::new(b"a,\"b\nc\"\n\nd");
        while records.next_into(&mut Fields::default()).is_some() {}
        assert_eq!(records.newlines(), 3);
    }

    #[test]
    fn fields_give_ranges_into_their_bytes() {
        let mut records = Records::new(b"ab,,\"c\"\"d\"\n");
        let mut fields = Fields::default();
        assert_eq!(records.next_into(&mut fields), Some(1));
        assert_eq!(fields.len(), 3);
        assert_eq!(fields.as_slice(), b"abc\"d");
        assert_eq!(
            (
                fields.range(0),
                fields.range(1),
                fields.range(2),
                fields.range(3)
            ),
            (Some(0..2), Some(2..2), Some(2..5), None)
        );
        assert_eq!(fields.get(2), Some(&b"c\"d"[..]));
        assert_eq!(records.next_into(&mut fields), None);
        assert_eq!(records.next_into(&mut fields), None);
    }
}
