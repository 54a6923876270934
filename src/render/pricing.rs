//! `archplan pricing` output: the catalog, and what a refresh or import changed.

use super::markdown::MdTable;
use super::{align_right, table};
use crate::money::display_unit_price;
use crate::pricing::catalog::Unit;
use crate::pricing::update::{Change, Plan};
use rust_decimal::Decimal;
use serde::Serialize;

/// One catalog price, as `pricing show` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub vendor: String,
    pub service: String,
    pub region: String,
    /// The Price List attributes that tell this price apart (AWS only).
    pub attributes: String,
    pub unit: Unit,
    pub price: Decimal,
    pub source: String,
    pub seen: String,
    pub age_days: i64,
    pub stale: bool,
    pub uncertain: bool,
    /// The day the vendor retires the priced model, when it publishes one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retires: Option<String>,
    /// `retired`, `retiring` (within 90 days) or `offered`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standing: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogView {
    pub today: String,
    pub stale_after_days: i64,
    /// How many listed prices are stale.
    pub stale: usize,
    pub rows: Vec<Row>,
}

fn price_label(price: Decimal, unit: Unit) -> String {
    format!("{} {}", display_unit_price(price), unit.per())
}

fn status(r: &Row) -> String {
    let mut s = if r.stale {
        format!("STALE ({} d)", r.age_days)
    } else {
        String::new()
    };
    if r.uncertain {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str("unconfirmed");
    }
    if let (Some(date), Some(standing)) = (&r.retires, r.standing) {
        if !s.is_empty() {
            s.push_str(", ");
        }
        let successor = r
            .successor
            .as_ref()
            .map(|x| format!(" → {x}"))
            .unwrap_or_default();
        s.push_str(&match standing {
            "retired" => format!("RETIRED {date}{successor}"),
            "retiring" => format!("RETIRING {date}{successor}"),
            _ => format!("retires {date}"),
        });
    }
    s
}

fn summary(v: &CatalogView) -> String {
    let n = v.rows.len();
    let oldest = v.rows.iter().filter(|r| r.stale).max_by_key(|r| r.age_days);
    let mut s = format!(
        "{n} price{} · {} older than {} days (today {})",
        if n == 1 { "" } else { "s" },
        v.stale,
        v.stale_after_days,
        v.today
    );
    if let Some(o) = oldest {
        s.push_str(&format!(" · oldest: {} seen {}", o.id, o.seen));
    }
    s
}

/// Prices are listed by their id, the name warnings and the price files use.
pub fn show_table(v: &CatalogView) -> String {
    let mut t = table(&[
        "Id",
        "Service",
        "Key attributes",
        "Region",
        "Price",
        "Seen",
        "Status",
        "Source",
    ]);
    // For a terminal too narrow for `t`: the id says what the price is; its
    // region, and its status, go under the id and the date.
    let mut narrow = table(&["Id, region", "Price", "Seen, status"]);
    for r in &v.rows {
        t.add_row(vec![
            r.id.clone(),
            r.service.clone(),
            r.attributes.clone(),
            r.region.clone(),
            price_label(r.price, r.unit),
            r.seen.clone(),
            status(r),
            r.source.clone(),
        ]);
        narrow.add_row(vec![
            format!("{}\n{}", r.id, r.region),
            format!("{}\n{}", display_unit_price(r.price), r.unit.per()),
            format!("{}\n{}", r.seen, status(r).replace(", ", "\n"))
                .trim_end()
                .to_string(),
        ]);
    }
    align_right(&mut t, &[4]);
    if !super::fits(&t) {
        align_right(&mut narrow, &[1]);
        t = narrow;
    }
    super::layout::fit(&format!("{t}\n{}\n", summary(v)))
}

pub fn show_markdown(v: &CatalogView) -> String {
    let mut t = MdTable::new(&[
        "Id",
        "Service",
        "Key attributes",
        "Region",
        ">Price",
        "Seen",
        "Status",
        "Source",
    ]);
    for r in &v.rows {
        t.row(vec![
            format!("`{}`", r.id),
            r.service.clone(),
            r.attributes.clone(),
            r.region.clone(),
            price_label(r.price, r.unit),
            r.seen.clone(),
            if r.stale {
                format!("**{}**", status(r))
            } else {
                status(r)
            },
            format!("<{}>", r.source),
        ]);
    }
    format!("{}\n{}\n", t.render(), summary(v))
}

fn change_label(c: &Change) -> String {
    if c.added {
        return "added".into();
    }
    match c.percent {
        Some(p) if p.is_sign_positive() && !p.is_zero() => format!("+{}%", p),
        Some(p) => format!("{}%", p),
        None => "—".into(),
    }
}

fn plan_summary(p: &Plan) -> String {
    let added = p.entries.iter().filter(|c| c.added).count();
    let changed = p.changed().count() - p.changed().filter(|c| c.added).count();
    let checked = p.entries.len() - added;
    let mut s = format!(
        "{checked} price{} checked against {}: {changed} changed, {} unchanged; seen set to {}.",
        if checked == 1 { "" } else { "s" },
        p.source,
        checked - changed,
        p.seen
    );
    if added > 0 {
        s.push_str(&format!(
            " {added} price{} added.",
            if added == 1 { "" } else { "s" }
        ));
    }
    if p.dry_run {
        s.push_str(" Dry run: nothing written.");
    } else if p.files.is_empty() {
        s.push_str(" Nothing to write.");
    } else {
        s.push_str(&format!(" Wrote {}.", p.files_written().join(", ")));
    }
    s
}

pub fn changes_table(p: &Plan) -> String {
    if p.changed().count() == 0 {
        return super::layout::fit(&format!("No price changed.\n{}\n", plan_summary(p)));
    }
    let mut t = table(&["Price", "Region", "Old", "New", "Change", "File"]);
    for c in p.changed() {
        t.add_row(vec![
            c.id.clone(),
            c.region.clone(),
            if c.added {
                "-".into()
            } else {
                price_label(c.old, c.unit)
            },
            price_label(c.new, c.unit),
            change_label(c),
            c.file.clone(),
        ]);
    }
    align_right(&mut t, &[2, 3, 4]);
    super::layout::fit(&format!("{t}\n{}\n", plan_summary(p)))
}

pub fn changes_markdown(p: &Plan) -> String {
    let mut t = MdTable::new(&["Price", "Region", ">Old", ">New", ">Change"]);
    for c in p.changed() {
        t.row(vec![
            format!("`{}`", c.id),
            c.region.clone(),
            if c.added {
                "-".into()
            } else {
                price_label(c.old, c.unit)
            },
            price_label(c.new, c.unit),
            change_label(c),
        ]);
    }
    if p.changed().count() == 0 {
        return format!("No price changed.\n\n{}\n", plan_summary(p));
    }
    format!("{}\n{}\n", t.render(), plan_summary(p))
}
