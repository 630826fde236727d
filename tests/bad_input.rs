//! Malformed and invalid scenarios through the real CLI: each must fail with
//! exit code 2, a message naming the file, line and column and what is wrong,
//! and write nothing.

use crate::common::{VALID, files_under, hedgehog, text};

struct Case {
    name: &'static str,
    /// The scenario file's bytes.
    bytes: Vec<u8>,
    /// Extra files next to it.
    extra: Vec<(&'static str, &'static str)>,
    /// Extra command-line arguments.
    args: Vec<&'static str>,
    /// Text the error must contain.
    expect: &'static str,
    /// `line:col` the error must point at in case.ron, when it points there.
    at: Option<&'static str>,
    /// A hint the error must contain.
    help: Option<&'static str>,
}

fn case(name: &'static str, bytes: impl Into<Vec<u8>>, expect: &'static str, at: Option<&'static str>) -> Case {
    Case { name, bytes: bytes.into(), extra: vec![], args: vec![], expect, at, help: None }
}

fn edit(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "fixture has no {from:?}");
    VALID.replacen(from, to, 1)
}

/// The valid fixture with one more top-level line (line 15) before the closing `)`.
fn with_top(line: &str) -> String {
    VALID.replacen("    ],\n)", &format!("    ],\n{line}\n)"), 1)
}

