//! The map's layers as GIS files that open in QGIS in the right place:
//! rasters in EPSG:3035 (GeoTIFF, or ESRI ASCII grid with a `.prj`) and
//! vector layers as GeoJSON in WGS84 lon/lat (RFC 7946).

use std::path::Path;

use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, JsonValue};

use super::grid::Raster;
use super::map::Map;
use super::places::PlaceKind;
use super::raster_io::{self, RasterError};

/// How rasters are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RasterFormat {
    /// GeoTIFF (`.tif`), deflate-compressed.
    #[default]
    GeoTiff,
    /// ESRI ASCII grid (`.asc`) with a `.prj`.
    AsciiGrid,
}

/// A file written and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// File name.
    pub file: String,
    /// What it holds.
    pub what: String,
}

/// Writes a float raster as `<stem>.tif` or `<stem>.asc`; returns the file name.
pub fn write_raster_f32(dir: &Path, stem: &str, r: &Raster<f32>, format: RasterFormat) -> Result<String, RasterError> {
    match format {
        RasterFormat::GeoTiff => {
            let f = format!("{stem}.tif");
            raster_io::write_geotiff(&dir.join(&f), r, Some("nan"))?;
            Ok(f)
        }
        RasterFormat::AsciiGrid => {
            let f = format!("{stem}.asc");
            raster_io::write_ascii_grid(&dir.join(&f), r)?;
            Ok(f)
        }
    }
}

/// Writes a byte raster as `<stem>.tif` or `<stem>.asc`; returns the file name.
pub fn write_raster_u8(dir: &Path, stem: &str, r: &Raster<u8>, format: RasterFormat) -> Result<String, RasterError> {
    match format {
        RasterFormat::GeoTiff => {
            let f = format!("{stem}.tif");
            raster_io::write_geotiff(&dir.join(&f), r, None)?;
            Ok(f)
        }
        RasterFormat::AsciiGrid => {
            let as_f32 = Raster { grid: r.grid, data: r.data.iter().map(|v| f32::from(*v)).collect() };
            write_raster_f32(dir, stem, &as_f32, format)
        }
    }
}

