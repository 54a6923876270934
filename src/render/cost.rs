//! `archplan cost` output.

use super::markdown::MdTable;
use super::{align_right, percent, quantity, table};
use crate::engine::{CostReport, Line, PoolUse};
use crate::money::{display_unit_price, Money};
use comfy_table::Table;

fn price_label(l: &Line) -> String {
    format!(
        "{} {}",
        display_unit_price(l.unit_price),
        l.price_unit.per()
    )
}

fn quantity_label(l: &Line) -> String {
    let mut q = format!("{} {}", quantity(l.quantity), l.quantity_unit);
    if let Some(free) = l.free_quantity {
        q.push_str(&format!(" ({} free)", quantity(free)));
    }
    q
}

fn headline(r: &CostReport) -> [String; 2] {
    [
        format!("{} — {}", r.profile, r.title),
        format!(
            "{} users · {}-user tier: {} · {}",
            quantity(r.users.into()),
            r.tier.users,
            r.tier.reason,
            r.region
        ),
    ]
}

fn pool_status(p: &PoolUse) -> String {
    if let (Some(to), true) = (&p.spills_to, p.spills.expected > Money::ZERO) {
        return format!("used up, {} spills to {to}", p.spills.expected.display());
    }
    match (p.fits, p.fits_high) {
        (true, true) => "fits".to_string(),
        (true, false) => "fits (over at high)".to_string(),
        (false, _) => format!("OVER by {}", p.over.display()),
    }
}

/// What a pool has left; nothing for a pool that is over (its status says
/// by how much) or used up (the rest spills on).
fn headroom(p: &PoolUse) -> String {
    if p.fits && p.spills.expected <= Money::ZERO {
        p.headroom.display()
    } else {
        "—".to_string()
    }
}

/// How the credits pay, one sentence each: what a credit pool that runs out
/// passes to the pool it spills into (`aws credits: $300.00 used, $42.91
/// spills to cash`), and how long a one-off balance lasts.
pub fn funding_lines(r: &CostReport) -> Vec<String> {
    let mut out = Vec::new();
    for p in &r.pools {
        if let Some(b) = &p.balance {
            out.push(format!(
                "{}: {} balance {}.",
                p.name,
                b.balance.display(),
                b.runway.describe(r.users)
            ));
        }
        if let (Some(to), true) = (&p.spills_to, p.spills.expected > Money::ZERO) {
            out.push(format!(
                "{} credits: {} used, {} spills to {to}.",
                p.name,
                p.used.expected.display(),
                p.spills.expected.display()
            ));
        }
    }
    out
}

pub fn table_text(r: &CostReport, show_range: bool) -> String {
    let (t, pools) = match wide_tables(r, show_range) {
        (t, pools) if super::fits(&t) && super::fits(&pools) => (t, pools),
        _ => compact_tables(r, show_range),
    };
    let [title, tier] = headline(r);
    let mut out = format!("{title}\n{tier}\n\n{t}\n\n");
    out.push_str(&format!(
        "Fixed     {}\nUsage     {}   (low–high {})\nTotal     {}   (low–high {})\nPer user  {}   (low–high {})\n\n",
        r.fixed.expected.display(),
        r.usage.expected.display(),
        r.usage.display_span(),
        r.total.expected.display(),
        r.total.display_span(),
        r.per_user.expected.display(),
        r.per_user.display_span(),
    ));
    out.push_str(&format!("{pools}\n"));
    for line in funding_lines(r) {
        out.push_str(&format!("{line}\n"));
    }
    out.push_str(&format!("Verdict: {}\n", r.verdict.sentence()));
    for line in defect_lines(r) {
        out.push_str(&format!("{line}\n"));
    }
    for w in &r.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    super::layout::fit(&out)
}

/// Every column: the line items, then the pools.
fn wide_tables(r: &CostReport, show_range: bool) -> (Table, Table) {
    let mut header = vec![
        "Component",
        "Item",
        "Vendor",
        "Pool",
        "Basis",
        "Quantity",
        "Unit price",
        "Monthly",
    ];
    if show_range {
        header.extend(["Low", "High"]);
    }
    let mut t = table(&header);
    for l in &r.lines {
        let mut row = vec![
            l.component.clone(),
            l.item.clone(),
            l.vendor.clone(),
            l.pool.clone(),
            format!("{:?}", l.basis).to_lowercase(),
            quantity_label(l),
            price_label(l),
            l.cost.expected.display(),
        ];
        if show_range {
            row.extend([l.cost.low.display(), l.cost.high.display()]);
        }
        t.add_row(row);
    }
    align_right(&mut t, &[5, 6, 7, 8, 9]);

    let mut pools = table(&[
        "Pool",
        "Budget",
        "Expected",
        "Low–high",
        "Use",
        "Headroom",
        "Status",
    ]);
    for p in r.pools.iter().chain(std::iter::once(&r.budget)) {
        pools.add_row(vec![
            p.name.clone(),
            p.amount.display(),
            p.used.expected.display(),
            p.used.display_span(),
            percent(p.percent),
            headroom(p),
            pool_status(p),
        ]);
    }
    align_right(&mut pools, &[1, 2, 3, 4, 5]);
    (t, pools)
}

