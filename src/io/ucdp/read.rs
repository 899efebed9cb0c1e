//! Reading UCDP GED CSV into a dataset, quarantining the rows that fail.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use arcstr::ArcStr;
use csv::ByteRecord;
use rustc_hash::FxHashMap;

use super::columns::{
    Column, OFFICIAL, OPTIONAL, parse_bool, parse_coordinate, parse_date, source_count, whole,
};
use super::countries::country_code;
use crate::io::record::{self, bad, csv_error, raw_text, read_error};
use crate::io::text::Interner;
use crate::io::ucdp::Layout;
use crate::io::{Import, Progress, Quarantined, ReadOptions, Warning};
use crate::{
    Actor, AdminLevel, Confidence, CountryCode, DatasetBuilder, DateSpan, Error, Estimate,
    ExternalId, GeoPrecision, Group, GroupId, GroupKind, IdScheme, Incident, Location, Origin,
    Quantity, Region, RegionId, Role, Side, UcdpFields, ViolenceType,
};

/// The format's name in errors.
const FORMAT: &str = "UCDP GED";

/// Reads the UCDP GED file at `path`.
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read, [`Error::Header`] when its
/// header is not UCDP GED's, and [`Error::Row`] for the first bad row when
/// `options` are strict.
pub fn read_path(path: impl AsRef<Path>, options: ReadOptions<'_>) -> Result<Import, Error> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| read_error(&name, e))?;
    read_named(file, options, &name)
}

/// Reads UCDP GED CSV, in either [`Layout`], from `input`.
///
/// ```
/// use conflict_events::io::{ReadOptions, ucdp};
/// use conflict_events::{GroupKind, ViolenceType};
///
/// let csv = "\
/// id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best_est,high_est,low_est
/// 1,MLI-2026-3-1-1,2026,True,Clear,3,1,1,JNIM - Civilians,1,1,JNIM - Civilians,1,1,JNIM,9999,1,Civilians,1,,,,,,1,Bafoulabe town,Bafoulabe,Kayes region,Bafoulabe cercle,13.806500,-10.832100,POINT (-10.8321 13.8065),148698,Mali,432,Africa,1,1,01/11/2026 00:00:00,01/11/2026 00:00:00,0,0,3,0,3,4,3,
/// 2,MLI-2026-3-1-2,2026,True,Clear,3,1,1,JNIM - Civilians,1,1,JNIM - Civilians,1,1,JNIM,9999,1,Civilians,1,,,,,,1,Kayes town,Kayes,Kayes region,Kayes cercle,14.400000,-11.400000,POINT (-11.4 14.4),149418,Mali,432,Africa,1,1,02/30/2026 00:00:00,02/30/2026 00:00:00,0,0,1,0,1,1,1,
/// ";
/// let import = ucdp::read(csv.as_bytes(), ReadOptions::new())?;
/// assert_eq!((import.rows_read(), import.accepted()), (2, 1));
/// assert_eq!(
///     import.quarantined()[0].to_string(),
///     "line 3, column date_start: expected a date as YYYY-MM-DD or MM/DD/YYYY 00:00:00, \
///      found \"02/30/2026 00:00:00\""
/// );
/// let data = import.dataset();
/// let incident = &data.incidents()[0];
/// assert_eq!(incident.violence_type(), Some(ViolenceType::OneSided));
/// assert!(incident.civilians_targeted());
/// let jnim = data.find_group("JNIM").expect("side A is a group");
/// assert_eq!(data.group(jnim).map(|g| g.kind()), Some(GroupKind::Rebel));
/// # Ok::<(), conflict_events::Error>(())
/// ```
///
/// # Errors
///
/// As [`read_path`].
pub fn read(input: impl Read, options: ReadOptions<'_>) -> Result<Import, Error> {
    read_named(input, options, "input")
}

