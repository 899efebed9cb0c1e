//! Records split straight from a block in memory, field for field as the
//! `csv` crate splits them, without its buffered reader's extra copy of
//! every byte.
//!
//! Plain records (unquoted fields, and quoted ones closed just before a
//! comma or a line end) are split with a byte search; any other record
//! goes to `csv-core`, the parser inside the `csv` crate. Lines are
//! counted as the file's: CRLF line ends and empty lines included.

use std::ops::Range;

use csv::ByteRecord;
use csv_core::ReadRecordResult;

/// Where a field's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    /// The field's bytes: in the input, or in the record's own text.
    pub(crate) range: (usize, usize),
    /// Whether the bytes are in [`Fields::own`]: a field whose quotes had
    /// to be undone.
    pub(crate) own: bool,
}

/// One record's fields: most are where they are in the input; those whose
/// quotes had to be undone (`""` for `"`) are in a text of the record's
/// own.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    spans: Vec<Span>,
    own: Vec<u8>,
    /// Where each field `csv-core` read ends in `own`.
    ends: Vec<usize>,
    /// Where the record is in the input, line end left out.
    record: (usize, usize),
}

impl Fields {
    /// How many fields the record has.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Where field `i` is.
    pub(crate) fn span(&self, i: usize) -> Option<Span> {
        self.spans.get(i).copied()
    }

    /// The text the fields marked [`Span::own`] are in.
    pub(crate) fn own(&self) -> &[u8] {
        &self.own
    }

    /// Where the record is in the input.
    pub(crate) fn record(&self) -> Range<usize> {
        self.record.0..self.record.1
    }

    /// Field `i` of the record read from `input`.
    pub(crate) fn get<'s>(&'s self, input: &'s [u8], i: usize) -> Option<&'s [u8]> {
        let span = self.span(i)?;
        let (start, end) = span.range;
        if span.own {
            self.own.get(start..end)
        } else {
            input.get(start..end)
        }
    }

    /// The fields as a `csv` record, to write out.
    pub(crate) fn to_record(&self, input: &[u8]) -> ByteRecord {
        (0..self.len()).filter_map(|i| self.get(input, i)).collect()
    }
}

/// The records of a slice that holds whole records.
///
/// Most records are split here with a fast byte search: unquoted fields,
/// and quoted ones whose closing quote is followed by a comma or a line
/// end. Any other record (a quote closed mid-field, an unterminated quote)
/// is read by `csv-core` itself, so every record is split as the `csv`
/// crate splits it.
pub(crate) struct Records<'a> {
    core: csv_core::Reader,
    input: &'a [u8],
    /// Where `input` starts in the whole.
    at: usize,
    /// Line ends read so far.
    newlines: u64,
}

impl<'a> Records<'a> {
    /// Reads `input` as CSV in the `csv` crate's default dialect.
    pub(crate) fn new(input: &'a [u8]) -> Records<'a> {
        Records {
            core: csv_core::Reader::new(),
            input,
            at: 0,
            newlines: 0,
        }
    }

    /// The line ends read so far, quoted ones included.
    pub(crate) fn newlines(&self) -> u64 {
        self.newlines
    }

    /// Reads the next record into `fields` and returns the line it starts
    /// on, 1-based within the slice; `None` at the end. Empty lines are
    /// skipped, as the `csv` crate skips them.
    pub(crate) fn next_into(&mut self, fields: &mut Fields) -> Option<u64> {
        // Line ends left before the record: empty lines, or the `\n` of a
        // `\r\n` that ended the record before.
        let blank = self
            .input
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let (skipped, rest) = self.input.split_at(blank);
        self.newlines += count_newlines(skipped);
        self.input = rest;
        self.at += blank;
        if self.input.is_empty() {
            return None;
        }
        let line = self.newlines + 1;
        let start = self.at;
        let read = match split(self.input, start, fields) {
            Some(read) => read,
            None => self.read_with_core(fields),
        };
        let (record, rest) = self.input.split_at(read);
        self.newlines += count_newlines(record);
        self.input = rest;
        self.at += read;
        let body = record.strip_suffix(b"\n").unwrap_or(record);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        fields.record = (start, start + body.len());
        Some(line)
    }

    /// Reads the record that starts `input` with `csv-core`, and returns
    /// how many bytes it took.
    fn read_with_core(&mut self, fields: &mut Fields) -> usize {
        self.core.reset();
        let bytes = fields.own.capacity().max(1024);
        fields.own.resize(bytes, 0);
        let ends = fields.ends.capacity().max(64);
        fields.ends.resize(ends, 0);
        let (mut input, mut taken, mut out, mut ends) = (self.input, 0, 0, 0);
        loop {
            // An empty input tells the parser the data has ended, which
            // is so once the slice is used up.
            let (result, read, wrote, ended) =
                self.core
                    .read_record(input, &mut fields.own[out..], &mut fields.ends[ends..]);
            input = &input[read..];
            taken += read;
            out += wrote;
            ends += ended;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let grown = fields.own.len() * 2;
                    fields.own.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let grown = fields.ends.len() * 2;
                    fields.ends.resize(grown, 0);
                }
                ReadRecordResult::Record | ReadRecordResult::End => {
                    fields.own.truncate(out);
                    fields.spans.clear();
                    let mut start = 0;
                    for &end in &fields.ends[..ends] {
                        fields.spans.push(Span {
                            range: (start, end),
                            own: true,
                        });
                        start = end;
                    }
                    return taken;
                }
            }
        }
    }
}

