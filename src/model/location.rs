//! Where something happened: a point with the precision the source gives it.

use std::fmt;

use arcstr::ArcStr;
use geo_types::Point;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::model::names::taxonomy;

taxonomy! {
    /// How precisely a source places an event, from the most precise to the
    /// least.
    ///
    /// Maps to ACLED's `geo_precision` and UCDP GED's `where_prec`, so that
    /// every code of either source comes back unchanged:
    ///
    /// | precision | ACLED `geo_precision` | UCDP `where_prec` |
    /// |---|---|---|
    /// | `Exact` | 1, "a particular town" | 1, "the exact location" |
    /// | `Near` | 2, "a small part of a region, or near a town" | 2, "a limited area around a location" |
    /// | `Admin2` | (3) | 3, "a second-order administrative division" |
    /// | `Admin1` | (3) | 4, "a first-order administrative division" |
    /// | `Region` | 3, "only a larger region mentioned" | 5, "parts of a country larger than ADM1, or vaguely described" |
    /// | `Country` | none | 6, "the entire country" |
    /// | `Water` | none | 7, "over water or in international airspace" |
    ///
    /// Each source's codes come back unchanged through the model; `Admin2`
    /// and `Admin1` are written to ACLED as 3.
    pub enum GeoPrecision: "geo precision" {
        /// The named place itself.
        Exact("exact") = "exact",
        /// Near a named place, or a small part of a region.
        Near("near") = "near",
        /// Known to a second-order division (a cercle in Mali).
        Admin2("admin2") = "admin2" | "adm2",
        /// Known to a first-order division (a region in Mali).
        Admin1("admin1") = "admin1" | "adm1",
        /// Only a larger area is known.
        Region("region") = "region",
        /// Only the country is known.
        Country("country") = "country",
        /// Over water or in international airspace.
        Water("water") = "water",
    }
}

impl GeoPrecision {
    /// The precision of ACLED `geo_precision` code `code` (1–3).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `code` is 1, 2 or 3.
    pub fn from_acled(code: u8) -> Result<Self, Error> {
        match code {
            1 => Ok(GeoPrecision::Exact),
            2 => Ok(GeoPrecision::Near),
            3 => Ok(GeoPrecision::Region),
            _ => Err(Error::invalid(
                "geo_precision",
                "1, 2 or 3",
                code.to_string(),
            )),
        }
    }

    /// ACLED's `geo_precision` code; `None` for country and water
    /// precision, which ACLED does not record.
    pub const fn acled_code(self) -> Option<u8> {
        match self {
            GeoPrecision::Exact => Some(1),
            GeoPrecision::Near => Some(2),
            GeoPrecision::Admin2 | GeoPrecision::Admin1 | GeoPrecision::Region => Some(3),
            GeoPrecision::Country | GeoPrecision::Water => None,
        }
    }

    /// The precision of UCDP GED `where_prec` code `code` (1–7).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] unless `code` is in 1–7.
    pub fn from_ucdp(code: u8) -> Result<Self, Error> {
        usize::from(code)
            .checked_sub(1)
            .and_then(|i| GeoPrecision::ALL.get(i))
            .copied()
            .ok_or_else(|| Error::invalid("where_prec", "an integer from 1 to 7", code.to_string()))
    }

    /// UCDP GED's `where_prec` code, 1–7.
    pub const fn ucdp_code(self) -> u8 {
        match self {
            GeoPrecision::Exact => 1,
            GeoPrecision::Near => 2,
            GeoPrecision::Admin2 => 3,
            GeoPrecision::Admin1 => 4,
            GeoPrecision::Region => 5,
            GeoPrecision::Country => 6,
            GeoPrecision::Water => 7,
        }
    }
}

/// A point in WGS 84 with the precision the source gives it and,
/// optionally, the name of the place.
///
/// Invariant: latitude and longitude are finite, latitude in [-90, 90],
/// longitude in [-180, 180].
///
/// ```
/// use conflict_events::{GeoPrecision, Location};
///
/// let bafoulabe = Location::new(13.8065, -10.8321, GeoPrecision::Exact)?.with_place("Bafoulabe");
/// assert_eq!(bafoulabe.place(), Some("Bafoulabe"));
/// assert!(Location::new(91.0, 0.0, GeoPrecision::Exact).is_err());
/// # Ok::<(), conflict_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "LocationRecord", into = "LocationRecord")]
pub struct Location {
    point: Point<f64>,
    precision: GeoPrecision,
    place: Option<ArcStr>,
}

