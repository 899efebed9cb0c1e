//! The postings a built dataset keeps: incidents by region (with every
//! region inside it), group, site and blockade, and each region's children.

use crate::{Blockade, Group, Incident, IncidentId, Region, RegionId, Site};

/// Postings lists, each sorted by incident id (date order).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Index {
    pub(crate) children: Vec<Vec<RegionId>>,
    pub(crate) by_region: Vec<Vec<IncidentId>>,
    pub(crate) by_group: Vec<Vec<IncidentId>>,
    pub(crate) by_site: Vec<Vec<IncidentId>>,
    pub(crate) by_blockade: Vec<Vec<IncidentId>>,
}

impl Index {
    /// Indexes valid entities; `incidents` are in date order.
    pub(crate) fn new(
        regions: &[Region],
        groups: &[Group],
        sites: &[Site],
        blockades: &[Blockade],
        incidents: &[Incident],
    ) -> Index {
        let mut index = Index {
            children: vec![Vec::new(); regions.len()],
            by_region: vec![Vec::new(); regions.len()],
            by_group: vec![Vec::new(); groups.len()],
            by_site: vec![Vec::new(); sites.len()],
            by_blockade: vec![Vec::new(); blockades.len()],
        };
        for (i, region) in regions.iter().enumerate() {
            if let Some(parent) = region.parent_id() {
                index.children[parent.index()].push(RegionId::new(id(i)));
            }
        }
        for (i, incident) in incidents.iter().enumerate() {
            let incident_id = IncidentId::new(id(i));
            // Validation guarantees parents exist and levels strictly
            // decrease, so this walk ends within four steps.
            let mut region = Some(incident.region());
            while let Some(r) = region {
                index.by_region[r.index()].push(incident_id);
                region = regions[r.index()].parent_id();
            }
            for actor in incident.actors() {
                let list = &mut index.by_group[actor.group().index()];
                if list.last() != Some(&incident_id) {
                    list.push(incident_id);
                }
            }
            for site in incident.sites() {
                let list = &mut index.by_site[site.index()];
                if list.last() != Some(&incident_id) {
                    list.push(incident_id);
                }
            }
            if let Some(blockade) = incident.blockade() {
                index.by_blockade[blockade.index()].push(incident_id);
            }
        }
        index
    }
}

/// An index as a `u32`; datasets hold fewer than `u32::MAX` entities of a kind.
fn id(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}
