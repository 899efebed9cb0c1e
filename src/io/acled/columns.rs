//! The columns of ACLED's layouts.

use crate::io::record::columns;

/// Which ACLED layout a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// ACLED's export since 20 March 2023: 31 columns from `event_id_cnty`
    /// to `timestamp`.
    #[default]
    Current,
    /// The older HDX country files: 31 columns from `data_id` to `iso3`,
    /// an HXL tag row under the header, CRLF line ends.
    Hdx,
}

columns! {
    /// A column ACLED exports.
    enum Column {
        EventIdCnty = "event_id_cnty",
        EventDate = "event_date",
        Year = "year",
        TimePrecision = "time_precision",
        DisorderType = "disorder_type",
        EventType = "event_type",
        SubEventType = "sub_event_type",
        Actor1 = "actor1",
        AssocActor1 = "assoc_actor_1",
        Inter1 = "inter1",
        Actor2 = "actor2",
        AssocActor2 = "assoc_actor_2",
        Inter2 = "inter2",
        Interaction = "interaction",
        CivilianTargeting = "civilian_targeting",
        Iso = "iso",
        Region = "region",
        Country = "country",
        Admin1 = "admin1",
        Admin2 = "admin2",
        Admin3 = "admin3",
        Location = "location",
        Latitude = "latitude",
        Longitude = "longitude",
        GeoPrecision = "geo_precision",
        Source = "source",
        SourceScale = "source_scale",
        Notes = "notes",
        Fatalities = "fatalities",
        Tags = "tags",
        Timestamp = "timestamp",
        DataId = "data_id",
        EventIdNoCnty = "event_id_no_cnty",
        Iso3 = "iso3",
    }
    every: ALL;
    /// The header name.
    fn name;
}

use Column::*;

/// The columns a file must have to be read as ACLED.
pub(crate) const REQUIRED: [Column; 14] = [
    EventIdCnty,
    EventDate,
    TimePrecision,
    EventType,
    SubEventType,
    Actor1,
    Inter1,
    Iso,
    Country,
    Admin1,
    Latitude,
    Longitude,
    GeoPrecision,
    Fatalities,
];

impl Column {
    /// Whether the column holds free text a spreadsheet could take for a formula.
    pub(crate) const fn is_text(self) -> bool {
        matches!(
            self,
            Actor1
                | AssocActor1
                | Actor2
                | AssocActor2
                | Region
                | Country
                | Admin1
                | Admin2
                | Admin3
                | Location
                | Source
                | SourceScale
                | Notes
                | Tags
        )
    }
}

impl Layout {
    /// The columns, in the order the layout writes them.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Layout::Current => &CURRENT_NAMES,
            Layout::Hdx => &HDX_NAMES,
        }
    }

    pub(crate) fn column_list(self) -> &'static [Column] {
        match self {
            Layout::Current => &CURRENT,
            Layout::Hdx => &HDX,
        }
    }
}

const CURRENT: [Column; 31] = [
    EventIdCnty,
    EventDate,
    Year,
    TimePrecision,
    DisorderType,
    EventType,
    SubEventType,
    Actor1,
    AssocActor1,
    Inter1,
    Actor2,
    AssocActor2,
    Inter2,
    Interaction,
    CivilianTargeting,
    Iso,
    Region,
    Country,
    Admin1,
    Admin2,
    Admin3,
    Location,
    Latitude,
    Longitude,
    GeoPrecision,
    Source,
    SourceScale,
    Notes,
    Fatalities,
    Tags,
    Timestamp,
];

const HDX: [Column; 31] = [
    DataId,
    Iso,
    EventIdCnty,
    EventIdNoCnty,
    EventDate,
    Year,
    TimePrecision,
    EventType,
    SubEventType,
    Actor1,
    AssocActor1,
    Inter1,
    Actor2,
    AssocActor2,
    Inter2,
    Interaction,
    Region,
    Country,
    Admin1,
    Admin2,
    Admin3,
    Location,
    Latitude,
    Longitude,
    GeoPrecision,
    Source,
    SourceScale,
    Notes,
    Fatalities,
    Timestamp,
    Iso3,
];

const CURRENT_NAMES: [&str; 31] = names(CURRENT);
const HDX_NAMES: [&str; 31] = names(HDX);

const fn names(columns: [Column; 31]) -> [&'static str; 31] {
    let mut out = [""; 31];
    let mut i = 0;
    while i < 31 {
        out[i] = columns[i].name();
        i += 1;
    }
    out
}

/// The HXL hashtags the HDX files put under the header, by column.
pub(crate) fn hxl_tag(column: Column) -> &'static str {
    match column {
        EventIdCnty => "#event+code",
        EventDate => "#date+occurred",
        Year => "#date+year",
        EventType => "#event+type",
        Actor1 => "#group+name+first",
        AssocActor1 => "#group+name+first+assoc",
        Actor2 => "#group+name+second",
        AssocActor2 => "#group+name+second+assoc",
        Region => "#region+name",
        Country => "#country+name",
        Admin1 => "#adm1+name",
        Admin2 => "#adm2+name",
        Admin3 => "#adm3+name",
        Location => "#loc+name",
        Latitude => "#geo+lat",
        Longitude => "#geo+lon",
        Source => "#meta+source",
        Notes => "#description",
        Fatalities => "#affected+killed",
        Iso3 => "#country+code",
        _ => "",
    }
}
