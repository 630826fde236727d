//! Figures of one run's air war: a map of every threat from its launch point
//! to its fate with the defences and launchers, and the daily flows (launched,
//! destroyed, diverted, leaked; interceptors fired) as a chart. Both are drawn
//! from the run's events and time series, the same data a user has in
//! events.csv and timeseries.csv.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::basemap::{self, Layers};
use super::map::{Legend, framed};
use super::{FONT, Figure, fail, legend, style};
use crate::config::Scenario;
use crate::config::catalog::{SystemType, ThreatClass};
use crate::config::file::Side;
use crate::geo::map::Map;
use crate::geo::projection::{self, LatLon, Xy};
use crate::results::{EventRecord, RunResult};

/// Destroyed threats.
const DESTROYED: RGBColor = RGBColor(30, 80, 200);
/// Threats electronic warfare led astray.
const DIVERTED: RGBColor = RGBColor(120, 120, 120);
/// Leakers: threats that hit their targets.
const LEAKED: RGBColor = RGBColor(215, 25, 28);
/// Threats still flying at the end.
const FLYING: RGBColor = RGBColor(230, 160, 0);

/// What became of one threat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Destroyed,
    Diverted,
    Leaked,
    Flying,
}

/// One threat's flight as the events record it.
#[derive(Debug, Clone, Copy)]
struct Flight {
    from: Xy,
    to: Xy,
    fate: Fate,
}

/// The threat id an event refers to (`threat-12` in the unit column or at the
/// start of the detail).
fn threat_of(e: &EventRecord) -> Option<u32> {
    let text = if e.unit.starts_with("threat-") { e.unit.as_str() } else { e.detail.as_str() };
    let rest = text.strip_prefix("threat-")?;
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

fn xy(e: &EventRecord) -> Option<Xy> {
    Some(projection::forward(LatLon { lat: e.lat?, lon: e.lon? }))
}

/// Every threat's launch point and fate, in launch order.
fn flights(events: &[EventRecord]) -> Vec<Flight> {
    let mut out: BTreeMap<u32, Flight> = BTreeMap::new();
    for e in events {
        let (Some(id), Some(at)) = (threat_of(e), xy(e)) else { continue };
        match e.kind.as_str() {
            "launched" => {
                out.insert(id, Flight { from: at, to: at, fate: Fate::Flying });
            }
            "engaged" if e.detail.ends_with("destroyed") => {
                if let Some(f) = out.get_mut(&id) {
                    (f.to, f.fate) = (at, Fate::Destroyed);
                }
            }
            "diverted" | "impact" => {
                if let Some(f) = out.get_mut(&id) {
                    f.to = at;
                    f.fate = if e.kind == "impact" { Fate::Leaked } else { Fate::Diverted };
                }
            }
            _ => {}
        }
    }
    out.into_values().collect()
}

fn glyph<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (f64, f64),
    size: u32,
    colour: RGBColor,
) -> Result<(), String> {
    let font = (FONT, size).into_font().color(&colour).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(text.to_string(), (at.0 as i32, at.1 as i32), font)).map_err(fail)
}

/// The map of one run's threats.
pub struct RaidMapFigure<'a> {
    /// The map.
    pub map: &'a Map,
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The run.
    pub run: &'a RunResult,
}