/// For a terminal too narrow for the wide tables: the vendor and basis go (the pool says who pays),
/// quantity and unit price share a cell, and the range is one cell.
fn compact_tables(r: &CostReport, show_range: bool) -> (Table, Table) {
    let mut header = vec!["Component", "Item", "Pool", "Quantity × price", "Monthly"];
    if show_range {
        header.push("Low–high");
    }
    let mut t = table(&header);
    for l in &r.lines {
        let mut row = vec![
            l.component.clone(),
            l.item.clone(),
            l.pool.clone(),
            format!("{}\n× {}", quantity_label(l), price_label(l)),
            l.cost.expected.display(),
        ];
        if show_range {
            row.push(l.cost.display_span());
        }
        t.add_row(row);
    }
    align_right(&mut t, &[3, 4, 5]);

    let mut pools = table(&["Pool", "Budget", "Expected", "Use", "Status"]);
    for p in r.pools.iter().chain(std::iter::once(&r.budget)) {
        pools.add_row(vec![
            p.name.clone(),
            p.amount.display(),
            p.used.expected.display(),
            percent(p.percent),
            pool_status(p),
        ]);
    }
    align_right(&mut pools, &[1, 2, 3]);
    (t, pools)
}

pub fn markdown(r: &CostReport) -> String {
    let [title, tier] = headline(r);
    let mut lines = MdTable::new(&[
        "Component",
        "Item",
        "Vendor",
        "Pool",
        "Basis",
        ">Quantity",
        ">Unit price",
        ">Monthly",
        ">Low–high",
    ]);
    for l in &r.lines {
        lines.row(vec![
            l.component.clone(),
            l.item.clone(),
            l.vendor.clone(),
            l.pool.clone(),
            format!("{:?}", l.basis).to_lowercase(),
            quantity_label(l),
            price_label(l),
            l.cost.expected.display(),
            l.cost.display_span(),
        ]);
    }
    lines.row(vec![
        "**Total**".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format!("**{}**", r.total.expected.display()),
        format!("**{}**", r.total.display_span()),
    ]);
    let mut pools = MdTable::new(&[
        "Pool",
        ">Budget",
        ">Expected",
        ">Low–high",
        ">Use",
        ">Headroom",
        "Status",
    ]);
    for p in r.pools.iter().chain(std::iter::once(&r.budget)) {
        pools.row(vec![
            p.name.clone(),
            p.amount.display(),
            p.used.expected.display(),
            p.used.display_span(),
            percent(p.percent),
            headroom(p),
            pool_status(p),
        ]);
    }
    let mut out = format!("### {title}\n\n{tier}\n\n{}\n", lines.render());
    out.push_str(&format!(
        "Per user: **{}** (low–high {}). Fixed {}, usage {}.\n\n{}",
        r.per_user.expected.display(),
        r.per_user.display_span(),
        r.fixed.expected.display(),
        r.usage.expected.display(),
        pools.render()
    ));
    let funding = funding_lines(r);
    if !funding.is_empty() {
        out.push('\n');
        for line in funding {
            out.push_str(&format!("- {line}\n"));
        }
    }
    out.push_str(&format!("\n**Verdict:** {}\n", r.verdict.sentence()));
    for d in &r.defects {
        out.push_str(&format!("\n**Does not run:** {}\n\n", d.message));
        for f in &d.fixes {
            out.push_str(&format!(
                "- Fix: {} ({}/month, low–high {})\n",
                f.what.en(),
                f.monthly.expected.display_signed(),
                f.monthly.display_span()
            ));
        }
    }
    for w in &r.warnings {
        out.push_str(&format!("\n> **Warning:** {w}\n"));
    }
    out
}

/// Each defect of the tier and its fixes, priced: `does not run: …` then
/// one `  fix: …` line per fix.
fn defect_lines(r: &CostReport) -> Vec<String> {
    let mut out = Vec::new();
    for d in &r.defects {
        out.push(format!("does not run: {}", d.message));
        for f in &d.fixes {
            out.push(format!(
                "  fix: {} ({}/month)",
                f.what.en(),
                f.monthly.expected.display_signed()
            ));
        }
    }
    out
}
