//! The fields of a UCDP GED row that the model does not hold elsewhere.

use arcstr::ArcStr;
use serde::{Deserialize, Serialize};

/// Which UCDP GED layout a file has.
///
/// Both hold the same 47 fields; they differ in three column names, two
/// extra columns and a trailing comma.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// The yearly `GEDEvent_v*.csv` release and the API: 49 columns from
    /// `id` to `best,high,low,gwnoa,gwnob`.
    #[default]
    Official,
    /// The CSV the UCDP website exports: 47 columns, the estimates named
    /// `best_est,high_est,low_est`, no `gwnoa`/`gwnob`, and an empty 48th
    /// field (a trailing comma) on every data row.
    WebExport,
}

/// How a row spells a date (`date_start`, `date_end`).
///
/// UCDP's files carry no time of day; a time, when spelled, is midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateForm {
    /// `2010-05-13`.
    #[default]
    Date,
    /// `2010-05-13 00:00:00`.
    DateTime,
    /// `2010-05-13 00:00:00.000`.
    DateTimeMillis,
    /// `2010-05-13T00:00:00`, as the API writes it.
    DateTimeT,
    /// `05/13/2010 00:00:00` (month first), as the website export writes it.
    UsDateTime,
}

/// How a row spells a boolean (`active_year`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoolForm {
    /// `True` and `False`.
    #[default]
    Word,
    /// `1` and `0`.
    Digit,
    /// `true` and `false`.
    Lowercase,
}

/// The fields of a UCDP GED row that the model does not hold elsewhere.
///
/// What the model holds — the ids, the sides, the type of violence, the
/// dates, the place, the regions and the fatality estimates — lives in the
/// [`Incident`](crate::Incident); everything else of the row lives here,
/// typed where UCDP's codebook gives it a type, together with how the row
/// spelled its dates, booleans and coordinates, so that
/// [`io::ucdp::write`](crate::io::ucdp::write) gives every field back as
/// it was read.
///
/// Strings that repeat across rows (`conflict_name`, `source_office`,
/// `geom_wkt`, ...) are shared, not copied, between incidents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UcdpFields {
    pub(crate) layout: Layout,
    pub(crate) year: u16,
    pub(crate) active_year: bool,
    pub(crate) code_status: ArcStr,
    pub(crate) conflict_dset_id: u32,
    pub(crate) conflict_new_id: u32,
    pub(crate) conflict_name: ArcStr,
    pub(crate) dyad_dset_id: u32,
    pub(crate) dyad_new_id: u32,
    pub(crate) dyad_name: ArcStr,
    pub(crate) side_a_dset_id: u32,
    pub(crate) side_a_new_id: u32,
    pub(crate) side_b_dset_id: u32,
    pub(crate) side_b_new_id: u32,
    pub(crate) number_of_sources: i32,
    pub(crate) source_article: ArcStr,
    pub(crate) source_office: ArcStr,
    pub(crate) source_date: ArcStr,
    pub(crate) source_headline: ArcStr,
    pub(crate) source_original: ArcStr,
    pub(crate) where_description: ArcStr,
    pub(crate) geom_wkt: ArcStr,
    pub(crate) priogrid_gid: Option<u32>,
    pub(crate) country_id: u16,
    pub(crate) region: ArcStr,
    pub(crate) event_clarity: u8,
    pub(crate) deaths_a: u32,
    pub(crate) deaths_b: u32,
    pub(crate) deaths_civilians: u32,
    pub(crate) deaths_unknown: u32,
    pub(crate) gwnoa: ArcStr,
    pub(crate) gwnob: ArcStr,
    pub(crate) active_year_form: BoolForm,
    pub(crate) date_start_form: DateForm,
    pub(crate) date_end_form: DateForm,
    pub(crate) latitude_decimals: Option<u8>,
    pub(crate) longitude_decimals: Option<u8>,
    pub(crate) trailing_field: bool,
}

