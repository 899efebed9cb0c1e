//! Reading ACLED CSV into a dataset, quarantining the rows that fail.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use arcstr::ArcStr;
use csv::ByteRecord;
use hashbrown::HashTable;
use rustc_hash::FxHashMap;
use std::hash::BuildHasher;

use super::columns::{ALL, Column, Layout, REQUIRED};
use super::write::row_text;
use crate::dataset::builder::{Renumbering, SortKey, Usage, arrange, canonical_order, external_id};
use crate::io::blocks::{Block, Blocks, run};
use crate::io::fields::{Fields, Records};
use crate::io::record::{self, bad, csv_error, raw_text, read_error};
use crate::io::text::{Interner, ParseCache, digits, iso_date, unneutralise};
use crate::io::{Import, Progress, Quarantined, ReadOptions};
use crate::model::origin::acled::{AcledCommon, AcledLegacy, AcledOwn};
use crate::{
    AcledFields, Actor, ActorKind, AdminLevel, Confidence, CountryCode, DatasetBuilder, DateSpan,
    Error, Estimate, ExternalId, Group, GroupId, GroupKind, IdScheme, Incident, InterForm, Origin,
    Region, RegionId, Role, Side,
};

/// Reads the ACLED file at `path`.
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read, [`Error::Header`] when its
/// header is not ACLED's, and [`Error::Row`] for the first bad row when
/// `options` are strict.
pub fn read_path(path: impl AsRef<Path>, options: ReadOptions<'_>) -> Result<Import, Error> {
    let path = path.as_ref();
    let file = File::open(path).map_err(|e| read_error(&path.display().to_string(), e))?;
    let size = file.metadata().ok().map(|m| m.len());
    read_named(file, options, &path.display().to_string(), size)
}

/// Reads ACLED CSV from `input`.
///
/// ```
/// use conflict_events::io::{ReadOptions, acled};
///
/// let csv = "\
/// event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
/// MLI1,2026-01-11,2026,1,Political violence,Violence against civilians,Abduction/forced disappearance,JNIM: Group for Support of Islam and Muslims,,Rebel group,Civilians (Mali),,Civilians,Rebel group-Civilians,Civilian targeting,466,Western Africa,Mali,Kayes,Bafoulabe,,Bafoulabe,13.8065,-10.8321,2,Koaci,International,Three employees abducted.,0,,1768262400
/// MLI2,2026-02-30,2026,1,Political violence,Battles,Armed clash,X,,Rebel group,,,,Rebel group only,,466,Western Africa,Mali,Kayes,,,Kayes,14.4,-11.4,1,Y,National,z,0,,1768262400
/// ";
/// let import = acled::read(csv.as_bytes(), ReadOptions::new())?;
/// assert_eq!((import.rows_read(), import.accepted()), (2, 1));
/// assert_eq!(
///     import.quarantined()[0].to_string(),
///     "line 3, column event_date: expected YYYY-MM-DD, found \"2026-02-30\""
/// );
/// # Ok::<(), conflict_events::Error>(())
/// ```
///
/// # Errors
///
/// As [`read_path`].
pub fn read(input: impl Read, options: ReadOptions<'_>) -> Result<Import, Error> {
    read_named(input, options, "input", None)
}

