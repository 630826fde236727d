//! Charts for batches of replications and sweeps over designs of experiments:
//! the distribution of a response over replications ([`Histogram`]), the
//! comparison of scenarios or design points ([`BoxPlots`]), daily means with
//! confidence bands ([`TimeSeriesBands`]) and sensitivity ([`Tornado`],
//! [`MainEffects`]).
//!
//! The figures take plain, already summarised numbers, not runs or worlds, so
//! that the batch code computes statistics once and any caller (the report, a
//! notebook export, a test) can draw them. They share one colour-blind-safe
//! palette ([`PALETTE`]), one number format for axes and values, and one way of
//! laying out long category labels, so that a report's charts read alike.
//!
//! Inputs are assumed to be finite; anything non-finite (NaN, ±∞), which a
//! failed or empty replication can produce, is left out of the drawing rather
//! than allowed to poison an axis range. Empty inputs draw a "no data" note
//! instead of failing, because a sweep with an empty cell should still yield
//! its report.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{FONT, Figure, fail, style};

/// The Okabe–Ito palette, reordered so that the first colours are the most
/// distinct on white (the yellow is last: it is faint as a line). It stays
/// distinguishable under the common colour-vision deficiencies.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
    RGBColor(240, 228, 66),  // yellow
];

/// The `i`-th colour of [`PALETTE`], cycling after the eighth: beyond eight
/// series colours repeat, so callers with more should split the figure.
pub fn palette(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Secondary text (notes, sample sizes).
const GREY: RGBColor = RGBColor(105, 105, 105);
/// Reference lines that must not compete with the data.
const REFERENCE: RGBColor = RGBColor(140, 140, 140);

/// Pixel size of a [`Histogram`].
pub const HISTOGRAM_SIZE: (u32, u32) = (1200, 750);
/// Pixel size of [`BoxPlots`].
pub const BOX_PLOTS_SIZE: (u32, u32) = (1400, 850);
/// Pixel size of [`TimeSeriesBands`].
pub const TIME_SERIES_SIZE: (u32, u32) = (1400, 800);
/// Pixel size of a [`Tornado`].
pub const TORNADO_SIZE: (u32, u32) = (1400, 850);
/// Pixel size of [`MainEffects`].
pub const MAIN_EFFECTS_SIZE: (u32, u32) = (1400, 900);

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/// An axis range around `[lo, hi]` with `frac` of the span added on each side,
/// so that nothing drawn at the extremes sits on the frame. A zero span (every
/// value equal) is widened by a tenth of the value, or by one around zero, so
/// plotters gets a usable range. Non-finite input gives `(0, 1)`.
fn padded_range(lo: f64, hi: f64, frac: f64) -> (f64, f64) {
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let (lo, hi) = (lo.min(hi), lo.max(hi));
    let magnitude = lo.abs().max(hi.abs());
    if hi - lo <= magnitude * 1e-9 {
        let pad = if magnitude > 0.0 { magnitude * 0.1 } else { 1.0 };
        return (lo - pad, hi + pad);
    }
    let pad = (hi - lo) * frac;
    (lo - pad, hi + pad)
}

/// The smallest and largest of some values, ignoring non-finite ones.
fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().filter(|v| v.is_finite()).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// How numbers on one axis (or of one magnitude) are written: as many decimals
/// as the tick step needs and no more, thousands grouped, millions and
/// billions abbreviated, and very small numbers in scientific notation.
#[derive(Debug, Clone, Copy, PartialEq)]
struct NumberFormat {
    divisor: f64,
    suffix: &'static str,
    decimals: usize,
    scientific: bool,
    group: bool,
    /// Values closer to zero than this are written "0" (floating-point noise
    /// on a tick at zero would otherwise show as "-0.0" or "1e-17").
    zero: f64,
    /// Whether trailing zeros after the decimal point are dropped: quoted
    /// values read better as "5" than "5.00", but tick labels keep one
    /// number of decimals so that they line up.
    trim: bool,
}

/// "5.00" to "5", "1.50" to "1.5".
fn trim_zeros(number: &str) -> &str {
    if number.contains('.') { number.trim_end_matches('0').trim_end_matches('.') } else { number }
}

/// Decimals needed to write multiples of `step` exactly.
fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    (-step.log10() - 1e-9).ceil().clamp(0.0, 9.0) as usize
}

impl NumberFormat {
    /// The format for multiples of `step` around `magnitude`.
    fn for_step(step: f64, magnitude: f64) -> Self {
        let m = magnitude.abs();
        let step = if step.is_finite() && step > 0.0 {
            step
        } else if m > 0.0 {
            m
        } else {
            1.0
        };
        let zero = step * 1e-6;
        if m > 0.0 && m < 1e-3 {
            let exponent = m.log10().floor();
            let decimals = decimals_for(step / 10f64.powf(exponent)).min(3);
            return Self { divisor: 1.0, suffix: "", decimals, scientific: true, group: false, zero, trim: false };
        }
        let (divisor, suffix) = if m >= 1e9 {
            (1e9, "B")
        } else if m >= 1e6 {
            (1e6, "M")
        } else {
            (1.0, "")
        };
        let decimals = decimals_for(step / divisor);
        Self { divisor, suffix, decimals, scientific: false, group: divisor == 1.0 && m >= 1e4, zero, trim: false }
    }

    /// The format of the ticks plotters puts on `[lo, hi]` when asked for at
    /// most `max_labels` of them (the same computation, so the step matches).
    fn for_axis(lo: f64, hi: f64, max_labels: usize) -> Self {
        let ticks = RangedCoordf64::from(lo..hi).key_points(max_labels.max(1));
        let step = match ticks.as_slice() {
            [a, b, ..] => b - a,
            _ => (hi - lo).abs(),
        };
        let magnitude = ticks.iter().fold(0.0_f64, |m, t| m.max(t.abs()));
        Self::for_step(step, magnitude)
    }

    /// The format that writes `v` to `significant` significant digits.
    fn significant(v: f64, significant: u32) -> Self {
        let m = v.abs();
        if !(m.is_finite() && m > 0.0) {
            return Self::for_step(1.0, 0.0);
        }
        let step = 10f64.powf(m.log10().floor() - f64::from(significant.max(1) - 1));
        Self::for_step(step, m)
    }

    fn format(&self, v: f64) -> String {
        if !v.is_finite() {
            return "–".to_string();
        }
        let v = if v.abs() < self.zero { 0.0 } else { v };
        if self.scientific {
            if v == 0.0 {
                return "0".to_string();
            }
            let text = format!("{v:.*e}", self.decimals);
            return match (self.trim, text.split_once('e')) {
                (true, Some((mantissa, exponent))) => format!("{}e{exponent}", trim_zeros(mantissa)),
                _ => text,
            };
        }
        let text = format!("{:.*}", self.decimals, v / self.divisor);
        let text = if self.trim { trim_zeros(&text).to_string() } else { text };
        // Rounding can leave "-0" or "-0.00".
        let text = match text.strip_prefix('-') {
            Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
            _ => text,
        };
        let text = if self.group { group_thousands(&text) } else { text };
        format!("{text}{}", self.suffix)
    }
}

