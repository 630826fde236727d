//! Coverage as users rely on it: the command's files, statistics that make
//! sense, results independent of threads and runs, scenarios that change
//! coverage the way they should, and bad bands refused.

use std::fs;

use hedgehog::config::{self, ScenarioSource};
use hedgehog::coverage::{self, bands::Band};
use hedgehog::geo::map::Map;
use hedgehog::geo::projection::{self, LatLon};

use crate::common::{files_under, hedgehog, text};

fn scenario(name: &'static str, res: f64) -> config::Scenario {
    config::load(&ScenarioSource::Builtin(name), &[format!("map.resolution_km={res:?}")]).unwrap()
}

#[test]
fn the_coverage_command_writes_maps_rasters_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let o =
        hedgehog(dir.path(), &["coverage", "--resolution", "20", "--band", "50", "--band", "10000", "--out", "out"]);
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("written to out/baseline/coverage-20km/"), "{stdout}");
    let d = dir.path().join("out/baseline/coverage-20km");
    for band in ["50m", "10km"] {
        for f in [
            format!("air_defense_{band}.png"),
            format!("air_defense_{band}.svg"),
            format!("detection_{band}.png"),
            format!("detection_{band}.svg"),
            format!("air_defense_layers_{band}.tif"),
            format!("detection_layers_{band}.tif"),
            format!("p_kill_{band}.tif"),
        ] {
            assert!(d.join(&f).exists(), "{f} missing");
        }
    }
    let svg = fs::read_to_string(d.join("air_defense_50m.svg")).unwrap();
    for needle in
        ["Air-defence coverage 50 m above ground", "P(kill), layered", "No layer: Ukraine-held", "Largest gaps"]
    {
        assert!(svg.contains(needle), "the SVG lacks {needle:?}");
    }
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(d.join("coverage.json")).unwrap()).unwrap();
    let bands = json["bands"].as_array().unwrap();
    assert_eq!(bands.len(), 2);
    for b in bands {
        assert!(b["air_defense_systems"].as_u64().unwrap() > 10);
        for s in b["shares"].as_array().unwrap() {
            let (one, two) = (s["share_ge1"].as_f64().unwrap(), s["share_ge2"].as_f64().unwrap());
            assert!((0.0..=1.0).contains(&one) && two <= one + 1e-12, "{s}");
        }
        assert!(!b["gaps"].as_array().unwrap().is_empty());
    }
    let csv = fs::read_to_string(d.join("coverage.csv")).unwrap();
    assert!(csv.starts_with("band,height_m,threat_class,product,region,unit,total,share_ge1,share_ge2,mean_p_kill\n"));
    assert!(csv.lines().any(|l| l.starts_with("50m,50,cruise,air_defense,population,people,")));
}

#[test]
fn higher_targets_are_seen_over_more_ground() {
    let s = scenario("configs/baseline.ron", 10.0);
    let map = Map::build(&s.map);
    let cov = coverage::compute(&s, &map, &[Band::parse("50").unwrap(), Band::parse("3000").unwrap()]);
    let share = |b: usize, product: &str, region: &str| {
        cov.bands[b].stats.shares.iter().find(|x| x.product == product && x.region == region).unwrap().share_ge1
    };
    for region in ["population", "ukraine_held_territory", "black_sea_corridor"] {
        assert!(share(1, "detection", region) >= share(0, "detection", region), "{region}");
    }
    // The low band is horizon-limited: most Ukraine-held ground has no air-defence layer at 50 m.
    assert!(share(0, "air_defense", "ukraine_held_territory") < 0.5);
    assert!(share(1, "detection", "ukraine_held_territory") > 0.9, "3 km targets are seen almost everywhere");
    // Kyiv, defended by six systems, is covered several times over at 3 km.
    let (c, r) = map.grid.cell_of(projection::forward(LatLon { lat: 50.45, lon: 30.52 })).unwrap();
    let k = map.grid.index(c, r);
    assert!(cov.bands[1].coverage.air_defense[k] >= 4, "{}", cov.bands[1].coverage.air_defense[k]);
    assert!(cov.bands[1].coverage.p_kill(k) > 0.99);
}

#[test]
fn germany_staying_out_leaves_lviv_with_fewer_layers() {
    let band = [Band::parse("3000").unwrap()];
    let lviv = LatLon { lat: 49.84, lon: 24.03 };
    let layers = |name: &'static str| {
        let s = scenario(name, 10.0);
        let map = Map::build(&s.map);
        let cov = coverage::compute(&s, &map, &band);
        let (c, r) = map.grid.cell_of(projection::forward(lviv)).unwrap();
        cov.bands[0].coverage.air_defense[map.grid.index(c, r)]
    };
    let (with, without) = (layers("configs/baseline.ron"), layers("configs/germany_out.ron"));
    assert!(without < with, "Lviv: {with} layers with Germany, {without} without");
}

#[test]
fn coverage_does_not_depend_on_the_thread_count() {
    let s = scenario("configs/baseline.ron", 10.0);
    let map = Map::build(&s.map);
    let bands = Band::defaults();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| coverage::compute(&s, &map, &bands))
    };
    let (one, two) = (run(1), run(2));
    for (a, b) in one.bands.iter().zip(&two.bands) {
        assert_eq!(a.coverage.air_defense, b.coverage.air_defense);
        assert_eq!(a.coverage.detection, b.coverage.detection);
        assert_eq!(a.coverage.p_kill_raster(), b.coverage.p_kill_raster());
        assert_eq!(a.stats, b.stats);
    }
    assert_eq!(one.csv().unwrap(), two.csv().unwrap());
}

#[test]
fn two_runs_write_identical_statistics_and_rasters() {
    let dir = tempfile::tempdir().unwrap();
    for out in ["a", "b"] {
        let o = hedgehog(dir.path(), &["coverage", "--resolution", "20", "--band", "500", "--out", out, "-q"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    }
    let files = files_under(&dir.path().join("a"));
    assert!(!files.is_empty());
    for f in files.iter().filter(|f| !f.extension().is_some_and(|e| e == "png" || e == "svg")) {
        assert_eq!(
            fs::read(dir.path().join("a").join(f)).unwrap(),
            fs::read(dir.path().join("b").join(f)).unwrap(),
            "{}",
            f.display()
        );
    }
}

#[test]
fn bad_bands_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for (band, want) in [
        ("-50", "must be above ground"),
        ("0", "must be above ground"),
        ("50:tank", "unknown threat class `tank`"),
        ("fifty", "is not a height in metres"),
        ("50:drone:0", "radar cross-section must be a positive number"),
    ] {
        let o = hedgehog(dir.path(), &["coverage", "--band", band, "--out", "out"]);
        let (_, stderr) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{band}: {stderr}");
        assert!(stderr.contains(want), "{band}: {stderr}");
    }
    assert!(!dir.path().join("out").exists());
}
