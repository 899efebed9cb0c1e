//! Who acts: ACLED's actor types (inter codes), the crate's group kinds,
//! how sure an attribution is, and how groups affiliate.

use crate::Error;
use crate::model::names::taxonomy;

taxonomy! {
    /// ACLED's actor type, the `inter1`/`inter2` code of an actor in one event.
    ///
    /// Source: ACLED Codebook, "Actor types"; the legacy labels are those of
    /// acledR's `acled_interaction_codes`. `FromStr` accepts the current
    /// label, the legacy label and the numeric code.
    pub enum ActorKind: "actor type" {
        /// Inter 1.
        StateForces("state_forces") = "State forces" | "1",
        /// Inter 2.
        RebelGroup("rebel_group") = "Rebel group" | "Rebel forces" | "2",
        /// Inter 3.
        PoliticalMilitia("political_militia") = "Political militia" | "Militia groups" | "3",
        /// Inter 4.
        IdentityMilitia("identity_militia") = "Identity militia"
            | "Communal/Identity groups" | "4",
        /// Inter 5.
        Rioters("rioters") = "Rioters" | "5",
        /// Inter 6.
        Protesters("protesters") = "Protesters" | "6",
        /// Inter 7.
        Civilians("civilians") = "Civilians" | "7",
        /// Inter 8.
        ExternalOtherForces("external_other_forces") = "External/Other forces"
            | "Foreign/Others" | "8",
    }
}

impl ActorKind {
    /// ACLED's inter code, 1–8.
    pub const fn inter_code(self) -> u8 {
        match self {
            ActorKind::StateForces => 1,
            ActorKind::RebelGroup => 2,
            ActorKind::PoliticalMilitia => 3,
            ActorKind::IdentityMilitia => 4,
            ActorKind::Rioters => 5,
            ActorKind::Protesters => 6,
            ActorKind::Civilians => 7,
            ActorKind::ExternalOtherForces => 8,
        }
    }

    /// The actor type with inter code `code`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `code` is in 1–8.
    pub fn from_inter_code(code: u8) -> Result<Self, Error> {
        ActorKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.inter_code() == code)
            .ok_or_else(|| Error::invalid("inter", "an inter code from 1 to 8", code.to_string()))
    }
}

taxonomy! {
    /// What kind of actor a [`Group`](crate::Group) is.
    ///
    /// Finer than ACLED's actor types where the field needs it (jihadist
    /// and criminal groups); every ACLED actor type maps onto one kind and
    /// back ([`GroupKind::actor_kind`]).
    #[non_exhaustive]
    pub enum GroupKind: "group kind" {
        /// A state's military, police or other forces.
        StateForces("state_forces") = "State forces",
        /// A rebel group seeking to replace or secede from a government.
        Rebel("rebel") = "Rebel group" | "rebels",
        /// A jihadist armed group, e.g. JNIM or the Islamic State Sahel Province.
        Jihadist("jihadist") = "Jihadist group" | "jihadists",
        /// A militia with a political agenda.
        PoliticalMilitia("political_militia") = "Political militia",
        /// A militia organised around an ethnic, religious, communal or local identity.
        IdentityMilitia("identity_militia") = "Identity militia" | "communal militia",
        /// A criminal organisation: bandits, smugglers, kidnapping gangs.
        Criminal("criminal") = "Criminal group" | "bandits",
        /// Rioters.
        Rioters("rioters") = "Rioters",
        /// Protesters.
        Protesters("protesters") = "Protesters",
        /// Civilians.
        Civilians("civilians") = "Civilians",
        /// Forces of a state acting abroad, private military companies,
        /// international missions.
        ExternalForces("external_forces") = "External/Other forces",
    }
}

