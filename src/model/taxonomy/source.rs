//! Where a claim comes from.

use crate::model::names::taxonomy;

taxonomy! {
    /// The kind of a [`Source`](crate::Source).
    #[non_exhaustive]
    pub enum SourceKind: "source kind" {
        /// Local sources: residents, local officials, community leaders.
        Local("local") = "local" | "local sources",
        /// Local or regional media.
        LocalMedia("local_media") = "local media" | "subnational",
        /// National media.
        NationalMedia("national_media") = "national media" | "national",
        /// International media and news agencies.
        InternationalMedia("international_media") = "international media" | "international",
        /// A network of journalists, e.g. Wamaps.
        JournalistNetwork("journalist_network") = "journalist network",
        /// A security source: army, police, intelligence.
        Security("security") = "security source",
        /// A government statement.
        Government("government") = "government",
        /// The armed group itself: claims and statements.
        ArmedGroup("armed_group") = "armed group",
        /// A company: the site's owner or operator.
        Company("company") = "company" | "operator",
        /// A witness.
        Witness("witness") = "witness" | "witnesses",
        /// A non-governmental or UN organisation.
        Ngo("ngo") = "NGO" | "UN",
        /// Social media.
        SocialMedia("social_media") = "social media",
        /// An event dataset such as ACLED or UCDP.
        Dataset("dataset") = "dataset",
        /// Anything else.
        Other("other") = "other",
    }
}