fn read_named(input: impl Read, mut options: ReadOptions<'_>, name: &str) -> Result<Import, Error> {
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
                format: FORMAT,
                reason: "the input is empty".into(),
            });
        }
        Err(e) => return Err(csv_error(FORMAT, name, e)),
    };
    let columns = Columns::from_header(&header)?;
    let layout = columns.layout;
    let mut loader = Loader::new(columns);
    let mut rows_read = 0u64;
    let mut quarantined = Vec::new();
    let mut warnings = Vec::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // Byte records cannot fail on UTF-8; what can fail is I/O,
            // which ends the load.
            Err(e) => return Err(csv_error(FORMAT, name, e)),
        }
        let line = record.position().map_or(0, csv::Position::line);
        rows_read += 1;
        match loader.row(&record, line) {
            Ok(warning) => warnings.extend(warning),
            Err((column, reason)) => {
                let bad = Quarantined {
                    line,
                    column: column.map(|c| c.name(layout).to_owned()),
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
    options.report(Progress {
        rows: rows_read,
        bytes: reader.position().byte(),
    });
    // Every rule a dataset checks was checked row by row above (ids are
    // unique, names are not blank, the groups and regions are the
    // loader's own) and the incidents are in canonical, so date, order:
    // the dataset is built without a second pass; debug builds check both
    // claims.
    let builder = loader.finish();
    debug_assert_eq!(crate::Validate::validation_errors(&builder), []);
    let dataset = crate::Dataset::from_sorted(builder);
    Ok(Import {
        dataset,
        rows_read,
        quarantined,
        warnings,
    })
}

/// Where each column is in the file.
struct Columns {
    index: [Option<usize>; OFFICIAL.len()],
    count: usize,
    layout: Layout,
}

impl Columns {
    fn from_header(header: &ByteRecord) -> Result<Columns, Error> {
        let mut index = [None; OFFICIAL.len()];
        let mut spelled = [false; 2];
        for (i, name) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(name);
            let name = name.trim_start_matches('\u{feff}').trim();
            if let Some((column, layout)) = Column::from_name(name) {
                index[column as usize].get_or_insert(i);
                if let Some(layout) = layout {
                    spelled[layout as usize] = true;
                }
            }
        }
        let layout = match spelled {
            [true, true] => {
                return Err(Error::Header {
                    format: FORMAT,
                    reason: "expected the estimates named best, high, low or best_est, \
                             high_est, low_est, found both"
                        .into(),
                });
            }
            [_, true] => Layout::WebExport,
            _ => Layout::Official,
        };
        let missing: Vec<&str> = OFFICIAL
            .iter()
            .filter(|c| !OPTIONAL.contains(c) && index[**c as usize].is_none())
            .map(|c| c.name(layout))
            .collect();
        if !missing.is_empty() {
            return Err(Error::Header {
                format: FORMAT,
                reason: format!("missing column {}", missing.join(", ")),
            });
        }
        Ok(Columns {
            index,
            count: header.len(),
            layout,
        })
    }

    fn at(&self, column: Column) -> Option<usize> {
        self.index[column as usize]
    }
}

/// A bad row of this format.
type Bad = record::Bad<Column>;

/// The expected form of `date_start` and `date_end`.
const DATE: &str = "a date as YYYY-MM-DD or MM/DD/YYYY 00:00:00";

/// The kind of a group UCDP names `name`.
///
/// UCDP GED has no actor typology: its sides are only names and ids in
/// UCDP's actor list. The kind is guessed from the name alone, so that it
/// does not depend on which rows were read or in what order: a name
/// starting `Government of` is [`GroupKind::StateForces`], `Civilians` is
/// [`GroupKind::Civilians`], and every other side (rebels, jihadist
/// groups, communal militias alike) is [`GroupKind::Rebel`].
fn group_kind(name: &str) -> GroupKind {
    if name.starts_with("Government of") {
        GroupKind::StateForces
    } else if name == "Civilians" {
        GroupKind::Civilians
    } else {
        GroupKind::Rebel
    }
}

/// Turns rows into incidents, interning groups, regions and repeated text.
struct Loader {
    columns: Columns,
    text: Interner,
    builder: DatasetBuilder,
    groups: FxHashMap<Box<str>, GroupId>,
    countries: FxHashMap<Box<str>, RegionId>,
    /// Per region, its children at the next two levels, by name.
    children: Vec<[FxHashMap<Box<str>, RegionId>; 2]>,
    codes: FxHashMap<Box<str>, Option<CountryCode>>,
    /// The line of each event id and relid read so far.
    ids: FxHashMap<Box<str>, u64>,
    relids: FxHashMap<Box<str>, u64>,
    /// The accepted incidents.
    accepted: Vec<Incident>,
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
            codes: FxHashMap::default(),
            ids: FxHashMap::default(),
            relids: FxHashMap::default(),
            accepted: Vec::new(),
        }
    }

    /// The text of `column` in `record`; empty when the file lacks the column.
    fn get<'r>(&self, record: &'r ByteRecord, column: Column) -> Result<&'r str, Bad> {
        let Some(i) = self.columns.at(column) else {
            return Ok("");
        };
        let bytes = record.get(i).unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|_| {
            let lossy = String::from_utf8_lossy(bytes);
            (
                Some(column),
                format!("expected UTF-8 text, found {lossy:?}"),
            )
        })
    }

    /// A whole number of at most `u32::MAX` in `column`.
    fn number(&self, record: &ByteRecord, column: Column, expected: &str) -> Result<u32, Bad> {
        let text = self.get(record, column)?;
        whole(text)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| bad(column, expected, text))
    }

    /// A small code in `column`, one of `range`.
    fn code(
        &self,
        record: &ByteRecord,
        column: Column,
        range: std::ops::RangeInclusive<u8>,
        expected: &str,
    ) -> Result<u8, Bad> {
        let text = self.get(record, column)?;
        whole(text)
            .and_then(|n| u8::try_from(n).ok())
            .filter(|n| range.contains(n))
            .ok_or_else(|| bad(column, expected, text))
    }

    /// A name that may be empty but not blank.
    fn name<'r>(&self, record: &'r ByteRecord, column: Column) -> Result<&'r str, Bad> {
        let text = self.get(record, column)?;
        if !text.is_empty() && text.trim().is_empty() {
            return Err(bad(column, "a name or nothing", text));
        }
        Ok(text)
    }

    /// Whether the row has the website export's empty extra field; a bad
    /// row when it has the wrong number of fields.
    fn trailing_field(&self, record: &ByteRecord) -> Result<bool, Bad> {
        let count = self.columns.count;
        let found = record.len();
        match self.columns.layout {
            _ if found == count => Ok(false),
            Layout::WebExport if found == count + 1 => match record.get(count) {
                Some([]) => Ok(true),
                last => Err((
                    None,
                    format!(
                        "expected field {found} to be empty, found {:?}",
                        String::from_utf8_lossy(last.unwrap_or_default())
                    ),
                )),
            },
            Layout::WebExport => Err((
                None,
                format!(
                    "expected {count} fields, or {} with the last empty, found {found}",
                    count + 1
                ),
            )),
            Layout::Official => Err((None, format!("expected {count} fields, found {found}"))),
        }
    }

    /// Reads one row: the warning about it, when one, or why it is bad.
    fn row(&mut self, record: &ByteRecord, line: u64) -> Result<Option<Warning>, Bad> {
        use Column::*;
        let layout = self.columns.layout;
        let trailing_field = self.trailing_field(record)?;

        // Ids and bookkeeping.
        let id = self.get(record, Id)?;
        whole(id).ok_or_else(|| bad(Id, "an event id such as 235799", id))?;
        let relid = self.name(record, Relid)?;
        let year_text = self.get(record, Year)?;
        let year = whole(year_text)
            .and_then(|y| u16::try_from(y).ok())
            .ok_or_else(|| bad(Year, "a year such as 2016", year_text))?;
        let active_text = self.get(record, ActiveYear)?;
        let (active_year, active_year_form) = parse_bool(active_text)
            .ok_or_else(|| bad(ActiveYear, "True, False, 1 or 0", active_text))?;
        let code_status = self.get(record, CodeStatus)?;
        let violence = self.code(record, TypeOfViolence, 1..=3, "1, 2 or 3")?;
        let violence =
            ViolenceType::from_code(violence).map_err(|e| (Some(TypeOfViolence), e.to_string()))?;
        let conflict = "a UCDP conflict id such as 14113";
        let dyad = "a UCDP dyad id such as 15259";
        let actor = "a UCDP actor id such as 72";
        let conflict_dset_id = self.number(record, ConflictDsetId, conflict)?;
        let conflict_new_id = self.number(record, ConflictNewId, conflict)?;
        let conflict_name = self.get(record, ConflictName)?;
        let dyad_dset_id = self.number(record, DyadDsetId, dyad)?;
        let dyad_new_id = self.number(record, DyadNewId, dyad)?;
        let dyad_name = self.get(record, DyadName)?;
        let side_a_dset_id = self.number(record, SideADsetId, actor)?;
        let side_a_new_id = self.number(record, SideANewId, actor)?;
        let side_a = self.get(record, SideA)?;
        if side_a.trim().is_empty() {
            return Err(bad(SideA, "the name of side A", side_a));
        }
        let side_b_dset_id = self.number(record, SideBDsetId, actor)?;
        let side_b_new_id = self.number(record, SideBNewId, actor)?;
        let side_b = self.get(record, SideB)?;
        if side_b.trim().is_empty() {
            return Err(bad(SideB, "the name of side B", side_b));
        }
        let sources_text = self.get(record, NumberOfSources)?;
        let number_of_sources = source_count(sources_text).ok_or_else(|| {
            bad(
                NumberOfSources,
                "a number of sources, or a negative code",
                sources_text,
            )
        })?;

        // Place.
        let where_prec = self.code(record, WherePrec, 1..=7, "an integer from 1 to 7")?;
        let precision =
            GeoPrecision::from_ucdp(where_prec).map_err(|e| (Some(WherePrec), e.to_string()))?;
        let place = self.get(record, WhereCoordinates)?;
        let adm_1 = self.name(record, Adm1)?;
        let adm_2 = self.name(record, Adm2)?;
        let lat_text = self.get(record, Latitude)?;
        let lon_text = self.get(record, Longitude)?;
        let latitude = "a number in [-90, 90]";
        let longitude = "a number in [-180, 180]";
        let (lat, latitude_decimals) =
            parse_coordinate(lat_text).ok_or_else(|| bad(Latitude, latitude, lat_text))?;
        let (lon, longitude_decimals) =
            parse_coordinate(lon_text).ok_or_else(|| bad(Longitude, longitude, lon_text))?;
        let location = Location::new(lat, lon, precision).map_err(|e| match e {
            Error::InvalidValue {
                field: "latitude", ..
            } => bad(Latitude, latitude, lat_text),
            _ => bad(Longitude, longitude, lon_text),
        })?;
        let priogrid_text = self.get(record, PriogridGid)?;
        let priogrid_gid = match priogrid_text {
            "" => None,
            t => Some(
                whole(t)
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| bad(PriogridGid, "a PRIO-GRID cell such as 152282", t))?,
            ),
        };
        let country = self.get(record, Country)?;
        let code = self
            .country_code(country)
            .ok_or_else(|| bad(Country, "a country name with an ISO 3166 code", country))?;
        let country_id_text = self.get(record, CountryId)?;
        let country_id = whole(country_id_text)
            .and_then(|n| u16::try_from(n).ok())
            .ok_or_else(|| {
                bad(
                    CountryId,
                    "a Gleditsch-Ward country number such as 432",
                    country_id_text,
                )
            })?;
        let event_clarity = self.code(record, EventClarity, 1..=2, "1 or 2")?;

        // Time.
        let date_prec = self.code(record, DatePrec, 1..=5, "an integer from 1 to 5")?;
        let start_text = self.get(record, DateStart)?;
        let (start, date_start_form) =
            parse_date(start_text).ok_or_else(|| bad(DateStart, DATE, start_text))?;
        let end_text = self.get(record, DateEnd)?;
        let (end, date_end_form) =
            parse_date(end_text).ok_or_else(|| bad(DateEnd, DATE, end_text))?;
        let when = DateSpan::from_ucdp(start, end, date_prec).map_err(|_| {
            bad(
                DateEnd,
                &format!("a date on or after date_start, {start}"),
                end_text,
            )
        })?;

        // Deaths.
        let deaths = "a whole number of deaths such as 12";
        let deaths_a = self.number(record, DeathsA, deaths)?;
        let deaths_b = self.number(record, DeathsB, deaths)?;
        let deaths_civilians = self.number(record, DeathsCivilians, deaths)?;
        let deaths_unknown = self.number(record, DeathsUnknown, deaths)?;
        let best = self.number(record, Best, deaths)?;
        let high = self.number(record, High, deaths)?;
        let low = self.number(record, Low, deaths)?;
        let fatalities = Estimate::range(low, Some(best), high).map_err(|_| {
            let [l, b, h] = [Low, Best, High].map(|c| c.name(layout));
            (
                Some(Best),
                format!("expected {l} <= {b} <= {h}, found \"{l} {low}, {b} {best}, {h} {high}\""),
            )
        })?;

        // Text kept as written.
        let source_article = self.get(record, SourceArticle)?;
        let source_office = self.get(record, SourceOffice)?;
        let source_date = self.get(record, SourceDate)?;
        let source_headline = self.get(record, SourceHeadline)?;
        let source_original = self.get(record, SourceOriginal)?;
        let where_description = self.get(record, WhereDescription)?;
        let geom_wkt = self.get(record, GeomWkt)?;
        let world_region = self.get(record, Region)?;
        let gwnoa = self.get(record, Gwnoa)?;
        let gwnob = self.get(record, Gwnob)?;

        // Keys: unique, checked last so that a bad row claims none.
        if let Some(first) = self.ids.get(id) {
            return Err((
                Some(Id),
                format!("expected a unique event id, found {id:?} again (first on line {first})"),
            ));
        }
        if let Some(first) = self.relids.get(relid) {
            return Err((
                Some(Relid),
                format!("expected a unique relid, found {relid:?} again (first on line {first})"),
            ));
        }
        self.ids.insert(id.into(), line);
        if !relid.is_empty() {
            self.relids.insert(relid.into(), line);
        }

        // The row is accepted: intern its groups, regions and text.
        let mut region = self.country(country, code);
        if !adm_1.is_empty() {
            region = self.child(region, adm_1, code, AdminLevel::ADMIN1);
        }
        if !adm_2.is_empty() {
            region = self.child(region, adm_2, code, AdminLevel::ADMIN2);
        }
        let location = if place.is_empty() {
            location
        } else {
            location.with_place(self.text.get(place))
        };
        let group_a = self.group(side_a);
        let group_b = self.group(side_b);
        let t = &mut self.text;
        let fields = UcdpFields {
            layout,
            year,
            active_year,
            code_status: t.get(code_status),
            conflict_dset_id,
            conflict_new_id,
            conflict_name: t.get(conflict_name),
            dyad_dset_id,
            dyad_new_id,
            dyad_name: t.get(dyad_name),
            side_a_dset_id,
            side_a_new_id,
            side_b_dset_id,
            side_b_new_id,
            number_of_sources,
            source_article: ArcStr::from(source_article),
            source_office: t.get(source_office),
            source_date: ArcStr::from(source_date),
            source_headline: ArcStr::from(source_headline),
            source_original: t.get(source_original),
            where_description: ArcStr::from(where_description),
            geom_wkt: t.get(geom_wkt),
            priogrid_gid,
            country_id,
            region: t.get(world_region),
            event_clarity,
            deaths_a,
            deaths_b,
            deaths_civilians,
            deaths_unknown,
            gwnoa: t.get(gwnoa),
            gwnob: t.get(gwnob),
            active_year_form,
            date_start_form,
            date_end_form,
            latitude_decimals,
            longitude_decimals,
            trailing_field,
        };
        let warning = (u64::from(best) != fields.deaths_total()).then(|| Warning {
            line,
            column: Best.name(layout).to_owned(),
            message: format!(
                "{} {best} differs from deaths_a + deaths_b + deaths_civilians + \
                 deaths_unknown = {deaths_a} + {deaths_b} + {deaths_civilians} + \
                 {deaths_unknown} = {}",
                Best.name(layout),
                fields.deaths_total()
            ),
        });
        let mut incident = Incident::builder(violence.sub_event_type(), when, region)
            .violence_type(violence)
            .civilians_targeted(violence == ViolenceType::OneSided)
            .location(location)
            .figure(Quantity::Fatalities, fatalities)
            .external_id(ExternalId::new(IdScheme::UcdpGed, id));
        if !relid.is_empty() {
            incident = incident.external_id(ExternalId::new(IdScheme::UcdpRelid, relid));
        }
        let incident = incident
            .actor(Actor::new(
                group_a,
                Side::A,
                Role::Principal,
                Confidence::Reported,
            ))
            .actor(Actor::new(
                group_b,
                Side::B,
                Role::Principal,
                Confidence::Reported,
            ))
            .origin(Origin::Ucdp(Box::new(fields)))
            .build();
        self.accepted.push(incident);
        Ok(warning)
    }

    fn country_code(&mut self, name: &str) -> Option<CountryCode> {
        if let Some(code) = self.codes.get(name) {
            return *code;
        }
        let code = country_code(name);
        self.codes.insert(name.into(), code);
        code
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

    fn child(
        &mut self,
        parent: RegionId,
        name: &str,
        code: CountryCode,
        level: AdminLevel,
    ) -> RegionId {
        let slot = usize::from(level.get() - 1).min(1);
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

    /// The group called `name`.
    fn group(&mut self, name: &str) -> GroupId {
        if let Some(id) = self.groups.get(name) {
            return *id;
        }
        let id = self.builder.add_group(Group::new(name, group_kind(name)));
        self.groups.insert(name.into(), id);
        id
    }

    /// The builder with every accepted incident, in an order that does
    /// not depend on the file's ([`DatasetBuilder::canonicalise`]).
    fn finish(self) -> DatasetBuilder {
        let mut builder = self.builder;
        builder.canonicalise(self.accepted);
        builder
    }
}
