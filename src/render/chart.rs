//! Hand-written SVG charts: a few hundred lines of text, deterministic (the
//! same model gives the same bytes), self-contained (no fonts, scripts or
//! links), readable by tests.
//!
//! The drawings scale to the width they are given (`viewBox`, `width="100%"`)
//! and are laid out for a phone first: one column of panels sharing the users
//! axis, text large enough to read at 375 pixels wide. No two labels may
//! overlap: labels are placed from an estimate of their width (see
//! [`text_width`]) and the tests check every box of a rendered chart.

use crate::analysis::chart::{CostChart, CostSeries, Scale, UtilChart};
use crate::money::Money;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

mod labels;
mod text;

use labels::fill;
pub use labels::Labels;
use text::{esc, f, paragraph, place_labels, text, text_width, wrap, Anchor};

const PALETTE: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
];

/// Width of the drawing in its own units; it is scaled to the page.
const W: f64 = 480.0;
/// The widest the drawing is shown, in CSS pixels: past this, text would
/// only grow.
const MAX_WIDTH_PX: u32 = 640;
const ML: f64 = 64.0;
const MR: f64 = 14.0;
const FONT: f64 = 14.0;
const SMALL: f64 = 13.0;
const TITLE: f64 = 16.0;
const COST_PLOT_H: f64 = 240.0;
const POOL_PLOT_H: f64 = 120.0;
const UTIL_PLOT_H: f64 = 260.0;

/// The users axis of every panel of a chart.
#[derive(Debug, Clone, Copy)]
struct XAxis {
    from: f64,
    to: f64,
    scale: Scale,
}

impl XAxis {
    fn x(&self, users: f64) -> f64 {
        let t = match self.scale {
            Scale::Log => (users.ln() - self.from.ln()) / (self.to.ln() - self.from.ln()),
            Scale::Linear => (users - self.from) / (self.to - self.from),
        };
        ML + t * (W - ML - MR)
    }
}

/// One panel's plot area and value axis.
#[derive(Debug, Clone, Copy)]
struct Plot {
    top: f64,
    height: f64,
    ymax: f64,
}

impl Plot {
    fn y(&self, v: f64) -> f64 {
        self.top + self.height * (1.0 - v / self.ymax)
    }

    fn bottom(&self) -> f64 {
        self.top + self.height
    }
}

/// A round number at or above `v`: 1, 2, 2.5 or 5 times a power of ten.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= v {
            return m * p;
        }
    }
    10.0 * p
}

/// Ticks for values up to `max`: a round step giving about `n` intervals,
/// and the first multiple of it at or above `max` as the top of the axis.
fn y_ticks(max: f64, n: f64) -> (f64, Vec<f64>) {
    // Nothing to show (a free architecture, a zero budget): a unit axis.
    let max = if max > 0.0 && max.is_finite() {
        max
    } else {
        1.0
    };
    let step = nice_ceiling(max / n);
    let top = ((max / step).ceil() * step).max(step);
    let count = (top / step).round() as usize;
    (top, (0..=count).map(|i| step * i as f64).collect())
}

/// The top of a value axis: the data, and a reference line (budget, limit)
/// when it is near enough not to squash the data (within twice its peak).
fn fit(data_max: f64, reference: f64) -> f64 {
    if reference <= 2.0 * data_max || data_max <= 0.0 {
        data_max.max(reference)
    } else {
        data_max
    }
}

/// The users axis' caption under the last panel; returns the y below it.
fn users_caption(body: &mut String, y: f64, l: &Labels) -> f64 {
    text(
        body,
        (ML + W - MR) / 2.0,
        y + FONT * 0.6,
        FONT,
        Anchor::Middle,
        "",
        &l.users,
    );
    y + FONT * 1.2
}

fn money_f64(m: Money) -> f64 {
    m.amount().to_f64().unwrap_or(0.0)
}

fn dollars(l: &Labels, v: f64) -> String {
    l.money_text(Money(
        rust_decimal::Decimal::from_f64_retain(v.round()).unwrap_or_default(),
    ))
}

