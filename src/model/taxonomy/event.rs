//! ACLED's event taxonomy: disorder types, the 6 event types and the 25
//! sub-event types, with UCDP's type of violence mapped onto it.
//!
//! Source: the ACLED Codebook (acleddata.com/knowledge-base/codebook, last
//! updated 3 October 2024), Table 2, and the category flags of acledR's
//! `acled_event_categories`.

use crate::Error;
use crate::model::names::taxonomy;

taxonomy! {
    /// ACLED's `disorder_type`: the broadest class of an event.
    ///
    /// One sub-event type, *Excessive force against protesters*, belongs to
    /// two disorder types; ACLED writes that pair as one value,
    /// `Political violence; Demonstrations`, and so does this enum.
    pub enum DisorderType: "disorder type" {
        /// Political violence.
        PoliticalViolence("political_violence") = "Political violence",
        /// Demonstrations.
        Demonstrations("demonstrations") = "Demonstrations",
        /// Both, as ACLED codes excessive force against protesters.
        PoliticalViolenceDemonstrations("political_violence_demonstrations") =
            "Political violence; Demonstrations",
        /// Strategic developments.
        StrategicDevelopments("strategic_developments") = "Strategic developments",
    }
}

taxonomy! {
    /// ACLED's `event_type`, in ACLED's hierarchy order: when several
    /// tactics occur in one event, the type listed first wins.
    #[non_exhaustive]
    pub enum EventType: "event type" {
        /// Battles: violent interactions between two organised armed groups.
        Battles("battles") = "Battles",
        /// Protests: public, non-violent demonstrations.
        Protests("protests") = "Protests",
        /// Riots: violent demonstrations and mob violence.
        Riots("riots") = "Riots",
        /// Explosions/Remote violence: strikes and explosions where the
        /// attacker is not present at the target.
        ExplosionsRemoteViolence("explosions_remote_violence") = "Explosions/Remote violence"
            | "Remote violence",
        /// Violence against civilians: violence by an organised group on
        /// unarmed non-combatants.
        ViolenceAgainstCivilians("violence_against_civilians") = "Violence against civilians",
        /// Strategic developments: non-violent but significant activity.
        StrategicDevelopments("strategic_developments") = "Strategic developments",
    }
}

