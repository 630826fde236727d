//! Figures people would rather look at than read, as PNG and SVG, drawn with
//! plotters on a bundled font (DejaVu Sans, assets/fonts/) so no system font
//! configuration is needed.
//!
//! Plot code only reads results and maps; it never touches a World.

pub mod air_war;
pub mod basemap;
pub mod charts;
pub mod coverage;
pub mod deterrence;
pub mod map;
pub mod placement;
pub mod style;

use std::path::Path;
use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::FontStyle;

/// DejaVu Sans, Bitstream Vera licence (assets/fonts/LICENSE-DejaVu.txt).
const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name every figure uses.
pub const FONT: &str = "sans-serif";

/// Registers the bundled fonts with plotters, once per process.
pub fn register_fonts() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        // The bundled files are valid TrueType; a failure would be a build defect.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_REGULAR);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, FONT_BOLD);
    });
}

/// Why a figure could not be drawn or saved.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw {file}: {message}")]
pub struct PlotError {
    /// The figure's file name.
    pub file: String,
    /// What went wrong.
    pub message: String,
}

/// A figure that can be drawn on any plotters backend.
pub trait Figure {
    /// Draws the whole figure on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, plotters::coord::Shift>) -> Result<(), String>;
}

/// Draws the legend of a chart's labelled series in the house style:
/// a translucent white box with a border, at `position`, in `size` points.
pub(crate) fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    size: u32,
) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(style::BORDER)
        .label_font((FONT, size).into_font())
        .draw()
        .map_err(fail)
}

/// Turns a plotters error into text.
pub fn fail<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Renders `figure` to `<stem>.png` and `<stem>.svg` in `dir`.
pub fn render_png_and_svg(dir: &Path, stem: &str, size: (u32, u32), figure: &impl Figure) -> Result<(), PlotError> {
    register_fonts();
    let png = dir.join(format!("{stem}.png"));
    {
        let root = BitMapBackend::new(&png, size).into_drawing_area();
        figure.draw(&root).map_err(|m| PlotError { file: format!("{stem}.png"), message: m })?;
        root.present().map_err(|e| PlotError { file: format!("{stem}.png"), message: e.to_string() })?;
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        figure.draw(&root).map_err(|m| PlotError { file: format!("{stem}.svg"), message: m })?;
        root.present().map_err(|e| PlotError { file: format!("{stem}.svg"), message: e.to_string() })?;
    }
    crate::output::write_file(&dir.join(format!("{stem}.svg")), svg.as_bytes())
        .map_err(|e| PlotError { file: format!("{stem}.svg"), message: e.to_string() })
}