impl Figure for RaidMapFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let (s, m) = (self.scenario, &self.run.summary.metrics);
        let get = |k: &str| m.get(k).copied().unwrap_or(0.0);
        let flights = flights(&self.run.events);
        let title = format!(
            "The air war: {} threats over {} days, scenario \"{}\", seed {}",
            get("threats.launched"),
            s.duration_days,
            s.name,
            self.run.summary.seed
        );
        let subtitle = "Each line joins a threat's launch point to its fate (straight; drones and cruise missiles \
                        fly dog-legs around the air defences Russia can locate). Defences of the coalition, \
                        Ukraine and the US; Russia's launchers.";
        framed(root, &title, subtitle, |map_area, legend_area| {
            let layers = Layers { relief: true, cities: true, infrastructure: false };
            let panel = basemap::draw_with(map_area, self.map, &layers, &|_| None)?;
            // Lines first, the rarest fates last so that they stay visible.
            for fate in [Fate::Destroyed, Fate::Diverted, Fate::Flying, Fate::Leaked] {
                let colour = match fate {
                    Fate::Destroyed => DESTROYED,
                    Fate::Diverted => DIVERTED,
                    Fate::Leaked => LEAKED,
                    Fate::Flying => FLYING,
                };
                let line = ShapeStyle::from(&colour.mix(if fate == Fate::Leaked { 0.5 } else { 0.25 })).stroke_width(1);
                for f in flights.iter().filter(|f| f.fate == fate) {
                    let (a, b) = (panel.px(f.from), panel.px(f.to));
                    map_area
                        .draw(&PathElement::new(vec![(a.0 as i32, a.1 as i32), (b.0 as i32, b.1 as i32)], line))
                        .map_err(fail)?;
                }
                let mark = match fate {
                    Fate::Destroyed => "×",
                    Fate::Diverted => "○",
                    Fate::Leaked => "●",
                    Fate::Flying => "▸",
                };
                for f in flights.iter().filter(|f| f.fate == fate) {
                    glyph(map_area, mark, panel.px(f.to), 11, colour)?;
                }
            }
            // Defences and launchers.
            for u in &s.units {
                let n = &s.nations[usize::from(u.nation)];
                if !n.participates {
                    continue;
                }
                let blue = matches!(n.side, Side::Coalition | Side::Ukraine | Side::UnitedStates);
                let (text, colour) = match &*u.system {
                    SystemType::AirDefense(_) if blue => ("▲", style::INK),
                    SystemType::Launcher(_) if n.side == Side::Russia => ("◆", style::RUSSIA_RED),
                    _ => continue,
                };
                if self.map.grid.cell_of(u.xy).is_some() {
                    glyph(map_area, text, panel.px(u.xy), 14, colour)?;
                }
            }
            let mut legend = Legend::new(legend_area, panel.h)?;
            legend.heading("Fate of each threat")?;
            legend.glyph("×", DESTROYED, &format!("Destroyed: {}", get("threats.destroyed")))?;
            legend.glyph("○", DIVERTED, &format!("Diverted by EW: {}", get("threats.diverted")))?;
            legend.glyph("●", LEAKED, &format!("Hit its target: {}", get("threats.leaked")))?;
            legend.glyph("▸", FLYING, &format!("Still flying: {}", get("threats.in_flight_at_end")))?;
            legend.glyph("▲", style::INK, "Air-defence system")?;
            legend.glyph("◆", style::RUSSIA_RED, "Russian launcher")?;
            legend.heading("By class: launched / destroyed")?;
            for class in ThreatClass::ALL {
                let k = class.key();
                let launched = get(&format!("threats.launched.{k}"));
                if launched > 0.0 {
                    let destroyed = get(&format!("threats.destroyed.{k}"));
                    legend.text(&format!(
                        "{k}: {launched} / {destroyed} ({:.0} %)",
                        100.0 * destroyed / launched.max(1.0)
                    ))?;
                }
            }
            legend.heading("Cost")?;
            legend.text(&format!(
                "{} interceptors, ${:.1}M",
                get("interceptors.used"),
                get("interceptors.cost_usd") / 1e6
            ))?;
            legend.text(&format!("Casualties: {} civilian,", get("casualties.civilian")))?;
            legend.text(&format!("{} military", get("casualties.military")))?;
            legend.base_layers(false)
        })
    }
}

/// The daily flows of one run.
pub struct DailyFigure<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The run.
    pub run: &'a RunResult,
}

/// Pixel size of the daily chart.
pub const DAILY_SIZE: (u32, u32) = (1400, 900);