/// Tick values on the users axis.
fn x_ticks(from: u64, to: u64, scale: Scale) -> Vec<u64> {
    match scale {
        Scale::Log => {
            let mut out = Vec::new();
            let mut p = 1u64;
            while p <= to {
                for m in [1, 2, 5] {
                    let v = m * p;
                    if v >= from && v <= to {
                        out.push(v);
                    }
                }
                p = p.saturating_mul(10);
            }
            out
        }
        Scale::Linear => {
            let step = nice_ceiling((to - from) as f64 / 6.0).max(1.0) as u64;
            let mut v = from.div_ceil(step) * step;
            let mut out = Vec::new();
            while v <= to {
                out.push(v);
                v += step;
            }
            out
        }
    }
}

/// The opening tag: it takes the width it is given, up to `MAX_WIDTH_PX`,
/// and keeps its proportions.
fn header(out: &mut String, class: &str, height: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" width=\"100%\" viewBox=\"0 0 {W} {}\" style=\"max-width:{MAX_WIDTH_PX}px;height:auto\" font-family=\"sans-serif\" font-size=\"{FONT}\" role=\"img\" aria-labelledby=\"{class}-title {class}-desc\">\n<title id=\"{class}-title\">{}</title>\n<desc id=\"{class}-desc\">{}</desc>\n<rect width=\"{W}\" height=\"{}\" fill=\"#ffffff\"/>\n",
        f(height),
        esc(title),
        esc(desc),
        f(height),
    );
}

/// Series names with their colour (and a dashed sample when `dashed` is
/// given), in rows from `y`; returns the y below the legend.
fn legend(out: &mut String, y: f64, names: &[String], dashed: Option<&str>) -> f64 {
    out.push_str("<g class=\"legend\">\n");
    let swatch = 18.0;
    let mut items: Vec<(String, &str, bool)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), PALETTE[i % PALETTE.len()], false))
        .collect();
    if let Some(note) = dashed {
        items.push((note.to_string(), "#555", true));
    }
    let (mut x, mut row_y) = (ML, y + FONT * 1.3);
    for (name, color, dash) in items {
        let lines = wrap(&name, FONT, false, W - ML - MR - swatch - 6.0);
        let width = swatch
            + 6.0
            + lines
                .iter()
                .map(|l| text_width(l, FONT, false))
                .fold(0.0, f64::max);
        if x > ML && x + width > W - MR {
            x = ML;
            row_y += FONT * 1.5;
        }
        let mid = row_y - FONT * 0.35;
        let dasharray = if dash {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{color}\" stroke-width=\"3\"{dasharray}/>",
            f(x),
            f(mid),
            f(x + swatch),
            f(mid)
        );
        for (k, line) in lines.iter().enumerate() {
            if k > 0 {
                row_y += FONT * 1.3;
            }
            text(out, x + swatch + 6.0, row_y, FONT, Anchor::Start, "", line);
        }
        x += width + 16.0;
        if lines.len() > 1 {
            x = W;
        }
    }
    out.push_str("</g>\n");
    row_y + FONT * 0.6
}

/// Grid, ticks and tick labels of one panel.
fn grid(
    out: &mut String,
    xa: &XAxis,
    ticks_x: &[u64],
    p: &Plot,
    ticks_y: &[f64],
    y_fmt: &dyn Fn(f64) -> String,
    l: &Labels,
) {
    let (x0, x1) = (ML, W - MR);
    out.push_str("<g class=\"grid\">\n");
    for &v in ticks_y {
        let y = p.y(v);
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e5e5e5\"/>",
            f(x0),
            f(y),
            f(x1),
            f(y)
        );
        text(
            out,
            x0 - 6.0,
            y + SMALL * 0.35,
            SMALL,
            Anchor::End,
            "",
            &y_fmt(v),
        );
    }
    for &u in ticks_x {
        let x = xa.x(u as f64);
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e5e5e5\"/>",
            f(x),
            f(p.top),
            f(x),
            f(p.bottom())
        );
        // Centred under its tick, unless that would leave the drawing.
        let label = l.users_text(u);
        let anchor = if x + text_width(&label, SMALL, false) / 2.0 > W {
            Anchor::End
        } else {
            Anchor::Middle
        };
        text(out, x, p.bottom() + SMALL * 1.5, SMALL, anchor, "", &label);
    }
    let _ = writeln!(
        out,
        "<path d=\"M{} {} V{} H{}\" stroke=\"#333\" fill=\"none\"/>",
        f(x0),
        f(p.top),
        f(p.bottom()),
        f(x1)
    );
    out.push_str("</g>\n");
}

