use super::*;
use crate::analysis::chart::{cost_chart, largest_tier, utilisation_chart, Span};
use crate::workspace::{Sources, Workspace};

fn workspace() -> Workspace {
    Workspace::load(&Sources::default()).unwrap()
}

fn all(ws: &Workspace) -> Vec<String> {
    ws.profile_names().into_iter().map(String::from).collect()
}

fn default_span(ws: &Workspace, names: &[String]) -> Span {
    Span::fit(largest_tier(ws, names).unwrap(), Scale::Linear, None, None).unwrap()
}

/// A drawn text: its box as the charts estimate it, and its words.
#[derive(Debug)]
struct TextBox {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    content: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Every `<text>` of an SVG with the box it takes.
fn text_boxes(svg: &str) -> Vec<TextBox> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text ") {
        rest = &rest[i..];
        let open_end = rest.find('>').unwrap();
        let tag = &rest[..open_end];
        let close = rest.find("</text>").unwrap();
        let content = unescape(&rest[open_end + 1..close]);
        rest = &rest[close..];
        assert!(attr(tag, "transform").is_none(), "rotated text: {tag}");
        let num = |n: &str| -> f64 {
            attr(tag, n)
                .unwrap_or_else(|| panic!("text without {n}: {tag}"))
                .parse()
                .unwrap()
        };
        let (x, y, size) = (num("x"), num("y"), num("font-size"));
        let bold = attr(tag, "font-weight").is_some_and(|w| w == "bold");
        let w = text_width(&content, size, bold);
        let anchor = match attr(tag, "text-anchor").as_deref() {
            Some("middle") => Anchor::Middle,
            Some("end") => Anchor::End,
            _ => Anchor::Start,
        };
        let left = anchor.left(x, w);
        out.push(TextBox {
            left,
            right: left + w,
            top: y - size * 0.8,
            bottom: y + size * 0.25,
            content,
        });
    }
    out
}

fn view_box(svg: &str) -> (f64, f64) {
    let tag = &svg[..svg.find('>').unwrap()];
    let vb = attr(tag, "viewBox").expect("a viewBox");
    let v: Vec<f64> = vb.split(' ').map(|x| x.parse().unwrap()).collect();
    (v[2], v[3])
}

/// No two labels overlap, and every label is inside the drawing.
fn assert_no_overlap(svg: &str) {
    let boxes = text_boxes(svg);
    assert!(boxes.len() > 10, "{} labels", boxes.len());
    let (w, h) = view_box(svg);
    for (i, a) in boxes.iter().enumerate() {
        assert!(
            a.left >= 0.0 && a.right <= w && a.top >= 0.0 && a.bottom <= h,
            "{:?} leaves the {w}×{h} drawing",
            a
        );
        for b in &boxes[i + 1..] {
            let apart =
                a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
            assert!(apart, "{:?}\noverlaps\n{:?}", a, b);
        }
    }
}

fn english_and_french() -> Vec<Labels> {
    vec![Labels::english(), Labels::of_language("fr").unwrap()]
}

