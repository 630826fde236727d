//! Figures of a placement: the moves the optimiser proposes over the map,
//! and the Pareto front of coverage against exposure and cost.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::basemap::{self, Layers};
use super::charts::palette;
use super::map::{Legend, framed};
use super::{FONT, Figure, fail, style};
use crate::batch::figures::short;
use crate::geo::map::Map;
use crate::geo::projection;
use crate::optimize::{Move, ParetoPoint};

/// Pixel size of the Pareto chart.
pub const PARETO_SIZE: (u32, u32) = (1300, 850);

/// The moves over the map: where each unit stood (hollow) and where it goes
/// (filled), joined by an arrow.
pub struct MovesFigure<'a> {
    /// The map.
    pub map: &'a Map,
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// The moves.
    pub moves: &'a [Move],
}

impl Figure for MovesFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        framed(root, &self.title, &self.subtitle, |map_area, legend_area| {
            let layers = Layers { relief: true, cities: true, infrastructure: true };
            let panel = basemap::draw_with(map_area, self.map, &layers, &|_| None)?;
            let mut types: Vec<&str> = self.moves.iter().map(|m| m.type_name.as_str()).collect();
            types.sort();
            types.dedup();
            for m in self.moves {
                let c = palette(types.iter().position(|t| *t == m.type_name).unwrap_or(0));
                let (a, b) = (panel.px(projection::forward(m.from)), panel.px(projection::forward(m.to)));
                let (a, b) = ((a.0 as i32, a.1 as i32), (b.0 as i32, b.1 as i32));
                if m.km > 0.5 {
                    map_area.draw(&PathElement::new(vec![a, b], ShapeStyle::from(&c).stroke_width(2))).map_err(fail)?;
                    map_area.draw(&Circle::new(a, 5, ShapeStyle::from(&c).stroke_width(2))).map_err(fail)?;
                }
                map_area.draw(&Circle::new(b, 6, ShapeStyle::from(&c).filled())).map_err(fail)?;
                map_area.draw(&Circle::new(b, 6, ShapeStyle::from(&style::INK).stroke_width(1))).map_err(fail)?;
            }
            let mut legend = Legend::new(legend_area, panel.h)?;
            legend.heading("Units")?;
            for (i, t) in types.iter().enumerate() {
                let n = self.moves.iter().filter(|m| m.type_name == *t).count();
                legend.glyph("●", palette(i), &format!("{t} ({n})"))?;
            }
            legend.heading("Marks")?;
            legend.glyph("○", style::INK, "where it stood")?;
            legend.glyph("●", style::INK, "where it goes")?;
            let moved = self.moves.iter().filter(|m| m.km > 0.5).count();
            legend.text(&format!("{moved} of {} moved", self.moves.len()))?;
            legend.base_layers(false)
        })
    }
}

/// Coverage against distance from the line: one line per budget (units
/// placed) through its exposure weights; efficient points filled, dominated
/// ones hollow.
pub struct ParetoFigure<'a> {
    /// Title.
    pub title: String,
    /// What the cost is ("units" or "airframes").
    pub cost_label: String,
    /// The points.
    pub points: &'a [ParetoPoint],
}