fn cases() -> Vec<Case> {
    let unit0 = r#"(type: "samp_t", nation: "FR", position: "Odesa"),"#;
    let unit1 = r#"(type: "iris_t_slm", nation: "UA", position: (lat: 50.45, lon: 30.52)),"#;
    let mut v = vec![
        case(
            "missing comma",
            edit("name: \"fixture\",", "name: \"fixture\""),
            "expected `,` or `)` after the value of field `name`",
            Some("3:5"),
        ),
        case(
            "unclosed parenthesis",
            VALID.trim_end().trim_end_matches(')').to_string(),
            "never closed with `)`",
            Some("1:9"),
        ),
        case("unclosed string", edit("\"Lviv\"),", "\"Lviv),"), "this string is never closed", Some("13:54")),
        case(
            "string for a number",
            edit("duration_days: 2", "duration_days: \"ten\""),
            "expected a number, found the string \"ten\"",
            Some("4:20"),
        ),
        case(
            "number for a string",
            edit("name: \"fixture\"", "name: 5"),
            "expected a string in double quotes, found the integer 5",
            Some("2:11"),
        ),
        Case {
            help: Some("did you mean `duration_days`?"),
            ..case(
                "unknown top-level field",
                edit("duration_days: 2", "durations_days: 2"),
                "unknown field `durations_days`",
                Some("4:5"),
            )
        },
        Case {
            help: Some("did you mean `position`?"),
            ..case(
                "unknown unit field",
                edit("nation: \"FR\", position:", "nation: \"FR\", positon:"),
                "unknown field `positon`",
                Some("11:40"),
            )
        },
        case(
            "NaN duration",
            edit("duration_days: 2", "duration_days: NaN"),
            "duration_days = NaN is not a finite number",
            Some("4:20"),
        ),
        case(
            "infinite readiness",
            edit(unit0, r#"(type: "samp_t", nation: "FR", position: "Odesa", readiness: inf),"#),
            "units[0].readiness = inf is not a probability in [0, 1]",
            Some("11:70"),
        ),
        case(
            "negative duration",
            edit("duration_days: 2", "duration_days: -5"),
            "duration_days = -5.0 is out of range: expected more than 0",
            Some("4:20"),
        ),
        case(
            "zero duration",
            edit("duration_days: 2", "duration_days: 0"),
            "duration_days = 0.0 is out of range",
            Some("4:20"),
        ),
        case(
            "zero tick",
            edit("seed: 1,", "seed: 1, tick_seconds: 0,"),
            "tick_seconds = 0.0 is out of range: expected a whole number of seconds",
            Some("3:28"),
        ),
        case(
            "negative range in a catalogue override",
            with_top(r#"    catalog: {"samp_t": (radar_range_km: -10.0)},"#),
            "catalog.samp_t.radar_range_km = -10.0 must be greater than 0",
            Some("15:42"),
        ),
        case(
            "probability above one",
            edit(unit0, r#"(type: "samp_t", nation: "FR", position: "Odesa", readiness: 1.5),"#),
            "units[0].readiness = 1.5 is not a probability in [0, 1]",
            Some("11:70"),
        ),
        case(
            "Pk above one, one field deep in the catalogue",
            with_top(r#"    catalog: {"samp_t": (engagement: (cruise: (pk: 1.2)))},"#),
            "catalog.samp_t.engagement.cruise.pk = 1.2 is not a probability in [0, 1]",
            Some("15:52"),
        ),
        Case {
            help: Some("did you mean `patriot_pac3_mse`?"),
            ..case(
                "unknown catalogue name",
                edit("\"samp_t\", nation", "\"patriot_pac4_mse\", nation"),
                "there is no catalogue type with this name",
                Some("11:16"),
            )
        },
        Case {
            help: Some("did you mean `DE`?"),
            ..case(
                "unknown nation",
                edit("nation: \"FR\", position", "nation: \"DX\", position"),
                "units[0].nation = \"DX\": there is no nation",
                Some("11:34"),
            )
        },
        Case {
            help: Some("did you mean `Odesa`?"),
            ..case(
                "unknown place",
                edit("\"Odesa\"", "\"Odesx\""),
                "there is no place in assets/geo/places.csv with this name",
                Some("11:50"),
            )
        },
        case(
            "empty unit list",
            VALID.replacen(
                &VALID[VALID.find("    units: [").unwrap()..VALID.find("    ],").unwrap() + 6],
                "    units: [],",
                1,
            ),
            "units is empty",
            Some("10:12"),
        ),
        Case {
            extra: vec![("b.ron", "(include: [\"case.ron\"])")],
            ..case(
                "include cycle",
                VALID.replacen("Scenario(\n", "Scenario(\n    include: [\"b.ron\"],\n", 1),
                "include cycle",
                None,
            )
        },
        case(
            "missing include",
            VALID.replacen("Scenario(\n", "Scenario(\n    include: [\"nope.ron\"],\n", 1),
            "cannot read `nope.ron`: no such file",
            Some("2:15"),
        ),
        case(
            "absurdly large integer",
            edit("seed: 1", "seed: 99999999999999999999999"),
            "99999999999999999999999 is out of range for an unsigned 64-bit integer",
            Some("3:11"),
        ),
        case(
            "absurdly large float",
            edit("duration_days: 2", "duration_days: 1e308"),
            "duration_days = 1e308 is out of range",
            Some("4:20"),
        ),
        case(
            "non-UTF-8 bytes",
            {
                let mut b = VALID.as_bytes().to_vec();
                b[VALID.find("fixture").unwrap() + 2] = 0xff;
                b
            },
            "not UTF-8",
            Some("2:14"),
        ),
        case("empty file", "", "the file is empty", Some("1:1")),
        case(
            "ground unit outside the map",
            edit(unit1, r#"(type: "iris_t_slm", nation: "UA", position: (lat: 10.0, lon: 10.0)),"#),
            "is outside the map",
            Some("12:54"),
        ),
        case(
            "latitude out of range",
            edit(unit1, r#"(type: "iris_t_slm", nation: "UA", position: (lat: 95.0, lon: 30.52)),"#),
            "lat = 95.0 is not a latitude in [-90, 90]",
            Some("12:60"),
        ),
        Case {
            help: Some("did you mean `Coalition`?"),
            ..case(
                "unknown enum variant",
                edit("\"FR\": (side: Coalition)", "\"FR\": (side: Coaliton)"),
                "unknown variant `Coaliton`",
                Some("7:22"),
            )
        },
        case("missing required field", edit("    name: \"fixture\",\n", ""), "missing field `name`", Some("1:1")),
        case("duplicate field", edit("seed: 1,", "seed: 1, seed: 2,"), "field `seed` is given twice", Some("3:14")),
        case(
            "unsupported schema",
            edit("seed: 1,", "seed: 1, schema: 2,"),
            "this hedgehog reads schema 1 only",
            Some("3:22"),
        ),
        case(
            "a threat placed as a unit",
            edit("\"samp_t\", nation", "\"shahed_136\", nation"),
            "is a threat",
            Some("11:16"),
        ),
        case(
            "cell size out of range",
            with_top("    map: (resolution_km: 0.5),"),
            "map.resolution_km = 0.5 is out of range",
            Some("15:26"),
        ),
        case(
            "duplicate unit id",
            edit(unit0, r#"(id: "x", type: "samp_t", nation: "FR", position: "Odesa"),"#).replacen(
                unit1,
                r#"(id: "x", type: "iris_t_slm", nation: "UA", position: (lat: 50.45, lon: 30.52)),"#,
                1,
            ),
            "id \"x\" is already used by units[0]",
            Some("12:14"),
        ),
        case(
            "ticks beyond the limit",
            edit("seed: 1,", "seed: 1, tick_seconds: 1,").replacen("duration_days: 2", "duration_days: 3650", 1),
            "more than the 50000000 allowed",
            None,
        ),
        case(
            "a ground unit at sea",
            edit(unit1, r#"(type: "iris_t_slm", nation: "UA", position: (lat: 43.5, lon: 34.0)),"#),
            "iris_t_slm at 43.5000°N 34.0000°E is at sea; a ground-based air-defence unit must stand on land",
            Some("12:54"),
        ),
        case(
            "a ship on land",
            edit(unit1, r#"(type: "sandown", nation: "UA", position: "Kyiv"),"#),
            "sandown at Kyiv (50.4500°N 30.5236°E) is on land; a ship must be at sea",
            Some("12:51"),
        ),
        case("a list instead of a scenario", "[1, 2]", "a scenario file holds one struct", Some("1:1")),
        case(
            "lower-case nation code",
            edit("\"FR\": (side: Coalition)", "\"fr\": (side: Coalition)").replace("nation: \"FR\"", "nation: \"fr\""),
            "nation code \"fr\" must be 2 or 3 capital letters",
            None,
        ),
    ];
    // The air and sea war.
    let sandown = r#"(type: "sandown", nation: "UA", position: (lat: 46.0, lon: 30.9)),"#;
    let f16 = r#"(type: "f16", nation: "UA", position: "Starokostiantyniv air base"),"#;
    let patrol = |unit: &str, line: &str| with_top(line).replacen(unit1, unit, 1);
    v.push(case(
        "a patrol route through an unknown place",
        patrol(
            sandown,
            r#"    patrols: [(unit: "UA-sandown-1", kind: Naval, route: [(lat: 46.3, lon: 30.9), "Atlantis"])],"#,
        ),
        "patrols[0].route[1] = \"Atlantis\": there is no place in assets/geo/places.csv with this name",
        Some("15:83"),
    ));
    v.push(case(
        "a CAP orbit outside the map",
        patrol(f16, r#"    patrols: [(unit: "UA-f16-1", kind: Cap, station: (lat: 70.0, lon: 30.0))],"#),
        "patrols[0].station: the orbit at 70.000°N 30.000°E is outside the map (about 21.5°E to 42°E",
        Some("15:54"),
    ));
    v.push(case(
        "a patrol whose endurance is shorter than its transit",
        patrol(f16, r#"    patrols: [(unit: "UA-f16-1", kind: Cap, station: (lat: 44.0, lon: 40.0))],"#),
        "UA-f16-1 has an endurance of 2.0 h but the transit from its base to the station takes 1.4 h each way",
        Some("15:22"),
    ));
    v.push(case(
        "an empty raid distribution",
        with_top(r#"    raids: [(name: "r", per_day: 1.0, size: (mean: 5.0, shape: 1.0), mix: {})],"#),
        "raids[0].mix: mix is empty: name at least one threat type",
        Some("15:75"),
    ));
    v.push(case(
        "a raid of a threat no launcher carries",
        with_top(r#"    raids: [(name: "r", per_day: 1.0, size: (mean: 5.0, shape: 1.0), mix: {"kh101": 1.0})],"#),
        "raids[0].mix.kh101: no participating Russian launcher unit carries \"kh101\"",
        Some("15:85"),
    ));
    // The strategic layer (deterrence).
    v.push(case(
        "a sincerity outside [0, 1]",
        with_top("    deterrence: (adversary: (sincerity: 1.5)),"),
        "deterrence.adversary.sincerity = 1.5 is not a probability in [0, 1]",
        Some("15:41"),
    ));
    v.push(case(
        "a withdrawal threshold above the starting support",
        with_top(r#"    deterrence: (politics: (nations: {"FR": (support: 0.49, withdrawal_threshold: 0.6)})),"#),
        "withdrawal_threshold = 0.6 is above the starting support 0.49",
        Some("15:83"),
    ));
    v.push(case(
        "a coalition hub inside occupied territory",
        edit(
            r#"(type: "iris_t_slm", nation: "DE", position: "Lviv"),"#,
            r#"(type: "fr_mechanised_brigade", nation: "FR", position: "Melitopol"),"#,
        )
        .replacen("    ],\n)", "    ],\n    deterrence: (),\n)", 1),
        "FR-fr_mechanised_brigade-1 (fr_mechanised_brigade) stands at Melitopol, inside Russian-occupied territory",
        Some("13:65"),
    ));
    v.push(Case {
        help: Some("did you mean `UA`?"),
        ..case(
            "a nation that does not exist",
            with_top(r#"    deterrence: (response: (lead: ["UK", "FR"])),"#),
            "deterrence.response.lead[0] = \"UK\": there is no nation in `nations` with this name",
            Some("15:36"),
        )
    });
    v.push(Case {
        args: vec!["--set", "units[9].readiness=0.5"],
        ..case("--set index out of range", VALID, "index 9 is out of range", None)
    });
    v.push(Case {
        args: vec!["--set", "duration_days=abc"],
        ..case("--set value of the wrong type", VALID, "expected a number", None)
    });
    v.push(Case {
        args: vec!["--set", "durations_days=3"],
        help: Some("did you mean `duration_days`?"),
        ..case("--set unknown field", VALID, "unknown field `durations_days`", None)
    });
    v
}

#[test]
fn every_bad_scenario_gets_a_located_error_exit_code_2_and_no_output() {
    let cases = cases();
    assert!(cases.len() >= 25, "the issue asks for at least 25 cases");
    let mut failures = Vec::new();
    for c in &cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("case.ron"), &c.bytes).unwrap();
        for (name, text) in &c.extra {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let mut args = vec!["run", "case.ron", "--out", "out"];
        args.extend(&c.args);
        let o = hedgehog(dir.path(), &args);
        let (stdout, stderr) = text(&o);
        let mut problems = Vec::new();
        if o.status.code() != Some(2) {
            problems.push(format!("exit code {:?}, want 2", o.status.code()));
        }
        if !stderr.contains(c.expect) {
            problems.push(format!("message lacks {:?}", c.expect));
        }
        if let Some(at) = c.at
            && !stderr.contains(&format!("case.ron:{at}:"))
        {
            problems.push(format!("not located at case.ron:{at}"));
        }
        if let Some(help) = c.help
            && !stderr.contains(help)
        {
            problems.push(format!("no hint {help:?}"));
        }
        if stderr.contains("panicked") {
            problems.push("panicked".into());
        }
        if dir.path().join("out").exists() {
            problems.push(format!("wrote output: {:?}", files_under(&dir.path().join("out"))));
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}\n--- stdout\n{stdout}--- stderr\n{stderr}", c.name, problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn validate_reports_every_error_in_a_file_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = VALID.replacen("duration_days: 2", "duration_days: -1", 1).replacen(
        r#"position: "Odesa""#,
        r#"position: "Odesa", readiness: 2.0"#,
        1,
    );
    std::fs::write(dir.path().join("two.ron"), bad).unwrap();
    std::fs::write(dir.path().join("good.ron"), VALID).unwrap();
    let o = hedgehog(dir.path(), &["validate", "good.ron", "two.ron"]);
    let (stdout, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stdout.contains("ok: good.ron"), "{stdout}");
    assert!(stderr.contains("two.ron:4:20: duration_days = -1.0"), "{stderr}");
    assert!(stderr.contains("units[0].readiness = 2.0 is not a probability"), "{stderr}");
    assert!(stderr.contains("1 of 2 file(s) are not valid: two.ron"), "{stderr}");
}

#[test]
fn errors_in_an_included_file_point_into_that_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("parts")).unwrap();
    std::fs::write(dir.path().join("parts/base.ron"), VALID.replacen("duration_days: 2", "duration_days: -3", 1))
        .unwrap();
    std::fs::write(dir.path().join("top.ron"), "(include: [\"parts/base.ron\"], seed: 9)").unwrap();
    let o = hedgehog(dir.path(), &["validate", "top.ron"]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("parts/base.ron:4:20: duration_days = -3.0"), "{stderr}");
}

#[test]
fn a_bad_flag_is_a_usage_error_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = hedgehog(dir.path(), &["run", "--seed", "minus-one"]);
    assert_eq!(o.status.code(), Some(2));
    let o = hedgehog(dir.path(), &["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = hedgehog(dir.path(), &["run", "no_such_file.ron"]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("no such file, and no built-in scenario has this name"), "{stderr}");
    assert!(files_under(dir.path()).is_empty());
}
