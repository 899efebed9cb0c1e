//! Reading ACLED CSV into a dataset, quarantining the rows that fail.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use arcstr::ArcStr;
use csv::ByteRecord;
use rustc_hash::FxHashMap;

use super::columns::{ALL, Column, Layout, REQUIRED};
use super::write::row_text;
use crate::io::blocks::{Block, Blocks, run};
use crate::io::record::{self, bad, csv_error, raw_text, read_error};
use crate::io::text::{Interner, ParseCache, digits, iso_date, unneutralise};
use crate::io::{Import, Progress, Quarantined, ReadOptions};
use crate::model::origin::acled::{AcledCommon, AcledLegacy};
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

    let workers = (0..options.thread_count())
        .map(|_| Loader::new(columns.clone()))
        .collect();
    let mut rows_read = 0u64;
    let mut merged = Merged::default();
    let workers = run(
        blocks,
        workers,
        |loader: &mut Loader, block| loader.block(block),
        |span, worker, part: Part| {
            rows_read += part.rows;
            if span.index == 0 {
                // Size the list once from the first block, rather than
                // doubling it (and holding two copies) as it grows.
                if let (Some(size), Some(per_row)) = (size, span.end.checked_div(part.rows.max(1)))
                {
                    let rows = usize::try_from(size / per_row.max(1)).unwrap_or(0);
                    merged.incidents.reserve(rows.saturating_add(rows / 20));
                }
            }
            merged.add(worker, part);
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
    // regions are the loader's own), so the dataset is built without a
    // second pass; debug builds check that claim.
    debug_assert_eq!(crate::Validate::validation_errors(&builder), []);
    let dataset = crate::Dataset::from_valid(builder);
    Ok(Import {
        dataset,
        rows_read,
        quarantined,
        warnings: Vec::new(),
    })
}

/// What a worker makes of one block.
struct Part {
    /// Data rows in the block (header and HXL rows not counted).
    rows: u64,
    /// The accepted rows' incidents, in the worker's own ids.
    incidents: Vec<Incident>,
    /// The line each accepted row was read from.
    lines: Vec<u64>,
    /// The rows set aside.
    quarantined: Vec<Quarantined>,
}

/// The parts of all blocks, in file order, still in their workers' ids.
#[derive(Default)]
struct Merged {
    incidents: Vec<Incident>,
    lines: Vec<u64>,
    /// Which worker read each run of incidents: (worker, end of run).
    runs: Vec<(usize, usize)>,
    quarantined: Vec<Quarantined>,
}

impl Merged {
    fn add(&mut self, worker: usize, mut part: Part) {
        self.incidents.append(&mut part.incidents);
        self.lines.append(&mut part.lines);
        self.quarantined.append(&mut part.quarantined);
        self.runs.push((worker, self.incidents.len()));
    }
}

/// One dataset from the workers' parts: groups and regions merged by name,
/// incidents in file order with event ids checked across blocks, and the
/// rows whose id repeats an earlier one quarantined.
fn merge(
    columns: Columns,
    workers: Vec<Loader>,
    merged: Merged,
) -> (DatasetBuilder, Vec<Quarantined>) {
    let layout = columns.layout;
    let mut all = Loader::new(columns);
    let mut group_maps = Vec::with_capacity(workers.len());
    let mut region_maps = Vec::with_capacity(workers.len());
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
        group_maps.push(groups);
        region_maps.push(regions);
    }

    let Merged {
        mut incidents,
        lines,
        runs,
        mut quarantined,
    } = merged;
    let mut start = 0;
    for (w, end) in runs {
        for incident in &mut incidents[start..end] {
            incident.remap(&group_maps[w], &region_maps[w]);
        }
        start = end;
    }

    // A repeated event id: the later row is quarantined. The table
    // borrows the ids, so nothing is copied per row.
    fn id(i: &Incident) -> &str {
        i.external_ids().first().map_or("", |x| x.value())
    }
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    {
        let mut first: FxHashMap<&str, usize> = FxHashMap::default();
        first.reserve(incidents.len());
        for (k, incident) in incidents.iter().enumerate() {
            match first.entry(id(incident)) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(k);
                }
                std::collections::hash_map::Entry::Occupied(slot) => {
                    repeats.push((k, *slot.get()));
                }
            }
        }
    }
    if !repeats.is_empty() {
        let mut drop = vec![false; incidents.len()];
        for &(k, first) in &repeats {
            drop[k] = true;
            quarantined.push(Quarantined {
                line: lines[k],
                column: Some(Column::EventIdCnty.name().to_owned()),
                reason: format!(
                    "expected a unique event id, found {:?} again (first on line {})",
                    id(&incidents[k]),
                    lines[first]
                ),
                raw: row_text(
                    &all.builder.groups,
                    &all.builder.regions,
                    &incidents[k],
                    layout,
                ),
            });
        }
        let mut keep = drop.iter().map(|d| !d);
        incidents.retain(|_| keep.next().unwrap_or(true));
    }
    // Freed before the incidents are put in order, when memory peaks.
    drop(lines);
    (all.finish(incidents), quarantined)
}

