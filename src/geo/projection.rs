//! ETRS89-LAEA Europe (EPSG:3035): the Lambert azimuthal equal-area projection
//! on the GRS80 ellipsoid, centred at 52°N 10°E with false easting 4,321,000 m
//! and false northing 3,210,000 m.
//!
//! Equal area matters here: coverage statistics (km² covered, share of
//! territory) are sums of cells, and every cell of the grid has the same true
//! area. Formulas from IOGP Guidance Note 7-2 (EPSG method 9820), forward
//! exactly and inverse by the authalic-latitude series, which is accurate to
//! well under a millimetre at these latitudes.

/// GRS80 semi-major axis, m.
const A: f64 = 6_378_137.0;
/// GRS80 flattening.
const F: f64 = 1.0 / 298.257_222_101;
/// Latitude of the projection centre, degrees.
const LAT0_DEG: f64 = 52.0;
/// Longitude of the projection centre, degrees.
const LON0_DEG: f64 = 10.0;
/// False easting, m.
pub const FALSE_EASTING: f64 = 4_321_000.0;
/// False northing, m.
pub const FALSE_NORTHING: f64 = 3_210_000.0;

/// The WKT of EPSG:3035, written beside rasters as a `.prj` so that GIS tools
/// place them correctly.
pub const EPSG_3035_WKT: &str = r#"PROJCS["ETRS89-extended / LAEA Europe",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["latitude_of_center",52],PARAMETER["longitude_of_center",10],PARAMETER["false_easting",4321000],PARAMETER["false_northing",3210000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Northing",NORTH],AXIS["Easting",EAST],AUTHORITY["EPSG","3035"]]"#;

/// A point in EPSG:3035, metres.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Xy {
    /// Easting, m.
    pub x: f64,
    /// Northing, m.
    pub y: f64,
}

impl Xy {
    /// Straight-line distance in the projected plane, m. Within the map the
    /// scale error of LAEA is below 1 %, so this is the ground distance for
    /// modelling purposes.
    pub fn distance(self, other: Xy) -> f64 {
        let (dx, dy) = (self.x - other.x, self.y - other.y);
        (dx * dx + dy * dy).sqrt()
    }
}

/// A geographic point, degrees (WGS84/ETRS89; the two differ by under a metre
/// here, far below the grid's resolution).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

struct Constants {
    e: f64,
    e2: f64,
    qp: f64,
    rq: f64,
    sin_b0: f64,
    cos_b0: f64,
    d: f64,
    lon0: f64,
}

fn q(e: f64, sin_phi: f64) -> f64 {
    let e2 = e * e;
    let es = e * sin_phi;
    (1.0 - e2) * (sin_phi / (1.0 - e2 * sin_phi * sin_phi) - (1.0 / (2.0 * e)) * ((1.0 - es) / (1.0 + es)).ln())
}

fn constants() -> &'static Constants {
    use std::sync::OnceLock;
    static C: OnceLock<Constants> = OnceLock::new();
    C.get_or_init(|| {
        let e2 = F * (2.0 - F);
        let e = e2.sqrt();
        let phi0 = LAT0_DEG.to_radians();
        let qp = q(e, 1.0);
        let q0 = q(e, phi0.sin());
        let rq = A * (qp / 2.0).sqrt();
        let b0 = (q0 / qp).asin();
        let d = A * (phi0.cos() / (1.0 - e2 * phi0.sin().powi(2)).sqrt()) / (rq * b0.cos());
        Constants { e, e2, qp, rq, sin_b0: b0.sin(), cos_b0: b0.cos(), d, lon0: LON0_DEG.to_radians() }
    })
}

/// Projects latitude/longitude (degrees) to EPSG:3035 metres.
pub fn forward(p: LatLon) -> Xy {
    let c = constants();
    let phi = p.lat.to_radians();
    let dl = p.lon.to_radians() - c.lon0;
    let beta = (q(c.e, phi.sin()) / c.qp).clamp(-1.0, 1.0).asin();
    let (sin_b, cos_b) = beta.sin_cos();
    let b = c.rq * (2.0 / (1.0 + c.sin_b0 * sin_b + c.cos_b0 * cos_b * dl.cos())).sqrt();
    Xy {
        x: FALSE_EASTING + b * c.d * cos_b * dl.sin(),
        y: FALSE_NORTHING + (b / c.d) * (c.cos_b0 * sin_b - c.sin_b0 * cos_b * dl.cos()),
    }
}