impl Location {
    /// The point at `lat`, `lon` (degrees).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidValue`] naming `latitude` or `longitude` when it is
    /// not finite or out of range.
    pub fn new(lat: f64, lon: f64, precision: GeoPrecision) -> Result<Self, Error> {
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            return Err(Error::invalid(
                "latitude",
                "a finite number in [-90, 90]",
                lat.to_string(),
            ));
        }
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            return Err(Error::invalid(
                "longitude",
                "a finite number in [-180, 180]",
                lon.to_string(),
            ));
        }
        Ok(Location {
            point: Point::new(lon, lat),
            precision,
            place: None,
        })
    }

    /// Names the place, e.g. `Bafoulabe`. Names that repeat can share one
    /// [`ArcStr`].
    #[must_use]
    pub fn with_place(mut self, place: impl Into<ArcStr>) -> Self {
        self.place = Some(place.into());
        self
    }

    /// Latitude in degrees.
    pub fn lat(&self) -> f64 {
        self.point.y()
    }

    /// Longitude in degrees.
    pub fn lon(&self) -> f64 {
        self.point.x()
    }

    /// The point, `x` = longitude and `y` = latitude.
    pub fn point(&self) -> Point<f64> {
        self.point
    }

    /// How precisely the source places it.
    pub fn precision(&self) -> GeoPrecision {
        self.precision
    }

    /// The name of the place, when known.
    pub fn place(&self) -> Option<&str> {
        self.place.as_deref()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(place) = &self.place {
            write!(f, "{place} ")?;
        }
        write!(
            f,
            "({:.4}, {:.4}, {})",
            self.lat(),
            self.lon(),
            self.precision
        )
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocationRecord {
    lat: f64,
    lon: f64,
    precision: GeoPrecision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    place: Option<ArcStr>,
}

impl TryFrom<LocationRecord> for Location {
    type Error = Error;

    fn try_from(r: LocationRecord) -> Result<Self, Error> {
        let location = Location::new(r.lat, r.lon, r.precision)?;
        Ok(Location {
            place: r.place,
            ..location
        })
    }
}

impl From<Location> for LocationRecord {
    fn from(l: Location) -> Self {
        LocationRecord {
            lat: l.lat(),
            lon: l.lon(),
            precision: l.precision,
            place: l.place,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_codes_round_trip() -> Result<(), Error> {
        for code in 1..=3 {
            assert_eq!(GeoPrecision::from_acled(code)?.acled_code(), Some(code));
        }
        for code in 1..=7 {
            assert_eq!(GeoPrecision::from_ucdp(code)?.ucdp_code(), code);
        }
        assert_eq!(GeoPrecision::Admin1.acled_code(), Some(3));
        assert_eq!(GeoPrecision::Water.acled_code(), None);
        assert_eq!(
            GeoPrecision::from_ucdp(8).unwrap_err().to_string(),
            "where_prec: expected an integer from 1 to 7, found 8"
        );
        assert_eq!(
            GeoPrecision::from_acled(0).unwrap_err().to_string(),
            "geo_precision: expected 1, 2 or 3, found 0"
        );
        Ok(())
    }

    #[test]
    fn coordinates_are_checked() {
        assert!(Location::new(90.0, 180.0, GeoPrecision::Exact).is_ok());
        assert!(Location::new(-90.0, -180.0, GeoPrecision::Exact).is_ok());
        assert_eq!(
            Location::new(91.5, 0.0, GeoPrecision::Exact)
                .unwrap_err()
                .to_string(),
            "latitude: expected a finite number in [-90, 90], found 91.5"
        );
        assert_eq!(
            Location::new(0.0, f64::NAN, GeoPrecision::Exact)
                .unwrap_err()
                .to_string(),
            "longitude: expected a finite number in [-180, 180], found NaN"
        );
        assert!(Location::new(0.0, -180.5, GeoPrecision::Exact).is_err());
    }
}
