//! What is hit: target kinds (after the Global Terrorism Database's target
//! types) and the kinds of sites our users guard.

use crate::Error;
use crate::model::names::taxonomy;

taxonomy! {
    /// The kind of a target, after the Global Terrorism Database's
    /// `targtype` (codes 1–22, kept by [`TargetKind::gtd_code`]).
    #[non_exhaustive]
    pub enum TargetKind: "target kind" {
        /// GTD 1: businesses, their premises and staff.
        Business("business") = "Business",
        /// GTD 2: government (general).
        Government("government") = "Government (General)",
        /// GTD 3: police.
        Police("police") = "Police",
        /// GTD 4: military.
        Military("military") = "Military",
        /// GTD 5: abortion related.
        AbortionRelated("abortion_related") = "Abortion Related",
        /// GTD 6: airports and aircraft.
        AirportsAircraft("airports_aircraft") = "Airports & Aircraft" | "airports and aircraft",
        /// GTD 7: government (diplomatic).
        Diplomatic("diplomatic") = "Government (Diplomatic)",
        /// GTD 8: educational institutions.
        Education("education") = "Educational Institution",
        /// GTD 9: food or water supply.
        FoodWaterSupply("food_water_supply") = "Food or Water Supply",
        /// GTD 10: journalists and media.
        Media("media") = "Journalists & Media" | "journalists and media",
        /// GTD 11: maritime.
        Maritime("maritime") = "Maritime",
        /// GTD 12: non-governmental organisations.
        Ngo("ngo") = "NGO",
        /// GTD 13: other.
        Other("other") = "Other",
        /// GTD 14: private citizens and property.
        Civilians("civilians") = "Private Citizens & Property"
            | "private citizens and property",
        /// GTD 15: religious figures and institutions.
        Religious("religious") = "Religious Figures/Institutions",
        /// GTD 16: telecommunication.
        Telecommunication("telecommunication") = "Telecommunication",
        /// GTD 17: terrorists and non-state militias.
        NonStateArmedGroup("non_state_armed_group") = "Terrorists/Non-State Militia",
        /// GTD 18: tourists.
        Tourists("tourists") = "Tourists",
        /// GTD 19: transportation: roads, vehicles, convoys.
        Transportation("transportation") = "Transportation",
        /// GTD 20: unknown.
        Unknown("unknown") = "Unknown",
        /// GTD 21: utilities: power, fuel, water networks.
        Utilities("utilities") = "Utilities",
        /// GTD 22: violent political parties.
        ViolentPoliticalParty("violent_political_party") = "Violent Political Party",
    }
}

impl TargetKind {
    /// The GTD `targtype` code, 1–22.
    pub fn gtd_code(self) -> u8 {
        TargetKind::ALL
            .iter()
            .position(|kind| *kind == self)
            .map_or(0, |i| u8::try_from(i + 1).unwrap_or(u8::MAX))
    }

    /// The kind with GTD `targtype` code `code`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `code` is in 1–22.
    pub fn from_gtd_code(code: u8) -> Result<Self, Error> {
        usize::from(code)
            .checked_sub(1)
            .and_then(|i| TargetKind::ALL.get(i))
            .copied()
            .ok_or_else(|| {
                Error::invalid(
                    "targtype",
                    "a GTD target type code from 1 to 22",
                    code.to_string(),
                )
            })
    }
}

taxonomy! {
    /// The kind of a [`Site`](crate::Site).
    #[non_exhaustive]
    pub enum SiteKind: "site kind" {
        /// A factory or processing plant: cement, lime, plaster, food.
        IndustrialPlant("industrial_plant") = "industrial plant" | "plant" | "factory",
        /// A mine, industrial or artisanal.
        Mine("mine") = "mine" | "gold mine",
        /// A quarry.
        Quarry("quarry") = "quarry",
        /// A fuel depot or filling station.
        FuelDepot("fuel_depot") = "fuel depot" | "filling station",
        /// A power station or substation.
        PowerStation("power_station") = "power station" | "power plant",
        /// A checkpoint.
        Checkpoint("checkpoint") = "checkpoint",
        /// A military base or camp.
        MilitaryBase("military_base") = "military base" | "military camp",
        /// A police or gendarmerie station.
        PoliceStation("police_station") = "police station" | "gendarmerie",
        /// A government office.
        GovernmentBuilding("government_building") = "government building",
        /// A school.
        School("school") = "school",
        /// A clinic or hospital.
        HealthFacility("health_facility") = "health facility" | "hospital" | "clinic",
        /// A market.
        Market("market") = "market",
        /// A mosque, church or other place of worship.
        PlaceOfWorship("place_of_worship") = "place of worship" | "mosque" | "church",
        /// A bridge, ferry or river crossing.
        Crossing("crossing") = "river crossing" | "bridge" | "ferry",
        /// A camp for displaced people or refugees.
        DisplacementCamp("displacement_camp") = "displacement camp" | "IDP camp" | "refugee camp",
        /// A telecommunication mast or office.
        Telecom("telecom") = "telecom" | "telecommunication",
        /// A water point or treatment works.
        WaterFacility("water_facility") = "water facility" | "water point",
        /// An airport or airstrip.
        Airport("airport") = "airport" | "airstrip",
        /// Anything else.
        Other("other") = "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gtd_codes_round_trip() -> Result<(), Error> {
        assert_eq!(TargetKind::ALL.len(), 22);
        for code in 1..=22 {
            assert_eq!(TargetKind::from_gtd_code(code)?.gtd_code(), code);
        }
        assert_eq!(TargetKind::Business.gtd_code(), 1);
        assert_eq!(TargetKind::Civilians.gtd_code(), 14);
        assert_eq!(TargetKind::Utilities.gtd_code(), 21);
        assert!(TargetKind::from_gtd_code(0).is_err());
        assert!(TargetKind::from_gtd_code(23).is_err());
        Ok(())
    }
}
