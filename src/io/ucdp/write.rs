//! Writing the incidents read from UCDP GED back as UCDP GED CSV.

use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::columns::{Column, format_bool, format_coordinate, format_date};
use crate::io::record::write_error;
use crate::io::ucdp::Layout;
use crate::{AdminLevel, Dataset, Error, IdScheme, Incident, Quantity, Role, Side, UcdpFields};

/// Writes the incidents of `dataset` read from UCDP GED to the file at
/// `path`, in `layout`; see [`write()`].
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be written.
pub fn write_path(dataset: &Dataset, path: impl AsRef<Path>, layout: Layout) -> Result<(), Error> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let file = File::create(path).map_err(|e| write_error(&name, e))?;
    write_named(dataset, file, layout, &name)
}

/// Writes the incidents of `dataset` read from UCDP GED to `output` as
/// UCDP GED CSV in `layout`, one row per incident, in date order (by first
/// day, then as the dataset orders them: by UCDP `id` for a dataset
/// [`read`](super::read)).
///
/// Every field comes back as it was read: the model's fields (ids, sides,
/// dates, place, regions, estimates) from the incident and the rest from
/// its [`UcdpFields`]. Dates, `active_year` and coordinates keep the
/// spelling of their row whatever the layout (the reader takes every
/// spelling in both); the layout decides the header, whether `gwnoa` and
/// `gwnob` are written, and the website export's empty last field, which a
/// row gets in [`Layout::WebExport`] unless it was read from a website
/// export without one.
///
/// A coordinate whose text was not its value with a fixed number of
/// decimals (`.5`, `1e1`; UCDP writes six decimals) is written as the
/// shortest text of the same value, so it comes back equal as a number,
/// not as a string.
///
/// Incidents not read from UCDP GED are skipped: UCDP's ids, conflict and
/// dyad codes cannot be made up for them.
///
/// Cells are not protected against spreadsheet formulas (the ACLED
/// writer's [`neutralise_formulas`](crate::io::acled::WriteOptions::neutralise_formulas)):
/// UCDP's own files are not, and some of their cells start with `@`
/// (Twitter handles in `source_office`), which must come back unchanged.
///
/// # Errors
///
/// [`Error::Io`] when `output` fails.
pub fn write(dataset: &Dataset, output: impl Write, layout: Layout) -> Result<(), Error> {
    write_named(dataset, output, layout, "output")
}

fn write_named(
    dataset: &Dataset,
    output: impl Write,
    layout: Layout,
    name: &str,
) -> Result<(), Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_writer(output);
    let fail = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => write_error(name, io),
        other => write_error(name, std::io::Error::other(format!("{other:?}"))),
    };
    writer.write_record(layout.columns()).map_err(fail)?;
    let columns = layout.column_list();
    let mut row: Vec<Cow<'_, str>> = Vec::with_capacity(columns.len() + 1);
    for incident in dataset.incidents() {
        let Some(ucdp) = incident.origin().and_then(|o| o.ucdp()) else {
            continue;
        };
        let cells = Cells {
            dataset,
            incident,
            ucdp,
        };
        row.clear();
        row.extend(columns.iter().map(|&c| cells.get(c)));
        let trailing = match (layout, ucdp.layout()) {
            (Layout::Official, _) => false,
            (Layout::WebExport, Layout::WebExport) => ucdp.trailing_field(),
            (Layout::WebExport, Layout::Official) => true,
        };
        if trailing {
            row.push(Cow::Borrowed(""));
        }
        writer
            .write_record(row.iter().map(|c| c.as_bytes()))
            .map_err(fail)?;
    }
    writer.flush().map_err(|e| write_error(name, e))
}

/// The cells of one incident's row.
struct Cells<'a> {
    dataset: &'a Dataset,
    incident: &'a Incident,
    ucdp: &'a UcdpFields,
}

