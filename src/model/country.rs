//! Country codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Error;

/// An ISO 3166-1 alpha-3 country code, such as `MLI` for Mali.
///
/// Three ASCII capital letters; the code is checked for shape, not against
/// the ISO list, so user-assigned codes (`XKX`) work too. `FromStr`
/// accepts lowercase and uppercases it.
///
/// ```
/// use conflict_events::CountryCode;
///
/// let mali: CountryCode = "mli".parse()?;
/// assert_eq!(mali.as_str(), "MLI");
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        // The bytes are ASCII capitals by construction.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl FromStr for CountryCode {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let bytes = text.as_bytes();
        match bytes {
            [a, b, c] if bytes.iter().all(u8::is_ascii_alphabetic) => Ok(CountryCode([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(Error::invalid(
                "country",
                "an ISO 3166-1 alpha-3 code such as MLI",
                format!("{text:?}"),
            )),
        }
    }
}

impl TryFrom<String> for CountryCode {
    type Error = Error;

    fn try_from(text: String) -> Result<Self, Error> {
        text.parse()
    }
}

impl From<CountryCode> for String {
    fn from(code: CountryCode) -> String {
        code.as_str().to_owned()
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_is_checked() -> Result<(), Error> {
        assert_eq!("bfa".parse::<CountryCode>()?.to_string(), "BFA");
        let err = "ML".parse::<CountryCode>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "country: expected an ISO 3166-1 alpha-3 code such as MLI, found \"ML\""
        );
        assert!("M1I".parse::<CountryCode>().is_err());
        assert!("MÀL".parse::<CountryCode>().is_err());
        Ok(())
    }
}
