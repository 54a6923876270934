//! Words on a drawing: their estimated width, wrapping, and placing labels
//! so that none overlaps another.

use super::{ML, MR, W};
use std::fmt::Write;

/// Space kept between two labels on one row.
const GAP: f64 = 6.0;

/// Estimated width of `s` drawn at `size`: a generous average advance per
/// character for the common sans-serif faces, so estimates err wide.
pub(super) fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let per_char = if bold { 0.64 } else { 0.6 };
    s.chars().count() as f64 * size * per_char
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }

    /// Left edge of a text of width `w` anchored at `x`.
    pub(super) fn left(self, x: f64, w: f64) -> f64 {
        match self {
            Anchor::Start => x,
            Anchor::Middle => x - w / 2.0,
            Anchor::End => x - w,
        }
    }
}

/// One `<text>`; `attrs` carries colour, weight, class.
pub(super) fn text(
    out: &mut String,
    x: f64,
    y: f64,
    size: f64,
    anchor: Anchor,
    attrs: &str,
    content: &str,
) {
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{size}\" text-anchor=\"{}\"{attrs}>{}</text>",
        f(x),
        f(y),
        anchor.as_str(),
        esc(content)
    );
}

/// Words of `s` in lines no wider than `max`.
pub(super) fn wrap(s: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size, bold) > max {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wrapped text from `y` (the top of its first line); returns the y below it.
pub(super) fn paragraph(out: &mut String, y: f64, size: f64, attrs: &str, content: &str) -> f64 {
    let bold = attrs.contains("bold");
    let mut y = y;
    for line in wrap(content, size, bold, W - ML - MR) {
        y += size * 1.3;
        text(out, ML, y - size * 0.3, size, Anchor::Start, attrs, &line);
    }
    y
}

/// Where a label goes: its anchor point, alignment and row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Placed {
    pub(super) x: f64,
    pub(super) anchor: Anchor,
    pub(super) row: usize,
}

/// Labels pinned to x positions (tier sizes), placed in as few rows as
/// possible so that none overlaps another or leaves `[left, right]`: each
/// label tries its row from the top, centred on its x, then starting at it,
/// then ending at it.
pub(super) fn place_labels(
    items: &[(f64, String)],
    size: f64,
    left: f64,
    right: f64,
) -> Vec<Placed> {
    let mut taken: Vec<(usize, f64, f64)> = Vec::new();
    let mut out = Vec::with_capacity(items.len());
    for (x, label) in items {
        let w = text_width(label, size, false);
        let mut placed = None;
        'rows: for row in 0..=items.len() {
            for anchor in [Anchor::Middle, Anchor::Start, Anchor::End] {
                let a = anchor.left(*x, w);
                let b = a + w;
                let inside = a >= left && b <= right;
                let free = taken
                    .iter()
                    .filter(|t| t.0 == row)
                    .all(|&(_, ta, tb)| b + GAP <= ta || a >= tb + GAP);
                if inside && free {
                    taken.push((row, a, b));
                    placed = Some(Placed { x: *x, anchor, row });
                    break 'rows;
                }
            }
        }
        // Wider than the whole drawing: keep it on a row of its own.
        out.push(placed.unwrap_or_else(|| {
            let row = taken.iter().map(|t| t.0 + 1).max().unwrap_or(0);
            taken.push((row, left, right));
            Placed {
                x: left,
                anchor: Anchor::Start,
                row,
            }
        }));
    }
    out
}

pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(super) fn f(v: f64) -> String {
    format!("{v:.1}")
}
