//! How an incident unfolds: tactics, means, damage, ransom.

use crate::model::names::taxonomy;

taxonomy! {
    /// A tactic used in an incident; an incident may use several.
    #[non_exhaustive]
    pub enum Tactic: "tactic" {
        /// An armed assault on people or a place.
        ArmedAssault("armed_assault") = "armed assault" | "raid",
        /// Setting fire to buildings, vehicles or goods.
        Arson("arson") = "arson" | "set on fire",
        /// Kidnapping or abduction.
        Abduction("abduction") = "abduction" | "kidnapping",
        /// Looting or seizing goods.
        Looting("looting") = "looting",
        /// An ambush.
        Ambush("ambush") = "ambush",
        /// An improvised explosive device or landmine.
        Explosive("explosive") = "explosive" | "IED" | "landmine",
        /// A suicide attack.
        Suicide("suicide") = "suicide attack",
        /// Shelling, mortars, rockets or missiles.
        Shelling("shelling") = "shelling",
        /// An air or drone strike.
        AirStrike("air_strike") = "air strike" | "drone strike",
        /// A targeted killing.
        Assassination("assassination") = "assassination",
        /// Sabotage of equipment or infrastructure.
        Sabotage("sabotage") = "sabotage",
        /// A threat or ultimatum.
        Threat("threat") = "threat" | "ultimatum",
        /// Extortion or illegal taxation (zakat).
        Extortion("extortion") = "extortion" | "zakat",
        /// Blocking a road, convoy or supply.
        Blockade("blockade") = "blockade" | "siege",
        /// Deployment or movement of forces.
        Deployment("deployment") = "deployment" | "reinforcements",
        /// Restrictions on movement, curfews, closures of crossings.
        MovementRestriction("movement_restriction") = "movement restriction" | "curfew",
    }
}

taxonomy! {
    /// A means used in an incident: transport or weapons.
    #[non_exhaustive]
    pub enum Means: "means" {
        /// Motorbikes.
        Motorbikes("motorbikes") = "motorbikes" | "motorcycles",
        /// Cars, pick-ups or trucks.
        Vehicles("vehicles") = "vehicles" | "pick-ups",
        /// On foot.
        OnFoot("on_foot") = "on foot",
        /// Boats or canoes.
        Boats("boats") = "boats",
        /// Small arms and light weapons.
        Firearms("firearms") = "firearms" | "small arms",
        /// Explosives.
        Explosives("explosives") = "explosives",
        /// Incendiaries: fuel, fire.
        Incendiaries("incendiaries") = "incendiaries",
        /// Drones.
        Drones("drones") = "drones",
        /// Aircraft.
        Aircraft("aircraft") = "aircraft",
        /// Heavy weapons: artillery, mortars, rockets.
        HeavyWeapons("heavy_weapons") = "heavy weapons",
    }
}

taxonomy! {
    /// How badly property was damaged, in increasing order.
    ///
    /// The levels follow press wording; GTD's `propextent` maps onto them
    /// (minor → [`DamageLevel::Minor`], major → [`DamageLevel::Severe`],
    /// catastrophic → [`DamageLevel::Catastrophic`]).
    pub enum DamageLevel: "damage level" {
        /// No damage.
        None("none") = "none" | "no damage",
        /// Minor damage.
        Minor("minor") = "minor" | "light",
        /// Moderate damage.
        Moderate("moderate") = "moderate",
        /// Considerable damage ("considerable", "significant").
        Considerable("considerable") = "considerable" | "significant" | "substantial",
        /// Severe damage ("enormous", "major", "heavy").
        Severe("severe") = "severe" | "enormous" | "major" | "heavy",
        /// Destruction of the site.
        Catastrophic("catastrophic") = "catastrophic" | "destroyed",
    }
}

taxonomy! {
    /// What is known of a ransom for the people abducted in an incident.
    pub enum RansomStatus: "ransom status" {
        /// Sources say nothing of a ransom.
        Unknown("unknown") = "unknown",
        /// Sources say no ransom was sought.
        NotDemanded("not_demanded") = "not demanded" | "none",
        /// A ransom is expected or believed to be sought.
        Suspected("suspected") = "suspected",
        /// A ransom was demanded.
        Demanded("demanded") = "demanded",
        /// A ransom was paid.
        Paid("paid") = "paid",
    }
}

impl RansomStatus {
    /// Whether sources speak of a ransom sought, demanded or paid.
    pub fn is_recorded(self) -> bool {
        matches!(
            self,
            RansomStatus::Suspected | RansomStatus::Demanded | RansomStatus::Paid
        )
    }
}

taxonomy! {
    /// A quantity an incident reports, each held as an [`Estimate`](crate::Estimate).
    pub enum Quantity: "quantity" {
        /// People killed, the perpetrators included (as ACLED and UCDP count).
        Fatalities("fatalities") = "fatalities" | "deaths" | "killed",
        /// People injured.
        Injured("injured") = "injured" | "wounded",
        /// People abducted or kidnapped.
        Abducted("abducted") = "abducted" | "kidnapped" | "hostages",
        /// Attackers taking part.
        Attackers("attackers") = "attackers" | "perpetrators",
    }
}
