//! The scaling chart: throughput against workers, one panel per pattern, one line per
//! mode, drawn with plotters' SVG backend.
//!
//! plotters is built without its `ttf` feature, so it needs no system font library: text
//! becomes SVG `<text>` elements that the viewer lays out, and plotters sizes label areas
//! with its built-in estimate of text width.

use anyhow::{Result, anyhow};
use plotters::prelude::*;

use crate::PatternResult;

/// Size of one pattern's panel, in SVG pixels.
const PANEL: (u32, u32) = (760, 300);

/// Renders the chart as an SVG document.
pub fn render(results: &[PatternResult]) -> Result<String> {
    let mut svg = String::new();
    let panels = results.len().max(1) as u32;
    {
        let root =
            SVGBackend::with_string(&mut svg, (PANEL.0, PANEL.1 * panels)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let areas = root.split_evenly((results.len().max(1), 1));
        for (area, result) in areas.iter().zip(results) {
            panel(area, result)?;
        }
        root.present().map_err(plot_error)?;
    }
    Ok(svg)
}

/// The x axis is the index into the worker counts, so 1, 2, 4 and 8 sit evenly spaced as
/// on a log2 scale.
fn panel(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    result: &PatternResult,
) -> Result<()> {
    let workers: Vec<usize> = result
        .lines
        .first()
        .map(|l| l.points.iter().map(|p| p.workers).collect())
        .unwrap_or_default();
    let top = result
        .lines
        .iter()
        .flat_map(|l| l.points.iter().filter_map(|p| p.throughput))
        .fold(0.0f64, f64::max);
    let top = if top > 0.0 { top * 1.15 } else { 1.0 };
    let last = workers.len().saturating_sub(1).max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(result.name, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(-0.25f64..last + 0.25, 0f64..top)
        .map_err(plot_error)?;
    let label = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < workers.len() {
            workers[i as usize].to_string()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .x_desc("workers (-j)")
        .y_desc("throughput, MB/s")
        .x_labels(workers.len() * 2 + 1)
        .x_label_formatter(&label)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .disable_x_mesh()
        .draw()
        .map_err(plot_error)?;
    let colors = [BLUE, RED];
    let mut drawn = false;
    for (line, color) in result.lines.iter().zip(colors) {
        let points: Vec<(f64, f64)> = line
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.throughput.map(|t| (i as f64, t)))
            .collect();
        if points.is_empty() {
            continue;
        }
        drawn = true;
        chart
            .draw_series(LineSeries::new(points, color.stroke_width(2)).point_size(4))
            .map_err(plot_error)?
            .label(line.mode)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
    }
    if drawn {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(plot_error)?;
    }
    Ok(())
}

/// plotters' errors borrow the backend's error type; keep only their message.
fn plot_error<E: std::error::Error + Send + Sync>(err: DrawingAreaErrorKind<E>) -> anyhow::Error {
    anyhow!("drawing the chart: {err}")
}