/// Where each column is in the file.
#[derive(Clone)]
pub(crate) struct Columns {
    index: [Option<usize>; ALL.len()],
    count: usize,
    layout: Layout,
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
        let columns = Columns {
            index,
            count: header.len(),
            layout: Layout::Current,
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

    fn at(&self, column: Column) -> Option<usize> {
        self.index[column as usize]
    }

    /// Sets `key` to the raw bytes of `columns` in `row`, each ended by a
    /// unit separator.
    fn key(&self, key: &mut Vec<u8>, row: &Row<'_>, columns: &[Column]) {
        key.clear();
        for &column in columns {
            if let Some(field) = self.at(column).and_then(|i| row.record.get(i)) {
                key.extend_from_slice(field);
            }
            key.push(0x1f);
        }
    }

    /// Whether `record` is the HXL hashtag row of an HDX file.
    fn is_hxl_row(&self, record: &ByteRecord) -> bool {
        self.at(Column::EventIdCnty)
            .and_then(|i| record.get(i))
            .is_some_and(|f| f.starts_with(b"#"))
    }
}

/// A row whose bytes are known to be UTF-8.
struct Row<'r> {
    text: &'r str,
    record: &'r ByteRecord,
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
    /// Regions and ISO codes by (iso, country, admin1, admin2, admin3).
    paths: FxHashMap<Box<[u8]>, (RegionId, u16)>,
    /// The shared fields of rows by their text.
    commons: FxHashMap<Box<[u8]>, Arc<AcledCommon>>,
    inters: ParseCache<ActorKind>,
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
            inters: ParseCache::default(),
        }
    }

    /// The text of `column` in `row`; empty when the file lacks the column.
    fn get<'r>(&self, row: &Row<'r>, column: Column) -> &'r str {
        self.columns
            .at(column)
            .and_then(|i| row.record.range(i))
            .and_then(|range| row.text.get(range))
            .unwrap_or("")
    }

    /// Text of a free-text column, with formula neutralisation undone.
    fn text<'r>(&self, row: &Row<'r>, column: Column) -> &'r str {
        unneutralise(self.get(row, column))
    }

    /// Reads the rows of one block.
    fn block(&mut self, block: &Block) -> Part {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&block.bytes[..]);
        let mut record = ByteRecord::new();
        let mut part = Part {
            rows: 0,
            incidents: Vec::new(),
            lines: Vec::new(),
            quarantined: Vec::new(),
        };
        let mut first = block.index == 0;
        // Reading bytes from memory fails only on a malformed record that
        // csv cannot delimit, which ends the block's rows.
        while let Ok(true) = reader.read_byte_record(&mut record) {
            let line = block.first_line + record.position().map_or(1, csv::Position::line) - 1;
            if std::mem::take(&mut first) && self.columns.is_hxl_row(&record) {
                continue;
            }
            part.rows += 1;
            match self.row(&record) {
                Ok(incident) => {
                    part.incidents.push(incident);
                    part.lines.push(line);
                }
                Err((column, reason)) => part.quarantined.push(Quarantined {
                    line,
                    column: column.map(|c| c.name().to_owned()),
                    reason,
                    raw: raw_text(&record),
                }),
            }
        }
        part
    }

    /// The incident of one row.
    fn row(&mut self, record: &ByteRecord) -> Result<Incident, Bad> {
        use Column::*;
        // One UTF-8 check for the whole row; fields are slices of it.
        let text = std::str::from_utf8(record.as_slice()).map_err(|e| {
            let field = (0..record.len())
                .find(|&i| record.range(i).is_some_and(|r| r.end > e.valid_up_to()));
            let column =
                field.and_then(|f| ALL.iter().copied().find(|c| self.columns.at(*c) == Some(f)));
            (
                column,
                "expected UTF-8 text, found invalid bytes".to_owned(),
            )
        })?;
        let row = Row { text, record };
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
        self.columns
            .key(&mut key, record, &[EventType, SubEventType, DisorderType]);
        let kind = match self.kinds.get(&key[..]) {
            Some(kind) => *kind,
            None => {
                let kind = self.kind(record)?;
                self.kinds.insert(key.as_slice().into(), kind);
                kind
            }
        };
        self.columns
            .key(&mut key, record, &[Iso, Country, Admin1, Admin2, Admin3]);
        let (region, iso) = match self.paths.get(&key[..]) {
            Some(found) => *found,
            None => {
                let found = self.place(record)?;
                self.paths.insert(key.as_slice().into(), found);
                found
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
        let place = self.text(record, Location);
        if !place.is_empty() {
            location = location.with_place(self.text.get(place));
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
                    Some(
                        self.inters
                            .get(t, |t| t.parse::<ActorKind>().ok())
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
        let actors = &self.actors;

        let civilian_targeting = self.get(record, CivilianTargeting);
        let legacy = match self.columns.layout {
            Layout::Hdx => Some(Box::new(AcledLegacy {
                data_id: ArcStr::from(self.get(record, DataId)),
                event_id_no_cnty: ArcStr::from(self.get(record, EventIdNoCnty)),
            })),
            Layout::Current => None,
        };
        let shared = [
            Iso,
            Region,
            Interaction,
            CivilianTargeting,
            SourceScale,
            Tags,
            Iso3,
        ];
        self.columns.key(&mut key, record, &shared);
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
                    source_scale: self.text.get(self.text(record, SourceScale)),
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
            timestamp,
            legacy,
        };
        let incident = Incident::imported(crate::model::incident::Imported {
            kind,
            when,
            region,
            civilians_targeted: !civilian_targeting.is_empty(),
            fatalities: Estimate::Exact(fatalities),
            location,
            actors,
            notes: (!notes.is_empty()).then_some(notes),
            external_id: ExternalId::new(IdScheme::Acled, id),
            origin: Origin::Acled(Box::new(fields)),
        });
        Ok(incident)
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

    /// The builder with every accepted incident, in an order that does
    /// not depend on the file's ([`DatasetBuilder::canonicalise`]).
    ///
    /// A group's kind is the actor type most often coded for it as a
    /// principal actor, or, for a group only ever associated, the type of
    /// the principal actors it was most often with (civilians when its
    /// side had none); ties go to the lower inter code. Only accepted rows
    /// count, and neither depends on row order.
    fn finish(self, incidents: Vec<Incident>) -> DatasetBuilder {
        let mut builder = self.builder;
        let mut votes = vec![[0u32; 16]; builder.groups.len()];
        for incident in &incidents {
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
                        votes[actor.group().index()]
                            [usize::from(kind.inter_code() - 1) + offset] += 1;
                    }
                }
            }
        }
        for (group, votes) in builder.groups.iter_mut().zip(&votes) {
            let (principal, associated) = votes.split_at(8);
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
        builder.canonicalise(incidents);
        builder
    }
}