/// The `\n` bytes of `bytes`.
fn count_newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Splits the record that starts `input` (not at a line end), which is
/// at `offset` in the whole, into `fields`, in one pass over the positions
/// of its commas, quotes and line end. Returns how many bytes it took,
/// line end included; `None` when the record is not of the plain kinds
/// this handles: a quote closed mid-field, an unterminated quote, or a
/// `\r` anywhere but in the record's `\r\n`.
fn split(input: &[u8], offset: usize, fields: &mut Fields) -> Option<usize> {
    fields.spans.clear();
    fields.own.clear();
    let direct = |start: usize, end: usize| Span {
        range: (offset + start, offset + end),
        own: false,
    };
    // The field being read starts at `start`; in a quoted one, the text
    // from `copied` on is not yet in `own` (used once a `""` is met).
    let mut start = 0;
    let mut quoted = input.first() == Some(&b'"');
    let mut copied = 1;
    let mut own: Option<usize> = None;
    // Positions already dealt with: an opening quote, the second quote of
    // a `""`, the comma after a closing quote.
    let mut skip = usize::from(quoted);
    let mut end = None;
    // Where the `\r` of a `\r\n` ending the record is.
    let mut cr = None;
    for at in memchr::memchr3_iter(b',', b'"', b'\n', input) {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        match (quoted, input[at]) {
            (true, b'"') if input.get(at + 1) == Some(&b'"') => {
                own.get_or_insert(fields.own.len());
                fields.own.extend_from_slice(&input[copied..=at]);
                copied = at + 2;
                skip = 1;
            }
            (true, b'"') => {
                fields.spans.push(match own.take() {
                    Some(from) => {
                        fields.own.extend_from_slice(&input[copied..at]);
                        Span {
                            range: (from, fields.own.len()),
                            own: true,
                        }
                    }
                    None => direct(copied, at),
                });
                match input.get(at + 1) {
                    Some(b',') => {
                        start = at + 2;
                        quoted = input.get(start) == Some(&b'"');
                        copied = start + 1;
                        skip = 1 + usize::from(quoted);
                    }
                    Some(b'\n') => {
                        end = Some(at + 2);
                        break;
                    }
                    Some(b'\r') if input.get(at + 2) == Some(&b'\n') => {
                        cr = Some(at + 1);
                        end = Some(at + 3);
                        break;
                    }
                    None => {
                        end = Some(at + 1);
                        break;
                    }
                    // Text after a closing quote, or a lone `\r`.
                    Some(_) => return None,
                }
            }
            // Commas and line ends inside quotes are text, and so are
            // quotes inside an unquoted field.
            (true, _) | (false, b'"') => {}
            (false, b',') => {
                fields.spans.push(direct(start, at));
                start = at + 1;
                quoted = input.get(start) == Some(&b'"');
                copied = start + 1;
                skip = usize::from(quoted);
            }
            (false, _) => {
                let stop = if at > start && input[at - 1] == b'\r' {
                    cr = Some(at - 1);
                    at - 1
                } else {
                    at
                };
                fields.spans.push(direct(start, stop));
                end = Some(at + 1);
                break;
            }
        }
    }
    let end = match end {
        Some(end) => end,
        // An unterminated quote runs to the end: csv-core's to read.
        None if quoted => return None,
        None => {
            fields.spans.push(direct(start, input.len()));
            input.len()
        }
    };
    // Any other `\r` ends a record outside quotes and is text inside
    // them: csv-core tells which.
    if memchr::memchr(b'\r', &input[..cr.unwrap_or(end)]).is_some() {
        return None;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every record of `input` with its line, by this reader.
    fn ours(input: &[u8]) -> (Vec<(u64, ByteRecord)>, u64) {
        let mut out = Vec::new();
        let mut records = Records::new(input);
        let mut fields = Fields::default();
        while let Some(line) = records.next_into(&mut fields) {
            out.push((line, fields.to_record(input)));
        }
        (out, records.newlines())
    }

    /// Every record of `input`, by the `csv` crate's reader.
    fn theirs(input: &[u8]) -> Vec<ByteRecord> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut out = Vec::new();
        let mut record = ByteRecord::new();
        while let Ok(true) = reader.read_byte_record(&mut record) {
            out.push(record.clone());
        }
        out
    }

    fn fields_of(records: &[(u64, ByteRecord)]) -> Vec<ByteRecord> {
        records.iter().map(|(_, r)| r.clone()).collect()
    }

    #[test]
    fn records_are_the_csv_crates_and_lines_are_the_files() {
        let long = "x".repeat(5000);
        let many = vec!["f"; 300].join(",");
        let cases: Vec<(Vec<u8>, Vec<u64>)> = vec![
            (b"a,b\nc,d\n".to_vec(), vec![1, 2]),
            (b"a,b\nc,d".to_vec(), vec![1, 2]),
            // CRLF, quoted line ends and empty lines: lines as in the file.
            (b"h\r\na\r\nb\r\n".to_vec(), vec![1, 2, 3]),
            (
                b"a,\"b,\"\"q\"\"\nline\"\r\n\r\n\nc,,\n".to_vec(),
                vec![1, 5],
            ),
            // An unterminated quote runs to the end.
            (b"\"open,quote\nnever closed".to_vec(), vec![1]),
            // A quote closed mid-field, and quotes inside unquoted text.
            (b"x\"y,\"z\"w\n,\n".to_vec(), vec![1, 2]),
            (format!("{long},{many}\n1,2\n").into_bytes(), vec![1, 2]),
            (Vec::new(), vec![]),
            (b"\n\n".to_vec(), vec![]),
            (b"a,\n\"\"\n\"\"\"\"".to_vec(), vec![1, 2, 3]),
        ];
        for (input, lines) in &cases {
            let (records, newlines) = ours(input);
            let text = String::from_utf8_lossy(input);
            assert_eq!(fields_of(&records), theirs(input), "{text:?}");
            let found: Vec<u64> = records.iter().map(|(line, _)| *line).collect();
            assert_eq!(&found, lines, "{text:?}");
            assert_eq!(newlines, count_newlines(input), "{text:?}");
        }
    }

    /// Text of letters, commas, quotes, spaces and line ends: `\n` only,
    /// `\r\n` too, or `\r` alone too; with whether every `\r` is in a
    /// `\r\n`.
    fn text() -> impl Strategy<Value = (Vec<u8>, bool)> {
        const PLAIN: [&[u8]; 6] = [b"a", b"b", b",", b"\"", b" ", b"\n"];
        (0..3usize).prop_flat_map(|ends| {
            let mut tokens = PLAIN.to_vec();
            match ends {
                0 => {}
                1 => tokens.push(b"\r\n"),
                _ => tokens.push(b"\r"),
            }
            (
                proptest::collection::vec(proptest::sample::select(tokens), 0..100)
                    .prop_map(|tokens| tokens.concat()),
                Just(ends < 2),
            )
        })
    }

    proptest! {
        /// Whatever the text, the fields are the csv crate's, every line
        /// end is counted, and each record starts on a later line than
        /// the one before, or on the same one after a lone `\r` (which
        /// ends a record but not a line).
        #[test]
        fn any_text_splits_as_the_csv_crate_splits_it((input, crlf_only) in text()) {
            let (records, newlines) = ours(&input);
            prop_assert_eq!(fields_of(&records), theirs(&input));
            prop_assert_eq!(newlines, count_newlines(&input));
            let rising = |w: &[(u64, ByteRecord)]| {
                if crlf_only { w[0].0 < w[1].0 } else { w[0].0 <= w[1].0 }
            };
            prop_assert!(records.windows(2).all(rising));
        }
    }

    #[test]
    fn fields_stay_in_the_input_unless_their_quotes_are_undone() {
        let input = b"ab,,\"c\"\"d\",\"e\"\r\n";
        let mut records = Records::new(input);
        let mut fields = Fields::default();
        assert_eq!(records.next_into(&mut fields), Some(1));
        assert_eq!(fields.len(), 4);
        let spans: Vec<Span> = (0..5).filter_map(|i| fields.span(i)).collect();
        let at = |start, end| Span {
            range: (start, end),
            own: false,
        };
        let own = Span {
            range: (0, 3),
            own: true,
        };
        assert_eq!(spans, [at(0, 2), at(3, 3), own, at(12, 13)]);
        assert_eq!(fields.own(), b"c\"d");
        assert_eq!(fields.get(input, 2), Some(&b"c\"d"[..]));
        assert_eq!(fields.record(), 0..14);
        assert_eq!(records.next_into(&mut fields), None);
        assert_eq!(records.next_into(&mut fields), None);
    }
}