impl UcdpFields {
    /// The layout of the file the row was read from.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// `year`: the year of the event.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// `active_year`: whether the event belongs to an active dyad-year,
    /// which UCDP's inclusion rule ties to 25 battle-related deaths in a
    /// calendar year.
    pub fn active_year(&self) -> bool {
        self.active_year
    }

    /// `code_status`, e.g. `Clear`.
    pub fn code_status(&self) -> &str {
        &self.code_status
    }

    /// `conflict_dset_id`: the conflict's id in UCDP's conflict-level
    /// dataset of its type of violence.
    pub fn conflict_dset_id(&self) -> u32 {
        self.conflict_dset_id
    }

    /// `conflict_new_id`: the conflict's id across UCDP's datasets.
    pub fn conflict_new_id(&self) -> u32 {
        self.conflict_new_id
    }

    /// `conflict_name`, e.g. `Mali: Islamic State`.
    pub fn conflict_name(&self) -> &str {
        &self.conflict_name
    }

    /// `dyad_dset_id`: the dyad's id in UCDP's dyadic dataset.
    pub fn dyad_dset_id(&self) -> u32 {
        self.dyad_dset_id
    }

    /// `dyad_new_id`: the dyad's id across UCDP's datasets.
    pub fn dyad_new_id(&self) -> u32 {
        self.dyad_new_id
    }

    /// `dyad_name`, e.g. `Government of Mali - IS`.
    pub fn dyad_name(&self) -> &str {
        &self.dyad_name
    }

    /// `side_a_dset_id`: side A's id in UCDP's actor dataset.
    pub fn side_a_dset_id(&self) -> u32 {
        self.side_a_dset_id
    }

    /// `side_a_new_id`: side A's id across UCDP's datasets.
    pub fn side_a_new_id(&self) -> u32 {
        self.side_a_new_id
    }

    /// `side_b_dset_id`: side B's id in UCDP's actor dataset.
    pub fn side_b_dset_id(&self) -> u32 {
        self.side_b_dset_id
    }

    /// `side_b_new_id`: side B's id across UCDP's datasets.
    pub fn side_b_new_id(&self) -> u32 {
        self.side_b_new_id
    }

    /// `number_of_sources`: how many sources report the event; `None`
    /// when UCDP did not count them and wrote a negative code instead
    /// (`-1`, in many events before 2013), which is written back as read.
    pub fn number_of_sources(&self) -> Option<u32> {
        u32::try_from(self.number_of_sources).ok()
    }

    /// `source_article`: the sources, each `"outlet,date,headline"`,
    /// separated by `;`.
    pub fn source_article(&self) -> &str {
        &self.source_article
    }

    /// `source_office`: the outlets, separated by `;`.
    pub fn source_office(&self) -> &str {
        &self.source_office
    }

    /// `source_date`: the sources' dates, separated by `;`.
    pub fn source_date(&self) -> &str {
        &self.source_date
    }

    /// `source_headline`: the sources' headlines, separated by `;`.
    pub fn source_headline(&self) -> &str {
        &self.source_headline
    }

    /// `source_original`: who the sources quote, e.g. `UNSG`.
    pub fn source_original(&self) -> &str {
        &self.source_original
    }

    /// `where_description`: the place in UCDP's words, e.g.
    /// `30km south of In-Tellit`.
    pub fn where_description(&self) -> &str {
        &self.where_description
    }

    /// `geom_wkt`: the point as well-known text, e.g.
    /// `POINT (0.780081 15.736902)`.
    pub fn geom_wkt(&self) -> &str {
        &self.geom_wkt
    }

    /// `priogrid_gid`: the PRIO-GRID cell of the point, when given.
    pub fn priogrid_gid(&self) -> Option<u32> {
        self.priogrid_gid
    }

    /// `country_id`: the country's Gleditsch–Ward number (432 for Mali),
    /// not its ISO 3166 code.
    pub fn country_id(&self) -> u16 {
        self.country_id
    }