/// Unprojects EPSG:3035 metres to latitude/longitude (degrees).
pub fn inverse(p: Xy) -> LatLon {
    let c = constants();
    let de = p.x - FALSE_EASTING;
    let dn = p.y - FALSE_NORTHING;
    let rho = ((de / c.d).powi(2) + (c.d * dn).powi(2)).sqrt();
    if rho < 1e-9 {
        return LatLon { lat: LAT0_DEG, lon: LON0_DEG };
    }
    let cc = 2.0 * (rho / (2.0 * c.rq)).clamp(-1.0, 1.0).asin();
    let (sin_c, cos_c) = cc.sin_cos();
    let beta = (cos_c * c.sin_b0 + c.d * dn * sin_c * c.cos_b0 / rho).clamp(-1.0, 1.0).asin();
    let lon = c.lon0 + (de * sin_c).atan2(c.d * rho * c.cos_b0 * cos_c - c.d * c.d * dn * c.sin_b0 * sin_c);
    let e2 = c.e2;
    let e4 = e2 * e2;
    let e6 = e4 * e2;
    let phi = beta
        + (e2 / 3.0 + 31.0 * e4 / 180.0 + 517.0 * e6 / 5040.0) * (2.0 * beta).sin()
        + (23.0 * e4 / 360.0 + 251.0 * e6 / 3780.0) * (4.0 * beta).sin()
        + (761.0 * e6 / 45360.0) * (6.0 * beta).sin();
    LatLon { lat: phi.to_degrees(), lon: lon.to_degrees() }
}

/// Great-circle distance on a sphere of radius 6,371 km, in km; used to check
/// the projection and for distances the analyst quotes from sources.
pub fn great_circle_km(a: LatLon, b: LatLon) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// IOGP Guidance Note 7-2, EPSG method 9820 worked example:
    /// 50°N 5°E -> E 3,962,799.45 m, N 2,999,718.85 m.
    #[test]
    fn matches_the_epsg_worked_example_to_a_centimetre() {
        let p = forward(LatLon { lat: 50.0, lon: 5.0 });
        assert!((p.x - 3_962_799.45).abs() < 0.01, "E = {}", p.x);
        assert!((p.y - 2_999_718.85).abs() < 0.01, "N = {}", p.y);
        let back = inverse(Xy { x: 3_962_799.45, y: 2_999_718.85 });
        // The published E and N are rounded to the centimetre: 1e-7 degrees is about 1 cm.
        assert!((back.lat - 50.0).abs() < 1e-7 && (back.lon - 5.0).abs() < 1e-7, "{back:?}");
    }

    /// Points in the region, projected by PROJ 9 (`gdaltransform -s_srs
    /// EPSG:4326 -t_srs EPSG:3035`): Kyiv, Lviv, Elbrus.
    #[test]
    fn matches_proj_across_the_region() {
        for (lat, lon, x, y) in [
            (50.45, 30.52, 5_756_556.245, 3_240_714.928),
            (49.84, 24.03, 5_323_296.322, 3_065_937.430),
            (43.35, 42.45, 6_865_574.591, 2_813_670.976),
        ] {
            let p = forward(LatLon { lat, lon });
            assert!((p.x - x).abs() < 0.01 && (p.y - y).abs() < 0.01, "{lat},{lon}: {p:?}");
        }
    }

    #[test]
    fn the_centre_maps_to_the_false_origin() {
        let p = forward(LatLon { lat: 52.0, lon: 10.0 });
        assert!((p.x - FALSE_EASTING).abs() < 1e-6 && (p.y - FALSE_NORTHING).abs() < 1e-6);
    }

    #[test]
    fn projected_distances_match_great_circles_within_one_percent() {
        // Kyiv to Odesa, 442 km great circle (domain_facts 1f).
        let kyiv = LatLon { lat: 50.45, lon: 30.5236 };
        let odesa = LatLon { lat: 46.4775, lon: 30.7326 };
        let gc = great_circle_km(kyiv, odesa);
        assert!((gc - 442.0).abs() < 2.0, "{gc}");
        let planar = forward(kyiv).distance(forward(odesa)) / 1000.0;
        assert!((planar - gc).abs() / gc < 0.01, "planar {planar} vs {gc}");
    }

    proptest! {
        #[test]
        fn round_trips_within_a_millimetre(lat in 38.0f64..57.0, lon in 15.0f64..48.0) {
            let p = forward(LatLon { lat, lon });
            let back = inverse(p);
            let again = forward(back);
            prop_assert!(p.distance(again) < 1e-3, "{} m", p.distance(again));
            prop_assert!((back.lat - lat).abs() < 1e-8 && (back.lon - lon).abs() < 1e-8);
        }
    }
}
