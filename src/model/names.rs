//! How taxonomy names are matched, and the macro that declares a taxonomy.
//!
//! Every taxonomy enum has one token (its serde name and what `FromStr`
//! always accepts), one label (what `Display` prints, in the sources'
//! spelling where they have one) and any number of aliases (other spellings
//! the sources use). Matching ignores case and treats every run of spaces
//! and punctuation as one word break, so
//! `"Violence against civilians"`, `"violence_against_civilians"` and
//! `"VIOLENCE AGAINST CIVILIANS"` are one name.

/// The words of `s`, lowercased, joined by single spaces; no allocation.
fn normalized(s: &str) -> impl Iterator<Item = char> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .enumerate()
        .flat_map(|(i, word)| {
            (i > 0)
                .then_some(' ')
                .into_iter()
                .chain(word.chars().flat_map(char::to_lowercase))
        })
}

/// Whether `a` and `b` are the same words, ignoring case, where any run of
/// spaces and punctuation separates words (`"Al-Qaeda"` is `"al qaeda"`,
/// but not `"alqaeda"`).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    normalized(a).eq(normalized(b))
}

/// Words for a kind of administrative unit, left out when place names are
/// compared loosely: UCDP writes "Mopti region" and "Djenné cercle" where
/// a boundary file says "Mopti" and "Djenne".
const UNIT_WORDS: &[&str] = &[
    "arrondissement",
    "cercle",
    "circle",
    "commune",
    "county",
    "department",
    "departement",
    "district",
    "governorate",
    "municipality",
    "prefecture",
    "province",
    "region",
    "state",
];

/// Words that join a unit word to the name ("District de Bamako"), left
/// out with it.
const LINK_WORDS: &[&str] = &["d", "de", "des", "du", "of"];

/// `name` reduced for a loose comparison of place names: accents removed,
/// lowercased, words split at spaces and punctuation, and words for a kind
/// of unit left out, with a linking word after a leading one ("District
/// de Bamako" and "Bamako" give `bamako`). A name of unit words alone is
/// kept whole.
pub(crate) fn place_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let folded: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let mut after_unit = false;
    for word in &words {
        if UNIT_WORDS.contains(word) {
            after_unit = kept.is_empty();
        } else if after_unit && kept.is_empty() && LINK_WORDS.contains(word) {
            after_unit = false;
        } else {
            after_unit = false;
            kept.push(word);
        }
    }
    if kept.is_empty() {
        words.join(" ")
    } else {
        kept.join(" ")
    }
}

/// The `expected` text of an unknown-name error: the labels, quoted.
pub(crate) fn expected_one_of(labels: impl Iterator<Item = &'static str>) -> String {
    let mut out = String::from("one of ");
    for (i, label) in labels.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('"');
        out.push_str(label);
        out.push('"');
    }
    out
}

/// Declares a taxonomy enum with its token, label and aliases.
///
/// ```text
/// taxonomy! {
///     /// Docs.
///     pub enum Commodity: "commodity" {
///         /// Docs.
///         Fuel("fuel") = "Fuel" | "petrol",
///     }
/// }
/// ```
macro_rules! taxonomy {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $what:literal {
            $(
                $(#[$vmeta:meta])*
                $variant:ident ( $token:literal ) = $label:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $token)]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name as the sources spell it; what `Display` prints.
            pub const fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// The `snake_case` token used on the wire.
            pub const fn token(self) -> &'static str {
                match self {
                    $($name::$variant => $token,)+
                }
            }

            /// Other spellings `FromStr` accepts.
            pub const fn aliases(self) -> &'static [&'static str] {
                match self {
                    $($name::$variant => &[$($alias),*],)+
                }
            }

            /// Whether `text` names this variant, by token, label or alias.
            pub fn is_named(self, text: &str) -> bool {
                $crate::model::names::same_name(text, self.label())
                    || $crate::model::names::same_name(text, self.token())
                    || self
                        .aliases()
                        .iter()
                        .any(|alias| $crate::model::names::same_name(text, alias))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|variant| variant.is_named(text))
                    .ok_or_else(|| $crate::Error::UnknownName {
                        taxonomy: $what,
                        expected: $crate::model::names::expected_one_of(
                            $name::ALL.iter().map(|variant| variant.label()),
                        ),
                        found: text.to_owned(),
                    })
            }
        }
    };
}

pub(crate) use taxonomy;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_compare_without_accents_case_or_unit_words() {
        assert_eq!(place_key("Ménaka region"), "menaka");
        assert_eq!(place_key("Djenné cercle"), "djenne");
        assert_eq!(place_key("DJENNE"), "djenne");
        assert_eq!(place_key("Gourma-Rharous cercle"), "gourma rharous");
        assert_eq!(place_key("District de Bamako"), "bamako");
        assert_eq!(place_key("Ségou"), "segou");
        assert_eq!(place_key("Région"), "region");
        assert_eq!(place_key("Abeïbara cercle"), "abeibara");
        assert_eq!(place_key(""), "");
    }

    #[test]
    fn names_match_up_to_case_punctuation_and_spacing() {
        assert!(same_name(
            "Violence against civilians",
            "violence_against_civilians"
        ));
        assert!(same_name(
            "Explosions/Remote violence",
            "explosions_remote_violence"
        ));
        assert!(same_name("  Rebel   group ", "REBEL-GROUP"));
        assert!(same_name("Ségou", "SÉGOU"));
        assert!(!same_name("Battles", "Battle"));
        assert!(!same_name("Riots", "Protests"));
        assert!(!same_name("", "a"));
        assert!(same_name("", "--"));
    }
}
