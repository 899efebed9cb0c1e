//! GeoJSON (RFC 7946): boundaries in; incidents, sites and regions out.
//!
//! ```
//! use conflict_events::io::geojson::{self, BoundaryLayer};
//! use conflict_events::{AdminLevel, DatasetBuilder, Region};
//!
//! let cercles = r#"{"type": "FeatureCollection", "features": [
//!     {"type": "Feature", "properties": {"adm1": "Kayes", "adm2": "Bafoulabe", "adm2_pcode": "ML0101"},
//!      "geometry": {"type": "Polygon", "coordinates": [[[-11, 13], [-10, 13], [-10, 14], [-11, 13]]]}}
//! ]}"#;
//! let mut data = DatasetBuilder::new();
//! let mali = data.add_region(Region::country("Mali", "MLI".parse()?));
//! let kayes = data.add_region(Region::new("Kayes", "MLI".parse()?, AdminLevel::ADMIN1).parent(mali));
//! let layer = BoundaryLayer::new(AdminLevel::ADMIN2, "adm2").code("adm2_pcode").parent("adm1").under(mali);
//! let ids = geojson::read_regions(cercles.as_bytes(), &layer, &mut data)?;
//! let bafoulabe = &data.regions()[ids[0].index()];
//! assert_eq!((bafoulabe.name(), bafoulabe.parent_id()), ("Bafoulabe", Some(kayes)));
//!
//! let data = data.build()?;
//! let mut out = Vec::new();
//! geojson::write_regions(&mut out, &data, &ids, None)?;
//! let text = String::from_utf8_lossy(&out);
//! assert!(text.contains(r#""pcode":"ML0101""#) && text.contains(r#""parent":"Kayes""#));
//! # Ok::<(), conflict_events::Error>(())
//! ```
//!
//! # Reading boundaries
//!
//! [`read_regions`] turns each feature of a FeatureCollection of
//! administrative boundaries into a [`Region`](crate::Region) of a
//! [`DatasetBuilder`](crate::DatasetBuilder). A [`BoundaryLayer`] says
//! which properties hold the names, codes and parents, since every
//! producer names them its own way: OCHA's files have `adm2`,
//! `adm2_pcode` and `adm1`; Who's On First has `wof:name` and
//! `name:fra_x_preferred`. Load the coarser layer first, so the finer
//! finds its parents:
//!
//! | layer | name | code | aliases | parent |
//! |---|---|---|---|---|
//! | WOF regions of Mali | `wof:name` | | `name:fra_x_preferred` | (the country) |
//! | OCHA cercles of Mali | `adm2` | `adm2_pcode` | | `adm1`, e.g. `Tombouctou` for the region WOF calls `Timbuktu` |
//!
//! Geometries are checked on the positions as written, before any
//! conversion: a Polygon or MultiPolygon; closed rings of at least 4
//! positions; longitudes in [-180, 180] and latitudes in [-90, 90]. Every
//! problem is an [`Error::GeoJson`](crate::Error::GeoJson) naming the
//! feature by its position and name.
//!
//! # Writing
//!
//! [`write_incidents`], [`write_sites`] and [`write_regions`] write a
//! FeatureCollection to any [`Write`](std::io::Write), as RFC 7946 asks:
//! WGS 84 `[longitude, latitude]` with no `crs` member, exterior rings
//! counter-clockwise and holes clockwise, coordinates at full `f64`
//! precision. Properties are flat values a GIS reads as columns. With a
//! query [`Table`](crate::query::Table) grouped by a place key,
//! [`write_regions`] writes a choropleth in one call;
//! [`write_regions_with`] takes any properties. [`write_cells`] writes the
//! cells of a query grouped by PRIO-GRID or kilometre cells, a choropleth
//! of the grid.

mod boundary;
mod collection;
mod layer;
mod read;
mod write;

pub use layer::BoundaryLayer;
pub use read::{read_regions, read_regions_path};
pub use write::{write_cells, write_incidents, write_regions, write_regions_with, write_sites};
