//! Hand-written SVG charts: a few hundred lines of text, deterministic (the
//! same model gives the same bytes), self-contained (no fonts, scripts or
//! links), readable by tests.

use crate::analysis::chart::{CostChart, Scale, UtilChart};
use crate::money::Money;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

/// Words drawn on the charts, in the report's language.
#[derive(Debug, Clone)]
pub struct Labels {
    pub cost_title: String,
    pub util_title: String,
    pub users: String,
    pub cost: String,
    pub utilisation: String,
    pub budget: String,
    pub pool: String,
    pub tier: String,
    pub over_capacity: String,
    pub full: String,
    /// Resource names by id (`memory`, `cache-memory`…), for series labels.
    pub resources: std::collections::BTreeMap<String, String>,
}

impl Labels {
    pub fn english() -> Labels {
        Labels {
            cost_title: "Monthly cost against users (expected)".into(),
            util_title: "Component utilisation against users".into(),
            users: "users".into(),
            cost: "USD per month".into(),
            utilisation: "% of capacity".into(),
            budget: "budget".into(),
            pool: "pool".into(),
            tier: "{0}-user tier".into(),
            over_capacity: "dashed: no tier holds these users (largest tier, over capacity)".into(),
            full: "full".into(),
            resources: Default::default(),
        }
    }

    /// "{0} tier" with the size filled in.
    fn tier_label(&self, users: u64) -> String {
        if self.tier.contains("{0}") {
            self.tier.replace("{0}", &users.to_string())
        } else {
            format!("{users} {}", self.tier)
        }
    }

    fn resource(&self, r: crate::engine::capacity::Resource) -> String {
        self.resources
            .get(r.as_str())
            .cloned()
            .unwrap_or_else(|| crate::analysis::plan::resource_text(r).to_string())
    }
}

const PALETTE: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
];

const W: f64 = 880.0;
const H: f64 = 520.0;
const ML: f64 = 78.0;
const MR: f64 = 150.0;
const MT: f64 = 44.0;
const MB: f64 = 110.0;

struct Axes {
    from: f64,
    to: f64,
    scale: Scale,
    ymax: f64,
}

impl Axes {
    fn x(&self, users: f64) -> f64 {
        let t = match self.scale {
            Scale::Log => (users.ln() - self.from.ln()) / (self.to.ln() - self.from.ln()),
            Scale::Linear => (users - self.from) / (self.to - self.from),
        };
        ML + t * (W - ML - MR)
    }