fn point(lon: f64, lat: f64, props: JsonObject) -> Feature {
    Feature {
        geometry: Some(Geometry::new(GeometryValue::new_point([round6(lon), round6(lat)]))),
        properties: Some(props),
        ..Default::default()
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn props(pairs: Vec<(&str, JsonValue)>) -> JsonObject {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn geojson_text(features: Vec<Feature>) -> String {
    let fc = FeatureCollection { features, ..Default::default() };
    let mut s = serde_json::to_string(&fc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Writes every layer of `map` into `dir` and returns what was written.
pub fn write_layers(dir: &Path, map: &Map, format: RasterFormat) -> Result<Vec<Written>, RasterError> {
    let io =
        |path: &Path, e: crate::output::OutputError| RasterError { path: path.to_path_buf(), message: e.to_string() };
    let mut out = Vec::new();
    let mut w = |file: String, what: &str| out.push(Written { file, what: what.to_string() });

    let land = Raster { grid: map.grid, data: map.land.data.iter().map(|l| u8::from(*l)).collect() };
    w(write_raster_u8(dir, "land", &land, format)?, "1 land, 0 sea");
    w(write_raster_u8(dir, "country", &map.country, format)?, "country number, see country.csv (0 = sea)");
    let control = Raster { grid: map.grid, data: map.control.data.iter().map(|c| *c as u8).collect() };
    w(write_raster_u8(dir, "control", &control, format)?, "1 Ukraine-held, 2 Russian-held, 0 other or sea");
    w(write_raster_f32(dir, "elevation", &map.elevation, format)?, "elevation, m");
    w(write_raster_f32(dir, "distance_to_contact_km", &map.contact_km, format)?, "distance to the line of contact, km");

    let mut csv = String::from("value,iso_a2,name\n0,,sea\n");
    for (i, c) in map.basemap.countries.iter().enumerate() {
        csv.push_str(&format!("{},{},\"{}\"\n", i + 1, c.code, c.name.replace('"', "\"\"")));
    }
    crate::output::write_file(&dir.join("country.csv"), csv.as_bytes()).map_err(|e| io(&dir.join("country.csv"), e))?;
    w("country.csv".into(), "country numbers of country raster");

    let mut cities = Vec::new();
    let mut infrastructure = Vec::new();
    for p in map.places.places() {
        let base = vec![
            ("name", JsonValue::from(p.name.clone())),
            ("kind", serde_json::to_value(p.kind).unwrap_or_default()),
            ("country", JsonValue::from(p.country.clone())),
        ];
        let tail = vec![
            ("source", JsonValue::from(p.source.clone())),
            ("confidence", JsonValue::from(p.confidence.clone())),
            ("note", JsonValue::from(p.note.clone())),
        ];
        if p.kind == PlaceKind::City {
            let mut v = base;
            v.push(("population", p.population.map(JsonValue::from).unwrap_or(JsonValue::Null)));
            v.extend(tail);
            cities.push(point(p.position.lon, p.position.lat, props(v)));
        } else if p.kind.is_infrastructure() {
            let mut v = base;
            v.push(("value", p.value.map(JsonValue::from).unwrap_or(JsonValue::Null)));
            v.extend(tail);
            infrastructure.push(point(p.position.lon, p.position.lat, props(v)));
        }
    }
    for (file, features, what) in [
        ("cities.geojson", cities, "cities with population (points)"),
        ("infrastructure.geojson", infrastructure, "plants, ports, airbases and hubs with a value weight (points)"),
    ] {
        crate::output::write_file(&dir.join(file), geojson_text(features).as_bytes())
            .map_err(|e| io(&dir.join(file), e))?;
        w(file.into(), what);
    }
    let line = &map.basemap.contact_line;
    let coords: Vec<[f64; 2]> = line.latlon.iter().map(|p| [round6(p.lon), round6(p.lat)]).collect();
    let contact = Feature {
        geometry: Some(Geometry::new(GeometryValue::new_line_string(coords))),
        properties: Some(props(vec![
            ("name", "line of contact".into()),
            ("date", "2025-12-01".into()),
            ("tolerance_deg", map.basemap.contact_tolerance_deg.into()),
            ("source", "DeepStateMap 2025-12-01 via github.com/cyterat/deepstate-map-data".into()),
        ])),
        ..Default::default()
    };
    crate::output::write_file(&dir.join("contact_line.geojson"), geojson_text(vec![contact]).as_bytes())
        .map_err(|e| io(&dir.join("contact_line.geojson"), e))?;
    w("contact_line.geojson".into(), "line of contact, 2025-12-01 (line)");
    crate::output::write_file(&dir.join("occupied.geojson"), OCCUPIED.as_bytes())
        .map_err(|e| io(&dir.join("occupied.geojson"), e))?;
    w("occupied.geojson".into(), "Russian-occupied area, 2025-12-01 (polygons)");
    Ok(out)
}

const OCCUPIED: &str = include_str!("../../assets/geo/occupied_2025-12-01.geojson");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::map::MapSpec;
    use crate::geo::raster_io;

    #[test]
    fn exported_layers_read_back_identical() {
        let map = Map::build(&MapSpec::at(20.0));
        let dir = tempfile::tempdir().unwrap();
        for format in [RasterFormat::GeoTiff, RasterFormat::AsciiGrid] {
            let files = write_layers(dir.path(), &map, format).unwrap();
            let ext = if format == RasterFormat::GeoTiff { "tif" } else { "asc" };
            assert!(files.iter().any(|f| f.file == format!("elevation.{ext}")));
            let elev = raster_io::read(&dir.path().join(format!("elevation.{ext}"))).unwrap();
            assert_eq!(elev.grid(), Some(map.grid));
            assert_eq!(elev.data, map.elevation.data);
            let country = raster_io::read(&dir.path().join(format!("country.{ext}"))).unwrap();
            assert_eq!(country.data, map.country.data.iter().map(|v| f32::from(*v)).collect::<Vec<_>>());
            let dist = raster_io::read(&dir.path().join(format!("distance_to_contact_km.{ext}"))).unwrap();
            assert_eq!(dist.data, map.contact_km.data);
        }
        let cities: FeatureCollection =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("cities.geojson")).unwrap()).unwrap();
        assert!(cities.features.len() >= 30);
    }
}
