//! The strategic layer of one run as a chart: Russia's breaches per day
//! (attempted, and those it considered and was deterred from), and the state
//! of the coalition day by day (cohesion, the guarantee's credibility and each
//! nation's domestic support). Drawn from the run's time series, the same
//! data a user has in timeseries.csv.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::air_war::per_day_chart;
use super::{FONT, Figure, fail, legend, style};
use crate::config::Scenario;
use crate::results::{DayRecord, RunResult};

/// Pixel size of the chart.
pub const SIZE: (u32, u32) = (1400, 1000);

const ATTEMPTED: RGBColor = RGBColor(215, 25, 28);
const DETERRED: RGBColor = RGBColor(30, 80, 200);
const SUCCEEDED: RGBColor = RGBColor(120, 20, 20);

/// Breaches per day and the coalition's state.
pub struct DeterrenceFigure<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The run.
    pub run: &'a RunResult,
}

fn value(d: &DayRecord, k: &str) -> f64 {
    d.values.get(k).copied().unwrap_or(0.0)
}

/// A colour per nation line, cycling through a qualitative palette.
fn nation_colour(i: usize) -> RGBColor {
    const PALETTE: [RGBColor; 8] = [
        RGBColor(230, 159, 0),
        RGBColor(86, 180, 233),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(213, 94, 0),
        RGBColor(0, 114, 178),
        RGBColor(150, 150, 60),
        RGBColor(110, 110, 110),
    ];
    PALETTE[i % PALETTE.len()]
}

impl Figure for DeterrenceFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(fail)?;
        let days = &self.run.timeseries;
        let last_day = days.last().map_or(1, |d| d.day).max(1) as f64;
        let (top, bottom) = root.split_vertically(450);
        let most = days
            .iter()
            .map(|d| value(d, "day.breaches.attempted").max(value(d, "day.breaches.deterred")))
            .fold(1.0, f64::max);
        let caption =
            format!("Russia's breaches per day — scenario \"{}\", seed {}", self.scenario.name, self.run.summary.seed);
        let mut chart = per_day_chart(&top, (&caption, 24), last_day, most * 1.5, "breaches")?;
        let bars = [
            ("day.breaches.attempted", "attempted", ATTEMPTED, -0.2),
            ("day.breaches.deterred", "deterred (considered, not chosen)", DETERRED, 0.2),
        ];
        for (key, label, colour, dx) in bars {
            chart
                .draw_series(days.iter().map(|d| {
                    let x = d.day as f64 + dx;
                    Rectangle::new(
                        [(x - 0.18, 0.0), (x + 0.18, value(d, key))],
                        ShapeStyle::from(&colour.mix(0.75)).filled(),
                    )
                }))
                .map_err(fail)?
                .label(label)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 14, y + 6)], ShapeStyle::from(&colour).filled())
                });
        }
        chart
            .draw_series(days.iter().filter(|d| value(d, "day.breaches.succeeded") > 0.0).map(|d| {
                Cross::new(
                    (d.day as f64 - 0.2, value(d, "day.breaches.succeeded")),
                    6,
                    ShapeStyle::from(&SUCCEEDED).stroke_width(3),
                )
            }))
            .map_err(fail)?
            .label("succeeded (ended that day)")
            .legend(|(x, y)| Cross::new((x + 7, y), 6, ShapeStyle::from(&SUCCEEDED).stroke_width(3)));
        legend(&mut chart, SeriesLabelPosition::UpperLeft, 15)?;

        let mut chart = ChartBuilder::on(&bottom)
            .caption("The coalition: cohesion, credibility of the guarantee, domestic support", (FONT, 20).into_font())
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(0.5..last_day + 0.5, 0.0..1.05)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_desc("day")
            .y_desc("share (0 to 1)")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.1}"))
            .label_style((FONT, 15).into_font())
            .axis_desc_style((FONT, 16).into_font())
            .draw()
            .map_err(fail)?;
        let mut lines: Vec<(String, String, RGBColor, u32)> = vec![
            ("deterrence.cohesion".into(), "cohesion (share of pledged personnel present)".into(), style::INK, 3),
            (
                "deterrence.credibility".into(),
                "credibility (Russia's belief in resolve x cohesion)".into(),
                ATTEMPTED,
                3,
            ),
        ];
        let mut i = 0;
        for n in &self.scenario.nations {
            let key = format!("politics.support.nation.{}", n.code);
            if days.iter().any(|d| d.values.contains_key(&key)) {
                lines.push((key, format!("support, {}", n.name), nation_colour(i), 1));
                i += 1;
            }
        }
        for (key, label, colour, width) in lines {
            let pts: Vec<(f64, f64)> = days.iter().map(|d| (d.day as f64, value(d, &key))).collect();
            chart
                .draw_series(LineSeries::new(pts, ShapeStyle::from(&colour).stroke_width(width)))
                .map_err(fail)?
                .label(label)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], ShapeStyle::from(&colour).stroke_width(width))
                });
        }
        legend(&mut chart, SeriesLabelPosition::LowerLeft, 13)?;
        Ok(())
    }
}