taxonomy! {
    /// ACLED's `sub_event_type`, in the codebook's hierarchy order.
    ///
    /// Each sub-event type belongs to one [`EventType`] and one
    /// [`DisorderType`]; both follow from it.
    ///
    /// ```
    /// use conflict_events::{DisorderType, EventType, SubEventType};
    ///
    /// let kind: SubEventType = "Abduction/forced disappearance".parse()?;
    /// assert_eq!(kind.event_type(), EventType::ViolenceAgainstCivilians);
    /// assert_eq!(kind.disorder_type(), DisorderType::PoliticalViolence);
    /// assert_eq!(kind, "abduction_forced_disappearance".parse()?);
    /// # Ok::<(), conflict_events::Error>(())
    /// ```
    #[non_exhaustive]
    pub enum SubEventType: "sub-event type" {
        /// A government regains control of a location.
        GovernmentRegainsTerritory("government_regains_territory") = "Government regains territory",
        /// A non-state actor takes control of a location.
        NonStateActorOvertakesTerritory("non_state_actor_overtakes_territory") =
            "Non-state actor overtakes territory",
        /// Armed, organised groups clash with no territorial change.
        ArmedClash("armed_clash") = "Armed clash",
        /// Excessive force against protesters.
        ExcessiveForceAgainstProtesters("excessive_force_against_protesters") =
            "Excessive force against protesters" | "Excessive force against protestors",
        /// A protest met with an intervention short of lethal force.
        ProtestWithIntervention("protest_with_intervention") = "Protest with intervention",
        /// A peaceful protest.
        PeacefulProtest("peaceful_protest") = "Peaceful protest",
        /// A violent demonstration.
        ViolentDemonstration("violent_demonstration") = "Violent demonstration",
        /// Mob violence.
        MobViolence("mob_violence") = "Mob violence",
        /// Use of chemical weapons.
        ChemicalWeapon("chemical_weapon") = "Chemical weapon",
        /// An air or drone strike.
        AirDroneStrike("air_drone_strike") = "Air/drone strike",
        /// A suicide bombing; the bomber is counted among the fatalities.
        SuicideBomb("suicide_bomb") = "Suicide bomb",
        /// Shelling, artillery or missile attack.
        ShellingArtilleryMissileAttack("shelling_artillery_missile_attack") =
            "Shelling/artillery/missile attack",
        /// A remote explosive, landmine or IED.
        RemoteExplosiveLandmineIed("remote_explosive_landmine_ied") =
            "Remote explosive/landmine/IED",
        /// A grenade attack.
        Grenade("grenade") = "Grenade",
        /// Sexual violence.
        SexualViolence("sexual_violence") = "Sexual violence",
        /// An attack on civilians.
        Attack("attack") = "Attack",
        /// An abduction or forced disappearance, without further violence.
        AbductionForcedDisappearance("abduction_forced_disappearance") =
            "Abduction/forced disappearance",
        /// An agreement between actors.
        Agreement("agreement") = "Agreement",
        /// Arrests by state forces.
        Arrests("arrests") = "Arrests",
        /// A change to a group or its activity: new groups, recruitment,
        /// movement of forces, mergers, defections.
        ChangeToGroupActivity("change_to_group_activity") = "Change to group/activity",
        /// Weapons seized, defused or otherwise kept from use.
        DisruptedWeaponsUse("disrupted_weapons_use") = "Disrupted weapons use",
        /// A headquarters or base established.
        HeadquartersOrBaseEstablished("headquarters_or_base_established") =
            "Headquarters or base established",
        /// Looting or destruction of property outside other violence.
        LootingPropertyDestruction("looting_property_destruction") =
            "Looting/property destruction",
        /// A transfer of territory without violence.
        NonViolentTransferOfTerritory("non_violent_transfer_of_territory") =
            "Non-violent transfer of territory",
        /// Any other strategic development: coups, displacement, mass graves, threats.
        Other("other") = "Other",
    }
}

impl EventType {
    /// Position in ACLED's hierarchy, 1 for the type that wins every tie.
    pub fn hierarchy_rank(self) -> u8 {
        rank(EventType::ALL, self)
    }

    /// The sub-event types of this event type, in hierarchy order.
    pub fn sub_event_types(self) -> impl Iterator<Item = SubEventType> {
        SubEventType::ALL
            .iter()
            .copied()
            .filter(move |sub| sub.event_type() == self)
    }
}

impl SubEventType {
    /// The event type this sub-event type belongs to.
    pub const fn event_type(self) -> EventType {
        use SubEventType::*;
        match self {
            GovernmentRegainsTerritory | NonStateActorOvertakesTerritory | ArmedClash => {
                EventType::Battles
            }
            ExcessiveForceAgainstProtesters | ProtestWithIntervention | PeacefulProtest => {
                EventType::Protests
            }
            ViolentDemonstration | MobViolence => EventType::Riots,
            ChemicalWeapon
            | AirDroneStrike
            | SuicideBomb
            | ShellingArtilleryMissileAttack
            | RemoteExplosiveLandmineIed
            | Grenade => EventType::ExplosionsRemoteViolence,
            SexualViolence | Attack | AbductionForcedDisappearance => {
                EventType::ViolenceAgainstCivilians
            }
            Agreement
            | Arrests
            | ChangeToGroupActivity
            | DisruptedWeaponsUse
            | HeadquartersOrBaseEstablished
            | LootingPropertyDestruction
            | NonViolentTransferOfTerritory
            | Other => EventType::StrategicDevelopments,
        }
    }

    /// The disorder type, as in the ACLED Codebook's Table 2.
    pub const fn disorder_type(self) -> DisorderType {
        use SubEventType::*;
        match self {
            ExcessiveForceAgainstProtesters => DisorderType::PoliticalViolenceDemonstrations,
            ProtestWithIntervention | PeacefulProtest | ViolentDemonstration => {
                DisorderType::Demonstrations
            }
            _ => match self.event_type() {
                EventType::StrategicDevelopments => DisorderType::StrategicDevelopments,
                _ => DisorderType::PoliticalViolence,
            },
        }
    }

