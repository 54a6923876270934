//! `archplan compare alternatives` output.

use super::markdown::MdTable;
use super::{align_right, table};
use crate::analysis::compare::{Alternative, Comparison};
use crate::analysis::plan::Threshold;
use crate::engine::capacity::Cause;
use crate::engine::PoolUse;

fn fit_label(a: &Alternative) -> String {
    if a.fits {
        let tight: Vec<&str> = a
            .pools
            .iter()
            .filter(|p| !p.fits_high)
            .map(|p| p.name.as_str())
            .collect();
        if tight.is_empty() {
            "yes".to_string()
        } else {
            format!("yes (high: over {})", tight.join(", "))
        }
    } else {
        let over: Vec<String> = a.verdict.over.iter().map(|o| o.short()).collect();
        format!("NO: {}", over.join(", "))
    }
}

/// What the tightest pool has left; nothing beside a failure (the Fits
/// column says what is over).
fn headroom_label(a: &Alternative) -> String {
    match &a.verdict.tightest {
        Some(r) => format!("{} ({})", r.left.display(), r.pool),
        None => "—".to_string(),
    }
}

fn pools_label(pools: &[PoolUse]) -> String {
    pools
        .iter()
        .filter(|p| p.name != "total")
        .map(|p| match &p.spills_to {
            Some(to) if p.spills.expected > crate::money::Money::ZERO => format!(
                "{} {} ({} spills to {to})",
                p.name,
                super::percent(p.percent),
                p.spills.expected.display()
            ),
            _ => format!("{} {}", p.name, super::percent(p.percent)),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "at 124: database memory full → 500-user tier +$123.45".
pub fn next_label(t: &Threshold) -> String {
    let why = match &t.cause {
        Cause::Declared { users, .. } => format!("past the {users}-user size"),
        Cause::Saturated {
            component,
            resource,
            size,
            ..
        } => format!(
            "{component} {} ({size}) full",
            crate::analysis::plan::resource_text(*resource)
        ),
    };
    match (t.to_users, t.delta) {
        (Some(to), Some(d)) => format!(
            "at {} users, {why} → {to}-user tier, {}/month",
            t.at,
            d.expected.display_signed()
        ),
        _ => format!("at {} users, {why}: no tier holds more", t.at),
    }
}

fn level(l: Option<crate::model::profile::Level>) -> String {
    l.map_or_else(|| "—".to_string(), |l| l.as_str().to_string())
}

fn headline(c: &Comparison, users: u64) -> String {
    format!(
        "Alternatives at {} users — budget {}; differences against {}",
        super::quantity(users.into()),
        c.budget.display_whole(),
        c.baseline
    )
}

pub fn table_text(c: &Comparison) -> String {
    let mut out = String::new();
    for g in &c.groups {
        let vs = format!("vs {}", c.baseline);
        let mut t = table(&[
            "Profile",
            "Tier",
            "Low",
            "Expected",
            "High",
            "Per user",
            &vs,
            "Pools used",
            "Fits",
            "Headroom",
            "Next threshold",
            "Single points of failure",
        ]);
        for a in &g.rows {
            t.add_row(row(a.profile.clone(), a));
        }
        align_right(&mut t, &[2, 3, 4, 5, 6, 9]);
        if !super::fits(&t) {
            t = compact_table(g, &vs);
        }
        out.push_str(&format!("{}\n{t}\n\n", headline(c, g.users)));
    }
    let mut q = table(&[
        "Profile",
        "Architecture",
        "Ops burden",
        "Lock-in",
        "SLA",
        "Serves up to",
    ]);
    if let Some(g) = c.groups.first() {
        for a in &g.rows {
            q.add_row(qualities_row(a.profile.clone(), a));
        }
    }
    out.push_str(&format!("Qualities\n{q}\n"));
    super::layout::fit(&out)
}

/// For a terminal too narrow for every column: the expected cost over its
/// range, the difference, the fit and the next threshold (without its cause);
/// per-user cost, pools, headroom and single points of failure go (the wide
/// table and the Markdown form keep them).
fn compact_table(g: &crate::analysis::compare::Group, vs: &str) -> comfy_table::Table {
    let mut t = table(&["Profile", "Tier", "Expected", vs, "Fits", "Next threshold"]);
    for a in &g.rows {
        t.add_row(vec![
            a.profile.clone(),
            tier_label(a),
            format!("{}\n{}", a.cost.expected.display(), a.cost.display_span()),
            a.vs_baseline.expected.display_signed(),
            fit_label(a),
            a.next
                .as_ref()
                .map_or_else(|| "—".to_string(), short_next_label),
        ]);
    }
    align_right(&mut t, &[2, 3]);
    t
}

/// "at 51 users → 100-user tier, +$71.63/month".
fn short_next_label(t: &Threshold) -> String {
    match (t.to_users, t.delta) {
        (Some(to), Some(d)) => format!(
            "at {} users → {to}-user tier, {}/month",
            t.at,
            d.expected.display_signed()
        ),
        _ => format!("at {} users: no tier holds more", t.at),
    }
}

/// One alternative's qualitative cells, after its name (plain or bold).
fn qualities_row(name: String, a: &Alternative) -> Vec<String> {
    vec![
        name,
        a.title.clone(),
        level(a.ops_burden),
        level(a.lock_in),
        a.sla.clone().unwrap_or_else(|| "—".to_string()),
        ceiling_label(a),
    ]
}

/// One alternative's cells, after its name (plain or bold).
fn row(name: String, a: &Alternative) -> Vec<String> {
    vec![
        name,
        tier_label(a),
        a.cost.low.display(),
        a.cost.expected.display(),
        a.cost.high.display(),
        a.per_user.expected.display(),
        a.vs_baseline.expected.display_signed(),
        pools_label(&a.pools),
        fit_label(a),
        headroom_label(a),
        a.next.as_ref().map_or_else(|| "—".to_string(), next_label),
        if a.spof.is_empty() {
            "—".to_string()
        } else {
            a.spof.join(", ")
        },
    ]
}

fn tier_label(a: &Alternative) -> String {
    if a.tier.beyond_largest {
        format!("{} (over capacity)", a.tier.users)
    } else {
        a.tier.users.to_string()
    }
}

fn ceiling_label(a: &Alternative) -> String {
    a.ceiling.map_or_else(
        || "no binding limit".to_string(),
        |n| format!("{} users", super::quantity(n.into())),
    )
}

pub fn markdown(c: &Comparison) -> String {
    let mut out = String::new();
    for g in &c.groups {
        let vs = format!(">vs {}", c.baseline);
        let mut t = MdTable::new(&[
            "Profile",
            ">Tier",
            ">Low",
            ">Expected",
            ">High",
            ">Per user",
            &vs,
            "Pools used",
            "Fits",
            ">Headroom",
            "Next threshold",
            "Single points of failure",
        ]);
        for a in &g.rows {
            t.row(row(format!("**{}**", a.profile), a));
        }
        out.push_str(&format!("### {}\n\n{}\n", headline(c, g.users), t.render()));
    }
    let mut q = MdTable::new(&[
        "Profile",
        "Architecture",
        "Ops burden",
        "Lock-in",
        "SLA",
        "Serves up to",
    ]);
    if let Some(g) = c.groups.first() {
        for a in &g.rows {
            q.row(qualities_row(format!("**{}**", a.profile), a));
        }
    }
    out.push_str(&format!("### Qualities\n\n{}", q.render()));
    out
}
