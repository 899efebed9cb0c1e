//! UCDP's country names, as ISO 3166-1 alpha-3 codes.

use crate::CountryCode;

/// UCDP GED country names that the ISO 3166 list (as the `isocountry`
/// crate spells it) does not know, as written or without a parenthesised
/// former name, with their ISO 3166-1 alpha-3 codes.
///
/// Kosovo has no ISO code; `XKX` is the user-assigned code the European
/// Commission and the World Bank use.
pub(crate) const UCDP_NAMES: [(&str, &str); 26] = [
    ("Bolivia", "BOL"),
    ("Bosnia-Herzegovina", "BIH"),
    ("Brunei", "BRN"),
    ("Cape Verde", "CPV"),
    ("Czech Republic", "CZE"),
    ("DR Congo", "COD"),
    ("East Timor", "TLS"),
    ("Iran", "IRN"),
    ("Ivory Coast", "CIV"),
    ("Kingdom of eSwatini", "SWZ"),
    ("Kosovo", "XKX"),
    ("Laos", "LAO"),
    ("Macedonia, FYR", "MKD"),
    ("Moldova", "MDA"),
    ("North Korea", "PRK"),
    ("North Macedonia", "MKD"),
    ("Palestine", "PSE"),
    ("Russia", "RUS"),
    ("South Korea", "KOR"),
    ("Syria", "SYR"),
    ("Taiwan", "TWN"),
    ("Tanzania", "TZA"),
    ("Türkiye", "TUR"),
    ("United Kingdom", "GBR"),
    ("Venezuela", "VEN"),
    ("Vietnam", "VNM"),
];

/// The code of the country UCDP calls `name`: the ISO 3166 English short
/// name as is, then without a parenthesised part (`Myanmar (Burma)`), then
/// the same two in [`UCDP_NAMES`].
pub(crate) fn country_code(name: &str) -> Option<CountryCode> {
    let short = name
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
        .map(|(before, _)| before.trim_end());
    let iso = |n: &str| {
        isocountry::CountryCode::iter()
            .find(|c| c.name() == n)
            .map(|c| c.alpha3())
    };
    let table = |n: &str| {
        UCDP_NAMES
            .iter()
            .find(|(ucdp, _)| *ucdp == n)
            .map(|(_, code)| *code)
    };
    iso(name)
        .or_else(|| short.and_then(iso))
        .or_else(|| table(name))
        .or_else(|| short.and_then(table))
        .and_then(|code| code.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(name: &str) -> Option<String> {
        country_code(name).map(|c| c.to_string())
    }

    #[test]
    fn ucdp_names_have_codes() {
        let names = [
            ("Mali", "MLI"),
            ("Burkina Faso", "BFA"),
            ("DR Congo (Zaire)", "COD"),
            ("Congo", "COG"),
            ("Myanmar (Burma)", "MMR"),
            ("Yemen (North Yemen)", "YEM"),
            ("Russia (Soviet Union)", "RUS"),
            ("Serbia (Yugoslavia)", "SRB"),
            ("Kingdom of eSwatini (Swaziland)", "SWZ"),
            ("Madagascar (Malagasy)", "MDG"),
            ("Zimbabwe (Rhodesia)", "ZWE"),
            ("Cambodia (Kampuchea)", "KHM"),
            ("Vietnam (North Vietnam)", "VNM"),
            ("Macedonia, FYR", "MKD"),
            ("Bosnia-Herzegovina", "BIH"),
            ("Ivory Coast", "CIV"),
            ("United States of America", "USA"),
            ("Iran", "IRN"),
            ("Syria", "SYR"),
            ("Kosovo", "XKX"),
        ];
        for (name, expected) in names {
            assert_eq!(code(name).as_deref(), Some(expected), "{name}");
        }
        assert_eq!(code("Atlantis"), None);
        assert_eq!(code(""), None);
        assert_eq!(code("(Zaire)"), None);
    }

    #[test]
    fn the_table_holds_only_names_iso_does_not_know() {
        for (name, code) in &UCDP_NAMES {
            assert!(
                isocountry::CountryCode::iter().all(|c| c.name() != *name),
                "{name} is an ISO name"
            );
            let known = isocountry::CountryCode::for_alpha3(code).is_ok();
            assert!(known || *code == "XKX", "{code}");
        }
    }
}