    fn y(&self, v: f64) -> f64 {
        MT + (H - MT - MB) * (1.0 - v / self.ymax)
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

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

fn money_f64(m: Money) -> f64 {
    m.amount().to_f64().unwrap_or(0.0)
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
            let step = nice_ceiling((to - from) as f64 / 8.0).max(1.0) as u64;
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

fn header(out: &mut String, class: &str, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-labelledby=\"{class}-title {class}-desc\">\n<title id=\"{class}-title\">{}</title>\n<desc id=\"{class}-desc\">{}</desc>\n<rect width=\"{W}\" height=\"{H}\" fill=\"#ffffff\"/>\n<text x=\"{ML}\" y=\"24\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
        esc(title),
        esc(desc),
        esc(title)
    );
}

#[allow(clippy::too_many_arguments)]
fn axes(
    out: &mut String,
    a: &Axes,
    from: u64,
    to: u64,
    scale: Scale,
    y_label: &str,
    x_label: &str,
    y_fmt: &dyn Fn(f64) -> String,
) {
    let (x0, x1, y0, y1) = (ML, W - MR, a.y(0.0), a.y(a.ymax));
    let _ = writeln!(out, "<g class=\"axes\" stroke=\"#333\" fill=\"none\"><line x1=\"{x0}\" y1=\"{}\" x2=\"{x1}\" y2=\"{}\"/><line x1=\"{x0}\" y1=\"{}\" x2=\"{x0}\" y2=\"{}\"/></g>", f(y0), f(y0), f(y0), f(y1));
    for u in x_ticks(from, to, scale) {
        let x = a.x(u as f64);
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e5e5e5\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            f(x),
            f(y1),
            f(x),
            f(y0),
            f(x),
            f(y0 + 16.0),
            crate::render::quantity(u.into())
        );
    }
    for i in 0..=5 {
        let v = a.ymax * i as f64 / 5.0;
        let y = a.y(v);
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{x0}\" y1=\"{}\" x2=\"{x1}\" y2=\"{}\" stroke=\"#e5e5e5\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            f(y),
            f(y),
            f(x0 - 6.0),
            f(y + 4.0),
            esc(&y_fmt(v))
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text><text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
        f((x0 + x1) / 2.0),
        f(y0 + 36.0),
        esc(x_label),
        f((y0 + y1) / 2.0),
        esc(y_label)
    );
}

fn dollars(v: f64) -> String {
    Money(rust_decimal::Decimal::from_f64_retain(v.round()).unwrap_or_default()).display_whole()
}

/// Monthly cost against users, one series per architecture, with the budget,
/// the funding pools and the tier sizes marked.
pub fn cost_svg(c: &CostChart, l: &Labels) -> String {
    let max_cost = c
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| money_f64(p.cost)))
        .fold(money_f64(c.budget), f64::max);
    let a = Axes {
        from: c.from as f64,
        to: c.to as f64,
        scale: c.scale,
        ymax: nice_ceiling(max_cost * 1.05),
    };
    let mut out = String::with_capacity(32 * 1024);
    let names: Vec<&str> = c.series.iter().map(|s| s.profile.as_str()).collect();
    header(
        &mut out,
        "cost-chart",
        &l.cost_title,
        &format!(
            "{} {}–{} ({}); {} {}: {}",
            l.users,
            c.from,
            c.to,
            match c.scale {
                Scale::Log => "log",
                Scale::Linear => "linear",
            },
            l.budget,
            c.budget.display_whole(),
            names.join(", ")
        ),
    );
    axes(
        &mut out, &a, c.from, c.to, c.scale, &l.cost, &l.users, &dollars,
    );
    let (x0, x1) = (ML, W - MR);
    let _ = writeln!(out, "<defs><clipPath id=\"cost-plot\"><rect x=\"{x0}\" y=\"{MT}\" width=\"{}\" height=\"{}\"/></clipPath></defs>", f(x1 - x0), f(H - MT - MB));
    // Tier sizes.
    for &t in &c.tiers {
        let x = a.x(t as f64);
        let _ = writeln!(
            out,
            "<g class=\"tier-size\" data-users=\"{t}\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#999\" stroke-dasharray=\"2 4\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#666\">{}</text></g>",
            f(x),
            f(a.y(a.ymax)),
            f(x),
            f(a.y(0.0)),
            f(x),
            f(MT - 6.0),
            esc(&l.tier_label(t))
        );
    }
    // Funding pools and the budget.
    for (name, amount) in &c.pools {
        let y = a.y(money_f64(*amount));
        let _ = writeln!(
            out,
            "<g class=\"pool\" data-pool=\"{}\" data-amount=\"{}\"><line x1=\"{x0}\" y1=\"{}\" x2=\"{x1}\" y2=\"{}\" stroke=\"#888\" stroke-dasharray=\"1 3\"/><text x=\"{}\" y=\"{}\" fill=\"#555\">{} {} {}</text></g>",
            esc(name),
            amount.amount().normalize(),
            f(y),
            f(y),
            f(x1 + 6.0),
            f(y + 4.0),
            esc(&l.pool),
            esc(name),
            amount.display_whole()
        );
    }
    let yb = a.y(money_f64(c.budget));
    let _ = writeln!(
        out,
        "<g class=\"budget\" data-amount=\"{}\"><line x1=\"{x0}\" y1=\"{}\" x2=\"{x1}\" y2=\"{}\" stroke=\"#c00000\" stroke-width=\"2\" stroke-dasharray=\"8 4\"/><text x=\"{}\" y=\"{}\" fill=\"#c00000\" font-weight=\"bold\">{} {}</text></g>",
        c.budget.amount().normalize(),
        f(yb),
        f(yb),
        f(x1 + 6.0),
        f(yb + 4.0),
        esc(&l.budget),
        c.budget.display_whole()
    );
    // One series per architecture: solid where a tier holds the users, dashed beyond.
    for (i, s) in c.series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let _ = writeln!(out, "<g class=\"series\" data-profile=\"{}\" stroke=\"{color}\" fill=\"none\" stroke-width=\"2\" clip-path=\"url(#cost-plot)\">", esc(&s.profile));
        for held in [true, false] {
            let mut d = String::new();
            let mut pen_down = false;
            for (j, p) in s.points.iter().enumerate() {
                // A stretch is drawn from the previous point when either end is in it,
                // so the solid and dashed parts meet.
                let in_run = p.held == held || (j > 0 && s.points[j - 1].held == held);
                if in_run {
                    let (x, y) = (a.x(p.users as f64), a.y(money_f64(p.cost)));
                    let cmd = if pen_down { 'L' } else { 'M' };
                    let _ = write!(d, "{cmd}{} {} ", f(x), f(y));
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
        for p in &s.changes {
            let _ = writeln!(
                out,
                "<circle class=\"tier-change\" data-users=\"{}\" cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{color}\"/>",
                p.users,
                f(a.x(p.users as f64)),
                f(a.y(money_f64(p.cost)))
            );
        }
        out.push_str("</g>\n");
    }
    legend(
        &mut out,
        c.series.iter().map(|s| s.profile.as_str()),
        &l.over_capacity,
    );
    out.push_str("</svg>\n");
    out
}

fn legend<'a>(out: &mut String, names: impl Iterator<Item = &'a str>, note: &str) {
    let mut y = H - 52.0;
    let mut x = ML;
    out.push_str("<g class=\"legend\">\n");
    for (i, name) in names.enumerate() {
        let width = 38.0 + 7.0 * name.chars().count() as f64;
        if x + width > W - 10.0 && x > ML {
            x = ML;
            y += 18.0;
        }
        let color = PALETTE[i % PALETTE.len()];
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{color}\" stroke-width=\"3\"/><text x=\"{}\" y=\"{}\">{}</text>",
            f(x),
            f(y),
            f(x + 22.0),
            f(y),
            f(x + 28.0),
            f(y + 4.0),
            esc(name)
        );
        x += width;
    }
    if !note.is_empty() {
        let _ = writeln!(
            out,
            "<text x=\"{ML}\" y=\"{}\" fill=\"#666\">{}</text>",
            f(y + 20.0),
            esc(note)
        );
    }
    out.push_str("</g>\n");
}

