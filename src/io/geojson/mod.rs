//! GeoJSON (RFC 7946): boundaries in; incidents, sites and regions out.