/// Reads `input`: the header here, the rows in blocks on
/// [`ReadOptions::threads`] threads, then one dataset from their parts.
fn read_named(
    input: impl Read,
    mut options: ReadOptions<'_>,
    name: &str,
    size: Option<u64>,
) -> Result<Import, Error> {
    let mut blocks = Blocks::new(input);
    let head = blocks.peek().map_err(|e| read_error(name, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(head);
    let mut header = ByteRecord::new();
    match reader.read_byte_record(&mut header) {
        Ok(true) => {}
        Ok(false) => {
            return Err(Error::Header {
                format: "ACLED",
                reason: "the input is empty".into(),
            });
        }
        Err(e) => return Err(csv_error("ACLED", name, e)),
    }
    let header_end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
    let columns = Columns::from_header(&header)?;
    blocks.skip(header_end);

    let spare = Spare::default();
    let workers = (0..options.thread_count())
        .map(|_| Loader {
            spare: spare.clone(),
            ..Loader::new(columns.clone())
        })
        .collect();
    let mut rows_read = 0u64;
    let mut merged = Merged::default();
    // The line the next block starts on.
    let mut line = blocks.first_line();
    let workers = run(
        blocks,
        workers,
        |loader: &mut Loader, block| loader.block(block),
        |span, worker, mut part: Part| {
            rows_read += part.rows;
            if span.index == 0 {
                // Size the list once from the first block, rather than
                // doubling it (and holding two copies) as it grows.
                if let (Some(size), Some(per_row)) = (size, span.end.checked_div(part.rows.max(1)))
                {
                    let rows = usize::try_from(size / per_row.max(1)).unwrap_or(0);
                    merged.reserve(rows.saturating_add(rows / 20));
                }
            }
            // The part's lines count from its block's first, as 1.
            let to_file = line - 1;
            line += part.newlines;
            for line in &mut part.lines {
                *line += to_file;
            }
            for q in &mut part.quarantined {
                q.line += to_file;
            }
            merged.add(worker, &mut part);
            spare.give(part);
            options.report(Progress {
                rows: rows_read,
                bytes: span.end,
            });
        },
    )
    .map_err(|e| read_error(name, e))?;
    let (builder, mut quarantined) = merge(columns, workers, merged);
    quarantined.sort_by_key(|q| q.line);
    if options.strict {
        if let Some(first) = quarantined.into_iter().next() {
            return Err(Error::Row(first));
        }
        quarantined = Vec::new();
    }
    // Every rule a dataset checks was checked row by row (the groups and
    // regions are the loader's own) and the incidents are in canonical,
    // so date, order: the dataset is built without a second pass; debug
    // builds check both claims.
    debug_assert_eq!(crate::Validate::validation_errors(&builder), []);
    let dataset = crate::Dataset::from_sorted(builder);
    Ok(Import {
        dataset,
        rows_read,
        quarantined,
        warnings: Vec::new(),
    })
}

/// What a worker makes of one block.
#[derive(Default)]
struct Part {
    /// Data rows in the block (header and HXL rows not counted).
    rows: u64,
    /// The accepted rows' incidents, in the worker's own ids.
    incidents: Vec<Incident>,
    /// Where each incident goes in canonical order.
    keys: Vec<SortKey>,
    /// The hash of each incident's event id (see [`id_hash`]).
    hashes: Vec<u64>,
    /// The line each accepted row was read from.
    lines: Vec<u64>,
    /// The rows set aside.
    quarantined: Vec<Quarantined>,
    /// The line ends in the block.
    newlines: u64,
}

/// Parts whose rows were taken, for the workers to fill again: their lists
/// keep their memory, so that reading a block allocates none, and no freed
/// lists are left between the blocks' notes, which are kept.
#[derive(Clone, Default)]
struct Spare(Arc<std::sync::Mutex<Vec<Part>>>);

impl Spare {
    /// Keeps `part` for a later block, unless enough are kept.
    fn give(&self, part: Part) {
        if let Ok(mut spare) = self.0.lock()
            && spare.len() < 8
        {
            spare.push(part);
        }
    }

    /// A kept part, emptied, or a new one, with room for about `rows` rows.
    fn take(&self, rows: usize) -> Part {
        let Part {
            mut incidents,
            mut keys,
            mut hashes,
            mut lines,
            mut quarantined,
            ..
        } = self
            .0
            .lock()
            .ok()
            .and_then(|mut spare| spare.pop())
            .unwrap_or_default();
        incidents.clear();
        keys.clear();
        hashes.clear();
        lines.clear();
        quarantined.clear();
        incidents.reserve(rows);
        keys.reserve(rows);
        hashes.reserve(rows);
        lines.reserve(rows);
        Part {
            incidents,
            keys,
            hashes,
            lines,
            quarantined,
            ..Part::default()
        }
    }
}

/// The parts of all blocks, in file order, still in their workers' ids.
#[derive(Default)]
struct Merged {
    incidents: Vec<Incident>,
    keys: Vec<SortKey>,
    hashes: Vec<u64>,
    lines: Vec<u64>,
    /// Which worker read each run of incidents: (worker, end of run).
    runs: Vec<(usize, usize)>,
    quarantined: Vec<Quarantined>,
}

impl Merged {
    fn reserve(&mut self, rows: usize) {
        self.incidents.reserve(rows);
        self.keys.reserve(rows);
        self.hashes.reserve(rows);
        self.lines.reserve(rows);
    }

    /// Moves a part's rows to the end, leaving its lists empty.
    fn add(&mut self, worker: usize, part: &mut Part) {
        self.incidents.append(&mut part.incidents);
        self.keys.append(&mut part.keys);
        self.hashes.append(&mut part.hashes);
        self.lines.append(&mut part.lines);
        self.quarantined.append(&mut part.quarantined);
        self.runs.push((worker, self.incidents.len()));
    }
}

/// The incidents whose event id repeats an earlier incident's, as (later,
/// first) in file order, from the ids' `hashes`.
///
/// Ids nearly always differ, so a bit per hash (about 16 bits an id, set
/// as the ids are met) first finds the bits met more than once; only the
/// incidents whose bit that is are compared, in a table.
fn repeated_ids(incidents: &[Incident], hashes: &[u64]) -> Vec<(usize, usize)> {
    let bits = hashes.len().saturating_mul(16).next_power_of_two().max(64);
    let shift = 64 - bits.trailing_zeros();
    let place = |hash: u64| {
        let bit = usize::try_from(hash.checked_shr(shift).unwrap_or(0)).unwrap_or(0);
        (bit / 64, 1u64 << (bit % 64))
    };
    let mut once = vec![0u64; bits / 64];
    let mut twice = vec![0u64; bits / 64];
    for &hash in hashes {
        let (word, bit) = place(hash);
        if once[word] & bit == 0 {
            once[word] |= bit;
        } else {
            twice[word] |= bit;
        }
    }
    drop(once);
    let mut table: HashTable<u32> = HashTable::new();
    let mut repeats = Vec::new();
    for (k, &hash) in hashes.iter().enumerate() {
        let (word, bit) = place(hash);
        if twice[word] & bit == 0 {
            continue;
        }
        let same = |&i: &u32| external_id(&incidents[i as usize]) == external_id(&incidents[k]);
        match table.find(hash, same) {
            Some(&first) => repeats.push((k, first as usize)),
            None => {
                let k = u32::try_from(k).unwrap_or(u32::MAX);
                table.insert_unique(hash, k, |&i| hashes[i as usize]);
            }
        }
    }
    repeats
}

/// The first field of `record`, read from `input`, that is not UTF-8.
fn invalid_utf8_field(input: &[u8], record: &Fields) -> Option<usize> {
    (0..record.len()).find(|&i| {
        record
            .get(input, i)
            .is_some_and(|field| std::str::from_utf8(field).is_err())
    })
}

/// The hash an incident's event id is found by.
fn id_hash(incident: &Incident) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(external_id(incident))
}

/// One dataset from the workers' parts: groups and regions merged by name,
/// the rows whose id repeats an earlier one quarantined, and the rest in
/// canonical order and ids.
fn merge(
    columns: Columns,
    workers: Vec<Loader>,
    mut merged: Merged,
) -> (DatasetBuilder, Vec<Quarantined>) {
    let threads = workers.len();
    let layout = columns.layout;
    let mut all = Loader::new(columns);
    // Each worker's ids, mapped to the merged ones.
    let mut maps: Vec<Renumbering> = Vec::with_capacity(workers.len());
    let mut usage = Usage::default();
    let mut votes: Vec<Votes> = Vec::new();
    for worker in &workers {
        let groups: Vec<u32> = worker
            .builder
            .groups
            .iter()
            .map(|group| {
                all.group(group.name(), GroupKind::PoliticalMilitia)
                    .as_u32()
            })
            .collect();
        let mut regions: Vec<u32> = Vec::with_capacity(worker.builder.regions.len());
        for region in &worker.builder.regions {
            let code = region.country_code();
            let id = match region.parent_id() {
                None => all.country(region.name(), code),
                Some(parent) => {
                    let parent = RegionId::new(regions[parent.index()]);
                    all.child(parent, region.name(), code, region.level().get())
                }
            };
            regions.push(id.as_u32());
        }
        usage.absorb(&worker.usage, &groups, &regions);
        votes.resize(all.builder.groups.len(), Votes::default());
        for (theirs, &ours) in worker.votes.iter().zip(&groups) {
            votes[ours as usize].add(theirs);
        }
        maps.push(Renumbering { groups, regions });
    }
    drop(workers);

    let mut quarantined = std::mem::take(&mut merged.quarantined);
    let repeats = repeated_ids(&merged.incidents, &merged.hashes);
    merged.hashes = Vec::new();
    if !repeats.is_empty() {
        // Rare: the incidents are taken to the merged ids first, so that
        // the repeated rows can be written out and left uncounted.
        remap_runs(&mut merged.incidents, &merged.runs, &maps, threads);
        maps = vec![Renumbering::identity(
            all.builder.groups.len(),
            all.builder.regions.len(),
        )];
        let mut drop = vec![false; merged.incidents.len()];
        for &(k, first) in &repeats {
            let incident = &merged.incidents[k];
            drop[k] = true;
            usage.remove(incident);
            tally(&mut votes, incident, Votes::remove);
            quarantined.push(Quarantined {
                line: merged.lines[k],
                column: Some(Column::EventIdCnty.name().to_owned()),
                reason: format!(
                    "expected a unique event id, found {:?} again (first on line {})",
                    external_id(incident),
                    merged.lines[first]
                ),
                raw: row_text(&all.builder.groups, &all.builder.regions, incident, layout),
            });
        }
        let mut keep = drop.iter().map(|d| !d);
        merged.incidents.retain(|_| keep.next().unwrap_or(true));
        let mut keep = drop.iter().map(|d| !d);
        merged.keys.retain(|_| keep.next().unwrap_or(true));
        merged.runs = vec![(0, merged.incidents.len())];
    }
    merged.lines = Vec::new();

    let mut builder = all.builder;
    settle_kinds(&mut builder, &votes);
    let ids = builder.canonical_ids(&usage);
    for map in &mut maps {
        map.then(&ids);
    }
    let mut incidents = std::mem::take(&mut merged.incidents);
    // The list was sized from an estimate; what it did not use goes back.
    incidents.shrink_to_fit();
    remap_runs(&mut incidents, &merged.runs, &maps, threads);
    let from = canonical_order(&merged.keys, |i| external_id(&incidents[i]));
    merged.keys = Vec::new();
    arrange(&mut incidents, &from);
    builder.incidents = incidents;
    (builder, quarantined)
}

/// Takes each run of `incidents` from its worker's ids (`maps[worker]`)
/// to the final ones, on up to `threads` threads.
fn remap_runs(
    incidents: &mut [Incident],
    runs: &[(usize, usize)],
    maps: &[Renumbering],
    threads: usize,
) {
    // The runs that overlap `incidents`, which start at `offset`, each
    // taken with its worker's maps.
    let remap = |incidents: &mut [Incident], offset: usize| {
        let mut start = offset;
        let first = runs.partition_point(|&(_, end)| end <= offset);
        for &(worker, end) in &runs[first..] {
            let end = end.min(offset + incidents.len());
            if let Some(map) = maps.get(worker) {
                for incident in &mut incidents[start - offset..end - offset] {
                    map.apply(incident);
                }
            }
            if end == offset + incidents.len() {
                break;
            }
            start = end;
        }
    };
    let chunk = incidents.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        for (c, part) in incidents.chunks_mut(chunk).enumerate() {
            scope.spawn(move || remap(part, c * chunk));
        }
    });
}