/// The tier sizes as dashed verticals on a panel, the same on every chart.
fn tier_lines(out: &mut String, xa: &XAxis, tiers: &[u64], p: &Plot) {
    for &t in tiers {
        let x = xa.x(t as f64);
        let _ = writeln!(
            out,
            "<line class=\"tier-size\" data-users=\"{t}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#999\" stroke-dasharray=\"2 4\"/>",
            f(x),
            f(p.top),
            f(x),
            f(p.bottom())
        );
    }
}

/// Rows of tier-size labels above a panel starting at `y`; returns the y
/// below them. Both charts name the tiers through [`Labels::tier_label`].
fn tier_labels(out: &mut String, xa: &XAxis, tiers: &[u64], l: &Labels, y: f64) -> f64 {
    let items: Vec<(f64, String)> = tiers
        .iter()
        .map(|&t| (xa.x(t as f64), l.tier_label(t)))
        .collect();
    let placed = place_labels(&items, SMALL, 2.0, W - 2.0);
    let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
    for ((t, (_, label)), p) in tiers.iter().zip(&items).zip(&placed) {
        let baseline = y + (p.row as f64 + 1.0) * SMALL * 1.3;
        let _ = write!(out, "<g class=\"tier-label\" data-users=\"{t}\">");
        text(out, p.x, baseline, SMALL, p.anchor, " fill=\"#555\"", label);
        out.push_str("</g>\n");
    }
    y + rows as f64 * SMALL * 1.3 + 4.0
}

fn clip(out: &mut String, id: &str, p: &Plot) {
    let _ = writeln!(
        out,
        "<defs><clipPath id=\"{id}\"><rect x=\"{ML}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>",
        f(p.top - 2.0),
        f(W - ML - MR),
        f(p.height + 2.0)
    );
}