    /// Position in ACLED's hierarchy, 1 for the sub-event type that wins
    /// every tie (*Government regains territory*), 25 for *Other*.
    pub fn hierarchy_rank(self) -> u8 {
        rank(SubEventType::ALL, self)
    }

    /// acledR's `political_violence` flag: battles, explosions/remote
    /// violence, violence against civilians, mob violence and excessive
    /// force against protesters.
    pub fn is_political_violence(self) -> bool {
        matches!(
            self.disorder_type(),
            DisorderType::PoliticalViolence | DisorderType::PoliticalViolenceDemonstrations
        )
    }

    /// acledR's `organized_political_violence` flag: political violence
    /// less mob violence and excessive force against protesters.
    pub fn is_organized_political_violence(self) -> bool {
        self.is_political_violence()
            && !matches!(
                self,
                SubEventType::MobViolence | SubEventType::ExcessiveForceAgainstProtesters
            )
    }

    /// acledR's `disorder` flag: everything but strategic developments.
    pub fn is_disorder(self) -> bool {
        self.event_type() != EventType::StrategicDevelopments
    }

    /// acledR's `demonstrations` flag: protests and violent demonstrations,
    /// not mob violence.
    pub fn is_demonstration(self) -> bool {
        matches!(
            self.disorder_type(),
            DisorderType::Demonstrations | DisorderType::PoliticalViolenceDemonstrations
        )
    }

    /// The sub-event type named `sub_event` within `event_type`, as read
    /// from an ACLED row.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] when `sub_event` is no sub-event type, and
    /// [`Error::InvalidValue`] when it belongs to another event type.
    pub fn parse_within(event_type: EventType, sub_event: &str) -> Result<Self, Error> {
        let sub: SubEventType = sub_event.parse()?;
        if sub.event_type() == event_type {
            Ok(sub)
        } else {
            Err(Error::invalid(
                "sub_event_type",
                "a sub-event type of the row's event type",
                format!("{:?} under {:?}", sub.label(), event_type.label()),
            ))
        }
    }
}

taxonomy! {
    /// UCDP GED's `type_of_violence`.
    ///
    /// Source: UCDP GED Codebook: "1: state-based conflict; 2: non-state
    /// conflict; 3: one-sided violence".
    pub enum ViolenceType: "type of violence" {
        /// State-based armed conflict (code 1).
        StateBased("state_based") = "State-based conflict" | "state based armed conflict" | "1",
        /// Non-state conflict (code 2).
        NonState("non_state") = "Non-state conflict" | "2",
        /// One-sided violence against civilians (code 3).
        OneSided("one_sided") = "One-sided violence" | "3",
    }
}

impl ViolenceType {
    /// UCDP's code, 1–3.
    pub const fn code(self) -> u8 {
        match self {
            ViolenceType::StateBased => 1,
            ViolenceType::NonState => 2,
            ViolenceType::OneSided => 3,
        }
    }

    /// The type with UCDP code `code`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `code` is 1, 2 or 3.
    pub fn from_code(code: u8) -> Result<Self, Error> {
        match code {
            1 => Ok(ViolenceType::StateBased),
            2 => Ok(ViolenceType::NonState),
            3 => Ok(ViolenceType::OneSided),
            _ => Err(Error::invalid(
                "type_of_violence",
                "1, 2 or 3",
                code.to_string(),
            )),
        }
    }

    /// The ACLED sub-event type an event of this type is recorded as when
    /// nothing more is known: state-based and non-state conflict are armed
    /// clashes, one-sided violence is an attack on civilians.
    pub const fn sub_event_type(self) -> SubEventType {
        match self {
            ViolenceType::StateBased | ViolenceType::NonState => SubEventType::ArmedClash,
            ViolenceType::OneSided => SubEventType::Attack,
        }
    }
}