/// How often a group was coded as each actor type: as a principal actor
/// (`[0..8]`, by inter code) and beside one, as an associated actor
/// (`[8..16]`).
#[derive(Debug, Clone, Copy, Default)]
struct Votes([u32; 16]);

impl Votes {
    fn add(&mut self, other: &Votes) {
        for (n, m) in self.0.iter_mut().zip(other.0) {
            *n += m;
        }
    }

    fn count(&mut self, slot: usize) {
        self.0[slot] += 1;
    }

    fn remove(&mut self, slot: usize) {
        self.0[slot] = self.0[slot].saturating_sub(1);
    }
}

/// Counts, with `count`, the actor types `incident` codes for its groups.
fn tally(votes: &mut Vec<Votes>, incident: &Incident, count: fn(&mut Votes, usize)) {
    for side in [Side::A, Side::B] {
        let on_side = || incident.actors().iter().filter(move |a| a.side() == side);
        let principal = on_side()
            .find(|a| a.role() == Role::Principal)
            .and_then(Actor::coded_kind);
        for actor in on_side() {
            let (kind, offset) = match actor.role() {
                Role::Principal => (actor.coded_kind(), 0),
                Role::Associated => (principal.or(Some(ActorKind::Civilians)), 8),
            };
            if let Some(kind) = kind {
                let g = actor.group().index();
                if g >= votes.len() {
                    votes.resize(g + 1, Votes::default());
                }
                count(&mut votes[g], usize::from(kind.inter_code() - 1) + offset);
            }
        }
    }
}