impl GroupKind {
    /// The ACLED actor type of a group of this kind: jihadist groups are
    /// coded as rebel groups and criminal groups as political militias.
    pub const fn actor_kind(self) -> ActorKind {
        match self {
            GroupKind::StateForces => ActorKind::StateForces,
            GroupKind::Rebel | GroupKind::Jihadist => ActorKind::RebelGroup,
            GroupKind::PoliticalMilitia | GroupKind::Criminal => ActorKind::PoliticalMilitia,
            GroupKind::IdentityMilitia => ActorKind::IdentityMilitia,
            GroupKind::Rioters => ActorKind::Rioters,
            GroupKind::Protesters => ActorKind::Protesters,
            GroupKind::Civilians => ActorKind::Civilians,
            GroupKind::ExternalForces => ActorKind::ExternalOtherForces,
        }
    }
}

impl From<ActorKind> for GroupKind {
    fn from(kind: ActorKind) -> Self {
        match kind {
            ActorKind::StateForces => GroupKind::StateForces,
            ActorKind::RebelGroup => GroupKind::Rebel,
            ActorKind::PoliticalMilitia => GroupKind::PoliticalMilitia,
            ActorKind::IdentityMilitia => GroupKind::IdentityMilitia,
            ActorKind::Rioters => GroupKind::Rioters,
            ActorKind::Protesters => GroupKind::Protesters,
            ActorKind::Civilians => GroupKind::Civilians,
            ActorKind::ExternalOtherForces => GroupKind::ExternalForces,
        }
    }
}

taxonomy! {
    /// How sure the record is that a group took part, strongest first.
    pub enum Confidence: "attribution confidence" {
        /// Established by an investigation or several independent sources.
        Confirmed("confirmed") = "confirmed",
        /// The group said it did it.
        Claimed("claimed") = "claimed" | "claim of responsibility",
        /// A source names the group without qualification, as ACLED and
        /// UCDP code their actors.
        Reported("reported") = "reported",
        /// Sources believe it was the group ("believed to be", "presumed").
        Suspected("suspected") = "suspected" | "presumed" | "believed",
        /// One party accuses the group; the accusation is unverified.
        Alleged("alleged") = "alleged" | "accused",
    }
}

taxonomy! {
    /// How a group relates to its parent group.
    pub enum AffiliationKind: "affiliation" {
        /// A formal affiliate or franchise, as JNIM is of al-Qaeda.
        Affiliate("affiliate") = "affiliate" | "affiliated",
        /// A faction, branch or katiba within the parent.
        Faction("faction") = "faction" | "branch" | "katiba",
        /// A member of a coalition the parent stands for.
        CoalitionMember("coalition_member") = "coalition member" | "member",
        /// A group that split off from the parent.
        Splinter("splinter") = "splinter" | "breakaway",
        /// An ally that stays independent.
        Ally("ally") = "ally" | "allied",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inter_codes_round_trip_and_reject_others() -> Result<(), Error> {
        for code in 1..=8 {
            let kind = ActorKind::from_inter_code(code)?;
            assert_eq!(kind.inter_code(), code);
            assert_eq!(code.to_string().parse::<ActorKind>()?, kind);
            assert_eq!(GroupKind::from(kind).actor_kind(), kind);
        }
        let err = ActorKind::from_inter_code(9).unwrap_err();
        assert_eq!(
            err.to_string(),
            "inter: expected an inter code from 1 to 8, found 9"
        );
        Ok(())
    }

    #[test]
    fn legacy_labels_parse() -> Result<(), Error> {
        assert_eq!("Rebel Forces".parse::<ActorKind>()?, ActorKind::RebelGroup);
        assert_eq!(
            "Communal / Identity Groups".parse::<ActorKind>()?,
            ActorKind::IdentityMilitia
        );
        assert_eq!(
            "Foreign / Others".parse::<ActorKind>()?,
            ActorKind::ExternalOtherForces
        );
        Ok(())
    }

    #[test]
    fn jihadist_groups_are_acled_rebel_groups() {
        assert_eq!(GroupKind::Jihadist.actor_kind().inter_code(), 2);
        assert_eq!(GroupKind::Criminal.actor_kind().inter_code(), 3);
    }

    #[test]
    fn confidence_orders_strongest_first() {
        assert!(Confidence::Confirmed < Confidence::Claimed);
        assert!(Confidence::Claimed < Confidence::Suspected);
        assert!(Confidence::Suspected < Confidence::Alleged);
    }
}
