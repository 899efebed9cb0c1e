//! Records split straight from a block in memory, field for field as the
//! `csv` crate splits them, without its buffered reader's extra copy of
//! every byte.
//!
//! Plain records (unquoted fields, and quoted ones closed just before a
//! comma or a line end) are split from bit masks of their commas, quotes
//! and line ends, 64 bytes at a time; any other record goes to `csv-core`,
//! the parser inside the `csv` crate. Lines are counted as the file's:
//! CRLF line ends and empty lines included.

use std::ops::Range;

use csv::ByteRecord;
use csv_core::ReadRecordResult;
use wide::u8x16;

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
/// Most records are split here from bit masks (see [`split`]): unquoted fields,
/// and quoted ones whose closing quote is followed by a comma or a line
/// end. Any other record (a quote closed mid-field, an unterminated quote)
/// is read by `csv-core` itself, so every record is split as the `csv`
/// crate splits it.
pub(crate) struct Records<'a> {
    /// Made on first use: most inputs never need it, and it takes a
    /// while to build.
    core: Option<csv_core::Reader>,
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
            core: None,
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
        let (read, newlines) = match split(self.input, start, fields) {
            Some(split) => split,
            None => {
                let read = self.read_with_core(fields);
                (read, count_newlines(&self.input[..read]))
            }
        };
        let (record, rest) = self.input.split_at(read);
        self.newlines += newlines;
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
        let core = self.core.get_or_insert_with(csv_core::Reader::new);
        core.reset();
        let bytes = fields.own.capacity().max(1024);
        fields.own.resize(bytes, 0);
        let ends = fields.ends.capacity().max(64);
        fields.ends.resize(ends, 0);
        let (mut input, mut taken, mut out, mut ends) = (self.input, 0, 0, 0);
        loop {
            // An empty input tells the parser the data has ended, which
            // is so once the slice is used up.
            let (result, read, wrote, ended) =
                core.read_record(input, &mut fields.own[out..], &mut fields.ends[ends..]);
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

/// Where the bytes that matter to splitting are in up to 64 bytes: one
/// bit per byte, the first byte in the lowest bit.
#[derive(Debug, Clone, Copy)]
struct Marks {
    commas: u64,
    quotes: u64,
    lfs: u64,
    crs: u64,
}

impl Marks {
    /// The marks of `bytes` (at most 64 of them; any more are left out).
    fn of(bytes: &[u8]) -> Marks {
        let mut padded = [0u8; 64];
        let chunk: &[u8; 64] = match bytes.first_chunk::<64>() {
            Some(chunk) => chunk,
            None => {
                padded[..bytes.len()].copy_from_slice(bytes);
                &padded
            }
        };
        let mut marks = Marks {
            commas: 0,
            quotes: 0,
            lfs: 0,
            crs: 0,
        };
        for (k, lane) in chunk.chunks_exact(16).enumerate() {
            let mut bytes = [0u8; 16];
            bytes.copy_from_slice(lane);
            let lane = u8x16::new(bytes);
            let bits =
                |byte: u8| u64::from(lane.simd_eq(u8x16::splat(byte)).to_bitmask()) << (16 * k);
            marks.commas |= bits(b',');
            marks.quotes |= bits(b'"');
            marks.lfs |= bits(b'\n');
            marks.crs |= bits(b'\r');
        }
        marks
    }
}

/// Each bit set when an odd number of bits of `x` are set at or below it:
/// with `x` the quotes, the bytes inside quotes (and the opening quotes).
fn prefix_xor(mut x: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        x ^= x << shift;
    }
    x
}

/// The bits below bit `n` (`n` at most 64).
fn below(n: usize) -> u64 {
    1u64.checked_shl(u32::try_from(n).unwrap_or(64))
        .map_or(u64::MAX, |bit| bit - 1)
}