/// Sets each group's kind from its accepted rows.
///
/// A group's kind is the actor type most often coded for it as a
/// principal actor, or, for a group only ever associated, the type of the
/// principal actors it was most often with (civilians when its side had
/// none); ties go to the lower inter code. Neither depends on row order.
fn settle_kinds(builder: &mut DatasetBuilder, votes: &[Votes]) {
    for (group, votes) in builder.groups.iter_mut().zip(votes) {
        let (principal, associated) = votes.0.split_at(8);
        let tally = if principal.iter().any(|&n| n > 0) {
            principal
        } else {
            associated
        };
        let best = (0..8).rev().max_by_key(|&i| tally[i]).unwrap_or(0);
        let code = u8::try_from(best + 1).unwrap_or(1);
        if let Ok(kind) = ActorKind::from_inter_code(code) {
            group.set_kind(GroupKind::from(kind));
        }
    }
}

/// Where each column is in the file.
#[derive(Clone)]
pub(crate) struct Columns {
    index: [Option<usize>; ALL.len()],
    count: usize,
    layout: Layout,
    /// The columns of the lookup keys: a row's sub-event type, its place,
    /// and the fields rows share.
    kinds: KeyColumns,
    paths: KeyColumns,
    commons: KeyColumns,
}

/// The columns of a lookup key that the file has, as runs of columns next
/// to each other: (first, how many).
#[derive(Clone, Default)]
struct KeyColumns(Vec<(usize, usize)>);

impl KeyColumns {
    fn new(index: &[Option<usize>; ALL.len()], key: &[Column]) -> KeyColumns {
        let mut at: Vec<usize> = key.iter().filter_map(|c| index[*c as usize]).collect();
        at.sort_unstable();
        at.dedup();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for i in at {
            match runs.last_mut() {
                Some((first, count)) if *first + *count == i => *count += 1,
                _ => runs.push((i, 1)),
            }
        }
        KeyColumns(runs)
    }
}

impl Columns {
    fn from_header(header: &ByteRecord) -> Result<Columns, Error> {
        let mut index = [None; ALL.len()];
        for (i, name) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(name);
            let name = name.trim_start_matches('\u{feff}').trim();
            if let Some(k) = ALL.iter().position(|c| c.name() == name) {
                index[k] = Some(i);
            }
        }
        use Column::*;
        let columns = Columns {
            index,
            count: header.len(),
            layout: Layout::Current,
            kinds: KeyColumns::new(&index, &[EventType, SubEventType, DisorderType]),
            paths: KeyColumns::new(&index, &[Iso, Country, Admin1, Admin2, Admin3, Location]),
            commons: KeyColumns::new(
                &index,
                &[Iso, Region, Interaction, CivilianTargeting, Tags, Iso3],
            ),
        };
        let missing: Vec<&str> = REQUIRED
            .iter()
            .filter(|c| columns.at(**c).is_none())
            .map(|c| c.name())
            .collect();
        if !missing.is_empty() {
            return Err(Error::Header {
                format: "ACLED",
                reason: format!("missing column {}", missing.join(", ")),
            });
        }
        let layout = if columns.at(Column::DataId).is_some() && columns.at(Column::Iso3).is_some() {
            Layout::Hdx
        } else {
            Layout::Current
        };
        Ok(Columns { layout, ..columns })
    }

    #[inline]
    fn at(&self, column: Column) -> Option<usize> {
        self.index[column as usize]
    }

    /// Sets `key` to the text in `row` of the columns of a key. A run of
    /// columns next to each other, none of them quoted, is taken as the
    /// file has it, commas and all, and ended by 0xFE; any other column is
    /// taken alone and ended by 0xFF. UTF-8 text holds neither byte and an
    /// unquoted field no comma, so no two rows share a key unless they share
    /// every field (the same fields, quoted in one row and not in another,
    /// may have two keys).
    fn key(&self, key: &mut Vec<u8>, row: &Row<'_>, columns: &KeyColumns) {
        key.clear();
        for &(first, count) in &columns.0 {
            match row.unquoted(first, count) {
                Some(text) if count > 1 => {
                    key.extend_from_slice(text.as_bytes());
                    key.push(0xfe);
                }
                _ => {
                    for i in first..first + count {
                        key.extend_from_slice(row.field(i).as_bytes());
                        key.push(0xff);
                    }
                }
            }
        }
    }

    /// Whether `record`, read from `input`, is the HXL hashtag row of an
    /// HDX file.
    fn is_hxl_row(&self, input: &[u8], record: &Fields) -> bool {
        self.at(Column::EventIdCnty)
            .and_then(|i| record.get(input, i))
            .is_some_and(|f| f.starts_with(b"#"))
    }
}

