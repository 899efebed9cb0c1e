//! Reading ACLED CSV into a dataset, quarantining the rows that fail.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use arcstr::ArcStr;
use csv::ByteRecord;
use rustc_hash::FxHashMap;

use super::columns::{ALL, Column, Layout, REQUIRED};
use crate::io::text::{Interner, ParseCache, digits, iso_date, unneutralise};
use crate::io::{Import, Progress, Quarantined, ReadOptions};
use crate::model::origin::acled::AcledLegacy;
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
    let file = File::open(path).map_err(|e| io_error(path.display().to_string(), e))?;
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

fn io_error(path: String, e: std::io::Error) -> Error {
    Error::Io {
        action: "read",
        path,
        source: Arc::new(e),
    }
}

/// Reads `input`, whose size in bytes is `size` when known.
fn read_named(
    input: impl Read,
    mut options: ReadOptions<'_>,
    name: &str,
    size: Option<u64>,
) -> Result<Import, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(input);
    let mut record = ByteRecord::new();
    let header = match reader.read_byte_record(&mut record) {
        Ok(true) => record.clone(),
        Ok(false) => {
            return Err(Error::Header {
                format: "ACLED",
                reason: "the input is empty".into(),
            });
        }
        Err(e) => return Err(csv_error(name, e)),
    };
    let columns = Columns::from_header(&header)?;
    let mut loader = Loader::new(columns);
    let mut rows_read = 0u64;
    let mut quarantined = Vec::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // Invalid UTF-8 cannot reach here (byte records); what can is
                // an I/O failure, which ends the load.
                return Err(csv_error(name, e));
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        if rows_read == 0 && loader.columns.is_hxl_row(&record) {
            continue;
        }
        rows_read += 1;
        if rows_read == 4096 {
            // Size the incident list once from the rows so far, rather
            // than doubling it (and holding two copies) as it grows.
            if let Some(size) = size {
                let per_row = record.position().map_or(0, csv::Position::byte) / rows_read;
                let expected = usize::try_from(size / per_row.max(1)).unwrap_or(0);
                loader
                    .accepted
                    .reserve(expected.saturating_add(expected / 50));
            }
        }
        match loader.row(&record) {
            Ok((incident, hash)) => loader.accept(incident, line, hash),
            Err((column, reason)) => {
                let bad = Quarantined {
                    line,
                    column: column.map(|c| c.name().to_owned()),
                    reason,
                    raw: raw_text(&record),
                };
                if options.strict {
                    return Err(Error::Row(bad));
                }
                quarantined.push(bad);
            }
        }
        if rows_read.is_multiple_of(65_536) {
            let bytes = record.position().map_or(0, csv::Position::byte);
            options.report(Progress {
                rows: rows_read,
                bytes,
            });
        }
    }
    let bytes = reader.position().byte();
    options.report(Progress {
        rows: rows_read,
        bytes,
    });
    // Every rule a dataset checks was checked row by row above (the
    // groups and regions are the loader's own), so the dataset is built
    // without a second pass; debug builds check that claim.
    let builder = loader.finish();
    debug_assert_eq!(crate::Validate::validation_errors(&builder), []);
    let dataset = crate::Dataset::from_valid(builder);
    Ok(Import {
        dataset,
        rows_read,
        quarantined,
        warnings: Vec::new(),
    })
}

fn csv_error(name: &str, e: csv::Error) -> Error {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io_error(name.to_owned(), io),
        _ => Error::Header {
            format: "ACLED",
            reason: message,
        },
    }
}

/// The record's fields joined by commas, quoted where needed.
fn raw_text(record: &ByteRecord) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    if writer.write_byte_record(record).is_err() {
        return String::new();
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(bytes.strip_suffix(b"\n").unwrap_or(&bytes)).into_owned()
}

/// Where each column is in the file.
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

    /// Whether `record` is the HXL hashtag row of an HDX file.
    fn is_hxl_row(&self, record: &ByteRecord) -> bool {
        self.at(Column::EventIdCnty)
            .and_then(|i| record.get(i))
            .is_some_and(|f| f.starts_with(b"#"))
    }
}

/// A bad row: the column at fault, if one, and the reason.
type Bad = (Option<Column>, String);

