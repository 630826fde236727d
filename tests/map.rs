//! The map behaves like the real place: probe points with known answers,
//! distances to the line of contact against great-circle values, relief where
//! the ranges are, the map command's files, and DEMs (good and bad).

use std::fs;
use std::sync::OnceLock;

use hedgehog::geo::map::{Map, MapSpec};
use hedgehog::geo::projection::LatLon;
use hedgehog::geo::raster_io;

use crate::common::{hedgehog, text};

fn map5() -> &'static Map {
    static M: OnceLock<Map> = OnceLock::new();
    M.get_or_init(|| Map::build(&MapSpec::at(5.0)))
}

fn map1() -> &'static Map {
    static M: OnceLock<Map> = OnceLock::new();
    M.get_or_init(|| Map::build(&MapSpec::at(1.0)))
}

/// (what, lat, lon, land, country, control)
type Probe = (&'static str, f64, f64, bool, Option<&'static str>, Option<&'static str>);

const PROBES: &[Probe] = &[
    ("Kyiv", 50.45, 30.52, true, Some("UA"), Some("UA")),
    ("Lviv", 49.84, 24.03, true, Some("UA"), Some("UA")),
    ("Odesa", 46.48, 30.70, true, Some("UA"), Some("UA")),
    ("Kharkiv", 50.00, 36.23, true, Some("UA"), Some("UA")),
    ("Dnipro", 48.45, 34.98, true, Some("UA"), Some("UA")),
    ("Zaporizhzhia", 47.84, 35.14, true, Some("UA"), Some("UA")),
    ("Vinnytsia", 49.24, 28.47, true, Some("UA"), Some("UA")),
    ("Chernihiv", 51.50, 31.30, true, Some("UA"), Some("UA")),
    ("Sumy", 50.91, 34.80, true, Some("UA"), Some("UA")),
    ("Kramatorsk", 48.72, 37.56, true, Some("UA"), Some("UA")),
    ("Mykolaiv", 46.97, 32.00, true, Some("UA"), Some("UA")),
    ("Uzhhorod", 48.62, 22.30, true, Some("UA"), Some("UA")),
    ("Donetsk", 48.00, 37.80, true, Some("UA"), Some("RU")),
    ("Luhansk", 48.57, 39.31, true, Some("UA"), Some("RU")),
    ("Melitopol", 46.85, 35.37, true, Some("UA"), Some("RU")),
    ("Simferopol, Crimea", 44.95, 34.10, true, Some("UA"), Some("RU")),
    ("Sevastopol", 44.57, 33.56, true, Some("UA"), Some("RU")),
    ("central Crimea", 45.30, 34.30, true, Some("UA"), Some("RU")),
    ("Chișinău", 47.01, 28.86, true, Some("MD"), None),
    ("Tiraspol", 46.84, 29.63, true, Some("MD"), None),
    ("Minsk", 53.90, 27.56, true, Some("BY"), None),
    ("Gomel", 52.44, 30.98, true, Some("BY"), None),
    ("Bucharest", 44.43, 26.10, true, Some("RO"), None),
    ("Iași", 47.16, 27.59, true, Some("RO"), None),
    ("Lublin", 51.25, 22.57, true, Some("PL"), None),
    ("Rzeszów", 50.04, 22.00, true, Some("PL"), None),
    ("Košice", 48.72, 21.26, true, Some("SK"), None),
    ("Debrecen", 47.53, 21.63, true, Some("HU"), None),
    ("Sofia", 42.70, 23.32, true, Some("BG"), None),
    ("Istanbul, European side", 41.05, 28.95, true, Some("TR"), None),
    ("Ankara", 39.93, 32.86, true, Some("TR"), None),
    ("Kutaisi", 42.27, 42.70, true, Some("GE"), None),
    ("Vilnius", 54.69, 25.28, true, Some("LT"), None),
    ("Rostov-on-Don", 47.23, 39.72, true, Some("RU"), Some("RU")),
    ("Belgorod", 50.60, 36.58, true, Some("RU"), Some("RU")),
    ("Krasnodar", 45.04, 38.98, true, Some("RU"), Some("RU")),
    ("Voronezh", 51.67, 39.18, true, Some("RU"), Some("RU")),
    ("the middle of the Black Sea", 43.5, 34.0, false, None, None),
    ("the western Black Sea", 43.0, 30.5, false, None, None),
    ("the eastern Black Sea", 42.5, 38.0, false, None, None),
    ("the middle of the Sea of Azov", 46.0, 36.5, false, None, None),
    ("the Dnipro-Buh estuary", 46.6, 31.9, false, None, None),
    ("the Kerch Strait", 45.30, 36.57, false, None, None),
    ("the Bosporus", 41.12, 29.065, false, None, None),
    ("the Sea of Marmara", 40.75, 28.0, false, None, None),
    ("the Dardanelles", 40.20, 26.42, false, None, None),
];

fn check_probes(map: &Map, probes: &[Probe]) -> Vec<String> {
    let mut wrong = Vec::new();
    for &(what, lat, lon, land, country, control) in probes {
        let q = map.query(LatLon { lat, lon }).unwrap_or_else(|e| panic!("{what}: {e}"));
        let got = (q.land, q.country.as_deref(), q.control);
        if got != (land, country, control) {
            wrong.push(format!("{what} ({lat}, {lon}): got {got:?}, want {:?}", (land, country, control)));
        }
        if !land && q.elevation_m != 0.0 {
            wrong.push(format!("{what}: sea at {} m", q.elevation_m));
        }
    }
    wrong
}

#[test]
fn probe_points_have_the_right_land_country_and_control() {
    assert!(PROBES.len() >= 40);
    let wrong = check_probes(map5(), PROBES);
    assert!(wrong.is_empty(), "at 5 km:\n{}", wrong.join("\n"));
}

#[test]
fn the_fine_map_keeps_the_coast_and_its_narrow_waters() {
    let fine: &[Probe] = &[
        ("Sevastopol city", 44.60, 33.53, true, Some("UA"), Some("RU")),
        ("Odesa city centre", 46.4775, 30.7326, true, Some("UA"), Some("UA")),
        ("the Danube delta", 45.25, 29.40, true, Some("RO"), None),
        ("the Kinburn spit area's estuary", 46.58, 31.75, false, None, None),
        ("the Perekop isthmus", 46.15, 33.70, true, Some("UA"), Some("RU")),
        ("the Bosporus off the centre line", 41.12, 29.07, false, None, None),
    ];
    let mut wrong = check_probes(map1(), PROBES);
    wrong.extend(check_probes(map1(), fine));
    assert!(wrong.is_empty(), "at 1 km:\n{}", wrong.join("\n"));
}

#[test]
fn straits_stay_open_at_every_resolution() {
    for res in [2.0, 10.0, 20.0] {
        let m = Map::build(&MapSpec::at(res));
        for (name, line) in hedgehog::geo::map::STRAITS {
            for &(lat, lon) in *line {
                let q = m.query(LatLon { lat, lon }).unwrap();
                assert!(!q.land, "{name} closed at {res} km near {lat},{lon}");
            }
        }
    }
}

#[test]
fn distance_to_the_contact_line_matches_great_circles() {
    // Great-circle distances to the same line (computed independently with
    // a densified polyline); domain_facts.md section 1a gives the same values
    // except Kyiv, where it says 442 km but its own line gives 424 km.
    let cases = [
        ("Kyiv", 50.45, 30.5236, 424.0),
        ("Odesa", 46.4775, 30.7326, 69.0),
        ("Kharkiv", 50.0, 36.2292, 100.0),
        ("Dnipro", 48.45, 34.9833, 100.0),
        ("Lviv", 49.8419, 24.0315, 672.0),
        ("Zaporizhzhia", 47.8378, 35.1383, 31.0),
        ("Kramatorsk", 48.7208, 37.5556, 20.0),
        ("Mykolaiv", 46.9667, 32.0, 51.0),
    ];
    for map in [map5(), map1()] {
        let half_diagonal = map.grid.cell_m / 1000.0 * std::f64::consts::FRAC_1_SQRT_2;
        for (name, lat, lon, km) in cases {
            let got = map.query(LatLon { lat, lon }).unwrap().distance_to_contact_km;
            let tolerance = half_diagonal + 0.01 * km + 1.0;
            assert!((got - km).abs() <= tolerance, "{name}: {got} km, want {km} ± {tolerance:.1}");
            let exact = map.basemap.distance_to_contact_km(LatLon { lat, lon });
            assert!((exact - km).abs() <= 0.01 * km + 1.0, "{name}: exact {exact} km, want {km}");
        }
    }
}

#[test]
fn relief_is_where_the_real_ranges_are() {
    let m = map5();
    let e = |lat, lon| m.query(LatLon { lat, lon }).unwrap().elevation_m;
    assert!(e(48.16, 24.50) > 800.0, "Ukrainian Carpathians: {}", e(48.16, 24.50));
    assert!(e(45.60, 24.70) > 1000.0, "Southern Carpathians: {}", e(45.60, 24.70));
    assert!(e(44.70, 34.30) > 400.0, "Crimean Mountains: {}", e(44.70, 34.30));
    assert!(e(43.35, 42.45) > 2000.0, "Caucasus: {}", e(43.35, 42.45));
    assert!((150.0..500.0).contains(&e(48.30, 38.80)), "Donets Ridge: {}", e(48.30, 38.80));
    assert!((150.0..500.0).contains(&e(49.30, 26.80)), "Podolian Upland: {}", e(49.30, 26.80));
    assert!(e(51.80, 27.50) < 250.0, "Polesia: {}", e(51.80, 27.50));
    assert!(e(46.60, 33.50) < 150.0, "southern steppe: {}", e(46.60, 33.50));
    assert!(e(50.45, 30.52) < 300.0, "Kyiv: {}", e(50.45, 30.52));
    let land: Vec<f32> = m.elevation.data.iter().zip(&m.land.data).filter(|(_, l)| **l).map(|(e, _)| *e).collect();
    assert!(land.iter().all(|e| e.is_finite() && *e > -60.0 && *e < 6000.0));
    assert!(m.elevation.data.iter().zip(&m.land.data).all(|(e, l)| *l || *e == 0.0), "sea is 0 m");
    // The same seed gives the same terrain; another seed other detail.
    let again = Map::build(&MapSpec::at(5.0));
    assert_eq!(again.elevation.data, m.elevation.data);
    let other = Map::build(&MapSpec { terrain_seed: 1, ..MapSpec::at(5.0) });
    assert_ne!(other.elevation.data, m.elevation.data);
}

#[test]
fn map_query_prints_json_and_refuses_points_off_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let o = hedgehog(dir.path(), &["map", "query", "--lat", "50.45", "--lon", "30.52"]);
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["land"], true);
    assert_eq!(v["country"], "UA");
    assert_eq!(v["control"], "UA");
    assert_eq!(v["nearest_city"]["name"], "Kyiv");
    assert!(v["elevation_m"].as_f64().unwrap() > 0.0);
    assert!((v["distance_to_contact_km"].as_f64().unwrap() - 424.0).abs() < 8.0);

    let o = hedgehog(dir.path(), &["map", "query", "--lat", "43.5", "--lon", "34.0"]);
    let v: serde_json::Value = serde_json::from_str(&text(&o).0).unwrap();
    assert_eq!(
        (v["land"].clone(), v["country"].clone(), v["control"].clone()),
        (false.into(), serde_json::Value::Null, serde_json::Value::Null)
    );

    for args in [["--lat", "60", "--lon", "10"], ["--lat", "-95", "--lon", "30"]] {
        let mut a = vec!["map", "query"];
        a.extend(args);
        let o = hedgehog(dir.path(), &a);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o).1.contains("is outside the map"), "{}", text(&o).1);
    }
    let o = hedgehog(dir.path(), &["map", "query", "--lat", "50", "--lon", "30", "--resolution", "0.5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("--resolution 0.5 is out of range: expected a cell size from 1 to 20 km"));
    assert!(crate::common::files_under(dir.path()).is_empty(), "queries write nothing");
}

#[test]
fn the_map_command_writes_a_figure_and_gis_layers() {
    let dir = tempfile::tempdir().unwrap();
    let o = hedgehog(dir.path(), &["map", "--resolution", "20", "--out", "maps"]);
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("written to maps/map-20km/"), "{stdout}");
    let d = dir.path().join("maps/map-20km");
    let png = fs::read(d.join("map.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(png.len() > 200_000, "a real picture, {} bytes", png.len());
    let svg = fs::read_to_string(d.join("map.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    for needle in [
        "Ukraine and the Black Sea",
        "Legend",
        "Line of contact",
        "Kyiv",
        "Natural Earth",
        "DeepStateMap",
        "300 km",
        "48°N",
    ] {
        assert!(svg.contains(needle), "the SVG lacks {needle:?}");
    }
    for layer in ["land", "country", "control", "elevation", "distance_to_contact_km"] {
        let r = raster_io::read(&d.join(format!("{layer}.tif"))).unwrap();
        assert_eq!(r.grid(), Some(hedgehog::geo::grid::Grid::default_map(20.0)), "{layer}");
    }
    for layer in ["cities", "infrastructure", "contact_line", "occupied"] {
        let text = fs::read_to_string(d.join(format!("{layer}.geojson"))).unwrap();
        let fc: geojson::FeatureCollection = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{layer}: {e}"));
        assert!(!fc.features.is_empty(), "{layer}");
    }
    // Again without --force: refused, nothing changed.
    let before = fs::read(d.join("map.png")).unwrap();
    let o = hedgehog(dir.path(), &["map", "--resolution", "20", "--out", "maps"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(fs::read(d.join("map.png")).unwrap(), before);
    // ASCII grids with .prj on request.
    let o = hedgehog(dir.path(), &["map", "--resolution", "20", "--out", "asc", "--raster-format", "asc", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let prj = fs::read_to_string(dir.path().join("asc/map-20km/elevation.prj")).unwrap();
    assert!(prj.contains("LAEA") || prj.contains("Lambert_Azimuthal_Equal_Area"));
}

fn write_dem(dir: &std::path::Path, name: &str, body: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, body).unwrap();
    p
}

#[test]
fn a_user_dem_replaces_the_synthetic_terrain_where_it_has_data() {
    let dir = tempfile::tempdir().unwrap();
    // A lon/lat grid over Kyiv: 2 x 2 degrees at 0.5 degree cells, all 123 m.
    let values = "123 ".repeat(16);
    let dem = write_dem(
        dir.path(),
        "kyiv.asc",
        &format!("ncols 4\nnrows 4\nxllcorner 29.5\nyllcorner 49.5\ncellsize 0.5\nNODATA_value -9999\n{values}\n"),
    );
    let o = hedgehog(dir.path(), &["map", "query", "--lat", "50.45", "--lon", "30.52", "--dem", dem.to_str().unwrap()]);
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["elevation_m"], 123.0);
    // Outside the DEM the synthetic terrain remains.
    let o = hedgehog(dir.path(), &["map", "query", "--lat", "48.16", "--lon", "24.5", "--dem", dem.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&text(&o).0).unwrap();
    assert!(v["elevation_m"].as_f64().unwrap() > 500.0);

    // The same DEM named in a scenario, relative to the scenario file.
    fs::create_dir(dir.path().join("sc")).unwrap();
    fs::copy(&dem, dir.path().join("sc/kyiv.asc")).unwrap();
    let scenario = crate::common::VALID.replacen("    seed: 1,", "    seed: 1,\n    map: (dem: \"kyiv.asc\"),", 1);
    fs::write(dir.path().join("sc/s.ron"), scenario).unwrap();
    let o = hedgehog(dir.path(), &["validate", "sc/s.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
}

#[test]
fn bad_dems_are_refused_naming_the_file_and_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let header = "ncols 3\nnrows 2\nxllcorner 30\nyllcorner 50\ncellsize 0.5\nNODATA_value -9999\n";
    let cases = [
        ("short.asc", format!("{header}1 2 3 4 5\n"), "promises 3 x 2 = 6 values, the file holds 5"),
        ("junk.asc", format!("{header}1 2 three 4 5 6\n"), "`three` is not a number"),
        ("empty.asc", format!("{header}-9999 -9999 -9999 -9999 -9999 -9999\n"), "every cell is no-data"),
        (
            "far.asc",
            "ncols 1\nnrows 1\nxllcorner -100\nyllcorner 10\ncellsize 0.5\n7\n".to_string(),
            "does not overlap the map",
        ),
        ("broken.tif", "II*\0garbage".to_string(), "not a readable TIFF"),
        ("dem.xyz", "1 2 3".to_string(), "unknown raster format"),
    ];
    for (name, body, want) in cases {
        let dem = write_dem(dir.path(), name, &body);
        let o = hedgehog(dir.path(), &["map", "--dem", dem.to_str().unwrap(), "--out", "out"]);
        let (_, stderr) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(want) && stderr.contains(name), "{name}: {stderr}");
        assert!(!dir.path().join("out").exists(), "{name}: wrote output");
    }
    // In a scenario, the error points at the `dem` field.
    let scenario = crate::common::VALID.replacen("    seed: 1,", "    seed: 1,\n    map: (dem: \"short.asc\"),", 1);
    fs::write(dir.path().join("s.ron"), scenario).unwrap();
    let o = hedgehog(dir.path(), &["run", "s.ron", "--out", "out"]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr.contains("s.ron:4:16: map.dem = \"short.asc\"") && stderr.contains("promises 3 x 2 = 6 values"),
        "{stderr}"
    );
}

#[test]
fn a_geotiff_dem_in_the_map_projection_is_used_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let grid = hedgehog::geo::grid::Grid::default_map(20.0);
    let mut r = hedgehog::geo::grid::Raster::filled(grid, 0.0f32);
    for (i, v) in r.data.iter_mut().enumerate() {
        *v = (i % 997) as f32;
    }
    let path = dir.path().join("dem.tif");
    raster_io::write_geotiff(&path, &r, None).unwrap();
    let raster = raster_io::read(&path).unwrap();
    let spec = MapSpec {
        dem: Some(std::sync::Arc::new(hedgehog::geo::map::Dem { name: "dem.tif".into(), raster })),
        ..MapSpec::at(20.0)
    };
    let m = Map::build(&spec);
    for i in (0..grid.len()).step_by(37) {
        if m.land.data[i] {
            assert!(
                (m.elevation.data[i] - r.data[i]).abs() < 1e-3,
                "cell {i}: {} vs {}",
                m.elevation.data[i],
                r.data[i]
            );
        }
    }
    assert!(matches!(m.elevation_source, hedgehog::geo::map::ElevationSource::Dem { coverage, .. } if coverage > 0.99));
}