/// A row whose bytes are known to be UTF-8.
struct Row<'r> {
    /// Text that holds the row's fields found in the input, starting at
    /// `base` in the input.
    text: &'r str,
    base: usize,
    /// The fields whose quotes were undone.
    own: &'r str,
    record: &'r Fields,
}

impl<'r> Row<'r> {
    /// Fields `first..first + count` as the input holds them, separators
    /// included, when they were split from it and none is quoted.
    fn unquoted(&self, first: usize, count: usize) -> Option<&'r str> {
        let start = self.record.span(first)?;
        let end = self.record.span((first + count).checked_sub(1)?)?;
        if start.own || end.own {
            return None;
        }
        let text = self
            .text
            .get(start.range.0.wrapping_sub(self.base)..end.range.1.wrapping_sub(self.base))?;
        memchr::memchr(b'"', text.as_bytes())
            .is_none()
            .then_some(text)
    }

    /// Field `i`; empty when the row has no such field.
    #[inline]
    fn field(&self, i: usize) -> &'r str {
        let Some(span) = self.record.span(i) else {
            return "";
        };
        let (start, end) = span.range;
        let text = if span.own {
            self.own.get(start..end)
        } else {
            // A span before `base` wraps to past the end: no text.
            self.text
                .get(start.wrapping_sub(self.base)..end.wrapping_sub(self.base))
        };
        text.unwrap_or("")
    }
}

/// A bad row of this format.
type Bad = record::Bad<Column>;

/// Turns rows into incidents, interning groups, regions and repeated text.
struct Loader {
    columns: Columns,
    text: Interner,
    builder: DatasetBuilder,
    groups: FxHashMap<Box<str>, GroupId>,
    countries: FxHashMap<Box<str>, RegionId>,
    /// Each region's children by level (admin1 to admin3) and name: a
    /// place named at two levels is two regions.
    children: Vec<[FxHashMap<Box<str>, RegionId>; 3]>,
    iso_codes: FxHashMap<u16, CountryCode>,
    /// A buffer for one row's actors.
    actors: Vec<Actor>,
    /// A buffer for lookup keys.
    key: Vec<u8>,
    /// Sub-event types by (event type, sub-event type, disorder type).
    kinds: FxHashMap<Box<[u8]>, crate::SubEventType>,
    /// Regions, ISO codes and place names by (iso, country, admin1,
    /// admin2, admin3, location).
    paths: FxHashMap<Box<[u8]>, (RegionId, u16, ArcStr)>,
    /// The shared fields of rows by their text.
    commons: FxHashMap<Box<[u8]>, Arc<AcledCommon>>,
    /// Source scales: a few dozen, kept apart from `text` so that they
    /// are found among few.
    scales: Interner,
    inters: ParseCache<ActorKind>,
    /// The fields of the row being read.
    fields: Fields,
    /// About how many bytes a row takes, from the last block.
    bytes_per_row: usize,
    /// The notes of the block's rows so far, and where the row being read
    /// put its own.
    arena: String,
    row_notes: Option<std::ops::Range<usize>>,
    /// What the accepted rows refer to, and how they code their groups.
    usage: Usage,
    votes: Vec<Votes>,
    /// Parts to fill again.
    spare: Spare,
}

impl Loader {
    fn new(columns: Columns) -> Loader {
        Loader {
            columns,
            text: Interner::default(),
            builder: DatasetBuilder::new(),
            groups: FxHashMap::default(),
            countries: FxHashMap::default(),
            children: Vec::new(),
            iso_codes: FxHashMap::default(),
            actors: Vec::new(),
            key: Vec::new(),
            kinds: FxHashMap::default(),
            paths: FxHashMap::default(),
            commons: FxHashMap::default(),
            scales: Interner::default(),
            inters: ParseCache::default(),
            fields: Fields::default(),
            bytes_per_row: 256,
            arena: String::new(),
            row_notes: None,
            usage: Usage::default(),
            votes: Vec::new(),
            spare: Spare::default(),
        }
    }

