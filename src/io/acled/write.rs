//! Writing a dataset as ACLED CSV.

use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::columns::{Column, Layout, hxl_tag};
use crate::io::record::{raw_text, write_error};
use crate::io::text::neutralise;
use crate::{
    AcledFields, ActorKind, AdminLevel, Dataset, Error, Group, GroupId, IdScheme, Incident,
    InterForm, Region, RegionId, Role, Side,
};

/// How to write ACLED CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    layout: Layout,
    neutralise_formulas: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            layout: Layout::Current,
            neutralise_formulas: true,
        }
    }
}

impl WriteOptions {
    /// The current layout, formulas neutralised.
    pub fn new() -> Self {
        WriteOptions::default()
    }

    /// Writes `layout`; [`Layout::Hdx`] also writes the HXL tag row and
    /// CRLF line ends.
    #[must_use]
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// On by default: a text cell that starts with `=`, `+`, `-`, `@`, a
    /// tab or a carriage return, which Excel, LibreOffice and Google Sheets
    /// would run as a formula, is written with a leading `'`. The reader
    /// removes such an apostrophe again, so the round trip is unchanged.
    /// Numeric cells (coordinates, counts) are never changed.
    #[must_use]
    pub fn neutralise_formulas(mut self, on: bool) -> Self {
        self.neutralise_formulas = on;
        self
    }
}

/// Writes `dataset` as ACLED CSV to the file at `path`.
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be written.
pub fn write_path(
    dataset: &Dataset,
    path: impl AsRef<Path>,
    options: WriteOptions,
) -> Result<(), Error> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let file = File::create(path).map_err(|e| write_error(&name, e))?;
    write_named(dataset, file, options, &name)
}

/// Writes `dataset` as ACLED CSV to `output`, one row per incident in date
/// order.
///
/// Incidents read from ACLED come back as they were read, every field the
/// same. Others are written as ACLED would code them: the first day of
/// the span as `event_date`; the principal and associated actors of sides
/// A and B; the sources' names as `source`; the low end of the fatalities
/// estimate, 0 when unknown (ACLED's rule for events with no reported
/// fatalities); the first external id, or the country code and incident
/// id, as `event_id_cnty`.
///
/// # Errors
///
/// [`Error::Io`] when `output` fails.
pub fn write(dataset: &Dataset, output: impl Write, options: WriteOptions) -> Result<(), Error> {
    write_named(dataset, output, options, "output")
}

fn write_named(
    dataset: &Dataset,
    output: impl Write,
    options: WriteOptions,
    name: &str,
) -> Result<(), Error> {
    let terminator = match options.layout {
        Layout::Current => csv::Terminator::Any(b'\n'),
        Layout::Hdx => csv::Terminator::CRLF,
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(terminator)
        .buffer_capacity(1 << 20)
        .from_writer(output);
    let columns = options.layout.column_list();
    let fail = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => write_error(name, io),
        other => write_error(name, std::io::Error::other(format!("{other:?}"))),
    };
    writer
        .write_record(options.layout.columns())
        .map_err(fail)?;
    if options.layout == Layout::Hdx {
        writer
            .write_record(columns.iter().map(|c| hxl_tag(*c)))
            .map_err(fail)?;
    }
    let names = Names {
        groups: dataset.groups(),
        regions: dataset.regions(),
    };
    let mut row: Vec<Cow<'_, str>> = Vec::with_capacity(columns.len());
    for (index, incident) in dataset.incidents().iter().enumerate() {
        cells(
            names,
            incident,
            index,
            columns,
            options.neutralise_formulas,
            &mut row,
        );
        writer
            .write_record(row.iter().map(|c| c.as_bytes()))
            .map_err(fail)?;
    }
    writer.flush().map_err(|e| write_error(name, e))
}

/// Sets `row` to the cells of `incident` (the `index`th) in `columns`.
fn cells<'a>(
    names: Names<'a>,
    incident: &'a Incident,
    index: usize,
    columns: &[Column],
    neutralise_formulas: bool,
    row: &mut Vec<Cow<'a, str>>,
) {
    row.clear();
    let cells = Cells {
        dataset: names,
        incident,
        index,
        acled: incident.origin().and_then(|o| o.acled()),
    };
    for &column in columns {
        let value = cells.get(column);
        row.push(if neutralise_formulas && column.is_text() {
            match value {
                Cow::Borrowed(text) => neutralise(text),
                Cow::Owned(text) => Cow::Owned(neutralise(&text).into_owned()),
            }
        } else {
            value
        });
    }
}