impl Figure for ParetoFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(fail)?;
        let pts: Vec<&ParetoPoint> =
            self.points.iter().filter(|p| p.coverage.is_finite() && p.mean_line_km.is_finite()).collect();
        if pts.is_empty() {
            let font = (FONT, 20).into_font().color(&style::INK).pos(Pos::new(HPos::Center, VPos::Center));
            return root.draw(&Text::new("No solutions to plot", (650, 400), font)).map_err(fail);
        }
        let span = |f: &dyn Fn(&ParetoPoint) -> f64| {
            let (a, b) = pts.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(f(p)), b.max(f(p))));
            let d = ((b - a) * 0.1).max(b.abs().max(1e-6) * 0.02);
            (a - d, b + d)
        };
        let ((x0, x1), (y0, y1)) = (span(&|p| p.mean_line_km), span(&|p| p.coverage));
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, 24).into_font())
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_desc("mean distance of the units from the contact line, km (farther: less exposed)")
            .y_desc("coverage (share of weighted demand protected)")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.3}"))
            .label_style((FONT, 14).into_font())
            .axis_desc_style((FONT, 16).into_font())
            .draw()
            .map_err(fail)?;
        let mut budgets: Vec<usize> = pts.iter().map(|p| p.units).collect();
        budgets.sort_unstable();
        budgets.dedup();
        for (i, &units) in budgets.iter().enumerate() {
            let c = palette(i);
            let mut line: Vec<&ParetoPoint> = pts.iter().copied().filter(|p| p.units == units).collect();
            line.sort_by(|a, b| a.mean_line_km.total_cmp(&b.mean_line_km));
            let costs: Vec<f64> = line.iter().map(|p| p.cost).collect();
            let (lo, hi) = costs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            let label = if self.cost_label == "units" || lo == hi {
                format!(
                    "{units} units placed{}",
                    if self.cost_label == "units" { String::new() } else { format!(", {lo} {}", self.cost_label) }
                )
            } else {
                format!("{units} units placed, {lo} to {hi} {}", self.cost_label)
            };
            chart
                .draw_series(LineSeries::new(
                    line.iter().map(|p| (p.mean_line_km, p.coverage)),
                    ShapeStyle::from(&c).stroke_width(2),
                ))
                .map_err(fail)?
                .label(label)
                .legend(move |(x, y)| Circle::new((x + 10, y), 6, ShapeStyle::from(&c).filled()));
            for p in &line {
                let style =
                    if p.efficient { ShapeStyle::from(&c).filled() } else { ShapeStyle::from(&c).stroke_width(2) };
                chart
                    .draw_series(std::iter::once(Circle::new((p.mean_line_km, p.coverage), 7, style)))
                    .map_err(fail)?;
                let note = if self.cost_label == "units" {
                    format!("x{} · {} in reach", p.exposure_weight, short(p.personnel_in_reach))
                } else {
                    format!("x{} · {}", p.exposure_weight, p.cost)
                };
                chart
                    .draw_series(std::iter::once(Text::new(
                        note,
                        (p.mean_line_km, p.coverage),
                        (FONT, 12).into_font().color(&style::BORDER).pos(Pos::new(HPos::Left, VPos::Bottom)),
                    )))
                    .map_err(fail)?;
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(style::INK)
            .label_font((FONT, 15).into_font())
            .draw()
            .map_err(fail)?;
        let note = "Filled: efficient (no other point has more coverage and distance, fewer personnel within 120 km glide-bomb reach and less cost); hollow: dominated. xW: exposure penalty weight.";
        root.draw(&Text::new(note, (100, PARETO_SIZE.1 as i32 - 18), (FONT, 13).into_font().color(&style::BORDER)))
            .map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::render_png_and_svg;

    fn point(units: usize, w: f64, coverage: f64, km: f64, efficient: bool) -> ParetoPoint {
        ParetoPoint {
            units,
            exposure_weight: w,
            coverage,
            mean_line_km: km,
            personnel_in_reach: 100.0,
            cost: units as f64,
            efficient,
        }
    }

    #[test]
    fn the_pareto_chart_draws_a_line_per_budget_and_marks_the_efficient_points() {
        let points = [
            point(12, 0.0, 0.67, 300.0, true),
            point(12, 2.0, 0.65, 360.0, true),
            point(24, 0.0, 0.77, 290.0, false),
            point(24, 2.0, 0.74, 380.0, true),
        ];
        let dir = tempfile::tempdir().unwrap();
        let fig =
            ParetoFigure { title: "Coverage against exposure".into(), cost_label: "units".into(), points: &points };
        render_png_and_svg(dir.path(), "pareto", PARETO_SIZE, &fig).unwrap();
        let svg = std::fs::read_to_string(dir.path().join("pareto.svg")).unwrap();
        for needle in
            ["12 units placed", "24 units placed", "farther: less exposed", "x2 · 100 in reach", "Filled: efficient"]
        {
            assert!(svg.contains(needle), "the chart lacks {needle:?}");
        }
        // One marker per point, hollow only for the one dominated point.
        let markers: Vec<&str> = svg.lines().filter(|l| l.contains("<circle") && l.contains("r=\"7\"")).collect();
        assert_eq!(markers.len(), 4, "{markers:?}");
        assert_eq!(markers.iter().filter(|l| l.contains("fill=\"none\"")).count(), 1, "{markers:?}");
        let empty = ParetoFigure { points: &[], ..fig };
        render_png_and_svg(dir.path(), "empty", PARETO_SIZE, &empty).unwrap();
        assert!(std::fs::read_to_string(dir.path().join("empty.svg")).unwrap().contains("No solutions to plot"));
    }
}
