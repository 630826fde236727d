//! The shipped vector base layers (assets/geo/, see its SOURCES.md): country
//! polygons by internationally recognised borders, land, the Russian-occupied
//! area and the line of contact of 2025-12-01. Built into the binary and
//! projected once per process.
//!
//! Point queries here are exact (against the polygons); the map's rasters
//! sample the same polygons at cell centres. Scenario validation uses the
//! exact form, so whether a unit stands on land does not depend on the
//! resolution chosen.

use std::sync::OnceLock;

use super::projection::{self, LatLon, Xy};
use super::vector::{self, MultiPolygon, Shape, VectorFeature};

const COUNTRIES: &str = include_str!("../../assets/geo/countries.geojson");
const LAND: &str = include_str!("../../assets/geo/land.geojson");
const OCCUPIED: &str = include_str!("../../assets/geo/occupied_2025-12-01.geojson");
const CONTACT_LINE: &str = include_str!("../../assets/geo/contact_line_2025-12-01.geojson");

/// One country.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// English name.
    pub name: String,
    /// Territory.
    pub area: MultiPolygon,
}

/// A polyline with its original coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Vertices, lon/lat.
    pub latlon: Vec<LatLon>,
    /// Vertices, EPSG:3035.
    pub xy: Vec<Xy>,
}

/// The base layers.
#[derive(Debug, Clone)]
pub struct Basemap {
    /// Countries, sorted by code; a country raster stores index + 1.
    pub countries: Vec<Country>,
    /// Land (Natural Earth 10m).
    pub land: MultiPolygon,
    /// The Russian-occupied area of Ukraine, Crimea included.
    pub occupied: MultiPolygon,
    /// The line of contact at its most detailed simplification (used for
    /// distances and drawn on maps).
    pub contact_line: Line,
    /// Douglas-Peucker tolerance of [`Basemap::contact_line`], degrees.
    pub contact_tolerance_deg: f64,
}

fn areas(features: Vec<VectorFeature>) -> Vec<(VectorFeature, MultiPolygon)> {
    features
        .into_iter()
        .filter_map(|f| match f.geometry.clone() {
            Shape::Area(mp) => Some((f, mp)),
            _ => None,
        })
        .collect()
}

fn merged(parts: Vec<(VectorFeature, MultiPolygon)>) -> MultiPolygon {
    MultiPolygon::new(parts.into_iter().flat_map(|(_, mp)| mp.polygons).collect())
}

impl Basemap {
    /// Parses the shipped layers.
    pub fn parse() -> Result<Self, String> {
        let mut countries: Vec<Country> =
            areas(vector::read_geojson(COUNTRIES).map_err(|e| format!("countries: {e}"))?)
                .into_iter()
                .map(|(f, area)| Country {
                    code: f.text("iso_a2").unwrap_or("??").to_string(),
                    name: f.text("name").unwrap_or("").to_string(),
                    area,
                })
                .collect();
        countries.sort_by(|a, b| a.code.cmp(&b.code));
        let land = merged(areas(vector::read_geojson(LAND).map_err(|e| format!("land: {e}"))?));
        let occupied = merged(areas(vector::read_geojson(OCCUPIED).map_err(|e| format!("occupied: {e}"))?));
        let mut best: Option<(f64, Line)> = None;
        for f in vector::read_geojson(CONTACT_LINE).map_err(|e| format!("contact line: {e}"))? {
            let tol = f.properties.get("tolerance_deg").and_then(|v| v.as_f64()).unwrap_or(f64::MAX);
            if let Shape::Lines(lines) = f.geometry
                && let Some((latlon, xy)) = lines.into_iter().next()
                && best.as_ref().is_none_or(|(t, _)| tol < *t)
            {
                best = Some((tol, Line { latlon, xy }));
            }
        }
        let (contact_tolerance_deg, contact_line) = best.ok_or("the contact-line file holds no line")?;
        Ok(Self { countries, land, occupied, contact_line, contact_tolerance_deg })
    }

    /// The layers built into the binary, parsed on first use.
    pub fn builtin() -> &'static Basemap {
        static B: OnceLock<Basemap> = OnceLock::new();
        // The shipped files are checked by tests; failure here is a build defect.
        B.get_or_init(|| Basemap::parse().unwrap_or_else(|e| panic!("assets/geo is broken: {e}")))
    }

    /// True when the point is on land.
    pub fn is_land(&self, p: LatLon) -> bool {
        self.land.contains(projection::forward(p))
    }

    /// The country at a point, by internationally recognised borders.
    pub fn country_at(&self, p: LatLon) -> Option<&Country> {
        let xy = projection::forward(p);
        self.countries.iter().find(|c| c.area.contains(xy))
    }

    /// True when the point lies in the Russian-occupied area.
    pub fn is_occupied(&self, p: LatLon) -> bool {
        self.occupied.contains(projection::forward(p))
    }

    /// Distance from the point to the line of contact, km.
    pub fn distance_to_contact_km(&self, p: LatLon) -> f64 {
        vector::polyline_distance(projection::forward(p), &self.contact_line.xy) / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> LatLon {
        LatLon { lat, lon }
    }

    #[test]
    fn the_shipped_layers_parse_and_answer_point_queries() {
        let b = Basemap::parse().unwrap();
        assert!(b.countries.len() >= 19);
        assert_eq!(b.country_at(at(50.45, 30.52)).map(|c| c.code.as_str()), Some("UA"));
        assert_eq!(b.country_at(at(44.60, 33.53)).map(|c| c.code.as_str()), Some("UA"), "Sevastopol");
        assert!(b.is_occupied(at(44.60, 33.53)) && b.is_occupied(at(48.0, 37.8)), "Sevastopol and Donetsk");
        assert!(!b.is_occupied(at(50.45, 30.52)));
        assert!(!b.is_land(at(43.5, 34.0)) && !b.is_land(at(46.0, 36.5)), "Black Sea and Sea of Azov");
        assert!(b.is_land(at(45.0, 34.0)), "Crimea");
        assert!(b.contact_line.xy.len() >= 35);
    }
}