/// The row `incident` would have in a file of `layout`, as CSV text
/// without a line end: what a quarantined row shows when only its incident
/// is left.
pub(crate) fn row_text(
    groups: &[Group],
    regions: &[Region],
    incident: &Incident,
    layout: Layout,
) -> String {
    let mut row = Vec::new();
    let names = Names { groups, regions };
    cells(names, incident, 0, layout.column_list(), false, &mut row);
    raw_text(&row.iter().map(|c| c.as_bytes()).collect())
}

/// The groups and regions incidents refer to.
#[derive(Clone, Copy)]
struct Names<'a> {
    groups: &'a [Group],
    regions: &'a [Region],
}

impl<'a> Names<'a> {
    fn group(&self, id: GroupId) -> Option<&'a Group> {
        self.groups.get(id.index())
    }

    fn region(&self, id: RegionId) -> Option<&'a Region> {
        self.regions.get(id.index())
    }

    /// `region` or its ancestor at `level`.
    fn ancestor_at(&self, region: RegionId, level: AdminLevel) -> Option<RegionId> {
        let mut current = Some(region);
        for _ in 0..=self.regions.len() {
            let id = current?;
            let r = self.region(id)?;
            if r.level() == level {
                return Some(id);
            }
            current = r.parent_id();
        }
        None
    }
}

/// The cells of one incident's row.
struct Cells<'a> {
    dataset: Names<'a>,
    incident: &'a Incident,
    index: usize,
    acled: Option<&'a AcledFields>,
}

impl<'a> Cells<'a> {
    fn get(&self, column: Column) -> Cow<'a, str> {
        use Column::*;
        let i = self.incident;
        let acled = self.acled;
        let owned = |s: String| Cow::Owned(s);
        let from = |f: fn(&'a AcledFields) -> &'a str| Cow::Borrowed(acled.map_or("", f));
        match column {
            EventIdCnty => match i
                .external_ids()
                .iter()
                .find(|x| x.scheme() == IdScheme::Acled)
            {
                Some(id) => Cow::Borrowed(id.value()),
                None => match i.external_ids().first() {
                    Some(id) => Cow::Borrowed(id.value()),
                    None => owned(format!("{}{}", self.country_code(), self.index)),
                },
            },
            EventDate => owned(i.when().start().to_string()),
            Year => owned(i.when().start().year().to_string()),
            TimePrecision => owned(i.when().precision().acled_code().unwrap_or(3).to_string()),
            DisorderType => Cow::Borrowed(i.sub_event_type().disorder_type().label()),
            EventType => Cow::Borrowed(i.event_type().label()),
            SubEventType => Cow::Borrowed(i.sub_event_type().label()),
            Actor1 => self.actors(Side::A, Role::Principal),
            AssocActor1 => self.actors(Side::A, Role::Associated),
            Actor2 => self.actors(Side::B, Role::Principal),
            AssocActor2 => self.actors(Side::B, Role::Associated),
            Inter1 => self.inter(Side::A),
            Inter2 => self.inter(Side::B),
            Interaction => match acled {
                Some(a) => Cow::Borrowed(a.interaction()),
                None => owned(interaction(self.kind(Side::A), self.kind(Side::B))),
            },
            CivilianTargeting => match acled {
                Some(a) => Cow::Borrowed(a.civilian_targeting()),
                None if i.civilians_targeted() => Cow::Borrowed("Civilian targeting"),
                None => Cow::Borrowed(""),
            },
            Iso => match acled {
                Some(a) => owned(a.iso().to_string()),
                None => owned(
                    isocountry::CountryCode::for_alpha3(&self.country_code())
                        .map(|c| c.numeric_id().to_string())
                        .unwrap_or_default(),
                ),
            },
            Region => from(AcledFields::region),
            Country => self.admin(AdminLevel::COUNTRY),
            Admin1 => self.admin(AdminLevel::ADMIN1),
            Admin2 => self.admin(AdminLevel::ADMIN2),
            Admin3 => self.admin(AdminLevel::ADMIN3),
            Location => Cow::Borrowed(i.location().and_then(|l| l.place()).unwrap_or("")),
            Latitude => owned(
                i.location()
                    .map_or_else(String::new, |l| coordinate(l.lat())),
            ),
            Longitude => owned(
                i.location()
                    .map_or_else(String::new, |l| coordinate(l.lon())),
            ),
            GeoPrecision => owned(
                i.location()
                    .map_or(3, |l| l.precision().acled_code().unwrap_or(3))
                    .to_string(),
            ),
            Source => match acled {
                Some(a) => Cow::Borrowed(a.source()),
                None => owned(
                    i.reports()
                        .iter()
                        .map(|r| r.source().name())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            },
            SourceScale => from(AcledFields::source_scale),
            Notes => Cow::Borrowed(i.notes().unwrap_or("")),
            Fatalities => owned(i.figures().fatalities.low().unwrap_or(0).to_string()),
            Tags => match acled {
                Some(a) => Cow::Borrowed(a.tags()),
                None => owned(i.tags().iter().map(|t| &**t).collect::<Vec<_>>().join("; ")),
            },
            Timestamp => owned(
                acled
                    .and_then(AcledFields::timestamp)
                    .map_or_else(String::new, |t| t.to_string()),
            ),
            DataId => Cow::Borrowed(acled.and_then(AcledFields::data_id).unwrap_or("")),
            EventIdNoCnty => {
                Cow::Borrowed(acled.and_then(AcledFields::event_id_no_cnty).unwrap_or(""))
            }
            Iso3 => match acled.and_then(AcledFields::iso3) {
                Some(iso3) => Cow::Borrowed(iso3),
                None => owned(self.country_code()),
            },
        }
    }

    /// Names of the actors in `role` on `side`, joined by `; `.
    fn actors(&self, side: Side, role: Role) -> Cow<'a, str> {
        let mut names = self
            .incident
            .actors()
            .iter()
            .filter(|a| a.side() == side && a.role() == role)
            .filter_map(|a| self.dataset.group(a.group()).map(Group::name));
        match (names.next(), names.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(one), None) => Cow::Borrowed(one),
            (Some(first), Some(second)) => {
                let mut joined = format!("{first}; {second}");
                for name in names {
                    joined.push_str("; ");
                    joined.push_str(name);
                }
                Cow::Owned(joined)
            }
        }
    }

    /// The actor type of the principal actor on `side`.
    fn kind(&self, side: Side) -> Option<ActorKind> {
        let actor = self
            .incident
            .actors()
            .iter()
            .find(|a| a.side() == side && a.role() == Role::Principal)?;
        actor.coded_kind().or_else(|| {
            self.dataset
                .group(actor.group())
                .map(|g| g.kind().actor_kind())
        })
    }

    fn inter(&self, side: Side) -> Cow<'a, str> {
        let form = self.acled.map_or(InterForm::Text, AcledFields::inter_form);
        match (self.kind(side), form) {
            (None, InterForm::NumericZero) => Cow::Borrowed("0"),
            (None, _) => Cow::Borrowed(""),
            (Some(kind), InterForm::Text) => Cow::Borrowed(kind.label()),
            (Some(kind), _) => Cow::Owned(kind.inter_code().to_string()),
        }
    }

    /// The name of the incident's region or ancestor at `level`.
    fn admin(&self, level: AdminLevel) -> Cow<'a, str> {
        let d = self.dataset;
        Cow::Borrowed(
            d.ancestor_at(self.incident.region(), level)
                .and_then(|r| d.region(r))
                .map_or("", Region::name),
        )
    }

    fn country_code(&self) -> String {
        let d = self.dataset;
        d.ancestor_at(self.incident.region(), AdminLevel::COUNTRY)
            .and_then(|r| d.region(r))
            .map_or_else(String::new, |r| r.country_code().to_string())
    }
}

