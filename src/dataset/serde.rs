//! A dataset on the wire: one object with its entity lists. Reading one
//! builds it again through [`DatasetBuilder`], so every rule is checked.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::Date;

use crate::model::serde_date::iso_date;
use crate::{Blockade, Dataset, DatasetBuilder, Group, Incident, Region, Site};

#[derive(Serialize)]
struct DatasetRef<'a> {
    #[serde(with = "iso_date::option", skip_serializing_if = "Option::is_none")]
    as_of: Option<Date>,
    groups: &'a [Group],
    regions: &'a [Region],
    sites: &'a [Site],
    blockades: &'a [Blockade],
    incidents: &'a [Incident],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatasetRecord {
    #[serde(default, with = "iso_date::option")]
    as_of: Option<Date>,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    regions: Vec<Region>,
    #[serde(default)]
    sites: Vec<Site>,
    #[serde(default)]
    blockades: Vec<Blockade>,
    #[serde(default)]
    incidents: Vec<Incident>,
}

impl Serialize for Dataset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DatasetRef {
            as_of: self.as_of(),
            groups: self.groups(),
            regions: self.regions(),
            sites: self.sites(),
            blockades: self.blockades(),
            incidents: self.incidents(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Dataset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let r = DatasetRecord::deserialize(deserializer)?;
        DatasetBuilder {
            as_of: r.as_of,
            groups: r.groups,
            regions: r.regions,
            sites: r.sites,
            blockades: r.blockades,
            incidents: r.incidents,
        }
        .build()
        .map_err(serde::de::Error::custom)
    }
}