fn bad(column: Column, expected: &str, found: &str) -> Bad {
    (
        Some(column),
        format!("expected {expected}, found {found:?}"),
    )
}

/// Turns rows into incidents, interning groups, regions and repeated text.
struct Loader {
    columns: Columns,
    text: Interner,
    builder: DatasetBuilder,
    groups: FxHashMap<Box<str>, GroupId>,
    countries: FxHashMap<Box<str>, RegionId>,
    children: Vec<FxHashMap<Box<str>, RegionId>>,
    iso_codes: FxHashMap<u16, CountryCode>,
    /// A buffer for one row's actors.
    actors: Vec<Actor>,
    /// The incidents accepted so far, and the line each was read from.
    accepted: Vec<Incident>,
    lines: Vec<u64>,
    /// The accepted incidents by hash of their event id.
    ids: FxHashMap<u64, u32>,
    /// Further incidents whose ids share a hash with an earlier one.
    more_ids: FxHashMap<u64, Vec<u32>>,
    event_types: ParseCache<crate::EventType>,
    sub_event_types: ParseCache<crate::SubEventType>,
    inters: ParseCache<ActorKind>,
    /// Per group, how often each actor type was coded for it as a principal
    /// actor (0..8) and as the partner of one (8..16).
    kind_votes: Vec<[u32; 16]>,
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
            ids: FxHashMap::default(),
            more_ids: FxHashMap::default(),
            accepted: Vec::new(),
            actors: Vec::new(),
            lines: Vec::new(),
            kind_votes: Vec::new(),
            event_types: ParseCache::default(),
            sub_event_types: ParseCache::default(),
            inters: ParseCache::default(),
        }
    }

    /// The text of `column` in `record`; empty when the file lacks the column.
    fn get<'r>(&self, record: &'r ByteRecord, column: Column) -> Result<&'r str, Bad> {
        let Some(i) = self.columns.at(column) else {
            return Ok("");
        };
        let bytes = record.get(i).unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|_| {
            (
                Some(column),
                "expected UTF-8 text, found invalid bytes".to_owned(),
            )
        })
    }

    /// Text of a free-text column, with formula neutralisation undone.
    fn text<'r>(&self, record: &'r ByteRecord, column: Column) -> Result<&'r str, Bad> {
        self.get(record, column).map(unneutralise)
    }

    /// The incident of one row, and the hash of its event id.
    fn row(&mut self, record: &ByteRecord) -> Result<(Incident, u64), Bad> {
        use Column::*;
        if record.len() != self.columns.count {
            return Err((
                None,
                format!(
                    "expected {} fields, found {}",
                    self.columns.count,
                    record.len()
                ),
            ));
        }
        let id = self.get(record, EventIdCnty)?;
        if id.trim().is_empty() {
            return Err(bad(EventIdCnty, "an event id such as MLI1234", id));
        }
        let date_text = self.get(record, EventDate)?;
        let date = iso_date(date_text).ok_or_else(|| bad(EventDate, "YYYY-MM-DD", date_text))?;
        let year = self.get(record, Year)?;
        if !year.is_empty() && digits(year.as_bytes()) != u32::try_from(date.year()).ok() {
            return Err(bad(
                Year,
                &format!("{}, the year of event_date", date.year()),
                year,
            ));
        }
        let precision = self.get(record, TimePrecision)?;
        let when = digits(precision.as_bytes())
            .and_then(|p| DateSpan::from_acled(date, u8::try_from(p).ok()?).ok())
            .ok_or_else(|| bad(TimePrecision, "1, 2 or 3", precision))?;
        let event_type_text = self.get(record, EventType)?;
        let event_type = self
            .event_types
            .get(event_type_text, |t| t.parse().ok())
            .ok_or_else(|| bad(EventType, "an ACLED event type", event_type_text))?;
        let sub_text = self.get(record, SubEventType)?;
        let kind = self
            .sub_event_types
            .get(sub_text, |t| t.parse::<crate::SubEventType>().ok())
            .filter(|sub| sub.event_type() == event_type)
            .ok_or_else(|| {
                bad(
                    SubEventType,
                    &format!("a sub-event type of {:?}", event_type.label()),
                    sub_text,
                )
            })?;
        let disorder = self.get(record, DisorderType)?;
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

        // Places.
        let iso_text = self.get(record, Iso)?;
        let iso = digits(iso_text.as_bytes())
            .and_then(|n| u16::try_from(n).ok())
            .ok_or_else(|| bad(Iso, "an ISO 3166-1 numeric country code", iso_text))?;
        let code = self
            .country_code(iso)
            .ok_or_else(|| bad(Iso, "an ISO 3166-1 numeric country code", iso_text))?;
        let country = self.text(record, Country)?;
        if country.trim().is_empty() {
            return Err(bad(Country, "a country name", country));
        }
        let mut region = self.country(country, code);
        let mut level = 0u8;
        for column in [Admin1, Admin2, Admin3] {
            level += 1;
            let name = self.text(record, column)?;
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
        let lat_text = self.get(record, Latitude)?;
        let lon_text = self.get(record, Longitude)?;
        let lat = lat_text
            .parse::<f64>()
            .map_err(|_| bad(Latitude, "a finite number in [-90, 90]", lat_text))?;
        let lon = lon_text
            .parse::<f64>()
            .map_err(|_| bad(Longitude, "a finite number in [-180, 180]", lon_text))?;
        let geo = self.get(record, GeoPrecision)?;
        let geo_precision = digits(geo.as_bytes())
            .and_then(|p| crate::GeoPrecision::from_acled(u8::try_from(p).ok()?).ok())
            .ok_or_else(|| bad(GeoPrecision, "1, 2 or 3", geo))?;
        let mut location = crate::Location::new(lat, lon, geo_precision).map_err(|e| match e {
            Error::InvalidValue {
                field: "latitude", ..
            } => bad(Latitude, "a finite number in [-90, 90]", lat_text),
            _ => bad(Longitude, "a finite number in [-180, 180]", lon_text),
        })?;
        let place = self.text(record, Location)?;
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
            let name = self.text(record, principal)?;
            let inter_text = self.get(record, inter)?;
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
                    let group = self.group(name, kind, Role::Principal);
                    actors.push(
                        Actor::new(group, side, Role::Principal, Confidence::Reported)
                            .coded_as(kind),
                    );
                }
            }
            let assoc = self.text(record, associated)?;
            for part in assoc.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let kind = coded.unwrap_or(ActorKind::Civilians);
                let group = self.group(part, kind, Role::Associated);
                actors.push(Actor::new(
                    group,
                    side,
                    Role::Associated,
                    Confidence::Reported,
                ));
            }
        }

        // Figures and the rest.
        let fatalities_text = self.get(record, Fatalities)?;
        let fatalities = digits(fatalities_text.as_bytes())
            .ok_or_else(|| bad(Fatalities, "a whole number of at least 0", fatalities_text))?;
        let timestamp = match self.get(record, Timestamp)? {
            "" => None,
            t => Some(
                t.parse::<i64>()
                    .map_err(|_| bad(Timestamp, "Unix seconds", t))?,
            ),
        };
        let notes = self.text(record, Notes)?;
        if !notes.is_empty() && notes.trim().is_empty() {
            return Err(bad(Notes, "notes or nothing", notes));
        }
        let hash = self.unique_id(id)?;
        self.actors = actors;
        let actors = &self.actors;

        let civilian_targeting = self.get(record, CivilianTargeting)?;
        let legacy = match self.columns.layout {
            Layout::Hdx => Some(Box::new(AcledLegacy {
                data_id: ArcStr::from(self.get(record, DataId)?),
                event_id_no_cnty: ArcStr::from(self.get(record, EventIdNoCnty)?),
                iso3: self.text.get(self.get(record, Iso3)?),
            })),
            Layout::Current => None,
        };
        let fields = AcledFields {
            iso,
            region: self.text.get(self.text(record, Region)?),
            interaction: self.text.get(self.get(record, Interaction)?),
            inter_form,
            civilian_targeting: self.text.get(civilian_targeting),
            source: self.text.get(self.text(record, Source)?),
            source_scale: self.text.get(self.text(record, SourceScale)?),
            tags: self.text.get(self.text(record, Tags)?),
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
        Ok((incident, hash))
    }

    /// Refuses an event id an accepted row already has. Ids are found by
    /// hash among the accepted incidents and compared by text, so nothing
    /// is copied per row.
    fn unique_id(&self, id: &str) -> Result<u64, Bad> {
        use std::hash::BuildHasher;
        let hash = rustc_hash::FxBuildHasher.hash_one(id);
        let same = |i: &u32| {
            self.accepted[*i as usize]
                .external_ids()
                .first()
                .is_some_and(|x| x.value() == id)
        };
        let mut candidates = self
            .ids
            .get(&hash)
            .into_iter()
            .chain(self.more_ids.get(&hash).into_iter().flatten());
        if let Some(i) = candidates.find(|i| same(i)) {
            return Err((
                Some(Column::EventIdCnty),
                format!(
                    "expected a unique event id, found {id:?} again (first on line {})",
                    self.lines[*i as usize]
                ),
            ));
        }
        Ok(hash)
    }

    /// Keeps an accepted incident read from `line`, its id hashed to `hash`.
    fn accept(&mut self, incident: Incident, line: u64, hash: u64) {
        let index = u32::try_from(self.accepted.len()).unwrap_or(u32::MAX);
        match self.ids.entry(hash) {
            std::collections::hash_map::Entry::Occupied(_) => {
                self.more_ids.entry(hash).or_default().push(index);
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
        self.accepted.push(incident);
        self.lines.push(line);
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
        self.children.push(FxHashMap::default());
        self.countries.insert(name.into(), id);
        id
    }

    fn child(&mut self, parent: RegionId, name: &str, code: CountryCode, level: u8) -> RegionId {
        if let Some(id) = self.children[parent.index()].get(name) {
            return *id;
        }
        let level = AdminLevel::new(level).unwrap_or(AdminLevel::ADMIN3);
        let id = self
            .builder
            .add_region(Region::new(name, code, level).parent(parent));
        self.children.push(FxHashMap::default());
        self.children[parent.index()].insert(name.into(), id);
        id
    }

    /// The group called `name`, counting `kind` as a vote for its kind.
    fn group(&mut self, name: &str, kind: ActorKind, role: Role) -> GroupId {
        let id = match self.groups.get(name) {
            Some(id) => *id,
            None => {
                let id = self.builder.add_group(Group::new(name, kind.into()));
                self.groups.insert(name.into(), id);
                self.kind_votes.push([0; 16]);
                id
            }
        };
        let slot = usize::from(kind.inter_code() - 1) + if role == Role::Principal { 0 } else { 8 };
        self.kind_votes[id.index()][slot] += 1;
        id
    }

    /// The builder with every accepted incident, groups numbered by name
    /// and regions by path, so that row order does not matter.
    ///
    /// A group's kind is the actor type most often coded for it as a
    /// principal actor, or, for a group only ever associated, the type of
    /// the principal actors it was most often with; ties go to the lower
    /// inter code. Neither depends on row order.
    fn finish(self) -> DatasetBuilder {
        let incidents = self.accepted;
        let mut builder = self.builder;
        for (group, votes) in builder.groups.iter_mut().zip(&self.kind_votes) {
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
        let group_order = order_by(builder.groups.len(), |i| {
            builder.groups[i].name().to_owned()
        });
        let paths: Vec<Vec<String>> = (0..builder.regions.len())
            .map(|i| {
                let mut path = Vec::new();
                let mut current = Some(RegionId::new(u32::try_from(i).unwrap_or(u32::MAX)));
                while let Some(id) = current {
                    let region = &builder.regions[id.index()];
                    path.push(region.name().to_owned());
                    current = region.parent_id();
                }
                path.reverse();
                path
            })
            .collect();
        let region_order = order_by(builder.regions.len(), |i| paths[i].clone());
        builder.renumber(&group_order, &region_order, incidents);
        builder
    }
}

/// `new[old]`: the position of each item when sorted by `key`.
fn order_by<K: Ord>(n: usize, key: impl Fn(usize) -> K) -> Vec<u32> {
    let mut by_key: Vec<usize> = (0..n).collect();
    by_key.sort_by_cached_key(|&i| key(i));
    let mut new = vec![0u32; n];
    for (position, old) in by_key.into_iter().enumerate() {
        new[old] = u32::try_from(position).unwrap_or(u32::MAX);
    }
    new
}
