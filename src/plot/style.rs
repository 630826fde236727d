//! Colours and symbols shared by every map: a hypsometric ramp with hillshade
//! for the land, one blue for the sea, red for Russian-held ground and the
//! line of contact, and one symbol per kind of infrastructure.

use plotters::style::RGBColor;

use crate::geo::places::PlaceKind;

/// Sea.
pub const SEA: RGBColor = RGBColor(198, 224, 240);
/// The line of contact and Russian-held ground.
pub const RUSSIA_RED: RGBColor = RGBColor(200, 30, 30);
/// Country borders.
pub const BORDER: RGBColor = RGBColor(70, 70, 70);
/// Graticule lines.
pub const GRATICULE: RGBColor = RGBColor(120, 140, 160);
/// Text.
pub const INK: RGBColor = RGBColor(25, 25, 25);

/// Elevation colour stops (m, colour): the classic atlas ramp from lowland
/// green through yellow and brown to pale high mountains.
const HYPSOMETRIC: [(f32, [u8; 3]); 11] = [
    (-30.0, [160, 200, 150]),
    (0.0, [170, 208, 160]),
    (100.0, [152, 196, 142]),
    (200.0, [176, 204, 146]),
    (300.0, [202, 214, 160]),
    (500.0, [226, 224, 176]),
    (800.0, [232, 214, 164]),
    (1200.0, [214, 186, 140]),
    (2000.0, [190, 160, 120]),
    (3000.0, [172, 150, 130]),
    (5000.0, [245, 245, 245]),
];

/// The land colour of an elevation.
pub fn elevation_colour(m: f32) -> [u8; 3] {
    if m <= HYPSOMETRIC[0].0 {
        return HYPSOMETRIC[0].1;
    }
    for w in HYPSOMETRIC.windows(2) {
        let ((a, ca), (b, cb)) = (w[0], w[1]);
        if m <= b {
            let t = (m - a) / (b - a);
            return [0, 1, 2].map(|i| (f32::from(ca[i]) + t * (f32::from(cb[i]) - f32::from(ca[i]))).round() as u8);
        }
    }
    HYPSOMETRIC[HYPSOMETRIC.len() - 1].1
}

/// The elevations a legend's colour bar marks.
pub const ELEVATION_TICKS: [f32; 6] = [0.0, 200.0, 500.0, 1000.0, 2000.0, 4000.0];

/// Multiplies a colour by a light factor (hillshade), 0 to about 1.2.
pub fn shade(c: [u8; 3], light: f32) -> [u8; 3] {
    c.map(|v| (f32::from(v) * light).clamp(0.0, 255.0) as u8)
}

/// Mixes `over` onto `base` with opacity `alpha`.
pub fn blend(base: [u8; 3], over: [u8; 3], alpha: f32) -> [u8; 3] {
    [0, 1, 2].map(|i| (f32::from(base[i]) * (1.0 - alpha) + f32::from(over[i]) * alpha).round() as u8)
}

/// How an infrastructure kind is drawn: a glyph of the bundled font and its colour.
pub fn infrastructure_symbol(kind: PlaceKind) -> Option<(&'static str, RGBColor, &'static str)> {
    Some(match kind {
        PlaceKind::NuclearPlant => ("☢", RGBColor(150, 20, 120), "Nuclear power plant"),
        PlaceKind::ThermalPlant => ("■", RGBColor(90, 90, 90), "Thermal power plant"),
        PlaceKind::HydroPlant => ("◆", RGBColor(30, 90, 200), "Hydro power plant"),
        PlaceKind::Port => ("⚓", RGBColor(20, 40, 120), "Port"),
        PlaceKind::NavalBase => ("⚓", RUSSIA_RED, "Naval base"),
        PlaceKind::Airbase => ("✈", RGBColor(20, 20, 20), "Airbase or airfield"),
        PlaceKind::LogisticsHub => ("★", RGBColor(0, 110, 60), "NATO logistics hub"),
        PlaceKind::City | PlaceKind::Island => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_is_continuous_and_clamped() {
        assert_eq!(elevation_colour(-1000.0), HYPSOMETRIC[0].1);
        assert_eq!(elevation_colour(100.0), [152, 196, 142]);
        assert_eq!(elevation_colour(9000.0), [245, 245, 245]);
        let a = elevation_colour(999.0);
        let b = elevation_colour(1001.0);
        assert!(a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 2));
    }
}