/// A horizontal reference line (budget, pool limit, 100 %), labelled inside
/// the plot at its left end, where costs and use are lowest, above the line
/// (below it when the line is at the top of the plot).
fn reference(
    out: &mut String,
    class: &str,
    data: &str,
    p: &Plot,
    v: f64,
    color: &str,
    label: &str,
) {
    let y = p.y(v);
    let _ = write!(
        out,
        "<g class=\"{class}\"{data}><line x1=\"{ML}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"8 4\"/>",
        f(y),
        f(W - MR),
        f(y)
    );
    let ly = if y - SMALL * 1.2 < p.top {
        y + SMALL * 1.2
    } else {
        y - 5.0
    };
    text(
        out,
        ML + 6.0,
        ly,
        SMALL,
        Anchor::Start,
        &format!(" fill=\"{color}\" font-weight=\"bold\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""),
        label,
    );
    out.push_str("</g>\n");
}

/// One polyline per stretch: solid where a tier holds the users, dashed beyond.
fn step_paths(out: &mut String, xa: &XAxis, p: &Plot, points: &[(u64, f64, bool)]) {
    for held in [true, false] {
        let mut d = String::new();
        let mut pen_down = false;
        for (j, &(u, v, h)) in points.iter().enumerate() {
            // A stretch is drawn from the previous point when either end is in it,
            // so the solid and dashed parts meet.
            let in_run = h == held || (j > 0 && points[j - 1].2 == held);
            if in_run {
                let cmd = if pen_down { 'L' } else { 'M' };
                let _ = write!(d, "{cmd}{} {} ", f(xa.x(u as f64)), f(p.y(v)));
                pen_down = true;
            } else {
                pen_down = false;
            }
        }
        if !d.is_empty() {
            let dash = if held {
                ""
            } else {
                " stroke-dasharray=\"6 4\""
            };
            let _ = writeln!(
                out,
                "<path class=\"{}\" d=\"{}\"{dash}/>",
                if held { "held" } else { "over" },
                d.trim_end()
            );
        }
    }
}

fn color_of(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// Monthly cost against users: the whole bill of every architecture against
/// the budget, then one panel per funding pool with only what that pool
/// pays against its own amount (a pool runs out where its own line crosses
/// its limit, not where the total does).
pub fn cost_svg(c: &CostChart, l: &Labels) -> String {
    let xa = XAxis {
        from: c.from as f64,
        to: c.to as f64,
        scale: c.scale,
    };
    let ticks_x = x_ticks(c.from, c.to, c.scale);
    let names: Vec<String> = c.series.iter().map(|s| s.profile.clone()).collect();
    let mut body = String::with_capacity(48 * 1024);
    let mut y = paragraph(
        &mut body,
        4.0,
        TITLE,
        " font-weight=\"bold\"",
        &l.cost_title,
    );
    let any_over = c.series.iter().any(|s| s.points.iter().any(|p| !p.held));
    y = legend(
        &mut body,
        y,
        &names,
        any_over.then_some(l.over_capacity.as_str()),
    );

    // The whole bill.
    let budget = money_f64(c.budget);
    let data_max = c
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| money_f64(p.cost)))
        .fold(0.0, f64::max);
    let (ymax, ticks_y) = y_ticks(fit(data_max, budget), 5.0);
    y = paragraph(
        &mut body,
        y + 6.0,
        FONT,
        " font-weight=\"bold\"",
        &fill(&l.total, &[&l.money_text(c.budget)]),
    );
    y = tier_labels(&mut body, &xa, &c.tiers, l, y);
    let plot = Plot {
        top: y + 4.0,
        height: COST_PLOT_H,
        ymax,
    };
    grid(
        &mut body,
        &xa,
        &ticks_x,
        &plot,
        &ticks_y,
        &|v| dollars(l, v),
        l,
    );
    clip(&mut body, "cost-plot", &plot);
    tier_lines(&mut body, &xa, &c.tiers, &plot);
    if budget <= ymax {
        reference(
            &mut body,
            "budget",
            &format!(" data-amount=\"{}\"", c.budget.amount().normalize()),
            &plot,
            budget,
            "#c00000",
            &format!("{} {}", l.budget, l.money_text(c.budget)),
        );
    }
    for (i, s) in c.series.iter().enumerate() {
        let color = color_of(i);
        let _ = writeln!(body, "<g class=\"series\" data-profile=\"{}\" stroke=\"{color}\" fill=\"none\" stroke-width=\"2\" clip-path=\"url(#cost-plot)\">", esc(&s.profile));
        let pts: Vec<(u64, f64, bool)> = s
            .points
            .iter()
            .map(|p| (p.users, money_f64(p.cost), p.held))
            .collect();
        step_paths(&mut body, &xa, &plot, &pts);
        for p in &s.changes {
            let _ = writeln!(
                body,
                "<circle class=\"tier-change\" data-users=\"{}\" cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{color}\"/>",
                p.users,
                f(xa.x(p.users as f64)),
                f(plot.y(money_f64(p.cost)))
            );
        }
        body.push_str("</g>\n");
    }
    y = plot.bottom() + SMALL * 1.5 + 8.0;

    // Each funding pool against its own amount.
    for (k, (pool, amount)) in c.pools.iter().enumerate() {
        let drawing: Vec<(usize, &CostSeries)> = c
            .series
            .iter()
            .enumerate()
            .filter(|(_, s)| s.draws_on(k))
            .collect();
        if drawing.is_empty() {
            continue;
        }
        let limit = money_f64(*amount);
        let data_max = drawing
            .iter()
            .flat_map(|(_, s)| s.points.iter().map(|p| money_f64(p.pools[k])))
            .fold(0.0, f64::max);
        let (ymax, ticks_y) = y_ticks(fit(data_max, limit), 3.0);
        let _ = writeln!(
            body,
            "<g class=\"pool\" data-pool=\"{}\" data-amount=\"{}\">",
            esc(pool),
            amount.amount().normalize()
        );
        y = paragraph(
            &mut body,
            y + 10.0,
            FONT,
            " font-weight=\"bold\"",
            &fill(&l.pool_panel, &[pool, &l.money_text(*amount)]),
        );
        let plot = Plot {
            top: y + 8.0,
            height: POOL_PLOT_H,
            ymax,
        };
        grid(
            &mut body,
            &xa,
            &ticks_x,
            &plot,
            &ticks_y,
            &|v| dollars(l, v),
            l,
        );
        let clip_id = format!("pool-plot-{k}");
        clip(&mut body, &clip_id, &plot);
        tier_lines(&mut body, &xa, &c.tiers, &plot);
        if limit <= ymax {
            reference(
                &mut body,
                "limit",
                "",
                &plot,
                limit,
                "#c00000",
                &format!("{} {}", l.limit, l.money_text(*amount)),
            );
        }
        for (i, s) in drawing {
            let _ = writeln!(body, "<g class=\"pool-series\" data-profile=\"{}\" stroke=\"{}\" fill=\"none\" stroke-width=\"2\" clip-path=\"url(#{clip_id})\">", esc(&s.profile), color_of(i));
            let pts: Vec<(u64, f64, bool)> = s
                .points
                .iter()
                .map(|p| (p.users, money_f64(p.pools[k]), p.held))
                .collect();
            step_paths(&mut body, &xa, &plot, &pts);
            body.push_str("</g>\n");
        }
        body.push_str("</g>\n");
        y = plot.bottom() + SMALL * 1.5 + 8.0;
    }
    y = users_caption(&mut body, y, l);

    let mut out = String::with_capacity(body.len() + 1024);
    header(
        &mut out,
        "cost-chart",
        y,
        &l.cost_title,
        &format!(
            "{} {}–{} ({}); {}: {}; {} {}; {}",
            l.users,
            l.users_text(c.from),
            l.users_text(c.to),
            match c.scale {
                Scale::Log => "log",
                Scale::Linear => "linear",
            },
            l.cost,
            names.join(", "),
            l.budget,
            l.money_text(c.budget),
            c.pools
                .iter()
                .map(|(n, a)| format!("{} {n} {}", l.pool, l.money_text(*a)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// Utilisation of every hard limit of the tier in use, against users.
pub fn utilisation_svg(c: &UtilChart, l: &Labels) -> String {
    let xa = XAxis {
        from: c.from as f64,
        to: c.to as f64,
        scale: c.scale,
    };
    let names: Vec<String> = c
        .series
        .iter()
        .map(|s| format!("{} {}", s.component, l.resource(s.resource)))
        .collect();
    let title = format!("{} — {}", l.util_title, c.profile);
    let mut body = String::with_capacity(32 * 1024);
    let mut y = paragraph(&mut body, 4.0, TITLE, " font-weight=\"bold\"", &title);
    y = legend(&mut body, y, &names, None);
    // Past twice the capacity the exact figure no longer matters: the axis stops at 200 %.
    let data_max = c
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1.to_f64().unwrap_or(0.0)))
        .fold(0.0, f64::max)
        .min(200.0);
    let (ymax, ticks_y) = y_ticks(data_max.max(100.0), 4.0);
    y = tier_labels(&mut body, &xa, &c.tiers, l, y + 4.0);
    let plot = Plot {
        top: y + 4.0,
        height: UTIL_PLOT_H,
        ymax,
    };
    grid(
        &mut body,
        &xa,
        &x_ticks(c.from, c.to, c.scale),
        &plot,
        &ticks_y,
        &|v| {
            l.locale
                .percent(rust_decimal::Decimal::from_f64_retain(v.round()).unwrap_or_default())
        },
        l,
    );
    clip(&mut body, "util-plot", &plot);
    tier_lines(&mut body, &xa, &c.tiers, &plot);
    reference(
        &mut body,
        "full",
        "",
        &plot,
        100.0,
        "#c00000",
        &format!("100% {}", l.full),
    );
    for (i, s) in c.series.iter().enumerate() {
        let mut d = String::new();
        for (j, &(u, pct)) in s.points.iter().enumerate() {
            let cmd = if j > 0 { 'L' } else { 'M' };
            let v = pct.to_f64().unwrap_or(0.0).min(ymax * 1.5);
            let _ = write!(d, "{cmd}{} {} ", f(xa.x(u as f64)), f(plot.y(v)));
        }
        let _ = writeln!(
            body,
            "<path class=\"series\" data-component=\"{}\" data-resource=\"{}\" d=\"{}\" stroke=\"{}\" fill=\"none\" stroke-width=\"2\" clip-path=\"url(#util-plot)\"/>",
            esc(&s.component),
            s.resource.as_str(),
            d.trim_end(),
            color_of(i)
        );
    }
    y = plot.bottom() + SMALL * 1.5 + 8.0;
    y = users_caption(&mut body, y, l);

    let mut out = String::with_capacity(body.len() + 1024);
    header(
        &mut out,
        "utilisation-chart",
        y,
        &title,
        &format!(
            "{} {}–{}; {}",
            l.users,
            l.users_text(c.from),
            l.users_text(c.to),
            names.join(", ")
        ),
    );
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests;