/// ACLED's `interaction` for the actor types of the two sides, in the
/// current text form (a row read with another form keeps its own).
fn interaction(a: Option<ActorKind>, b: Option<ActorKind>) -> String {
    let (Some(a), b) = (a.or(b), if a.is_some() { b } else { None }) else {
        return String::new();
    };
    let (low, high) = match b {
        Some(b) if b.inter_code() < a.inter_code() => (b, Some(a)),
        _ => (a, b),
    };
    match high {
        None => format!("{} only", low.label()),
        // ACLED spells code 78 the other way round.
        Some(high) if (low, high) == (ActorKind::Civilians, ActorKind::ExternalOtherForces) => {
            format!("{}-{}", high.label(), low.label())
        }
        Some(high) => format!("{}-{}", low.label(), high.label()),
    }
}

/// A coordinate as ACLED writes it, with four decimals, unless that would
/// change its value.
fn coordinate(value: f64) -> String {
    let four = format!("{value:.4}");
    if four.parse::<f64>().ok() == Some(value) {
        four
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interactions_follow_the_codebook() {
        use ActorKind::*;
        let text = interaction;
        assert_eq!(
            text(Some(Civilians), Some(RebelGroup)),
            "Rebel group-Civilians"
        );
        assert_eq!(text(Some(Protesters), None), "Protesters only");
        assert_eq!(
            text(Some(Civilians), Some(ExternalOtherForces)),
            "External/Other forces-Civilians"
        );
        assert_eq!(text(None, None), "");
    }

    #[test]
    fn coordinates_keep_acled_decimals_and_their_value() {
        assert_eq!(coordinate(15.02), "15.0200");
        assert_eq!(coordinate(-10.8321), "-10.8321");
        assert_eq!(coordinate(12.123456), "12.123456");
    }
}
