//! Turning result values into text: tables for people, Markdown for pull
//! requests, JSON for programs. Nothing here computes a figure.

pub mod chart;
pub mod check;
pub mod compare;
pub mod cost;
pub mod diff;
pub mod drift;
pub mod init;
pub mod layout;
pub mod locale;
pub mod markdown;
pub mod pricing;
pub mod report;
pub mod sweep;
pub mod terraform;
pub mod tfcost;

use comfy_table::{presets, ContentArrangement, Table};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// A table with the house style, as wide as the run's [`layout::current`]
/// width allows: cells wrap inside their column rather than rows wrapping
/// across the screen; unlimited (piped, `--wide`), every cell on one line.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_header(header.to_vec());
    match layout::current().columns() {
        Some(width) => {
            t.set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(u16::try_from(width).unwrap_or(u16::MAX));
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t
}

/// Whether `t` fits the run's width with every cell on one line. A table
/// that does not is replaced by its compact form, which drops or merges the
/// less important columns (all the wide tables are over 100 columns).
pub fn fits(t: &Table) -> bool {
    layout::current()
        .columns()
        .is_none_or(|width| natural_width(t) <= width)
}

/// Columns of `t` with no cell wrapped: contents, one space of padding on
/// each side, and a border between and around the columns.
fn natural_width(t: &Table) -> usize {
    let widths = t.column_max_content_widths();
    widths.iter().map(|&w| usize::from(w) + 3).sum::<usize>() + 1
}

/// The least a wrapped text column is given when numbers are kept whole.
const MIN_TEXT_COLUMN: usize = 8;

/// Right-aligns the given columns (numbers). Under a width limit they are
/// also kept whole (never wrapped inside an amount) when that leaves the
/// other columns room to wrap.
pub fn align_right(t: &mut Table, columns: &[usize]) {
    for &c in columns {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    let Some(width) = layout::current().columns() else {
        return;
    };
    let widths = t.column_max_content_widths();
    let whole: usize = columns
        .iter()
        .filter_map(|&c| widths.get(c))
        .map(|&w| usize::from(w))
        .sum();
    let others = widths.len().saturating_sub(columns.len());
    if whole + others * MIN_TEXT_COLUMN + widths.len() * 3 < width {
        for &c in columns {
            if let Some(col) = t.column_mut(c) {
                col.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
            }
        }
    }
}

pub fn json<T: Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// A quantity for people: grouped thousands, at most two decimals.
pub fn quantity(q: Decimal) -> String {
    let r = q
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    let text = r.to_string();
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let grouped = crate::money::group_thousands(int);
    match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

pub fn percent(p: Option<Decimal>) -> String {
    p.map_or_else(|| "—".to_string(), |p| format!("{}%", p.normalize()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sample_table() -> Table {
        let mut t = table(&["Component", "Item", "Monthly"]);
        t.add_row(vec![
            "database".to_string(),
            "db.t4g.medium Multi-AZ instance with its gp3 storage and a read replica".to_string(),
            "$1,234,567.89".to_string(),
        ]);
        align_right(&mut t, &[2]);
        t
    }

    #[test]
    fn a_table_fits_the_width_and_keeps_amounts_whole() {
        use layout::{with_width, Width};
        let narrow = with_width(Width::Columns(40), || {
            let t = sample_table();
            assert!(!fits(&t));
            t.to_string()
        });
        for line in narrow.lines() {
            assert!(line.chars().count() <= 40, "{line}\n{narrow}");
        }
        assert!(narrow.contains("$1,234,567.89"), "{narrow}");
        let wide = with_width(Width::Columns(200), || {
            let t = sample_table();
            assert!(fits(&t));
            t.to_string()
        });
        assert_eq!(
            wide,
            sample_table().to_string(),
            "fits: the unlimited table"
        );
        assert!(wide.lines().any(|l| l.chars().count() > 80));
    }

    #[test]
    fn quantities_are_grouped_and_trimmed() {
        assert_eq!(quantity(dec!(12000000)), "12,000,000");
        assert_eq!(quantity(dec!(730.000)), "730");
        assert_eq!(quantity(dec!(0.125)), "0.13");
    }
}