/// Splits the record that starts `input` (not at a line end), which is
/// at `offset` in the whole, into `fields`. Returns how many bytes it took,
/// line end included, and how many `\n` those hold; `None` when the record
/// is not of the plain kinds this handles: a quote that does not open and
/// close a field, an unterminated quote, or a `\r` anywhere but in the
/// record's `\r\n`.
///
/// The input is read 64 bytes at a time into bit masks of its commas,
/// quotes and line ends. Bytes inside quotes are those after an odd number
/// of quotes, so once each field's quotes are known to pair up, a comma or
/// line end outside quotes ends a field and the `csv` crate would split
/// the record the same way.
fn split(input: &[u8], offset: usize, fields: &mut Fields) -> Option<(usize, u64)> {
    fields.spans.clear();
    fields.own.clear();
    // The field being read starts at `start`, after `quotes_at_start`
    // quotes of the record.
    let mut start = 0;
    let mut quotes_at_start = 0u32;
    // Quotes, line feeds and carriage returns before the chunk.
    let (mut quotes, mut lfs, mut crs) = (0u32, 0u64, 0u32);
    // All ones when the chunk starts inside quotes.
    let mut inside = 0u64;
    let mut base = 0;
    while base < input.len() {
        let rest = &input[base..];
        let valid = below(rest.len());
        let marks = Marks::of(rest);
        let quoted = prefix_xor(marks.quotes) ^ inside;
        inside = 0u64.wrapping_sub(quoted >> 63);
        let mut ends = (marks.commas | marks.lfs) & !quoted & valid;
        while ends != 0 {
            let bit = ends.trailing_zeros() as usize;
            ends &= ends - 1;
            let at = base + bit;
            let quotes_at = if marks.quotes == 0 {
                quotes
            } else {
                quotes + (marks.quotes & below(bit)).count_ones()
            };
            if marks.commas & (1 << bit) != 0 {
                push(
                    input,
                    offset,
                    (start, at),
                    quotes_at - quotes_at_start,
                    fields,
                )?;
                start = at + 1;
                quotes_at_start = quotes_at;
                continue;
            }
            // The line end: a `\r` just before it is part of it, and any
            // other is csv-core's to read.
            let crs_before = match marks.crs {
                0 => crs,
                here => crs + (here & below(bit)).count_ones(),
            };
            let stop = if at > start && input[at - 1] == b'\r' {
                at - 1
            } else {
                at
            };
            if crs_before != u32::from(stop != at) {
                return None;
            }
            push(
                input,
                offset,
                (start, stop),
                quotes_at - quotes_at_start,
                fields,
            )?;
            let lfs = lfs + u64::from((marks.lfs & below(bit + 1)).count_ones());
            return Some((at + 1, lfs));
        }
        // Counted only when there are any: without a popcnt instruction
        // in the baseline target, a count takes a dozen.
        if marks.quotes | marks.lfs | marks.crs != 0 {
            quotes += (marks.quotes & valid).count_ones();
            lfs += u64::from((marks.lfs & valid).count_ones());
            crs += (marks.crs & valid).count_ones();
        }
        base += 64;
    }
    // The input ends without a line end: an unterminated quote, or a `\r`
    // (which csv-core takes for a line end), is csv-core's to read.
    if inside != 0 || crs != 0 {
        return None;
    }
    push(
        input,
        offset,
        (start, input.len()),
        quotes - quotes_at_start,
        fields,
    )?;
    Some((input.len(), lfs))
}

/// Adds the field at `start..stop` of `input`, which holds `quotes`
/// quotes: unquoted, or quoted with its quotes undone. `None` when its
/// quotes do not open and close it with only `""` between.
#[inline(always)]
fn push(
    input: &[u8],
    offset: usize,
    (start, stop): (usize, usize),
    quotes: u32,
    fields: &mut Fields,
) -> Option<()> {
    if quotes == 0 {
        fields.spans.push(Span {
            range: (offset + start, offset + stop),
            own: false,
        });
        Some(())
    } else {
        push_quoted(&input[start..stop], offset + start, quotes, fields)
    }
}

/// [`push`] for a `field` with `quotes` quotes, found at `at` in the
/// whole.
fn push_quoted(field: &[u8], at: usize, quotes: u32, fields: &mut Fields) -> Option<()> {
    let inner = field.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if quotes == 2 {
        fields.spans.push(Span {
            range: (at + 1, at + 1 + inner.len()),
            own: false,
        });
        return Some(());
    }
    // `""` stands for `"`: the field gets a text of its own.
    let from = fields.own.len();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'"', &inner[at..]) {
        let quote = at + found;
        if inner.get(quote + 1) != Some(&b'"') {
            fields.own.truncate(from);
            return None;
        }
        fields.own.extend_from_slice(&inner[copied..=quote]);
        copied = quote + 2;
        at = quote + 2;
    }
    fields.own.extend_from_slice(&inner[copied..]);
    fields.spans.push(Span {
        range: (from, fields.own.len()),
        own: true,
    });
    Some(())
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
                proptest::collection::vec(proptest::sample::select(tokens), 0..300)
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
