//! Turning result values into text: tables for people, Markdown for pull
//! requests, JSON for programs. Nothing here computes a figure.

pub mod chart;
pub mod check;
pub mod compare;
pub mod cost;
pub mod diff;
pub mod locale;
pub mod markdown;
pub mod pricing;
pub mod report;
pub mod sweep;
pub mod terraform;

use comfy_table::{presets, ContentArrangement, Table};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// A table with the house style; its width never depends on the terminal, so
/// output is the same in a pipe, a test and a shell.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    t
}

/// Right-aligns the given columns (numbers).
pub fn align_right(t: &mut Table, columns: &[usize]) {
    for &c in columns {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(comfy_table::CellAlignment::Right);
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

    #[test]
    fn quantities_are_grouped_and_trimmed() {
        assert_eq!(quantity(dec!(12000000)), "12,000,000");
        assert_eq!(quantity(dec!(730.000)), "730");
        assert_eq!(quantity(dec!(0.125)), "0.13");
    }
}