/// 1-based position of `item` in `all`.
fn rank<T: PartialEq>(all: &[T], item: T) -> u8 {
    all.iter()
        .position(|x| *x == item)
        .map_or(0, |i| u8::try_from(i + 1).unwrap_or(u8::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_six_event_types_and_twenty_five_sub_event_types() {
        assert_eq!(EventType::ALL.len(), 6);
        assert_eq!(SubEventType::ALL.len(), 25);
        let per_type: Vec<usize> = EventType::ALL
            .iter()
            .map(|t| t.sub_event_types().count())
            .collect();
        assert_eq!(per_type, [3, 3, 2, 6, 3, 8]);
    }

    #[test]
    fn disorder_types_follow_codebook_table_2() {
        use SubEventType::*;
        assert_eq!(
            ExcessiveForceAgainstProtesters.disorder_type().label(),
            "Political violence; Demonstrations"
        );
        assert_eq!(MobViolence.disorder_type(), DisorderType::PoliticalViolence);
        assert_eq!(
            ViolentDemonstration.disorder_type(),
            DisorderType::Demonstrations
        );
        assert_eq!(Grenade.disorder_type(), DisorderType::PoliticalViolence);
        assert_eq!(Other.disorder_type(), DisorderType::StrategicDevelopments);
    }

    #[test]
    fn category_flags_follow_acledr() {
        // (political violence, organised PV, disorder, demonstrations) from
        // acledR's acled_event_categories, one row per sub-event type.
        let expected: [(bool, bool, bool, bool); 25] = [
            (true, true, true, false),
            (true, true, true, false),
            (true, true, true, false),
            (true, false, true, true),
            (false, false, true, true),
            (false, false, true, true),
            (false, false, true, true),
            (true, false, true, false),
            (true, true, true, false),
            (true, true, true, false),
            (true, true, true, false),
            (true, true, true, false),
            (true, true, true, false),
            (true, true, true, false),
            (true, true, true, false),
            (true, true, true, false),
            (true, true, true, false),
            (false, false, false, false),
            (false, false, false, false),
            (false, false, false, false),
            (false, false, false, false),
            (false, false, false, false),
            (false, false, false, false),
            (false, false, false, false),
            (false, false, false, false),
        ];
        for (sub, want) in SubEventType::ALL.iter().zip(expected) {
            let got = (
                sub.is_political_violence(),
                sub.is_organized_political_violence(),
                sub.is_disorder(),
                sub.is_demonstration(),
            );
            assert_eq!(got, want, "{sub}");
        }
    }

    #[test]
    fn hierarchy_ranks_follow_declaration_order() {
        assert_eq!(SubEventType::GovernmentRegainsTerritory.hierarchy_rank(), 1);
        assert_eq!(
            SubEventType::AbductionForcedDisappearance.hierarchy_rank(),
            17
        );
        assert_eq!(SubEventType::Other.hierarchy_rank(), 25);
        assert_eq!(EventType::Battles.hierarchy_rank(), 1);
        assert_eq!(EventType::StrategicDevelopments.hierarchy_rank(), 6);
    }

    #[test]
    fn sources_spellings_parse() -> Result<(), Error> {
        assert_eq!(
            "Excessive force against protestors".parse::<SubEventType>()?,
            SubEventType::ExcessiveForceAgainstProtesters
        );
        assert_eq!(
            "Strategic Developments".parse::<EventType>()?,
            EventType::StrategicDevelopments
        );
        assert_eq!("3".parse::<ViolenceType>()?, ViolenceType::OneSided);
        Ok(())
    }

    #[test]
    fn unknown_names_say_what_was_expected() {
        let err = "Batles".parse::<EventType>().map(|_| ()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "event type: expected one of \"Battles\", \"Protests\", \"Riots\", \
             \"Explosions/Remote violence\", \"Violence against civilians\", \
             \"Strategic developments\", found \"Batles\""
        );
    }

    #[test]
    fn sub_event_type_must_belong_to_the_event_type() {
        let err = SubEventType::parse_within(EventType::Battles, "Attack").unwrap_err();
        assert_eq!(
            err.to_string(),
            "sub_event_type: expected a sub-event type of the row's event type, \
             found \"Attack\" under \"Battles\""
        );
    }

    #[test]
    fn violence_types_map_to_codes_and_sub_event_types() -> Result<(), Error> {
        for code in 1..=3 {
            assert_eq!(ViolenceType::from_code(code)?.code(), code);
        }
        assert!(ViolenceType::from_code(4).is_err());
        assert_eq!(
            ViolenceType::OneSided.sub_event_type(),
            SubEventType::Attack
        );
        Ok(())
    }
}
