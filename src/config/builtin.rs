//! Scenario files and catalogue data compiled into the binary, so that
//! `hedgehog` runs the default scenario from any directory with no files
//! around it. The files on disk under configs/ and assets/catalog/ are the
//! same texts; edit those and rebuild.

/// Built-in scenarios by their repository path.
pub const CONFIGS: &[(&str, &str)] = &[
    ("configs/baseline.ron", include_str!("../../configs/baseline.ron")),
    ("configs/germany_out.ron", include_str!("../../configs/germany_out.ron")),
    ("configs/no_us_enablers.ron", include_str!("../../configs/no_us_enablers.ron")),
    ("configs/chinese_peacekeepers.ron", include_str!("../../configs/chinese_peacekeepers.ron")),
    ("configs/insincere_russia.ron", include_str!("../../configs/insincere_russia.ron")),
    ("configs/us_offer_pending.ron", include_str!("../../configs/us_offer_pending.ron")),
    ("configs/war_level_raids_2024.ron", include_str!("../../configs/war_level_raids_2024.ron")),
];

/// The default scenario.
pub const DEFAULT_CONFIG: &str = "configs/baseline.ron";

/// The commented starter that `hedgehog new` writes.
pub const STARTER: &str = include_str!("../../configs/starter.ron");

/// The shipped catalogue files.
pub const CATALOG: &[(&str, &str)] = &[
    ("assets/catalog/air_defense.ron", include_str!("../../assets/catalog/air_defense.ron")),
    ("assets/catalog/sensors.ron", include_str!("../../assets/catalog/sensors.ron")),
    ("assets/catalog/aircraft.ron", include_str!("../../assets/catalog/aircraft.ron")),
    ("assets/catalog/ships.ron", include_str!("../../assets/catalog/ships.ron")),
    ("assets/catalog/ground.ron", include_str!("../../assets/catalog/ground.ron")),
    ("assets/catalog/threats.ron", include_str!("../../assets/catalog/threats.ron")),
    ("assets/catalog/launchers.ron", include_str!("../../assets/catalog/launchers.ron")),
];

/// The built-in scenario a user means by `arg` (`baseline`, `baseline.ron`
/// or `configs/baseline.ron`), if any.
pub fn find_config(arg: &str) -> Option<&'static str> {
    let arg = arg.trim();
    CONFIGS
        .iter()
        .map(|(name, _)| *name)
        .find(|name| *name == arg || short_name(name) == arg || name.trim_start_matches("configs/") == arg)
}

/// The text of the built-in file `name`.
pub fn config_text(name: &str) -> Option<&'static str> {
    CONFIGS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// `configs/baseline.ron` -> `baseline`.
pub fn short_name(path: &str) -> &str {
    path.trim_start_matches("configs/").trim_end_matches(".ron")
}