#[test]
fn the_cost_chart_has_one_series_per_architecture_the_budget_and_a_panel_per_pool() {
    let ws = workspace();
    let names = all(&ws);
    let chart = cost_chart(&ws, &names, default_span(&ws, &names)).unwrap();
    let svg = cost_svg(&chart, &Labels::english());
    assert_eq!(svg.matches("<g class=\"series\"").count(), names.len());
    for name in &names {
        assert!(
            svg.contains(&format!("class=\"series\" data-profile=\"{name}\"")),
            "{name}"
        );
    }
    assert_eq!(
        svg.matches("<g class=\"budget\" data-amount=\"1300\"")
            .count(),
        1
    );
    for pool in ["aws", "azure", "cash"] {
        assert!(
            svg.contains(&format!("<g class=\"pool\" data-pool=\"{pool}\"")),
            "{pool}"
        );
    }
    for t in [50, 100, 200, 500] {
        assert!(
            svg.contains(&format!("class=\"tier-size\" data-users=\"{t}\"")),
            "{t}"
        );
    }
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

/// The y ticks of the first panel whose grid follows `marker`.
fn y_tick_values(svg: &str, marker: &str) -> Vec<f64> {
    let start = svg.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let grid = &svg[start..];
    let grid = &grid[grid.find("<g class=\"grid\">").unwrap()..];
    let grid = &grid[..grid.find("</g>").unwrap()];
    text_boxes(grid)
        .iter()
        .filter(|b| b.content.starts_with('$'))
        .map(|b| {
            b.content
                .trim_start_matches('$')
                .replace(',', "")
                .parse()
                .unwrap()
        })
        .collect()
}

#[test]
fn the_cost_axis_fits_the_costs_shown() {
    let ws = workspace();
    let names = all(&ws);
    let chart = cost_chart(&ws, &names, default_span(&ws, &names)).unwrap();
    let svg = cost_svg(&chart, &Labels::english());
    let peak = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| money_f64(p.cost)))
        .fold(0.0, f64::max);
    let ticks = y_tick_values(&svg, "class=\"cost-chart\"");
    let top = ticks.iter().copied().fold(0.0, f64::max);
    assert!(top >= peak, "top {top} below the peak {peak}");
    assert!(
        top < peak * 1.5,
        "top {top} leaves most of the panel empty (peak {peak})"
    );
    // Round ticks, evenly spaced, from zero.
    assert_eq!(ticks[0], 0.0);
    let step = ticks[1] - ticks[0];
    assert!(ticks.windows(2).all(|w| (w[1] - w[0] - step).abs() < 1e-9));
    assert_eq!(step, nice_ceiling(step));
}

#[test]
fn each_pool_panel_draws_that_pools_spend_against_its_amount() {
    let ws = workspace();
    let names = vec!["current".to_string()];
    let chart = cost_chart(&ws, &names, default_span(&ws, &names)).unwrap();
    let svg = cost_svg(&chart, &Labels::english());
    let aws = chart.pools.iter().position(|(n, _)| n == "aws").unwrap();
    let spend_peak = chart.series[0]
        .points
        .iter()
        .map(|p| money_f64(p.pools[aws]))
        .fold(0.0, f64::max);
    let total_peak = chart.series[0]
        .points
        .iter()
        .map(|p| money_f64(p.cost))
        .fold(0.0, f64::max);
    assert!(spend_peak < total_peak);
    // The aws panel's axis is fitted to what the aws pool pays (and its
    // $300), not to the whole bill.
    let ticks = y_tick_values(&svg, "data-pool=\"aws\"");
    let top = ticks.iter().copied().fold(0.0, f64::max);
    assert_eq!(top, y_ticks(fit(spend_peak, 300.0), 3.0).0);
    assert!(
        top < total_peak,
        "aws panel top {top}, whole bill {total_peak}"
    );
    // The limit line is the pool's amount.
    let panel = &svg[svg.find("data-pool=\"aws\"").unwrap()..];
    let panel = &panel[..panel.find("data-pool=\"azure\"").unwrap()];
    assert!(panel.contains(">limit $300</text>"));
    assert!(panel.contains("class=\"pool-series\" data-profile=\"current\""));
}

#[test]
fn a_pool_nobody_draws_on_gets_no_panel() {
    let ws = workspace();
    // serverless draws on the card and on the AWS credits (its video
    // pipeline on Lambda), never on the Azure credits.
    let names = vec!["serverless".to_string()];
    let chart = cost_chart(&ws, &names, default_span(&ws, &names)).unwrap();
    let svg = cost_svg(&chart, &Labels::english());
    assert!(svg.contains("data-pool=\"cash\"") && svg.contains("data-pool=\"aws\""));
    assert!(!svg.contains("data-pool=\"azure\""));
}

#[test]
fn no_two_labels_overlap() {
    let ws = workspace();
    let names = all(&ws);
    for l in english_and_french() {
        for span in [
            default_span(&ws, &names),
            Span::fit(500, Scale::Log, None, None).unwrap(),
            Span::fit(500, Scale::Linear, Some(1), Some(120)).unwrap(),
        ] {
            assert_no_overlap(&cost_svg(&cost_chart(&ws, &names, span).unwrap(), &l));
            for p in &names {
                assert_no_overlap(&utilisation_svg(
                    &utilisation_chart(&ws, p, span).unwrap(),
                    &l,
                ));
            }
        }
    }
}