impl<'a> Cells<'a> {
    fn get(&self, column: Column) -> Cow<'a, str> {
        use Column::*;
        let i = self.incident;
        let u = self.ucdp;
        let text = |s: &'a str| Cow::Borrowed(s);
        let number = |n: u32| Cow::Owned(n.to_string());
        let fatalities = i.figure(Quantity::Fatalities);
        let figure = |n: Option<u32>| n.map_or(Cow::Borrowed(""), number);
        let location = i.location();
        match column {
            Id => self.external_id(IdScheme::UcdpGed),
            Relid => self.external_id(IdScheme::UcdpRelid),
            Year => number(u32::from(u.year)),
            ActiveYear => text(format_bool(u.active_year, u.active_year_form)),
            CodeStatus => text(&u.code_status),
            TypeOfViolence => i
                .violence_type()
                .map_or(Cow::Borrowed(""), |v| number(u32::from(v.code()))),
            ConflictDsetId => number(u.conflict_dset_id),
            ConflictNewId => number(u.conflict_new_id),
            ConflictName => text(&u.conflict_name),
            DyadDsetId => number(u.dyad_dset_id),
            DyadNewId => number(u.dyad_new_id),
            DyadName => text(&u.dyad_name),
            SideADsetId => number(u.side_a_dset_id),
            SideANewId => number(u.side_a_new_id),
            SideA => self.side(Side::A),
            SideBDsetId => number(u.side_b_dset_id),
            SideBNewId => number(u.side_b_new_id),
            SideB => self.side(Side::B),
            NumberOfSources => Cow::Owned(u.number_of_sources.to_string()),
            SourceArticle => text(&u.source_article),
            SourceOffice => text(&u.source_office),
            SourceDate => text(&u.source_date),
            SourceHeadline => text(&u.source_headline),
            SourceOriginal => text(&u.source_original),
            WherePrec => location.map_or(Cow::Borrowed(""), |l| {
                number(u32::from(l.precision().ucdp_code()))
            }),
            WhereCoordinates => text(location.and_then(|l| l.place()).unwrap_or("")),
            WhereDescription => text(&u.where_description),
            Adm1 => self.admin(AdminLevel::ADMIN1),
            Adm2 => self.admin(AdminLevel::ADMIN2),
            Latitude => location.map_or(Cow::Borrowed(""), |l| {
                Cow::Owned(format_coordinate(l.lat(), u.latitude_decimals))
            }),
            Longitude => location.map_or(Cow::Borrowed(""), |l| {
                Cow::Owned(format_coordinate(l.lon(), u.longitude_decimals))
            }),
            GeomWkt => text(&u.geom_wkt),
            PriogridGid => figure(u.priogrid_gid),
            Country => self.admin(AdminLevel::COUNTRY),
            CountryId => number(u32::from(u.country_id)),
            Region => text(&u.region),
            EventClarity => number(u32::from(u.event_clarity)),
            DatePrec => number(u32::from(i.when().precision().ucdp_code())),
            DateStart => Cow::Owned(format_date(i.when().start(), u.date_start_form)),
            DateEnd => Cow::Owned(format_date(i.when().end(), u.date_end_form)),
            DeathsA => number(u.deaths_a),
            DeathsB => number(u.deaths_b),
            DeathsCivilians => number(u.deaths_civilians),
            DeathsUnknown => number(u.deaths_unknown),
            Best => figure(fatalities.best()),
            High => figure(fatalities.high()),
            Low => figure(fatalities.low()),
            Gwnoa => text(&u.gwnoa),
            Gwnob => text(&u.gwnob),
        }
    }

    /// The incident's first external id of `scheme`, or nothing.
    fn external_id(&self, scheme: IdScheme) -> Cow<'a, str> {
        Cow::Borrowed(
            self.incident
                .external_ids()
                .iter()
                .find(|x| x.scheme() == scheme)
                .map_or("", |x| x.value()),
        )
    }

    /// The name of the principal actor on `side`.
    fn side(&self, side: Side) -> Cow<'a, str> {
        Cow::Borrowed(
            self.incident
                .actors()
                .iter()
                .find(|a| a.side() == side && a.role() == Role::Principal)
                .and_then(|a| self.dataset.group(a.group()))
                .map_or("", crate::Group::name),
        )
    }

    /// The name of the incident's region or ancestor at `level`.
    fn admin(&self, level: AdminLevel) -> Cow<'a, str> {
        let d = self.dataset;
        Cow::Borrowed(
            d.ancestor_at(self.incident.region(), level)
                .and_then(|r| d.region(r))
                .map_or("", crate::Region::name),
        )
    }
}