    /// The text of `column` in `row`; empty when the file lacks the column.
    #[inline]
    fn get<'r>(&self, row: &Row<'r>, column: Column) -> &'r str {
        self.columns.at(column).map_or("", |i| row.field(i))
    }

    /// Text of a free-text column, with formula neutralisation undone.
    #[inline]
    fn text<'r>(&self, row: &Row<'r>, column: Column) -> &'r str {
        unneutralise(self.get(row, column))
    }

    /// Reads the rows of one block.
    fn block(&mut self, block: &Block) -> Part {
        let mut records = Records::new(&block.bytes);
        let mut record = std::mem::take(&mut self.fields);
        // Sized for as many rows as the worker's last block had per byte,
        // so that the lists are not copied as they grow.
        let rows = block.bytes.len() / self.bytes_per_row.max(1) + 16;
        let mut part = self.spare.take(rows);
        let mut first = block.index == 0;
        // One UTF-8 check for the block; when it fails, one per row.
        let text = simdutf8::basic::from_utf8(&block.bytes).ok();
        // Notes go into one text for the block, shared by its incidents.
        let mut notes: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        self.arena.clear();
        while let Some(line) = records.next_into(&mut record) {
            if std::mem::take(&mut first) && self.columns.is_hxl_row(&block.bytes, &record) {
                continue;
            }
            part.rows += 1;
            match self.row(&block.bytes, text, &record, &mut part.incidents) {
                Ok(()) => {
                    let k = part.incidents.len() - 1;
                    let incident = &part.incidents[k];
                    self.usage.add(incident);
                    tally(&mut self.votes, incident, Votes::count);
                    part.keys.push(SortKey::of(incident));
                    part.hashes.push(id_hash(incident));
                    if let Some(range) = self.row_notes.take() {
                        notes.push((k, range));
                    }
                    part.lines.push(line);
                }
                Err((column, reason)) => part.quarantined.push(Quarantined {
                    line,
                    column: column.map(|c| c.name().to_owned()),
                    reason,
                    raw: raw_text(&record.to_record(&block.bytes)),
                }),
            }
            self.row_notes = None;
        }
        self.fields = record;
        part.newlines = records.newlines();
        if let Some(per_row) = block.bytes.len().checked_div(part.incidents.len()) {
            // A little under, so that a block of shorter rows still fits.
            self.bytes_per_row = per_row - per_row / 16;
        }
        if !notes.is_empty() {
            let shared = ArcStr::from(self.arena.as_str());
            for (k, range) in notes {
                part.incidents[k].set_notes(shared.substr(range));
            }
        }
        part
    }

    /// Adds to `out` the incident of the row `record` read from `input`,
    /// whose text is `text` when the whole input is UTF-8.
    fn row(
        &mut self,
        input: &[u8],
        text: Option<&str>,
        record: &Fields,
        out: &mut Vec<Incident>,
    ) -> Result<(), Bad> {
        use Column::*;
        let invalid = || {
            (
                invalid_utf8_field(input, record)
                    .and_then(|f| ALL.iter().copied().find(|c| self.columns.at(*c) == Some(f))),
                "expected UTF-8 text, found invalid bytes".to_owned(),
            )
        };
        let (text, base) = match text {
            Some(text) => (text, 0),
            None => {
                let range = record.record();
                let text = std::str::from_utf8(&input[range.clone()]).map_err(|_| invalid())?;
                (text, range.start)
            }
        };
        let own = std::str::from_utf8(record.own()).map_err(|_| invalid())?;
        let row = Row {
            text,
            base,
            own,
            record,
        };
        let record = &row;
        if record.record.len() != self.columns.count {
            return Err((
                None,
                format!(
                    "expected {} fields, found {}",
                    self.columns.count,
                    record.record.len()
                ),
            ));
        }
        let id = self.get(record, EventIdCnty);
        if id.trim().is_empty() {
            return Err(bad(EventIdCnty, "an event id such as MLI1234", id));
        }
        let date_text = self.get(record, EventDate);
        let date = iso_date(date_text).ok_or_else(|| bad(EventDate, "YYYY-MM-DD", date_text))?;
        let year = self.get(record, Year);
        if !year.is_empty() && digits(year.as_bytes()) != u32::try_from(date.year()).ok() {
            return Err(bad(
                Year,
                &format!("{}, the year of event_date", date.year()),
                year,
            ));
        }
        let precision = self.get(record, TimePrecision);
        let when = digits(precision.as_bytes())
            .and_then(|p| DateSpan::from_acled(date, u8::try_from(p).ok()?).ok())
            .ok_or_else(|| bad(TimePrecision, "1, 2 or 3", precision))?;
        // Columns that repeat across rows are looked up together, by one
        // key, and parsed only the first time it is seen.
        let mut key = std::mem::take(&mut self.key);
        self.columns.key(&mut key, record, &self.columns.kinds);
        let kind = match self.kinds.get(&key[..]) {
            Some(kind) => *kind,
            None => {
                let kind = self.kind(record)?;
                self.kinds.insert(key.as_slice().into(), kind);
                kind
            }
        };
        self.columns.key(&mut key, record, &self.columns.paths);
        let (region, iso, place) = match self.paths.get(&key[..]) {
            Some((region, iso, place)) => (*region, *iso, place.clone()),
            None => {
                let (region, iso) = self.place(record)?;
                let place = self.text.get(self.text(record, Location));
                self.paths
                    .insert(key.as_slice().into(), (region, iso, place.clone()));
                (region, iso, place)
            }
        };
        let lat_text = self.get(record, Latitude);
        let lon_text = self.get(record, Longitude);
        let lat = lat_text
            .parse::<f64>()
            .map_err(|_| bad(Latitude, "a finite number in [-90, 90]", lat_text))?;
        let lon = lon_text
            .parse::<f64>()
            .map_err(|_| bad(Longitude, "a finite number in [-180, 180]", lon_text))?;
        let geo = self.get(record, GeoPrecision);
        let geo_precision = digits(geo.as_bytes())
            .and_then(|p| crate::GeoPrecision::from_acled(u8::try_from(p).ok()?).ok())
            .ok_or_else(|| bad(GeoPrecision, "1, 2 or 3", geo))?;
        let mut location = crate::Location::new(lat, lon, geo_precision).map_err(|e| match e {
            Error::InvalidValue {
                field: "latitude", ..
            } => bad(Latitude, "a finite number in [-90, 90]", lat_text),
            _ => bad(Longitude, "a finite number in [-180, 180]", lon_text),
        })?;
        if !place.is_empty() {
            location = location.with_place(place);
        }

        // Actors.
        let mut inter_form = InterForm::Text;
        let mut actors: Vec<Actor> = std::mem::take(&mut self.actors);
        actors.clear();
        let sides = [
            (Side::A, Actor1, AssocActor1, Inter1),
            (Side::B, Actor2, AssocActor2, Inter2),
        ];
        for (side, principal, associated, inter) in sides {
            let name = self.text(record, principal);
            let inter_text = self.get(record, inter);
            let coded = match inter_text {
                "" => None,
                "0" if side == Side::B => {
                    inter_form = InterForm::NumericZero;
                    None
                }
                t => {
                    if t.bytes().all(|b| b.is_ascii_digit()) && inter_form == InterForm::Text {
                        inter_form = InterForm::Numeric;
                    }
                    let code = match t.as_bytes() {
                        &[digit] => ActorKind::from_inter_code(digit.wrapping_sub(b'0')).ok(),
                        _ => None,
                    };
                    Some(
                        code.or_else(|| self.inters.get(t, |t| t.parse::<ActorKind>().ok()))
                            .ok_or_else(|| bad(inter, "an actor type (1 to 8, or its label)", t))?,
                    )
                }
            };
            match (name.is_empty(), coded) {
                (true, None) if side == Side::B => {}
                (true, _) => {
                    return Err(bad(principal, "an actor name", name));
                }
                (false, None) => {
                    return Err(bad(inter, "the actor type of the actor", inter_text));
                }
                (false, Some(kind)) => {
                    let group = self.group(name, kind.into());
                    actors.push(
                        Actor::new(group, side, Role::Principal, Confidence::Reported)
                            .coded_as(kind),
                    );
                }
            }
            let assoc = self.text(record, associated);
            for part in assoc.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let kind = coded.unwrap_or(ActorKind::Civilians);
                let group = self.group(part, kind.into());
                actors.push(Actor::new(
                    group,
                    side,
                    Role::Associated,
                    Confidence::Reported,
                ));
            }
        }

        // Figures and the rest.
        let fatalities_text = self.get(record, Fatalities);
        let fatalities = digits(fatalities_text.as_bytes())
            .ok_or_else(|| bad(Fatalities, "a whole number of at least 0", fatalities_text))?;
        let timestamp = match self.get(record, Timestamp) {
            "" => None,
            t => Some(
                t.parse::<i64>()
                    .map_err(|_| bad(Timestamp, "Unix seconds", t))?,
            ),
        };
        let notes = self.text(record, Notes);
        if !notes.is_empty() && notes.trim().is_empty() {
            return Err(bad(Notes, "notes or nothing", notes));
        }
        self.actors = actors;
        let notes = self.note(notes);
        let actors = &self.actors;

        let civilian_targeting = self.get(record, CivilianTargeting);
        let own = match self.columns.layout {
            Layout::Hdx => AcledOwn::Hdx(Box::new(AcledLegacy {
                data_id: ArcStr::from(self.get(record, DataId)),
                event_id_no_cnty: ArcStr::from(self.get(record, EventIdNoCnty)),
                timestamp,
            })),
            Layout::Current => AcledOwn::Current { timestamp },
        };
        self.columns.key(&mut key, record, &self.columns.commons);
        key.push(inter_form as u8);
        let common = match self.commons.get(&key[..]) {
            Some(common) => Arc::clone(common),
            None => {
                let common = Arc::new(AcledCommon {
                    iso,
                    region: self.text.get(self.text(record, Region)),
                    interaction: self.text.get(self.get(record, Interaction)),
                    inter_form,
                    civilian_targeting: self.text.get(civilian_targeting),
                    tags: self.text.get(self.text(record, Tags)),
                    iso3: self.text.get(self.get(record, Iso3)),
                });
                self.commons
                    .insert(key.as_slice().into(), Arc::clone(&common));
                common
            }
        };
        self.key = key;
        let fields = AcledFields {
            common,
            source: self.text.get(self.text(record, Source)),
            source_scale: self.scales.get(self.text(record, SourceScale)),
            own,
        };
        out.push(Incident::imported(crate::model::incident::Imported {
            kind,
            when,
            region,
            civilians_targeted: !civilian_targeting.is_empty(),
            fatalities: Estimate::Exact(fatalities),
            location,
            actors,
            notes,
            external_id: ExternalId::new(IdScheme::Acled, id),
            origin: Origin::Acled(fields),
        }));
        Ok(())
    }

    /// The notes of the row being read: put in the block's text, to be
    /// shared once the block is read; a block's text longer than a
    /// `Substr` can index gives each further note its own.
    fn note(&mut self, notes: &str) -> Option<arcstr::Substr> {
        if notes.is_empty() {
            return None;
        }
        let start = self.arena.len();
        if u32::try_from(start + notes.len()).is_err() {
            return Some(arcstr::Substr::from(notes));
        }
        self.arena.push_str(notes);
        self.row_notes = Some(start..self.arena.len());
        None
    }

    /// The sub-event type of a row, checked against its event and disorder
    /// types; called once per distinct combination (see `kinds`).
    fn kind(&mut self, record: &Row<'_>) -> Result<crate::SubEventType, Bad> {
        use Column::*;
        let event_type_text = self.get(record, EventType);
        let event_type: crate::EventType = event_type_text
            .parse()
            .map_err(|_| bad(EventType, "an ACLED event type", event_type_text))?;
        let sub_text = self.get(record, SubEventType);
        let kind = sub_text
            .parse::<crate::SubEventType>()
            .ok()
            .filter(|sub| sub.event_type() == event_type)
            .ok_or_else(|| {
                bad(
                    SubEventType,
                    &format!("a sub-event type of {:?}", event_type.label()),
                    sub_text,
                )
            })?;
        let disorder = self.get(record, DisorderType);
        let expected = kind.disorder_type();
        if !disorder.is_empty() && disorder != expected.label() && !expected.is_named(disorder) {
            return Err(bad(
                DisorderType,
                &format!(
                    "{:?}, the disorder type of {:?}",
                    expected.label(),
                    kind.label()
                ),
                disorder,
            ));
        }
        Ok(kind)
    }

    /// The smallest region of a row, and its country's ISO numeric code.
    fn place(&mut self, record: &Row<'_>) -> Result<(RegionId, u16), Bad> {
        use Column::*;
        let iso_text = self.get(record, Iso);
        let iso = digits(iso_text.as_bytes())
            .and_then(|n| u16::try_from(n).ok())
            .ok_or_else(|| bad(Iso, "an ISO 3166-1 numeric country code", iso_text))?;
        let code = self
            .country_code(iso)
            .ok_or_else(|| bad(Iso, "an ISO 3166-1 numeric country code", iso_text))?;
        let country = self.text(record, Country);
        if country.trim().is_empty() {
            return Err(bad(Country, "a country name", country));
        }
        let mut region = self.country(country, code);
        let mut level = 0u8;
        for column in [Admin1, Admin2, Admin3] {
            level += 1;
            let name = self.text(record, column);
            if column == Admin1 && name.trim().is_empty() {
                return Err(bad(Admin1, "a first-order division", name));
            }
            if !name.is_empty() {
                if name.trim().is_empty() {
                    return Err(bad(column, "a division name or nothing", name));
                }
                region = self.child(region, name, code, level);
            }
        }
        Ok((region, iso))
    }

    fn country_code(&mut self, iso: u16) -> Option<CountryCode> {
        if let Some(code) = self.iso_codes.get(&iso) {
            return Some(*code);
        }
        let code: CountryCode = isocountry::CountryCode::for_id(u32::from(iso))
            .ok()?
            .alpha3()
            .parse()
            .ok()?;
        self.iso_codes.insert(iso, code);
        Some(code)
    }

    fn country(&mut self, name: &str, code: CountryCode) -> RegionId {
        if let Some(id) = self.countries.get(name) {
            return *id;
        }
        let id = self.builder.add_region(Region::country(name, code));
        self.children.push(Default::default());
        self.countries.insert(name.into(), id);
        id
    }

    fn child(&mut self, parent: RegionId, name: &str, code: CountryCode, level: u8) -> RegionId {
        let level = AdminLevel::new(level).unwrap_or(AdminLevel::ADMIN3);
        let slot = usize::from(level.get().clamp(1, 3)) - 1;
        if let Some(id) = self.children[parent.index()][slot].get(name) {
            return *id;
        }
        let id = self
            .builder
            .add_region(Region::new(name, code, level).parent(parent));
        self.children.push(Default::default());
        self.children[parent.index()][slot].insert(name.into(), id);
        id
    }

    /// The group called `name`, made of kind `kind` if new; its kind is
    /// settled by [`Loader::finish`] from all its accepted rows.
    fn group(&mut self, name: &str, kind: GroupKind) -> GroupId {
        if let Some(id) = self.groups.get(name) {
            return *id;
        }
        let id = self.builder.add_group(Group::new(name, kind));
        self.groups.insert(name.into(), id);
        id
    }
}