#[test]
fn tier_labels_that_would_collide_go_to_another_row() {
    let items: Vec<(f64, String)> = [60.0, 80.0, 150.0, 465.0]
        .iter()
        .map(|&x| (x, "100-user tier".to_string()))
        .collect();
    let placed = place_labels(&items, SMALL, 0.0, W);
    assert_eq!(placed[0].row, 0);
    assert_eq!(placed[1].row, 1, "{placed:?}");
    assert_eq!(placed[2].row, 0, "{placed:?}");
    // Near the right edge the label ends at its line instead of leaving the drawing.
    assert_eq!(placed[3].anchor, Anchor::End, "{placed:?}");
}

#[test]
fn the_charts_scale_to_the_page() {
    let ws = workspace();
    let names = all(&ws);
    let span = default_span(&ws, &names);
    for svg in [
        cost_svg(&cost_chart(&ws, &names, span).unwrap(), &Labels::english()),
        utilisation_svg(
            &utilisation_chart(&ws, "current", span).unwrap(),
            &Labels::english(),
        ),
    ] {
        let tag = &svg[..svg.find('>').unwrap()];
        assert!(attr(tag, "viewBox").is_some(), "{tag}");
        assert_eq!(attr(tag, "width").as_deref(), Some("100%"), "{tag}");
        assert!(attr(tag, "height").is_none(), "{tag}");
        let (w, _) = view_box(&svg);
        assert!(
            w <= 560.0,
            "a {w}-unit drawing is too small to read at 375 px"
        );
    }
}

#[test]
fn both_charts_name_the_tiers_alike() {
    let ws = workspace();
    let names = all(&ws);
    let span = default_span(&ws, &names);
    for l in english_and_french() {
        let cost = cost_svg(&cost_chart(&ws, &names, span).unwrap(), &l);
        let util = utilisation_svg(&utilisation_chart(&ws, "current", span).unwrap(), &l);
        let labels = |svg: &str| -> Vec<String> {
            svg.split("<g class=\"tier-label\"")
                .skip(1)
                .map(|g| text_boxes(&g[..g.find("</g>").unwrap()])[0].content.clone())
                .collect()
        };
        let expected: Vec<String> = [50, 100, 200, 500]
            .iter()
            .map(|&t| l.tier_label(t))
            .collect();
        assert_eq!(labels(&cost), expected);
        assert_eq!(labels(&util), expected);
    }
}

#[test]
fn the_utilisation_chart_draws_each_hard_limit() {
    let ws = workspace();
    let span = Span::fit(500, Scale::Log, None, None).unwrap();
    let chart = utilisation_chart(&ws, "current", span).unwrap();
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
fn french_charts_speak_french() {
    let ws = workspace();
    let names = all(&ws);
    let fr = Labels::of_language("fr").unwrap();
    let svg = cost_svg(
        &cost_chart(&ws, &names, default_span(&ws, &names)).unwrap(),
        &fr,
    );
    assert!(svg.contains(&fr.cost_title));
    assert!(svg.contains(">palier 50</text>"), "{svg}");
    assert!(!svg.contains("-user tier") && !svg.contains(">users<"));
}

#[test]
fn nice_ceilings_and_ticks() {
    assert_eq!(nice_ceiling(1365.0), 2000.0);
    assert_eq!(nice_ceiling(2100.0), 2500.0);
    assert_eq!(nice_ceiling(4700.0), 5000.0);
    assert_eq!(nice_ceiling(100.0), 100.0);
    assert_eq!(
        y_ticks(2550.0, 5.0),
        (3000.0, vec![0.0, 1000.0, 2000.0, 3000.0])
    );
    assert_eq!(y_ticks(300.0, 3.0).0, 300.0);
    assert_eq!(y_ticks(0.0, 5.0).1.len(), 6, "{:?}", y_ticks(0.0, 5.0));
    // A budget far above the costs does not squash them.
    assert_eq!(fit(200.0, 1300.0), 200.0);
    assert_eq!(fit(900.0, 1300.0), 1300.0);
}