/// A chart of whole counts over days 1 to `last_day`, up to 10 % above
/// `most`, its mesh drawn.
pub(crate) fn per_day_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    (caption, caption_size): (&str, u32),
    last_day: f64,
    most: f64,
    y_desc: &str,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, caption_size).into_font())
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0.5..last_day + 0.5, 0.0..most * 1.1)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .x_desc("day")
        .y_desc(y_desc)
        // Whole counts: no more labels than there are whole numbers.
        .y_labels(((most * 1.1).floor() as usize + 1).clamp(2, 11))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style((FONT, 15).into_font())
        .axis_desc_style((FONT, 16).into_font())
        .draw()
        .map_err(fail)?;
    Ok(chart)
}

impl Figure for DailyFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(fail)?;
        let days = &self.run.timeseries;
        let value = |d: &crate::results::DayRecord, k: &str| d.values.get(k).copied().unwrap_or(0.0);
        let last_day = days.last().map_or(1, |d| d.day).max(1) as f64;
        let (top, bottom) = root.split_vertically(560);
        let series = [
            ("day.threats.launched", "launched", style::INK),
            ("day.threats.destroyed", "destroyed", DESTROYED),
            ("day.threats.diverted", "diverted by EW", DIVERTED),
            ("day.threats.leaked", "hit their targets", LEAKED),
        ];
        let most = days.iter().flat_map(|d| series.iter().map(move |(k, ..)| value(d, k))).fold(1.0, f64::max);
        let caption = format!("Threats per day — scenario \"{}\", seed {}", self.scenario.name, self.run.summary.seed);
        let mut chart = per_day_chart(&top, (&caption, 26), last_day, most, "threats")?;
        for (key, label, colour) in series {
            let pts: Vec<(f64, f64)> = days.iter().map(|d| (d.day as f64, value(d, key))).collect();
            chart
                .draw_series(LineSeries::new(pts.clone(), ShapeStyle::from(&colour).stroke_width(2)))
                .map_err(fail)?
                .label(label)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], ShapeStyle::from(&colour).stroke_width(2))
                });
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 3, ShapeStyle::from(&colour).filled())))
                .map_err(fail)?;
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft, 15)?;
        let fired: Vec<(f64, f64)> = days.iter().map(|d| (d.day as f64, value(d, "day.interceptors.used"))).collect();
        let most_fired = fired.iter().map(|p| p.1).fold(1.0, f64::max);
        let caption = ("Interceptors fired per day (rounds and gun bursts)", 20);
        let mut chart = per_day_chart(&bottom, caption, last_day, most_fired, "interceptors")?;
        chart
            .draw_series(fired.iter().map(|&(d, n)| {
                Rectangle::new([(d - 0.35, 0.0), (d + 0.35, n)], ShapeStyle::from(&DESTROYED.mix(0.7)).filled())
            }))
            .map_err(fail)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, unit: &str, detail: &str, lat: f64) -> EventRecord {
        EventRecord {
            time_s: 0,
            day: 0,
            kind: kind.into(),
            unit: unit.into(),
            unit_type: String::new(),
            nation: String::new(),
            side: String::new(),
            lat: Some(lat),
            lon: Some(30.0),
            detail: detail.into(),
        }
    }

    #[test]
    fn each_threat_is_followed_from_launch_to_its_fate() {
        let events = vec![
            event("launched", "threat-0", "shahed_136 from x", 51.0),
            event("launched", "threat-1", "kh101 from y", 51.0),
            event("launched", "threat-2", "kh101 from y", 51.0),
            event("engaged", "UA-nasams-1", "threat-0 (drone): 2 shot(s), missed", 50.5),
            event("engaged", "UA-nasams-1", "threat-0 (drone): 2 shot(s), destroyed", 50.4),
            event("impact", "threat-1", "hit Kyiv (city): 3 civilian casualties", 50.45),
        ];
        let f = flights(&events);
        assert_eq!(f.iter().map(|f| f.fate).collect::<Vec<_>>(), vec![Fate::Destroyed, Fate::Leaked, Fate::Flying]);
        let kill = projection::forward(LatLon { lat: 50.4, lon: 30.0 });
        assert!(f[0].to.distance(kill) < 1e-6, "the kill is where the destroying engagement was");
    }
}