/// Utilisation of every hard limit of the tier in use, against users.
pub fn utilisation_svg(c: &UtilChart, l: &Labels) -> String {
    let a = Axes {
        from: c.from as f64,
        to: c.to as f64,
        scale: c.scale,
        ymax: 200.0,
    };
    let mut out = String::with_capacity(32 * 1024);
    let names: Vec<String> = c
        .series
        .iter()
        .map(|s| format!("{} {}", s.component, l.resource(s.resource)))
        .collect();
    header(
        &mut out,
        "utilisation-chart",
        &format!("{} — {}", l.util_title, c.profile),
        &format!("{} {}–{}; {}", l.users, c.from, c.to, names.join(", ")),
    );
    axes(
        &mut out,
        &a,
        c.from,
        c.to,
        c.scale,
        &l.utilisation,
        &l.users,
        &|v| format!("{v:.0}%"),
    );
    let (x0, x1) = (ML, W - MR);
    let _ = writeln!(out, "<defs><clipPath id=\"util-plot\"><rect x=\"{x0}\" y=\"{MT}\" width=\"{}\" height=\"{}\"/></clipPath></defs>", f(x1 - x0), f(H - MT - MB));
    let y100 = a.y(100.0);
    let _ = writeln!(
        out,
        "<g class=\"full\"><line x1=\"{x0}\" y1=\"{}\" x2=\"{x1}\" y2=\"{}\" stroke=\"#c00000\" stroke-width=\"2\" stroke-dasharray=\"8 4\"/><text x=\"{}\" y=\"{}\" fill=\"#c00000\">100% {}</text></g>",
        f(y100),
        f(y100),
        f(x1 + 6.0),
        f(y100 + 4.0),
        esc(&l.full)
    );
    for &u in &c.changes {
        let x = a.x(u as f64);
        let _ = writeln!(
            out,
            "<g class=\"tier-change\" data-users=\"{u}\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#999\" stroke-dasharray=\"2 4\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#666\">{u}</text></g>",
            f(x),
            f(a.y(a.ymax)),
            f(x),
            f(a.y(0.0)),
            f(x),
            f(MT - 6.0)
        );
    }
    for (i, s) in c.series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let mut d = String::new();
        let mut prev: Option<u64> = None;
        for &(u, pct) in &s.points {
            let cmd = if prev.is_some() { 'L' } else { 'M' };
            let v = pct.to_f64().unwrap_or(0.0).min(a.ymax * 1.5);
            let _ = write!(d, "{cmd}{} {} ", f(a.x(u as f64)), f(a.y(v)));
            prev = Some(u);
        }
        let _ = writeln!(
            out,
            "<path class=\"series\" data-component=\"{}\" data-resource=\"{}\" d=\"{}\" stroke=\"{color}\" fill=\"none\" stroke-width=\"2\" clip-path=\"url(#util-plot)\"/>",
            esc(&s.component),
            s.resource.as_str(),
            d.trim_end()
        );
    }
    legend(&mut out, names.iter().map(String::as_str), "");
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::chart::{cost_chart, utilisation_chart};
    use crate::workspace::{Sources, Workspace};

    #[test]
    fn the_cost_chart_has_one_series_per_architecture_and_the_budget_line() {
        let ws = Workspace::load(&Sources::default()).unwrap();
        let chart = cost_chart(&ws, 10, 1000, Scale::Log).unwrap();
        let svg = cost_svg(&chart, &Labels::english());
        assert_eq!(
            svg.matches("<g class=\"series\"").count(),
            ws.profiles.len()
        );
        for p in &ws.profiles {
            assert!(
                svg.contains(&format!("data-profile=\"{}\"", p.value.name)),
                "{}",
                p.value.name
            );
        }
        assert_eq!(
            svg.matches("<g class=\"budget\" data-amount=\"1300\"")
                .count(),
            1
        );
        // The budget line sits at the height of $1,300 on the cost axis.
        let ymax = nice_ceiling(
            chart
                .series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| money_f64(p.cost)))
                .fold(1300.0, f64::max)
                * 1.05,
        );
        let y = MT + (H - MT - MB) * (1.0 - 1300.0 / ymax);
        assert!(
            svg.contains(&format!(
                "y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#c00000\"",
                W - MR
            )),
            "budget line not at y={y:.1}"
        );
        // Pools and tier sizes are marked too.
        for pool in ["aws", "azure", "cash"] {
            assert!(svg.contains(&format!("data-pool=\"{pool}\"")), "{pool}");
        }
        for t in [50, 100, 200, 500] {
            assert!(
                svg.contains(&format!("class=\"tier-size\" data-users=\"{t}\"")),
                "{t}"
            );
        }
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn the_utilisation_chart_draws_each_hard_limit() {
        let ws = Workspace::load(&Sources::default()).unwrap();
        let chart = utilisation_chart(&ws, "current", 10, 1000, Scale::Log).unwrap();
        let svg = utilisation_svg(&chart, &Labels::english());
        assert!(svg.contains("data-component=\"database\" data-resource=\"memory\""));
        assert_eq!(
            svg.matches("<path class=\"series\"").count(),
            chart.series.len()
        );
        // Tier changes of `current` (engine::capacity's transitions_of_current).
        for at in [51, 101, 201, 501] {
            assert!(chart.changes.contains(&at), "{at}: {:?}", chart.changes);
        }
    }

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(1365.0), 2000.0);
        assert_eq!(nice_ceiling(2100.0), 2500.0);
        assert_eq!(nice_ceiling(4700.0), 5000.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
    }
}