/// Inserts a comma between groups of three digits of the integer part.
fn group_thousands(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// `v` to three significant digits at most, for values quoted in legends and
/// labels.
fn format_value(v: f64) -> String {
    NumberFormat { trim: true, ..NumberFormat::significant(v, 3) }.format(v)
}

// ---------------------------------------------------------------------------
// Text layout
// ---------------------------------------------------------------------------

/// Breaks `text` into lines no wider than `max_width` as `measure` reckons
/// width: at spaces first, then after `_ / , ; - = + :` (scenario and design
/// point names are often `snake_case` or `factor=level` lists), and inside a
/// word only when a single word is wider than the line.
fn wrap(text: &str, max_width: u32, measure: &dyn Fn(&str) -> u32) -> Vec<String> {
    // (piece, whether a space separates it from the previous piece)
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for (w, word) in text.split_whitespace().enumerate() {
        let mut piece = String::new();
        let mut first = true;
        for c in word.chars() {
            piece.push(c);
            if matches!(c, '_' | '/' | ',' | ';' | '-' | '=' | '+' | ':') {
                pieces.push((std::mem::take(&mut piece), w > 0 && first));
                first = false;
            }
        }
        if !piece.is_empty() {
            pieces.push((piece, w > 0 && first));
        }
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for (piece, spaced) in pieces {
        let candidate = match (line.is_empty(), spaced) {
            (true, _) => piece.clone(),
            (false, true) => format!("{line} {piece}"),
            (false, false) => format!("{line}{piece}"),
        };
        if line.is_empty() || measure(&candidate) <= max_width {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = piece;
        }
        while measure(&line) > max_width && line.chars().count() > 1 {
            let chars: Vec<char> = line.chars().collect();
            let fits = (1..chars.len())
                .rev()
                .find(|&k| measure(&chars[..k].iter().collect::<String>()) <= max_width)
                .unwrap_or(1);
            lines.push(chars[..fits].iter().collect());
            line = chars[fits..].iter().collect();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` cut with an ellipsis so that it is no wider than `max_width`.
fn truncate(text: &str, max_width: u32, measure: &dyn Fn(&str) -> u32) -> String {
    if measure(text) <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .rev()
        .map(|k| format!("{}…", chars[..k].iter().collect::<String>().trim_end()))
        .find(|t| measure(t) <= max_width)
        .unwrap_or_else(|| "…".to_string())
}

/// The first `most` of `lines`, the last marked with an ellipsis if any were
/// dropped.
fn limit_lines(mut lines: Vec<String>, most: usize, max_width: u32, measure: &dyn Fn(&str) -> u32) -> Vec<String> {
    if lines.len() > most.max(1) {
        lines.truncate(most.max(1));
        if let Some(last) = lines.last_mut() {
            last.push('…');
            *last = truncate(last, max_width, measure);
        }
    }
    lines
}

/// A text style of the bundled font. Sizes are even: plotters' ab_glyph
/// rasteriser rounds each glyph's offset from half the size towards zero, so
/// at odd sizes small glyphs such as the decimal point sit a pixel high.
fn font(size: u32, colour: &RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(colour)
}

/// Width in pixels of `text` at `size`; an estimate if the backend cannot say.
fn text_width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, size: u32) -> u32 {
    area.estimate_text_size(text, &font(size, &style::INK))
        .map(|(w, _)| w)
        .unwrap_or_else(|_| (text.chars().count() as f64 * f64::from(size) * 0.6).ceil() as u32)
}

/// Line height used for stacked lines of text of `size`.
fn line_height(size: u32) -> i32 {
    (f64::from(size) * 1.3).ceil() as i32
}

/// Draws `text` at absolute backend pixel `at` (plotters' chart coordinates
/// are absolute; `area` may be offset).
fn text_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    style: &TextStyle,
) -> Result<(), String> {
    let (ox, oy) = area.get_base_pixel();
    area.draw(&Text::new(text.to_string(), (at.0 - ox, at.1 - oy), style.clone())).map_err(fail)
}

/// Fills `root` white, writes the title (wrapped to two lines at most) and an
/// optional grey subtitle under it, and returns the area left for the chart.
fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, String> {
    root.fill(&WHITE).map_err(fail)?;
    let (w, _) = root.dim_in_pixel();
    let (x0, y0) = root.get_base_pixel();
    let centre = x0 + w as i32 / 2;
    let max_w = w.saturating_sub(60).max(100);
    let mut y = y0 + 12;
    for (size, colour, text) in [(26, style::INK, title), (14, GREY, subtitle)] {
        let measure = |s: &str| text_width(root, s, size);
        let lines = limit_lines(wrap(text, max_w, &measure), 2, max_w, &measure);
        let style = font(size, &colour).pos(Pos::new(HPos::Center, VPos::Top));
        for line in lines {
            text_at(root, &line, (centre, y), &style)?;
            y += line_height(size);
        }
        y += 4;
    }
    Ok(root.split_vertically((y - y0 + 4).max(0) as u32).1)
}

/// Writes a grey note in the middle of `area` in place of a chart.
fn no_data<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, note: &str) -> Result<(), String> {
    let (w, h) = area.dim_in_pixel();
    let (x0, y0) = area.get_base_pixel();
    let style = font(20, &GREY).pos(Pos::new(HPos::Center, VPos::Center));
    text_at(area, note, (x0 + w as i32 / 2, y0 + h as i32 / 2), &style)
}

/// How the labels of categories along a horizontal axis are written: wrapped
/// under each slot when that takes at most three lines, otherwise rotated to
/// read upwards (and cut if even that is too long), so that twenty long
/// scenario names stay legible.
#[derive(Debug, Clone, PartialEq)]
struct CategoryLabels {
    lines: Vec<Vec<String>>,
    rotated: bool,
    /// Pixels the labels need below the axis.
    height: u32,
    size: u32,
}

/// Most lines a wrapped category label may take before labels are rotated.
const MAX_LABEL_LINES: usize = 3;

impl CategoryLabels {
    fn layout(labels: &[String], slot: u32, max_height: u32, size: u32, measure: &dyn Fn(&str) -> u32) -> Self {
        let width = (f64::from(slot) * 0.92) as u32;
        let lines: Vec<Vec<String>> = labels.iter().map(|l| wrap(l, width.max(1), measure)).collect();
        let most = lines.iter().map(Vec::len).max().unwrap_or(0);
        let wrapped_height = most as u32 * line_height(size) as u32 + 10;
        if most <= MAX_LABEL_LINES && wrapped_height <= max_height {
            return Self { lines, rotated: false, height: wrapped_height, size };
        }
        // Rotated, a label may still take as many lines side by side as its
        // slot has room for, up to three; wrap them to a similar length.
        let per_slot = (f64::from(slot) * 0.9 / f64::from(line_height(size) as u32)).floor().clamp(1.0, 3.0) as usize;
        let longest = labels.iter().map(|l| measure(l)).max().unwrap_or(0);
        let length =
            ((f64::from(longest) / per_slot as f64 * 1.15) as u32).clamp(60, max_height.saturating_sub(14).max(60));
        let lines: Vec<Vec<String>> =
            labels.iter().map(|l| limit_lines(wrap(l, length, measure), per_slot, length, measure)).collect();
        let used = lines.iter().flatten().map(|l| measure(l)).max().unwrap_or(0);
        Self { lines, rotated: true, height: (used + 14).min(max_height), size }
    }

    /// Draws label `i` centred on backend column `x`, starting at row `top`.
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        i: usize,
        x: i32,
        top: i32,
    ) -> Result<(), String> {
        let Some(lines) = self.lines.get(i) else { return Ok(()) };
        if self.rotated {
            let style = font(self.size, &style::INK)
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Right, VPos::Center));
            let step = line_height(self.size);
            let first = x - (lines.len() as i32 - 1) * step / 2;
            for (k, line) in lines.iter().enumerate() {
                text_at(area, line, (first + k as i32 * step, top + 8), &style)?;
            }
            return Ok(());
        }
        let style = font(self.size, &style::INK).pos(Pos::new(HPos::Center, VPos::Top));
        for (k, line) in lines.iter().enumerate() {
            text_at(area, line, (x, top + 8 + k as i32 * line_height(self.size)), &style)?;
        }
        Ok(())
    }
}

/// Draws a diamond marker centred on backend pixel `at`.
fn draw_diamond<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    r: i32,
    colour: RGBColor,
) -> Result<(), String> {
    let (ox, oy) = area.get_base_pixel();
    let (x, y) = (at.0 - ox, at.1 - oy);
    let shape = |r: i32| vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)];
    area.draw(&Polygon::new(shape(r + 2), WHITE.filled())).map_err(fail)?;
    area.draw(&Polygon::new(shape(r), colour.filled())).map_err(fail)
}

/// No minor grid: plotters' default of one line per minor tick crowds the
/// plot; gridlines at the labelled ticks are enough.
fn grid_style() -> ShapeStyle {
    TRANSPARENT.into()
}

/// The grid at labelled ticks: quiet enough that data and reference lines
/// stand out.
fn bold_grid_style() -> ShapeStyle {
    RGBColor(218, 218, 218).into()
}

/// The house style of a chart's mesh: no minor grid, a quiet grid at the
/// labelled ticks, and labels and axis descriptions at `size` in ink.
fn house_mesh<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    size: u32,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB> {
    mesh.light_line_style(grid_style())
        .bold_line_style(bold_grid_style())
        .label_style(font(size, &style::INK))
        .axis_desc_style(font(size, &style::INK))
}

// ---------------------------------------------------------------------------
// Histogram
// ---------------------------------------------------------------------------

/// The distribution of one response over a batch's replications, with the
/// batch mean and its 95 % confidence interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// The figure's title.
    pub title: String,
    /// What the response is, with its unit.
    pub x_label: String,
    /// Bins as (lower edge, upper edge, replications in the bin).
    pub bins: Vec<(f64, f64, u64)>,
    /// The mean over replications, drawn as a vertical line.
    pub mean: Option<f64>,
    /// The 95 % confidence interval of the mean, drawn as a shaded band.
    pub ci95: Option<(f64, f64)>,
}

impl Figure for Histogram {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let bins: Vec<(f64, f64, u64)> = self
            .bins
            .iter()
            .filter(|b| b.0.is_finite() && b.1.is_finite())
            .map(|&(a, b, n)| (a.min(b), a.max(b), n))
            .collect();
        let mean = self.mean.filter(|m| m.is_finite());
        let ci = self.ci95.filter(|c| c.0.is_finite() && c.1.is_finite()).map(|(a, b)| (a.min(b), a.max(b)));
        let total: u64 = bins.iter().map(|b| b.2).sum();
        let subtitle = match bins.len() {
            0 => String::new(),
            1 => format!("{total} replications in one bin"),
            n => format!("{total} replications in {n} bins"),
        };
        let area = frame(root, &self.title, &subtitle)?;
        let Some((lo, hi)) =
            extent(bins.iter().flat_map(|b| [b.0, b.1]).chain(mean).chain(ci.into_iter().flat_map(|c| [c.0, c.1])))
        else {
            return no_data(&area, "No replications to plot");
        };
        let (x0, x1) = padded_range(lo, hi, 0.03);
        // A bin of zero width (every replication equal) would be invisible.
        let min_width = (x1 - x0) * 0.02;
        let most = bins.iter().map(|b| b.2).max().unwrap_or(0).max(1);
        // Headroom above the tallest bar keeps the legend off the bars.
        let y1 = (most as f64 * 1.28).ceil().max(2.0);
        let y_labels = (y1 as usize + 1).min(10);
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .margin_right(36)
            .x_label_area_size(56)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1, 0.0..y1)
            .map_err(fail)?;
        let x_format = NumberFormat::for_axis(x0, x1, 10);
        let y_format = NumberFormat::for_axis(0.0, y1, y_labels);
        house_mesh(
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(10)
                .y_labels(y_labels)
                .x_desc(self.x_label.as_str())
                .y_desc("replications")
                .x_label_formatter(&|v| x_format.format(*v))
                .y_label_formatter(&|v| y_format.format(*v)),
            16,
        )
        .draw()
        .map_err(fail)?;
        let bar = palette(0);
        let accent = palette(1);
        chart
            .draw_series(bins.iter().map(|&(a, b, n)| {
                let (a, b) =
                    if b - a < min_width { ((a + b - min_width) / 2.0, (a + b + min_width) / 2.0) } else { (a, b) };
                Rectangle::new([(a, 0.0), (b, n as f64)], bar.mix(0.8).filled())
            }))
            .map_err(fail)?
            .label(format!("replications per bin ({total})"))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], bar.mix(0.8).filled()));
        // White edges separate adjacent bars of equal height.
        chart
            .draw_series(
                bins.iter().filter(|b| b.1 - b.0 >= min_width).map(|&(a, b, n)| {
                    Rectangle::new([(a, 0.0), (b, n as f64)], ShapeStyle::from(&WHITE).stroke_width(1))
                }),
            )
            .map_err(fail)?;
        if let Some((a, b)) = ci {
            // At least three pixels wide, or a tight interval disappears.
            let px = f64::from(chart.plotting_area().dim_in_pixel().0.max(1));
            let least = 3.0 * (x1 - x0) / px;
            let (a, b) = if b - a < least { ((a + b - least) / 2.0, (a + b + least) / 2.0) } else { (a, b) };
            chart
                .draw_series(std::iter::once(Rectangle::new([(a, 0.0), (b, y1)], accent.mix(0.22).filled())))
                .map_err(fail)?
                .label(format!("95 % CI of the mean: {} to {}", format_value(a), format_value(b)))
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], accent.mix(0.22).filled()));
        }
        if let Some(m) = mean {
            chart
                .draw_series(LineSeries::new([(m, 0.0), (m, y1)], accent.stroke_width(2)))
                .map_err(fail)?
                .label(format!("mean: {}", format_value(m)))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], accent.stroke_width(2)));
        }
        // The legend goes to the side away from the mean, where bars are lower.
        let centre = mean.unwrap_or((lo + hi) / 2.0);
        let position =
            if centre > (x0 + x1) / 2.0 { SeriesLabelPosition::UpperLeft } else { SeriesLabelPosition::UpperRight };
        chart
            .configure_series_labels()
            .position(position)
            .margin(12)
            .background_style(WHITE.mix(0.9))
            .border_style(style::BORDER)
            .label_font(font(16, &style::INK))
            .draw()
            .map_err(fail)?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Box plots
// ---------------------------------------------------------------------------

/// One group's distribution, summarised: a scenario or a design point.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxGroup {
    /// The group's name, written under its box.
    pub label: String,
    /// The 5th percentile (lower whisker).
    pub p5: f64,
    /// The 25th percentile (bottom of the box).
    pub q1: f64,
    /// The median.
    pub median: f64,
    /// The 75th percentile (top of the box).
    pub q3: f64,
    /// The 95th percentile (upper whisker).
    pub p95: f64,
    /// The mean, drawn as a diamond.
    pub mean: f64,
    /// Replications behind the summary.
    pub n: u64,
}

/// Box plots side by side, one per group, on a shared response axis.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxPlots {
    /// The figure's title.
    pub title: String,
    /// What the response is, with its unit.
    pub y_label: String,
    /// The groups, drawn left to right in this order.
    pub groups: Vec<BoxGroup>,
}

/// A group's five quantiles in increasing order (streaming quantile
/// estimators can return them slightly out of order), or `None` if any is not
/// finite.
fn quantiles(g: &BoxGroup) -> Option<[f64; 5]> {
    let mut q = [g.p5, g.q1, g.median, g.q3, g.p95];
    if q.iter().any(|v| !v.is_finite()) {
        return None;
    }
    q.sort_by(f64::total_cmp);
    Some(q)
}

impl Figure for BoxPlots {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let groups: Vec<(&BoxGroup, [f64; 5])> =
            self.groups.iter().filter_map(|g| quantiles(g).map(|q| (g, q))).collect();
        let dropped = self.groups.len() - groups.len();
        let mut subtitle = "Box: 25th to 75th percentile; bar: median; whiskers: 5th and 95th percentiles; \
                            ◆ mean; n: replications"
            .to_string();
        if dropped > 0 {
            subtitle.push_str(&format!(" ({dropped} group(s) without finite statistics left out)"));
        }
        let area = frame(root, &self.title, &subtitle)?;
        let Some((lo, hi)) = extent(groups.iter().flat_map(|(g, q)| q.iter().copied().chain([g.mean]))) else {
            return no_data(&area, "No groups to plot");
        };
        let (y0, y1) = padded_range(lo, hi, 0.06);
        let n = groups.len();
        let (w, h) = area.dim_in_pixel();
        let (margin, y_area) = (16u32, 90u32);
        let slot = (w.saturating_sub(2 * margin + y_area + 20) / n as u32).max(1);
        let measure = |s: &str| text_width(root, s, 14);
        let labels: Vec<String> = groups.iter().map(|(g, _)| g.label.clone()).collect();
        let layout = CategoryLabels::layout(&labels, slot, (h as f64 * 0.32) as u32, 14, &measure);
        let mut chart = ChartBuilder::on(&area)
            .margin(margin)
            .margin_right(margin + 20)
            .x_label_area_size(layout.height)
            .y_label_area_size(y_area)
            .build_cartesian_2d(-0.5..n as f64 - 0.5, y0..y1)
            .map_err(fail)?;
        let y_format = NumberFormat::for_axis(y0, y1, 10);
        house_mesh(
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .y_labels(10)
                .y_desc(self.y_label.as_str())
                .y_label_formatter(&|v| y_format.format(*v)),
            16,
        )
        .draw()
        .map_err(fail)?;
        let colour = palette(0);
        // Boxes no wider than 120 pixels: one group should not look like a wall.
        let half = 0.3_f64.min(60.0 / f64::from(slot));
        let plot_bottom = chart.plotting_area().get_pixel_range().1.end;
        for (i, &(g, [p5, q1, median, q3, p95])) in groups.iter().enumerate() {
            let x = i as f64;
            let whisker = ShapeStyle::from(&style::INK).stroke_width(1);
            chart
                .draw_series([
                    PathElement::new([(x, p5), (x, q1)], whisker),
                    PathElement::new([(x, q3), (x, p95)], whisker),
                    PathElement::new([(x - half / 2.0, p5), (x + half / 2.0, p5)], whisker),
                    PathElement::new([(x - half / 2.0, p95), (x + half / 2.0, p95)], whisker),
                ])
                .map_err(fail)?;
            chart
                .draw_series([
                    Rectangle::new([(x - half, q1), (x + half, q3)], colour.mix(0.25).filled()),
                    Rectangle::new([(x - half, q1), (x + half, q3)], colour.stroke_width(2)),
                ])
                .map_err(fail)?;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    [(x - half, median), (x + half, median)],
                    style::INK.stroke_width(3),
                )))
                .map_err(fail)?;
            if g.mean.is_finite() {
                draw_diamond(root, chart.backend_coord(&(x, g.mean)), 7, palette(1))?;
            }
            let note = format!("n={}", g.n);
            if text_width(root, &note, 12) + 4 < slot {
                let (cx, cy) = chart.backend_coord(&(x, p95));
                text_at(root, &note, (cx, cy - 4), &font(12, &GREY).pos(Pos::new(HPos::Center, VPos::Bottom)))?;
            }
            layout.draw(root, i, chart.backend_coord(&(x, y0)).0, plot_bottom)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Time series with confidence bands
// ---------------------------------------------------------------------------

/// One series of daily means over replications with their 95 % confidence
/// interval.
#[derive(Debug, Clone, PartialEq)]
pub struct BandSeries {
    /// The series' name in the legend.
    pub label: String,
    /// Points as (day, mean, lower CI bound, upper CI bound).
    pub points: Vec<(f64, f64, f64, f64)>,
}

/// Lines of daily means, each in a translucent band of its confidence
/// interval, with the legend beside the plot so that it never hides data.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeSeriesBands {
    /// The figure's title.
    pub title: String,
    /// What the horizontal axis is (usually "day").
    pub x_label: String,
    /// What the response is, with its unit.
    pub y_label: String,
    /// The series, coloured in palette order.
    pub series: Vec<BandSeries>,
}

/// A point of a band series: (day, mean, lower bound, upper bound).
type BandPoint = (f64, f64, f64, f64);

/// A series' points in day order without non-finite days or means; a
/// non-finite bound (one replication has no interval) falls back to the mean,
/// and bounds are made to enclose the mean.
fn clean_points(points: &[BandPoint]) -> Vec<BandPoint> {
    let mut out: Vec<BandPoint> = points
        .iter()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .map(|&(d, m, lo, hi)| {
            let lo = if lo.is_finite() { lo } else { m };
            let hi = if hi.is_finite() { hi } else { m };
            (d, m, lo.min(hi).min(m), hi.max(lo).max(m))
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// The number of ticks to ask for on an axis whose data are whole numbers
/// (days, counts), so that the step is at least one and no tick is fractional.
fn whole_number_ticks(lo: f64, hi: f64, most: usize) -> usize {
    ((hi.floor() - lo.ceil()).max(0.0) as usize + 1).clamp(2, most)
}

impl Figure for TimeSeriesBands {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let series: Vec<(&str, Vec<BandPoint>)> =
            self.series.iter().map(|s| (s.label.as_str(), clean_points(&s.points))).collect();
        let area =
            frame(root, &self.title, "Lines: mean over replications; bands: 95 % confidence interval of the mean")?;
        let all = || series.iter().flat_map(|(_, p)| p.iter());
        let (Some((d0, d1)), Some((lo, hi))) =
            (extent(all().map(|p| p.0)), extent(all().flat_map(|p| [p.1, p.2, p.3])))
        else {
            return no_data(&area, "No time series to plot");
        };
        let (w, _) = area.dim_in_pixel();
        // The legend's width follows its longest label, within a fifth of the
        // figure; longer labels wrap.
        let measure = |s: &str| text_width(root, s, 16);
        let label_room = series.iter().map(|(l, _)| measure(l)).max().unwrap_or(0).clamp(80, w / 5);
        let legend_w = label_room + 64;
        let (plot_area, legend_area) = area.split_horizontally(w.saturating_sub(legend_w));
        let whole_days = all().all(|p| p.0.fract() == 0.0);
        let (x0, x1) = if d1 > d0 { (d0 - (d1 - d0) * 0.01, d1 + (d1 - d0) * 0.01) } else { (d0 - 1.0, d1 + 1.0) };
        let (y0, y1) = padded_range(lo, hi, 0.05);
        let x_labels = if whole_days { whole_number_ticks(x0, x1, 12) } else { 12 };
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(16)
            .margin_right(24)
            .x_label_area_size(56)
            .y_label_area_size(90)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(fail)?;
        let x_format = NumberFormat::for_axis(x0, x1, x_labels);
        let y_format = NumberFormat::for_axis(y0, y1, 10);
        house_mesh(
            chart
                .configure_mesh()
                .x_labels(x_labels)
                .y_labels(10)
                .x_desc(self.x_label.as_str())
                .y_desc(self.y_label.as_str())
                .x_label_formatter(&|v| x_format.format(*v))
                .y_label_formatter(&|v| y_format.format(*v)),
            16,
        )
        .draw()
        .map_err(fail)?;
        // Every band before any line, so that no band veils another series' line.
        for (i, (_, points)) in series.iter().enumerate() {
            if points.len() < 2 {
                continue;
            }
            let outline: Vec<(f64, f64)> =
                points.iter().map(|p| (p.0, p.3)).chain(points.iter().rev().map(|p| (p.0, p.2))).collect();
            chart.draw_series(std::iter::once(Polygon::new(outline, palette(i).mix(0.2).filled()))).map_err(fail)?;
        }
        for (i, (_, points)) in series.iter().enumerate() {
            let colour = palette(i);
            chart
                .draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), colour.stroke_width(2)))
                .map_err(fail)?;
            // Markers where the points are few enough to tell apart; a lone
            // point also gets its interval as an error bar, having no band.
            if points.len() <= 40 {
                let r = if points.len() == 1 { 5 } else { 3 };
                chart.draw_series(points.iter().map(|p| Circle::new((p.0, p.1), r, colour.filled()))).map_err(fail)?;
            }
            if let [(d, _, lo, hi)] = points.as_slice() {
                chart
                    .draw_series(std::iter::once(PathElement::new([(*d, *lo), (*d, *hi)], colour.stroke_width(2))))
                    .map_err(fail)?;
            }
        }
        // The legend beside the plot, not over it: bands cover much of the plot.
        let (lx, ly) = legend_area.get_base_pixel();
        let top = chart.plotting_area().get_pixel_range().1.start;
        let mut y = top.max(ly) + 4;
        let label_style = font(16, &style::INK).pos(Pos::new(HPos::Left, VPos::Center));
        let bottom = legend_area.get_pixel_range().1.end - line_height(16);
        for (i, (label, points)) in series.iter().enumerate() {
            let colour = palette(i);
            let x = lx + 8;
            let mut lines = wrap(label, label_room, &measure);
            if points.is_empty() {
                lines.push("(no data)".to_string());
            }
            if y + line_height(16) * lines.len() as i32 > bottom {
                let more = format!("… and {} more", series.len() - i);
                text_at(root, &more, (x, y), &label_style)?;
                break;
            }
            legend_area
                .draw(&Rectangle::new([(x - lx, y - 8 - ly), (x + 30 - lx, y + 8 - ly)], colour.mix(0.2).filled()))
                .map_err(fail)?;
            legend_area
                .draw(&PathElement::new([(x - lx, y - ly), (x + 30 - lx, y - ly)], colour.stroke_width(2)))
                .map_err(fail)?;
            for line in &lines {
                text_at(root, line, (x + 40, y), &label_style)?;
                y += line_height(16);
            }
            y += 8;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Tornado
// ---------------------------------------------------------------------------

/// One factor's one-at-a-time swing: the response with the factor at its low
/// and at its high level, everything else at the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    /// The factor's name, written left of its bar.
    pub factor: String,
    /// The low level, e.g. "2 batteries".
    pub low_label: String,
    /// The high level.
    pub high_label: String,
    /// The response at the low level.
    pub low: f64,
    /// The response at the high level.
    pub high: f64,
}

/// A tornado diagram: horizontal bars from the baseline response to the
/// response at each factor's low and high level, the widest swing on top.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    /// The figure's title.
    pub title: String,
    /// What the response is, with its unit.
    pub response_label: String,
    /// The response with every factor at its baseline level.
    pub baseline: f64,
    /// The factors, in any order.
    pub bars: Vec<TornadoBar>,
}

/// The drawing order of tornado bars: indices into `bars` by decreasing swing
/// |high − low|, ties in input order; bars with a non-finite end are left out.
pub fn tornado_order(bars: &[TornadoBar]) -> Vec<usize> {
    let swing = |b: &TornadoBar| (b.high - b.low).abs();
    let mut order: Vec<usize> =
        (0..bars.len()).filter(|&i| bars[i].low.is_finite() && bars[i].high.is_finite()).collect();
    order.sort_by(|&a, &b| swing(&bars[b]).total_cmp(&swing(&bars[a])));
    order
}

/// Where a bar end's label goes relative to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// The side each end's label goes on: away from the baseline, the low level
/// to the left when it sits on the baseline. When both ends lie on the same
/// side, the nearer end's label is written inside the longer bar, beyond the
/// nearer end, and needs no room outside the data. Returns (low, high) as
/// (side, inside).
fn end_sides(baseline: f64, low: f64, high: f64) -> ((Side, bool), (Side, bool)) {
    let side = |v: f64, default: Side| match v.total_cmp(&baseline) {
        std::cmp::Ordering::Less => Side::Left,
        std::cmp::Ordering::Greater => Side::Right,
        std::cmp::Ordering::Equal => default,
    };
    let (sl, sh) = (side(low, Side::Left), side(high, Side::Right));
    if sl != sh {
        return ((sl, false), (sh, false));
    }
    let low_nearer = (low - baseline).abs() < (high - baseline).abs();
    ((sl, low_nearer), (sh, !low_nearer))
}

impl Figure for Tornado {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let (low_colour, high_colour) = (palette(5), palette(4));
        // Opaque tints rather than translucency: where both segments lie on one
        // side of the baseline, the shorter must keep its own colour on top.
        let tint = |c: RGBColor| {
            let [r, g, b] = style::blend([255, 255, 255], [c.0, c.1, c.2], 0.75);
            RGBColor(r, g, b)
        };
        let order = tornado_order(&self.bars);
        let subtitle = if self.baseline.is_finite() {
            format!(
                "Bars run from the baseline ({}) to the response at each factor's low (blue) and high (orange) \
                 level; widest swing on top",
                format_value(self.baseline)
            )
        } else {
            String::new()
        };
        let area = frame(root, &self.title, &subtitle)?;
        if !self.baseline.is_finite() {
            return no_data(&area, "The baseline response is not a number");
        }
        if order.is_empty() {
            return no_data(&area, "No factors to plot");
        }
        let bars: Vec<&TornadoBar> = order.iter().map(|&i| &self.bars[i]).collect();
        let end_text = |label: &str, v: f64| {
            if label.is_empty() { format_value(v) } else { format!("{label} ({})", format_value(v)) }
        };
        let measure = |s: &str| text_width(root, s, 14);
        // The widest label outside a left end and a right end: the x range must
        // leave that much room beyond the data.
        let (mut left_px, mut right_px) = (0u32, 0u32);
        for b in &bars {
            let ((sl, il), (sh, ih)) = end_sides(self.baseline, b.low, b.high);
            for (side, inside, text) in
                [(sl, il, end_text(&b.low_label, b.low)), (sh, ih, end_text(&b.high_label, b.high))]
            {
                if !inside {
                    let room = measure(&text) + 10;
                    match side {
                        Side::Left => left_px = left_px.max(room),
                        Side::Right => right_px = right_px.max(room),
                    }
                }
            }
        }
        let (w, h) = area.dim_in_pixel();
        let factor_room = bars.iter().map(|b| text_width(root, &b.factor, 16)).max().unwrap_or(0).clamp(60, w / 4);
        let y_area = factor_room + 20;
        let plot_w = f64::from(w.saturating_sub(y_area + 2 * 16 + 24).max(100));
        let (lo, hi) = extent(bars.iter().flat_map(|b| [b.low, b.high]).chain([self.baseline])).unwrap_or((0.0, 1.0));
        let (lo, hi) = if hi > lo { (lo, hi) } else { padded_range(lo, hi, 0.0) };
        // Solve for the range whose outer share of pixels holds the labels.
        let share = (f64::from(left_px + right_px) / plot_w).min(0.6);
        let total = (hi - lo) / (1.0 - share);
        let x0 = lo - total * (f64::from(left_px) / plot_w + 0.02);
        let x1 = hi + total * (f64::from(right_px) / plot_w + 0.02);
        let n = bars.len();
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .margin_right(24)
            .x_label_area_size(56)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x0..x1, 0.0..n as f64)
            .map_err(fail)?;
        let x_format = NumberFormat::for_axis(x0, x1, 10);
        house_mesh(
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(0)
                .x_labels(10)
                .x_desc(self.response_label.as_str())
                .x_label_formatter(&|v| x_format.format(*v)),
            16,
        )
        .draw()
        .map_err(fail)?;
        // Bars at most 44 pixels thick, however few factors there are.
        let slot_px = f64::from(h.saturating_sub(120)) / n as f64;
        let half = 0.32_f64.min(22.0 / slot_px.max(1.0));
        let plot_left = chart.plotting_area().get_pixel_range().0.start;
        let factor_style = font(16, &style::INK).pos(Pos::new(HPos::Right, VPos::Center));
        let end_style = |side: Side| {
            let h = if side == Side::Left { HPos::Right } else { HPos::Left };
            font(14, &style::INK).pos(Pos::new(h, VPos::Center))
        };
        let base = self.baseline;
        for (rank, b) in bars.iter().enumerate() {
            let y = (n - rank) as f64 - 0.5;
            // The longer segment first, so that a shorter one on the same side stays visible.
            let mut segments = [(b.low, low_colour), (b.high, high_colour)];
            segments.sort_by(|a, c| (c.0 - base).abs().total_cmp(&(a.0 - base).abs()));
            for (v, colour) in segments {
                chart
                    .draw_series([
                        Rectangle::new([(base, y - half), (v, y + half)], tint(colour).filled()),
                        Rectangle::new([(base, y - half), (v, y + half)], colour.stroke_width(1)),
                    ])
                    .map_err(fail)?;
            }
            let ((sl, _), (sh, _)) = end_sides(base, b.low, b.high);
            for (v, side, text) in
                [(b.low, sl, end_text(&b.low_label, b.low)), (b.high, sh, end_text(&b.high_label, b.high))]
            {
                let (px, py) = chart.backend_coord(&(v, y));
                let dx = if side == Side::Left { -6 } else { 6 };
                text_at(root, &text, (px + dx, py), &end_style(side))?;
            }
            let (_, py) = chart.backend_coord(&(x0, y));
            let lines = wrap(&b.factor, factor_room, &|s: &str| text_width(root, s, 16));
            let first = py - (lines.len() as i32 - 1) * line_height(16) / 2;
            for (k, line) in lines.iter().enumerate() {
                text_at(root, line, (plot_left - 10, first + k as i32 * line_height(16)), &factor_style)?;
            }
        }
        chart
            .draw_series(std::iter::once(PathElement::new([(base, 0.0), (base, n as f64)], style::INK.stroke_width(2))))
            .map_err(fail)?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Main effects
// ---------------------------------------------------------------------------

/// One factor's main effect: the mean response at each of its levels,
/// averaged over the rest of the design.
#[derive(Debug, Clone, PartialEq)]
pub struct MainEffect {
    /// The factor's name, the panel's title.
    pub factor: String,
    /// Levels in their natural order as (name, mean response, half-width of
    /// the 95 % confidence interval).
    pub levels: Vec<(String, f64, f64)>,
}

/// Main-effects plots: one small panel per factor in a grid, mean response
/// per level with error bars, on one shared response axis so that the
/// steepness of panels compares directly.
#[derive(Debug, Clone, PartialEq)]
pub struct MainEffects {
    /// The figure's title.
    pub title: String,
    /// What the response is, with its unit.
    pub response_label: String,
    /// The factors, one panel each, left to right and top to bottom.
    pub factors: Vec<MainEffect>,
}

/// Columns and rows of a grid of `k` panels on a landscape figure: one row up
/// to four panels, then rows of three to six.
fn grid_shape(k: usize) -> (usize, usize) {
    let rows = ((k as f64 / 1.7).sqrt().round() as usize).max(1);
    (k.div_ceil(rows).max(1), rows)
}

/// A factor level: (name, mean response, half-width of the 95 % interval).
type Level = (String, f64, f64);

/// A factor's levels without non-finite means; a non-finite or negative
/// half-width becomes its magnitude, or zero (no error bar).
fn clean_levels(levels: &[Level]) -> Vec<Level> {
    levels
        .iter()
        .filter(|l| l.1.is_finite())
        .map(|(name, m, hw)| (name.clone(), *m, if hw.is_finite() { hw.abs() } else { 0.0 }))
        .collect()
}

impl Figure for MainEffects {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let factors: Vec<(&str, Vec<Level>)> =
            self.factors.iter().map(|f| (f.factor.as_str(), clean_levels(&f.levels))).collect();
        let area = frame(
            root,
            &self.title,
            "Mean response per level with 95 % confidence interval; dashed: average over the factor's levels; \
             one response axis for all panels",
        )?;
        let Some((lo, hi)) = extent(factors.iter().flat_map(|(_, ls)| ls.iter().flat_map(|l| [l.1 - l.2, l.1 + l.2])))
        else {
            return no_data(&area, "No factors to plot");
        };
        let (y0, y1) = padded_range(lo, hi, 0.08);
        let y_format = NumberFormat::for_axis(y0, y1, 8);
        let (cols, rows) = grid_shape(factors.len());
        let panels = area.split_evenly((rows, cols));
        let (pw, ph) = panels[0].dim_in_pixel();
        let measure = |s: &str| text_width(root, s, 14);
        // One label height for every panel, so that rows of panels line up.
        let y_area = 80u32;
        let most_levels = factors.iter().map(|(_, l)| l.len()).max().unwrap_or(1).max(1);
        let slot = (pw.saturating_sub(y_area + 30) / most_levels as u32).max(1);
        let all_labels: Vec<String> = factors.iter().flat_map(|(_, ls)| ls.iter().map(|l| l.0.clone())).collect();
        let label_height = CategoryLabels::layout(&all_labels, slot, (ph as f64 * 0.3) as u32, 14, &measure).height;
        let colour = palette(0);
        for (panel, (name, levels)) in panels.iter().zip(&factors) {
            let caption_room = panel.dim_in_pixel().0.saturating_sub(40);
            let caption = truncate(name, caption_room, &|s: &str| text_width(root, s, 18));
            if levels.is_empty() {
                let inner = panel.titled(&caption, font(18, &style::INK)).map_err(fail)?;
                no_data(&inner, "No levels")?;
                continue;
            }
            let m = levels.len();
            let slot = (pw.saturating_sub(y_area + 30) / m as u32).max(1);
            let names: Vec<String> = levels.iter().map(|l| l.0.clone()).collect();
            let layout = CategoryLabels::layout(&names, slot, label_height, 14, &measure);
            let mut chart = ChartBuilder::on(panel)
                .caption(caption, font(18, &style::INK))
                .margin(12)
                .margin_right(18)
                .x_label_area_size(label_height)
                .y_label_area_size(y_area)
                .build_cartesian_2d(-0.5..m as f64 - 0.5, y0..y1)
                .map_err(fail)?;
            house_mesh(
                chart
                    .configure_mesh()
                    .disable_x_mesh()
                    .x_labels(0)
                    .y_labels(8)
                    .y_desc(self.response_label.as_str())
                    .y_label_formatter(&|v| y_format.format(*v)),
                14,
            )
            .draw()
            .map_err(fail)?;
            let average = levels.iter().map(|l| l.1).sum::<f64>() / m as f64;
            chart
                .draw_series(DashedLineSeries::new(
                    [(-0.5, average), (m as f64 - 0.5, average)],
                    6,
                    5,
                    REFERENCE.stroke_width(1),
                ))
                .map_err(fail)?;
            let points = levels.iter().enumerate().map(|(i, l)| (i as f64, l.1));
            chart.draw_series(LineSeries::new(points.clone(), colour.stroke_width(2))).map_err(fail)?;
            let cap = 0.08_f64.min(12.0 / f64::from(slot));
            for (i, (_, mean, hw)) in levels.iter().enumerate() {
                if *hw > 0.0 {
                    let x = i as f64;
                    let bar = ShapeStyle::from(&style::INK).stroke_width(1);
                    chart
                        .draw_series([
                            PathElement::new([(x, mean - hw), (x, mean + hw)], bar),
                            PathElement::new([(x - cap, mean - hw), (x + cap, mean - hw)], bar),
                            PathElement::new([(x - cap, mean + hw), (x + cap, mean + hw)], bar),
                        ])
                        .map_err(fail)?;
                }
            }
            chart.draw_series(points.map(|p| Circle::new(p, 5, colour.filled()))).map_err(fail)?;
            let bottom = chart.plotting_area().get_pixel_range().1.end;
            for i in 0..m {
                layout.draw(root, i, chart.backend_coord(&(i as f64, y0)).0, bottom)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::{register_fonts, render_png_and_svg};

    /// Width by character count, so that layout tests do not depend on a font.
    fn chars10(s: &str) -> u32 {
        s.chars().count() as u32 * 10
    }

    /// A white page: the reference for "not blank".
    struct Blank;

    impl Figure for Blank {
        fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
            root.fill(&WHITE).map_err(fail)
        }
    }

    /// Width and height from a PNG's IHDR chunk.
    fn png_size(bytes: &[u8]) -> (u32, u32) {
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
        assert_eq!(&bytes[12..16], b"IHDR");
        let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
        (be(16), be(20))
    }

    /// The figure's pixels, drawn in memory.
    fn raster(figure: &impl Figure, size: (u32, u32)) -> Vec<u8> {
        register_fonts();
        let mut buffer = vec![0u8; (size.0 * size.1 * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut buffer, size).into_drawing_area();
            figure.draw(&root).unwrap();
            root.present().unwrap();
        }
        buffer
    }

    /// Share of pixels that are not white.
    fn inked(pixels: &[u8]) -> f64 {
        let n = pixels.chunks(3).filter(|p| p != &[255, 255, 255]).count();
        n as f64 / (pixels.len() / 3) as f64
    }

    /// Whether some pixel is exactly `colour`, or the colour mixed with white
    /// at `alpha`, within rounding.
    fn has_colour(pixels: &[u8], colour: RGBColor, alpha: f64) -> bool {
        let want = [colour.0, colour.1, colour.2].map(|c| 255.0 * (1.0 - alpha) + f64::from(c) * alpha);
        pixels.chunks(3).any(|p| p.iter().zip(want).all(|(&v, w)| (f64::from(v) - w).abs() <= 2.0))
    }

    /// Renders `figure` as PNG and SVG in a temporary directory, checks both
    /// files, the PNG's size and ink, and that the SVG holds every needle;
    /// returns the pixels.
    fn render(figure: &impl Figure, size: (u32, u32), stem: &str, needles: &[&str]) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        render_png_and_svg(dir.path(), stem, size, figure).unwrap_or_else(|e| panic!("{e}"));
        render_png_and_svg(dir.path(), "blank", size, &Blank).unwrap();
        let png = std::fs::read(dir.path().join(format!("{stem}.png"))).unwrap();
        assert_eq!(png_size(&png), size);
        let blank = std::fs::metadata(dir.path().join("blank.png")).unwrap().len();
        assert!(png.len() as u64 > blank + blank / 10, "{stem}.png is no bigger than a blank page");
        let svg = std::fs::read_to_string(dir.path().join(format!("{stem}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"), "{stem}.svg");
        for needle in needles {
            assert!(svg.contains(needle), "{stem}.svg lacks {needle:?}");
        }
        let pixels = raster(figure, size);
        assert!(inked(&pixels) > 0.002, "{stem} is blank");
        pixels
    }

    fn histogram() -> Histogram {
        let counts = [1, 3, 7, 14, 22, 30, 26, 19, 11, 6, 3, 1];
        Histogram {
            title: "Leakers per replication".into(),
            x_label: "threats that hit their targets".into(),
            bins: counts.iter().enumerate().map(|(i, &n)| (40.0 + 2.5 * i as f64, 42.5 + 2.5 * i as f64, n)).collect(),
            mean: Some(53.7),
            ci95: Some((53.1, 54.3)),
        }
    }

    fn group(label: &str, centre: f64, spread: f64) -> BoxGroup {
        BoxGroup {
            label: label.into(),
            p5: centre - 2.0 * spread,
            q1: centre - 0.7 * spread,
            median: centre,
            q3: centre + 0.8 * spread,
            p95: centre + 2.3 * spread,
            mean: centre + 0.2 * spread,
            n: 30,
        }
    }

    fn box_plots(n: usize, long: bool) -> BoxPlots {
        let names = ["baseline", "no_us_enablers", "coalition+iris_t", "belarus_axis", "winter_surge"];
        BoxPlots {
            title: "Share of threats destroyed by scenario".into(),
            y_label: "destroyed (%)".into(),
            groups: (0..n)
                .map(|i| {
                    let name = names[i % names.len()];
                    let label = if long {
                        format!("design point {i}: patriot={}, samp_t={}, {name}", 2 + i % 4, 1 + i % 3)
                    } else {
                        name.to_string()
                    };
                    group(&label, 60.0 + 8.0 * ((i * 7) % 5) as f64, 4.0 + (i % 3) as f64)
                })
                .collect(),
        }
    }

    fn band(label: &str, days: usize, level: f64, trend: f64) -> BandSeries {
        BandSeries {
            label: label.into(),
            points: (1..=days)
                .map(|d| {
                    let m = level + trend * d as f64 + 6.0 * (d as f64 / 4.0).sin();
                    let hw = 3.0 + 0.15 * d as f64;
                    (d as f64, m, m - hw, m + hw)
                })
                .collect(),
        }
    }

    fn time_series() -> TimeSeriesBands {
        TimeSeriesBands {
            title: "Threats launched per day".into(),
            x_label: "day".into(),
            y_label: "threats".into(),
            series: vec![
                band("baseline", 30, 60.0, 0.5),
                band("no US enablers", 30, 75.0, 0.8),
                band("coalition reinforced with a long name that wraps", 30, 40.0, 0.2),
            ],
        }
    }

    fn tornado() -> Tornado {
        let bar = |factor: &str, low_label: &str, high_label: &str, low: f64, high: f64| TornadoBar {
            factor: factor.into(),
            low_label: low_label.into(),
            high_label: high_label.into(),
            low,
            high,
        };
        Tornado {
            title: "Sensitivity of leakers to each factor".into(),
            response_label: "leakers over 30 days".into(),
            baseline: 420.0,
            bars: vec![
                bar("Patriot batteries", "2", "8", 610.0, 300.0),
                bar("Detection probability", "0.6", "0.95", 520.0, 380.0),
                bar("Drone launch rate", "50/day", "150/day", 320.0, 650.0),
                bar("Interceptor stock", "low", "high", 455.0, 410.0),
                bar("EW effectiveness", "off", "strong", 430.0, 470.0),
            ],
        }
    }

    fn main_effects(k: usize) -> MainEffects {
        let names = ["patriot", "samp_t", "iris_t", "gepard", "ew", "detection_pd", "launch_rate"];
        MainEffects {
            title: "Main effects on leakers".into(),
            response_label: "leakers".into(),
            factors: (0..k)
                .map(|i| MainEffect {
                    factor: names[i % names.len()].into(),
                    levels: (0..3)
                        .map(|l| (format!("level {l}"), 400.0 - (i as f64 + 1.0) * 15.0 * l as f64, 12.0 + l as f64))
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_palette_has_eight_distinct_colours_and_cycles() {
        for (i, a) in PALETTE.iter().enumerate() {
            for b in &PALETTE[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(palette(8), palette(0));
        assert_eq!(palette(11), PALETTE[3]);
    }

    #[test]
    fn ranges_are_padded_and_never_empty() {
        assert_eq!(padded_range(10.0, 20.0, 0.1), (9.0, 21.0));
        assert_eq!(padded_range(20.0, 10.0, 0.1), (9.0, 21.0));
        assert_eq!(padded_range(5.0, 5.0, 0.1), (4.5, 5.5));
        assert_eq!(padded_range(0.0, 0.0, 0.1), (-1.0, 1.0));
        assert_eq!(padded_range(-3.0, -3.0, 0.0), (-3.3, -2.7));
        assert_eq!(padded_range(0.0, 2.0, 0.05), (-0.1, 2.1));
        assert_eq!(padded_range(f64::NAN, 1.0, 0.1), (0.0, 1.0));
        assert_eq!(padded_range(0.0, f64::INFINITY, 0.1), (0.0, 1.0));
    }

    #[test]
    fn axis_numbers_have_just_the_decimals_the_step_needs() {
        let f = NumberFormat::for_axis(0.0, 1.0, 10);
        assert_eq!(f.format(0.1 + 0.2), "0.3");
        assert_eq!(f.format(1.0), "1.0");
        assert_eq!(f.format(-1e-17), "0.0");
        let f = NumberFormat::for_axis(0.0, 50.0, 10);
        assert_eq!(f.format(35.000000001), "35");
        let f = NumberFormat::for_axis(0.0, 50_000.0, 10);
        assert_eq!(f.format(15_000.0), "15,000");
        assert_eq!(f.format(-25_000.0), "-25,000");
        let f = NumberFormat::for_axis(0.0, 3e6, 10);
        assert_eq!(f.format(2_500_000.0), "2.5M");
        let f = NumberFormat::for_axis(0.0, 4e9, 10);
        assert_eq!(f.format(1.5e9), "1.5B");
        let f = NumberFormat::for_axis(0.0, 2e-5, 10);
        assert_eq!(f.format(1.2e-5), "1.2e-5");
        assert_eq!(f.format(0.0), "0");
        assert_eq!(NumberFormat::for_axis(-1.0, 1.0, 10).format(-0.0000001), "0.0");
    }

    #[test]
    fn tick_labels_are_short_and_distinct_at_every_magnitude() {
        let ranges = [
            (0.0, 1.0),
            (0.0, 7.0),
            (-3.3, 2.7),
            (9.5, 10.5),
            (0.98, 1.02),
            (40.0, 72.5),
            (0.0, 1234.0),
            (11_900.0, 12_100.0),
            (0.0, 3.7e6),
            (1e9, 1.001e9),
            (0.0, 2.5e-4),
            (1e-6, 3e-6),
        ];
        for (lo, hi) in ranges {
            let ticks = RangedCoordf64::from(lo..hi).key_points(10);
            let f = NumberFormat::for_axis(lo, hi, 10);
            let labels: Vec<String> = ticks.iter().map(|&t| f.format(t)).collect();
            for (i, a) in labels.iter().enumerate() {
                assert!(a.len() <= 9, "{a} on {lo}..{hi}");
                assert!(!labels[i + 1..].contains(a), "{labels:?} on {lo}..{hi}");
                assert!(!a.contains("00000"), "{a} on {lo}..{hi}");
            }
        }
    }

    #[test]
    fn values_are_quoted_to_three_significant_digits() {
        assert_eq!(format_value(12.3456), "12.3");
        assert_eq!(format_value(0.04567), "0.0457");
        assert_eq!(format_value(12_345.6), "12,346");
        assert_eq!(format_value(1_234_567.0), "1.23M");
        assert_eq!(format_value(-420.0), "-420");
        assert_eq!(format_value(0.000_123_45), "1.23e-4");
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_value(5.0), "5");
        assert_eq!(format_value(2.5), "2.5");
        assert_eq!(format_value(1_200_000.0), "1.2M");
        assert_eq!(format_value(0.0002), "2e-4");
        assert_eq!(format_value(f64::NAN), "–");
    }

    #[test]
    fn labels_wrap_at_spaces_and_separators_and_break_only_overlong_words() {
        assert_eq!(wrap("two words here", 90, &chars10), ["two words", "here"]);
        assert_eq!(wrap("baseline_no_us_enablers", 100, &chars10), ["baseline_", "no_us_", "enablers"]);
        assert_eq!(wrap("patriot=4, samp_t=2", 100, &chars10), ["patriot=4,", "samp_t=2"]);
        assert_eq!(wrap("abcdefghijklmnop", 50, &chars10), ["abcde", "fghij", "klmno", "p"]);
        assert_eq!(wrap("", 50, &chars10), Vec::<String>::new());
        assert_eq!(truncate("short", 100, &chars10), "short");
        assert_eq!(truncate("a rather long label", 100, &chars10), "a rather…");
    }

    #[test]
    fn category_labels_wrap_when_they_can_and_rotate_when_they_must() {
        let short: Vec<String> = ["baseline", "no_us_enablers", "winter surge"].map(String::from).to_vec();
        let l = CategoryLabels::layout(&short, 120, 300, 15, &chars10);
        assert!(!l.rotated);
        assert!(l.lines.iter().all(|lines| lines.len() <= MAX_LABEL_LINES));
        let long: Vec<String> =
            (0..20).map(|i| format!("design point {i}: patriot=4, samp_t=2, iris_t=3, ew=strong")).collect();
        let l = CategoryLabels::layout(&long, 60, 250, 15, &chars10);
        assert!(l.rotated);
        assert!(l.height <= 250);
        // Two rotated lines of 20 pixels fit side by side in a 60-pixel slot.
        assert!(l.lines.iter().all(|lines| lines.len() <= 2 && lines.iter().all(|s| chars10(s) + 14 <= l.height)));
    }

    #[test]
    fn tornado_bars_are_ordered_by_swing_largest_first() {
        let bar = |low: f64, high: f64| TornadoBar {
            factor: String::new(),
            low_label: String::new(),
            high_label: String::new(),
            low,
            high,
        };
        let bars = [bar(1.0, 3.0), bar(10.0, 5.0), bar(f64::NAN, 1.0), bar(0.0, 5.0), bar(2.0, 2.0)];
        assert_eq!(tornado_order(&bars), [1, 3, 0, 4]);
        let t = tornado();
        let names: Vec<&str> = tornado_order(&t.bars).iter().map(|&i| t.bars[i].factor.as_str()).collect();
        assert_eq!(names[0], "Drone launch rate");
        assert_eq!(names[4], "EW effectiveness");
    }

    #[test]
    fn tornado_end_labels_go_away_from_the_baseline() {
        assert_eq!(end_sides(10.0, 5.0, 15.0), ((Side::Left, false), (Side::Right, false)));
        assert_eq!(end_sides(10.0, 15.0, 5.0), ((Side::Right, false), (Side::Left, false)));
        assert_eq!(end_sides(10.0, 10.0, 10.0), ((Side::Left, false), (Side::Right, false)));
        // Both above the baseline: the nearer end's label goes inside the longer bar.
        assert_eq!(end_sides(10.0, 12.0, 20.0), ((Side::Right, true), (Side::Right, false)));
        assert_eq!(end_sides(10.0, 2.0, 8.0), ((Side::Left, false), (Side::Left, true)));
    }

    #[test]
    fn panels_form_a_landscape_grid() {
        assert_eq!(grid_shape(0), (1, 1));
        assert_eq!(grid_shape(1), (1, 1));
        assert_eq!(grid_shape(3), (3, 1));
        assert_eq!(grid_shape(4), (2, 2));
        assert_eq!(grid_shape(5), (3, 2));
        assert_eq!(grid_shape(8), (4, 2));
        assert_eq!(grid_shape(12), (4, 3));
        for k in 1..40 {
            let (c, r) = grid_shape(k);
            assert!(c * r >= k && c * (r - 1) < k, "{k}: {c}x{r}");
        }
    }

    #[test]
    fn statistics_are_cleaned_of_non_finite_values() {
        let mut g = group("g", 10.0, 1.0);
        (g.q1, g.median) = (g.median, g.q1);
        assert_eq!(quantiles(&g), Some([8.0, 9.3, 10.0, 10.8, 12.3]));
        g.p95 = f64::NAN;
        assert_eq!(quantiles(&g), None);
        let points = clean_points(&[(2.0, 5.0, 4.0, 6.0), (1.0, 3.0, f64::NAN, 4.0), (f64::NAN, 1.0, 0.0, 2.0)]);
        assert_eq!(points, [(1.0, 3.0, 3.0, 4.0), (2.0, 5.0, 4.0, 6.0)]);
        let levels = clean_levels(&[("a".into(), 1.0, -0.5), ("b".into(), f64::NAN, 1.0), ("c".into(), 2.0, f64::NAN)]);
        assert_eq!(levels, [("a".to_string(), 1.0, 0.5), ("c".to_string(), 2.0, 0.0)]);
    }

    #[test]
    fn a_histogram_shows_bars_the_mean_and_its_interval() {
        let pixels = render(
            &histogram(),
            HISTOGRAM_SIZE,
            "histogram",
            &["Leakers per replication", "threats that hit their targets", "replications", "mean: 53.7"],
        );
        assert!(has_colour(&pixels, palette(0), 0.8), "no bars");
        assert!(has_colour(&pixels, palette(1), 1.0), "no mean line");
    }

    #[test]
    fn box_plots_compare_groups() {
        let pixels = render(
            &box_plots(5, false),
            BOX_PLOTS_SIZE,
            "boxes",
            &["Share of threats destroyed by scenario", "destroyed (%)", "baseline", "belarus_axis", "n=30"],
        );
        assert!(has_colour(&pixels, palette(0), 0.25), "no boxes");
        assert!(has_colour(&pixels, palette(1), 1.0), "no mean markers");
        render(&box_plots(20, true), BOX_PLOTS_SIZE, "boxes_many", &["design point 19"]);
    }

    #[test]
    fn time_series_draw_lines_in_bands_with_a_legend() {
        let pixels = render(
            &time_series(),
            TIME_SERIES_SIZE,
            "series",
            &["Threats launched per day", "day", "threats", "baseline", "no US enablers"],
        );
        for i in 0..3 {
            assert!(has_colour(&pixels, palette(i), 1.0), "no line {i}");
        }
    }

    #[test]
    fn a_tornado_shows_factors_and_levels() {
        render(
            &tornado(),
            TORNADO_SIZE,
            "tornado",
            &["Sensitivity of leakers", "leakers over 30 days", "Patriot batteries", "50/day (320)", "strong (470)"],
        );
    }

    #[test]
    fn main_effects_get_a_panel_per_factor() {
        for k in [1, 4, 7] {
            let figure = main_effects(k);
            let names: Vec<&str> = figure.factors.iter().map(|f| f.factor.as_str()).collect();
            let mut needles = vec!["Main effects on leakers", "leakers", "level 2"];
            needles.extend(names);
            render(&figure, MAIN_EFFECTS_SIZE, &format!("main_effects_{k}"), &needles);
        }
    }

    #[test]
    fn empty_inputs_draw_a_note() {
        let h = Histogram { bins: vec![], mean: None, ci95: None, ..histogram() };
        render(&h, HISTOGRAM_SIZE, "h", &["No replications"]);
        let b = BoxPlots { groups: vec![], ..box_plots(1, false) };
        render(&b, BOX_PLOTS_SIZE, "b", &["No groups"]);
        let s = TimeSeriesBands { series: vec![], ..time_series() };
        render(&s, TIME_SERIES_SIZE, "s", &["No time series"]);
        let s = TimeSeriesBands { series: vec![BandSeries { label: "empty".into(), points: vec![] }], ..time_series() };
        render(&s, TIME_SERIES_SIZE, "s2", &["No time series"]);
        let t = Tornado { bars: vec![], ..tornado() };
        render(&t, TORNADO_SIZE, "t", &["No factors"]);
        let t = Tornado { baseline: f64::NAN, ..tornado() };
        render(&t, TORNADO_SIZE, "t2", &["not a number"]);
        let m = MainEffects { factors: vec![], ..main_effects(1) };
        render(&m, MAIN_EFFECTS_SIZE, "m", &["No factors"]);
        let mut m = main_effects(2);
        m.factors[1].levels.clear();
        render(&m, MAIN_EFFECTS_SIZE, "m2", &["No levels", "samp_t"]);
    }

    #[test]
    fn single_and_equal_values_get_a_usable_axis() {
        let h = Histogram { bins: vec![(7.0, 7.0, 40)], mean: Some(7.0), ci95: Some((7.0, 7.0)), ..histogram() };
        let pixels = render(&h, HISTOGRAM_SIZE, "h", &["mean: 7", "in one bin"]);
        assert!(has_colour(&pixels, palette(0), 0.8), "a zero-width bin is still drawn");
        let one = BoxPlots { groups: vec![group("alone", 5.0, 0.0)], ..box_plots(1, false) };
        render(&one, BOX_PLOTS_SIZE, "b", &["alone"]);
        let flat = TimeSeriesBands {
            series: vec![
                BandSeries { label: "one point".into(), points: vec![(3.0, 10.0, 8.0, 12.0)] },
                BandSeries { label: "flat".into(), points: (0..10).map(|d| (d as f64, 0.0, 0.0, 0.0)).collect() },
            ],
            ..time_series()
        };
        render(&flat, TIME_SERIES_SIZE, "s", &["one point", "flat"]);
        let t = Tornado { bars: vec![tornado().bars[0].clone()], baseline: 610.0, ..tornado() };
        render(&t, TORNADO_SIZE, "t", &["Patriot batteries"]);
        let t = Tornado {
            bars: vec![TornadoBar { low: 5.0, high: 5.0, ..tornado().bars[1].clone() }],
            baseline: 5.0,
            ..tornado()
        };
        render(&t, TORNADO_SIZE, "t2", &["Detection probability"]);
        let m = MainEffects {
            factors: vec![MainEffect { factor: "only".into(), levels: vec![("just one".into(), 3.0, 0.0)] }],
            ..main_effects(1)
        };
        render(&m, MAIN_EFFECTS_SIZE, "m", &["only", "just one"]);
    }

    #[test]
    fn non_finite_values_are_left_out() {
        let mut h = histogram();
        h.bins.push((f64::NAN, 1.0, 5));
        h.mean = Some(f64::INFINITY);
        render(&h, HISTOGRAM_SIZE, "h", &["Leakers"]);
        let mut b = box_plots(3, false);
        b.groups[1].median = f64::NAN;
        b.groups[2].mean = f64::NAN;
        render(&b, BOX_PLOTS_SIZE, "b", &["left out"]);
        let mut s = time_series();
        s.series[0].points[3].1 = f64::NAN;
        s.series[1].points[5].3 = f64::INFINITY;
        render(&s, TIME_SERIES_SIZE, "s", &["baseline"]);
        let mut t = tornado();
        t.bars[2].high = f64::NAN;
        render(&t, TORNADO_SIZE, "t", &["Patriot batteries"]);
        let mut m = main_effects(2);
        m.factors[0].levels[1].1 = f64::NAN;
        m.factors[1].levels[0].2 = f64::NAN;
        render(&m, MAIN_EFFECTS_SIZE, "m", &["patriot"]);
    }
}
