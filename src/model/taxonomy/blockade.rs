//! What a blockade cuts off, how hard it bites, and what follows.

use crate::model::names::taxonomy;

taxonomy! {
    /// What a [`Blockade`](crate::Blockade) stops.
    #[non_exhaustive]
    pub enum Commodity: "commodity" {
        /// Fuel: petrol, diesel, gas.
        Fuel("fuel") = "fuel" | "petrol" | "diesel",
        /// Food.
        Food("food") = "food",
        /// Medicine and medical supplies.
        Medicine("medicine") = "medicine" | "medical supplies",
        /// Humanitarian aid.
        HumanitarianAid("humanitarian_aid") = "humanitarian aid" | "aid",
        /// Goods in general: trade, trucks.
        Goods("goods") = "goods" | "trade",
        /// All traffic, people included.
        AllTraffic("all_traffic") = "all traffic" | "everything",
    }
}

taxonomy! {
    /// How hard a blockade bites in a period, in increasing order.
    pub enum Severity: "severity" {
        /// Announced or sporadic, little effect yet.
        Low("low") = "low",
        /// Enforced on some routes; supply disrupted.
        Moderate("moderate") = "moderate",
        /// Widely enforced; shortages.
        High("high") = "high",
        /// The peak: severe shortages, cascading effects.
        Critical("critical") = "critical" | "peak",
    }
}

taxonomy! {
    /// A consequence of a blockade.
    #[non_exhaustive]
    pub enum ImpactKind: "impact" {
        /// Shortage of the commodity.
        Shortage("shortage") = "shortage" | "shortages",
        /// Power cuts.
        PowerCuts("power_cuts") = "power cuts" | "blackouts",
        /// Price rises.
        PriceRise("price_rise") = "price rise" | "price rises" | "inflation",
        /// Schools, businesses or services closed.
        Closures("closures") = "closures" | "closure",
        /// Economic activity paralysed.
        EconomicParalysis("economic_paralysis") = "economic paralysis",
        /// Transport halted or rationed.
        TransportDisruption("transport_disruption") = "transport disruption",
        /// People displaced.
        Displacement("displacement") = "displacement",
    }
}