    /// `region`: UCDP's world region, e.g. `Africa`.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// `event_clarity`: 1 for an event its sources describe clearly, 2 for
    /// one UCDP took from a summary of several (see the GED codebook).
    pub fn event_clarity(&self) -> u8 {
        self.event_clarity
    }

    /// `deaths_a`: deaths on side A, best estimate.
    pub fn deaths_a(&self) -> u32 {
        self.deaths_a
    }

    /// `deaths_b`: deaths on side B, best estimate.
    pub fn deaths_b(&self) -> u32 {
        self.deaths_b
    }

    /// `deaths_civilians`: civilian deaths, best estimate.
    pub fn deaths_civilians(&self) -> u32 {
        self.deaths_civilians
    }

    /// `deaths_unknown`: deaths of unknown affiliation, best estimate.
    pub fn deaths_unknown(&self) -> u32 {
        self.deaths_unknown
    }

    /// `deaths_a + deaths_b + deaths_civilians + deaths_unknown`, which
    /// UCDP's codebook makes equal to `best`.
    pub fn deaths_total(&self) -> u64 {
        [
            self.deaths_a,
            self.deaths_b,
            self.deaths_civilians,
            self.deaths_unknown,
        ]
        .iter()
        .map(|&n| u64::from(n))
        .sum()
    }

    /// `gwnoa` as written: the Gleditsch–Ward numbers of side A's states,
    /// empty when side A is not a state (always empty in the website
    /// export, which lacks the column).
    pub fn gwnoa(&self) -> &str {
        &self.gwnoa
    }

    /// `gwnob` as written, as [`gwnoa`](UcdpFields::gwnoa) for side B.
    pub fn gwnob(&self) -> &str {
        &self.gwnob
    }

    /// The numbers of [`gwnoa`](UcdpFields::gwnoa), one by one (it may
    /// list several, separated by commas).
    pub fn gwnoa_codes(&self) -> impl Iterator<Item = u16> + '_ {
        codes(&self.gwnoa)
    }

    /// The numbers of [`gwnob`](UcdpFields::gwnob), one by one.
    pub fn gwnob_codes(&self) -> impl Iterator<Item = u16> + '_ {
        codes(&self.gwnob)
    }

    /// How the row spelled `active_year`.
    pub fn active_year_form(&self) -> BoolForm {
        self.active_year_form
    }

    /// How the row spelled `date_start`.
    pub fn date_start_form(&self) -> DateForm {
        self.date_start_form
    }

    /// How the row spelled `date_end`.
    pub fn date_end_form(&self) -> DateForm {
        self.date_end_form
    }

    /// How many decimals the row wrote `latitude` with; `None` when the
    /// text was not the value with a fixed number of decimals (it is then
    /// written back as the shortest text of the same value).
    pub fn latitude_decimals(&self) -> Option<u8> {
        self.latitude_decimals
    }

    /// As [`latitude_decimals`](UcdpFields::latitude_decimals), for `longitude`.
    pub fn longitude_decimals(&self) -> Option<u8> {
        self.longitude_decimals
    }

    /// Whether the row ended with the website export's empty extra field.
    pub fn trailing_field(&self) -> bool {
        self.trailing_field
    }
}

/// The numbers in a comma-separated list, skipping what is not one.
fn codes(list: &str) -> impl Iterator<Item = u16> + '_ {
    list.split(',').filter_map(|part| part.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_unknown_is_none_and_gw_lists_split() {
        let fields = UcdpFields {
            number_of_sources: -1,
            gwnoa: "432, 220".into(),
            deaths_a: 1,
            deaths_civilians: u32::MAX,
            ..UcdpFields::default()
        };
        assert_eq!(fields.number_of_sources(), None);
        assert_eq!(fields.gwnoa_codes().collect::<Vec<_>>(), [432, 220]);
        assert_eq!(fields.gwnob_codes().count(), 0);
        assert_eq!(fields.deaths_total(), u64::from(u32::MAX) + 1);
    }
}
